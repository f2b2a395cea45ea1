"""How far long work is: an optional callback ``progress(done, total, text)``.

An export takes one and calls it between its steps (``total`` 0: no known end). The caller
may raise from it to stop the work (the GUI's Cancel does): the export's transaction then
rolls back and its staged file is discarded, so nothing is written and nothing changes.
The last call comes before the commit; after it the work finishes.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, text: str = "") -> None:
    """The default: nobody is told, nothing can stop the work."""

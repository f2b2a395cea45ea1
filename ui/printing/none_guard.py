"""Work around a reference-count bug of PySide6 6.12.0 on CPython 3.11.

Every call of a Qt method that returns nothing (``QPainter.setPen``, ``QColor.setAlpha``...)
gives back ``None`` without taking a reference, so each call lowers ``None``'s reference
count by one. Painting a few month pages makes thousands of such calls, and the process
then aborts at exit with "Fatal Python error: none_dealloc". From CPython 3.12 on ``None``
is immortal and the bug is harmless; on 3.11 we give ``None`` a very large reference count
once, which has the same effect.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def protect_none() -> None:
    if sys.version_info >= (3, 12):
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value < _HEADROOM // 2:
        refcount.value += _HEADROOM


protect_none()

"""What every screen of the main window has: a title and a way to reload from the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.edits import Edits

if TYPE_CHECKING:
    from planner.core.db import Database

DatabaseGetter = Callable[[], "Database"]


def home_day(get_db: DatabaseGetter) -> date:
    """Today at the home site, not on the computer (at 06:30 on a Monday in Dublin a
    computer in San Francisco still says Sunday): the day a dialog starts from."""
    from planner.core.home import home_today

    with get_db().session() as session:
        return home_today(session)


class Screen(QWidget):
    """A screen. ``get_db`` returns the open database; pages never hold the app object."""

    title = ""
    # Asks the main window to show another screen (its key in the registry).
    navigate = Signal(str)

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        # The database's data version when the window last filled this screen: a visit
        # with no write since then shows what is there without querying again.
        self.filled_at_version: object = None
        # The main window gives every screen its Edits with the undo stack; a screen on its
        # own (tests) still edits, without undo.
        self.edits = Edits(get_db)

    def refresh(self) -> None:
        """Reload what the page shows from the database."""

    def settling(self) -> bool:
        """Whether work the last refresh started is still to come: what waits for the
        screen's frame (``ui.next_frame``) or runs in the background."""
        return False

    def show_undo(self, said: str) -> None:
        """An edit was undone or redone from the Edit menu (``said``: "Undone: cover of …"):
        a screen whose message named that edit says this instead."""

    def reset(self) -> None:
        """Forget everything about the previous database (messages, filters, selections,
        proposals): another database was opened. ``refresh`` follows when shown."""

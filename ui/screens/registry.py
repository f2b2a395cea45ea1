"""The screens of the main window, in navigation order."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ui.screens.base import DatabaseGetter, PlaceholderScreen, Screen
from ui.screens.pay_screen import PayScreen
from ui.screens.reports_screen import ReportsScreen
from ui.screens.rest_screen import RestScreen
from ui.screens.rota_screen import RotaScreen
from ui.screens.tours_screen import ToursScreen
from ui.screens.volunteers_screen import VolunteersScreen

ScreenFactory = Callable[[DatabaseGetter, QWidget | None], Screen]


def _placeholder(title: str, what: str) -> ScreenFactory:
    return lambda get_db, parent=None: PlaceholderScreen(get_db, title, what, parent)


PAGES: list[tuple[str, ScreenFactory]] = [
    ("volunteers", VolunteersScreen),
    ("tours", ToursScreen),
    ("rota", RotaScreen),
    ("pay", PayScreen),
    ("rest", RestScreen),
    ("reports", ReportsScreen),
]

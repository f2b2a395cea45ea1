"""The screens of the main window, in navigation order."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ui.pages.base import DatabaseGetter, Page, PlaceholderPage
from ui.pages.rota_page import RotaPage
from ui.pages.volunteers_page import VolunteersPage

PageFactory = Callable[[DatabaseGetter, QWidget | None], Page]


def _placeholder(title: str, what: str) -> PageFactory:
    return lambda get_db, parent=None: PlaceholderPage(get_db, title, what, parent)


PAGES: list[tuple[str, PageFactory]] = [
    ("volunteers", VolunteersPage),
    ("tours", _placeholder("Tours", "Staggered six-month tours on a timeline.")),
    ("rota", RotaPage),
    ("pay", _placeholder("Pay", "Monthly pay runs and the payroll workbook.")),
    ("rest", _placeholder("Rest", "The rest-day log: entitled, taken, balance.")),
    ("reports", _placeholder("Reports", "The monthly on-call report.")),
]

"""The screens of the main window, in navigation order."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ui.pages.base import DatabaseGetter, Page, PlaceholderPage
from ui.pages.pay_page import PayPage
from ui.pages.reports_page import ReportsPage
from ui.pages.rest_page import RestPage
from ui.pages.rota_page import RotaPage
from ui.pages.tours_page import ToursPage
from ui.pages.volunteers_page import VolunteersPage

PageFactory = Callable[[DatabaseGetter, QWidget | None], Page]


def _placeholder(title: str, what: str) -> PageFactory:
    return lambda get_db, parent=None: PlaceholderPage(get_db, title, what, parent)


PAGES: list[tuple[str, PageFactory]] = [
    ("volunteers", VolunteersPage),
    ("tours", ToursPage),
    ("rota", RotaPage),
    ("pay", PayPage),
    ("rest", RestPage),
    ("reports", ReportsPage),
]

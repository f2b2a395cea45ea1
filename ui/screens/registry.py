"""The screens of the main window, in navigation order.

Each entry names its screen's module and class instead of importing it: the window shows
its navigation at once and builds a screen (importing what it needs) on its first visit.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.screens.base import DatabaseGetter, Screen


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    title: str
    module: str  # under ui.screens
    cls: str

    def build(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> Screen:
        module = importlib.import_module(f"ui.screens.{self.module}")
        screen: Screen = getattr(module, self.cls)(get_db, parent)
        return screen


SCREENS: list[ScreenEntry] = [
    ScreenEntry("now", "Now", "now_screen", "NowScreen"),
    ScreenEntry("volunteers", "Volunteers", "volunteers_screen", "VolunteersScreen"),
    ScreenEntry("tours", "Tours", "tours_screen", "ToursScreen"),
    ScreenEntry("rota", "Rota", "rota_screen", "RotaScreen"),
    ScreenEntry("timeline", "Timeline", "timeline_screen", "TimelineScreen"),
    ScreenEntry("pay", "Pay", "pay_screen", "PayScreen"),
    ScreenEntry("rest", "Rest", "rest_screen", "RestScreen"),
    ScreenEntry("pages", "Pages", "pages_screen", "PagesScreen"),
    ScreenEntry("reports", "Reports", "reports_screen", "ReportsScreen"),
    ScreenEntry("audit", "Audit", "audit_screen", "AuditScreen"),
]

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from planner.core.db import open_database
from ui.main_window import MainWindow


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def main_window(qtbot, demo_db, qsettings) -> MainWindow:
    window = MainWindow(demo_db, lambda path, create: open_database(path, create=create), qsettings)
    qtbot.addWidget(window)
    window.show()
    return window

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

from planner.core.db import open_database
from ui.main_window import MainWindow

# The screens' fixed forms ('Fri 27 Nov', '€1,234.50') whatever LANG the suite runs under;
# tests/ui/test_user_locale.py shows other locales' forms.
QLocale.setDefault(QLocale.c())


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def main_window(qtbot, demo_db, qsettings) -> MainWindow:
    window = MainWindow(demo_db, lambda path, create: open_database(path, create=create), qsettings)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def computer_in_san_francisco(monkeypatch) -> Iterator[None]:
    """The process's local zone is America/Los_Angeles for the test (then put back)."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from planner.core.db import open_database
from ui.main_window import MainWindow

# The screens' fixed forms ('Fri 27 Nov', '€1,234.50') whatever LANG the suite runs under;
# tests/ui/test_user_locale.py shows other locales' forms.
QLocale.setDefault(QLocale.c())


_MODIFIER_KEYS = (
    (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift),
    (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Alt),
    (Qt.KeyboardModifier.MetaModifier, Qt.Key.Key_Meta),
)
_BUTTONS = (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton)


@pytest.fixture(autouse=True)
def nothing_held_after_the_test() -> Iterator[None]:
    """Release the keys and mouse buttons a test's simulated input left held. The
    application keeps them: a Ctrl+F whose shortcut moved the focus leaves Ctrl held, a
    QTest double click leaves the left button held, and the next test's ``selectRow`` then
    toggles a row (as a Ctrl-click does) instead of selecting it."""
    yield
    if not isinstance(QApplication.instance(), QApplication):
        return
    held_keys = QGuiApplication.keyboardModifiers()
    held_buttons = QGuiApplication.mouseButtons()
    if held_keys == Qt.KeyboardModifier.NoModifier and held_buttons == Qt.MouseButton.NoButton:
        return
    somewhere = QWidget()
    for modifier, key in _MODIFIER_KEYS:
        if held_keys & modifier:
            QTest.keyRelease(somewhere, key)
    for button in _BUTTONS:
        if held_buttons & button:
            QTest.mouseRelease(somewhere, button)


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def main_window(qtbot, demo_db, qsettings) -> MainWindow:
    window = MainWindow(demo_db, lambda path, create: open_database(path, create=create), qsettings)
    qtbot.addWidget(window)
    window.show()
    return window

"""A coordinator who never touches the mouse: from the first start on an empty database to
a published month and an exported payroll workbook, with key clicks only (QTest).

Modal dialogs (welcome, confirmations, the file dialog) are answered with keys too, sent to
whatever has the keyboard focus once the dialog is up.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from planner.core.db import open_database
from planner.rota.weeks import list_rota
from ui.main_window import MainWindow

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def answer_next_dialog(*keys: tuple[Qt.Key, Qt.KeyboardModifier] | str) -> list[str]:
    """Once a modal dialog is up and has the keyboard, send ``keys`` to its focused widget
    (text is typed)."""
    seen: list[str] = []

    def press() -> None:
        dialog = QApplication.activeModalWidget() or next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()),
            None,
        )
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, press)
            return
        if QApplication.activeWindow() is not dialog:
            dialog.activateWindow()  # the window manager's part
            QTimer.singleShot(20, press)
            return
        seen.append(dialog.windowTitle())
        for key in keys:
            target = dialog.focusWidget() or dialog
            if isinstance(key, str):
                QTest.keyClicks(target, key)
            else:
                QTest.keyClick(target, key[0], key[1])

    QTimer.singleShot(0, press)
    return seen


def back_to(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """After a dialog closes the window has the keyboard again (the window manager's part)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_from_first_start_to_a_published_month_and_a_workbook(
    qtbot, db, qsettings, tmp_path, monkeypatch
):
    window = MainWindow(db, lambda path, create: open_database(path, create=create), qsettings)
    qtbot.addWidget(window)
    window.resize(1500, 900)  # the rota's tool bar shows every button (none folded away)
    window.show()
    qtbot.waitExposed(window)
    back_to(qtbot, window)

    # First start: the welcome dialog; its first choice (the demo team) has the focus: Enter.
    welcome = answer_next_dialog((Qt.Key.Key_Return, NONE))
    window.offer_welcome_if_empty()
    assert welcome == ["Welcome to On-call Tour Planner"]
    back_to(qtbot, window)

    # Ctrl+<n> to the Rota screen; Alt+P plans the range shown, Alt+A accepts.
    screens = list(window.pages)
    QTest.keyClick(window, Qt.Key(Qt.Key.Key_1 + screens.index("rota")), CTRL)
    rota = window.pages["rota"]
    assert window.stack.currentWidget() is rota
    QTest.keyClick(window, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: rota.accept_button.isEnabled(), timeout=120_000)
    assert rota.accept_button.isVisible()
    QTest.keyClick(window, Qt.Key.Key_A, ALT)  # a mnemonic clicks a moment later
    qtbot.waitUntil(lambda: rota.plan is None, timeout=10_000)

    # Alt+U publishes; the confirmation is answered with Y (its Yes button's letter).
    confirm = answer_next_dialog((Qt.Key.Key_Y, NONE))
    QTest.keyClick(window, Qt.Key.Key_U, ALT)
    qtbot.waitUntil(lambda: confirm == ["Publish"], timeout=10_000)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10_000)
    back_to(qtbot, window)
    start, weeks = rota.range()
    with db.session() as session:
        rows = list_rota(session, start, weeks)
    month_start = (start + timedelta(days=40)).replace(day=1)
    in_month = [r for r in rows if r.week.replace(day=1) == month_start]
    assert in_month and all(r.state == "published" for r in in_month if r.volunteer_id)
    assert sum(r.state == "published" for r in in_month) >= 4

    # Ctrl+<n> to Pay: Alt+B builds last month's run, Alt+X exports it. The file dialog is
    # the desktop's, not the app's: it answers with the path (the one patch in this test).
    QTest.keyClick(window, Qt.Key(Qt.Key.Key_1 + screens.index("pay")), CTRL)
    pay = window.pages["pay"]
    QTest.keyClick(window, Qt.Key.Key_B, ALT)
    qtbot.waitUntil(
        lambda: "build of the" in window.undo_action.text() and not pay.busy, timeout=60_000
    )
    assert pay.state == "draft"
    target = tmp_path / "payroll.xlsx"
    asked: list[str] = []
    monkeypatch.setattr(pay, "ask_export_path", lambda month: asked.append(month) or target)
    QTest.keyClick(window, Qt.Key.Key_X, ALT)
    qtbot.waitUntil(lambda: not pay.busy and pay.state == "exported", timeout=60_000)
    assert asked == [pay.month()]
    book = openpyxl.load_workbook(Path(target))
    assert {"Summary", "Lines", "About"} <= set(book.sheetnames)
    assert pay.state == "exported"

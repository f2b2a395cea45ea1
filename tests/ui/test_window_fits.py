"""The main window fits a 1024×640 screen: a long status message never widens it, and every
screen shows each of its controls whole (none folded away or clipped)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

from planner.core.db import open_database
from ui.main_window import MainWindow

CONTROLS = (QPushButton, QComboBox, QLineEdit, QAbstractSpinBox, QCheckBox)


def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _clipped(screen: QWidget) -> list[str]:
    found = []
    for kind in CONTROLS:
        for widget in screen.findChildren(kind):
            if not widget.isVisibleTo(screen) or _in_scroll_area(widget, screen):
                continue
            if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), CONTROLS):
                continue  # the editor inside a combo or spin box
            shown = widget.visibleRegion().boundingRect()
            text_cut = isinstance(widget, QPushButton) and (
                widget.fontMetrics().horizontalAdvance(widget.text().replace("&", "")) + 8
                > widget.width()
            )
            if shown.size() != widget.size() or text_cut:
                text = getattr(widget, "text", lambda: "")() or type(widget).__name__
                found.append(
                    f"{text} shows {shown.width()}×{shown.height()} of {widget.width()}×{widget.height()}"
                )
    return found


@pytest.fixture
def window(qtbot, demo_db, qsettings) -> MainWindow:
    win = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(win)
    win.resize(1024, 640)
    win.show()
    return win


def _settle(qtbot) -> None:
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(50)


def test_a_long_status_message_does_not_widen_the_window(window, qtbot) -> None:
    window.show_page("rota")
    rota = window.pages["rota"]
    _settle(qtbot)
    rota.status.setText("Cover recorded; warning: " + "a very long warning " * 150)
    _settle(qtbot)
    assert window.width() == 1024
    assert window.minimumSizeHint().width() <= 1024
    window.statusBar().showMessage("Wrote " + "/very/long/path" * 100, 8000)
    _settle(qtbot)
    assert window.width() == 1024


@pytest.mark.parametrize("size", [(1024, 640), (1600, 1000)])
def test_every_screen_shows_every_control_whole(window, qtbot, size) -> None:
    window.resize(*size)
    problems = {}
    for key in window.pages:
        window.show_page(key)
        _settle(qtbot)
        assert window.size().width() == size[0], f"{key} widened the window"
        clipped = _clipped(window.pages[key])
        if clipped:
            problems[key] = clipped
    assert problems == {}


def test_the_rota_screen_shows_publish_and_every_action_at_1024(window, qtbot) -> None:
    window.show_page("rota")
    _settle(qtbot)
    rota = window.pages["rota"]
    for widget in (
        rota.publish_button,
        rota.reopen_button,
        rota.plan_button,
        rota.accept_button,
        rota.discard_button,
        rota.assign_button,
        rota.cover_button,
        rota.swap_button,
        rota.from_edit,
        rota.weeks_spin,
    ):
        assert widget.isVisible(), widget.text() if hasattr(widget, "text") else widget
        assert widget.visibleRegion().boundingRect().size() == widget.size()


def test_the_first_start_opens_within_the_screen(qtbot, demo_db, qsettings) -> None:
    """No remembered size: the window opened at 1200×760 even on a smaller screen, so its
    right side and status bar were off screen on a 1024×640 laptop."""
    win = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(win)
    win.show()
    _settle(qtbot)
    room = win.screen().availableGeometry()
    assert room.width() < 1200 or room.height() < 760  # the offscreen screen is small
    assert win.width() <= max(room.width(), win.minimumSizeHint().width())
    assert win.height() <= max(room.height(), win.minimumSizeHint().height())
    assert win.width() < 1200 or win.height() < 760

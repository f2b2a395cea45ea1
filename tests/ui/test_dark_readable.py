"""Every screen under a dark system palette: each table cell's text and each coloured piece
of a label stand out from what is behind them (no light-on-light, no dark-on-dark)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from planner.core.db import open_database
from ui import palette
from ui.main_window import MainWindow

# WCAG's "large text" minimum; ordinary text on the app's dark set is far above it.
MIN_CONTRAST = 3.0
SPAN = re.compile(r"<span style='([^']*)'")


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _dark() -> QPalette:
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, QColor(43, 43, 43)),
        (QPalette.ColorRole.WindowText, QColor(232, 232, 232)),
        (QPalette.ColorRole.Base, QColor(30, 30, 30)),
        (QPalette.ColorRole.AlternateBase, QColor(38, 38, 38)),
        (QPalette.ColorRole.Text, QColor(232, 232, 232)),
        (QPalette.ColorRole.Button, QColor(53, 53, 53)),
        (QPalette.ColorRole.ButtonText, QColor(232, 232, 232)),
        (QPalette.ColorRole.Highlight, QColor(47, 101, 202)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140)),
        (QPalette.ColorRole.ToolTipBase, QColor(58, 58, 58)),
        (QPalette.ColorRole.ToolTipText, QColor(232, 232, 232)),
        (QPalette.ColorRole.Link, QColor(88, 166, 255)),
    ):
        dark.setColor(role, colour)
    # A real dark palette (Breeze Dark, Adwaita dark, Windows' dark mode) greys its disabled
    # text and keeps its windows dark: a greyed button or a disabled date edit is still read.
    for role, colour in (
        (QPalette.ColorRole.WindowText, QColor(128, 128, 128)),
        (QPalette.ColorRole.Text, QColor(128, 128, 128)),
        (QPalette.ColorRole.ButtonText, QColor(128, 128, 128)),
        (QPalette.ColorRole.PlaceholderText, QColor(110, 110, 110)),
        (QPalette.ColorRole.Window, QColor(43, 43, 43)),
        (QPalette.ColorRole.Base, QColor(36, 36, 36)),
        (QPalette.ColorRole.Button, QColor(48, 48, 48)),
    ):
        dark.setColor(QPalette.ColorGroup.Disabled, role, colour)
    return dark


@pytest.fixture
def dark_window(qtbot, demo_db, qsettings) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    app.setPalette(_dark())
    try:
        assert palette.current() is palette.DARK
        window = MainWindow(
            demo_db, lambda path, create: open_database(path, create=create), qsettings
        )
        qtbot.addWidget(window)
        window.show()
        yield window
    finally:
        app.setPalette(light)


def _colour(value: object) -> QColor | None:
    if isinstance(value, QBrush):
        return value.color()
    if isinstance(value, QColor):
        return value
    return None


def _cells(view: QAbstractItemView) -> Iterator[tuple[str, QColor, QColor]]:
    model = view.model()
    if model is None:
        return
    text, base = (
        view.palette().color(QPalette.ColorRole.Text),
        view.palette().color(QPalette.ColorRole.Base),
    )
    for r in range(min(model.rowCount(QModelIndex()), 120)):
        for c in range(40):  # a list model's columnCount is private: stop at the first gap
            index = model.index(r, c)
            if not index.isValid():
                break
            shown = index.data(Qt.ItemDataRole.DisplayRole)
            if shown in (None, ""):
                continue
            fg = _colour(index.data(Qt.ItemDataRole.ForegroundRole)) or text
            bg = _colour(index.data(Qt.ItemDataRole.BackgroundRole)) or base
            yield str(shown), fg, bg


def unreadable(key: str, screen: QWidget) -> list[str]:
    """Each cell and coloured piece of a label on ``screen`` too close to what is behind it."""
    poor: list[str] = []
    for view in screen.findChildren(QAbstractItemView):
        for shown, fg, bg in _cells(view):
            if contrast(fg, bg) < MIN_CONTRAST:
                poor.append(f"{key}: {shown[:30]!r} {fg.name()} on {bg.name()}")
    for label in screen.findChildren(QLabel):
        if not label.isVisibleTo(screen) or not label.text():
            continue
        behind = label.palette().color(label.backgroundRole())
        ink = label.palette().color(label.foregroundRole())
        if contrast(ink, behind) < MIN_CONTRAST:
            poor.append(f"{key}: label {label.text()[:30]!r}")
        for style in [label.styleSheet(), *SPAN.findall(label.text())]:
            fill = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", style)
            colour = re.search(r"(?<!-)color:\s*(#[0-9a-fA-F]{6})", style)
            if colour is None:
                continue
            under = QColor(fill.group(1)) if fill else behind
            if contrast(QColor(colour.group(1)), under) < MIN_CONTRAST:
                poor.append(f"{key}: {style} in {label.text()[:40]!r}")
    poor += _unreadable_greyed(key, screen)
    return poor


def _unreadable_greyed(key: str, screen: QWidget) -> list[str]:
    """Disabled controls' text and inputs' placeholders, in the palette group they are
    drawn with: too close to what is behind them."""
    poor: list[str] = []
    for widget in screen.findChildren(QWidget):
        if not widget.isVisibleTo(screen):
            continue
        shown = widget.palette()
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) and (
            hint := widget.placeholderText()
        ):
            group = (
                QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
            )
            ink = shown.color(group, QPalette.ColorRole.PlaceholderText)
            behind = shown.color(group, QPalette.ColorRole.Base)
            if contrast(ink, behind) < MIN_CONTRAST:
                poor.append(f"{key}: placeholder {hint[:30]!r} {ink.name()} on {behind.name()}")
        if widget.isEnabled() or not isinstance(widget, (QAbstractButton, QLabel, QLineEdit)):
            continue
        text = widget.text()
        if not text:
            continue
        disabled = QPalette.ColorGroup.Disabled
        ink = shown.color(disabled, widget.foregroundRole())
        behind = shown.color(disabled, widget.backgroundRole())
        if contrast(ink, behind) < MIN_CONTRAST:
            poor.append(f"{key}: greyed {text[:30]!r} {ink.name()} on {behind.name()}")
    return poor


def test_every_screen_is_readable_under_a_dark_palette(dark_window, qtbot) -> None:
    poor: list[str] = []
    for key in dark_window.pages:
        dark_window.show_page(key)
        qtbot.wait(50)
        poor += unreadable(key, dark_window.pages[key])
    assert poor == []

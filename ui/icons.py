"""The app's icons: line drawings in ``resources/icons/*.svg``, drawn in the palette's colours.

Each SVG strokes with ``currentColor``; the icon engine here puts the current palette's
text colour in its place (the muted colour when the action is disabled, the selection's
text colour on a selected navigation entry) each time Qt asks for a pixmap, so the icons follow a switch between light and dark without being rebuilt.
The SVG is rendered at the size Qt asks for, device pixels included (Qt 6 asks for
size × devicePixelRatio on a high-DPI screen), so an icon is never a scaled-up bitmap.
The folder comes from ``planner.core.paths.bundled``: a checkout, a wheel and the frozen
build all find it.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QImageReader,
    QPainter,
    QPalette,
    QPixmap,
)

from ui import palette

# The icon of each screen (navigation) and of each main action, by object attribute name
# (an action or a button the window or a screen holds).
SCREEN_ICONS = {
    "now": "now",
    "volunteers": "volunteers",
    "tours": "tours",
    "rota": "rota",
    "timeline": "timeline",
    "pay": "pay",
    "rest": "rest",
    "pages": "pages",
    "reports": "reports",
    "audit": "audit",
}
WINDOW_ACTIONS = {
    "new_action": "new",
    "open_action": "open",
    "backups_action": "backups",
    "settings_action": "settings",
    "rules_action": "rules",
    "undo_action": "undo",
    "redo_action": "redo",
    "find_action": "find",
    "guide_action": "help",
    "about_action": "about",
}
OUTPUT_ACTIONS = {
    "preview_action": "find",
    "print_action": "print",
    "pdf_action": "export",
    "ics_action": "calendar",
}
SCREEN_BUTTONS = {
    "plan_button": "plan",
    "publish_button": "publish",
    "cover_button": "cover",
    "swap_button": "swap",
    "export_button": "export",
    "print_button": "print",
    "fees_button": "pay",
    "refresh_button": "refresh",
}


@cache
def svg_text(name: str) -> str:
    """The SVG source of ``resources/icons/<name>.svg``."""
    from planner.core.paths import bundled  # on the first icon drawn, after the first paint

    return (bundled("resources") / "icons" / f"{name}.svg").read_text(encoding="utf-8")


def render(name: str, size: QSize, colour: str) -> QImage:
    """The icon drawn at ``size`` device pixels with ``currentColor`` set to ``colour``."""
    return _render(name, size.width(), size.height(), colour)


@lru_cache(maxsize=512)
def _render(name: str, width: int, height: int, colour: str) -> QImage:
    data = QByteArray(svg_text(name).replace("currentColor", colour).encode())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(width, height))
    image = reader.read()
    buffer.close()
    return image


class PaletteIconEngine(QIconEngine):
    """Renders one SVG in the palette's current colours, at the size asked."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def _colour(self, mode: QIcon.Mode) -> str:
        """The text colour of the palette in use: muted when disabled, the selection's
        text colour on a selected item (a navigation entry), else ordinary text."""
        if mode == QIcon.Mode.Disabled:
            return palette.current().muted
        if mode == QIcon.Mode.Selected:
            return QGuiApplication.palette().color(QPalette.ColorRole.HighlightedText).name()
        return palette.current().text

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        side = min(size.width(), size.height())
        if side <= 0:
            return QPixmap()
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)  # transparent
        drawn = render(self.name, QSize(side, side), self._colour(mode))
        painter = QPainter(image)
        painter.drawImage(QPoint((size.width() - side) // 2, (size.height() - side) // 2), drawn)
        painter.end()
        return QPixmap.fromImage(image)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        pix = self.pixmap(rect.size() * ratio, mode, state)
        pix.setDevicePixelRatio(ratio)
        painter.drawPixmap(rect, pix)

    def clone(self) -> QIconEngine:
        return PaletteIconEngine(self.name)

    def key(self) -> str:
        return "PaletteIconEngine"


def icon(name: str) -> QIcon:
    """The app's icon ``name`` (e.g. 'undo'), following the light or dark palette."""
    return QIcon(PaletteIconEngine(name))


def prerender(name: str, side: int) -> None:
    """Draw ``name`` at ``side`` device pixels in a button's colours (enabled, disabled):
    the idle warm-up does it, so a screen's first visit finds its buttons' icons drawn."""
    for colour in (palette.current().text, palette.current().muted):
        render(name, QSize(side, side), colour)


def decorate(holder: Any, names: dict[str, str]) -> None:
    """Give each of ``holder``'s actions or buttons named in ``names`` its icon."""
    for attribute, name in names.items():
        widget = getattr(holder, attribute, None)
        if widget is not None and hasattr(widget, "setIcon"):
            widget.setIcon(icon(name))

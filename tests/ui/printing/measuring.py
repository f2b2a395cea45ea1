"""Measuring what a printed page draws: each text with the box it is drawn in and the box
its lines need (QPainter clips a box's text, so a box too small loses part of it on paper)."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QFontMetricsF, QPageLayout, QPageSize, QPainter, QPicture

Drawn = tuple[str, QRectF, QRectF]  # text, its box, what its lines need


def paint_area(paper: QPageSize.PageSizeId, landscape: bool) -> QRectF:
    """The printable area of ``paper`` in points, inside the documents' 10 mm margins."""
    layout = QPageLayout(
        QPageSize(paper),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(10, 10, 10, 10),
        QPageLayout.Unit.Millimeter,
    )
    rect = layout.paintRect(QPageLayout.Unit.Point)
    return QRectF(0, 0, rect.width(), rect.height())


class MeasuringPainter(QPainter):
    """A painter that notes each text drawn in a rectangle with what it needs."""

    def __init__(self, device: QPicture) -> None:
        super().__init__(device)
        self.texts: list[Drawn] = []  # text, its box, what it needs

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        if len(args) == 3 and isinstance(args[0], QRectF) and isinstance(args[2], str):
            rect, flags, text = args
            needed = QFontMetricsF(self.font()).boundingRect(rect, int(flags), text)  # type: ignore[call-overload]
            self.texts.append((text, rect, needed))
        super().drawText(*args)  # type: ignore[call-overload]


def clipped(texts: list[Drawn]) -> list[str]:
    """Texts whose lines need more height or width than their box gives (0.5 pt slack)."""
    return [
        f"{text[:60]!r}: needs {need.width():.1f}x{need.height():.1f}, "
        f"has {box.width():.1f}x{box.height():.1f}"
        for text, box, need in texts
        if text and (need.height() > box.height() + 0.5 or need.width() > box.width() + 0.5)
    ]

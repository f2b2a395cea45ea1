"""Every block of text on the printed report fits the rectangle it is drawn in (QPainter
clips a rectangle's text: a footnote laid out in too short a box loses its last line on
paper, though its words are still in the PDF), and the report's own labels are printed
whole, on A4 and Letter, without a locale and in de_DE and en_US."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QFontMetricsF, QPageLayout, QPageSize, QPainter, QPicture

from planner.core.db import Database
from planner.outputs.report import monthly_report
from ui.printing.report_pages import PAGES, paint_report_page

PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
PRINTED = datetime(2026, 11, 30, 7, 35, tzinfo=ZoneInfo("Europe/Dublin"))


class MeasuringPainter(QPainter):
    """A painter that notes each text drawn in a rectangle with what it needs."""

    def __init__(self, device: QPicture) -> None:
        super().__init__(device)
        self.texts: list[tuple[str, QRectF, QRectF]] = []  # text, its box, what it needs

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        if len(args) == 3 and isinstance(args[0], QRectF) and isinstance(args[2], str):
            rect, flags, text = args
            needed = QFontMetricsF(self.font()).boundingRect(rect, int(flags), text)  # type: ignore[call-overload]
            self.texts.append((text, rect, needed))
        super().drawText(*args)  # type: ignore[call-overload]


def paint_pages(report, paper: QPageSize.PageSizeId) -> list[tuple[str, QRectF, QRectF]]:  # type: ignore[no-untyped-def]
    layout = QPageLayout(
        QPageSize(paper),
        QPageLayout.Orientation.Portrait,
        QMarginsF(10, 10, 10, 10),
        QPageLayout.Unit.Millimeter,
    )
    rect = layout.paintRect(QPageLayout.Unit.Point)
    area = QRectF(0, 0, rect.width(), rect.height())
    texts = []
    for index in range(PAGES):
        picture = QPicture()
        painter = MeasuringPainter(picture)
        paint_report_page(painter, index, area, report, PRINTED)
        painter.end()
        paper_area = area.adjusted(-0.5, -0.5, 0.5, 0.5)
        outside = [t for t, _b, r in painter.texts if t and not paper_area.contains(r)]
        assert outside == [], f"page {index + 1}: drawn off the page's printable area"
        texts += painter.texts
    return texts


def _clipped(texts: list[tuple[str, QRectF, QRectF]]) -> list[str]:
    """Texts whose lines need more height or width than their box gives (0.5 pt slack)."""
    return [
        f"{text[:60]!r}: needs {need.width():.1f}x{need.height():.1f}, "
        f"has {box.width():.1f}x{box.height():.1f}"
        for text, box, need in texts
        if text and (need.height() > box.height() + 0.5 or need.width() > box.width() + 0.5)
    ]


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("locale", [None, "de_DE", "en_US"])
def test_every_text_of_the_report_fits_its_box(
    qapp, demo_db: Database, paper: str, locale: str | None
) -> None:
    with demo_db.session() as session:
        report = monthly_report(session, date(2026, 11, 1), locale=locale)
    texts = paint_pages(report, PAPERS[paper])
    assert _clipped(texts) == []
    drawn = {text for text, _b, _n in texts}
    # the footnotes' last sentences are drawn, and drawn inside a box tall enough for them
    assert any(t.endswith("('so far' while the tour runs and is still under it).") for t in drawn)
    # the report's own labels are printed whole, never shortened
    for label in (
        "Hours on call in the month",
        "Hours paid this month",
        "Rest entitled / taken",
        "Hours in month",
        "Hours paid",
        "Pages (night)",
    ):
        assert label in drawn, label

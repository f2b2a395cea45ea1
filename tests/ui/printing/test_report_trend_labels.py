"""The report's chart (Compared with the previous months) keeps its labels clear: each
month's page count is never printed on the out-of-hours hours line or its dots (the count
'11' sat on the line, under de_DE too), nor on another label; the months under the axis and
the legend's entries never run into each other. The rectangles are the text's own, measured
with the font's metrics from what the page paints, on A4 and Letter, without a locale and in
de_DE and en_US, for the demo's months and for months where the line runs through the bars'
tops."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPageSize, QPainterPath, QPainterPathStroker, QPicture

from planner.core import locale_text
from planner.core.db import Database
from planner.outputs.report import MonthlyReport, TrendPoint, monthly_report
from tests.ui.printing.measuring import MeasuringPainter, clipped, paint_area
from ui.printing.report_pages import paint_report_page

PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
PRINTED = datetime(2026, 11, 30, 7, 35, tzinfo=ZoneInfo("Europe/Dublin"))
LINE_WIDTH, DOT_INK = 1.6, 2.2 + 0.8  # the hours line and its dots on paper (pen 1.6)


class ChartProbe(MeasuringPainter):
    """Notes the hours line's dots too (their centres are the line's points)."""

    def __init__(self, device: QPicture) -> None:
        super().__init__(device)
        self.dots: list[QPointF] = []

    def drawEllipse(self, *args: object) -> None:  # type: ignore[override]
        if len(args) == 3 and isinstance(args[0], QPointF):
            self.dots.append(QPointF(args[0]))
        super().drawEllipse(*args)  # type: ignore[call-overload]


def _hours_line(dots: list[QPointF]) -> QPainterPath:
    """The ink of the hours line and its dots, as an area."""
    path = QPainterPath(dots[0])
    for dot in dots[1:]:
        path.lineTo(dot)
    stroker = QPainterPathStroker()
    stroker.setWidth(LINE_WIDTH)
    ink = stroker.createStroke(path)
    for dot in dots:
        ink.addEllipse(dot, DOT_INK, DOT_INK)
    return ink


def _overlaps(rects: list[tuple[str, QRectF]]) -> list[str]:
    return [
        f"{a!r} {ra} and {b!r} {rb}"
        for i, (a, ra) in enumerate(rects)
        for b, rb in rects[i + 1 :]
        if ra.intersects(rb)
    ]


def check_chart(report: MonthlyReport, paper: str) -> None:
    picture = QPicture()
    painter = ChartProbe(picture)
    paint_report_page(painter, 0, paint_area(PAPERS[paper], landscape=False), report, PRINTED)
    painter.end()
    assert clipped(painter.texts) == []
    dots = painter.dots
    assert len(dots) == len(report.trend)
    line = _hours_line(dots)
    counts, months = [], []
    for point, dot in zip(report.trend, dots, strict=True):
        count = locale_text.number(point.pages, report.locale)
        centred = [
            (t, need) for t, box, need in painter.texts if abs(box.center().x() - dot.x()) < 0.5
        ]
        counts += [(count, need) for t, need in centred if t == count]
        months += [(point.label, need) for t, need in centred if t == point.label]
    assert len(counts) == len(months) == len(report.trend)
    assert [f"{t!r} at {r}" for t, r in counts if line.intersects(r)] == []
    assert _overlaps(counts + months) == []
    legend = [
        (t, need)
        for t, _b, need in painter.texts
        if t in ("pages", "night pages", "out-of-hours hours (right axis)")
        and need.top() > max(r.bottom() for _t, r in months)  # the chart's, not the week table's
    ]
    assert len(legend) == 3
    assert _overlaps(legend) == []


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("locale", [None, "de_DE", "en_US"])
def test_the_demo_months_labels_stay_clear(
    qapp, demo_db: Database, paper: str, locale: str | None
) -> None:
    with demo_db.session() as session:
        for month in (date(2026, 10, 1), date(2026, 11, 1)):
            check_chart(monthly_report(session, month, locale=locale), paper)


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("locale", [None, "de_DE"])
@pytest.mark.parametrize("above", [0.0, 20.0, 60.0, -40.0])
def test_labels_stay_clear_where_the_line_runs_through_the_bars(
    qapp, demo_db: Database, paper: str, locale: str | None, above: float
) -> None:
    """Pages 4, 8, ... 20 on an axis to 20 and hours 50 a page on an axis to 1,000: the line
    runs through the bars' tops (``above``: that many hours higher), just where each count
    is printed by default."""
    with demo_db.session() as session:
        report = monthly_report(session, date(2026, 11, 1), locale=locale)
    pages = (4, 8, 12, 16, 20, 11)
    trend = tuple(
        replace(p, pages=n, night_pages=n // 2, ooh_hours=max(0.0, min(1000.0, n * 50 + above)))
        for p, n in zip(report.trend, pages, strict=True)
    )
    check_chart(replace(report, trend=trend), paper)


def test_a_long_trend_keeps_its_labels_clear(qapp, demo_db: Database) -> None:
    """Twelve months, counts in the thousands (de_DE '1.234'): each still clear."""
    with demo_db.session() as session:
        report = monthly_report(session, date(2026, 11, 1), locale="de_DE")
    first = report.trend[0]
    trend = tuple(
        TrendPoint(date(2025 + (m + 11) // 12, (m + 11) % 12 + 1, 1), 1000 + 37 * m,
                   200, 900.0 + 40 * m, 0.0, "de_DE")
        for m in range(12)
    )  # fmt: skip
    assert first.locale == "de_DE"
    check_chart(replace(report, trend=trend), "A4")

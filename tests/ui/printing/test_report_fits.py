"""Every block of text on the printed report fits the rectangle it is drawn in (QPainter
clips a rectangle's text: a footnote laid out in too short a box loses its last line on
paper, though its words are still in the PDF), and the report's own labels are printed
whole, on A4 and Letter, without a locale and in de_DE and en_US."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize, QPicture

from planner.core.db import Database
from planner.outputs.report import monthly_report
from tests.ui.printing.measuring import MeasuringPainter, clipped, paint_area
from ui.printing.page_setup import body_rect
from ui.printing.report_pages import PAGES, page_count, paint_report_page

PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
PRINTED = datetime(2026, 11, 30, 7, 35, tzinfo=ZoneInfo("Europe/Dublin"))


def paint_pages(report, paper: QPageSize.PageSizeId) -> list[tuple[str, QRectF, QRectF]]:  # type: ignore[no-untyped-def]
    area = paint_area(paper, landscape=False)
    texts = []
    for index in range(page_count(report, area)):
        picture = QPicture()
        painter = MeasuringPainter(picture)
        paint_report_page(painter, index, area, report, PRINTED)
        painter.end()
        paper_area = area.adjusted(-0.5, -0.5, 0.5, 0.5)
        outside = [t for t, _b, r in painter.texts if t and not paper_area.contains(r)]
        assert outside == [], f"page {index + 1}: drawn off the page's printable area"
        texts += painter.texts
    return texts


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("locale", [None, "de_DE", "en_US"])
def test_every_text_of_the_report_fits_its_box(
    qapp, demo_db: Database, paper: str, locale: str | None
) -> None:
    with demo_db.session() as session:
        report = monthly_report(session, date(2026, 11, 1), locale=locale)
    texts = paint_pages(report, PAPERS[paper])
    assert clipped(texts) == []
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


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_a_long_load_per_person_runs_on_over_more_pages(
    qapp, demo_db: Database, paper: str
) -> None:
    with demo_db.session() as session:
        report = monthly_report(session, date(2026, 11, 1), locale="en_US")
    people = tuple(
        replace(p, name=f"{p.name} {n}") for n in range(9) for p in report.people
    )  # 81 people on call in the month
    report = replace(report, people=people)
    area = paint_area(PAPERS[paper], landscape=False)
    pages = page_count(report, area)
    assert pages > PAGES
    body = body_rect(area)
    drawn: list[str] = []
    for index in range(pages):
        picture = QPicture()
        painter = MeasuringPainter(picture)
        paint_report_page(painter, index, area, report, PRINTED)
        painter.end()
        assert clipped(painter.texts) == []
        # nothing runs from the body into the footer or off the page
        footer_top = area.bottom() - 12.5
        assert [
            t
            for t, _b, r in painter.texts
            if r.bottom() > body.bottom() + 0.5 and r.top() < footer_top
        ] == []
        assert f"Page {index + 1} of {pages}" in {t for t, _b, _r in painter.texts}
        drawn += [t for t, _b, _r in painter.texts]
    assert [p.name for p in people if p.name not in drawn] == []  # everyone, once
    assert sum(drawn.count(p.name) for p in people) == len(people)
    assert drawn.count("Load per person (continued)") == pages - PAGES
    for heading in ("Load per site", "Fairness", "Pages without a follow-up (5)"):
        assert any(t.startswith(heading) for t in drawn), heading
    assert any(t.endswith("while the tour runs and is still under it).") for t in drawn)

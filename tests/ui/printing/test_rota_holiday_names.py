"""A public holiday's name is printed whole in its day's cell of the printed rota, so a
volunteer can tell which holiday it is: on the header line when it fits there, else on a
line (or lines) of its own under the day's number, never shortened ('Christm…' and
"Saint Stephen's …" before), on A4 and Letter, without a locale and in de_DE, German names
(longer) included, and nothing in the cell is then hidden or clipped."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize, QPicture

from planner.core.db import Database
from planner.outputs.calendar import CalendarDay, Holder, RotationDay, build_rota_calendar
from tests.ui.printing.measuring import MeasuringPainter, clipped, paint_area
from ui.cli import main
from ui.printing.page_setup import MARGIN_MM, body_rect
from ui.printing.rota_pages import LEGEND_WIDTH, _day_cell, paint_month

LETTER, A4 = QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.A4
PRINTED = datetime(2026, 11, 30, 7, 35, tzinfo=ZoneInfo("Europe/Dublin"))
TAGS = {"Primary": "P", "Escalation L2": "L2"}


@pytest.mark.parametrize(
    ("paper", "locale"), [(A4, None), (A4, "de_DE"), (LETTER, None), (LETTER, "en_US")]
)
def test_each_holiday_is_named_whole_in_its_day(
    qapp, demo_db: Database, paper: QPageSize.PageSizeId, locale: str | None
) -> None:
    with demo_db.session() as session:  # December (Christmas Day, Saint Stephen's Day) to March
        data = build_rota_calendar(session, date(2026, 12, 1), 4, True, locale)
    area = paint_area(paper, landscape=True)
    grid_right = area.width() - LEGEND_WIDTH
    named = 0
    for index, page in enumerate(data.months):
        picture = QPicture()
        painter = MeasuringPainter(picture)
        paint_month(painter, area, data, index, PRINTED)
        painter.end()
        assert clipped(painter.texts) == []
        in_cells = [(text, box) for text, box, _n in painter.texts if box.right() <= grid_right]
        assert [t for t, _b in in_cells if t.endswith("…")] == []  # nothing shortened
        for _day, name in page.holidays:
            assert name in {t for t, _b in in_cells}, name
            named += 1
        assert page.names() <= {t for t, _b in in_cells}  # the holiday hid nobody
    assert named >= 3  # Christmas Day, Saint Stephen's Day, New Year's Day, ...


def _letter_six_week_cell() -> QRectF:
    """The smallest day cell the rota prints: Letter, a month of six weeks."""
    body = body_rect(paint_area(LETTER, landscape=True))
    width = (body.width() - LEGEND_WIDTH) / 7
    return QRectF(0, 0, width, (body.height() - 13) / 6)


@pytest.mark.parametrize(
    "name",
    [
        "Tag der Deutschen Einheit",
        "Augsburger Hohes Friedensfest",
        "Jahrestag der Ausrufung der Republik",
        "Zweiter Weihnachtsfeiertag",
    ],
)
def test_a_long_german_holiday_name_wraps_in_the_smallest_cell(qapp, name: str) -> None:
    day = CalendarDay(
        date(2026, 10, 2),  # a Friday: the handover's mark takes the header line too
        True,
        name,
        (
            RotationDay(
                "Primary",
                (
                    Holder("outgoing", "Jamal Washington", "San Francisco", "#e6550d",
                           until=time(18)),
                    Holder("incoming", "Siobhan Doyle", "Dublin", "#2ca02c", since=time(18)),
                    Holder("cover", "Niamh Murphy", "Dublin", "#2ca02c", since=time(20)),
                ),
            ),
            RotationDay("Escalation L2", (Holder("holder", "Alex Morgan", "London", "#1f77b4"),)),
        ),
        handover=time(18),
    )  # fmt: skip
    cell = _letter_six_week_cell()
    picture = QPicture()
    painter = MeasuringPainter(picture)
    _day_cell(painter, cell, day, TAGS, "de_DE")
    painter.end()
    assert clipped(painter.texts) == []
    drawn = {text: box for text, box, _n in painter.texts}
    assert name in drawn  # whole, in one box (wrapped onto its lines)
    holiday = drawn[name]
    assert cell.contains(holiday)
    assert not any(t.endswith("…") or t.startswith("+") for t in drawn)  # no one left out
    for person in ("Jamal Washington", "Siobhan Doyle", "Niamh Murphy", "Alex Morgan"):
        assert person in drawn, person
        assert drawn[person].top() >= holiday.bottom(), f"{person} drawn over the holiday"
        assert cell.contains(drawn[person])


def _grid_text(pdf: Path) -> str:
    """The text pdftotext finds in the day grid (the page left of the legend), one line."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert found, info.stdout
    margin = MARGIN_MM / 25.4 * 72
    grid_right = float(found[1]) - margin - LEGEND_WIDTH  # pdftotext's default 72 dpi: points
    raw = subprocess.run(
        ["pdftotext", "-raw", "-x", "0", "-y", "0", "-W", str(int(grid_right)), "-H", "2000"]
        + [str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.sub(r"\s+", " ", raw)


@pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) are not installed",
)
def test_planner_print_rota_names_christmas_and_saint_stephens_day_whole(
    qapp, demo_db: Database, tmp_path: Path
) -> None:
    pdf = tmp_path / "rota.pdf"
    args = ["--db", str(demo_db.path), "print-rota", "--from", "2026-12", "--months", "1"]
    assert main([*args, "-o", str(pdf)]) == 0
    text = _grid_text(pdf)
    assert "Monday" in text and "Christmas Day" in text and "Saint Stephen's Day" in text, text
    assert "…" not in text
    assert "Sites" not in text  # the legend (which names them too) is left out

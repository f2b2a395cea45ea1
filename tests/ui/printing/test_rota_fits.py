"""A day cell of the printed rota shows each holder's name whole when the cell can: a
cover's times go on a line of their own under the name ('8:00 PM–' in en_US is wider
than '20:00–' and shortened 'Niamh Murphy' to 'Niamh M…'), and a long name takes the
smaller size before it is shortened; and every text drawn fits its box."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize, QPicture

from planner.core import locale_text
from planner.core.db import Database
from planner.outputs.calendar import CalendarDay, Holder, RotationDay, build_rota_calendar
from tests.ui.printing.measuring import MeasuringPainter, clipped, paint_area
from ui.printing.rota_pages import LEGEND_WIDTH, _day_cell, paint_month

LETTER, A4 = QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.A4
PRINTED = datetime(2026, 11, 30, 7, 35, tzinfo=ZoneInfo("Europe/Dublin"))


def _cell_width(paper: QPageSize.PageSizeId) -> float:
    return (paint_area(paper, landscape=True).width() - LEGEND_WIDTH) / 7


def test_a_covers_name_is_whole_with_its_en_us_times_below(qapp) -> None:
    day = CalendarDay(
        date(2026, 11, 7),
        True,
        None,
        (
            RotationDay(
                "Primary",
                (
                    Holder("holder", "Jamal Washington", "San Francisco", "#e6550d"),
                    Holder("cover", "Niamh Murphy", "Dublin", "#2ca02c", since=time(20, 0)),
                ),
            ),
            RotationDay("Escalation L2", (Holder("holder", "Alex Morgan", "London", "#1f77b4"),)),
        ),
    )
    picture = QPicture()
    painter = MeasuringPainter(picture)
    tags = {"Primary": "P", "Escalation L2": "L2"}
    _day_cell(painter, QRectF(0, 0, _cell_width(LETTER), 92), day, tags, "en_US")
    painter.end()
    drawn = [text for text, _b, _n in painter.texts]
    evening = f"{locale_text.clock(time(20, 0), 'en_US')}–"  # '8:00 PM–'
    assert {"Niamh Murphy", evening, "Jamal Washington", "Alex Morgan"} <= set(drawn)
    assert clipped(painter.texts) == []


@pytest.mark.parametrize(
    ("paper", "locale"), [(LETTER, "en_US"), (LETTER, None), (A4, "de_DE"), (A4, None)]
)
def test_every_name_in_the_day_cells_is_whole(
    qapp, demo_db: Database, paper: QPageSize.PageSizeId, locale: str | None
) -> None:
    with demo_db.session() as session:
        data = build_rota_calendar(session, date(2026, 10, 1), 3, locale=locale)
    area = paint_area(paper, landscape=True)
    for index, page in enumerate(data.months):
        picture = QPicture()
        painter = MeasuringPainter(picture)
        paint_month(painter, area, data, index, PRINTED)
        painter.end()
        assert clipped(painter.texts) == []
        grid_right = area.width() - LEGEND_WIDTH
        in_cells = [text for text, box, _n in painter.texts if box.right() <= grid_right]
        names = page.names()
        # nothing is shortened in the day cells, a holiday's name included
        # (tests/ui/printing/test_rota_holiday_names.py)
        assert [t for t in in_cells if t.endswith("…")] == []
        assert names <= set(in_cells), sorted(names - set(in_cells))

"""The printed service record flows long tables over pages, every row printed once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from planner.outputs.service_record import PageLine, ServiceRecord, ShiftLine, TourLine
from ui.printing.service_record_pages import (
    HEADING_H,
    ROW_H,
    TABLE_END,
    TILES_H,
    paginate,
    tables,
)


def _record(shifts: int, pages: int) -> ServiceRecord:
    start = datetime(2025, 1, 3, 18, tzinfo=UTC)
    worked = tuple(
        ShiftLine("Primary", start + timedelta(weeks=n), start + timedelta(weeks=n + 1),
                  "worked", 123.0, True, "")
        for n in range(shifts)
    )  # fmt: skip
    page_lines = tuple(
        PageLine(start + timedelta(days=n), 10, n % 2 == 0, f"page {n}") for n in range(pages)
    )
    return ServiceRecord(
        "a@example.com", "A", "Dublin", "Payments", "engineer", "Europe/Dublin",
        date(2027, 1, 1), (TourLine(date(2025, 1, 1), date(2025, 7, 1), "finished", "3–4", 3),),
        shifts, 123.0 * shifts, 0, 0, pages, pages // 2, 1.0, 0.0, (("EUR", 100),),
        worked, (), page_lines,
    )  # fmt: skip


def test_long_tables_flow_over_pages_with_every_row_once() -> None:
    record = _record(120, 75)
    body = 700.0
    pages = paginate(record, body)
    assert len(pages) >= 3
    printed: dict[str, list[int]] = {}
    for page in pages:
        used = 0.0
        for chunk in page:
            if chunk[0] == "tiles":
                used += TILES_H
                continue
            _kind, table, first, last, _continued = chunk
            printed.setdefault(table.heading, []).extend(range(first, last))
            used += HEADING_H + ROW_H * (max(last - first, 1) + 1) + TABLE_END
        assert used <= body
    for table in tables(record):
        assert printed[table.heading] == list(range(len(table.rows)))


def test_a_short_record_is_one_page() -> None:
    assert len(paginate(_record(3, 2), 700.0)) == 1

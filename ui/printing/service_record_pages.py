"""The printed service record of one volunteer: figures, tours, shifts, pages; portrait,
as many pages as the tables need (a table cut by a page break repeats its header)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPainter

from planner.core.money import format_money
from planner.outputs.service_record import ServiceRecord
from ui.printing.page_setup import (
    INK,
    MUTED,
    draw_furniture,
    elide,
    font,
    paint_document,
    printed_now,
    write_pdf_file,
)
from ui.printing.report_pages import ACCENT, STRIPE, Column, draw_heading, draw_table

ROW_H = 13.0
HEADING_H = 19.0
TABLE_END = 14.0
TILES_H = 128.0  # a line of details and two rows of four tiles
FURNITURE_H = 52.0  # header (32) and footer (20) around the body


@dataclass(frozen=True)
class _Table:
    heading: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def tables(record: ServiceRecord) -> list[_Table]:
    tz = record.timezone
    found = [
        _Table(
            "Tours",
            (
                Column("First day", 0.2),
                Column("Last day", 0.2),
                Column("Status", 0.2),
                Column("Target shifts", 0.2, True),
                Column("Shifts worked", 0.2, True),
            ),
            tuple(
                (str(t.start), str(t.last_day), t.status, t.target, str(t.shifts))
                for t in record.tours
            ),
        ),  # fmt: skip
        _Table(
            f"Shifts and covers worked (times {tz})",
            (
                Column("Rotation", 0.13),
                Column("From", 0.18),
                Column("To", 0.18),
                Column("OOH hours", 0.1, True),
                Column("Notes", 0.41),
            ),
            tuple(_shift_row(line, record) for line in record.worked),
        ),  # fmt: skip
        _Table(
            "Pages (responder's local time)",
            (
                Column("At", 0.26),
                Column("Minutes", 0.1, True),
                Column("Night", 0.08),
                Column("Summary", 0.56),
            ),
            tuple(
                (f"{p.at:%Y-%m-%d %H:%M %Z}", str(p.minutes), "night" if p.night else "", p.summary)
                for p in record.page_lines
            ),
        ),  # fmt: skip
    ]
    if record.upcoming:
        found.append(
            _Table(
                f"Published shifts to come (not counted above; times {tz})",
                (Column("Rotation", 0.13), Column("From", 0.18), Column("To", 0.18),
                 Column("OOH hours", 0.1, True), Column("Notes", 0.41)),
                tuple(_shift_row(line, record) for line in record.upcoming),
            )
        )  # fmt: skip
    return found


def _shift_row(line, record: ServiceRecord) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(record.timezone)
    start, end = line.slot_start.astimezone(tz), line.slot_end.astimezone(tz)
    return (
        line.rotation,
        f"{start:%a %Y-%m-%d %H:%M}",
        f"{end:%a %Y-%m-%d %H:%M}",
        _fmt(line.hours),
        line.note,
    )


# One page's content: ("tiles",) then ("table", table, first_row, last_row, continued).
Chunk = tuple[object, ...]


def paginate(record: ServiceRecord, body_height: float) -> list[list[Chunk]]:
    """Split the record into pages of body ``body_height`` points."""
    pages: list[list[Chunk]] = [[("tiles",)]]
    y = TILES_H
    for table in tables(record):
        rows = len(table.rows)
        start = 0
        continued = False
        while True:
            room = int((body_height - y - HEADING_H - 2 * ROW_H - TABLE_END) // ROW_H)
            if room < 1 and y > 0:  # not even one row: next page
                pages.append([])
                y = 0
                continue
            take = rows - start if rows - start <= room else max(room, 1)
            pages[-1].append(("table", table, start, start + take, continued))
            y += HEADING_H + ROW_H * (max(take, 1) + 1) + TABLE_END
            start += take
            if start >= rows:
                break
            pages.append([])
            y = 0
            continued = True
    return pages


def _tiles(painter: QPainter, x: float, y: float, w: float, record: ServiceRecord) -> float:
    details = [record.email, record.site, record.team, record.role]
    painter.setPen(INK)
    painter.setFont(font(9))
    painter.drawText(
        QRectF(x, y, w, 14), Qt.AlignmentFlag.AlignVCenter, " · ".join(d for d in details if d)
    )
    y += 20
    pay = ", ".join(format_money(a, c) for c, a in record.pay) or "–"
    tiles = [
        ("Tours", str(len(record.tours))),
        ("Shifts worked", str(record.shifts)),
        ("Out-of-hours hours held", _fmt(record.out_of_hours_hours)),
        ("Covers given / taken", f"{record.covers_given} / {record.covers_taken}"),
        ("Pages (night pages)", f"{record.pages} ({record.night_pages})"),
        ("Rest days entitled / taken", f"{_fmt(record.rest_entitled_days)} / "
         f"{_fmt(record.rest_taken_days)}"),
        ("Rest days still to take", _fmt(record.rest_balance_days)),
        ("Paid, per currency", pay),
    ]  # fmt: skip
    gap, per_row = 6.0, 4
    tile_w = (w - gap * (per_row - 1)) / per_row
    for i, (label, value) in enumerate(tiles):
        row, col = divmod(i, per_row)
        rect = QRectF(x + col * (tile_w + gap), y + row * 50, tile_w, 44)
        painter.fillRect(rect, STRIPE)
        painter.fillRect(QRectF(rect.left(), rect.top(), 2.5, rect.height()), ACCENT)
        painter.setPen(INK)
        value_font = font(15 if len(value) < 16 else 10, bold=True)
        painter.setFont(value_font)
        painter.drawText(
            rect.adjusted(8, 3, -4, -17),
            Qt.AlignmentFlag.AlignVCenter,
            elide(value, value_font, rect.width() - 12),
        )
        painter.setPen(MUTED)
        painter.setFont(font(7))
        painter.drawText(rect.adjusted(8, 28, -4, -3), Qt.AlignmentFlag.AlignVCenter, label)
    return y + 108


def paint_page(
    painter: QPainter,
    index: int,
    area: QRectF,
    record: ServiceRecord,
    pages: Sequence[list[Chunk]],
    printed_at: datetime,
) -> None:
    subtitle = f"Shift times in {record.timezone}"
    body = draw_furniture(
        painter,
        area,
        f"Service record — {record.name}",
        subtitle,
        f"to {record.as_of}",
        index + 1,
        len(pages),
        printed_at,
    )
    x, w, y = body.left(), body.width(), body.top()
    for chunk in pages[index]:
        if chunk[0] == "tiles":
            y = _tiles(painter, x, y, w, record)
            continue
        _kind, table, first, last, continued = chunk
        assert isinstance(table, _Table) and isinstance(first, int) and isinstance(last, int)
        title = table.heading + (" (continued)" if continued else "")
        y = draw_heading(painter, x, y, w, title)
        y = draw_table(painter, x, y, w, table.columns, table.rows[first:last])


def body_height(device: QPagedPaintDevice) -> float:
    return device.pageLayout().paintRect(QPageLayout.Unit.Point).height() - FURNITURE_H


def paint_record(
    device: QPagedPaintDevice, record: ServiceRecord, printed_at: datetime | None = None
) -> int:
    at = printed_at or printed_now(record.timezone)
    pages = paginate(record, body_height(device))
    return paint_document(
        device,
        len(pages),
        lambda painter, i, area: paint_page(painter, i, area, record, pages, at),
    )


def write_service_record_pdf(record: ServiceRecord, path: Path) -> int:
    """Write the PDF whole or not at all (a temporary file, checked, then renamed)."""
    return write_pdf_file(
        path, False, f"Service record {record.name}", lambda device: paint_record(device, record)
    )

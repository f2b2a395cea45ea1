"""The printed monthly report: portrait pages of figures, tables and a trend chart.

Three pages, or more when Load per person is too long for its page: it then continues on
as many pages as it needs, each with its header row, before Load per site and Fairness.

Its days, months and figures follow the report's locale (``MonthlyReport.locale``: the
app's user's; none from the command line, which prints ISO days and the fixed forms)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QPicture,
)

from planner.core import locale_text
from planner.outputs.report import MonthlyReport
from planner.rota.fairness import balance_text
from ui import palette
from ui.printing.page_setup import (
    INK,
    MUTED,
    RULE,
    body_rect,
    document_area,
    draw_furniture,
    elide,
    font,
    paint_document,
    printed_now,
    text_width,
    write_pdf_file,
)
from ui.printing.trend_chart import count_text as _n
from ui.printing.trend_chart import draw_trend
from ui.printing.trend_chart import hours_text as _fmt

PAGES = 3  # the report's pages when Load per person fits its page (the usual case)
ROW_H = 13.0  # a table row
ACCENT = QColor(palette.PAPER_ACCENT)
NIGHT = QColor(palette.PAPER_NIGHT)
STRIPE = QColor(palette.PAPER_STRIPE)
BAR = QColor(palette.PAPER_BAR)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # share of the table's width
    right: bool = False


def draw_note(painter: QPainter, x: float, y: float, w: float, text: str) -> float:
    """A small muted paragraph, wrapped to ``w`` and given the height its lines take (a box
    too short clips the last line on paper). Returns the y below it."""
    small = font(7)
    painter.setFont(small)
    painter.setPen(MUTED)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    needed = QFontMetricsF(small).boundingRect(QRectF(x, y, w, 10_000), int(flags), text)
    painter.drawText(QRectF(x, y, w, needed.height() + 1), int(flags), text)
    return y + needed.height() + 1


def draw_heading(painter: QPainter, x: float, y: float, w: float, text: str) -> float:
    painter.setFont(font(11, bold=True))
    painter.setPen(INK)
    painter.drawText(QRectF(x, y, w, 16), Qt.AlignmentFlag.AlignVCenter, text)
    return y + 19


def draw_table(
    painter: QPainter,
    x: float,
    y: float,
    w: float,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    chips: Sequence[str | None] = (),
    total: Sequence[str] | None = None,
) -> float:
    """A ruled table; text elided to its column. ``chips``: a colour square per row.

    A header too wide for its column wraps to a second line (every header then sits on
    the same bottom line), so the table's own labels are printed whole."""
    row_h = 13.0
    body, bold = font(8), font(8, bold=True)
    head = font(7, bold=True)
    widths = [c.width * w for c in columns]
    wraps = any(text_width(c.header, head) > widths[i] - 6 for i, c in enumerate(columns))
    head_h = row_h
    if wraps:
        wrap = int(Qt.TextFlag.TextWordWrap)
        metrics = QFontMetricsF(head)
        head_h = 4.5 + max(
            metrics.boundingRect(QRectF(0, 0, widths[i] - 6, 1000), wrap, c.header).height()
            for i, c in enumerate(columns)
        )

    def cells(values: Sequence[str], f, top: float, chip: str | None = None) -> None:  # type: ignore[no-untyped-def]
        painter.setFont(f)
        cx = x
        for i, (col, value) in enumerate(zip(columns, values, strict=True)):
            inner = QRectF(cx + 3, top, widths[i] - 6, row_h)
            if i == 0 and chip:
                painter.fillRect(QRectF(inner.left(), top + 3.5, 6, 6), QColor(chip))
                inner.adjust(9, 0, 0, 0)
            align = Qt.AlignmentFlag.AlignRight if col.right else Qt.AlignmentFlag.AlignLeft
            painter.drawText(
                inner, align | Qt.AlignmentFlag.AlignVCenter, elide(value, f, inner.width())
            )
            cx += widths[i]

    painter.setPen(MUTED)
    painter.setFont(head)
    cx = x
    for i, col in enumerate(columns):
        align = Qt.AlignmentFlag.AlignRight if col.right else Qt.AlignmentFlag.AlignLeft
        flags = align | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap
        inner = QRectF(cx + 3, y, widths[i] - 6, head_h - 2 if wraps else head_h)
        if not wraps:
            flags = align | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(inner, int(flags), col.header)
        cx += widths[i]
    y += head_h
    painter.setPen(QPen(INK, 0.7))
    painter.drawLine(QPointF(x, y), QPointF(x + w, y))
    for n, row in enumerate(rows):
        if n % 2:
            painter.fillRect(QRectF(x, y, w, row_h), STRIPE)
        painter.setPen(INK)
        cells(row, body, y, chips[n] if n < len(chips) else None)
        y += row_h
    if not rows:
        painter.setPen(MUTED)
        painter.setFont(font(8, italic=True))
        painter.drawText(QRectF(x + 3, y, w, row_h), Qt.AlignmentFlag.AlignVCenter, "None.")
        y += row_h
    if total is not None:
        painter.setPen(QPen(INK, 0.7))
        painter.drawLine(QPointF(x, y), QPointF(x + w, y))
        painter.setPen(INK)
        cells(total, bold, y)
        y += row_h
    painter.setPen(QPen(RULE, 0.6))
    painter.drawLine(QPointF(x, y), QPointF(x + w, y))
    return y + 14


def _tiles(painter: QPainter, x: float, y: float, w: float, report: MonthlyReport) -> float:
    loc = report.locale
    tiles = [
        ("Pages", _n(report.pages, loc)),
        ("Night pages", _n(report.night_pages, loc)),
        ("Hours on call in the month", _fmt(report.ooh_hours, loc)),
        ("Hours paid this month", _fmt(report.paid_hours, loc)),
        ("Shifts started", _n(report.shifts, loc)),
        (
            "Rest entitled / taken",
            f"{_fmt(report.rest_entitled, loc)} / {_fmt(report.rest_taken, loc)}",
        ),
        ("Balance", balance_text(report.balance)),
    ]
    gap = 6.0
    tile_w = (w - gap * (len(tiles) - 1)) / len(tiles)
    for i, (label, value) in enumerate(tiles):
        rect = QRectF(x + i * (tile_w + gap), y, tile_w, 50)
        painter.fillRect(rect, STRIPE)
        painter.fillRect(QRectF(rect.left(), rect.top(), 2.5, rect.height()), ACCENT)
        painter.setPen(INK)
        value_font = font(16, bold=True)
        painter.setFont(value_font)
        painter.drawText(
            rect.adjusted(8, 4, -4, -26),
            Qt.AlignmentFlag.AlignVCenter,
            elide(value, value_font, rect.width() - 12),
        )
        painter.setPen(MUTED)
        painter.setFont(font(7))
        painter.drawText(  # the label whole, on two lines if it needs them
            rect.adjusted(8, 25, -4, -2),
            Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            label,
        )
    return y + 64


def _week_bars(painter: QPainter, x: float, y: float, w: float, report: MonthlyReport) -> float:
    """Pages per on-call week as a table with a bar (night pages in the dark part)."""
    table_w = w * 0.55
    top = y
    loc = report.locale
    rows = [
        [wk.label, _n(wk.pages, loc), _n(wk.night_pages, loc), _n(wk.minutes, loc)]
        for wk in report.weeks
    ]
    cols = [Column("On-call week", 0.46), Column("Pages", 0.18, True),
            Column("Night", 0.16, True), Column("Minutes", 0.2, True)]  # fmt: skip
    total = ["Month", _n(report.pages, loc), _n(report.night_pages, loc),
             _n(sum(wk.minutes for wk in report.weeks), loc)]  # fmt: skip
    bottom = draw_table(painter, x, y, table_w, cols, rows, total=total)
    most = max([wk.pages for wk in report.weeks] + [1])
    bar_x, bar_w = x + table_w + 14, w - table_w - 14
    row_y = top + 13
    for wk in report.weeks:
        full = bar_w * wk.pages / most
        night = bar_w * wk.night_pages / most
        painter.fillRect(QRectF(bar_x, row_y + 2.5, full, 8), BAR)
        painter.fillRect(QRectF(bar_x, row_y + 2.5, night, 8), NIGHT)
        row_y += 13
    small = font(7)
    painter.setFont(small)
    painter.setPen(MUTED)
    for colour, text in ((BAR, "pages"), (NIGHT, "night pages")):  # each as wide as it is
        painter.fillRect(QRectF(bar_x, row_y + 4, 8, 6), colour)
        width = text_width(text, small)
        painter.drawText(
            QRectF(bar_x + 11, row_y + 1, width, 12), Qt.AlignmentFlag.AlignVCenter, text
        )
        bar_x += 11 + width + 12
    return bottom


def _page_one(painter: QPainter, body: QRectF, report: MonthlyReport) -> None:
    x, w = body.left(), body.width()
    y = _tiles(painter, x, body.top(), w, report)
    y = draw_heading(painter, x, y, w, "Pages per on-call week")
    y = _week_bars(painter, x, y, w, report)
    half = (w - 18) / 2
    top = draw_heading(painter, x, y, half, "Pages per rotation")
    cols = [Column("Rotation", 0.6), Column("Pages", 0.2, True), Column("Night", 0.2, True)]
    left = draw_table(
        painter, x, top, half, cols,
        [[r.name, str(r.pages), str(r.night_pages)] for r in report.by_rotation],
    )  # fmt: skip
    draw_heading(painter, x + half + 18, y, half, "Pages per site")
    cols = [Column("Site", 0.6), Column("Pages", 0.2, True), Column("Night", 0.2, True)]
    right = draw_table(
        painter, x + half + 18, top, half, cols,
        [[r.name, str(r.pages), str(r.night_pages)] for r in report.by_office],
        chips=[r.colour for r in report.by_office],
    )  # fmt: skip
    y = max(left, right)
    y = draw_heading(painter, x, y, w, "Compared with the previous months")
    height = min(220.0, body.bottom() - y)
    if height > 80:
        draw_trend(painter, QRectF(x, y, w, height), report)


@dataclass(frozen=True)
class LoadPage:
    """One page of Load per person: its people ``start:stop``, whether the table's total
    row closes it, and whether Load per site, Fairness and the note follow on it."""

    start: int
    stop: int
    total: bool
    tail: bool


def _people_table(
    painter: QPainter, x: float, y: float, w: float, report: MonthlyReport, page: LoadPage
) -> float:
    loc = report.locale

    def fmt(value: float) -> str:
        return _fmt(value, loc)

    heading = "Load per person" if page.start == 0 else "Load per person (continued)"
    y = draw_heading(painter, x, y, w, heading)
    cols = [
        Column("Volunteer", 0.22), Column("Site", 0.14), Column("Shifts", 0.06, True),
        Column("Hours in month", 0.08, True), Column("Hours paid", 0.07, True),
        Column("Tour shifts", 0.09, True),
        Column("Target", 0.06, True), Column("Pages (night)", 0.08, True),
        Column("Rest due", 0.07, True), Column("Taken", 0.06, True),
        Column("Rest left", 0.07, True),
    ]  # fmt: skip
    people = report.people[page.start : page.stop]
    rows = [
        [
            p.name, p.site, str(p.shifts), fmt(p.ooh_hours), fmt(p.paid_hours),
            f"{p.tour_shifts} {p.on_target}".strip() if p.target else "no tour",
            p.target, f"{p.pages} ({p.night_pages})", fmt(p.rest_entitled),
            fmt(p.rest_taken), fmt(p.rest_balance),
        ]
        for p in people
    ]  # fmt: skip
    total = ["All", "", str(report.shifts), fmt(report.ooh_hours), fmt(report.paid_hours),
             "", "",
             f"{report.pages} ({report.night_pages})", fmt(report.rest_entitled),
             fmt(report.rest_taken), ""]  # fmt: skip
    chips = [p.colour for p in people]
    return draw_table(painter, x, y, w, cols, rows, chips, total if page.total else None)


def _load_tail(painter: QPainter, x: float, y: float, w: float, report: MonthlyReport) -> float:
    """Load per site, Fairness and the note that explains the load's columns."""
    loc = report.locale

    def fmt(value: float) -> str:
        return _fmt(value, loc)

    y = draw_heading(painter, x, y, w, "Load per site")
    cols = [
        Column("Site", 0.3), Column("People on call", 0.16, True), Column("Shifts", 0.12, True),
        Column("Hours in month", 0.14, True), Column("Pages", 0.14, True),
        Column("Night", 0.14, True),
    ]  # fmt: skip
    rows = [
        [o.site, str(o.people), str(o.shifts), fmt(o.ooh_hours), str(o.pages),
         str(o.night_pages)]
        for o in report.offices
    ]  # fmt: skip
    y = draw_table(painter, x, y, w, cols, rows, [o.colour for o in report.offices])
    y = draw_heading(painter, x, y, w, "Fairness")
    cols = [
        Column("Rotation", 0.3), Column("Balance", 0.14, True), Column("Coverage", 0.14, True),
        Column("People", 0.12, True), Column("Window", 0.3, True),
    ]  # fmt: skip
    rows = [
        [
            f.rotation, balance_text(f.balance),
            locale_text.percent(f.coverage, loc), str(f.people), f.window,
        ]
        for f in report.fairness
    ]  # fmt: skip
    y = draw_table(painter, x, y, w, cols, rows)
    note = (
        "Hours in month: out-of-hours hours each person held inside this month. Hours paid: "
        "out-of-hours hours of the worked weeks that end this month, as the payroll pays "
        "them (a week running into the next month is paid there). "
        f"Balance (overall {balance_text(report.balance)}, as the Rota screen shows it for "
        f"the {report.window}): the mean over every pair of people of min/max of their "
        "out-of-hours hours per week they could serve (100 % = perfectly even). "
        "Coverage: the share of this month's slots with an assignee. Tour shifts: published "
        "shifts in the current tour up to the end of the month, against the tour's target "
        "('so far' while the tour runs and is still under it)."
    )
    return draw_note(painter, x, y, w, note)


def load_pages(report: MonthlyReport, body: QRectF) -> tuple[LoadPage, ...]:
    """Load per person cut into pages of ``body``'s height (measured by painting it aside):
    one page when the whole table and what follows it fit, else as many rows a page as
    fit, what follows on the last page if there is room, else on a page of its own."""
    count = len(report.people)
    picture = QPicture()
    painter = QPainter(picture)
    try:
        whole = LoadPage(0, count, True, False)
        fixed = _people_table(painter, 0, 0, body.width(), report, whole) - ROW_H * count
        tail = _load_tail(painter, 0, 0, body.width(), report)
    finally:
        painter.end()
    room = body.height()
    if fixed + ROW_H * count + tail <= room:
        return (replace(whole, tail=True),)
    per_page = max(1, int((room - fixed) // ROW_H))
    pages = [
        LoadPage(start, min(count, start + per_page), start + per_page >= count, False)
        for start in range(0, count, per_page)
    ]
    last = pages[-1]
    if fixed + ROW_H * (last.stop - last.start) + tail <= room:
        pages[-1] = replace(last, tail=True)
    else:
        pages.append(LoadPage(count, count, False, True))
    return tuple(pages)


def _page_two(painter: QPainter, body: QRectF, report: MonthlyReport, page: LoadPage) -> None:
    x, y, w = body.left(), body.top(), body.width()
    if page.stop > page.start or page.total:
        y = _people_table(painter, x, y, w, report, page)
    if page.tail:
        _load_tail(painter, x, y, w, report)


def _capped(rows: list[list[str]], room: int, width: int) -> list[list[str]]:
    """At most ``room`` rows; the last says how many more there are."""
    if len(rows) <= room:
        return rows
    keep = max(room - 1, 0)
    return rows[:keep] + [[f"… and {len(rows) - keep} more"] + [""] * (width - 1)]


def _page_time(at: datetime, locale: str | None) -> str:
    """A page's time in the responder's zone, named: 'Fri 27 Nov 18:05 GMT'."""
    if locale_text.babel_locale(locale) is None:
        return f"{at:%a %d %b %H:%M %Z}"
    return f"{locale_text.day_time(at, locale)} {at:%Z}"


def _page_three(painter: QPainter, body: QRectF, report: MonthlyReport) -> None:
    x, w = body.left(), body.width()
    row_h = 13.0
    y = draw_heading(
        painter, x, body.top(), w, f"Pages without a follow-up ({len(report.without_follow_up)})"
    )
    cols = [
        Column("When (responder's time)", 0.24), Column("Responder", 0.2),
        Column("Service", 0.18), Column("Summary", 0.38),
    ]  # fmt: skip
    rows = [
        [_page_time(p.local_at(), report.locale), p.name, p.service or "–", p.summary]
        for p in report.without_follow_up
    ]
    y = draw_table(painter, x, y, w, cols, _capped(rows, 14, 4))
    open_count = sum(len(rows) for _team, rows in report.open_follow_ups)
    y = draw_heading(painter, x, y, w, f"Follow-ups still open, by team ({open_count})")
    cols = [Column("Owning team", 0.24), Column("Open", 0.08, True), Column("Issues", 0.68)]
    rows = [
        [team, str(len(pages)), ", ".join(sorted({p.follow_up_link or "no link" for p in pages}))]
        for team, pages in report.open_follow_ups
    ]
    y = draw_table(painter, x, y, w, cols, _capped(rows, 10, 3))
    short = [f for f in report.forecast if f.shortfall]
    y = draw_heading(painter, x, y, w, "Recruitment forecast (the next twelve months)")
    cols = [
        Column("Rotation", 0.22), Column("Month", 0.14), Column("Team", 0.1, True),
        Column("Band", 0.12, True), Column("Short", 0.1, True), Column("Recruit by", 0.32, True),
    ]  # fmt: skip
    rows = [
        [f.rotation, locale_text.short_month(f.month, report.locale), str(f.team_size),
         f"{f.band_min}–{f.band_max}", str(f.shortfall),
         locale_text.short_date(f.recruit_by, report.locale) if f.recruit_by else ""]
        for f in short
    ]  # fmt: skip
    room = max(1, int((body.bottom() - y - 60) // row_h))
    y = draw_table(painter, x, y, w, cols, _capped(rows, room, 6))
    note = (
        "Only the months short of the band are listed. Team: the smallest team on any day of "
        "the month from the tours planned. Recruit by: approve volunteers by then (the intake "
        "lead time before the tour must start, at most the joins a month the stagger rules "
        "allow)."
        if short
        else "The tours planned keep every rotation in its band for the next twelve months."
    )
    draw_note(painter, x, y, w, note)


def page_count(report: MonthlyReport, area: QRectF) -> int:
    """How many pages the report takes on paper whose printable area is ``area``."""
    return 2 + len(load_pages(report, body_rect(area)))


def paint_report_page(
    painter: QPainter, index: int, area: QRectF, report: MonthlyReport, printed_at: datetime
) -> None:
    """Page ``index`` (from 0; see :func:`page_count`) of the report into ``area`` (points,
    painter already scaled)."""
    load = load_pages(report, body_rect(area))
    body = draw_furniture(
        painter,
        area,
        f"On-call report — {report.title}",
        f"Out-of-hours on call · times in {report.timezone}",
        report.title,
        index + 1,
        2 + len(load),
        printed_at,
        report.locale,
    )
    if index == 0:
        _page_one(painter, body, report)
    elif index <= len(load):
        _page_two(painter, body, report, load[index - 1])
    else:
        _page_three(painter, body, report)


def paint_report(
    device: QPagedPaintDevice, report: MonthlyReport, printed_at: datetime | None = None
) -> int:
    at = printed_at or printed_now(report.timezone)
    return paint_document(
        device,
        page_count(report, document_area(device)),
        lambda painter, i, area: paint_report_page(painter, i, area, report, at),
    )


def write_report_pdf(report: MonthlyReport, path: Path) -> int:
    return write_pdf_file(
        path, False, f"On-call report {report.title}", lambda device: paint_report(device, report)
    )

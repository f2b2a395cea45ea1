"""The printed rota calendar: one landscape page per month, a grid of days and a legend.

Its weekdays, months and times follow the calendar's locale (``RotaCalendar.locale``: the
app's user's; none from the command line, which prints the fixed English forms)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPagedPaintDevice, QPainter, QPen

from planner.core import locale_text
from planner.outputs.calendar import CalendarDay, Holder, MonthPage, RotaCalendar
from ui import palette
from ui.printing.page_setup import (
    INK,
    MUTED,
    RULE,
    draw_furniture,
    elide,
    font,
    paint_document,
    printed_now,
    text_width,
    write_pdf_file,
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LEGEND_WIDTH = 168.0
LINE = 9.6  # height of one name line in a day cell
WEEKEND_FILL = QColor(palette.PAPER_WEEKEND)
HOLIDAY_FILL = QColor(palette.PAPER_HOLIDAY_FILL)
HOLIDAY_INK = QColor(palette.PAPER_HOLIDAY_INK)
OUTSIDE_FILL = QColor(palette.PAPER_OUTSIDE)
DRAFT_INK = QColor(palette.PAPER_DRAFT)
UNCOVERED_INK = QColor(palette.PAPER_UNCOVERED_INK)
UNCOVERED_FILL = QColor(palette.PAPER_UNCOVERED_FILL)


def rotation_tag(name: str) -> str:
    """A short tag for a rotation: 'Primary' -> 'P', 'Escalation L2' -> 'L2'."""
    words = name.split()
    for word in reversed(words):
        if any(ch.isdigit() for ch in word):
            return word
    return words[0][:1].upper() if words else "?"


def month_title(page: MonthPage, locale: str | None = None) -> str:
    """'November 2026'; de_DE 'November 2026', fr_FR 'novembre 2026'."""
    if locale_text.babel_locale(locale) is None:
        return page.title
    return locale_text.month_year(date(page.year, page.month, 1), locale)


def weekdays(locale: str | None = None) -> tuple[str, ...]:
    """The grid's column headings, Monday first."""
    if locale_text.babel_locale(locale) is None:
        return WEEKDAYS
    monday = date(2024, 1, 1)
    return tuple(locale_text.weekday(monday + timedelta(days=n), locale) for n in range(7))


def _clock(at: time | None, locale: str | None) -> str:
    return "" if at is None else locale_text.clock(at, locale)


def holder_times(holder: Holder, locale: str | None = None) -> str:
    """``Holder.times`` in the locale: '–18:00', '18:00–', '20:00–02:00'; en_US '8:00 PM–…'."""
    if locale_text.babel_locale(locale) is None:
        return holder.times
    since, until = _clock(holder.since, locale), _clock(holder.until, locale)
    if holder.kind in ("outgoing", "incoming"):
        return f"{since}–{until}"
    if holder.kind == "cover":
        return "all day" if not (since or until) else f"{since}–{until}"
    return ""


def period_label(data: RotaCalendar) -> str:
    first, last = data.months[0], data.months[-1]
    if first is last:
        return month_title(first, data.locale)
    return f"{month_title(first, data.locale)} – {month_title(last, data.locale)}"


def _tint(colour: str, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


NAME_SIZES = (7, 6)  # a name's font in a day cell: the usual size, then one smaller
TIME_SIZE = 6


@dataclass(frozen=True)
class HolderFit:
    """How a holder's name and times are set in a day cell's width."""

    name_size: int
    times: str  # the times printed ("" when none, or left to the day's handover mark)
    times_below: bool = False  # the times on a line of their own under the name

    @property
    def lines(self) -> int:
        return 2 if self.times_below else 1


def _name_left(holder: Holder, show_tag: bool) -> float:
    """Where the name starts, from the line's left edge: after the chip and the tag (a
    cover line without its tag gives its name more room)."""
    return 4.0 + (10.0 if (show_tag or holder.kind != "cover") else 3.0)


def fit_holder(
    holder: Holder,
    width: float,
    show_tag: bool,
    locale: str | None = None,
    second_line: bool = True,
) -> HolderFit:
    """The name whole wherever the cell allows it: on one line with its times at the usual
    size; else (a cover's times matter) the times on a second line, ``second_line``
    permitting, the name at the usual size or one smaller; else a handover's times left to
    the day's header; else one size smaller; else shortened at the smaller size."""
    if holder.kind in ("uncovered", "unpublished"):
        return HolderFit(NAME_SIZES[0], "")
    cover = holder.kind == "cover"
    times = holder_times(holder, locale)
    room = width - 2 - _name_left(holder, show_tag)

    def name_w(size: int) -> float:
        return text_width(holder.name, font(size, italic=cover))

    time_w = text_width(times, font(TIME_SIZE)) + 2 if times else 0.0
    if name_w(NAME_SIZES[0]) <= room - time_w:
        return HolderFit(NAME_SIZES[0], times)
    handover = holder.kind in ("outgoing", "incoming")
    if times and not handover and second_line:
        for size in NAME_SIZES:
            if name_w(size) <= room:
                return HolderFit(size, times, times_below=True)
    if handover:
        times, time_w = "", 0.0  # the name wins; the day's header shows the handover time
    for size in NAME_SIZES:
        if name_w(size) <= room - time_w:
            return HolderFit(size, times)
    return HolderFit(NAME_SIZES[-1], times)


def _holder_line(
    painter: QPainter,
    rect: QRectF,
    tag: str,
    holder: Holder,
    show_tag: bool,
    locale: str | None = None,
    fit: HolderFit | None = None,
) -> None:
    """One holder: site colour chip, rotation tag, name, times on the right (or, as ``fit``
    says, on a line of their own below the name: ``rect`` then spans both lines); the name
    is shortened only when even ``fit`` cannot show it whole."""
    fit = fit or fit_holder(holder, rect.width(), show_tag, locale, second_line=False)
    painter.save()
    if holder.kind == "unpublished":
        painter.setFont(font(6, italic=True))
        painter.setPen(RULE.darker(130))
        painter.drawText(
            rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, f"{tag}  not published"
        )
        painter.restore()
        return
    if holder.kind == "uncovered":
        # Unmistakable, in colour and in black and white: the word, a cross-hatch (drafts
        # have a single hatch) and a frame.
        painter.fillRect(rect, UNCOVERED_FILL)
        painter.fillRect(rect, QBrush(UNCOVERED_INK, Qt.BrushStyle.DiagCrossPattern))
        painter.setPen(QPen(UNCOVERED_INK, 0.8))
        painter.drawRect(rect)
        label = QRectF(rect.left() + 2, rect.top() + 0.6, rect.width() - 4, rect.height() - 1.2)
        bold = font(7, bold=True)
        painter.setFont(bold)
        text = f"{tag}  UNCOVERED"
        back = QRectF(label.left(), label.top(), text_width(text, bold) + 4, label.height())
        painter.fillRect(back, QColor(palette.PAPER_SHEET))
        painter.setPen(UNCOVERED_INK)
        painter.drawText(label.adjusted(2, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
        return
    cover = holder.kind == "cover"
    fill = _tint(holder.colour, 34 if not cover else 18)
    painter.fillRect(rect, fill)
    if holder.draft:
        painter.fillRect(rect, QBrush(_tint(palette.PAPER_DRAFT, 60), Qt.BrushStyle.BDiagPattern))
    chip = QRectF(rect.left(), rect.top(), 2.6, rect.height())
    painter.fillRect(chip, QColor(holder.colour))
    x = rect.left() + 4.0
    line_h = rect.height() if not fit.times_below else (rect.height() - 1.2) / 2
    if show_tag:
        painter.setFont(font(6, bold=True))
        painter.setPen(MUTED)
        painter.drawText(QRectF(x, rect.top(), 10, line_h), Qt.AlignmentFlag.AlignVCenter, tag)
    x = rect.left() + _name_left(holder, show_tag)
    times = fit.times
    time_font = font(TIME_SIZE)
    time_w = text_width(times, time_font) + 2 if times else 0.0
    if times:
        top = rect.bottom() - line_h if fit.times_below else rect.top()
        painter.setFont(time_font)
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(rect.right() - time_w - 1, top, time_w, line_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            times,
        )
    name_font = font(fit.name_size, italic=cover)
    painter.setFont(name_font)
    painter.setPen(DRAFT_INK if holder.draft else MUTED if holder.kind == "outgoing" else INK)
    name_w = rect.right() - (0.0 if fit.times_below else time_w) - 2 - x
    painter.drawText(
        QRectF(x, rect.top(), name_w, line_h),
        Qt.AlignmentFlag.AlignVCenter,
        elide(holder.name, name_font, name_w),
    )
    painter.restore()


HOLIDAY_SIZE = 6  # a public holiday's name in its day's cell (bold, in the holiday ink)
_WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


def holiday_box(name: str, cell: QRectF, head_room: QRectF) -> tuple[QRectF, int]:
    """Where a public holiday's name is printed whole in its day's cell, and the drawing
    flags: on the header line right of the day's number (and handover mark) when it fits
    there, else on lines of its own under the header, wrapped at spaces (a word wider than
    the cell anywhere), as many lines as it needs; the box is measured with the font's
    metrics, so no line is clipped. (The names were shortened to 'Christm…' before; a German
    calendar's 'Zweiter Weihnachtsfeiertag' is longer still.)"""
    metrics = QFontMetricsF(font(HOLIDAY_SIZE, bold=True))
    if metrics.horizontalAdvance(name) <= head_room.width():
        return head_room, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    left, width = cell.left() + 3, cell.width() - 6
    flags = int(_WRAP)
    top = head_room.bottom() + 0.5
    needed = metrics.boundingRect(QRectF(left, top, width, 10_000), flags, name)
    if needed.width() > width:  # one word is wider than the cell: break it anywhere
        flags = int(_WRAP | Qt.TextFlag.TextWrapAnywhere)
        needed = metrics.boundingRect(QRectF(left, top, width, 10_000), flags, name)
    return QRectF(left, top, width, needed.height() + 0.5), flags


def _day_cell(
    painter: QPainter,
    rect: QRectF,
    day: CalendarDay,
    tags: dict[str, str],
    locale: str | None = None,
) -> None:
    weekend = day.day.weekday() >= 5
    fill = (
        OUTSIDE_FILL
        if not day.in_month
        else HOLIDAY_FILL
        if day.holiday
        else WEEKEND_FILL
        if weekend
        else QColor(palette.PAPER_SHEET)
    )
    painter.fillRect(rect, fill)
    painter.setPen(QPen(RULE, 0.6))
    painter.drawRect(rect)
    number_font = font(9, bold=day.in_month)
    painter.setFont(number_font)
    painter.setPen(INK if day.in_month else RULE)
    head = QRectF(rect.left() + 3, rect.top() + 1, rect.width() - 6, 11)
    painter.drawText(
        head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(day.day.day)
    )
    if not day.in_month:
        return
    offset = text_width(str(day.day.day), number_font) + 5
    if day.handover is not None:
        label = f"⇄ {locale_text.clock(day.handover, locale)}"
        small = font(6, bold=True)
        painter.setFont(small)
        painter.setPen(MUTED)
        painter.drawText(head.adjusted(offset, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, label)
        offset += text_width(label, small) + 4
    y = rect.top() + 13
    if day.holiday:
        box, flags = holiday_box(day.holiday, rect, head.adjusted(offset, 0, 0, 0))
        painter.setFont(font(HOLIDAY_SIZE, bold=True))
        painter.setPen(HOLIDAY_INK)
        painter.drawText(box, flags, day.holiday)
        y = max(y, box.bottom() + 1.5)
    lines = [(r.rotation, h) for r in day.rotations for h in r.holders]
    available = int((rect.bottom() - 1.5 - y) // LINE)
    width = rect.width() - 4
    tagged = [i == 0 or lines[i - 1][0] != rot for i, (rot, _h) in enumerate(lines)]
    fits = [fit_holder(h, width, t, locale) for (_r, h), t in zip(lines, tagged, strict=True)]
    if sum(f.lines for f in fits) > available:  # no room for second lines: times inline
        fits = [
            fit_holder(h, width, t, locale, second_line=False)
            for (_r, h), t in zip(lines, tagged, strict=True)
        ]
    shown = lines if len(lines) <= available else lines[: max(0, available - 1)]
    for (rotation, holder), show_tag, fit in zip(shown, tagged, fits, strict=False):
        line = QRectF(rect.left() + 2, y, width, LINE * fit.lines - 1.2)
        _holder_line(painter, line, tags[rotation], holder, show_tag, locale, fit)
        y += LINE * fit.lines
    if len(shown) < len(lines):
        painter.setFont(font(6, italic=True))
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(rect.left() + 4, y, rect.width() - 8, LINE - 1),
            Qt.AlignmentFlag.AlignVCenter,
            f"+{len(lines) - len(shown)} more (see rota)",
        )


def _legend(painter: QPainter, rect: QRectF, data: RotaCalendar, page: MonthPage) -> None:
    x, y, w = rect.left() + 8, rect.top(), rect.width() - 8
    head = font(8, bold=True)
    body = font(7)

    def heading(text: str) -> None:
        nonlocal y
        painter.setFont(head)
        painter.setPen(INK)
        painter.drawText(QRectF(x, y, w, 11), Qt.AlignmentFlag.AlignVCenter, text)
        y += 12

    def swatch_line(colour: str, text: str, sub: str = "") -> None:
        nonlocal y
        painter.fillRect(QRectF(x, y + 1.5, 7, 7), QColor(colour))
        painter.setFont(body)
        painter.setPen(INK)
        sub_w = text_width(sub, font(6)) + 4 if sub else 0
        # The legend is where a name shortened in the day cells is printed whole: a long one
        # gets a smaller font, then the line to itself (the site goes below), before eliding.
        name_font, room = body, w - 10 - sub_w
        for size, own_line in ((7, False), (6, False), (5, False), (6, True), (5, True)):
            name_font, room = font(size), w - 10 - (0 if own_line else sub_w)
            if text_width(text, name_font) <= room:
                break
        painter.setFont(name_font)
        painter.drawText(
            QRectF(x + 10, y, room, 10),
            Qt.AlignmentFlag.AlignVCenter,
            elide(text, name_font, room),
        )
        if sub and room == w - 10:  # the name took the whole line: the site on the next
            y += 9
        if sub:
            painter.setFont(font(6))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(x + w - sub_w, y, sub_w, 10),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                sub,
            )
        y += 10

    heading("Sites")
    for site in data.sites:
        swatch_line(site.colour, site.name + (" (home)" if site.is_home else ""))
    y += 6
    heading("On call this month")
    if not page.legend:
        painter.setFont(font(7, italic=True))
        painter.setPen(MUTED)
        painter.drawText(QRectF(x, y, w, 10), Qt.AlignmentFlag.AlignVCenter, "No shifts.")
        y += 10
    for person in page.legend:
        swatch_line(person.colour, person.name, person.site)
    y += 6
    heading("Key")
    painter.setFont(body)
    painter.setPen(INK)
    key = [f"{rotation_tag(r)} = {r}" for r in data.rotations]
    key += [
        f"⇄ handover, {data.handover}:",
        "  outgoing (grey) then incoming",
        "Italic = a cover, with its times",
        f"Times are {data.timezone} time",
    ]
    if page.has_drafts:
        key.append("Purple, hatched = draft")
    gaps = any(h.kind == "uncovered" for w in page.weeks for d in w for r in d.rotations
               for h in r.holders)  # fmt: skip
    if gaps:
        key.append("UNCOVERED, cross-hatched = nobody on call")
    for text in key:
        painter.drawText(QRectF(x, y, w, 10), Qt.AlignmentFlag.AlignVCenter, elide(text, body, w))
        y += 10
    if page.holidays:
        y += 6
        heading("Public holidays")
        for day, name in page.holidays:
            holiday = (
                f"{day:%a %d}"
                if locale_text.babel_locale(data.locale) is None
                else locale_text.weekday_day(day, data.locale)
            )
            swatch_line(HOLIDAY_FILL.name(), f"{holiday} {name}")


def paint_month(
    painter: QPainter,
    area: QRectF,
    data: RotaCalendar,
    index: int,
    printed_at: datetime,
) -> None:
    page = data.months[index]
    subtitle = f"Primary and escalation out-of-hours on call · handover {data.handover}"
    if data.include_drafts:
        subtitle += " · includes drafts"
    body = draw_furniture(
        painter,
        area,
        f"On-call rota — {month_title(page, data.locale)}",
        subtitle,
        period_label(data),
        index + 1,
        len(data.months),
        printed_at,
        data.locale,
    )
    grid = QRectF(body.left(), body.top(), body.width() - LEGEND_WIDTH, body.height())
    _legend(painter, QRectF(grid.right(), body.top(), LEGEND_WIDTH, body.height()), data, page)
    col_w = grid.width() / 7
    head_h = 13.0
    painter.setFont(font(8, bold=True))
    painter.setPen(MUTED)
    for i, name in enumerate(weekdays(data.locale)):
        painter.drawText(
            QRectF(grid.left() + i * col_w, grid.top(), col_w, head_h),
            Qt.AlignmentFlag.AlignCenter,
            name,
        )
    row_h = (grid.height() - head_h) / len(page.weeks)
    tags = {r: rotation_tag(r) for r in data.rotations}
    for r, week in enumerate(page.weeks):
        for c, day in enumerate(week):
            cell = QRectF(grid.left() + c * col_w, grid.top() + head_h + r * row_h, col_w, row_h)
            _day_cell(painter, cell, day, tags, data.locale)
    painter.setPen(QPen(INK, 0.8))
    painter.drawRect(QRectF(grid.left(), grid.top() + head_h, grid.width(), grid.height() - head_h))


def paint_rota(
    device: QPagedPaintDevice, data: RotaCalendar, printed_at: datetime | None = None
) -> int:
    printed_at = printed_at or printed_now(data.timezone)
    return paint_document(
        device,
        len(data.months),
        lambda painter, i, area: paint_month(painter, area, data, i, printed_at),
    )


def write_rota_pdf(data: RotaCalendar, path: Path) -> int:
    """The rota calendar as a PDF: one landscape page per month. Returns the page count."""
    return write_pdf_file(
        path, True, f"On-call rota {period_label(data)}", lambda device: paint_rota(device, data)
    )

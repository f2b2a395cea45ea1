"""The rota as a timeline, drawn as PagerDuty draws a schedule: one row per rotation (its
shifts, with covers drawn over the part of the shift they cut), then a final "On call"
row (who actually holds each rotation, covers applied); time across, in the home site's
zone; gaps in red; office hours shaded; a line at now.

Dragging across a shift asks for a cover of that span (``coverRequested``); hovering
shows who, when in each site's time, and why a gap has nobody.

By keyboard: one shift, cover or gap has the focus (drawn with a focus frame, its tooltip
shown). Left and Right move to the one before or after in the row (past the edge, the view
pans), Up and Down to the row above or below at the same time, Home and End to the row's
first and last; Page Up and Page Down pan, + and − zoom. Enter asks for its Cover dialog
(as a double-click does), and the Menu key or Shift+F10 opens the menu a right-click opens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.core.out_of_hours import local_to_utc
from planner.rota.on_call import GAP_RULE, Holder, Stretch
from ui import palette, user_locale
from ui.rule_tips import rule_line

LABEL_W = 150
HEADER_H = 44
LANE_H = 48
FINAL_H = 30
GAP_Y = 10
SNAP = timedelta(minutes=15)
DRAG_MIN_PX = 4

# Zoom levels: name -> span shown.
ZOOMS: list[tuple[str, timedelta]] = [
    ("Day", timedelta(days=1)),
    ("Week", timedelta(weeks=1)),
    ("2 weeks", timedelta(weeks=2)),
    ("Month", timedelta(days=31)),
    ("Quarter", timedelta(days=91)),
]


@dataclass(frozen=True)
class Lane:
    rotation_id: int
    rotation: str
    stretches: tuple[Stretch, ...]


@dataclass
class TimelineData:
    start: datetime  # UTC, the left edge
    end: datetime  # UTC, the right edge
    tz: ZoneInfo  # the home site's zone: the axis
    now: datetime
    lanes: list[Lane] = field(default_factory=list)
    office: list[tuple[datetime, datetime]] = field(default_factory=list)
    zones: list[tuple[str, str]] = field(default_factory=list)  # (site, IANA zone)


@dataclass(frozen=True)
class Hit:
    """What lies under a point: a lane (rotation) and the stretch or cover there."""

    rotation_id: int
    rotation: str
    final: bool  # in the "On call" row
    stretch: Stretch | None
    cover: Stretch | None
    at: datetime


class RotaTimelineView(QWidget):
    # rotation id, start, end (UTC): the span dragged across a shift
    coverRequested = Signal(int, object, object)  # noqa: N815  (Qt signal naming)
    # what lies under the pointer (a Hit) and where to show its menu (global position)
    menuRequested = Signal(object, QPoint)  # noqa: N815
    # a double-click on a shift or a gap: the Hit (the screen opens its Cover dialog)
    editRequested = Signal(object)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: TimelineData | None = None
        self.explain: Callable[[Stretch], str] = lambda s: ""
        self._drag: tuple[int, datetime] | None = None  # rotation id, instant pressed
        self._drag_to: datetime | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Rota timeline")
        self.pan: Callable[[int], None] = lambda steps: None
        self.zoom: Callable[[int], None] = lambda steps: None
        # the keyboard's item: a row (rotations, then the "On call" rows) and an instant in
        # it; the item is the stretch there, so it survives a pan, a zoom or a refresh
        self._focus: tuple[int, datetime] | None = None

    def set_data(self, data: TimelineData) -> None:
        self.data = data
        self.updateGeometry()
        self.update()
        if self._focus is not None and self.hasFocus():
            self._show_focus_tip()

    # -- geometry ---------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, self._height())

    def _height(self) -> int:
        lanes = len(self.data.lanes) if self.data else 2
        return HEADER_H + lanes * LANE_H + GAP_Y + 24 + lanes * FINAL_H + 12

    def x_of(self, instant: datetime) -> int:
        assert self.data is not None
        span = (self.data.end - self.data.start).total_seconds()
        part = (instant - self.data.start).total_seconds() / span
        return LABEL_W + round(part * (self.width() - LABEL_W - 1))

    def instant_at(self, x: int) -> datetime:
        assert self.data is not None
        span = self.data.end - self.data.start
        part = (x - LABEL_W) / max(1, self.width() - LABEL_W - 1)
        return self.data.start + span * max(0.0, min(1.0, part))

    def lane_rect(self, index: int) -> QRect:
        return QRect(LABEL_W, HEADER_H + index * LANE_H, self.width() - LABEL_W, LANE_H)

    def final_top(self) -> int:
        lanes = len(self.data.lanes) if self.data else 0
        return HEADER_H + lanes * LANE_H + GAP_Y + 24

    def final_rect(self, index: int) -> QRect:
        top = self.final_top() + index * FINAL_H
        return QRect(LABEL_W, top, self.width() - LABEL_W, FINAL_H)

    def _snap(self, instant: datetime) -> datetime:
        assert self.data is not None
        offset = instant - self.data.start
        steps = round(offset / SNAP)
        return self.data.start + steps * SNAP

    # -- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(self.rect(), palette.qcolor("canvas"))
        data = self.data
        if data is None or not data.lanes:
            p.setPen(palette.qcolor("muted"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No rotations to show")
            return
        body_bottom = self.final_top() + len(data.lanes) * FINAL_H
        self._paint_axis(p, body_bottom)
        for i, lane in enumerate(data.lanes):
            rect = self.lane_rect(i)
            self._lane_label(p, rect.top(), LANE_H, lane.rotation, bold=True)
            self._paint_rotation(p, lane, rect)
            p.setPen(QPen(palette.qcolor("grid")))
            p.drawLine(0, rect.bottom(), self.width(), rect.bottom())
        title_top = self.final_top() - 24
        p.fillRect(QRect(0, title_top, self.width(), 22), palette.qcolor("lane_fill"))
        p.setPen(palette.qcolor("lane_text"))
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRect(8, title_top, self.width(), 22), Qt.AlignmentFlag.AlignVCenter,
                   "Who is on call (covers applied)")  # fmt: skip
        p.setFont(self.font())
        for i, lane in enumerate(data.lanes):
            rect = self.final_rect(i)
            self._lane_label(p, rect.top(), FINAL_H, lane.rotation, bold=False)
            for s in lane.stretches:
                self._bar(p, s, rect.adjusted(0, 3, 0, -3), holder=s.holder, solid=True)
        # office hours: product teams carry their pages; shaded over every lane
        shade = data.end - data.start <= timedelta(weeks=2)  # wider: too thin to read
        for s0, s1 in data.office if shade else []:
            x0, x1 = self.x_of(max(s0, data.start)), self.x_of(min(s1, data.end))
            for top, height in self._lane_bands():
                p.fillRect(QRect(x0, top, x1 - x0, height), palette.qcolor("muted", 45))
        # now
        if data.start <= data.now < data.end:
            x = self.x_of(data.now)
            p.setPen(QPen(palette.qcolor("today"), 2))
            p.drawLine(x, HEADER_H - 6, x, body_bottom)
            label = self.now_label_rect()
            assert label is not None
            p.drawText(label, Qt.AlignmentFlag.AlignLeft, "now")
        # the span being dragged
        if self._drag is not None and self._drag_to is not None:
            index = self._lane_index(self._drag[0])
            if index is not None:
                rect = self.lane_rect(index)
                a, b = sorted((self._drag[1], self._drag_to))
                sel = QRect(self.x_of(a), rect.top() + 2, self.x_of(b) - self.x_of(a),
                            rect.height() - 4)  # fmt: skip
                p.setPen(QPen(palette.qcolor("accent"), 2, Qt.PenStyle.DashLine))
                p.setBrush(palette.qcolor("accent", 50))
                p.drawRect(sel)
        p.setPen(palette.qcolor("rule"))
        p.drawLine(LABEL_W, HEADER_H, LABEL_W, body_bottom)
        # the keyboard's item
        focus = self.focused_rect() if self.hasFocus() else None
        if focus is not None:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(palette.qcolor("accent"), 2, Qt.PenStyle.DotLine))
            p.drawRect(focus.adjusted(-1, -1, 0, 0))

    def _lane_bands(self) -> list[tuple[int, int]]:
        """(top, height) of every lane, the rotations' and the "On call" row's."""
        count = len(self.data.lanes) if self.data else 0
        bands = [(self.lane_rect(i).top(), LANE_H) for i in range(count)]
        return bands + [(self.final_rect(i).top(), FINAL_H) for i in range(count)]

    def _lane_label(self, p: QPainter, top: int, height: int, text: str, bold: bool) -> None:
        p.fillRect(QRect(0, top, LABEL_W - 1, height), palette.qcolor("lane_fill"))
        font = QFont(self.font())
        font.setBold(bold)
        p.setFont(font)
        p.setPen(palette.qcolor("lane_text"))
        p.drawText(QRect(8, top, LABEL_W - 12, height), Qt.AlignmentFlag.AlignVCenter, text)
        p.setFont(self.font())

    def _paint_axis(self, p: QPainter, bottom: int) -> None:
        data = self.data
        assert data is not None
        span = data.end - data.start
        p.setPen(palette.qcolor("text"))
        p.drawText(QRect(8, 4, LABEL_W - 12, HEADER_H - 8),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   str(data.tz))  # fmt: skip
        first = data.start.astimezone(data.tz).date()
        last = data.end.astimezone(data.tz).date()
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        px_day = (self.width() - LABEL_W) / max(span / timedelta(days=1), 1e-9)
        if span <= timedelta(days=1):
            marks = [
                (local_to_utc(data.tz, d, time(h)), f"{h:02d}:00", h % 3 == 0)
                for d in days for h in range(24)
            ]  # fmt: skip
        else:
            marks = []
            for d in days:
                if px_day >= 60:
                    label = user_locale.weekday_day(d)
                elif px_day >= 18:  # the day of the month; the month is named below
                    label = f"{d:%d}"
                else:
                    label = user_locale.day_month(d) if d.weekday() == 0 else ""
                major = px_day >= 18 or d.weekday() == 0
                marks.append((local_to_utc(data.tz, d, time(0)), label, major))
        fm = p.fontMetrics()
        right = LABEL_W  # where the last day or hour label drawn ends: none may run into it
        for instant, label, major in marks:
            if not (data.start <= instant < data.end):
                continue
            x = self.x_of(instant)
            p.setPen(QPen(palette.qcolor("rule" if major else "grid")))
            p.drawLine(x, HEADER_H - (10 if major else 5), x, bottom)
            if label and major and x + 3 >= right:
                p.setPen(palette.qcolor("text"))
                p.drawText(QRect(x + 3, 6, 120, HEADER_H - 16), Qt.AlignmentFlag.AlignLeft, label)
                right = x + 3 + fm.horizontalAdvance(label) + 6
        if span <= timedelta(days=1):
            return
        # the second row: the month at the left edge and at each month's first day, never
        # over the "now" label (drawn there too) nor over one another
        now = self.now_label_rect()
        right = LABEL_W
        p.setPen(palette.qcolor("muted"))
        months = self._month_marks()
        for n, (x, label) in enumerate(months):
            width = fm.horizontalAdvance(label)
            if now is not None and x < now.right() + 6 and x + width > now.left() - 6:
                x = now.right() + 6
            # the month at the left edge gives way to the next month's name at its start
            ends = months[n + 1][0] - 6 if n == 0 and len(months) > 1 else self.width()
            if x < right or x + width > ends:
                continue
            p.drawText(QRect(x, HEADER_H - 18, width + 2, 14), Qt.AlignmentFlag.AlignLeft, label)
            right = x + width + 12

    def _month_marks(self) -> list[tuple[int, str]]:
        """(x, 'November 2026') for the month at the left edge and each month begun since."""
        data = self.data
        assert data is not None
        first = data.start.astimezone(data.tz).date()
        marks = [(LABEL_W + 4, user_locale.month_year(first))]
        month = first.replace(day=1)
        while True:
            month = (month + timedelta(days=32)).replace(day=1)
            instant = local_to_utc(data.tz, month, time(0))
            if instant >= data.end:
                return marks
            marks.append((self.x_of(instant) + 3, user_locale.month_year(month)))

    def now_label_rect(self) -> QRect | None:
        """Where the "now" label goes (right of the now line, in the header's second row),
        or None when now is not shown."""
        data = self.data
        if data is None or not (data.start <= data.now < data.end):
            return None
        x = self.x_of(data.now)
        return QRect(x + 3, HEADER_H - 18, self.fontMetrics().horizontalAdvance("now") + 2, 14)

    def _paint_rotation(self, p: QPainter, lane: Lane, rect: QRect) -> None:
        shifts: dict[int, list[Stretch]] = {}
        for s in lane.stretches:
            if s.shift_id is None:
                self._bar(p, s, rect.adjusted(0, 6, 0, -6), holder=None, solid=False)
            else:
                shifts.setdefault(s.shift_id, []).append(s)
        for parts in shifts.values():
            whole = self._shift_span(parts)
            self._bar(p, whole, rect.adjusted(0, 6, 0, -6), holder=whole.assignee, solid=False)
            for part in parts:
                if part.covering:
                    self._bar(p, part, rect.adjusted(0, 14, 0, -3), holder=part.holder,
                              solid=True, cover=True)  # fmt: skip

    @staticmethod
    def _shift_span(parts: Sequence[Stretch]) -> Stretch:
        """The shift as one bar: the first part stretched to the last (clipped to view)."""
        first, last = parts[0], parts[-1]
        return replace(first, end=last.end, holder=first.assignee, covering=False)

    def _bar(
        self,
        p: QPainter,
        s: Stretch,
        lane: QRect,
        holder: Holder | None,
        solid: bool,
        cover: bool = False,
    ) -> None:
        assert self.data is not None and s.start is not None and s.end is not None
        x0, x1 = self.x_of(s.start), self.x_of(s.end)
        box = QRect(x0, lane.top(), max(1, x1 - x0), lane.height())
        if holder is None:
            p.setPen(QPen(palette.qcolor("error"), 1))
            p.setBrush(palette.qcolor("error_fill"))
            p.drawRect(box.adjusted(0, 0, -1, -1))
            text = "not planned" if s.shift_id is None else "gap"
            p.setPen(palette.qcolor("error"))
            p.drawText(box.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, text)
            return
        fill = palette.site_colour(holder.colour) if solid else palette.site_fill(holder.colour)
        ink = palette.readable_on(fill) if solid else palette.qcolor("text")
        draft = s.state == "draft"
        pen = QPen(palette.qcolor("draft" if draft else "rule"), 1)
        if draft:
            pen.setStyle(Qt.PenStyle.DashLine)
        if cover:
            pen = QPen(palette.qcolor("outline"), 1)
        p.setPen(pen)
        p.setBrush(QBrush(fill))
        p.drawRect(box.adjusted(0, 0, -1, -1))
        letter = palette.site_letter(holder.site)
        label = f"{letter} · {holder.name}" + (" (draft)" if draft and not solid else "")
        if cover:
            label = f"↻ {letter} · {holder.name}"
        p.setPen(ink)
        p.setClipRect(box.adjusted(2, 0, -2, 0))
        p.drawText(box.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, label)
        p.setClipping(False)

    # -- hit testing and tooltips -----------------------------------------------------
    def _lane_index(self, rotation_id: int) -> int | None:
        assert self.data is not None
        for i, lane in enumerate(self.data.lanes):
            if lane.rotation_id == rotation_id:
                return i
        return None

    def hit(self, pos: QPoint) -> Hit | None:
        data = self.data
        if data is None or pos.x() < LABEL_W:
            return None
        at = self.instant_at(pos.x())
        for i, lane in enumerate(data.lanes):
            final = self.final_rect(i).contains(pos)
            if not (self.lane_rect(i).contains(pos) or final):
                continue
            here = next(
                (s for s in lane.stretches
                 if s.start is not None and s.end is not None and s.start <= at < s.end),
                None,
            )  # fmt: skip
            # In a rotation's row a cover is drawn over the shift it cuts.
            cover = here if here is not None and here.covering and not final else None
            return Hit(lane.rotation_id, lane.rotation, final, here, cover, at)
        return None

    def describe(self, hit: Hit) -> str:
        """The tooltip: who, when in each site's time, and why a gap has nobody."""
        data = self.data
        s = hit.stretch
        if data is None or s is None or s.start is None or s.end is None:
            return ""
        lines = [f"<b>{hit.rotation}</b>"]
        if hit.cover is not None and hit.cover.holder is not None:
            whose = s.assignee.name if s.assignee else "an empty slot"
            lines.append(f"Cover: {hit.cover.holder.name} ({hit.cover.holder.site}) for {whose}")
            start, end = s.start, s.end
        elif s.holder is None:
            lines.append("<b>Nobody on call</b> (a gap)")
            lines.append(f"Why: {self.explain(s)}")
            lines.append(rule_line(GAP_RULE))
            start, end = s.start, s.end
        elif hit.final:
            lines.append(
                f"{s.holder.name} ({s.holder.site})" + (" — covering" if s.covering else "")
            )
            start, end = s.start, s.end
        else:
            lines.append(f"{s.assignee.name if s.assignee else s.holder.name} ({s.holder.site})")
            start, end = s.slot_start or s.start, s.slot_end or s.end
        if s.state:
            lines.append(f"Shift: {s.state}")
        for site, zone in data.zones:
            tz = ZoneInfo(zone)
            a, b = start.astimezone(tz), end.astimezone(tz)
            lines.append(f"{site}: {user_locale.day_time(a)} → {user_locale.day_time(b)} ({zone})")
        if not hit.final and s.holder is not None:
            lines.append("<i>Drag across the shift to record a cover</i>")
        return "<br>".join(lines)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.hit(event.pos())
            text = self.describe(found) if found else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # -- dragging a cover -------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        found = self.hit(pos)
        if event.button() == Qt.MouseButton.LeftButton and found and not found.final:
            self._drag = (found.rotation_id, self._snap(found.at))
            self._drag_to = self._drag[1]
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None:
            self._drag_to = self._snap(self.instant_at(event.position().toPoint().x()))
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None:
            return
        rotation_id, start = self._drag
        end = self._snap(self.instant_at(event.position().toPoint().x()))
        moved = abs(self.x_of(end) - self.x_of(start)) >= DRAG_MIN_PX
        self._drag = self._drag_to = None
        self.update()
        if moved and end != start:
            a, b = sorted((start, end))
            self.coverRequested.emit(rotation_id, a, b)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.open_focused_menu()  # the Menu key, where the platform sends it this way
            return
        found = self.hit(event.pos())
        if found is not None:
            self.menuRequested.emit(found, event.globalPos())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._drag = self._drag_to = None
        found = self.hit(event.position().toPoint())
        if found is not None and found.stretch is not None and not found.final:
            self.editRequested.emit(found)

    # -- the keyboard ---------------------------------------------------------------
    def row_count(self) -> int:
        """Rows the focus moves through: each rotation's, then each "On call" row."""
        return 2 * len(self.data.lanes) if self.data else 0

    def row_items(self, row: int) -> list[Stretch]:
        """The shifts, covers and gaps of ``row``, left to right, as drawn."""
        if self.data is None or not 0 <= row < self.row_count():
            return []
        lane = self.data.lanes[row % len(self.data.lanes)]
        return [s for s in lane.stretches if s.start is not None and s.end is not None]

    def _item_index(self, row: int, at: datetime) -> int | None:
        """The item of ``row`` holding ``at``, else the nearest one."""
        items = self.row_items(row)
        if not items:
            return None
        for i, s in enumerate(items):
            assert s.start is not None and s.end is not None
            if s.start <= at < s.end:
                return i
        return 0 if at < (items[0].start or at) else len(items) - 1

    def focused(self) -> tuple[int, int] | None:
        """The keyboard's item: (row, index in ``row_items(row)``), None when none."""
        if self._focus is None:
            return None
        row, at = self._focus
        index = self._item_index(row, at)
        return None if index is None else (row, index)

    def _focus_on(self, row: int, index: int) -> None:
        s = self.row_items(row)[index]
        assert s.start is not None and s.end is not None
        self._focus = (row, s.start + (s.end - s.start) / 2)
        self.update()
        self._show_focus_tip()

    def focused_hit(self) -> Hit | None:
        """What the keyboard's item is, as a click on it would find it."""
        where = self.focused()
        if where is None or self.data is None:
            return None
        row, index = where
        s = self.row_items(row)[index]
        lane = self.data.lanes[row % len(self.data.lanes)]
        final = row >= len(self.data.lanes)
        assert s.start is not None and s.end is not None
        cover = s if s.covering and not final else None
        return Hit(
            lane.rotation_id, lane.rotation, final, s, cover, s.start + (s.end - s.start) / 2
        )

    def focused_rect(self) -> QRect | None:
        where = self.focused()
        if where is None:
            return None
        row, index = where
        s = self.row_items(row)[index]
        assert s.start is not None and s.end is not None
        lanes = len(self.data.lanes) if self.data else 0
        band = self.lane_rect(row) if row < lanes else self.final_rect(row - lanes)
        x0, x1 = self.x_of(s.start), self.x_of(s.end)
        return QRect(x0, band.top() + 2, max(3, x1 - x0), band.height() - 4)

    def _show_focus_tip(self) -> None:
        """Who, when and why, as hovering shows: the keyboard's hover."""
        hit, rect = self.focused_hit(), self.focused_rect()
        if hit is None or rect is None:
            return
        text = self.describe(hit)
        self.setAccessibleDescription(text)
        if self.isVisible() and text:
            QToolTip.showText(self.mapToGlobal(rect.center()), text, self, rect)

    def open_focused_menu(self) -> None:
        """The menu a right-click on the keyboard's item opens, beside that item."""
        self._ensure_focus()
        hit, rect = self.focused_hit(), self.focused_rect()
        if hit is not None and rect is not None:
            self.menuRequested.emit(hit, self.mapToGlobal(rect.center()))

    def _ensure_focus(self) -> None:
        """The first key gives the focus to what is on call now (else the first item)."""
        if self.focused() is not None or self.data is None:
            return
        rows = [r for r in range(len(self.data.lanes)) if self.row_items(r)]
        if rows:
            self._focus = (rows[0], max(self.data.start, min(self.data.now, self.data.end)))
            self._focus_on(rows[0], self._item_index(rows[0], self._focus[1]) or 0)

    def _step(self, steps: int) -> None:
        """Left or Right: the item before or after; past the edge the view pans."""
        where = self.focused()
        if where is None:
            return
        row, index = where
        items = self.row_items(row)
        if 0 <= index + steps < len(items):
            self._focus_on(row, index + steps)
            return
        s = items[index]
        assert s.start is not None and s.end is not None
        # just outside the item: after the pan, the item there takes the focus
        self._focus = (row, s.start - SNAP if steps < 0 else s.end)
        self.pan(-1 if steps < 0 else 1)
        if (where := self.focused()) is not None:
            self._focus_on(*where)

    def _change_row(self, steps: int) -> None:
        """Up or Down: the row above or below, at the same time."""
        if self._focus is None:
            return
        row, at = self._focus
        target = row + steps
        while 0 <= target < self.row_count() and not self.row_items(target):
            target += steps
        if 0 <= target < self.row_count():
            index = self._item_index(target, at)
            if index is not None:
                self._focus = (target, at)
                self.update()
                self._show_focus_tip()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        moves = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                 Qt.Key.Key_Home, Qt.Key.Key_End)  # fmt: skip
        if key in moves and self.focused() is None:
            self._ensure_focus()
        elif key == Qt.Key.Key_Left:
            self._step(-1)
        elif key == Qt.Key.Key_Right:
            self._step(1)
        elif key == Qt.Key.Key_Up:
            self._change_row(-1)
        elif key == Qt.Key.Key_Down:
            self._change_row(1)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            where = self.focused()
            if where is not None:
                last = len(self.row_items(where[0])) - 1
                self._focus_on(where[0], 0 if key == Qt.Key.Key_Home else last)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._ensure_focus()
            hit = self.focused_hit()
            if hit is not None and hit.stretch is not None:
                self.editRequested.emit(hit)
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and shift):
            self.open_focused_menu()
        elif key == Qt.Key.Key_PageUp:
            self.pan(-1)
        elif key == Qt.Key.Key_PageDown:
            self.pan(1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(-1)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()


def day_start(tz: ZoneInfo, day: date) -> datetime:
    return local_to_utc(tz, day, time(0))

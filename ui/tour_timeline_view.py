"""The tour timeline, drawn with QPainter: months across, one bar per tour grouped by
rotation, the team size per month in each rotation's header row, today marked, and the
months that break a stagger rule tinted red. Click selects a tour, double-click asks to
edit it, dragging a bar asks to move it (the page validates and saves).

By keyboard: Up and Down select the tour above or below (Home and End the first and last),
scrolled into view, with its tooltip; Enter asks to edit it, the Menu key or Shift+F10 opens
the menu a right-click opens; Left, Right, Page Up and Page Down scroll."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QScrollArea, QToolTip, QWidget

from planner.core import days
from planner.people.stagger import stagger_rule
from planner.people.timeline import Timeline, TimelineBar
from ui import palette, user_locale
from ui.rule_tips import rule_line

LABEL_W = 190
MONTH_W = 62
HEADER_H = 42
LANE_H = 30
ROW_H = 22
BAR_H = 14


def _bar_days(first: date, last: date) -> str:
    """A bar's days: '1 Jan – 30 Jun 2027' under the C locale, de_DE '1. Jan. – 30. Juni
    2027' (the locale's interval)."""
    if user_locale.name() is None:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return user_locale.day_span(first, last)


@dataclass(frozen=True)
class _Row:
    top: int
    bar: TimelineBar | None  # None: a rotation header row
    lane: int


class TourTimelineView(QWidget):
    tourSelected = Signal(int)  # noqa: N815  (Qt signal naming)
    editRequested = Signal(int)  # noqa: N815
    moveRequested = Signal(int, object, object)  # noqa: N815  tour id, new start, new end
    menuRequested = Signal(int, QPoint)  # noqa: N815  tour id, where (global)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: Timeline | None = None
        self.selected_tour: int | None = None
        self._rows: list[_Row] = []
        self._drag: tuple[TimelineBar, int] | None = None  # bar, press x
        self._drag_days = 0
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Tour timeline")

    # -- data ---------------------------------------------------------------------------
    def set_timeline(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._rows = []
        y = HEADER_H
        for index, lane in enumerate(timeline.lanes):
            self._rows.append(_Row(y, None, index))
            y += LANE_H
            for bar in lane.bars:
                self._rows.append(_Row(y, bar, index))
                y += ROW_H
            y += 8
        self.setMinimumSize(self.sizeHint())
        self.updateGeometry()
        self.update()

    def months(self) -> list[date]:
        if self.timeline is None:
            return []
        result, month = [], self.timeline.first
        while month < self.timeline.last:
            result.append(month)
            month += relativedelta(months=1)
        return result

    def sizeHint(self) -> QSize:  # noqa: N802
        height = (self._rows[-1].top + ROW_H + 8) if self._rows else HEADER_H + LANE_H
        return QSize(LABEL_W + MONTH_W * max(1, len(self.months())) + 1, height)

    # -- geometry -----------------------------------------------------------------------
    def x_of(self, day: date) -> float:
        assert self.timeline is not None
        first = self.timeline.first
        months = (day.year - first.year) * 12 + day.month - first.month
        days_in = calendar.monthrange(day.year, day.month)[1]
        return LABEL_W + (months + (day.day - 1) / days_in) * MONTH_W

    def bar_rect(self, row: _Row, offset_days: int = 0) -> QRect:
        assert row.bar is not None
        shift = timedelta(days=offset_days)
        left = int(self.x_of(row.bar.start + shift))
        right = int(self.x_of(row.bar.end + shift))
        return QRect(left, row.top + (ROW_H - BAR_H) // 2, max(3, right - left), BAR_H)

    def proposed_rects(self) -> list[QRect]:
        """Where the hatched (proposed) bars are, top to bottom."""
        return [
            self.bar_rect(row)
            for row in self._rows
            if row.bar is not None and row.bar.status == "proposed"
        ]

    def row_at(self, point: QPoint) -> _Row | None:
        for row in self._rows:
            height = LANE_H if row.bar is None else ROW_H
            if row.top <= point.y() < row.top + height:
                return row
        return None

    def bar_at(self, point: QPoint) -> TimelineBar | None:
        """The tour on the row under the point (its bar or its name)."""
        row = self.row_at(point)
        return None if row is None else row.bar

    def find_tour(self, text: str) -> QRect | None:
        """Select the first tour whose volunteer's name holds ``text`` (any case); where its
        bar is, to scroll to. None when no name matches."""
        wanted = text.strip().casefold()
        for row in self._rows:
            if wanted and row.bar is not None and row.bar.tour_id:
                if wanted in row.bar.name.casefold():
                    self.selected_tour = row.bar.tour_id
                    self.tourSelected.emit(row.bar.tour_id)
                    self.update()
                    return self.bar_rect(row)
        return None

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), palette.qcolor("canvas"))
        if self.timeline is None:
            return
        months = self.months()
        bottom = self.sizeHint().height()
        # Only what is exposed is drawn (a scroll repaints a strip): years of tours make
        # hundreds of rows and months, almost all out of view.
        exposed = event.rect()
        x0, x1, y0, y1 = exposed.left(), exposed.right(), exposed.top(), exposed.bottom()

        def column_shown(left: int, width: int = MONTH_W) -> bool:
            return left <= x1 and left + width >= x0

        def row_shown(top: int, height: int) -> bool:
            return top <= y1 and top + height >= y0

        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
        bold = QFont(self.font())
        bold.setBold(True)

        # month columns and header
        for i, month in enumerate(months):
            left = LABEL_W + i * MONTH_W
            if not column_shown(left, 84):  # the year's label reaches past its column
                continue
            if i % 2:
                painter.fillRect(left, HEADER_H, MONTH_W, bottom, palette.qcolor("stripe"))
            painter.setPen(QPen(palette.qcolor("grid")))
            painter.drawLine(left, 0, left, bottom)
            painter.setPen(palette.qcolor("text"))
            painter.setFont(small)
            painter.drawText(
                QRect(left, 22, MONTH_W, 18),
                Qt.AlignmentFlag.AlignCenter,
                user_locale.month_abbr(month),
            )
            if month.month == 1 or i == 0:
                painter.setFont(bold)
                painter.drawText(
                    QRect(left + 3, 2, 80, 18), Qt.AlignmentFlag.AlignLeft, str(month.year)
                )
        painter.setPen(QPen(palette.qcolor("rule")))
        painter.drawLine(0, HEADER_H - 1, self.width(), HEADER_H - 1)

        # rotation lanes: header row with team size per month, breach tint
        for row in self._rows:
            lane = self.timeline.lanes[row.lane]
            if row.bar is not None:
                continue
            lane_bottom = max(
                (r.top + ROW_H for r in self._rows if r.lane == row.lane and r.bar),
                default=row.top + LANE_H,
            )
            if not row_shown(row.top, lane_bottom - row.top):
                continue
            painter.fillRect(0, row.top, self.width(), LANE_H, palette.qcolor("lane_fill"))
            painter.setFont(small)
            for i, figures in enumerate(lane.months):
                left = LABEL_W + i * MONTH_W
                if not column_shown(left):
                    continue
                breach = lane.breach_months.get(figures.month)
                if breach:
                    painter.fillRect(
                        left, row.top, MONTH_W, lane_bottom - row.top, palette.qcolor("error", 38)
                    )
                    painter.setPen(palette.qcolor("error"))
                else:
                    painter.setPen(palette.qcolor("lane_text"))
                size = (
                    str(figures.size_max)
                    if figures.size_min == figures.size_max
                    else f"{figures.size_min}–{figures.size_max}"
                )
                painter.drawText(
                    QRect(left, row.top, MONTH_W, LANE_H),
                    Qt.AlignmentFlag.AlignCenter,
                    ("⚠ " if breach else "") + size,
                )

        # one bar per tour
        seen = self.visibleRegion().boundingRect()
        for row in self._rows:
            bar = row.bar
            if bar is None or not row_shown(row.top, ROW_H):
                continue
            dragging = self._drag is not None and self._drag[0] == bar
            rect = self.bar_rect(row, self._drag_days if dragging else 0)
            if not column_shown(rect.left() - 2, rect.width() + 4):
                continue
            colour = palette.site_colour(bar.colour)
            if bar.status == "finished":  # faded toward the canvas, opaque: its text reads
                colour = palette.site_fill(bar.colour, 0.65)
            brush = QBrush(colour)
            if bar.status == "proposed":
                brush = QBrush(colour, Qt.BrushStyle.BDiagPattern)
            painter.setBrush(brush)
            selected = bar.tour_id and bar.tour_id == self.selected_tour
            painter.setPen(
                QPen(palette.qcolor("outline"), 2)
                if selected or dragging
                else QPen(
                    colour.darker(130),
                    1,
                    Qt.PenStyle.DashLine if bar.status == "proposed" else Qt.PenStyle.SolidLine,
                )
            )
            painter.drawRoundedRect(rect, 4, 4)
            last = days.last_day(bar.end)
            label = f"{palette.site_letter(bar.site)} · {_bar_days(bar.start, last)}"
            painter.setFont(small)
            width = painter.fontMetrics().horizontalAdvance(label)
            # the label goes in the part of the bar in view, right of the frozen names
            shown = rect.intersected(QRect(seen.left() + LABEL_W, rect.top(),
                                           seen.width() - LABEL_W, rect.height()))  # fmt: skip
            if shown.width() > width + 10:
                if bar.status == "proposed":  # readable over the hatching
                    back = QRect(0, 0, width + 8, BAR_H - 2)
                    back.moveCenter(shown.center())
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(palette.qcolor("canvas", 220))
                    painter.drawRoundedRect(back, 3, 3)
                    painter.setPen(palette.qcolor("text"))
                else:
                    painter.setPen(palette.readable_on(colour))
                painter.drawText(shown, Qt.AlignmentFlag.AlignCenter, label)

        # the keyboard's tour
        focus = self.selected_rect() if self.hasFocus() else None
        if focus is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.qcolor("accent"), 2, Qt.PenStyle.DotLine))
            painter.drawRect(focus.adjusted(-3, -3, 3, 3))

        # today
        x = int(self.x_of(self.timeline.today))
        painter.setPen(QPen(palette.qcolor("today"), 2))
        painter.drawLine(x, HEADER_H - 6, x, bottom)
        painter.setFont(small)
        painter.drawText(QRect(x + 3, 2, 60, 18), Qt.AlignmentFlag.AlignLeft, "Today")
        self._paint_labels(painter, bold, y0, y1)
        painter.end()

    def _paint_labels(self, painter: QPainter, bold: QFont, y0: int = 0, y1: int = 1 << 30) -> None:
        """The name column stays put at the left edge of what is visible (frozen)."""
        left = self.visibleRegion().boundingRect().x()
        bottom = self.sizeHint().height()
        painter.fillRect(left, 0, LABEL_W, bottom, palette.qcolor("canvas"))
        painter.setPen(QPen(palette.qcolor("rule")))
        painter.drawLine(left + LABEL_W - 1, 0, left + LABEL_W - 1, bottom)
        assert self.timeline is not None
        for row in self._rows:
            if row.top > y1 or row.top + LANE_H < y0:
                continue  # out of view
            if row.bar is None:
                painter.fillRect(left, row.top, LABEL_W - 1, LANE_H, palette.qcolor("lane_fill"))
                painter.setFont(bold)
                painter.setPen(palette.qcolor("lane_text"))
                painter.drawText(
                    QRect(left + 8, row.top, LABEL_W - 12, LANE_H),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    f"{self.timeline.lanes[row.lane].name}  ·  team size",
                )
            else:
                painter.setFont(self.font())
                finished = row.bar.status == "finished"
                painter.setPen(palette.qcolor("muted" if finished else "text"))
                painter.drawText(
                    QRect(left + 8, row.top, LABEL_W - 12, ROW_H),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    f"{row.bar.name} ({palette.site_letter(row.bar.site)})",
                )

    # -- interaction ---------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        bar = self.bar_at(event.position().toPoint())
        if bar is None or not bar.tour_id:
            return
        self.selected_tour = bar.tour_id
        self.tourSelected.emit(bar.tour_id)
        self._drag, self._drag_days = (bar, int(event.position().x())), 0
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = event.position().toPoint()
        if self._drag is not None:
            self._drag_days = round((point.x() - self._drag[1]) / MONTH_W * 30.4)
            self.update()
            return
        row = self.row_at(point)
        if row and row.bar:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(row.bar), self)
        elif row and self.timeline:
            lane = self.timeline.lanes[row.lane]
            index = int((point.x() - LABEL_W) // MONTH_W)
            if 0 <= index < len(lane.months):
                f = lane.months[index]
                problems = lane.breach_months.get(f.month, [])
                QToolTip.showText(
                    event.globalPosition().toPoint(),
                    f"<b>{lane.name} {user_locale.month_year(f.month)}</b><br>team {f.size_min}–{f.size_max}, "
                    f"{f.joins} join, {f.leaves} leave, {f.experienced_min}+ experienced"
                    + "".join(
                        "<br>" + palette.span("error", p) + "<br>" + rule_line(stagger_rule(p))
                        for p in problems
                    ),
                    self,
                )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None:
            return
        bar, days = self._drag[0], self._drag_days
        self._drag, self._drag_days = None, 0
        self.update()
        if days:
            shift = timedelta(days=days)
            self.moveRequested.emit(bar.tour_id, bar.start + shift, bar.end + shift)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.open_selected_menu()  # the Menu key, where the platform sends it this way
            return
        bar = self.bar_at(event.pos())
        if bar is not None and bar.tour_id:
            self.selected_tour = bar.tour_id
            self.tourSelected.emit(bar.tour_id)
            self.update()
            self.menuRequested.emit(bar.tour_id, event.globalPos())

    # -- the keyboard -------------------------------------------------------------------
    @staticmethod
    def describe(bar: TimelineBar) -> str:
        return (
            f"<b>{bar.name}</b> ({bar.site})<br>{user_locale.short_date(bar.start)} to "
            f"{user_locale.short_date(days.last_day(bar.end))}"
            f"<br>{bar.status.capitalize()}<br><i>Drag to move, double-click to edit</i>"
        )

    def _tour_rows(self) -> list[_Row]:
        """The rows of tours that exist (a proposal's hatched bars are not yet tours)."""
        return [row for row in self._rows if row.bar is not None and row.bar.tour_id]

    def selected_rect(self) -> QRect | None:
        """Where the selected tour's bar is (None when no tour is selected)."""
        for row in self._tour_rows():
            if row.bar is not None and row.bar.tour_id == self.selected_tour:
                return self.bar_rect(row)
        return None

    def _select_row(self, row: _Row) -> None:
        """Select ``row``'s tour as a click does, scroll it into view, say what it is."""
        assert row.bar is not None
        self.selected_tour = row.bar.tour_id
        self.tourSelected.emit(row.bar.tour_id)
        self.update()
        rect = self.bar_rect(row)
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureVisible(rect.center().x(), rect.center().y(), 200, 60)
        text = self.describe(row.bar)
        self.setAccessibleDescription(text)
        if self.isVisible():
            QToolTip.showText(self.mapToGlobal(rect.center()), text, self, rect)

    def _move(self, key: int) -> bool:
        rows = self._tour_rows()
        if not rows:
            return False
        ids = [row.bar.tour_id for row in rows if row.bar is not None]
        now = ids.index(self.selected_tour) if self.selected_tour in ids else None
        if key == Qt.Key.Key_Home:
            target = 0
        elif key == Qt.Key.Key_End:
            target = len(rows) - 1
        elif now is None:  # the first key: the first tour running today (or to come)
            today = self.timeline.today if self.timeline else None
            target = next(
                (i for i, row in enumerate(rows) if row.bar and today and row.bar.end > today), 0
            )
        else:
            assert now is not None
            target = max(0, min(len(rows) - 1, now + (1 if key == Qt.Key.Key_Down else -1)))
        self._select_row(rows[target])
        return True

    def open_selected_menu(self) -> None:
        """The menu a right-click on the selected tour opens, beside its bar."""
        rect = self.selected_rect()
        if rect is None:
            if not self._move(Qt.Key.Key_Home):
                return
            rect = self.selected_rect()
        if rect is not None and self.selected_tour:
            self.menuRequested.emit(self.selected_tour, self.mapToGlobal(rect.center()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End):
            if not self._move(key):
                super().keyPressEvent(event)
                return
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_rect() is not None:
            assert self.selected_tour is not None
            self.editRequested.emit(self.selected_tour)
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and shift):
            self.open_selected_menu()
        else:
            super().keyPressEvent(event)  # Left, Right, Page Up/Down: the scroll area's
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        bar = self.bar_at(event.position().toPoint())
        self._drag = None
        if bar is not None and bar.tour_id:
            self.editRequested.emit(bar.tour_id)

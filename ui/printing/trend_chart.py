"""The printed report's trend chart: pages by month (bars, the night part dark) and
out-of-hours hours (a line on the right axis), with labels that never overlap.

:func:`trend_layout` places everything from the font's metrics (the axes' margins from their
widest label, the legend's entries from their widths); each month's page count sits just
above its bar unless the hours line or its dot passes there: it then moves up, to the first
place clear of the line (the plot leaves a label's height above its top, so there is always
one). :func:`draw_trend` paints the layout."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen

from planner.core import locale_text
from planner.outputs.report import MonthlyReport
from ui import palette
from ui.printing.page_setup import INK, MUTED, RULE, font

ACCENT = QColor(palette.PAPER_ACCENT)
NIGHT = QColor(palette.PAPER_NIGHT)
HOURS = QColor(palette.PAPER_HOURS)
BAR = QColor(palette.PAPER_BAR)
LINE_WIDTH, DOT_RADIUS = 1.6, 2.2  # the hours line and its dots
DOT_INK = DOT_RADIUS + LINE_WIDTH / 2  # a dot's radius on paper (drawn with the line's pen)
LABEL_SIZE = 7  # every label of the chart
_LEFT_TOP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
LEGEND = (
    (palette.PAPER_BAR, "pages"),
    (palette.PAPER_NIGHT, "night pages"),
    (palette.PAPER_HOURS, "out-of-hours hours (right axis)"),
)


def nice_ceiling(value: float, steps: int = 4) -> float:
    """The smallest 'round' top of an axis >= value, with ``steps`` round steps."""
    raw = max(value, 1.0) / steps
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return float(factor * power * steps)
    return float(10 * power * steps)


def hours_text(value: float, locale: str | None = None) -> str:
    """Hours and days: whole or to one decimal ('12', '12.5'; de_DE '12,5')."""
    if locale_text.babel_locale(locale) is None:
        return f"{value:g}" if value == int(value) else f"{value:.1f}"
    whole = value == int(value)
    return locale_text.number(int(value) if whole else value, locale, 0 if whole else 1)


def count_text(count: int, locale: str | None = None) -> str:
    """A count: '1234'; de_DE '1.234'."""
    return locale_text.number(count, locale)


@dataclass(frozen=True)
class Label:
    text: str
    rect: QRectF  # the text's own box (its advance and the font's line height)
    bold: bool = False


@dataclass(frozen=True)
class Bar:
    pages: QRectF
    night: QRectF
    current: bool  # this month's (the report's): in the accent colour


@dataclass(frozen=True)
class TrendLayout:
    plot: QRectF
    grid: tuple[float, ...]  # the grid lines' y, from the axis up
    left_axis: tuple[Label, ...]  # pages
    right_axis: tuple[Label, ...]  # hours
    bars: tuple[Bar, ...]
    counts: tuple[Label, ...]  # each month's page count
    months: tuple[Label, ...]  # under the axis
    hours: tuple[QPointF, ...]  # the line's points (and dots)
    legend: tuple[tuple[QRectF, Label], ...]  # swatch and text

    def hours_ink(self) -> QPainterPath:
        """The area the hours line and its dots cover (what a label must stay clear of)."""
        return hours_ink(self.hours)


def hours_ink(points: tuple[QPointF, ...]) -> QPainterPath:
    path = QPainterPath()
    if not points:
        return path
    path.moveTo(points[0])
    for point in points[1:]:
        path.lineTo(point)
    stroker = QPainterPathStroker()
    stroker.setWidth(LINE_WIDTH)
    ink = stroker.createStroke(path)
    for point in points:
        ink.addEllipse(point, DOT_INK, DOT_INK)
    return ink


def text_width(text: str, metrics: QFontMetricsF) -> float:
    """The width Qt lays ``text`` out in (its advance, and a glyph's overhang: a '4' needs
    a point more than its advance)."""
    return metrics.boundingRect(QRectF(0, 0, 10_000, 1_000), _LEFT_TOP, text).width()


def _label(text: str, metrics: QFontMetricsF, centre_x: float, bottom: float) -> QRectF:
    width = text_width(text, metrics)
    return QRectF(centre_x - width / 2, bottom - metrics.height(), width, metrics.height())


def _clear_of(ink: QPainterPath, rect: QRectF, top: float) -> QRectF:
    """``rect``, or moved up to the first place clear of ``ink`` (by a half point), not
    above ``top``; the highest place if none is clear (never, with the plot's headroom)."""
    step = 0.5
    while rect.top() - step >= top and ink.intersects(rect.adjusted(-0.5, -0.5, 0.5, 0.5)):
        rect = rect.translated(0, -step)
    return rect


def trend_layout(rect: QRectF, report: MonthlyReport) -> TrendLayout:
    points = report.trend
    loc = report.locale
    plain, bold = QFontMetricsF(font(LABEL_SIZE)), QFontMetricsF(font(LABEL_SIZE, bold=True))
    line_h = plain.height()
    most_pages = nice_ceiling(max([p.pages for p in points] + [4]))
    most_hours = nice_ceiling(max([p.ooh_hours for p in points] + [1.0]))
    steps = range(5)
    left_texts = [hours_text(round(most_pages * i / 4, 1), loc) for i in steps]
    right_texts = [hours_text(round(most_hours * i / 4), loc) for i in steps]
    left_w = max(text_width(t, plain) for t in left_texts)
    right_w = max(text_width(t, plain) for t in right_texts)
    plot_w = rect.width() - left_w - right_w - 12
    slot = plot_w / max(1, len(points))
    widest = max([text_width(p.label, bold) for p in points] + [0.0])
    rows = 1 if widest <= slot - 3 else 2  # months too wide for their slot: every other lower
    # room above the plot for a count over the tallest bar or the line at its top, and
    # below it for the months and the legend
    top = line_h + DOT_INK + 2
    plot = QRectF(
        rect.left() + left_w + 6,
        rect.top() + top,
        plot_w,
        rect.height() - top - (3 + rows * line_h) - (10 + line_h),
    )
    grid = tuple(plot.bottom() - plot.height() * i / 4 for i in steps)
    left_axis = tuple(
        Label(t, QRectF(plot.left() - 4 - left_w, gy - line_h / 2, left_w, line_h))
        for t, gy in zip(left_texts, grid, strict=True)
    )
    right_axis = tuple(
        Label(t, QRectF(plot.right() + 4, gy - line_h / 2, right_w, line_h))
        for t, gy in zip(right_texts, grid, strict=True)
    )
    centres = [plot.left() + slot * (i + 0.5) for i in range(len(points))]
    hours = tuple(
        QPointF(cx, plot.bottom() - plot.height() * p.ooh_hours / most_hours)
        for cx, p in zip(centres, points, strict=True)
    )
    ink = hours_ink(hours)
    bars, counts, months = [], [], []
    for i, (cx, p) in enumerate(zip(centres, points, strict=True)):
        current = i == len(points) - 1
        bar_w = min(28.0, slot * 0.5)
        h = plot.height() * p.pages / most_pages
        nh = plot.height() * p.night_pages / most_pages
        bars.append(
            Bar(
                QRectF(cx - bar_w / 2, plot.bottom() - h, bar_w, h),
                QRectF(cx - bar_w / 2, plot.bottom() - nh, bar_w, nh),
                current,
            )
        )
        metrics = bold if current else plain
        text = count_text(p.pages, loc)
        above_bar = _label(text, metrics, cx, plot.bottom() - h - 1)
        counts.append(Label(text, _clear_of(ink, above_bar, rect.top()), current))
        month_bottom = plot.bottom() + 3 + line_h * (1 + (i % rows))
        months.append(Label(p.label, _label(p.label, metrics, cx, month_bottom), current))
    legend = []
    lx, ly = plot.left(), rect.bottom() - line_h - 1
    for _colour, text in LEGEND:
        swatch = QRectF(lx, ly + (line_h - 6) / 2, 8, 6)
        width = text_width(text, plain)
        legend.append((swatch, Label(text, QRectF(lx + 11, ly, width, line_h))))
        lx += 11 + width + 12
    return TrendLayout(
        plot,
        grid,
        left_axis,
        right_axis,
        tuple(bars),
        tuple(counts),
        tuple(months),
        hours,
        tuple(legend),
    )


def draw_trend(painter: QPainter, rect: QRectF, report: MonthlyReport) -> None:
    """Pages (bars, night part dark) and out-of-hours hours (line, right axis) by month."""
    layout = trend_layout(rect, report)
    plot = layout.plot
    painter.setFont(font(LABEL_SIZE))
    for gy, left, right in zip(layout.grid, layout.left_axis, layout.right_axis, strict=True):
        painter.setPen(QPen(RULE, 0.5))
        painter.drawLine(QPointF(plot.left(), gy), QPointF(plot.right(), gy))
        painter.setPen(MUTED)
        right_centre = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(left.rect, right_centre, left.text)
        painter.setPen(HOURS)
        left_centre = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(right.rect, left_centre, right.text)
    for bar in layout.bars:
        painter.fillRect(bar.pages, ACCENT if bar.current else BAR)
        painter.fillRect(bar.night, NIGHT)
    painter.setPen(INK)
    centred = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
    for label in layout.counts + layout.months:
        painter.setFont(font(LABEL_SIZE, bold=label.bold))
        painter.drawText(label.rect, centred, label.text)
    if layout.hours:
        line = QPainterPath(layout.hours[0])
        for point in layout.hours[1:]:
            line.lineTo(point)
        painter.setPen(QPen(HOURS, LINE_WIDTH))
        painter.drawPath(line)
        painter.setBrush(HOURS)
        for point in layout.hours:
            painter.drawEllipse(point, DOT_RADIUS, DOT_RADIUS)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(INK, 0.8))
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    painter.setFont(font(LABEL_SIZE))
    painter.setPen(MUTED)
    for (colour, _text), (swatch, label) in zip(LEGEND, layout.legend, strict=True):
        painter.fillRect(swatch, QColor(colour))
        painter.drawText(label.rect, Qt.AlignmentFlag.AlignVCenter, label.text)

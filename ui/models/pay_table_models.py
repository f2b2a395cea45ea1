"""Tables of the Pay screen: a month's summary per volunteer and currency, and its lines."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from planner.core.text import name_key
from planner.pay.fees import FeeRow
from planner.pay.lines import LineData, SummaryRow
from planner.pay.runs import ADJUSTMENT_RULE
from ui import palette, user_locale
from ui.models.row_table_model import RowTableModel
from ui.rule_tips import rule_tip

KIND_LABELS = {"shift": "Shift", "holiday": "Holiday supplement", "adjustment": "Adjustment"}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# The roles as plain ints: data() runs for every role of every cell painted or measured.
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)


def _hours(minutes: int) -> str:
    return user_locale.number(minutes / 60, digits=2)


class PaySummaryTableModel(RowTableModel[SummaryRow]):
    KEEP_CELL_TEXT = True  # the money formatted once per month shown
    COL_NAME, COL_SITE, COL_CURRENCY, COL_HOURS, COL_SHIFT, COL_HOLIDAY, COL_ADJ, COL_TOTAL = range(
        8
    )
    COLUMNS = (
        ("Volunteer", lambda r: r.name, lambda r: name_key(r.name)),
        ("Site", lambda r: r.site, None),
        ("Currency", lambda r: r.currency, None),
        ("Hours", lambda r: _hours(r.minutes), lambda r: r.minutes),
        (
            "Shift pay",
            lambda r: user_locale.money(r.shift_minor, r.currency),
            lambda r: r.shift_minor,
        ),
        (
            "Holiday supplement",
            lambda r: user_locale.money(r.holiday_minor, r.currency),
            lambda r: r.holiday_minor,
        ),
        (
            "Adjustments",
            lambda r: user_locale.money(r.adjustment_minor, r.currency),
            lambda r: r.adjustment_minor,
        ),
        ("Total", lambda r: user_locale.money(r.total_minor, r.currency), lambda r: r.total_minor),
    )

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == _ALIGNMENT:
            return RIGHT if index.column() >= self.COL_HOURS else None
        if role == _FONT:
            return _bold() if index.column() == self.COL_TOTAL else None
        return super().data(index, role)

    def foreground(self, row: SummaryRow, column: int) -> Any:
        if column == self.COL_ADJ and row.adjustment_minor < 0:
            return QBrush(palette.qcolor("error"))
        return None

    def tooltip(self, row: SummaryRow, column: int) -> Any:
        if column == self.COL_ADJ and row.adjustment_minor < 0:
            what = f"{row.name}: {user_locale.money(row.adjustment_minor, row.currency)} taken back"
            return rule_tip(what, ADJUSTMENT_RULE)
        return None


class PayLinesTableModel(RowTableModel[LineData]):
    KEEP_CELL_TEXT = True  # the zone is set before the rows (PayScreen.refresh)
    COL_NAME, COL_ROTATION, COL_WEEK, COL_KIND, COL_HOURS, COL_AMOUNT, COL_REASON = range(7)
    COLUMNS = (
        (
            "Volunteer",
            lambda r: r.name,
            lambda r: (name_key(r.name), r.slot_start.isoformat(), r.kind),
        ),
        ("Rotation", lambda r: r.rotation, None),
        (
            "Slot (home time)",
            lambda r: _slot_text(r, None),
            lambda r: r.slot_start.isoformat(),  # UTC: sorts in time order
        ),
        ("Kind", lambda r: KIND_LABELS[r.kind], None),
        ("Hours", lambda r: user_locale.number(r.hours, digits=2), lambda r: r.hours),
        (
            "Amount",
            lambda r: user_locale.money(r.amount_minor, r.currency),
            lambda r: r.amount_minor,
        ),
        ("Reason", lambda r: r.reason, None),
    )

    tz: ZoneInfo | None = None  # the home time zone, set by the screen

    def display(self, row: LineData, column: int) -> Any:
        if column == self.COL_WEEK:
            return _slot_text(row, self.tz)
        return super().display(row, column)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == _ALIGNMENT:
            return RIGHT if index.column() in (self.COL_HOURS, self.COL_AMOUNT) else None
        return super().data(index, role)

    def foreground(self, row: LineData, column: int) -> Any:
        if row.amount_minor < 0 and column == self.COL_AMOUNT:
            return QBrush(palette.qcolor("error"))
        return None

    def tooltip(self, row: LineData, column: int) -> Any:
        if row.amount_minor < 0 and column == self.COL_AMOUNT:
            return rule_tip(row.reason or "A correction of a closed month", ADJUSTMENT_RULE)
        return row.reason or None


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _slot_text(line: LineData, tz: ZoneInfo | None) -> str:
    start = line.slot_start.astimezone(tz)
    end = line.slot_end.astimezone(tz)
    return f"{user_locale.day_time(start)} – {user_locale.day_time(end)}"


class FeesTableModel(RowTableModel[FeeRow]):
    COLUMNS = (
        ("Rotation", lambda r: r.rotation, None),
        ("Currency", lambda r: r.currency, None),
        ("From", lambda r: user_locale.short_date(r.effective_from), lambda r: r.effective_from),
        (
            "Fee per shift",
            lambda r: user_locale.money(r.amount_minor, r.currency),
            lambda r: r.amount_minor,
        ),
        (
            "Holiday supplement per day",
            lambda r: user_locale.money(r.holiday_supplement_minor, r.currency),
            lambda r: r.holiday_supplement_minor,
        ),
    )

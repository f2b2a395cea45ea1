"""Tables of the Rest screen: balances, the rest log and the page log."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush

from planner.core.text import name_key
from planner.pay import rest
from planner.pay.pages import NOT_ON_CALL_RULE, PageRow
from planner.pay.rest import NIGHT_REST_RULE, REASON_LABELS, BalanceRow, RestRow, stale_rule
from ui import palette, user_locale
from ui.models.row_table_model import RowTableModel
from ui.rule_tips import rule_tip


def _days(half_days: int) -> str:
    return user_locale.measure(half_days / 2)


class BalancesTableModel(RowTableModel[BalanceRow]):
    COL_NAME, COL_SITE, COL_ENTITLED, COL_TAKEN, COL_BALANCE, COL_OLDEST = range(6)
    COLUMNS = (
        ("Volunteer", lambda r: r.name, lambda r: name_key(r.name)),
        ("Site", lambda r: r.site, None),
        ("Entitled", lambda r: _days(r.entitled_half_days), lambda r: r.entitled_half_days),
        ("Taken", lambda r: _days(r.taken_half_days), lambda r: r.taken_half_days),
        ("Balance", lambda r: _days(r.balance_half_days), lambda r: r.balance_half_days),
        (
            "Oldest unused",
            lambda r: (
                (user_locale.short_date(r.oldest_unused) + ("  (stale)" if r.stale else ""))
                if r.oldest_unused
                else ""
            ),
            lambda r: r.oldest_unused.isoformat() if r.oldest_unused else "",
        ),
    )

    def background(self, row: BalanceRow, column: int) -> Any:
        return QBrush(palette.qcolor("stale_fill")) if row.stale else None

    def foreground(self, row: BalanceRow, column: int) -> Any:
        if row.stale and column in (self.COL_BALANCE, self.COL_OLDEST):
            return QBrush(palette.qcolor("stale_text"))
        return None

    stale_days = 0  # the setting rest_stale_days, set by the screen

    def tooltip(self, row: BalanceRow, column: int) -> Any:
        if row.stale:
            return rule_tip(
                f"{row.name}: rest owed since {row.oldest_unused}, longer than "
                f"{self.stale_days} days",
                stale_rule(self.stale_days),
            )
        return None


class RestLogTableModel(RowTableModel[RestRow]):
    COLUMNS = (
        (
            "Day",
            lambda r: user_locale.short_date(r.day),
            lambda r: f"{r.day.isoformat()} {r.id:09d}",
        ),
        ("Volunteer", lambda r: r.name, lambda r: name_key(r.name)),
        ("Entry", lambda r: "Entitled" if r.kind == "entitled" else "Taken", None),
        ("Days", lambda r: user_locale.measure(r.days), lambda r: r.days),
        ("Reason", lambda r: REASON_LABELS.get(r.reason, r.reason), None),
        ("Note", lambda r: rest.note_text(r.note, user_locale.name()), None),
    )


class PagesTableModel(RowTableModel[PageRow]):
    COL_AT, COL_NAME, COL_SITE, COL_MIN, COL_NIGHT, COL_ROTATION, COL_SUMMARY = range(7)
    COLUMNS = (
        (
            "When (responder's time)",
            lambda r: f"{user_locale.day_year_time(r.local_at())} {r.local_at():%Z}",
            lambda r: r.at.isoformat(),  # all UTC: the text sorts in time order
        ),
        ("Responder", lambda r: r.name, lambda r: name_key(r.name)),
        ("Site", lambda r: r.site, None),
        ("Minutes", lambda r: r.minutes, None),
        ("Night", lambda r: "Night" if r.night else "", None),
        ("Rotation", lambda r: r.rotation if r.on_call else f"{r.rotation} — not on call", None),
        ("Summary", lambda r: r.summary, None),
    )

    def tooltip(self, row: PageRow, column: int) -> Any:
        if column == self.COL_ROTATION and not row.on_call:
            return rule_tip(f"{row.name} held no shift or cover then", NOT_ON_CALL_RULE)
        if column == self.COL_NIGHT and row.night:
            return rule_tip("A night page", NIGHT_REST_RULE)
        return None

    def foreground(self, row: PageRow, column: int) -> Any:
        if column == self.COL_ROTATION and not row.on_call:
            return QBrush(palette.qcolor("stale_text"))
        if column == self.COL_NIGHT and row.night:
            return QBrush(palette.qcolor("info"))
        return None

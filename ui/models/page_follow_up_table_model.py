"""The Pages screen's table: each page with its follow-up; pages with none are red.

A long page log is read a page at a time as the table scrolls (``canFetchMore``/
``fetchMore``): the screen sets ``fetch_page``, which reads the next rows in SQL with the
same filter and order (``planner.pay.page_list``). Sorting by a column asks the screen to
read the first rows again in that order (``on_sort``): the rows are never sorted here, as
only some of them are read.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtGui import QBrush

from planner.core import locale_text
from planner.core.text import name_key
from planner.pay import page_list
from planner.pay.pages import FOLLOW_UP_RULE, FollowUpRow
from ui import palette, user_locale
from ui.models.paged_table_model import PagedTableModel
from ui.rule_tips import rule_tip

STATE_TEXT = page_list.STATE_TEXT


@lru_cache(maxsize=4096)
def _when(at: datetime, zone: str, locale: str | None) -> str:
    """A page's time in its responder's zone (worked out once: a table asks for a cell's
    text each time it measures or paints it)."""
    local = at.astimezone(ZoneInfo(zone))
    return f"{locale_text.day_year_time(local, locale)} {local:%Z}"


class PageFollowUpTableModel(PagedTableModel[FollowUpRow]):
    COL_AT, COL_NAME, COL_STATE, COL_TEAM, COL_LINK, COL_SERVICE, COL_SUMMARY, COL_NIGHT = range(8)
    COLUMNS = (
        (
            "When (responder's time)",
            lambda r: _when(r.at, r.timezone, user_locale.name()),
            lambda r: r.at,  # aware instants: they sort in time order
        ),
        ("Responder", lambda r: r.name, lambda r: name_key(r.name)),
        (
            "Follow-up",
            lambda r: STATE_TEXT[r.follow_up_state],
            lambda r: {None: 0, "open": 1, "done": 2}[r.follow_up_state],
        ),
        ("Owning team", lambda r: r.follow_up_team, lambda r: r.follow_up_team.lower()),
        ("Issue", lambda r: r.follow_up_link, None),
        ("Service", lambda r: r.service, lambda r: r.service.lower()),
        ("Summary", lambda r: r.summary, None),
        ("Night", lambda r: "Night" if r.night else "", None),
    )
    _error = _ok = QBrush()  # set from the palette when the rows are set
    HEADER_TOOLTIPS = {
        COL_STATE: "Every page should lead to the owning team opening its highest-severity "
        "issue: pages with no follow-up are red",
    }

    SORT_KEYS = page_list.SORTS

    def _forget(self) -> None:
        # the palette's brushes, looked up once per fill rather than for every cell painted
        self._error, self._ok = QBrush(palette.qcolor("error")), QBrush(palette.qcolor("ok"))

    def foreground(self, row: FollowUpRow, column: int) -> Any:
        if row.follow_up_state is None:
            return self._error
        if column == self.COL_STATE and row.follow_up_state == "done":
            return self._ok
        return None

    def tooltip(self, row: FollowUpRow, column: int) -> Any:
        if row.follow_up_state is None:
            return rule_tip(
                "No follow-up yet: set the owning team and the issue opened for this page",
                FOLLOW_UP_RULE,
            )
        if column == self.COL_LINK and row.follow_up_link:
            return row.follow_up_link
        return None

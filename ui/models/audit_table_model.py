"""The Audit screen's table: one row per change, newest first, times in the home zone
(named above the table) and the user's locale, as are the days, months and times of what
each change is about and of its details (``audit_text``; the log keeps ISO).

A long log is read a page at a time as the table scrolls (``canFetchMore``/``fetchMore``):
the screen sets ``fetch_page``, which reads the next page in SQL with the same filters and
order. Sorting by a column asks the screen to read the first page again in that order
(``on_sort``); the rows are never sorted here, as only some of them are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from planner.core import audit_text
from planner.core.audit_log import SORTS, AuditRow
from ui import user_locale
from ui.models.paged_table_model import PagedTableModel

Columns = Sequence[tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None]]


class AuditTableModel(PagedTableModel[AuditRow]):
    SORT_KEYS = SORTS
    COL_AT, COL_ACTION, COL_KIND, COL_ABOUT, COL_DETAIL, COL_USER = range(6)
    PAGE = 250  # entries read at a time

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz: Any = None  # the home site's zone, set before the rows
        # (entry, locale) -> its About and Details as shown: worked out when first painted
        self._shown: dict[tuple[int, str | None], tuple[str, str]] = {}
        self._when: dict[tuple[int, str | None], str] = {}  # and its time
        # An attribute, built once: data() reads it for every cell (``_at`` reads the zone
        # when a row is first painted: ``tz`` is set before the rows).
        self.COLUMNS: Columns = (
            ("When", self._at, lambda r: (r.at, r.id)),
            ("Action", lambda r: r.action, None),
            ("Kind", lambda r: r.entity.replace("_", " "), None),
            ("About", lambda r: self.shown(r)[0], None),
            ("Details", lambda r: self.shown(r)[1], None),
            ("By", lambda r: r.os_user, None),
        )

    def _at(self, row: AuditRow) -> str:
        key = (row.id, user_locale.name())
        found = self._when.get(key)
        if found is None:  # worked out when first painted, as About and Details
            local = row.at.astimezone(self.tz) if self.tz else row.at
            found = self._when[key] = user_locale.day_year_time(local, seconds=True)
        return found

    def shown(self, row: AuditRow) -> tuple[str, str]:
        """The row's About and Details in the user's locale (as stored under C)."""
        locale = user_locale.name()
        key = (row.id, locale)
        found = self._shown.get(key)
        if found is None:
            found = (
                audit_text.subject(row, locale),
                audit_text.details(row, locale, self.tz),
            )
            self._shown[key] = found
        return found

    def tooltip(self, row: AuditRow, column: int) -> Any:
        return self.shown(row)[1] if column == self.COL_DETAIL else None

    def _forget(self) -> None:
        self._shown = {}
        self._when = {}

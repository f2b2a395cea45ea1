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

from PySide6.QtCore import QModelIndex, Qt

from planner.core import audit_text
from planner.core.audit_log import SORTS, AuditRow
from ui import user_locale
from ui.models.row_table_model import Index, RowTableModel

Columns = Sequence[tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None]]


class AuditTableModel(RowTableModel[AuditRow]):
    COL_AT, COL_ACTION, COL_KIND, COL_ABOUT, COL_DETAIL, COL_USER = range(6)
    PAGE = 250  # entries read at a time

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz: Any = None  # the home site's zone, set before the rows
        self.total = 0  # entries the filters keep, loaded or not
        # (offset, limit) -> the entries from there, in the same filters and order
        self.fetch_page: Callable[[int, int], list[AuditRow]] | None = None
        self.on_sort: Callable[[], None] | None = None  # the order changed: read again
        self._sort = (self.COL_AT, Qt.SortOrder.DescendingOrder)
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

    # -- a page at a time ---------------------------------------------------------------
    def set_page(self, rows: Sequence[AuditRow], total: int) -> None:
        """The first page of a new list (already in order) and how many entries it has."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = None
        self._shown = {}
        self._when = {}
        self.total = max(total, len(self._rows))
        self.endResetModel()

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        self.set_page(rows, len(rows))

    def order(self) -> tuple[str, bool]:
        """The sort the rows are read in: a key of ``audit_log.SORTS``, newest first?"""
        column, order = self._sort or (self.COL_AT, Qt.SortOrder.DescendingOrder)
        return SORTS[column], order == Qt.SortOrder.DescendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 or column >= len(self.COLUMNS) or (column, order) == self._sort:
            return
        self._sort = (column, order)
        if self.on_sort is not None:
            self.on_sort()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self.fetch_page is not None and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent) or self.fetch_page is None:
            return
        rows = self.fetch_page(len(self._rows), self.PAGE)
        if not rows:  # the log got shorter since it was counted
            self.total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._texts = None
        self.endInsertRows()

"""A table read a page at a time as it scrolls, in the order the database sorts it: the
Audit and Pages screens, whose logs grow without end. The first page comes with the count of
rows the filters keep (``set_page``); Qt asks for more as the view nears the end
(``canFetchMore``/``fetchMore``); a click on a column heading asks the screen to read again
in that order (``on_sort``), since the rows not read yet take part in it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from ui.models.row_table_model import Index, Row, RowTableModel


class PagedTableModel(RowTableModel[Row]):
    """Rows read ``PAGE`` at a time; column 0 is the time, the first order newest first."""

    SORT_KEYS: tuple[str, ...] = ()  # each column's key for the database's sort
    PAGE = 250

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.total = 0  # rows the filters keep, read or not
        # (offset, limit) -> the rows from there, in the same filters and order
        self.fetch_page: Callable[[int, int], list[Row]] | None = None
        self.on_sort: Callable[[], None] | None = None  # the order changed: read again
        self._sort = (0, Qt.SortOrder.DescendingOrder)

    def _forget(self) -> None:
        """A new list: drop what was worked out for the rows shown (a subclass's caches)."""

    def set_page(self, rows: Sequence[Row], total: int) -> None:
        """The first rows of a new list (already in order) and how many it has in all."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = None
        self._forget()
        self.total = max(total, len(self._rows))
        self.endResetModel()

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.set_page(rows, len(rows))

    def order(self) -> tuple[str, bool]:
        """The order the rows are read in: a key of ``SORT_KEYS``, descending?"""
        column, order = self._sort or (0, Qt.SortOrder.DescendingOrder)
        return self.SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder

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

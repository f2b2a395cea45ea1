"""A table model over a list of small frozen dataclasses (never live ORM objects).

Sorting and searching run in Python over the rows themselves (a key function per row, a
cached lower-case text per row), not through Qt asking ``data()`` cell by cell: on a few
thousand rows that is the difference between milliseconds and a frozen window.
``RowProxyModel`` filters with that text and hands sorting to the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ANSWERED = frozenset(
    {_DISPLAY, _FOREGROUND, _BACKGROUND, int(Qt.ItemDataRole.ToolTipRole), SORT_ROLE, ROW_ROLE}
)


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Columns are (header, display function, sort function) triples.

    Subclasses set ``COLUMNS`` and may override ``foreground``/``background``/``tooltip``.
    """

    COLUMNS: Sequence[tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None]] = ()
    HEADER_TOOLTIPS: dict[int, str] = {}  # column -> header tooltip
    # Keep each cell's text until the rows change: for a model whose text depends on
    # nothing but its rows (a locale or zone set before the rows, never after).
    KEEP_CELL_TEXT = False

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._texts: list[str] | None = None  # per row, for searching; built on first use
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # (row, column) -> the cell's text, with KEEP_CELL_TEXT: a view asks again at every
        # paint and every measure of a column, and the text (money, hours) is formatted
        # once per change. Forgotten whenever the rows are replaced or reordered.
        self._cell_texts: dict[tuple[int, int], Any] = {}
        if self.KEEP_CELL_TEXT:
            self.modelReset.connect(self._cell_texts.clear)
            self.layoutChanged.connect(self._cell_texts.clear)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = None
        if self._sort is not None:
            self._rows.sort(key=self._sort_key(self._sort[0]), reverse=self._is_descending())
        self.endResetModel()

    # -- sorting and searching in Python -------------------------------------------------
    def _sort_key(self, column: int) -> Callable[[Row], Any]:
        _header, display, sort = self.COLUMNS[column]
        value = sort or display

        def key(row: Row) -> Any:
            v = value(row)
            return (v is None, v if v is not None else 0)

        return key

    def _is_descending(self) -> bool:
        return self._sort is not None and self._sort[1] == Qt.SortOrder.DescendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 or column >= len(self.COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        key = self._sort_key(column)
        rows = self._rows
        order_of = sorted(
            range(len(rows)), key=lambda i: key(rows[i]), reverse=self._is_descending()
        )
        self._rows = [rows[i] for i in order_of]
        if self._texts is not None:
            self._texts = [self._texts[i] for i in order_of]
        moved = {old: new for new, old in enumerate(order_of)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(moved[i.row()], i.column()) for i in persistent]
        )
        self.layoutChanged.emit()

    def search_text(self, row: int) -> str:
        """Every column's text of ``row``, lower case (what a search box matches)."""
        if self._texts is None:
            self._texts = [
                "\t".join(str(display(r)).lower() for _h, display, _s in self.COLUMNS)
                for r in self._rows
            ]
        return self._texts[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TOOLTIPS.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every cell painted: the roles as plain ints, the ones
        # not answered turned away first.
        if role not in _ANSWERED or not index.isValid():
            return None
        if role == _DISPLAY:
            if not self.KEEP_CELL_TEXT:
                return self.display(self._rows[index.row()], index.column())
            key = (index.row(), index.column())
            if key not in self._cell_texts:
                self._cell_texts[key] = self.display(self._rows[key[0]], key[1])
            return self._cell_texts[key]
        row = self._rows[index.row()]
        if role == _FOREGROUND:
            return self.foreground(row, index.column())
        if role == _BACKGROUND:
            return self.background(row, index.column())
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            _header, display, sort = self.COLUMNS[index.column()]
            return sort(row) if sort else display(row)
        return self.tooltip(row, index.column())

    def display(self, row: Row, column: int) -> Any:
        """The text of ``row``'s cell in ``column`` (asked once per change of the rows)."""
        return self.COLUMNS[column][1](row)

    def foreground(self, row: Row, column: int) -> Any:
        return None

    def background(self, row: Row, column: int) -> Any:
        return None

    def tooltip(self, row: Row, column: int) -> Any:
        return None


class RowProxyModel(QSortFilterProxyModel):
    """Filters a ``RowTableModel`` by a search text (every column, case-insensitive) and
    lets the model sort its own rows; subclasses add ``accepts(row)`` for other filters."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        # Whether the filters as they stand keep every row (None: not worked out since they
        # changed): then no row is looked at, and a long list is shown without a call per row.
        self._keeps_all: bool | None = None

    def _change(self, apply: Callable[[], None]) -> None:
        """Change the filters (``apply``) and filter again: every change goes through here."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            apply()
            self._keeps_all = None
            self.endFilterChange()
        else:
            apply()
            self._keeps_all = None
            self.invalidateFilter()

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802
        self._keeps_all = None
        super().setSourceModel(model)

    def setFilterFixedString(self, pattern: str) -> None:  # noqa: N802
        self._change(lambda: setattr(self, "_needle", pattern.strip().lower()))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, RowTableModel):
            source.sort(column, order)  # the proxy keeps the model's order
        else:
            super().sort(column, order)

    def accepts(self, row: Any) -> bool:
        return True

    def accepts_every_row(self) -> bool:
        """Whether ``accepts`` keeps every row as the filters stand (a subclass with filters
        says when they choose nothing)."""
        return type(self).accepts is RowProxyModel.accepts

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        keeps_all = self._keeps_all
        if keeps_all is None:
            keeps_all = self._keeps_all = (
                not self._needle
                and self.accepts_every_row()
                and isinstance(self.sourceModel(), RowTableModel)
            )
        if keeps_all:
            return True
        source = self.sourceModel()
        if not isinstance(source, RowTableModel):
            return super().filterAcceptsRow(source_row, source_parent)
        if self._needle and self._needle not in source.search_text(source_row):
            return False
        return self.accepts(source.row_at(source_row))

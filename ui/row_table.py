"""The read-only list tables of the screens: rows selected whole, sorted by a column, never
edited in place, alternating rows, and columns fitted to the rows on screen only."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def row_table(
    model: QAbstractItemModel,
    sort_column: int,
    order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.ExtendedSelection,
    resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.ResizeToContents,
) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(sort_column, order)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(resize)
    header.setResizeContentsPrecision(0)  # fit the rows on screen, not every row
    return view


class ColumnFitter(QObject):
    """Fits a table's columns to its rows on screen once per change of its rows, where
    ``ResizeToContents`` measured every column's rows again at every geometry update (a
    dozen in a screen's first visit: a quarter of the Pay screen's). The columns then stay
    as fitted (and can be dragged) until the rows change again.

    A table not on screen (another tab's) is fitted when it is next shown: ``shown()``,
    connected to the tab widget's ``currentChanged``."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.pending = True
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        model = view.model()
        model.modelReset.connect(self.changed)
        model.layoutChanged.connect(self.changed)

    def changed(self, *_args: object) -> None:
        self.pending = True
        self.shown()

    def shown(self, *_args: object) -> None:
        if self.pending and self.view.isVisible():
            self.pending = False
            self.view.resizeColumnsToContents()

"""A search field over tables: rows without the text (in any column, any case) hide.

Rows are hidden on the view, not filtered through another proxy, so a screen's row numbers
and selections keep meaning what they meant. Edit › Find (Ctrl+F) goes to the current
screen's first search field.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLineEdit, QTableView, QTabWidget, QVBoxLayout, QWidget

SEARCH_PROPERTY = "search_field"


def mark_search(field: QLineEdit) -> QLineEdit:
    """Let Edit › Find reach this field."""
    field.setProperty(SEARCH_PROPERTY, True)
    return field


class TableSearch(QLineEdit):
    """Filters every view it is given with the same text (the tables of one tab widget)."""

    def __init__(
        self, views: Sequence[QTableView], what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.views = list(views)
        self.setPlaceholderText(f"Search {what}…")
        self.setAccessibleName(f"Search {what}")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(180)
        mark_search(self)
        self.textChanged.connect(self.apply)
        for view in self.views:
            model = view.model()
            # a bound slot, not a lambda: Qt drops the connection when this field goes, so a
            # model that outlives it (a table torn down after it) calls nothing deleted
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
                signal.connect(self.apply)

    def apply(self, *_args: object) -> None:
        text = self.text().strip().casefold()
        for view in self.views:
            model = view.model()
            columns = model.columnCount()
            for row in range(model.rowCount()):
                hit = not text or any(
                    text in str(model.index(row, c).data() or "").casefold() for c in range(columns)
                )
                view.setRowHidden(row, not hit)

    def shown_rows(self, view: QTableView | None = None) -> int:
        view = view or self.views[0]
        return sum(not view.isRowHidden(r) for r in range(view.model().rowCount()))


def searchable(view: QTableView, what: str) -> QWidget:
    """The view with a search field above it (``view.search``)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    field = TableSearch([view], what, box)
    view.search = field  # type: ignore[attr-defined]
    layout.addWidget(field)
    layout.addWidget(view, 1)
    return box


def search_tabs(tabs: QTabWidget, views: Sequence[QTableView], what: str) -> TableSearch:
    """One search field in the tab bar's corner, over every table of the tabs."""
    field = TableSearch(views, what, tabs)
    field.setMinimumWidth(0)
    field.setFixedWidth(120)  # the tab bar's corner: it fits a 1024-pixel-wide window
    field.setToolTip(field.placeholderText())
    field.setPlaceholderText("Search…")
    tabs.setCornerWidget(field)
    return field

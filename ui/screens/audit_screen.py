"""The Audit screen: every change, newest first, filtered by kind, person, date and a
search text, with the details of the selected entry. Times and days are the home site's.

The filters and the order are applied in SQL (``audit_log.page``): a refresh counts the
entries and reads the first page; the table reads the next pages as it scrolls."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner.core import audit_log, audit_text, locale_text
from planner.core.audit_log import AuditFilter, AuditRow
from planner.core.errors import PlannerError
from planner.core.home import home_calendar
from planner.core.models.types import utc_now
from planner.people.volunteers import names_and_emails
from ui import user_locale
from ui.models.audit_table_model import AuditTableModel
from ui.models.row_table_model import ROW_ROLE, SORT_ROLE, RowProxyModel
from ui.qt_dates import from_qdate, to_qdate
from ui.row_table import row_table
from ui.screens.base import DatabaseGetter, Screen
from ui.table_menu import install_row_menu

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_DATA = int(Qt.ItemDataRole.UserRole)  # what QComboBox.itemData and findData read


class _Choices(QAbstractListModel):
    """A filter box's choices, (text, data) pairs: a long list (every volunteer) is set in
    one go and its texts are asked for only when shown, not added an item at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, str | None]] = []

    def set_items(self, items: list[tuple[str, str | None]]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        if role in (_DISPLAY, _EDIT):
            return self.items[index.row()][0]
        if role == _DATA:
            return self.items[index.row()][1]
        return None


def _choices(box: QComboBox) -> _Choices:
    model = box.model()
    assert isinstance(model, _Choices)
    return model


class AuditScreen(Screen):
    title = "Audit"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.tz: Any = None
        self.model = AuditTableModel(self)
        self.model.on_sort = self.reload  # sorted in SQL: read the first page again
        self.proxy = RowProxyModel(self)  # hands sorting and fetching to the model
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = row_table(
            self.proxy,
            AuditTableModel.COL_AT,
            Qt.SortOrder.DescendingOrder,
            QAbstractItemView.SelectionMode.SingleSelection,
        )
        self.table.setAccessibleName("Changes")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AuditTableModel.COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        install_row_menu(
            self.table,
            lambda: [
                ("Show details", self.show_details),
                (f"Only changes about {who}", self.filter_by_person)
                if (who := self._person_label())
                else None,
                (f"Only {row.entity.replace('_', ' ')} changes", self.filter_by_kind)
                if (row := self.selected()) is not None and row.entity
                else None,
                None,
                ("Show every change", self.clear_filters),
            ],
            edit=self.show_details,
        )

        self.kind = QComboBox()
        self.kind.setModel(_Choices(self.kind))
        self.kind.setAccessibleName("Kind of change")
        self.person = QComboBox()
        self.person.setModel(_Choices(self.person))
        self.person.setAccessibleName("Person")
        self.person.setMinimumContentsLength(14)
        self.person.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # the days chosen: the locale's short date (with the full year); the weekday too
        # under C, as always
        day_format = "ddd dd MMM yyyy" if user_locale.name() is None else user_locale.date_format()
        self.use_since = QCheckBox("From")
        self.use_since.setAccessibleName("Only from a day")
        self.since = QDateEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat(day_format)
        self.since.setAccessibleName("First day")
        self.use_until = QCheckBox("to")
        self.use_until.setAccessibleName("Only up to a day")
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat(day_format)
        self.until.setAccessibleName("Last day")
        self.search = QLineEdit(placeholderText="Search the log…")
        self.search.setAccessibleName("Search the log")
        self.search.setClearButtonEnabled(True)
        self.search.setProperty("search_field", True)
        self.search.setToolTip(
            "Finds the changes whose action, kind, subject, details or user hold this text; "
            "choose the days with From and to"
        )
        self.search.textChanged.connect(lambda _t: self.reload())
        self.count = QLabel()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName("Details of the selected change")

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Kind"))
        filters.addWidget(self.kind)
        filters.addWidget(QLabel("Person"))
        filters.addWidget(self.person)
        filters.addWidget(self.search, 1)
        dates = QHBoxLayout()
        for widget in (self.use_since, self.since, self.use_until, self.until):
            dates.addWidget(widget)
        dates.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count)

        for box in (self.kind, self.person):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        for check in (self.use_since, self.use_until):
            check.toggled.connect(lambda _c: self.reload())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self.reload())
        self._choices: dict[str, list[tuple[str, str | None]]] = {}  # what each box lists
        self._loading = False
        self._dated = False  # the first refresh puts the last 30 days in the date fields

    def reset(self) -> None:
        """Another database: every kind, everyone, the last 30 days offered, no search."""
        for box in (self.kind, self.person):
            box.blockSignals(True)
            _choices(box).set_items([])
            box.blockSignals(False)
        for check in (self.use_since, self.use_until):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._dated = False
        self.model.set_rows([])
        self.error.hide()

    # -- loading ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the choices (kinds, people) keeping what was chosen, then the log."""
        self._loading = True
        try:
            with self.get_db().session() as session:
                self.tz = home_calendar(session).tz
                kinds = audit_log.kinds(session)
                people = names_and_emails(session)
                today = utc_now().astimezone(self.tz).date()
            if not self._dated:
                self._dated = True
                self.since.setDate(to_qdate(today - timedelta(days=30)))
                self.until.setDate(to_qdate(today))
            self._fill(
                self.kind, [("Every kind", None)] + [(k.replace("_", " "), k) for k in kinds]
            )
            self._fill(
                self.person,
                [("Everyone", None)] + [(f"{n} <{e}>", e) for n, e in sorted(people)],
            )
        finally:
            self._loading = False
        self.reload()

    def _fill(self, box: QComboBox, items: list[tuple[str, str | None]]) -> None:
        if self._choices.get(box.accessibleName()) == items and box.count() == len(items):
            return  # the same choices (a long list of people is slow to rebuild)
        self._choices[box.accessibleName()] = items
        chosen = box.currentData()
        box.blockSignals(True)
        _choices(box).set_items(items)
        index = box.findData(chosen) if chosen is not None else 0
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)

    def filters(self) -> AuditFilter:
        """What the fields choose. A search for a day or month as the table shows it
        ('27. Nov. 2026', 'Nov 27, 2026') looks for its ISO form, which the log stores."""
        since = from_qdate(self.since.date()) if self.use_since.isChecked() else None
        until = from_qdate(self.until.date()) if self.use_until.isChecked() else None
        search = self.search.text()
        search = locale_text.read_day(search, user_locale.name()) or search
        person = self.person.currentData()
        return AuditFilter(
            since, until, self.kind.currentData(), person, search, user_locale.name()
        )

    def reload(self) -> None:
        """Count the entries the filters keep and read the first page of them."""
        if self._loading:
            return
        self.since.setEnabled(self.use_since.isChecked())
        self.until.setEnabled(self.use_until.isChecked())
        chosen = self.filters()
        sort, descending = self.model.order()
        tz = self.tz
        try:
            with self.get_db().session() as session:
                rows, total = audit_log.first_page(
                    session, chosen, self.model.PAGE, sort, descending, tz
                )
        except PlannerError as exc:
            self.error.setText(str(exc))
            self.error.show()
            rows, total = [], 0
        else:
            self.error.hide()

        def fetch_page(offset: int, limit: int) -> list[AuditRow]:
            with self.get_db().session() as session:
                return audit_log.page(session, chosen, offset, limit, sort, descending, tz, total)

        self.model.tz = self.tz
        self.model.fetch_page = fetch_page
        self.model.set_page(rows, total)
        self.count.setText(f"{total} change(s), newest first; times in {self.tz}")
        self._show_detail()

    def selected(self) -> AuditRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = indexes[0].data(ROW_ROLE)
        return row if isinstance(row, AuditRow) else None

    # -- the row's menu ---------------------------------------------------------------
    def show_details(self) -> None:
        """The selected change's details, below the table, with the keyboard there."""
        self._show_detail()
        self.detail.setFocus()

    def _person_index(self) -> int:
        """The Person choice the selected change is about (-1: nobody in particular):
        the email its details name, else the volunteer it is about."""
        row = self.selected()
        if row is None:
            return -1
        email = row.detail.get("email")
        if isinstance(email, str) and (index := self.person.findData(email.lower())) >= 0:
            return index
        if row.entity == "volunteer" and row.subject:
            for index in range(1, self.person.count()):
                if self.person.itemText(index).startswith(f"{row.subject} <"):
                    return index
        return -1

    def _person_label(self) -> str:
        index = self._person_index()
        return self.person.itemText(index).split(" <")[0] if index > 0 else ""

    def filter_by_person(self) -> None:
        index = self._person_index()
        if index > 0:
            self.person.setCurrentIndex(index)

    def filter_by_kind(self) -> None:
        row = self.selected()
        if row is not None and (index := self.kind.findData(row.entity)) >= 0:
            self.kind.setCurrentIndex(index)

    def clear_filters(self) -> None:
        self._loading = True
        try:
            self.kind.setCurrentIndex(0)
            self.person.setCurrentIndex(0)
            self.use_since.setChecked(False)
            self.use_until.setChecked(False)
            self.search.clear()  # (no reload while loading)
        finally:
            self._loading = False
        self.reload()

    def _show_detail(self) -> None:
        row = self.selected()
        if row is None:
            self.detail.setHtml("<i>Select a change to see its details.</i>")
            return
        at = row.at.astimezone(self.tz) if self.tz else row.at
        locale = user_locale.name()
        items = "".join(
            f"<tr><td><b>{html.escape(name)}</b></td><td>{html.escape(text)}</td></tr>"
            for name, text in audit_text.items(row, locale, self.tz)
        )
        subject = audit_text.subject(row, locale) if row.subject else ""
        self.detail.setHtml(
            f"<p><b>{html.escape(row.action)}</b> — {html.escape(row.entity or 'no kind')}"
            f"{'' if row.entity_id is None else ' #' + str(row.entity_id)}"
            f"{': ' + html.escape(subject) if subject else ''}<br>"
            f"{user_locale.long_day_time(at, seconds=True)} ({self.tz})"
            f"{' by ' + html.escape(row.os_user) if row.os_user else ''}</p>"
            f"<table cellspacing='6'>{items or '<tr><td>No details recorded.</td></tr>'}</table>"
        )

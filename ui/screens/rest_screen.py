"""The Rest screen: balances (stale ones highlighted), the rest log, the page log, and
forms to log a page, import pages and add rest entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core import settings
from planner.core.errors import PlannerError
from planner.pay import pages, rest
from planner.people import volunteers
from ui.log_page_dialog import LogPageDialog
from ui.models.rest_table_models import BalancesTableModel, PagesTableModel, RestLogTableModel
from ui.models.row_table_model import SORT_ROLE
from ui.screens.base import DatabaseGetter, Screen

ENTRY_KINDS = [
    ("Rest taken", "taken", ""),
    ("Entitled: disrupted travel", "entitled", "travel"),
    ("Entitled: other (manual)", "entitled", "manual"),
]


def _view(
    model: object, sort_column: int = 0, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
) -> QTableView:
    proxy = QSortFilterProxyModel(model)  # type: ignore[arg-type]
    proxy.setSourceModel(model)  # type: ignore[arg-type]
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(sort_column, order)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class RestScreen(Screen):
    title = "Rest"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.balances_model = BalancesTableModel(self)
        self.log_model = RestLogTableModel(self)
        self.pages_model = PagesTableModel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(_view(self.balances_model), "Balances")
        self.tabs.addTab(_view(self.log_model, 0, Qt.SortOrder.DescendingOrder), "Rest log")
        self.tabs.addTab(_view(self.pages_model, 0, Qt.SortOrder.DescendingOrder), "Pages")

        self.log_page_button = QPushButton("Log page…")
        self.import_button = QPushButton("Import pages…")
        self.log_page_button.clicked.connect(self.log_page)
        self.import_button.clicked.connect(self.import_pages)
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("color: #546e7a;")
        self.summary_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.log_page_button)
        top.addWidget(self.import_button)

        self.volunteer = QComboBox()
        self.kind = QComboBox()
        for label, kind, reason in ENTRY_KINDS:
            self.kind.addItem(label, (kind, reason))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.days = QDoubleSpinBox(minimum=0.5, maximum=10, singleStep=0.5, decimals=1)
        self.days.setValue(1)
        self.days.setSuffix(" day(s)")
        self.note = QLineEdit(placeholderText="Note (optional)")
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add_entry)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        form = QGridLayout()
        form.addWidget(QLabel("Volunteer"), 0, 0)
        form.addWidget(self.volunteer, 0, 1, 1, 2)
        form.addWidget(self.kind, 0, 3, 1, 2)
        form.addWidget(QLabel("Day"), 1, 0)
        form.addWidget(self.day, 1, 1)
        form.addWidget(self.days, 1, 2)
        form.addWidget(self.note, 1, 3)
        form.addWidget(self.add_button, 1, 4)
        form.setColumnStretch(3, 1)
        box = QGroupBox("Add a rest entry")
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(form)
        box_layout.addWidget(self.error)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2 style='margin:0'>Rest</h2>"))
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(box)

    def refresh(self) -> None:
        with self.get_db().session() as session:
            balances = rest.balances(session, date.today())
            self.balances_model.set_rows(balances)
            self.log_model.set_rows(rest.rest_log(session))
            page_rows = pages.list_pages(session)
            self.pages_model.set_rows(page_rows)
            stale_days = settings.get(session, "rest_stale_days")
            choices = [(c.name, c.email) for c in volunteers.choices(session, "rota")]
        current = self.volunteer.currentData()
        self.volunteer.clear()
        for name, email in choices:
            self.volunteer.addItem(name, email)
        if current:
            self.volunteer.setCurrentIndex(max(0, self.volunteer.findData(current)))
        owed = sum(b.balance_half_days for b in balances) / 2
        stale = sum(1 for b in balances if b.stale)
        nights = sum(1 for p in page_rows if p.night)
        self.summary_label.setText(
            f"{owed:g} rest day(s) owed · {stale} balance(s) older than {stale_days} days "
            f"(highlighted) · {len(page_rows)} pages logged, {nights} at night"
        )

    def log_page(self) -> None:
        dialog = LogPageDialog(self.get_db, self)
        if dialog.exec():
            self.refresh()

    def ask_import_path(self) -> Path | None:
        name, _f = QFileDialog.getOpenFileName(self, "Import pages", "", "CSV files (*.csv)")
        return Path(name) if name else None

    def confirm_import(self, preview: pages.PagePreview) -> bool:
        answer = QMessageBox.question(
            self,
            "Import pages",
            f"Add {len(preview.pages)} page(s)? "
            f"{len(preview.duplicates)} already in the log will be skipped.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_pages(self) -> None:
        path = self.ask_import_path()
        if path is None:
            return
        try:
            with self.get_db().session() as session:
                preview = pages.preview_csv(session, path)
            if not preview.ok:
                QMessageBox.warning(
                    self,
                    "Import pages",
                    "Nothing was imported. Fix these rows and try again:\n\n"
                    + "\n".join(preview.errors[:20]),
                )
                return
            if not self.confirm_import(preview):
                return
            with self.get_db().transaction() as session:
                pages.import_csv(session, path)
        except PlannerError as exc:
            QMessageBox.warning(self, "Import pages", str(exc))
            return
        self.refresh()

    def add_entry(self) -> bool:
        self.error.clear()
        kind, reason = self.kind.currentData()
        q = self.day.date()
        try:
            with self.get_db().transaction() as session:
                email = self.volunteer.currentData()
                if not email:
                    raise PlannerError("choose a volunteer")
                volunteer = volunteers.by_email(session, email)
                rest.add_entry(
                    session,
                    volunteer,
                    kind,
                    date(q.year(), q.month(), q.day()),
                    self.days.value(),
                    reason,
                    self.note.text().strip(),
                )
        except PlannerError as exc:
            self.error.setText(str(exc))
            return False
        self.note.clear()
        self.refresh()
        return True

"""The Rest screen: balances (stale ones highlighted), the rest log, the page log, and
forms to log a page, import pages and add rest entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
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
from planner.core.home import home_today
from planner.pay import pages, rest
from planner.pay.pages import PageRow
from planner.pay.rest import BalanceRow, RestRow
from planner.people import volunteers
from ui import palette, user_locale
from ui.headings import title_label
from ui.log_page_dialog import LogPageDialog
from ui.models.rest_table_models import BalancesTableModel, PagesTableModel, RestLogTableModel
from ui.models.row_table_model import SORT_ROLE, RowProxyModel
from ui.qt_dates import from_qdate, to_qdate
from ui.rest_entry_dialog import RestEntryDialog
from ui.screens.base import DatabaseGetter, Screen
from ui.table_menu import install_row_menu
from ui.table_search import search_tabs

ENTRY_KINDS = [
    ("Rest taken", "taken", ""),
    ("Entitled: disrupted travel", "entitled", "travel"),
    ("Entitled: other (manual)", "entitled", "manual"),
]


def _view(
    model: object, sort_column: int = 0, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
) -> QTableView:
    proxy = RowProxyModel(model)  # the model sorts its rows in Python
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
    view.horizontalHeader().setResizeContentsPrecision(0)  # fit the rows on screen only
    view.horizontalHeader().setStretchLastSection(True)
    return view


class RestScreen(Screen):
    title = "Rest"
    TAB_BALANCES, TAB_LOG, TAB_PAGES = range(3)

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.balances_model = BalancesTableModel(self)
        self.log_model = RestLogTableModel(self)
        self.pages_model = PagesTableModel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(_view(self.balances_model), "Balances")
        self.tabs.addTab(_view(self.log_model, 0, Qt.SortOrder.DescendingOrder), "Rest log")
        self.tabs.addTab(_view(self.pages_model, 0, Qt.SortOrder.DescendingOrder), "Pages")
        views = [self.tabs.widget(n) for n in range(self.tabs.count())]
        self.search = search_tabs(
            self.tabs, [v for v in views if isinstance(v, QTableView)], "rest and pages"
        )
        self.tabs.currentChanged.connect(self._selection_changed)
        for tab in (self.TAB_LOG, self.TAB_PAGES):
            view = self.tabs.widget(tab)
            assert isinstance(view, QTableView)
            view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Correct the selected page or rest entry")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the selected page or rest entry (asks first)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.status = QLabel()
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        self._pages_stale = True  # the page log is read when its tab is shown
        self.tabs.currentChanged.connect(lambda _i: self._load_pages())

        self.log_page_button = QPushButton("Log page…")
        self.import_button = QPushButton("Import pages…")
        self.log_page_button.clicked.connect(self.log_page)
        self.import_button.clicked.connect(self.import_pages)
        self.summary_label = QLabel()
        palette.ink(self.summary_label, "muted")
        self.summary_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.log_page_button)
        top.addWidget(self.import_button)

        self.volunteer = QComboBox()
        self.volunteer.setAccessibleName("Volunteer")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Rest entry kind")
        for label, kind, reason in ENTRY_KINDS:
            self.kind.addItem(label, (kind, reason))
        self.day = QDateEdit()  # today at the home site, set by refresh
        self._day_offered: date | None = None  # the home site's day the field was given
        self.day.setCalendarPopup(True)
        self.day.setAccessibleName("Rest day")
        self.day.setDisplayFormat(user_locale.date_format())
        self.days = QDoubleSpinBox(minimum=0.5, maximum=10, singleStep=0.5, decimals=1)
        self.days.setAccessibleName("Days")
        self.days.setValue(1)
        self.days.setSuffix(" day(s)")
        self.note = QLineEdit(placeholderText="Note (optional)")
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add_entry)
        self.error = QLabel()
        palette.ink(self.error, "error")
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

        balances_view = self.tabs.widget(self.TAB_BALANCES)
        assert isinstance(balances_view, QTableView)
        install_row_menu(
            balances_view,
            lambda: [
                (f"Add a rest entry for {row.name}…", self.enter_for_selected)
                if (row := self.selected_balance())
                else None,
                None,
                self.log_page_button,
                self.import_button,
            ],
            edit=self.enter_for_selected,
        )
        for tab in (self.TAB_LOG, self.TAB_PAGES):
            view = self.tabs.widget(tab)
            assert isinstance(view, QTableView)
            install_row_menu(
                view,
                lambda: [
                    self.edit_button,
                    self.delete_button,
                    None,
                    self.log_page_button,
                    self.import_button,
                ],
                edit=self.edit_selected,
            )

        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Rest"))
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)
        layout.addWidget(box)
        self._selection_changed()

    def reset(self) -> None:
        """Another database: no error or half-typed entry from the previous one."""
        self.error.clear()
        self.note.clear()
        self.volunteer.clear()
        self._day_offered = None  # the next refresh offers that database's today

    def _load_pages(self) -> None:
        """The page log (every page, with who was on call): read only on its tab."""
        if self.tabs.currentIndex() != self.TAB_PAGES or not self._pages_stale:
            return
        with self.get_db().session() as session:
            self.pages_model.set_rows(pages.list_pages(session))
        self._pages_stale = False

    def refresh(self) -> None:
        with self.get_db().session() as session:
            today = home_today(session)  # the home site's day, not the computer's
            balances = rest.balances(session, today)
            self.balances_model.stale_days = int(settings.get(session, "rest_stale_days"))
            self.balances_model.set_rows(balances)
            self.log_model.set_rows(rest.rest_log(session))
            logged, nights = pages.count_pages(session)
            stale_days = settings.get(session, "rest_stale_days")
            choices = [(c.name, c.email) for c in volunteers.choices(session, "rota")]
        if self._day_offered is None or from_qdate(self.day.date()) == self._day_offered:
            self.day.setDate(to_qdate(today))  # a day typed stays; one offered follows today
        self._day_offered = today
        current = self.volunteer.currentData()
        self.volunteer.clear()
        for name, email in choices:
            self.volunteer.addItem(name, email)
        if current:
            self.volunteer.setCurrentIndex(max(0, self.volunteer.findData(current)))
        owed = sum(b.balance_half_days for b in balances) / 2
        stale = sum(1 for b in balances if b.stale)
        self.summary_label.setText(
            f"{user_locale.measure(owed)} rest day(s) owed · {user_locale.number(stale)} "
            f"balance(s) older than {user_locale.number(int(stale_days))} days (highlighted) · "
            f"{user_locale.number(logged)} pages logged, {user_locale.number(nights)} at night"
        )
        self._pages_stale = True
        self._load_pages()

    # -- correcting and deleting pages and rest entries ------------------------------
    def selected(self) -> RestRow | PageRow | None:
        """The row selected on the Rest log or Pages tab (None elsewhere)."""
        tab = self.tabs.currentIndex()
        if tab not in (self.TAB_LOG, self.TAB_PAGES):
            return None
        view = self.tabs.widget(tab)
        assert isinstance(view, QTableView)
        rows = view.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        source = proxy.mapToSource(rows[0]).row()
        model = self.log_model if tab == self.TAB_LOG else self.pages_model
        return model.row_at(source)

    def select_row(self, tab: int, row_id: int) -> None:
        """Show ``tab`` and select the row with that id (for the keyboard and tests)."""
        self.tabs.setCurrentIndex(tab)
        view = self.tabs.widget(tab)
        assert isinstance(view, QTableView)
        model = self.log_model if tab == self.TAB_LOG else self.pages_model
        proxy = view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        for r in range(model.rowCount()):
            if model.row_at(r).id == row_id:
                view.selectRow(proxy.mapFromSource(model.index(r, 0)).row())
                return
        raise KeyError(row_id)

    def selected_balance(self) -> BalanceRow | None:
        """The row selected on the Balances tab."""
        view = self.tabs.widget(self.TAB_BALANCES)
        assert isinstance(view, QTableView)
        rows = view.selectionModel().selectedRows()
        proxy = view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        return self.balances_model.row_at(proxy.mapToSource(rows[0]).row()) if rows else None

    def enter_for_selected(self) -> None:
        """The Add a rest entry form, ready for the selected balance's volunteer."""
        row = self.selected_balance()
        if row is None:
            return
        index = self.volunteer.findData(row.email)
        if index >= 0:
            self.volunteer.setCurrentIndex(index)
        self.kind.setFocus()

    def _selection_changed(self, *_args: object) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(chosen is not None)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def edit_selected(self, *_args: object) -> None:
        chosen = self.selected()
        if isinstance(chosen, PageRow):
            page_dialog = LogPageDialog(self.get_db, self, page=chosen)
            if self.run_dialog(page_dialog):
                change = page_dialog.rest_change.text(user_locale.name())
                self.status.setText("Page corrected" + (f"; {change}" if change else ""))
                self.refresh()
        elif isinstance(chosen, RestRow):
            if self.run_dialog(RestEntryDialog(self.get_db, chosen, self)):
                self.status.setText(f"Rest entry of {chosen.name} corrected")
                self.refresh()

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog modally; tests replace this to fill it in and press Save."""
        return bool(dialog.exec())

    def delete_selected(self) -> None:
        chosen = self.selected()
        try:
            if isinstance(chosen, PageRow):
                with self.get_db().session() as session:
                    change = pages.delete_preview(session, chosen.id)
                when = f"{user_locale.day_year_time(chosen.local_at())} {chosen.local_at():%Z}"
                text = (
                    f"Delete the page of {when} ({chosen.timezone}) answered by {chosen.name}"
                    f"{f' ({chosen.summary})' if chosen.summary else ''}?"
                )
                if change.removed:
                    text += (
                        f"\n\nThe rest day it earned goes too: {change.text(user_locale.name())}."
                    )
                if not self.confirm("Delete page", text):
                    return
                with self.edits.edit(f"deletion of a page of {chosen.name}") as session:
                    done = pages.delete_page(session, chosen.id, user_locale.name())
                said = done.text(user_locale.name())
                self.status.setText("Page deleted" + (f"; {said}" if said else ""))
            elif isinstance(chosen, RestRow):
                what = "rest taken" if chosen.kind == "taken" else "rest entitlement"
                day = user_locale.short_date(chosen.day)
                change_days = -chosen.days if chosen.kind == "entitled" else chosen.days
                text = (
                    f"Delete the {what} of {chosen.name} on {day} "
                    f"({user_locale.measure(chosen.days)} day(s))? Their balance changes by "
                    f"{'-' if change_days < 0 else '+'}{user_locale.measure(abs(change_days))} "
                    "day(s)."
                )
                if not self.confirm("Delete rest entry", text):
                    return
                with self.edits.edit(f"deletion of the {what} of {chosen.name}") as session:
                    rest.delete_entry(session, chosen.id, user_locale.name())
                self.status.setText(f"Deleted the {what} of {chosen.name} on {day}")
        except PlannerError as exc:
            QMessageBox.warning(self, "Not deleted", str(exc))
            return
        self.refresh()

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
            f"{len(preview.duplicates)} already in the log will be skipped."
            + (
                f"\n\n{len(preview.off_call)} for someone who held no shift or cover at the "
                "time (kept, marked not on call):\n"
                + "\n".join(
                    f"  • line {d.line}: {d.email} at {user_locale.short_date(d.at.date())} "
                    f"{user_locale.clock(d.at)} {d.at:%z}"
                    for d in preview.off_call[:10]
                )  # fmt: skip
                if preview.off_call
                else ""
            ),
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
            with self.edits.edit(f"import of {len(preview.pages)} page(s)") as session:
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
            who = self.volunteer.currentText()
            day = (
                q.toString("d MMM")
                if user_locale.name() is None
                else user_locale.day_month(from_qdate(q))
            )
            with self.edits.edit(f"rest entry of {who}, {day}") as session:
                email = self.volunteer.currentData()
                if not email:
                    raise PlannerError("choose a volunteer")
                volunteer = volunteers.by_email(session, email)
                rest.add_entry(
                    session,
                    volunteer,
                    kind,
                    from_qdate(q),
                    self.days.value(),
                    reason,
                    self.note.text().strip(),
                    user_locale.name(),
                )
        except PlannerError as exc:
            self.error.setText(str(exc))
            return False
        self.note.clear()
        self.refresh()
        return True

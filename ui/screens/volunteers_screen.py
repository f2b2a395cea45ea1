"""The Volunteers screen: the table with search and filters, and the selected volunteer's
details (tours, unavailability, history). Add, edit, change status and import from here."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.core.home import home_today
from planner.core.models import ROLES, STATUSES
from planner.people import volunteers
from planner.people.tours import TourRow, list_tours
from planner.people.volunteers import VolunteerDetail, VolunteerRow, list_volunteers
from ui import palette, user_locale
from ui.models.row_table_model import ROW_ROLE, SORT_ROLE, RowProxyModel
from ui.models.tours_table_model import ToursTableModel
from ui.models.volunteers_table_model import STATUS_LABELS, VolunteersTableModel
from ui.row_table import row_table
from ui.screens.base import DatabaseGetter, Screen
from ui.status_dialog import StatusDialog
from ui.table_menu import install_row_menu
from ui.table_search import mark_search
from ui.volunteer_form_dialog import VolunteerFormDialog
from ui.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from planner.outputs.service_record import ServiceRecord


class VolunteerFilter(RowProxyModel):
    """Free-text search over every column, plus exact site and role filters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.site: str | None = None
        self.role: str | None = None

    def set_site(self, site: str | None) -> None:
        self._change(lambda: setattr(self, "site", site))

    def set_role(self, role: str | None) -> None:
        self._change(lambda: setattr(self, "role", role))

    def accepts_every_row(self) -> bool:
        return not self.site and not self.role

    def accepts(self, row: VolunteerRow) -> bool:
        return (not self.site or row.site == self.site) and (not self.role or row.role == self.role)


class VolunteerDetailPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow pane: value below
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, label in (
            ("email", "Email"),
            ("site", "Site"),
            ("team", "Team"),
            ("role", "Role"),
            ("manager", "Manager"),
            ("available_from", "Available from"),
            ("notes", "Notes"),
        ):
            value = WrappedLabel()  # a long note keeps every line: the pane scrolls
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            name = QLabel(label)
            palette.ink(name, "muted")
            form.addRow(name, value)
        self.tours_model = ToursTableModel(self)
        self.tours = QTableView()
        self.tours.setModel(self.tours_model)
        self.tours.verticalHeader().hide()
        tours_header = self.tours.horizontalHeader()
        tours_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (ToursTableModel.COL_START, ToursTableModel.COL_LAST_DAY):
            tours_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tours.setMaximumHeight(110)
        self.tours.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.record_button = QPushButton("Service record…")
        self.record_button.setToolTip(
            "This volunteer's service to date: tours, shifts, hours, covers, pages, rest and "
            "pay; printable"
        )
        self.away = QListWidget()
        self.away.setAccessibleName("Unavailability")
        self.away.setMaximumHeight(80)
        self.history = QListWidget()
        self.history.setAccessibleName("History")
        self.history.setWordWrap(True)
        self.history.setMinimumHeight(90)  # the list scrolls itself; the pane need not
        self.history.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        for title, widget in (
            ("Tours", self.tours),
            ("Unavailability", self.away),
            ("History", self.history),
        ):
            heading = QLabel(f"<b>{title}</b>")
            heading.setContentsMargins(0, 8, 0, 0)
            if widget is self.history:
                self.history_heading = heading
            layout.addWidget(heading)
            layout.addWidget(widget)
            if widget is self.tours:
                layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.show_detail(None, [])

    def show_detail(self, detail: VolunteerDetail | None, tours: list[TourRow]) -> None:
        if detail is None:
            self.heading.setText("<h3>" + palette.span("muted", "No volunteer selected") + "</h3>")
            for label in self.fields.values():
                label.clear()
            self.tours_model.set_rows([])
            self.away.clear()
            self.history.clear()
            return
        colour = palette.STATUS_CHIPS.get(detail.status, palette.CHIP_DEFAULT)
        self.heading.setText(
            f"<h3 style='margin:0'>{detail.name}</h3>"
            f"<span style='color:{palette.CHIP_TEXT}; background:{colour}'>&nbsp;"
            f"{STATUS_LABELS[detail.status]}&nbsp;</span>"
        )
        values = {
            "email": detail.email,
            "site": detail.site,
            "team": detail.team or "—",
            "role": detail.role.capitalize(),
            "manager": detail.manager or "—",
            "available_from": (
                user_locale.short_date(detail.available_from) if detail.available_from else "—"
            ),
            "notes": detail.notes or "—",
        }
        for key, value in values.items():
            self.fields[key].setText(value)
        self.tours_model.set_rows(tours)
        self.away.clear()
        for entry in detail.unavailability:
            reason = f" — {entry.reason}" if entry.reason else ""
            first, last = (user_locale.short_date(d) for d in (entry.first_day, entry.last_day))
            self.away.addItem(f"{first} to {last}{reason}")
        if not detail.unavailability:
            self.away.addItem("None recorded")
        self.history.clear()
        self.history_heading.setText(f"<b>History</b> (times in {detail.home_zone})")
        zone = ZoneInfo(detail.home_zone)
        for event in reversed(detail.history):
            at = user_locale.day_year_time(event.at.astimezone(zone))
            self.history.addItem(f"{at}  {event.action}: {event.text}")


class VolunteersScreen(Screen):
    title = "Volunteers"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.today: date | None = None  # tests pin the date; None means the real today
        self._filling = False  # refresh is replacing the rows: the detail pane waits
        self.model = VolunteersTableModel(self)
        self.proxy = VolunteerFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.search = QLineEdit(placeholderText="Search name, email, team…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search volunteers")
        mark_search(self.search)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.textChanged.connect(self._update_count)
        self.site_filter = QComboBox()
        self.site_filter.setAccessibleName("Filter by site")
        self.site_filter.addItem("Every site", None)
        self.site_filter.currentIndexChanged.connect(self._site_chosen)
        self.role_filter = QComboBox()
        self.role_filter.setAccessibleName("Filter by role")
        self.role_filter.addItem("Every role", None)
        for role in ROLES:
            self.role_filter.addItem(role.capitalize(), role)
        self.role_filter.currentIndexChanged.connect(self._role_chosen)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        self.status_filter.addItem("Every status", None)
        for status in STATUSES:
            self.status_filter.addItem(STATUS_LABELS[status], status)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.count_label = QLabel()

        self.add_button = QPushButton("Add volunteer…")
        self.add_button.clicked.connect(self.add_volunteer)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_volunteer)
        self.status_button = QPushButton("Change status…")
        self.status_button.clicked.connect(self.change_status)
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Import volunteers from a form export (.csv or .xlsx)")
        self.import_button.clicked.connect(self.start_import)

        self.table = row_table(self.proxy, VolunteersTableModel.COL_NAME)
        self.table.setAccessibleName("Volunteers")
        header = self.table.horizontalHeader()
        # the email takes the spare width; it is elided only when the window is too narrow
        # even after the detail pane gave way (see _fit_table); the pane shows it in full
        header.setSectionResizeMode(VolunteersTableModel.COL_EMAIL, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        install_row_menu(
            self.table,
            lambda: [
                self.edit_button,
                self.status_button,
                self.record_button,
                None,
                ("Plan tours on the Tours screen", lambda: self.navigate.emit("tours")),
                None,
                self.add_button,
                self.import_button,
            ],
            edit=self.edit_volunteer,
        )

        self.detail = VolunteerDetailPane()
        self.detail.tours.setAccessibleName("Tours of the selected volunteer")
        install_row_menu(
            self.detail.tours,
            lambda: [("Edit on the Tours screen", lambda: self.navigate.emit("tours"))],
            edit=lambda: self.navigate.emit("tours"),
        )
        self.record_button = self.detail.record_button
        self.record_button.clicked.connect(self.show_service_record)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setMinimumWidth(280)
        detail_scroll.setMaximumWidth(370)
        self.detail_scroll = detail_scroll
        splitter = self.splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(detail_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 380])
        self._fitted = False  # the splitter is sized to the rows once; then the user's drag rules

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.site_filter)
        bar.addWidget(self.role_filter)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.count_label)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.status_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # -- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_id()
        # The selection moves a few times while the rows are replaced: the detail pane
        # is read once, at the end, for whoever is selected then.
        self._filling = True
        try:
            self._fill_rows(selected)
        finally:
            self._filling = False
        self._show_selected()
        self._fit_table()

    def _fill_rows(self, selected: int | None) -> None:
        with self.get_db().session() as session:
            rows = list_volunteers(session, self.status_filter.currentData(), self.today)
            sites = volunteers.site_names(session)
        if [self.site_filter.itemText(i) for i in range(1, self.site_filter.count())] != sites:
            current = self.site_filter.currentData()
            self.site_filter.blockSignals(True)
            while self.site_filter.count() > 1:
                self.site_filter.removeItem(1)
            for site in sites:
                self.site_filter.addItem(site, site)
            self.site_filter.setCurrentIndex(max(0, self.site_filter.findData(current)))
            self.site_filter.blockSignals(False)
        self.model.set_rows(rows)
        if selected is not None:
            self.select_volunteer(selected)
        self._update_count()  # nobody selected (or they are gone): the first row

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_table()

    def _fit_table(self) -> None:
        """Once, when shown with rows: give the table the width its columns need (full
        emails), taking it from the detail pane down to the pane's minimum width."""
        if self._fitted or not self.isVisible() or not self.model.rowCount():
            return
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        header = self.table.horizontalHeader()
        columns = sum(
            max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(self.model.columnCount())
        )
        chrome = self.table.width() - self.table.viewport().width()
        scroll = self.table.verticalScrollBar().sizeHint().width()
        if not self.table.verticalScrollBar().isVisible():
            chrome += scroll  # it appears once the rows overflow
        wanted = columns + chrome + 2
        pane = self.detail_scroll
        detail = max(pane.minimumWidth(), min(pane.maximumWidth(), total - wanted))
        self.splitter.setSizes([total - detail, detail])
        self._fitted = True

    def _site_chosen(self) -> None:
        self.proxy.set_site(self.site_filter.currentData())
        self._update_count()

    def _role_chosen(self) -> None:
        self.proxy.set_role(self.role_filter.currentData())
        self._update_count()

    def reset(self) -> None:
        """Another database: no search, every site, role and status, nobody selected."""
        for box in (self.site_filter, self.role_filter, self.status_filter):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.proxy.setFilterFixedString("")
        self.proxy.set_site(None)
        self.proxy.set_role(None)
        self.table.clearSelection()
        self.model.set_rows([])
        self.detail.show_detail(None, [])
        self._fitted = False
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "volunteer" if total == 1 else "volunteers"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        self.count_label.setText(text)
        if shown and not self.table.selectionModel().hasSelection():
            # the selected volunteer was filtered out: show the first match, as refresh does
            self.table.selectRow(0)

    def selected_ids(self) -> list[int]:
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(ROW_ROLE).id for i in rows]

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row: VolunteerRow = rows[0].data(ROW_ROLE)
        return row.id

    def select_volunteer(self, volunteer_id: int) -> None:
        for source_row, row in enumerate(self.model.rows()):
            if row.id == volunteer_id:
                shown = self.proxy.mapFromSource(self.model.index(source_row, 0))
                if shown.isValid():
                    self.table.selectRow(shown.row())
                break
        self._show_selected()

    def current_detail(self) -> VolunteerDetail | None:
        volunteer_id = self.selected_id()
        if volunteer_id is None:
            return None
        with self.get_db().session() as session:
            return volunteers.detail(session, volunteer_id, self.today)

    def _show_selected(self, *_: object) -> None:
        if self._filling:
            return
        volunteer_id = self.selected_id()
        if volunteer_id is None:
            self.detail.show_detail(None, [])
        else:
            with self.get_db().session() as session:
                detail = volunteers.detail(session, volunteer_id, self.today, user_locale.name())
                today = self.today or home_today(session)  # the home site's, as the status
                tours = list_tours(session, today, volunteer_id)
            self.detail.show_detail(detail, tours)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(chosen)
        self.status_button.setEnabled(chosen)
        self.record_button.setEnabled(chosen)

    # -- actions ------------------------------------------------------------------------
    def home_day(self) -> date:
        """Today at the home site (not the computer's), unless a test pinned it: the day
        the dialogs start from (status changed on, available from, away)."""
        if self.today is not None:
            return self.today
        with self.get_db().session() as session:
            return home_today(session)

    def add_volunteer(self) -> None:
        dialog = VolunteerFormDialog(self.get_db, None, self, self.home_day())
        if dialog.exec() and dialog.saved_id is not None:
            self.refresh()
            self.select_volunteer(dialog.saved_id)

    def edit_volunteer(self, *_: object) -> None:
        detail = self.current_detail()
        if detail is None:
            return
        dialog = VolunteerFormDialog(self.get_db, detail, self, self.home_day())
        if dialog.exec():
            self.refresh()

    def change_status(self) -> None:
        """For every selected volunteer (approve a whole intake at once)."""
        ids = self.selected_ids()
        if not ids:
            return
        with self.get_db().session() as session:
            details = [volunteers.detail(session, i, self.today) for i in ids]
        if StatusDialog(self.get_db, details, self, self.home_day()).exec():
            self.refresh()

    def service_record(self) -> ServiceRecord | None:
        # imported on use: the pay figures and printing are not needed to list volunteers
        from planner.outputs.service_record import service_record

        detail = self.current_detail()
        if detail is None:
            return None
        with self.get_db().session() as session:
            return service_record(session, detail.email, locale=user_locale.name())

    def show_service_record(self) -> None:
        from ui.service_record_dialog import ServiceRecordDialog

        record = self.service_record()
        if record is not None:
            dialog = ServiceRecordDialog(record, self)
            self.record_dialog = dialog
            dialog.exec()

    def start_import(self) -> None:
        """The Import wizard (also offered on first start by the welcome dialog)."""
        from ui.import_wizard import ImportWizard  # on use: the screen opens without it

        wizard = ImportWizard(self.get_db, self, today=self.home_day())
        wizard.exec()
        self.refresh()

"""The Pages screen: every page and its follow-up (owning team, the issue opened for it,
open or done). Pages with no follow-up are red; the coordinator sets the follow-up of the
selected pages, and imports pages from the page log or PagerDuty (JSON or CSV).

The follow-up filter, the search and the order are applied in SQL (``page_list``): a
refresh reads the newest pages and counts the whole log; the table reads older pages as it
scrolls, so a log of years shows as quickly as a log of weeks."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.pay import page_import, page_list, pages
from planner.pay.page_list import FollowUpFilter
from planner.pay.pages import FollowUpRow, PagePreview
from ui import palette, user_locale
from ui.models.page_follow_up_table_model import PageFollowUpTableModel
from ui.models.row_table_model import ROW_ROLE, SORT_ROLE, RowProxyModel
from ui.row_table import row_table
from ui.rule_tips import rule_tip
from ui.screens.base import DatabaseGetter, Screen
from ui.table_menu import install_row_menu
from ui.table_search import mark_search

FILTERS = [
    ("Every page", "all"),
    ("Without a follow-up", "none"),
    ("Follow-up open", "open"),
    ("Follow-up done", "done"),
]


class PagesScreen(Screen):
    title = "Pages"
    MEASURED_ROWS = 30  # the rows a column's width is measured on
    WIDEST = 420  # pixels: a long summary or link is elided, not a screen wide

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.model = PageFollowUpTableModel(self)
        self.model.on_sort = self.reload  # sorted in SQL: read the first rows again
        self.proxy = RowProxyModel(self)  # hands sorting and fetching to the model
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = row_table(
            self.proxy,
            PageFollowUpTableModel.COL_AT,
            Qt.SortOrder.DescendingOrder,
            resize=QHeaderView.ResizeMode.Interactive,
        )
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        self._sized = False
        self.table.setAccessibleName("Pages and their follow-ups")
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.filter = QComboBox()
        for label, key in FILTERS:
            self.filter.addItem(label, key)
        self.filter.setAccessibleName("Show")
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.import_button = QPushButton("Import pages…")
        self.import_button.setToolTip(
            "Pages from the page log (.csv) or PagerDuty's incident list (REST API .json or the "
            "web app's .csv download); all or nothing, incidents seen before skipped"
        )
        self.import_button.clicked.connect(self.import_pages)

        self.team = QComboBox()
        self.team.setEditable(True)
        self.team.setAccessibleName("Owning team")
        team_edit = self.team.lineEdit()
        if team_edit is not None:
            team_edit.setPlaceholderText("the team that owns the fix")
        self.link = QLineEdit(placeholderText="https://… the issue opened for the page")
        self.link.setAccessibleName("Issue link")
        self.state = QComboBox()
        self.state.addItem("Open", "open")
        self.state.addItem("Done", "done")
        self.state.setAccessibleName("Follow-up state")
        self.save_button = QPushButton("Set follow-up")
        self.save_button.clicked.connect(self.save_follow_up)
        self.clear_button = QPushButton("Remove follow-up")
        self.clear_button.clicked.connect(self.clear_follow_up)
        self.error = QLabel()
        palette.ink(self.error, "error")
        self.error.setWordWrap(True)
        self.selection_label = QLabel()
        form = QGridLayout()
        form.addWidget(self.selection_label, 0, 0, 1, 4)
        form.addWidget(QLabel("Owning team"), 1, 0)
        form.addWidget(self.team, 1, 1)
        form.addWidget(QLabel("State"), 1, 2)
        form.addWidget(self.state, 1, 3)
        form.addWidget(QLabel("Issue"), 2, 0)
        form.addWidget(self.link, 2, 1, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        form.addLayout(buttons, 3, 0, 1, 4)
        form.addWidget(self.error, 4, 0, 1, 4)
        form.setColumnStretch(1, 1)
        editor = QGroupBox("Follow-up of the selected page(s)")
        editor.setLayout(form)

        self.open_by_team = QListWidget()
        self.open_by_team.setAccessibleName("Open follow-ups by team")
        install_row_menu(
            self.open_by_team,
            lambda: (
                [("Show this team's open follow-ups", self.show_team)]
                if self._chosen_team()
                else []
            ),
            edit=self.show_team,
        )
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("<b>Open follow-ups by team</b>"))
        side_layout.addWidget(self.open_by_team)
        install_row_menu(
            self.table,
            lambda: [
                ("Edit follow-up", self.edit_follow_up),
                self.clear_button,
                ("Open the issue", self.open_issue) if self._issue_link() else None,
                None,
                ("Correct the page…", self.correct_page)
                if len(self.selected_rows()) == 1
                else None,
                self.import_button,
            ],
            edit=self.edit_follow_up,
        )
        self.search = mark_search(QLineEdit(placeholderText="Search pages, people, teams…"))
        self.search.setAccessibleName("Search pages, people, teams")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            "Finds the pages whose responder, follow-up, owning team, issue, service or "
            "summary holds this text, 'night' the night pages, or a day, month or time as "
            "the table shows it (the responder's: '03:15', a day, or both), in the whole log"
        )
        self.search.textChanged.connect(lambda _t: self.reload())
        self.table.search = self.search  # type: ignore[attr-defined]
        listed = QWidget()
        listed_layout = QVBoxLayout(listed)
        listed_layout.setContentsMargins(0, 0, 0, 0)
        listed_layout.setSpacing(2)
        listed_layout.addWidget(self.search)
        listed_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(listed)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1100, 220])

        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter)
        top.addWidget(self.summary, 1)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(editor)
        self._selected()

    # -- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Count the whole log (pages without a follow-up, open ones by team), then read the
        newest pages the filter and search keep."""
        with self.get_db().session() as session:
            summary, logged = page_list.counts(session)
            teams = pages.known_teams(session)
        text = self.team.currentText()
        self.team.clear()
        self.team.addItems(teams)
        self.team.setEditText(text)
        self.open_by_team.clear()
        for team, count in summary.open_by_team.items():
            item = QListWidgetItem(f"{team}: {count} open")
            item.setData(Qt.ItemDataRole.UserRole, team)
            self.open_by_team.addItem(item)
        if not summary.open_by_team:
            self.open_by_team.addItem("None open")
        without = summary.without
        open_count = sum(summary.open_by_team.values())
        self.summary.setText(
            palette.span("error", f"<b>{without}</b> page(s) without a follow-up")
            + f" · {open_count} open follow-up(s) · {logged} pages logged"
            if without
            else f"✓ Every page has a follow-up · {open_count} open · {logged} pages logged"
        )
        self.summary.setToolTip(
            rule_tip(f"{without} page(s) without a follow-up", pages.FOLLOW_UP_RULE)
            if without
            else ""
        )
        self.reload()

    def filters(self) -> FollowUpFilter:
        """What the Show box and the search choose, with the locale the table shows days
        and times in ('27. Nov. 2026', 'Nov 27, 2026, 3:15 AM' are read as shown)."""
        search = self.search.text().strip()
        return FollowUpFilter(self.filter.currentData() or "all", search, user_locale.name())

    def reload(self) -> None:
        """Read the first rows the filter and search keep, in the table's order, keeping
        the selection of the pages still read."""
        chosen_ids = set(self.selected_ids())
        chosen = self.filters()
        sort, descending = self.model.order()
        with self.get_db().session() as session:
            rows, total = page_list.first_page(session, chosen, self.model.PAGE, sort, descending)

        def fetch_page(offset: int, limit: int) -> list[FollowUpRow]:
            with self.get_db().session() as session:
                return page_list.page(session, chosen, offset, limit, sort, descending)

        self.model.fetch_page = fetch_page
        self.model.set_page(rows, total)
        self.select_ids(chosen_ids)
        if not self._sized and rows:
            self._sized = True  # later the person's widths stand
            self._size_columns()

    def _size_columns(self) -> None:
        """Each column as wide as its header and its text in the first rows read (not
        measured over every row, as ``resizeColumnsToContents`` does)."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        margin = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        sample = min(self.proxy.rowCount(), self.MEASURED_ROWS)
        for column in range(self.proxy.columnCount() - 1):  # the last one stretches
            widest = header.sectionSizeHint(column)
            for row in range(sample):
                text = self.proxy.index(row, column).data()
                if text:
                    widest = max(widest, metrics.horizontalAdvance(str(text)) + margin)
            header.resizeSection(column, min(widest, self.WIDEST))

    def selected_rows(self) -> list[FollowUpRow]:
        indexes = self.table.selectionModel().selectedRows()
        return [i.data(ROW_ROLE) for i in sorted(indexes, key=lambda i: i.row())]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def select_ids(self, ids: set[int]) -> None:
        self.table.clearSelection()
        if not ids:
            return
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for source_row, row in enumerate(self.model.rows()):
            if row.id in ids:
                shown = self.proxy.mapFromSource(self.model.index(source_row, 0))
                if shown.isValid():
                    self.table.selectRow(shown.row())
        self.table.setSelectionMode(mode)

    def _selected(self, *_: object) -> None:
        rows = self.selected_rows()
        self.save_button.setEnabled(bool(rows))
        self.clear_button.setEnabled(any(r.has_follow_up for r in rows))
        self.error.clear()
        if not rows:
            self.selection_label.setText("Select pages in the table (several to share one issue).")
            return
        first = rows[0]
        if len(rows) == 1:
            self.selection_label.setText(
                f"{user_locale.day_year_time(first.local_at())} {first.local_at():%Z} · "
                f"{first.name} · "
                f"{first.service or 'no service'} · {first.summary}"
            )
        else:
            self.selection_label.setText(f"{len(rows)} pages selected")
        if first.has_follow_up:
            self.team.setEditText(first.follow_up_team)
            self.link.setText(first.follow_up_link)
            self.state.setCurrentIndex(max(0, self.state.findData(first.follow_up_state)))

    def _chosen_team(self) -> str:
        item = self.open_by_team.currentItem()
        team = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(team) if team else ""

    def show_team(self) -> None:
        """The open follow-ups of the team chosen beside the table."""
        if team := self._chosen_team():
            self.filter.setCurrentIndex(self.filter.findData("open"))
            self.search.setText(team)

    # -- editing ------------------------------------------------------------------------
    def edit_follow_up(self) -> None:
        """The follow-up editor below the table, for the selected pages: the team first."""
        if self.selected_rows():
            self.team.setFocus()
            if (line := self.team.lineEdit()) is not None:
                line.selectAll()

    def _issue_link(self) -> str:
        rows = self.selected_rows()
        return rows[0].follow_up_link if len(rows) == 1 else ""

    def open_issue(self) -> None:
        if link := self._issue_link():
            QDesktopServices.openUrl(QUrl(link))

    def correct_page(self) -> None:
        """The page itself (when, who, minutes, summary): the Rest screen's dialog."""
        from ui.log_page_dialog import LogPageDialog

        rows = self.selected_rows()
        if len(rows) != 1:
            return
        chosen = rows[0]  # the table's row: the dialog wants the page log's, with its on-call
        with self.get_db().session() as session:
            found = pages.list_pages(session, chosen.at, chosen.at + timedelta(seconds=1))
        page = next((p for p in found if p.id == chosen.id), None)
        if page is not None and self.run_dialog(LogPageDialog(self.get_db, self, page=page)):
            self.refresh()

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog modally; tests replace this to fill it in and press Save."""
        return bool(dialog.exec())

    def save_follow_up(self) -> bool:
        return self._write(self.team.currentText(), self.link.text(), self.state.currentData())

    def clear_follow_up(self) -> bool:
        return self._write("", "", None)

    def _write(self, team: str, link: str, state: str | None) -> bool:
        ids = self.selected_ids()
        if not ids:
            return False
        try:
            name = (
                f"follow-up of {len(ids)} page(s)"
                if state
                else f"follow-up cleared, {len(ids)} page(s)"
            )
            with self.edits.edit(name) as session:
                for page_id in ids:
                    pages.set_follow_up(session, page_id, team, link, state)
        except PlannerError as exc:
            self.error.setText(str(exc))
            return False
        self.refresh()
        self.error.clear()
        return True

    # -- import -------------------------------------------------------------------------
    def ask_import_path(self) -> Path | None:
        name, _f = QFileDialog.getOpenFileName(
            self, "Import pages", "", "Pages or PagerDuty incidents (*.csv *.json)"
        )
        return Path(name) if name else None

    def confirm_import(self, preview: PagePreview) -> bool:
        skipped = "".join(f"\n• {where}: {why}" for where, why in preview.skipped[:10])
        answer = QMessageBox.question(
            self,
            "Import pages",
            f"Add {len(preview.pages)} page(s) from the {preview.kind}? "
            f"{len(preview.duplicates)} already in the log will be skipped."
            + (f"\n\nSkipped:{skipped}" if skipped else ""),
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_pages(self, path: Path | None = None) -> bool:
        path = path or self.ask_import_path()
        if path is None:
            return False
        try:
            with self.get_db().session() as session:
                preview = page_import.preview_file(session, path)
            if not preview.ok:
                QMessageBox.warning(
                    self,
                    "Import pages",
                    "Nothing was imported. Fix these and try again:\n\n"
                    + "\n".join(preview.errors[:20]),
                )
                return False
            if not self.confirm_import(preview):
                return False
            with self.edits.edit(f"import of {path.name}") as session:
                page_import.import_file(session, path)
        except PlannerError as exc:
            QMessageBox.warning(self, "Import pages", str(exc))
            return False
        self.refresh()
        self.filter.setCurrentIndex(1)  # new pages need their follow-up
        return True

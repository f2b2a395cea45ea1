"""File › Backups…: the copies beside the database, newest first; back up now; restore one.

Restoring asks first, naming the closed pay runs it would reopen (closed after the copy was
made); the current database is kept as a copy before it is replaced, and the restore is in
the audit log.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.core.backups import BackupInfo, list_backups, timestamped_backup
from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.restore import closed_runs_reopened, restore_database
from ui import user_locale
from ui.wrapped_label import WrappedLabel


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / (1024 * 1024):,.1f} MB"


class BackupsDialog(QDialog):
    COLUMNS = ("Made at (UTC)", "Why", "Size", "File")

    def __init__(
        self,
        database: Callable[[], Database],
        restored: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self._database = database
        self._restored = restored
        self.backups: list[BackupInfo] = []
        self.where = WrappedLabel()
        # in place of an empty table: why there is none, when one comes
        self.none_yet = WrappedLabel()
        self.none_yet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = QPushButton("Back up now")
        self.restore_button = QPushButton("Restore…")
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.none_yet, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        db = self._database()
        self.backups = list_backups(db.path)
        self.where.setText(
            f"Copies of {db.path.name} kept in {db.path.parent / 'backups'} "
            "(automatic: before an upgrade or a restore, and on the first open of each day)."
        )
        self.table.setRowCount(len(self.backups))
        for row, b in enumerate(self.backups):
            made = user_locale.day_year_time(b.made_at, seconds=True)
            values = (made, b.reason, _size(b.size), b.path.name)
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.none_yet.setText(
            "No backups yet: one is made on the first open of each day in the app, before "
            "every upgrade and before a restore"
            + ("." if db.read_only else ", or press Back up now.")
        )
        self.table.setVisible(bool(self.backups))
        self.none_yet.setVisible(not self.backups)
        if self.backups:
            self.table.selectRow(0)
        self.backup_button.setEnabled(not db.read_only)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(
            self.selected() is not None and not self._database().read_only
        )

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def back_up_now(self) -> None:
        try:
            timestamped_backup(self._database())
        except PlannerError as exc:
            QMessageBox.warning(self, "Backup not made", str(exc))
        self.reload()

    def confirm(self, backup: BackupInfo, reopened: list[str]) -> bool:
        made = user_locale.day_year_time(backup.made_at)
        text = f"Put back the copy made {made} UTC ({backup.reason})?"
        if reopened:
            text += (
                f"\n\nIt was made before the pay run(s) {', '.join(reopened)} were closed: "
                "restoring it reopens them, although payroll already has their workbooks."
            )
        text += "\n\nThe current database is kept as a copy first."
        answer = QMessageBox.question(
            self,
            "Restore backup",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        db = self._database()
        try:
            reopened = closed_runs_reopened(db, backup.path)
            if not self.confirm(backup, reopened):
                return
            restore_database(db, backup.path, force=True)
        except PlannerError as exc:
            QMessageBox.warning(self, "Not restored", str(exc))
            return
        self._restored()
        self.reload()

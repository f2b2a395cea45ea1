"""Import volunteers from a form export: choose the file, check the preview, import.

Nothing is written until the last step, and only when no row has an error. The
coordinator can fix the flagged rows in the spreadsheet and press "Check again".
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from planner.core.errors import PlannerError
from planner.people import intake
from ui import palette
from ui.edits import edits_for
from ui.models.intake_preview_table_model import IntakePreviewTableModel
from ui.screens.base import DatabaseGetter, home_day
from ui.worker import Operation, failure_text
from ui.wrapped_label import WrappedLabel

FILE_FILTER = "Form exports (*.csv *.xlsx *.txt *.tsv);;All files (*)"


class _FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Choose the form export")
        self.setSubTitle(
            "A .csv (any delimiter or encoding) or .xlsx file with the columns Name, Email, "
            "Office, Team, Role, Manager, Available from, Unavailable, Tour start, Notes."
        )
        self.path = QLineEdit()
        self.path.setPlaceholderText("/path/to/volunteer-intake.csv")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addStretch(1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Form export", "", FILE_FILTER)
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return Path(self.path.text().strip()).is_file()


class _PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Check the preview")
        self.model = IntakePreviewTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.summary = WrappedLabel()
        again = QPushButton("Check again")
        again.setToolTip("Read the file again after fixing it in the spreadsheet")
        again.clicked.connect(self.initializePage)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(again)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")

    def initializePage(self) -> None:  # noqa: N802
        self.wiz.load_preview()
        preview = self.wiz.preview
        self.model.set_rows(preview.rows if preview else [])
        if preview is None:
            self.setSubTitle("The file cannot be read.")
            self.summary.setText(palette.span("error", str(self.wiz.error)))
        else:
            counts = preview.counts()
            self.setSubTitle(f"{preview.file}: {len(preview.rows)} rows.")
            parts = [f"{n} {k}" for k, n in counts.items() if n]
            text = ", ".join(parts)
            if preview.errors:
                text = (
                    palette.span("error", f"<b>{counts['error']} row(s) with errors</b>")
                    + " — fix them in the file, then Check again. Nothing is imported "
                    f"while any row has an error. ({text})"
                )
            else:
                text = f"Ready to import: {text}."
            self.summary.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.wiz.preview is not None and not self.wiz.preview.errors

    def validatePage(self) -> bool:  # noqa: N802
        """Import runs in the background; the wizard moves on when it has finished."""
        if self.wiz.counts is not None:
            return True
        self.wiz.start_apply()
        return False


class _DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Imported")
        self.label = WrappedLabel()
        QVBoxLayout(self).addWidget(self.label)

    def initializePage(self) -> None:  # noqa: N802
        counts = self.wiz.counts or {}
        self.label.setText(
            f"{counts.get('new', 0)} new and {counts.get('update', 0)} updated volunteers. "
            "Select them on the Volunteers screen and Change status to Approved, then plan "
            "their tours on the Tours screen."
        )


class ImportWizard(QWizard):
    def __init__(
        self,
        get_db: DatabaseGetter,
        parent: QWidget | None = None,
        path: Path | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.today = today or home_day(get_db)  # the home site's, not the computer's
        self.preview: intake.Preview | None = None
        self.error = ""
        self.counts: dict[str, int] | None = None
        self.busy = False
        self.setWindowTitle("Import volunteers")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.resize(980, 560)
        self.file_page = _FilePage(self)
        self.preview_page = _PreviewPage(self)
        self.done_page = _DonePage(self)
        for page in (self.file_page, self.preview_page, self.done_page):
            self.addPage(page)
        if path is not None:
            self.file_page.path.setText(str(path))

    def path(self) -> Path:
        return Path(self.file_page.path.text().strip())

    def load_preview(self) -> None:
        self.preview, self.error = None, ""
        try:
            with self.get_db().session() as session:
                self.preview = intake.preview_file(session, self.path(), self.today)
        except (PlannerError, OSError) as exc:
            self.error = str(exc)

    def start_apply(self) -> None:
        """Write the import off the GUI thread (all or nothing), then show the last page."""
        if self.busy:
            return
        self.busy = True
        self.button(QWizard.WizardButton.CommitButton).setEnabled(False)
        self.preview_page.summary.setText("Importing…")
        path, today = self.path(), self.today
        edits = edits_for(self, self.get_db)

        def change(session):  # type: ignore[no-untyped-def]
            preview = intake.preview_file(session, path, today)
            return intake.apply_preview(session, preview, today)

        def work():  # type: ignore[no-untyped-def]
            return edits.run_captured(change)

        Operation(work).success(self._imported).failure(self._failed).run_in_background()

    def _imported(self, done) -> None:  # type: ignore[no-untyped-def]
        counts, found = done
        edits_for(self, self.get_db).push(f"import of {self.path().name}", found)
        self.busy = False
        self.counts = counts
        self.next()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.error = failure_text(exc, "importing the file")
        self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.preview_page.summary.setText(palette.span("error", html.escape(self.error)))

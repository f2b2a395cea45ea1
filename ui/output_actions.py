"""File menu: print the rota (preview, print, PDF) and export calendar feeds (.ics).

``install_output_actions(parent, menu, get_db, status)`` adds the actions to a File menu;
they need only a parent for their dialogs, the open database and a status bar. The actions
are made before the window paints (their shortcuts work at once); their dialogs
(ui/output_dialogs.py), the worker and the services load when one runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from ui.actions import shortcut_action

if TYPE_CHECKING:  # the services, Qt printing and icalendar load when an action runs
    from datetime import date

    from PySide6.QtGui import QPagedPaintDevice

    from planner.outputs.calendar import RotaCalendar
    from ui.screens.base import DatabaseGetter
    from ui.worker import Operation


class OutputActions:
    def __init__(
        self, parent: QWidget, menu: QMenu, get_db: DatabaseGetter, status: QStatusBar
    ) -> None:
        self.parent = parent
        self.get_db = get_db
        self.status = status
        self.preview_action = QAction("Print rota pre&view…", parent)
        self.print_action = shortcut_action("&Print rota…", parent, QKeySequence.StandardKey.Print)
        self.pdf_action = QAction("&Export rota PDF…", parent)
        self.ics_action = QAction("Export &calendar (.ics)…", parent)
        self.ics_operation: Operation | None = None  # the latest calendar export
        self.preview_action.triggered.connect(lambda: self.rota("Preview"))
        self.print_action.triggered.connect(lambda: self.rota("Print"))
        self.pdf_action.triggered.connect(lambda: self.rota("Export"))
        self.ics_action.triggered.connect(self.calendar)
        actions = menu.actions()
        quit_action = actions[-1] if actions else None  # Quit stays last, after a separator
        for action in (self.preview_action, self.print_action, self.pdf_action, self.ics_action):
            if quit_action is None:
                menu.addAction(action)
            else:
                menu.insertAction(quit_action, action)
        if quit_action is not None:
            menu.insertSeparator(quit_action)

    # -- rota -------------------------------------------------------------------------
    def rota_options(self, verb: str) -> tuple[date, int, bool] | None:
        from PySide6.QtWidgets import QDialog

        from planner.core.home import home_today
        from ui.output_dialogs import RotaOptionsDialog

        with self.get_db().session() as session:  # the home site's month, not the computer's
            today = home_today(session)
        dialog = RotaOptionsDialog(verb, today, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.first_month(), dialog.months.value(), dialog.include_drafts.isChecked()

    def rota_data(self, first: date, months: int, drafts: bool) -> RotaCalendar:
        from planner.outputs.calendar import build_rota_calendar
        from ui import user_locale

        locale = user_locale.name()  # the printed calendar's days, months and times
        with self.get_db().session() as session:
            return build_rota_calendar(session, first, months, drafts, locale)

    def rota(self, verb: str) -> None:
        options = self.rota_options(verb)
        if options is None:
            return
        if verb == "Export":
            self.export_rota_pdf(*options)
            return
        from dateutil.relativedelta import relativedelta

        from planner.outputs.calendar import build_rota_calendar
        from ui import user_locale
        from ui.printing import print_dialogs

        first, months, drafts = options
        db, locale = self.get_db(), user_locale.name()

        def paint(device: QPagedPaintDevice) -> int:  # in the worker: its own session
            from ui.printing.rota_pages import paint_rota

            with db.session() as session:
                data = build_rota_calendar(session, first, months, drafts, locale)
            return paint_rota(device, data)

        last = first + relativedelta(months=months - 1)
        title = f"on-call rota {first:%B %Y}" + (f" to {last:%B %Y}" if months > 1 else "")
        if verb == "Preview":
            print_dialogs.preview(self.parent, True, paint, title)
        else:
            print_dialogs.print_with_dialog(
                self.parent,
                True,
                paint,
                title,
                lambda pages: self.status.showMessage(f"Sent {pages} page(s) to the printer"),
            )

    def export_rota_pdf(self, first: date, months: int, drafts: bool) -> Path | None:
        """Read the rota and write the PDF in a worker, with its own database session."""
        from dateutil.relativedelta import relativedelta

        from planner.outputs.calendar import build_rota_calendar
        from ui import user_locale
        from ui.printing import print_dialogs

        db, locale = self.get_db(), user_locale.name()

        def paint(device: QPagedPaintDevice) -> int:
            from ui.printing.rota_pages import paint_rota

            with db.session() as session:
                data = build_rota_calendar(session, first, months, drafts, locale)
            return paint_rota(device, data)

        def written(path: Path, pages: int) -> None:
            self.status.showMessage(print_dialogs.wrote_message(path, pages), 10000)

        last = first + relativedelta(months=months - 1)
        suggested = Path.home() / f"oncall-rota-{first:%Y-%m}-to-{last:%Y-%m}.pdf"
        self.pdf_action.setEnabled(False)  # one export at a time
        title = f"on-call rota {first:%B %Y}" + (f" to {last:%B %Y}" if months > 1 else "")
        path = print_dialogs.export_pdf(
            self.parent, True, paint, title, suggested, written, self._pdf_finished
        )
        if path is None:
            self._pdf_finished()
        else:
            self.status.showMessage(f"Writing {path.name}…")
        return path

    def _pdf_finished(self) -> None:
        self.pdf_action.setEnabled(True)

    # -- calendar feed ----------------------------------------------------------------
    def calendar(self) -> None:
        from PySide6.QtWidgets import QDialog, QFileDialog

        from planner.people.volunteers import choices
        from ui.output_dialogs import CalendarExportDialog

        with self.get_db().session() as session:
            volunteers = [(c.name, c.email) for c in choices(session, "feed")]
        dialog = CalendarExportDialog(volunteers, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        email = dialog.feed.currentData()
        stem = "oncall-team" if email is None else f"oncall-{email.split('@')[0]}"
        name, _ = QFileDialog.getSaveFileName(
            self.parent, "Export calendar", str(Path.home() / f"{stem}.ics"), "iCalendar (*.ics)"
        )
        if not name:
            return
        path = Path(name if name.lower().endswith(".ics") else name + ".ics")
        self.export_calendar(path, email, dialog.include_drafts.isChecked())

    def export_calendar(self, path: Path, email: str | None, drafts: bool) -> None:
        """Write the feed in a worker, with progress and Cancel; the status bar says how
        many events it holds. A cancelled export writes no file and leaves the feed's
        memory (what the next export updates or cancels) as it was."""
        from PySide6.QtWidgets import QMessageBox

        from ui.worker import Operation, failure_text, report

        db = self.get_db()

        def work() -> int:
            from planner.outputs.ics import write_feed

            # the file appears after the commit; Cancel raises in ``report`` before it
            return write_feed(db, path, email, drafts, progress=report)

        def done(count: int) -> None:
            self.ics_action.setEnabled(True)
            noun = "event" if count == 1 else "events"
            self.status.showMessage(f"Wrote {path} ({count} {noun})", 10000)

        def failed(exc: Exception) -> None:
            self.ics_action.setEnabled(True)
            self.status.clearMessage()
            QMessageBox.warning(
                self.parent, "Calendar not exported", failure_text(exc, f"writing {path.name}")
            )

        def cancelled() -> None:
            self.ics_action.setEnabled(True)
            self.status.showMessage(f"Calendar export cancelled: {path.name} not written", 10000)

        self.ics_action.setEnabled(False)  # one export at a time
        self.status.showMessage(f"Writing {path.name}…")
        self.ics_operation = (
            Operation(work)
            .with_progress(self.parent, f"Writing {path.name}…")
            .success(done)
            .failure(failed)
            .cancelled(cancelled)
        )
        self.ics_operation.run_in_background()


def install_output_actions(
    parent: QWidget, menu: QMenu, get_db: DatabaseGetter, status: QStatusBar
) -> OutputActions:
    """Add Print rota preview/Print rota/Export rota PDF/Export calendar to File."""
    return OutputActions(parent, menu, get_db, status)

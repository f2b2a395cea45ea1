"""The Pay screen: a month's pay run — lines by volunteer and currency, totals, state,
adjustments with reasons — and Build, Export, Close; Fees from here too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.core.home import home_site
from planner.core.month import Month
from planner.pay import runs as pay_runs
from planner.pay.export import ExportResult, export_payroll
from planner.pay.lines import LineData, SummaryRow, summarise, totals_by_currency
from planner.pay.runs import STALE_RUN_RULE
from ui import palette, user_locale
from ui.fees_dialog import FeesDialog
from ui.headings import title_label
from ui.models.pay_table_models import PayLinesTableModel, PaySummaryTableModel
from ui.models.row_table_model import ROW_ROLE, SORT_ROLE, RowProxyModel
from ui.row_table import ColumnFitter, row_table
from ui.rule_tips import rule_tip
from ui.screens.base import DatabaseGetter, Screen
from ui.table_menu import install_row_menu
from ui.table_search import search_tabs
from ui.worker import Operation, failure_text, report

if TYPE_CHECKING:
    from planner.core.db import Database

T = TypeVar("T")

STATE_LABELS = {"none": "Not built", "draft": "Draft", "exported": "Exported", "closed": "Closed"}
STATE_HELP = {
    "none": "Preview of the worked shifts ending this month. Build the run to keep it.",
    "draft": "Built from the shifts as they stand. Export the workbook, then close the run.",
    "exported": "Exported to payroll. Close the run once payroll has it.",
    "closed": "Closed: these lines never change. Later corrections go to the next open run.",
}


def _table(model: object) -> tuple[QTableView, ColumnFitter]:
    proxy = RowProxyModel()  # the model sorts its rows in Python
    proxy.setSourceModel(model)  # type: ignore[arg-type]
    proxy.setSortRole(SORT_ROLE)
    view = row_table(proxy, 0)
    fitter = ColumnFitter(view)  # fitted once per month shown, not at every layout
    view.horizontalHeader().setStretchLastSection(True)
    return view, fitter


def prepare_reads(db: Database) -> None:
    """The statements ``PayScreen.refresh`` reads with, prepared while the window is idle
    (a warm-up step): the months and runs, and the pay of the oldest month (the one with
    the fewest shifts), results dropped; see ``rota_screen.prepare_reads``."""
    with db.session() as session:
        months = pay_runs.pay_months(session)
        pay_runs.list_runs(session)
        home_site(session)
        if months:
            pay_runs.month_pay(session, months[-1])


class PayScreen(Screen):
    title = "Pay"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.lines: list[LineData] = []
        self.state = "none"
        self.busy = False  # a build or export is running: one at a time
        self.operation: Operation | None = None  # the latest build or export
        self._doing = "working on pay"
        self.month_box = QComboBox()
        self.month_box.setAccessibleName("Pay month")
        self.month_box.setMinimumWidth(140)
        self.month_box.currentIndexChanged.connect(self.show_month)
        self.state_label = QLabel()
        self.build_button = QPushButton("&Build run")
        self.export_button = QPushButton("E&xport workbook…")
        self.close_button = QPushButton("C&lose run…")
        self.fees_button = QPushButton("Fee&s…")
        self.build_button.clicked.connect(self.build)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.close_run)
        self.fees_button.clicked.connect(self.edit_fees)
        top = QHBoxLayout()
        top.addWidget(QLabel("Month"))
        top.addWidget(self.month_box)
        top.addWidget(self.state_label)
        top.addStretch(1)
        top.addWidget(self.fees_button)
        actions = QHBoxLayout()
        for button in (self.build_button, self.export_button, self.close_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.help_label = QLabel()
        palette.ink(self.help_label, "muted")
        self.warning_label = QLabel()
        palette.follow(
            self.warning_label,
            lambda: (
                palette.css_fill("warning_fill")
                + palette.css_color("warning_text")
                + f" padding: 6px; border: 1px solid {palette.current().warning_border};"
            ),
        )
        self.warning_label.setWordWrap(True)
        self.warning_label.hide()
        self.totals_label = QLabel()
        self.totals_label.setStyleSheet("font-size: 15px; font-weight: 600; padding: 4px 0;")

        self.summary_model = PaySummaryTableModel(self)
        self.lines_model = PayLinesTableModel(self)
        self.adjustments_model = PayLinesTableModel(self)
        self.summary_view, fit_summary = _table(self.summary_model)
        summary_header = self.summary_view.horizontalHeader()
        summary_header.setStretchLastSection(False)
        summary_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines_view, fit_lines = _table(self.lines_model)
        self.adjustments_view, fit_adjustments = _table(self.adjustments_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary_view, "By volunteer")
        self.tabs.addTab(self.lines_view, "Lines")
        self.tabs.addTab(self.adjustments_view, "Adjustments")
        for fitter in (fit_summary, fit_lines, fit_adjustments):
            self.tabs.currentChanged.connect(fitter.shown)  # a table changed while hidden
        self.search = search_tabs(
            self.tabs,
            [self.summary_view, self.lines_view, self.adjustments_view],
            "pay",
        )

        run_actions = [self.build_button, self.export_button, self.close_button, None]
        install_row_menu(
            self.summary_view,
            lambda: [
                (f"Show the lines of {row.name}", self.show_lines_of_selected)
                if (row := self.selected_summary()) is not None
                else None,
                None,
                *run_actions,
                self.fees_button,
            ],
            edit=self.show_lines_of_selected,
        )
        for view in (self.lines_view, self.adjustments_view):
            install_row_menu(view, lambda: [*run_actions, self.fees_button])

        layout = QVBoxLayout(self)
        heading = title_label("Pay")
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.help_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.tabs, 1)

    # -- loading ---------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.month_box.currentData()
        with self.get_db().session() as session:
            months = pay_runs.pay_months(session)
            tz = ZoneInfo(home_site(session).timezone)
            runs = {r.month: r.state for r in pay_runs.list_runs(session)}
        self.lines_model.tz = self.adjustments_model.tz = tz
        self.month_box.blockSignals(True)
        self.month_box.clear()
        for month in months:
            label = user_locale.month_year(month.first_day)
            if runs.get(month) == "closed":
                label += "  (closed)"
            self.month_box.addItem(label, month)
        default = current if current in months else (months[1] if len(months) > 1 else None)
        if default:
            self.month_box.setCurrentIndex(months.index(default))
        self.month_box.blockSignals(False)
        self.show_month()

    def reset(self) -> None:
        """Another database: its own months, the default one chosen on refresh."""
        self.month_box.blockSignals(True)
        self.month_box.clear()
        self.month_box.blockSignals(False)
        self.lines, self.state = [], "none"
        self.warning_label.hide()
        self.help_label.clear()
        self.totals_label.clear()

    def select_month(self, month: Month | str) -> None:
        """Show ``month`` (a ``Month``, or its text "YYYY-MM" parsed here)."""
        wanted = Month.parse(month) if isinstance(month, str) else month
        shown = [self.month_box.itemData(i) for i in range(self.month_box.count())]
        if wanted not in shown:
            raise PlannerError(f"no month {wanted} on the Pay screen")
        self.month_box.setCurrentIndex(shown.index(wanted))
        self.show_month()

    def month(self) -> Month | None:
        """The month picked (each item's data is a ``Month``), or None before a refresh."""
        month: Month | None = self.month_box.currentData()
        return month

    def show_month(self) -> None:
        month = self.month()
        if month is None:
            return
        with self.get_db().session() as session:
            pay = pay_runs.month_pay(session, month)
        lines, state, stale = pay.lines, pay.state, pay.stale
        self.lines, self.state = lines, state
        text, background = STATE_LABELS[state], palette.PAY_RUN_CHIPS[state]
        colour = palette.CHIP_TEXT
        self.state_label.setText(text)
        self.state_label.setStyleSheet(
            f"background: {background}; color: {colour}; border-radius: 9px; "
            "padding: 2px 10px; font-weight: 600;"
        )
        self.help_label.setText(STATE_HELP[state])
        self.warning_label.setVisible(stale)
        self.warning_label.setText(
            "Shifts or covers changed since this run was built. Build it again before "
            "exporting or closing."
        )
        self.warning_label.setToolTip(
            rule_tip("This run's lines no longer match the shifts and covers", STALE_RUN_RULE)
        )
        totals = totals_by_currency(lines)
        self.totals_label.setText(
            "Totals: " + "   ·   ".join(user_locale.money(t, c) for c, t in totals.items())
            if totals
            else "Nothing owed this month."
        )
        self.summary_model.set_rows(summarise(lines))
        self.lines_model.set_rows([x for x in lines if x.kind != "adjustment"])
        adjustments = [x for x in lines if x.kind == "adjustment"]
        self.adjustments_model.set_rows(adjustments)
        self.tabs.setTabText(2, f"Adjustments ({len(adjustments)})")
        closed = state == "closed"
        self.build_button.setEnabled(not closed)
        self.build_button.setText("Re&build run" if pay.built else "&Build run")
        self.close_button.setEnabled(state == "exported" and not stale)
        self.export_button.setText("E&xport workbook…" if not closed else "E&xport again…")
        self.export_button.setEnabled(True)  # every state can be exported (again)
        if self.busy:
            for widget in (self.build_button, self.export_button, self.close_button):
                widget.setEnabled(False)
            self.month_box.setEnabled(False)

    def selected_summary(self) -> SummaryRow | None:
        rows = self.summary_view.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def show_lines_of_selected(self) -> None:
        """The Lines tab, searched for the selected volunteer."""
        row = self.selected_summary()
        if row is not None:
            self.tabs.setCurrentWidget(self.lines_view)
            self.search.setText(row.name)

    # -- actions ---------------------------------------------------------------------
    def _error(self, exc: Exception) -> None:
        self._finished()
        QMessageBox.warning(self, "Pay", failure_text(exc, self._doing))
        self.show_month()

    def _run(
        self,
        work: Callable[[], T],
        success: Callable[[T], None],
        doing: str,
        cancelled: Callable[[], None] | None = None,
    ) -> None:
        """Run ``work`` off the GUI thread; a second click while it runs is ignored (two
        builds at once wrote the run's lines twice). With ``cancelled``, a progress dialog
        with Cancel shows while it runs (the work reports through ``ui.worker.report``)."""
        if self.busy:
            return
        self.busy = True
        self.show_month()  # disables the actions while busy
        self.help_label.setText(doing)
        self._doing = doing.rstrip("…. ").lower() or "working on pay"

        def done(result: T) -> None:
            self._finished()
            success(result)

        def stopped() -> None:
            self._finished()
            self.show_month()
            if cancelled is not None:
                cancelled()

        operation = Operation(work).success(done).failure(self._error)
        if cancelled is not None:
            operation.with_progress(self, doing).cancelled(stopped)
        self.operation = operation
        operation.run_in_background()

    def _finished(self) -> None:
        self.busy = False
        self.month_box.setEnabled(True)

    def build(self) -> None:
        month = self.month()
        if month is None:  # nothing shown yet: no month to build
            return

        edits = self.edits

        def work():  # type: ignore[no-untyped-def]
            return edits.run_captured(lambda session: pay_runs.build_run(session, month))

        def built(done) -> None:  # type: ignore[no-untyped-def]
            edits.push(f"build of the {month} pay run", done[1])
            self.refresh()

        self._run(work, built, "Building the pay run…")

    def ask_export_path(self, month: Month) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export payroll workbook", f"payroll-{month}.xlsx", "Excel workbook (*.xlsx)"
        )
        return Path(name) if name else None

    def export(self) -> None:
        month = self.month()
        if self.busy or month is None:
            return
        path = self.ask_export_path(month)
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")

        db = self.get_db()

        def work() -> ExportResult:
            # Cancel raises in ``report`` before the commit: no file, the run unchanged.
            return export_payroll(db, month, path, progress=report)

        def cancelled() -> None:
            self._status(f"Export cancelled: {path.name} not written")

        self._run(work, self._exported, "Exporting the payroll workbook…", cancelled)

    def _exported(self, result: ExportResult) -> None:
        self.refresh()
        self._status(f"Wrote {result.path}")

    def _status(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    def confirm_close(self, month: Month) -> bool:
        label = user_locale.month_year(month.first_day)
        answer = QMessageBox.question(
            self,
            "Close pay run",
            f"Close the pay run for {label}?\n\n"
            "A closed run is final: its lines never change again, not even here. "
            "Any later correction to these shifts (a late cover, a corrected assignee) "
            "is paid as an adjustment line in the next open month.\n\n"
            "Close only once payroll has the exported workbook.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def close_run(self) -> None:
        month = self.month()
        if self.busy or month is None or not self.confirm_close(month):
            return
        try:
            # Final: a closed run never changes, so no edit before it can be undone now.
            self.edits.run_final(lambda session: pay_runs.close_run(session, month))
        except PlannerError as exc:
            self._error(exc)
            return
        self.refresh()

    def edit_fees(self) -> None:
        FeesDialog(self.get_db, self).exec()
        self.show_month()

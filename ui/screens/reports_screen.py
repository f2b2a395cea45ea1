"""The Reports screen: the monthly on-call report on screen, to print, preview or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import shiboken6
from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QDate, QRectF, QSize
from PySide6.QtGui import QColor, QPagedPaintDevice, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.core.home import home_today
from planner.outputs.report import MonthlyReport, monthly_report
from planner.outputs.update import monthly_update
from planner.rota.fairness import balance_text
from ui import palette, user_locale
from ui.next_frame import after_next_frame
from ui.printing import print_dialogs
from ui.printing.page_setup import page_layout, printed_now
from ui.printing.report_pages import PAGES, page_count, paint_report, paint_report_page
from ui.screens.base import DatabaseGetter, Screen
from ui.update_dialog import UpdateDialog
from ui.worker import Operation, failure_text

GAP = 18  # pixels between the sheets on screen


class ReportSheets(QWidget):
    """The report's pages as white sheets, painted by the same code as the printout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: MonthlyReport | None = None
        paper = page_layout(landscape=False).fullRect(page_layout(False).Unit.Point)
        self._paper = QSize(round(paper.width()), round(paper.height()))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_report(self, report: MonthlyReport | None) -> None:
        self.report = report
        self.setMinimumHeight(self.heightForWidth(self.width()))  # its pages may differ
        self.updateGeometry()
        self.update()

    def _scale(self) -> float:
        return max(0.6, min(1.6, (self.width() - 2 * GAP) / self._paper.width()))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._paper.width() + 2 * GAP, 800)

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        scale = max(0.6, min(1.6, (width - 2 * GAP) / self._paper.width()))
        return int(self._pages() * (self._paper.height() * scale + GAP) + GAP)

    def _area(self) -> QRectF:
        """A sheet's printable area in points (the paper inside its margins)."""
        layout = page_layout(landscape=False)
        margins = layout.margins(layout.Unit.Point)
        return QRectF(
            0,
            0,
            self._paper.width() - margins.left() - margins.right(),
            self._paper.height() - margins.top() - margins.bottom(),
        )

    def _pages(self) -> int:
        """The report's pages (more than three when Load per person runs on)."""
        return PAGES if self.report is None else page_count(self.report, self._area())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """QScrollArea ignores a bare heightForWidth: as tall as every page at this width,
        so the area scrolls through them all."""
        super().resizeEvent(event)
        height = self.heightForWidth(self.width())
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), palette.qcolor("desk"))
        if self.report is None:
            painter.end()
            return
        scale = self._scale()
        layout = page_layout(landscape=False)
        margins = layout.margins(layout.Unit.Point)
        sheet_w, sheet_h = self._paper.width() * scale, self._paper.height() * scale
        left = (self.width() - sheet_w) / 2
        printed_at = printed_now(self.report.timezone)  # as printed
        exposed = QRectF(event.rect())
        area = self._area()
        for index in range(page_count(self.report, area)):
            top = GAP + index * (sheet_h + GAP)
            if not exposed.intersects(QRectF(left, top, sheet_w + 3, sheet_h + 3)):
                continue  # a sheet scrolled out of view: drawing it is all the cost
            painter.fillRect(QRectF(left + 3, top + 3, sheet_w, sheet_h), palette.qcolor("shadow"))
            painter.fillRect(QRectF(left, top, sheet_w, sheet_h), QColor(palette.PAPER_SHEET))
            painter.save()
            painter.translate(left + margins.left() * scale, top + margins.top() * scale)
            painter.scale(scale, scale)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            paint_report_page(painter, index, area, self.report, printed_at)
            painter.restore()
        painter.end()


class ReportsScreen(Screen):
    title = "Reports"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.report: MonthlyReport | None = None
        self.exporting = False  # a PDF is being written in the background
        self.loading = False  # a report is on its way (``refresh``)
        with get_db().session() as session:  # the home site's month, not the computer's
            this_month = home_today(session).replace(day=1)
        last_month = this_month - relativedelta(months=1)
        self.month_edit = QDateEdit(QDate(last_month.year, last_month.month, 1))
        self.month_edit.setDisplayFormat("MMMM yyyy")
        self.month_edit.setCurrentSection(QDateEdit.Section.MonthSection)
        self.month_edit.setToolTip("The report's month")
        self.month_edit.dateChanged.connect(self.refresh)
        self.previous_button = QPushButton("◀")
        self.previous_button.setToolTip("Previous month")
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip("Next month")
        self.next_button.clicked.connect(lambda: self._step(1))
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(32)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.print_report)
        self.preview_button = QPushButton("Preview…")
        self.preview_button.setToolTip("Print preview")
        self.preview_button.clicked.connect(self.preview_report)
        self.export_button = QPushButton("Export PDF…")
        self.export_button.clicked.connect(self.export_report)
        self.update_button = QPushButton("Monthly update…")
        self.update_button.setToolTip(
            "A draft of the month's update to engineering (Markdown) with a Copy button: "
            "pages and trend, what paged, open follow-ups, thanks, who joins and leaves, a "
            "call for volunteers"
        )
        self.update_button.clicked.connect(self.show_update)
        self.update_dialog: UpdateDialog | None = None
        self.status = QLabel()
        palette.ink(self.status, "muted")
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setWordWrap(True)  # the figures run longer than the line in some locales

        self.sheets = ReportSheets()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.sheets)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.month_edit)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        for button in (self.preview_button, self.print_button, self.export_button):
            bar.addWidget(button)
        update_bar = QHBoxLayout()
        update_bar.addWidget(QLabel("To all of engineering:"))
        update_bar.addWidget(self.update_button)
        update_bar.addWidget(self.status, 1)  # the month's figures: room for all of them
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(update_bar)
        layout.addWidget(scroll, 1)
        self._set_enabled(False)

    # -- data -------------------------------------------------------------------------
    def update_text(self) -> str:
        with self.get_db().session() as session:
            return monthly_update(session, self.month())

    def show_update(self) -> None:
        month = self.month()
        dialog = UpdateDialog(f"{user_locale.month_year(month)}", self.update_text(), self)
        self.update_dialog = dialog
        dialog.exec()

    def month(self) -> date:
        q = self.month_edit.date()
        return date(q.year(), q.month(), 1)

    def set_month(self, month: date) -> None:
        self.month_edit.setDate(QDate(month.year, month.month, 1))

    def _step(self, months: int) -> None:
        self.set_month(self.month() + relativedelta(months=months))

    def reset(self) -> None:
        """Another database: no report or message from the previous one."""
        self.report = None
        self.sheets.set_report(None)
        self.status.setText("")
        self._set_enabled(False)

    def refresh(self) -> None:
        """'Loading…' at once; the report is built in the background once that is on
        screen (built alongside a first visit's paint, it slowed the paint: they share
        Python's lock)."""
        self.status.setText("Loading…")
        self.loading = True
        after_next_frame(self, self._load)

    def settling(self) -> bool:
        return self.loading

    def _load(self) -> None:
        month, db, locale = self.month(), self.get_db(), user_locale.name()

        def load() -> MonthlyReport:
            with db.session() as session:
                return monthly_report(session, month, locale=locale)

        Operation(load).success(self._show).failure(self._failed).run_in_background()

    def _show(self, report: MonthlyReport) -> None:
        if not shiboken6.isValid(self.month_edit):
            return  # the window closed while the report loaded in the background
        if report.month != self.month():
            return  # the month changed while this one loaded
        self.loading = False
        self.report = report
        self.sheets.set_report(report)
        self.status.setText(
            f"{user_locale.number(report.pages)} pages "
            f"({user_locale.number(report.night_pages)} at night) · "
            f"{user_locale.measure(report.ooh_hours)} h on call in the month, "
            f"{user_locale.measure(report.paid_hours)} h paid this month (weeks ending in it) · "
            f"{user_locale.number(report.shifts)} shifts · balance "
            f"{balance_text(report.balance)} over the {report.window}"
        )
        self.status.setToolTip(
            "Hours on call in the month: out-of-hours hours held inside the month. Hours "
            "paid this month: out-of-hours hours of the worked weeks that end in the month, "
            "as the payroll pays them. Balance: the Rota screen's figure for the same weeks."
        )
        self._set_enabled(True)

    def _failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self.month_edit):
            return  # the window closed while the report loaded in the background
        self.loading = False
        self.report = None
        self.sheets.set_report(None)
        self.status.setText(f"Cannot build the report: {failure_text(exc, 'building the report')}")
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        for button in (self.print_button, self.preview_button, self.export_button):
            button.setEnabled(on)
        if self.exporting:
            self.export_button.setEnabled(False)  # one PDF at a time

    # -- output -----------------------------------------------------------------------
    def _paint(self, device: QPagedPaintDevice) -> int:
        assert self.report is not None
        return paint_report(device, self.report)

    def _title(self) -> str:
        return f"on-call report {self.report.title}" if self.report else "on-call report"

    def preview_report(self) -> None:
        if self.report:
            print_dialogs.preview(self, False, self._paint, self._title())

    def print_report(self) -> None:
        if self.report:
            print_dialogs.print_with_dialog(self, False, self._paint, self._title())

    def export_report(self) -> Path | None:
        """Write the shown report to a PDF in the background; the status line says when."""
        if not self.report:
            return None
        report = self.report  # the worker paints this one, even if the month changes

        def paint(device: QPagedPaintDevice) -> int:
            return paint_report(device, report)

        def written(path: Path, pages: int) -> None:
            self.status.setText(print_dialogs.wrote_message(path, pages))

        suggested = Path.home() / f"oncall-report-{report.month:%Y-%m}.pdf"
        self.exporting = True
        self._set_enabled(True)
        path = print_dialogs.export_pdf(
            self, False, paint, self._title(), suggested, written, self._export_finished
        )
        if path is None:
            self._export_finished()
        else:
            self.status.setText(f"Writing {path.name}…")
        return path

    def _export_finished(self) -> None:
        self.exporting = False
        self._set_enabled(self.report is not None)

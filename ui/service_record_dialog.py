"""A volunteer's service record (Volunteers screen): the figures, tours, shifts and pages,
with print preview and export to PDF — the same record as ``planner service-record``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.outputs.service_record import ServiceRecord, ShiftLine
from ui import user_locale
from ui.printing.print_dialogs import export_pdf, make_preview, wrote_message
from ui.printing.service_record_pages import paint_record


def _fmt(value: float) -> str:
    return f"{value:g}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    return table


class ServiceRecordDialog(QDialog):
    def __init__(self, record: ServiceRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.setWindowTitle(f"Service record — {record.name}")
        self.resize(860, 600)
        heading = QLabel(
            f"<h2>{record.name}</h2><p>{record.email} · {record.site}"
            + (f" · {record.team}" if record.team else "")
            + f" · {record.role} — service to {user_locale.short_date(record.as_of)}</p>"
        )
        pay = ", ".join(user_locale.money(a, c) for c, a in record.pay) or "nothing yet"
        figures = [
            ("Tours", str(len(record.tours))),
            ("Shifts worked", str(record.shifts)),
            ("Out-of-hours hours held", _fmt(record.out_of_hours_hours)),
            ("Covers given / taken", f"{record.covers_given} / {record.covers_taken}"),
            ("Pages (night pages)", f"{record.pages} ({record.night_pages})"),
            ("Rest days entitled / taken",
             f"{_fmt(record.rest_entitled_days)} / {_fmt(record.rest_taken_days)}"),
            ("Paid, per currency", pay),
        ]  # fmt: skip
        grid = QGridLayout()
        self.figure_labels: dict[str, QLabel] = {}
        for n, (label, value) in enumerate(figures):
            row, col = divmod(n, 4)
            box = QLabel(f"<span style='font-size:15pt'><b>{value}</b></span><br>{label}")
            box.setAccessibleName(label)
            self.figure_labels[label] = box
            grid.addWidget(box, row, col)
        tz = ZoneInfo(record.timezone)

        def shift_rows(lines: Sequence[ShiftLine]) -> list[list[str]]:
            return [
                [
                    s.rotation,
                    user_locale.day_year_time(s.slot_start.astimezone(tz)),
                    user_locale.day_year_time(s.slot_end.astimezone(tz)),
                    _fmt(s.hours),
                    s.note,
                ]
                for s in lines
            ]

        shift_headers = ("Rotation", f"From ({record.timezone})", "To", "OOH hours", "Notes")
        self.tabs = QTabWidget()
        self.tabs.addTab(
            _table(
                ("First day", "Last day", "Status", "Target shifts", "Shifts worked"),
                [[user_locale.short_date(t.start), user_locale.short_date(t.last_day), t.status,
                  t.target, str(t.shifts)] for t in record.tours],
            ),
            f"Tours ({len(record.tours)})",
        )  # fmt: skip
        self.tabs.addTab(
            _table(shift_headers, shift_rows(record.worked)), f"Worked ({len(record.worked)})"
        )
        self.tabs.addTab(
            _table(
                ("At (responder's time)", "Minutes", "Night", "Summary"),
                [[f"{user_locale.day_year_time(p.at)} {p.at:%Z}", str(p.minutes), "night" if p.night else "",
                  p.summary] for p in record.page_lines],
            ),
            f"Pages ({len(record.page_lines)})",
        )  # fmt: skip
        self.tabs.addTab(
            _table(shift_headers, shift_rows(record.upcoming)),
            f"To come ({len(record.upcoming)})",
        )
        self.preview_button = QPushButton("Print preview…")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.clicked.connect(self.export)
        self.status = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def preview(self) -> None:
        record = self.record
        make_preview(
            self,
            False,
            lambda device: paint_record(device, record),
            f"Service record {record.name}",
        ).exec()

    def export(self) -> None:
        record = self.record
        slug = record.email.split("@")[0].replace(".", "-")
        export_pdf(
            self,
            False,
            lambda device: paint_record(device, record),
            "service record",
            Path.home() / f"service-record-{slug}.pdf",
            lambda path, pages: self.status.setText(wrote_message(path, pages)),
        )

"""Correct one rest entry: its day, days, reason (manual entitlements) and note."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.pay import rest
from planner.pay.rest import REASON_LABELS, RestRow
from ui import palette, user_locale
from ui.edits import edits_for
from ui.qt_dates import from_qdate, to_qdate
from ui.screens.base import DatabaseGetter
from ui.wrapped_label import WrappedLabel


class RestEntryDialog(QDialog):
    def __init__(self, get_db: DatabaseGetter, entry: RestRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.get_db = get_db
        self.entry = entry
        self.setWindowTitle("Correct a rest entry")
        kind = "Rest taken" if entry.kind == "taken" else "Entitled"
        self.day = QDateEdit(to_qdate(entry.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(user_locale.date_format())
        self.days = QDoubleSpinBox(minimum=0.5, maximum=10, singleStep=0.5, decimals=1)
        self.days.setValue(entry.days)
        self.days.setSuffix(" day(s)")
        self.reason = QComboBox()
        for reason in ("travel", "manual"):
            self.reason.addItem(REASON_LABELS[reason], reason)
        self.note = QLineEdit(entry.note)
        self.error = WrappedLabel()
        palette.ink(self.error, "error")
        form = QFormLayout()
        form.addRow("Volunteer", QLabel(f"{entry.name} ({entry.email})"))
        form.addRow("Entry", QLabel(kind))
        form.addRow("Day", self.day)
        form.addRow("Days", self.days)
        if entry.reason == "night_page":
            self.day.setEnabled(False)
            form.addRow("Reason", QLabel("Night page (correct the page to move it)"))
        elif entry.kind == "entitled":
            self.reason.setCurrentIndex(max(0, self.reason.findData(entry.reason)))
            form.addRow("Reason", self.reason)
        form.addRow("Note", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        q = self.day.date()
        reason = self.reason.currentData() if self.entry.kind == "entitled" else None
        if self.entry.reason == "night_page":
            reason = None
        try:
            name = f"correction of a rest entry of {self.entry.name}"
            with edits_for(self, self.get_db).edit(name) as session:
                rest.update_entry(
                    session,
                    self.entry.id,
                    from_qdate(q),
                    self.days.value(),
                    reason,
                    self.note.text(),
                    user_locale.name(),
                )
        except PlannerError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

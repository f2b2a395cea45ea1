"""The File menu's two small dialogs: which months of the rota to print, and which calendar
feed to export. Loaded when one opens (ui/output_actions.py), not before the window paints.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)


class RotaOptionsDialog(QDialog):
    """Which months to print, and whether drafts are included."""

    def __init__(self, verb: str, today: date, parent: QWidget | None = None) -> None:
        """``today``: the home site's (not the computer's); its month is offered first."""
        super().__init__(parent)
        self.setWindowTitle(f"{verb} rota")
        this_month = today.replace(day=1)
        self.first = QDateEdit(QDate(this_month.year, this_month.month, 1))
        self.first.setDisplayFormat("MMMM yyyy")
        self.months = QSpinBox(minimum=1, maximum=24, value=3)
        self.months.setSuffix(" months")
        self.include_drafts = QCheckBox("Include drafts (marked as drafts)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(verb)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("From:", self.first)
        form.addRow("For:", self.months)
        form.addRow("", self.include_drafts)
        form.addRow(buttons)

    def first_month(self) -> date:
        q = self.first.date()
        return date(q.year(), q.month(), 1)


class CalendarExportDialog(QDialog):
    """Team feed or one volunteer's, and whether drafts are included."""

    def __init__(self, volunteers: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export calendar")
        self.feed = QComboBox()
        self.feed.addItem("Everyone — the team feed", None)
        for name, email in volunteers:
            self.feed.addItem(f"{name} <{email}>", email)
        self.include_drafts = QCheckBox("Include drafts (as tentative events)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Calendar:", self.feed)
        form.addRow("", self.include_drafts)
        form.addRow(buttons)

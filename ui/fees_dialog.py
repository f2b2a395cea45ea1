"""Pay › Fees: the effective-dated fee per shift of each rotation and currency."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name, rotations, site_currencies
from planner.core.money import parse_amount
from planner.pay.fees import add_fee, list_fees
from ui import palette
from ui.edits import edits_for
from ui.models.pay_table_models import FeesTableModel
from ui.qt_dates import from_qdate
from ui.screens.base import DatabaseGetter
from ui.table_search import searchable


class FeesDialog(QDialog):
    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.setWindowTitle("Fees")
        self.resize(760, 520)
        intro = QLabel(
            "The set fee per shift, per rotation and currency. A new rate applies to slots "
            "starting on or after its date; past pay keeps the rate it was paid at."
        )
        intro.setWordWrap(True)
        self.model = FeesTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.rotation = QComboBox()
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.amount = QLineEdit(placeholderText="e.g. 550.00")
        self.supplement = QLineEdit(placeholderText="0.00")
        self.effective = QDateEdit()
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("yyyy-MM-dd")
        self.effective.setDate(QDate.currentDate())
        self.add_button = QPushButton("Add rate")
        self.add_button.clicked.connect(self.add_rate)
        self.error = QLabel()
        self.error.setStyleSheet(palette.css_color("error"))
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Rotation", self.rotation)
        form.addRow("Currency", self.currency)
        form.addRow("Fee per shift", self.amount)
        form.addRow("Holiday supplement per day", self.supplement)
        form.addRow("In force from", self.effective)
        row = QHBoxLayout()
        row.addWidget(self.error, 1)
        row.addWidget(self.add_button)
        form.addRow(row)
        box = QGroupBox("New rate")
        box.setLayout(form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(searchable(self.table, "fees"), 1)
        layout.addWidget(box)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        with self.get_db().session() as session:
            self.model.set_rows(list_fees(session))
            names = [r.name for r in rotations(session)]
            currencies = site_currencies(session)
        if self.rotation.count() == 0:
            self.rotation.addItems(names)
            self.currency.addItems(currencies)

    def add_rate(self) -> bool:
        self.error.clear()
        currency = self.currency.currentText().strip().upper()
        qdate = self.effective.date()
        try:
            amount = parse_amount(self.amount.text(), currency) if currency else 0
            supplement = parse_amount(self.supplement.text() or "0", currency) if currency else 0
            name = f"fee of {self.rotation.currentText()} in {currency}"
            with edits_for(self, self.get_db).edit(name) as session:
                add_fee(
                    session,
                    rotation_by_name(session, self.rotation.currentText()),
                    currency,
                    amount,
                    from_qdate(qdate),
                    supplement,
                )
        except PlannerError as exc:
            self.error.setText(str(exc))
            return False
        self.amount.clear()
        self.supplement.clear()
        self.refresh()
        return True

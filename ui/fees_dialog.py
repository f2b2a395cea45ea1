"""Pay › Fees: the effective-dated fee per shift of each rotation and currency.

A new rate, or a change to a rate (its fee, holiday supplement or date), shows its effect
before it is applied: the open pay runs it changes and by how much, the future shifts it
re-prices. The coordinator confirms or cancels; a change that would alter what a closed pay
run paid is refused, naming the run. Each applied change is one undoable edit.

The effect is worked out off the GUI thread (``ui.latest_only``; seconds on a large
database): the dialog stays responsive and says "Working out the effect…"; editing the rate
meanwhile works out the effect of the newer values instead, and the question waits for the
effect of the values as they are. The change itself is written in the worker too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
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
from planner.pay import rule_effects
from planner.pay.fees import FeeRow, add_fee, list_fees, update_fee
from ui import palette, user_locale
from ui.apply_prompt import ask_to_apply
from ui.edits import edits_for
from ui.effect_preview import WORKING, request_rule_effect, said
from ui.latest_only import LatestOnly
from ui.models.pay_table_models import FeesTableModel
from ui.qt_dates import from_qdate, to_qdate
from ui.screens.base import DatabaseGetter
from ui.table_search import searchable
from ui.worker import Operation


class FeesDialog(QDialog):
    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.setWindowTitle("Fees")
        self.previews = LatestOnly()
        self.pending: Callable[[], bool] | None = None  # the action waiting for its effect
        self.applying = False
        self.applied = 0  # changes applied while the dialog was open
        self.resize(760, 520)
        intro = QLabel(
            "The set fee per shift, per rotation and currency. A new rate applies to slots "
            "starting on or after its date; past pay keeps the rate it was paid at."
        )
        intro.setWordWrap(True)
        self.model = FeesTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Fees")
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
        self.amount = QLineEdit(placeholderText=f"e.g. {user_locale.number(550, digits=2)}")
        self.supplement = QLineEdit(placeholderText=user_locale.number(0, digits=2))
        self.effective = QDateEdit()
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat(user_locale.date_format())
        self.effective.setDate(QDate.currentDate())
        self.add_button = QPushButton("Add rate")
        self.add_button.clicked.connect(self.add_rate)
        self.change_button = QPushButton("Change selected rate")
        self.change_button.setToolTip(
            "Give the rate selected above the fee, supplement and date typed here"
        )
        self.change_button.setEnabled(False)
        self.change_button.clicked.connect(self.change_rate)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.error = QLabel()
        palette.ink(self.error, "error")
        self.error.setWordWrap(True)
        self.effect = QLabel()
        self.effect.setWordWrap(True)
        self.effect.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.effect.setAccessibleName("Effect of the change")
        form = QFormLayout()
        form.addRow("Rotation", self.rotation)
        form.addRow("Currency", self.currency)
        form.addRow("Fee per shift", self.amount)
        form.addRow("Holiday supplement per day", self.supplement)
        form.addRow("In force from", self.effective)
        row = QHBoxLayout()
        row.addWidget(self.error, 1)
        row.addWidget(self.change_button)
        row.addWidget(self.add_button)
        form.addRow(row)
        form.addRow(self.effect)
        box = QGroupBox("New rate")
        box.setLayout(form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(searchable(self.table, "fees"), 1)
        layout.addWidget(box)
        layout.addWidget(buttons)
        for signal in (
            self.rotation.currentTextChanged,
            self.currency.currentTextChanged,
            self.amount.textChanged,
            self.supplement.textChanged,
            self.effective.dateChanged,
        ):
            signal.connect(self._edited)
        self.refresh()

    @property
    def busy(self) -> bool:
        """An effect is being worked out, or a change written."""
        return self.previews.busy or self.applying

    def _edited(self) -> None:
        """The rate changed while its effect was worked out: work out the newer one."""
        if self.pending is not None and not self.applying:
            self.pending()

    def refresh(self) -> None:
        with self.get_db().session() as session:
            self.model.set_rows(list_fees(session))
            names = [r.name for r in rotations(session)]
            currencies = site_currencies(session)
        if self.rotation.count() == 0:
            self.rotation.addItems(names)
            self.currency.addItems(currencies)

    def _selected(self) -> None:
        """A selected rate fills the form, ready to be changed."""
        fee = self.selected_fee()
        self.change_button.setEnabled(fee is not None)
        if fee is None:
            return
        self.rotation.setCurrentText(fee.rotation)
        self.currency.setCurrentText(fee.currency)
        self.amount.setText(user_locale.money(fee.amount_minor, fee.currency))
        self.supplement.setText(user_locale.money(fee.holiday_supplement_minor, fee.currency))
        self.effective.setDate(to_qdate(fee.effective_from))

    def selected_fee(self) -> FeeRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _typed(self) -> tuple[str, int, int, date]:
        """Currency, fee, supplement and date as typed (PlannerError naming a bad one)."""
        currency = self.currency.currentText().strip().upper()
        amount = parse_amount(self.amount.text(), currency, user_locale.name()) if currency else 0
        supplement = (
            parse_amount(self.supplement.text() or "0", currency, user_locale.name())
            if currency
            else 0
        )
        return currency, amount, supplement, from_qdate(self.effective.date())

    def add_rate(self) -> bool:
        """Add the rate typed (replacing one of the same day), once its effect is worked
        out and confirmed. False when a value typed is bad (named), else True: the effect
        is on its way."""
        self.error.clear()
        rotation = self.rotation.currentText()
        try:
            currency, amount, supplement, day = self._typed()
        except PlannerError as exc:
            self._stop(str(exc))
            return False

        def change(session: Any) -> object:
            found = rotation_by_name(session, rotation)
            return add_fee(session, found, currency, amount, day, supplement)

        self._preview(f"new rate of {rotation} in {currency} from {day}", change, self.add_rate)
        return True

    def change_rate(self) -> bool:
        """Give the selected rate the fee, supplement and date typed, once confirmed."""
        self.error.clear()
        fee = self.selected_fee()
        if fee is None:
            self._stop("Select the rate to change in the table first")
            return False
        try:
            _currency, amount, supplement, day = self._typed()
        except PlannerError as exc:
            self._stop(str(exc))
            return False
        self._preview(
            f"change of the {fee.rotation} {fee.currency} rate from {fee.effective_from}",
            lambda session: update_fee(session, fee.id, amount, day, supplement),
            self.change_rate,
        )
        return True

    def _stop(self, error: str) -> None:
        """Nothing goes on: no effect waited for, the reason shown."""
        self.pending = None
        self.previews.drop()
        self.effect.clear()
        self.error.setText(error)

    def _preview(
        self, name: str, change: Callable[[Any], object], again: Callable[[], bool]
    ) -> None:
        """Work out the change's effect in the worker (a newer request supersedes it)."""
        if self.applying:
            return
        self.pending = again
        self.effect.setText(WORKING)
        request_rule_effect(
            self.previews,
            self.get_db,
            change,
            lambda effect: self._previewed(name, change, effect),
            self._stop,
        )

    def _previewed(
        self, name: str, change: Callable[[Any], object], effect: rule_effects.Effect
    ) -> None:
        """Show the effect, ask, then apply it as one undoable edit (in the worker);
        refused (nothing written) when it would alter what a closed pay run paid."""
        self.pending = None
        if effect.refused:
            self._stop("Refused: " + effect.refused)
            return
        self.effect.setText(effect.text())
        if not self.confirm(name[0].upper() + name[1:], effect.text()):
            return
        edits = edits_for(self, self.get_db)
        self.applying = True
        self.effect.setText("Applying…")

        def work() -> object:
            return edits.run_captured(lambda s: rule_effects.apply(s, change))

        def done(result: tuple[object, object]) -> None:
            self.applying = False
            edits.push(name, result[1])  # type: ignore[arg-type]
            self.effect.setText(effect.text())
            self.applied += 1
            self.amount.clear()
            self.supplement.clear()
            self.table.clearSelection()
            self.refresh()

        def failed(exc: Exception) -> None:
            self.applying = False
            self._stop(said(exc, "applying the rate"))

        Operation(work).success(done).failure(failed).run_in_background()

    def done(self, result: int) -> None:
        """Closed: an effect still being worked out ends unheard."""
        self.pending = None
        self.previews.drop()
        super().done(result)

    def confirm(self, title: str, effect: str) -> bool:
        return ask_to_apply(self, title, f"{title}.\n\n{effect}")

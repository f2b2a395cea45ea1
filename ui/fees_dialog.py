"""Pay › Fees: the effective-dated fee per shift of each rotation and currency.

A new rate, or a change to a rate (its fee, holiday supplement or date), shows its effect
before it is applied: the open pay runs it changes and by how much, the future shifts it
re-prices. The coordinator confirms or cancels; a change that would alter what a closed pay
run paid is refused, naming the run. Each applied change is one undoable edit.

The effect shows as the rate is typed (a moment after the last edit): of adding it, or,
when a rate is selected in the table, of changing that rate so. It is worked out off the
GUI thread (``ui.effect_preview``, ``ui.latest_only``; seconds on a large database): the
dialog stays responsive and says "Working out the effect…", and an edit stops the
computation under way for the newer values'. Add rate or Change uses the effect already
shown for the values as they are, or waits for it. The change itself is written in the
worker too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
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
from planner.core.home import home_today, rotation_by_name, rotations, site_currencies
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
from ui.wrapped_label import WrappedLabel

Change = Callable[[Any], object]
Key = tuple[object, ...]  # which edit, and its values as typed
PROMPT = "Type a fee, or select a rate and change it: the effect shows here as you type."
TITLES = {
    None: "<b>Effect</b>",
    "add": "<b>Effect of adding this rate</b>",
    "change": "<b>Effect of changing the selected rate</b>",
}


class FeesDialog(QDialog):
    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.setWindowTitle("Fees")
        # the effect of the rate as typed, worked out in the worker a moment after an edit
        self.previews = LatestOnly()
        self.previewed: tuple[Key, rule_effects.Effect] | None = None
        self.working: Key | None = None  # the values whose effect is being worked out
        self.going_on: str | None = None  # Add rate or Change pressed: waits for the effect
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # typing a fee: one computation, not one a digit
        self._timer.timeout.connect(self._typed_preview)
        self.applying = False
        self.applied = 0  # changes applied while the dialog was open
        self.resize(760, 520)
        intro = WrappedLabel(
            "The set fee per shift, per rotation and currency. A new rate applies to slots "
            "starting on or after its date; past pay keeps the rate it was paid at."
        )
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
        with get_db().session() as session:  # today at the home site, not the computer's
            self.effective.setDate(to_qdate(home_today(session)))
        self.add_button = QPushButton("Add rate")
        self.add_button.clicked.connect(self.add_rate)
        self.change_button = QPushButton("Change selected rate")
        self.change_button.setToolTip(
            "Give the rate selected above the fee, supplement and date typed here"
        )
        self.change_button.setEnabled(False)
        self.change_button.clicked.connect(self.change_rate)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.error = WrappedLabel()
        palette.ink(self.error, "error")
        self.effect_title = QLabel(TITLES[None])
        self.effect = WrappedLabel(PROMPT)
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
        form.addRow(self.effect_title)
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
        for signal in (
            self.rotation.currentTextChanged,
            self.currency.currentTextChanged,
            self.effective.dateChanged,
        ):
            signal.connect(self._show_kept_supplement)
        self.refresh()

    @property
    def busy(self) -> bool:
        """An effect is being worked out (or about to be), or a change written."""
        return self.previews.busy or self._timer.isActive() or self.applying

    def _edited(self) -> None:
        """A value changed: the effect of the rate as typed shows a moment later (one
        computation for a number typed, not one a digit). While Add rate or Change waits
        for an effect, the newer values' effect is worked out at once instead."""
        if self.applying:
            return
        if self.going_on is not None:
            self._request(self.going_on, going_on=True)
            return
        self._timer.stop()
        self.error.clear()
        kind = self._live_kind()
        if kind is None:
            self._put_away()
            return
        try:
            key, _name, _change = self._described(kind)
        except PlannerError as exc:
            self._stop(str(exc))  # named as it is typed
            return
        self.effect_title.setText(TITLES[kind])
        known = self._known(key)
        if known is not None:
            self.previews.drop()
            self.effect.setText(known.text())
        else:  # what is being worked out no longer holds: stopped, the newer one soon
            self.previews.drop()
            self.working = None
            self.effect.setText(WORKING)
            self._timer.start()

    def _put_away(self) -> None:
        """Nothing typed to work out: no effect shown, none worked out."""
        self._timer.stop()
        self.previews.drop()
        self.working = None
        self.effect_title.setText(TITLES[None])
        self.effect.setText(PROMPT)

    def _live_kind(self) -> str | None:
        """What the form describes as typed: a new rate (once a fee is typed, or another
        rotation or currency than the selected rate's), a change to the selected rate
        (its fee, supplement or date typed otherwise), or nothing."""
        fee = self.selected_fee()
        if fee is None:
            return "add" if self.amount.text().strip() else None
        currency = self.currency.currentText().strip().upper()
        if (self.rotation.currentText(), currency) != (fee.rotation, fee.currency):
            return "add"
        try:
            _currency, amount, supplement, day = self._typed()
        except PlannerError:
            return "change"  # the bad value is named by _described
        same = (amount, supplement, day) == (
            fee.amount_minor,
            fee.holiday_supplement_minor,
            fee.effective_from,
        )
        return None if same else "change"

    def _typed_preview(self) -> None:
        """The moment after an edit: work out the effect of the rate as typed."""
        kind = self._live_kind()
        if kind is None:
            self._put_away()
        else:
            self._request(kind, going_on=False)

    def refresh(self) -> None:
        with self.get_db().session() as session:
            self.model.set_rows(list_fees(session))
            names = [r.name for r in rotations(session)]
            currencies = site_currencies(session)
        if self.rotation.count() == 0:
            self.rotation.addItems(names)
            self.currency.addItems(currencies)
        self._show_kept_supplement()

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
        """Currency, fee, supplement and date as typed (PlannerError naming a bad one and
        its field)."""
        currency = self.currency.currentText().strip().upper()
        if not currency:
            return currency, 0, 0, from_qdate(self.effective.date())

        def amount(field: str, text: str) -> int:
            try:
                return parse_amount(text, currency, user_locale.name())
            except PlannerError as exc:
                raise PlannerError(f"{field}: {exc}") from exc

        day = from_qdate(self.effective.date())
        supplement = self.supplement.text()
        return (
            currency,
            amount("Fee per shift", self.amount.text()),
            amount("Holiday supplement", supplement)
            if supplement.strip()
            else self._supplement_in_force(currency, day),
            day,
        )

    def _supplement_in_force(self, currency: str, day: date) -> int:
        """The holiday supplement of the rotation's rate in ``currency`` in force on ``day``
        (0 with none): what a rate typed with its supplement left blank keeps, so changing
        only the fee never drops the supplement unseen."""
        rotation = self.rotation.currentText()
        earlier = [
            r
            for r in self.model.rows()
            if (r.rotation, r.currency) == (rotation, currency) and r.effective_from <= day
        ]
        if not earlier:
            return 0
        return max(earlier, key=lambda r: r.effective_from).holiday_supplement_minor

    def _show_kept_supplement(self) -> None:
        """The supplement field's hint: what a blank supplement keeps."""
        currency = self.currency.currentText().strip().upper()
        kept = self._supplement_in_force(currency, from_qdate(self.effective.date()))
        try:
            shown = user_locale.money(kept, currency)
        except (PlannerError, ValueError):  # a currency still being typed: no rate has it
            shown = user_locale.number(0, digits=2)
        self.supplement.setPlaceholderText(f"blank: as in force ({shown})")

    def _described(self, kind: str) -> tuple[Key, str, Change]:
        """The edit ``kind`` ("add" or "change") makes with the values typed: which values,
        its name and the service call (PlannerError naming a bad value)."""
        rotation = self.rotation.currentText()
        currency, amount, supplement, day = self._typed()
        locale, shown = user_locale.name(), user_locale.short_date  # read on the GUI thread
        if kind == "add":

            def add(session: Any) -> object:
                found = rotation_by_name(session, rotation)
                return add_fee(session, found, currency, amount, day, supplement)

            key: Key = ("add", rotation, currency, amount, supplement, day)
            return key, f"new rate of {rotation} in {currency} from {shown(day)}", add
        fee = self.selected_fee()
        if fee is None:
            raise PlannerError("Select the rate to change in the table first")
        return (
            ("change", fee.id, amount, supplement, day),
            f"change of the {fee.rotation} {fee.currency} rate from {shown(fee.effective_from)}",
            lambda session: update_fee(session, fee.id, amount, day, supplement, locale),
        )

    def _known(self, key: Key) -> rule_effects.Effect | None:
        """The effect already worked out for these values, if any."""
        if self.previewed is not None and self.previewed[0] == key:
            return self.previewed[1]
        return None

    def add_rate(self) -> bool:
        """Add the rate typed (replacing one of the same day), once its effect is known (it
        waits for it) and confirmed. False when a value typed is bad (named), else True."""
        return self._request("add", going_on=True)

    def change_rate(self) -> bool:
        """Give the selected rate the fee, supplement and date typed, once confirmed."""
        return self._request("change", going_on=True)

    def _stop(self, error: str) -> None:
        """Nothing goes on: no effect waited for, the reason shown."""
        self._timer.stop()
        self.going_on = self.working = None
        self.previews.drop()
        self.effect.clear()
        self.error.setText(error)

    def _request(self, kind: str, going_on: bool) -> bool:
        """Show the effect of ``kind`` with the values typed: the one already known, else
        worked out in the worker (a newer request supersedes it); then, when
        ``going_on``, ask and apply. False when a value typed is bad (named)."""
        if self.applying:
            return False
        self._timer.stop()
        self.error.clear()
        try:
            key, name, change = self._described(kind)
        except PlannerError as exc:
            self._stop(str(exc))
            return False
        self.effect_title.setText(TITLES[kind])
        known = self._known(key)
        if known is not None:
            self.going_on = self.working = None
            self.previews.drop()
            self._show(name, change, known, going_on)
            return True
        if going_on:
            self.going_on = kind
        if self.working == key and self.previews.busy:
            return True  # already being worked out: its effect goes on when known
        self.working = key
        self.effect.setText(WORKING)
        request_rule_effect(
            self.previews,
            self.get_db,
            change,
            lambda effect: self._previewed(key, name, change, effect),
            self._stop,
        )
        return True

    def _previewed(self, key: Key, name: str, change: Change, effect: rule_effects.Effect) -> None:
        going_on = self.going_on is not None
        self.going_on = self.working = None
        self.previewed = (key, effect)
        self._show(name, change, effect, going_on)

    def _show(self, name: str, change: Change, effect: rule_effects.Effect, going_on: bool) -> None:
        """Show the effect; when going on, ask, then apply it as one undoable edit (in the
        worker); refused (nothing written) when it would alter what a closed pay run
        paid."""
        self.effect.setText(effect.text())
        if not going_on:
            return
        if effect.refused:
            self.error.setText("Refused: " + effect.refused)
            return
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
            self.applied += 1
            self.previewed = None
            self.table.clearSelection()
            self.amount.clear()
            self.supplement.clear()
            self.refresh()
            self.effect.setText(effect.text())

        def failed(exc: Exception) -> None:
            self.applying = False
            self._stop(said(exc, "applying the rate"))

        Operation(work).success(done).failure(failed).run_in_background()

    def done(self, result: int) -> None:
        """Closed: an effect still being worked out is stopped, unheard."""
        self._timer.stop()
        self.going_on = self.working = None
        self.previews.drop()
        super().done(result)

    def confirm(self, title: str, effect: str) -> bool:
        return ask_to_apply(self, title, f"{title}.\n\n{effect}")

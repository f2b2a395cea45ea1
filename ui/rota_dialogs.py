"""Dialogs of the Rota screen: assign by hand, record a cover, swap two shifts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.rota.covers import SwapOption
from planner.rota.eligibility import Person, rule_of
from planner.rota.weeks import RotaRow
from ui import palette, user_locale
from ui.rule_tips import rule_tip
from ui.wrapped_label import WrappedLabel
from ui.zoned_time import ZonedDateTimeEdit, zone_name


def _header(cell: RotaRow, tz: Any) -> QLabel:
    label = WrappedLabel(
        f"<b>{cell.rotation}</b>, week of {user_locale.day_month_year(cell.week)}<br>"
        f"{user_locale.day_time(cell.slot_start.astimezone(tz))} → "
        f"{user_locale.day_time(cell.slot_end.astimezone(tz))} ({tz}) · "
        f"held by {cell.assignee_name or 'nobody'}"
    )
    return label


def problems_tip(problems: Sequence[str]) -> str:
    """A ⚠ option's tooltip: each problem, then the rule it breaks (the planner's words)."""
    return "\n".join(rule_tip(problem, rule_of(problem)) for problem in problems)


def _follow_tip(combo: QComboBox) -> None:
    """The combo box itself says the rule of the ⚠ option chosen (shown without a list)."""

    def follow(index: int) -> None:
        tip = combo.itemData(index, Qt.ItemDataRole.ToolTipRole) if index >= 0 else None
        combo.setToolTip(str(tip or ""))

    combo.currentIndexChanged.connect(follow)
    follow(combo.currentIndex())


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class AssignDialog(QDialog):
    """Choose who holds a shift; people the hard rules rule out are listed with the reason."""

    def __init__(
        self,
        cell: RotaRow,
        tz: Any,
        candidates: Sequence[tuple[Person, list[str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assign shift")
        self.person = QComboBox()
        self.person.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.person.setMinimumContentsLength(48)
        self.person.addItem("Nobody (leave uncovered)", None)
        for person, broken in candidates:
            text = f"{person.name} — {person.site}"
            if broken:
                text += f"  ⚠ {broken[0]}"
            self.person.addItem(text, person.id)
            if broken:
                self.person.setItemData(
                    self.person.count() - 1, problems_tip(broken), Qt.ItemDataRole.ToolTipRole
                )
            if person.id == cell.volunteer_id:
                self.person.setCurrentIndex(self.person.count() - 1)
        _follow_tip(self.person)
        self.override = QCheckBox("Assign even if a hard rule breaks (shown as a warning)")
        form = QFormLayout()
        form.addRow("Volunteer", self.person)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(cell, tz))
        layout.addLayout(form)
        layout.addWidget(self.override)
        layout.addWidget(_buttons(self, "Assign"))
        self.resize(560, self.sizeHint().height())

    def volunteer_id(self) -> int | None:
        chosen: int | None = self.person.currentData()
        return chosen


Eligible = Callable[[datetime, datetime], Sequence[tuple[Person, list[str]]]]


def _fill_people(combo: QComboBox, found: Sequence[tuple[Person, list[str]]]) -> None:
    """Free people selectable; everyone else listed disabled with the rule that blocks them."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    for person, blocked in found:
        text = f"{person.name} — {person.site}"
        if blocked:
            text += f"  ⚠ {blocked[0]}"
        combo.addItem(text, person.id)
        item = model.item(combo.count() - 1)
        if blocked:
            item.setEnabled(False)
            item.setToolTip(problems_tip(blocked))
    free = [i for i in range(combo.count()) if model.item(i).isEnabled()]
    wanted = combo.findData(keep) if keep is not None else -1
    combo.setCurrentIndex(wanted if wanted in free else (free[0] if free else -1))
    combo.blockSignals(False)
    current = combo.currentIndex()
    combo.setToolTip(str(combo.itemData(current, Qt.ItemDataRole.ToolTipRole) or ""))


class CoverDialog(QDialog):
    """Someone takes part of a shift; times in the home site's zone (named, whatever the
    computer's zone), may run past handover. Only people who can cover the times typed are
    selectable; the others are listed greyed out with the rule that blocks them."""

    def __init__(
        self, cell: RotaRow, tz: Any, eligible: Eligible, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a cover")
        self._eligible = eligible
        self.person = QComboBox()
        self.person.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.person.setMinimumContentsLength(40)
        self.start = ZonedDateTimeEdit(tz, cell.slot_start)
        self.end = ZonedDateTimeEdit(tz, cell.slot_start + timedelta(hours=12))
        self.note = QLineEdit(placeholderText="e.g. travelling Saturday night")
        self.error = WrappedLabel()
        palette.ink(self.error, "error")
        self.error.hide()
        zone = zone_name(tz)
        form = QFormLayout()
        form.addRow("Covered by", self.person)
        form.addRow(f"From ({zone})", self.start)
        form.addRow(f"To ({zone})", self.end)
        form.addRow("Note", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(cell, tz))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "Record cover"))
        self.refresh_people()
        _follow_tip(self.person)
        for edit in (self.start, self.end):
            edit.dateTimeChanged.connect(lambda _v: self.refresh_people())
        self.resize(560, self.sizeHint().height())  # like Assign and Swap: the header on 2 lines

    def refresh_people(self) -> None:
        """Who can cover the times as typed (the whole slot while they make no range)."""
        start, end = self.range()
        _fill_people(self.person, self._eligible(start, end))

    def volunteer_id(self) -> int | None:
        index = self.person.currentIndex()
        model = self.person.model()
        assert isinstance(model, QStandardItemModel)
        if index < 0 or not model.item(index).isEnabled():
            return None
        chosen: int | None = self.person.currentData()
        return chosen

    def range(self) -> tuple[datetime, datetime]:
        return self.start.instant(), self.end.instant()

    def accept(self) -> None:
        """Checked here, in the times as typed, before the dialog closes."""
        start, end = self.range()
        if end <= start:
            self.error.setText(
                f"The cover must end after it starts: “To” "
                f"({user_locale.day_time(self.end.wall_clock())}) is not after “From” "
                f"({user_locale.day_time(self.start.wall_clock())})."
            )
        elif self.volunteer_id() is None:
            self.error.setText(
                "Choose someone who can cover these times; the people greyed out are blocked "
                "by the rule shown beside them."
            )
        else:
            super().accept()
            return
        self.error.show()


class SwapDialog(QDialog):
    """Pick the future shift to exchange assignees with. Shifts whose swap would break a
    hard rule are listed greyed out with the rule. Enter does not swap: the Swap button
    does, and the Rota screen then asks to confirm, naming both changes."""

    def __init__(
        self, cell: RotaRow, tz: Any, options: Sequence[SwapOption], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Swap shifts")
        self.options = {o.shift_id: o for o in options}
        self.other = QListWidget()
        for option in options:
            text = f"{option.rotation}, week of {user_locale.day_month_year(option.week)} — {option.assignee_name}"
            if option.problems:
                text += f"  ⚠ {option.problems[0]}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, option.shift_id)
            if option.problems:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(problems_tip(option.problems))
            self.other.addItem(item)
        free = [i for i in range(self.other.count()) if not self.options[
            self.other.item(i).data(Qt.ItemDataRole.UserRole)].problems]  # fmt: skip
        if free:
            self.other.setCurrentRow(free[0])
        self.empty = QLabel("No future shift of this rotation can be swapped with this one.")
        self.empty.setVisible(not free)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(cell, tz))
        heading = QLabel("Swap with")
        heading.setBuddy(self.other)
        self.other.setAccessibleName("Swap with")
        layout.addWidget(heading)
        layout.addWidget(self.other, 1)
        layout.addWidget(self.empty)
        buttons = _buttons(self, "Swap…")
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Enter in the list must not swap
                button.setDefault(False)
        layout.addWidget(buttons)
        self.resize(600, 420)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter picks nothing and swaps nothing: only the Swap… button goes on."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def chosen(self) -> SwapOption | None:
        item = self.other.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return self.options.get(item.data(Qt.ItemDataRole.UserRole))

    def other_id(self) -> int | None:
        option = self.chosen()
        return option.shift_id if option else None

    def select_week(self, week: date) -> bool:
        """Make the shift of ``week`` current (tests and keyboard users); False if absent."""
        for i in range(self.other.count()):
            if self.options[self.other.item(i).data(Qt.ItemDataRole.UserRole)].week == week:
                self.other.setCurrentRow(i)
                return True
        return False

"""Dialogs of the Rota screen: assign by hand, record a cover, swap two shifts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.rota.eligibility import Person
from planner.rota.weeks import RotaRow


def _header(cell: RotaRow, tz: Any) -> QLabel:
    label = QLabel(
        f"<b>{cell.rotation}</b>, week of {cell.week:%d %b %Y}<br>"
        f"{cell.slot_start.astimezone(tz):%a %d %b %H:%M} → "
        f"{cell.slot_end.astimezone(tz):%a %d %b %H:%M} ({tz}) · "
        f"held by {cell.assignee_name or 'nobody'}"
    )
    label.setWordWrap(True)
    return label


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
            if person.id == cell.volunteer_id:
                self.person.setCurrentIndex(self.person.count() - 1)
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
        return self.person.currentData()


def _qdt(instant: datetime, tz: Any) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(instant.timestamp()), QTimeZone(str(tz).encode()))


def _py(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


class CoverDialog(QDialog):
    """Someone takes part of a shift; times in the home site's zone, may run past handover."""

    def __init__(
        self, cell: RotaRow, tz: Any, people: Sequence[Person], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a cover")
        self.person = QComboBox()
        for person in people:
            if person.id != cell.volunteer_id:
                self.person.addItem(f"{person.name} — {person.site}", person.id)
        self.start = QDateTimeEdit(_qdt(cell.slot_start, tz))
        self.end = QDateTimeEdit(_qdt(cell.slot_start + timedelta(hours=12), tz))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
            edit.setCalendarPopup(True)
        self.note = QLineEdit(placeholderText="e.g. travelling Saturday night")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("Covered by", self.person)
        form.addRow(f"From ({tz})", self.start)
        form.addRow(f"To ({tz})", self.end)
        form.addRow("Note", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(cell, tz))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "Record cover"))
        self.resize(520, self.sizeHint().height())  # like Assign and Swap: the header on 2 lines

    def volunteer_id(self) -> int | None:
        return self.person.currentData()

    def range(self) -> tuple[datetime, datetime]:
        return _py(self.start.dateTime()), _py(self.end.dateTime())

    def accept(self) -> None:
        """Checked here, in the times as typed, before the dialog closes."""
        start, end = self.range()
        if self.volunteer_id() is None:
            self.error.setText("Nobody else can cover this shift.")
        elif end <= start:
            fmt = "ddd dd MMM HH:mm"
            self.error.setText(
                f"The cover must end after it starts: “To” ({self.end.dateTime().toString(fmt)})"
                f" is not after “From” ({self.start.dateTime().toString(fmt)})."
            )
        else:
            super().accept()
            return
        self.error.show()


class SwapDialog(QDialog):
    """Pick the future shift to exchange assignees with."""

    def __init__(
        self, cell: RotaRow, tz: Any, others: Sequence[RotaRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Swap shifts")
        self.other = QComboBox()
        for row in others:
            if (
                row.shift_id != cell.shift_id
                and row.assignee_name
                and row.rotation_id == cell.rotation_id
                and row.assignee_name != cell.assignee_name
            ):
                self.other.addItem(
                    f"{row.rotation}, week of {row.week:%d %b %Y} — {row.assignee_name}",
                    row.shift_id,
                )
        form = QFormLayout()
        form.addRow("Swap with", self.other)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(cell, tz))
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Swap"))
        self.resize(520, self.sizeHint().height())

    def other_id(self) -> int | None:
        return self.other.currentData()

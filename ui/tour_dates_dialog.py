"""Edit a tour's dates (first and last day) or end it early, with the services' checks."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.core import days
from planner.core.errors import PlannerError
from planner.people import tours
from planner.people.tours import TourRow
from ui import palette, user_locale
from ui.edits import edits_for
from ui.qt_dates import from_qdate, to_qdate
from ui.screens.base import DatabaseGetter, home_day
from ui.volunteer_form_dialog import error_style
from ui.wrapped_label import WrappedLabel


class TourDatesDialog(QDialog):
    EDIT, END_EARLY = "edit", "end_early"

    def __init__(
        self,
        get_db: DatabaseGetter,
        tour: TourRow,
        mode: str = EDIT,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.tour = tour
        self.mode = mode
        self.released = 0
        self.setWindowTitle(
            f"End the tour of {tour.name} early"
            if mode == self.END_EARLY
            else f"Tour of {tour.name}"
        )
        self.start = QDateEdit(to_qdate(tour.start))
        self.last_day = QDateEdit(
            to_qdate(max(today or home_day(get_db), tour.start))
            if mode == self.END_EARLY
            else to_qdate(tour.last_day)
        )
        for edit in (self.start, self.last_day):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(user_locale.date_format())
            edit.dateChanged.connect(self.validate)
        self.start.setEnabled(mode == self.EDIT)
        self.note = QLineEdit(placeholderText="why (kept in the audit log)")
        self.error = WrappedLabel()
        palette.follow(self.error, error_style)
        form = QFormLayout()
        form.addRow("Volunteer", QLabel(f"{tour.name} <{tour.email}>"))
        form.addRow("First day", self.start)
        form.addRow("Last day", self.last_day)
        form.addRow("Note", self.note)
        hint = WrappedLabel(
            "Draft shifts outside the new dates are released for re-planning; "
            "published shifts stay."
        )
        palette.ink(hint, "muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.validate()

    def dates(self) -> tuple[date, date]:
        return from_qdate(self.start.date()), days.end_after(from_qdate(self.last_day.date()))

    def validate(self) -> str:
        start, end = self.dates()
        problem = ""
        if end <= start:
            last, first = (user_locale.short_date(d) for d in (days.last_day(end), start))
            problem = f"the last day {last} is before the first day {first}"
        elif self.mode == self.END_EARLY and end >= self.tour.end:
            problem = (
                f"to end early, pick a day before {user_locale.short_date(self.tour.last_day)}"
            )
        self.error.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)
        return problem

    def save(self) -> None:
        if self.validate():
            return
        start, end = self.dates()
        what = "early end" if self.mode == self.END_EARLY else "dates"
        locale = user_locale.name()  # a refusal's days in it
        try:
            with edits_for(self, self.get_db).edit(f"tour {what} of {self.tour.name}") as session:
                if self.mode == self.END_EARLY:
                    self.released = tours.end_early(
                        session, self.tour.id, days.last_day(end), self.note.text().strip(),
                        locale,
                    )  # fmt: skip
                else:
                    self.released = tours.change_dates(
                        session, self.tour.id, start, end, self.note.text().strip(), locale
                    )
        except PlannerError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

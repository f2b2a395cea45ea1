"""Move a volunteer along the intake pipeline, with the date and a note (audit log)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.core.models import Volunteer
from planner.people import volunteers
from planner.people.volunteers import TRANSITIONS, VolunteerDetail
from ui import palette, user_locale
from ui.edits import edits_for
from ui.models.volunteers_table_model import STATUS_LABELS
from ui.qt_dates import from_qdate, to_qdate
from ui.screens.base import DatabaseGetter, home_day
from ui.volunteer_form_dialog import error_style
from ui.wrapped_label import WrappedLabel


class StatusDialog(QDialog):
    def __init__(
        self,
        get_db: DatabaseGetter,
        details: VolunteerDetail | list[VolunteerDetail],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.details = details if isinstance(details, list) else [details]
        names = ", ".join(d.name for d in self.details[:3])
        more = len(self.details) - 3
        who = names + (f" and {more} more" if more > 0 else "")
        self.setWindowTitle(f"Change status of {who}")
        self.status = QComboBox()
        # only the statuses every selected volunteer can move to
        allowed = [s for s in TRANSITIONS[self.details[0].status]]
        for d in self.details[1:]:
            allowed = [s for s in allowed if s in TRANSITIONS[d.status]]
        for status in allowed:
            self.status.addItem(STATUS_LABELS[status], status)
        self.on = QDateEdit(to_qdate(today or home_day(get_db)))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat(user_locale.date_format())
        self.note = QLineEdit(placeholderText="e.g. manager agreed; moving teams")
        self.error = WrappedLabel()
        palette.follow(self.error, error_style)
        form = QFormLayout()
        now = sorted({STATUS_LABELS[d.status] for d in self.details})
        form.addRow("Volunteers", QLabel(who))
        form.addRow("Now", QLabel(", ".join(now)))
        if not allowed:
            self.error.setText("These volunteers have no status change in common.")
        form.addRow("New status", self.status)
        form.addRow("On", self.on)
        form.addRow("Note", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)  # it opened 220 px wide: note hint and title cut off

    def save(self) -> None:
        if self.status.currentData() is None:
            return
        status, on, note = self.status.currentData(), from_qdate(self.on.date()), self.note.text()

        def change(session):  # type: ignore[no-untyped-def]
            # All of them or none.
            for detail in self.details:
                volunteer = session.get(Volunteer, detail.id)
                assert volunteer is not None
                volunteers.change_status(
                    session,
                    volunteer,
                    status,
                    on,
                    note.strip(),
                )

        who = self.details[0].name if len(self.details) == 1 else f"{len(self.details)} volunteers"
        try:
            edits_for(self, self.get_db).run(f"status of {who}: {status}", change)
        except PlannerError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

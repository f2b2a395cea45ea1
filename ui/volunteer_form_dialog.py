"""Add or edit a volunteer, with inline validation (the same checks the services make)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.core.models import ROLES, Volunteer
from planner.people import volunteers
from planner.people.volunteers import VolunteerDetail
from ui import palette, user_locale
from ui.edits import edits_for
from ui.qt_dates import from_qdate, to_qdate
from ui.screens.base import DatabaseGetter, home_day
from ui.wrapped_label import WrappedLabel


def error_style() -> str:
    return palette.css_color("error") + " font-size: 11px;"


class VolunteerFormDialog(QDialog):
    """``detail`` None: a new volunteer. Saves in one transaction on OK."""

    def __init__(
        self,
        get_db: DatabaseGetter,
        detail: VolunteerDetail | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.detail = detail
        self.saved_id: int | None = None
        today = today or home_day(get_db)  # the home site's, not the computer's
        self.setWindowTitle("Edit volunteer" if detail else "Add volunteer")
        self.setMinimumWidth(520)

        self.name = QLineEdit()
        self.email = QLineEdit()
        self.site = QComboBox()
        with get_db().session() as session:
            self.site.addItems(volunteers.site_names(session))
        self.site.setToolTip("The office the volunteer works from")
        self.team = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role.capitalize(), role)
        self.manager = QLineEdit()
        self.known_from = QCheckBox("Known")
        self.available_from = QDateEdit(to_qdate(today))
        self.available_from.setCalendarPopup(True)
        self.available_from.setDisplayFormat(user_locale.date_format())
        self.known_from.toggled.connect(self.available_from.setEnabled)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)

        self.away = QListWidget()
        self.away.setFixedHeight(80)
        self.away_first = QDateEdit(to_qdate(today))
        self.away_last = QDateEdit(to_qdate(today))
        for edit in (self.away_first, self.away_last):
            edit.setMinimumWidth(120)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(user_locale.date_format())
        add_away = QPushButton("Add")
        add_away.clicked.connect(self._add_away)
        remove_away = QPushButton("Remove")
        remove_away.clicked.connect(self._remove_away)
        self.away_error = QLabel()
        palette.follow(self.away_error, error_style)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, label, widget in (
            ("name", "Name *", self.name),
            ("email", "Email *", self.email),
            ("site", "Site *", self.site),
            ("team", "Team", self.team),
            ("role", "Role *", self.role),
            ("manager", "Manager", self.manager),
        ):
            form.addRow(label, self._with_error(key, widget))
        when = QHBoxLayout()
        when.addWidget(self.known_from)
        when.addWidget(self.available_from, 1)
        form.addRow("Available from", self._with_error("available_from", when))
        away_box = QVBoxLayout()
        away_box.addWidget(self.away)
        row = QHBoxLayout()
        row.addWidget(QLabel("From"))
        row.addWidget(self.away_first)
        row.addWidget(QLabel("to"))
        row.addWidget(self.away_last)
        row.addWidget(add_away)
        row.addWidget(remove_away)
        away_box.addLayout(row)
        away_box.addWidget(self.away_error)
        form.addRow("Unavailability", away_box)
        form.addRow("Notes", self._with_error("notes", self.notes))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_error = WrappedLabel()
        palette.follow(self.save_error, error_style)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)

        accessible: list[tuple[QWidget, str]] = [
            (self.name, "Name"),
            (self.email, "Email"),
            (self.site, "Site"),
            (self.team, "Team"),
            (self.role, "Role"),
            (self.manager, "Manager"),
            (self.known_from, "Available from is known"),
            (self.available_from, "Available from"),
            (self.notes, "Notes"),
            (self.away, "Unavailability"),
            (self.away_first, "Unavailable from"),
            (self.away_last, "Unavailable to"),
            (add_away, "Add unavailability"),
            (remove_away, "Remove unavailability"),
        ]
        for field, name in accessible:
            field.setAccessibleName(name)  # the fields sit beside their messages, not labels

        self._fill(detail)
        for line in (self.name, self.email, self.team, self.manager):
            line.textChanged.connect(self.validate)
        self.notes.textChanged.connect(self.validate)
        self.site.currentIndexChanged.connect(self.validate)
        self.role.currentIndexChanged.connect(self.validate)
        self.validate()
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height() + 40)

    def _with_error(self, key: str, field: QWidget | QHBoxLayout) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        if isinstance(field, QWidget):
            layout.addWidget(field)
        else:
            layout.addLayout(field)
        error = WrappedLabel()
        palette.follow(error, error_style)
        error.hide()
        layout.addWidget(error)
        self.errors[key] = error
        return box

    def _fill(self, detail: VolunteerDetail | None) -> None:
        self.known_from.setChecked(bool(detail and detail.available_from))
        self.available_from.setEnabled(self.known_from.isChecked())
        if detail is None:
            return
        self.name.setText(detail.name)
        self.email.setText(detail.email)
        self.site.setCurrentText(detail.site)
        self.team.setText(detail.team)
        self.role.setCurrentIndex(self.role.findData(detail.role))
        self.manager.setText(detail.manager)
        if detail.available_from:
            self.available_from.setDate(to_qdate(detail.available_from))
        self.notes.setPlainText(detail.notes)
        for entry in detail.unavailability:
            self._add_range(entry.first_day, entry.last_day, entry.reason)

    # -- unavailability -----------------------------------------------------------------
    def _add_range(self, first: date, last: date, reason: str = "") -> None:
        shown = f"{user_locale.short_date(first)} to {user_locale.short_date(last)}"
        text = shown + (f" ({reason})" if reason else "")
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, (first, last, reason))
        self.away.addItem(item)

    def ranges(self) -> list[tuple[date, date, str]]:
        return [self.away.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.away.count())]

    def _add_away(self) -> None:
        first, last = from_qdate(self.away_first.date()), from_qdate(self.away_last.date())
        if last < first:
            self.away_error.setText(
                f"{user_locale.short_date(first)} to {user_locale.short_date(last)} "
                "ends before it starts"
            )
            return
        self.away_error.clear()
        self._add_range(first, last)

    def _remove_away(self) -> None:
        for item in self.away.selectedItems():
            self.away.takeItem(self.away.row(item))

    # -- validation and saving ----------------------------------------------------------
    def values(self) -> dict[str, object]:
        return {
            "name": self.name.text(),
            "email": self.email.text(),
            "site": self.site.currentText(),
            "role": self.role.currentData(),
            "team": self.team.text(),
            "manager": self.manager.text(),
            "available_from": (
                from_qdate(self.available_from.date()) if self.known_from.isChecked() else None
            ),
            "notes": self.notes.toPlainText(),
        }

    def validate(self) -> dict[str, str]:
        v = self.values()
        with self.get_db().session() as session:
            problems = volunteers.check_fields(
                session,
                name=str(v["name"]),
                email=str(v["email"]),
                site=str(v["site"]),
                role=str(v["role"]),
                available_from=v["available_from"],  # type: ignore[arg-type]
                exclude_id=self.detail.id if self.detail else None,
                team=str(v["team"]),
                manager=str(v["manager"]),
                notes=str(v["notes"]),
                locale=user_locale.name(),
            )
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
        return problems

    def save(self) -> None:
        if self.validate():
            return
        v = self.values()
        name = f"new volunteer {v['name']}" if self.detail is None else f"edit of {v['name']}"
        try:
            with edits_for(self, self.get_db).edit(name) as session:
                if self.detail is None:
                    volunteer = volunteers.create(session, **v)  # type: ignore[arg-type]
                    old: set[tuple[date, date]] = set()
                else:
                    stored = session.get(Volunteer, self.detail.id)
                    if stored is None:
                        raise PlannerError("this volunteer was removed meanwhile")
                    volunteer = stored
                    volunteers.update(session, volunteer, **v)  # type: ignore[arg-type]
                    old = {(u.first_day, u.last_day) for u in self.detail.unavailability}
                new = {(first, last): reason for first, last, reason in self.ranges()}
                for first, last in old - set(new):
                    volunteers.remove_unavailability(session, volunteer, first, last)
                for (first, last), reason in new.items():
                    if (first, last) not in old:
                        volunteers.add_unavailability(session, volunteer, first, last, reason)
                self.saved_id = volunteer.id
        except PlannerError as exc:
            self.save_error.setText(str(exc))
            return
        self.accept()

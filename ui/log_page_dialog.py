"""Log one page, or correct one: when (in the responder's time zone), who, minutes,
summary, link. Before saving, it says when the responder held no shift or cover then (the
page is kept, marked not on call) and refuses a time in the future."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.pay import pages
from planner.pay.pages import PageRow
from planner.people import volunteers
from ui import palette, user_locale
from ui.edits import edits_for
from ui.screens.base import DatabaseGetter
from ui.wrapped_label import WrappedLabel
from ui.zoned_time import ZonedDateTimeEdit


class LogPageDialog(QDialog):
    """``page`` given: correct that page (Save writes the correction); else log a new one."""

    def __init__(
        self, get_db: DatabaseGetter, parent: QWidget | None = None, page: PageRow | None = None
    ) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.page = page
        self.rest_change = pages.RestChange()
        self.setWindowTitle("Correct a page" if page else "Log a page")
        self.responder = QComboBox()
        self.zones: dict[str, str] = {}
        with get_db().session() as session:
            people = volunteers.choices(session, "rota")
        for person in people:
            self.responder.addItem(f"{person.name} ({person.site})", person.email)
            self.zones[person.email] = person.timezone
        if page is not None and self.responder.findData(page.email) < 0:
            self.responder.addItem(f"{page.name} ({page.site})", page.email)
            self.zones[page.email] = page.timezone
        if page is not None:
            self.responder.setCurrentIndex(self.responder.findData(page.email))
        # Shown and read in the responder's zone, whatever the computer's zone.
        self.when = ZonedDateTimeEdit(UTC, page.at if page else None)
        self.zone_label = QLabel()
        self.responder.currentIndexChanged.connect(self._zone_changed)
        self.minutes = QSpinBox(minimum=0, maximum=pages.MAX_MINUTES, suffix=" min")
        self.minutes.setValue(page.minutes if page else 15)
        self.summary = QLineEdit(page.summary if page else "")
        self.link = QLineEdit(page.link if page else "", placeholderText="https://…")
        self.on_call_note = WrappedLabel()
        palette.ink(self.on_call_note, "caution")
        self.error = WrappedLabel()
        palette.ink(self.error, "error")
        form = QFormLayout()
        form.addRow("Responder", self.responder)
        form.addRow("When", self.when)
        form.addRow("", self.zone_label)
        form.addRow("", self.on_call_note)
        form.addRow("Minutes", self.minutes)
        form.addRow("Summary", self.summary)
        form.addRow("Link", self.link)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._zone_changed()
        self.when.dateTimeChanged.connect(self._check)

    def _zone_changed(self) -> None:
        zone = self.zones.get(self.responder.currentData() or "", "")
        if zone:
            self.when.set_zone(ZoneInfo(zone))
        self.zone_label.setText(f"in the responder's time, {zone}" if zone else "")
        self._check()

    def set_local(self, wall: datetime) -> None:
        """Type the wall-clock time ``wall`` (naive) in the responder's zone."""
        self.when.set_instant(wall.replace(tzinfo=self.when.zone()))

    def _check(self) -> None:
        """Say before saving what the page will be: not on call, or refused (future)."""
        self.on_call_note.clear()
        self.error.clear()
        email = self.responder.currentData()
        if not email:
            return
        at = self.instant()
        try:
            pages.check_not_future(at, locale=user_locale.name())
            with self.get_db().session() as session:
                on_call = pages.on_call_at(session, at, email)
        except PlannerError as exc:
            self.error.setText(str(exc))
            return
        if not on_call:
            name = self.responder.currentText().split(" (")[0]
            self.on_call_note.setText(
                f"{name} held no shift or cover at that time: the page will be kept and "
                "marked not on call."
            )

    def instant(self) -> datetime:
        zone = ZoneInfo(self.zones[self.responder.currentData()])
        return self.when.wall_clock().replace(tzinfo=zone)

    def save(self) -> None:
        try:
            who = self.responder.currentText().split(" (")[0]
            name = f"correction of a page of {who}" if self.page is not None else f"page of {who}"
            with edits_for(self, self.get_db).edit(name) as session:
                if self.page is not None:
                    self.rest_change = pages.update_page(
                        session,
                        self.page.id,
                        self.instant(),
                        self.responder.currentData() or "",
                        self.minutes.value(),
                        self.summary.text(),
                        self.link.text(),
                        locale=user_locale.name(),
                    )
                else:
                    pages.add_page(
                        session,
                        self.instant(),
                        self.responder.currentData() or "",
                        self.minutes.value(),
                        self.summary.text(),
                        self.link.text(),
                        locale=user_locale.name(),
                    )
        except (PlannerError, KeyError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()

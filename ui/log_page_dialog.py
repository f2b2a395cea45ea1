"""Log one page: when (with the responder's time zone), who, minutes, summary, link."""

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
from planner.people import volunteers
from ui.screens.base import DatabaseGetter
from ui.zoned_time import ZonedDateTimeEdit


class LogPageDialog(QDialog):
    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.setWindowTitle("Log a page")
        self.responder = QComboBox()
        self.zones: dict[str, str] = {}
        with get_db().session() as session:
            people = volunteers.choices(session, "rota")
        for person in people:
            self.responder.addItem(f"{person.name} ({person.site})", person.email)
            self.zones[person.email] = person.timezone
        # Shown and read in the responder's zone, whatever the computer's zone.
        self.when = ZonedDateTimeEdit(UTC)
        self.zone_label = QLabel()
        self.responder.currentIndexChanged.connect(self._zone_changed)
        self.minutes = QSpinBox(minimum=0, maximum=pages.MAX_MINUTES, suffix=" min")
        self.minutes.setValue(15)
        self.summary = QLineEdit()
        self.link = QLineEdit(placeholderText="https://…")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Responder", self.responder)
        form.addRow("When", self.when)
        form.addRow("", self.zone_label)
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

    def _zone_changed(self) -> None:
        zone = self.zones.get(self.responder.currentData() or "", "")
        if zone:
            self.when.set_zone(ZoneInfo(zone))
        self.zone_label.setText(f"in the responder's time, {zone}" if zone else "")

    def instant(self) -> datetime:
        zone = ZoneInfo(self.zones[self.responder.currentData()])
        return self.when.wall_clock().replace(tzinfo=zone)

    def save(self) -> None:
        try:
            with self.get_db().transaction() as session:
                pages.add_page(
                    session,
                    self.instant(),
                    self.responder.currentData() or "",
                    self.minutes.value(),
                    self.summary.text(),
                    self.link.text(),
                )
        except (PlannerError, KeyError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()

"""Date-time widgets in a named zone (the home site's, or a responder's), never the
computer's: what is shown and what is read are wall-clock times of that zone, converted
with ``zoneinfo``, so the app behaves the same on a laptop in Dublin or San Francisco.
The date and time are written in the user's locale (its short date with the full year and
its short time: '27.11.2026 18:05', '11/27/2026 6:05 PM'; 'Fri 27 Nov 2026 18:05' under the
C locale); the dialogs name the zone next to the edit."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from ui import user_locale

DISPLAY_FORMAT = "ddd dd MMM yyyy HH:mm"  # under the C locale


def display_format() -> str:
    """The edit's format: the locale's date and time, DISPLAY_FORMAT under C."""
    if user_locale.name() is None:
        return DISPLAY_FORMAT
    return f"{user_locale.date_format()} {user_locale.time_format()}"


def zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)


def _zone(tz: tzinfo) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(zone_name(tz))


class ZonedDateTimeEdit(QDateTimeEdit):
    """A date-time edit that shows and reads wall-clock minutes in ``tz``."""

    def __init__(self, tz: tzinfo, instant: datetime | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setDisplayFormat(display_format())
        self.setCalendarPopup(True)
        self.set_zone(tz)
        self.set_instant(instant or datetime.now(UTC))

    def set_zone(self, tz: tzinfo) -> None:
        """Show times in ``tz`` from now on; the instant shown stays the same."""
        instant = self.instant() if hasattr(self, "_tz") else None
        self._tz = _zone(tz)
        self.setTimeZone(QTimeZone(zone_name(self._tz).encode()))
        if instant is not None:
            self.set_instant(instant)

    def zone(self) -> ZoneInfo:
        return self._tz

    def set_instant(self, instant: datetime) -> None:
        local = instant.astimezone(self._tz)
        self.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day),
                QTime(local.hour, local.minute),
                self.timeZone(),
            )
        )

    def wall_clock(self) -> datetime:
        """The date and time as typed (naive, in the edit's zone)."""
        d, t = self.date(), self.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def instant(self) -> datetime:
        """The typed wall-clock time in the edit's zone, as an aware UTC instant."""
        return self.wall_clock().replace(tzinfo=self._tz).astimezone(UTC)

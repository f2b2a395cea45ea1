"""The volunteers list (``planner volunteers``, the Volunteers screen): one query, shared.

The rows are read with plain SQL, so the same read runs two ways: through a Session
(:func:`planner.people.volunteers.list_volunteers`, the screens) and through the standard
library's ``sqlite3`` (:func:`read_volunteers`, the command line), which lets a read
command skip importing SQLAlchemy and SQLModel, most of its start-up. Both build their
rows with :func:`volunteer_rows`, so they cannot drift apart (a test compares them).
This module imports neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from planner.core.dates import utc_now
from planner.core.errors import PlannerError
from planner.core.vocabulary import STATUSES

if TYPE_CHECKING:
    from planner.core.db import Database

# The columns the table shows, by name then email (SQLite's binary collation).
VOLUNTEERS_SQL = (
    "SELECT volunteer.id, volunteer.name, volunteer.email, site.name, volunteer.team, "
    "volunteer.role, volunteer.manager, volunteer.status "
    "FROM volunteer JOIN site ON site.id = volunteer.site_id "
    "ORDER BY volunteer.name, volunteer.email"
)
TOURS_SQL = 'SELECT volunteer_id, start, "end" FROM tour ORDER BY id'
HOME_TIMEZONE_SQL = "SELECT timezone FROM site WHERE is_home = 1 LIMIT 1"


@dataclass(frozen=True)
class VolunteerRow:
    """A volunteer as the screens and the command line show it."""

    id: int
    name: str
    email: str
    site: str
    team: str
    role: str
    manager: str
    status: str

    def as_json(self) -> dict[str, str]:
        return {
            "email": self.email,
            "name": self.name,
            "site": self.site,
            "team": self.team,
            "role": self.role,
            "status": self.status,
        }


def status_on(stored: str, tours: Sequence[tuple[date, date]], today: date) -> str:
    """The status to show on ``today``: "approved" and "on tour" follow the tour dates
    (``tours``: (start, exclusive end)) whenever they are shown, not only once something is
    written. Approved or on tour with a tour running today -> on tour; on tour with every
    tour over -> alumni. Every other status is as stored."""
    if stored not in ("approved", "on_tour"):
        return stored
    if any(start <= today < end for start, end in tours):
        return "on_tour"
    if stored == "on_tour" and tours and all(end <= today for _start, end in tours):
        return "alumni"
    return stored


def check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise PlannerError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")


def _day(value: date | str) -> date:
    """A stored date: a ``date`` through SQLAlchemy's types, ISO text through sqlite3."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def volunteer_rows(
    volunteers: Iterable[Sequence[Any]],
    tours: Iterable[Sequence[Any]],
    today: date,
    status: str | None = None,
) -> list[VolunteerRow]:
    """The list's rows from the rows of ``VOLUNTEERS_SQL`` and ``TOURS_SQL``: each status
    as shown on ``today``, only those with ``status`` when given."""
    by_volunteer: dict[int, list[tuple[date, date]]] = {}
    for volunteer_id, start, end in tours:
        by_volunteer.setdefault(volunteer_id, []).append((_day(start), _day(end)))
    found = [
        VolunteerRow(
            id=vid or 0,
            name=name,
            email=email,
            site=site,
            team=team,
            role=role,
            manager=manager,
            status=status_on(stored, by_volunteer.get(vid or 0, []), today),
        )
        for vid, name, email, site, team, role, manager, stored in volunteers
    ]
    return [r for r in found if status is None or r.status == status]


def read_volunteers(
    db: Database, status: str | None = None, today: date | None = None
) -> list[VolunteerRow]:
    """What :func:`~planner.people.volunteers.list_volunteers` returns, read with sqlite3
    (``today`` defaults to today at the home site)."""
    check_status(status)
    with db.reading() as conn:
        if today is None:
            home = conn.execute(HOME_TIMEZONE_SQL).fetchone()
            if home is None:
                raise PlannerError("no home site is set")
            today = utc_now().astimezone(ZoneInfo(home[0])).date()  # as home_today()
        tours = conn.execute(TOURS_SQL).fetchall()
        volunteers = conn.execute(VOLUNTEERS_SQL).fetchall()
    return volunteer_rows(volunteers, tours, today, status)


def has_volunteers(db: Database) -> bool:
    """Whether the database has any volunteer (none: a new one, the app offers the demo),
    read with sqlite3."""
    with db.reading() as conn:
        return conn.execute("SELECT 1 FROM volunteer LIMIT 1").fetchone() is not None

"""What the printed rota calendar reads, with plain SQL on a ``sqlite3`` connection.

``planner print-rota`` is a whole process: importing SQLAlchemy and SQLModel would be half
of it. So the calendar (:mod:`planner.outputs.calendar`) reads its rows here, as small
frozen dataclasses, through the standard library: from the command line on
``Database.reading()``'s connection, in the app on the session's own connection (what the
session added is read too). Stored values come back as SQLAlchemy's SQLite types store
them: a date as ``YYYY-MM-DD``, an instant as naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, time

from planner.core import settings
from planner.core.errors import PlannerError
from planner.core.out_of_hours import HomeCalendar


@dataclass(frozen=True)
class ShiftRow:
    id: int
    rotation_id: int
    slot_start: datetime
    slot_end: datetime
    volunteer_id: int | None
    state: str


@dataclass(frozen=True)
class CoverRow:
    id: int
    shift_id: int
    volunteer_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class PersonRow:
    name: str
    email: str
    site: str
    colour: str


@dataclass(frozen=True)
class SiteRow:
    name: str
    colour: str
    is_home: bool


def instant(stored: str) -> datetime:
    """A stored instant (naive UTC text), aware in UTC as ``UTCDateTime`` returns it."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def stored_instant(value: datetime) -> str:
    """An aware instant as ``UTCDateTime`` stores it, to compare with stored ones."""
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def home_calendar(conn: sqlite3.Connection) -> HomeCalendar:
    """:func:`planner.core.home.home_calendar`, read with plain SQL."""
    site = conn.execute(
        "SELECT timezone, holiday_country, holiday_subdivision FROM site WHERE is_home = 1 LIMIT 1"
    ).fetchone()
    if site is None:
        raise PlannerError("no home site is set")
    values = settings.stored(conn.execute("SELECT key, value FROM setting"))
    return HomeCalendar(
        timezone=site[0],
        holiday_country=site[1],
        holiday_subdivision=site[2],
        office_days=frozenset(values["office_days"]),
        office_start=time.fromisoformat(values["office_start"]),
        office_end=time.fromisoformat(values["office_end"]),
        handover_weekday=values["handover_weekday"],
        handover_time=time.fromisoformat(values["handover_time"]),
    )


def rotations(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """Each rotation's id and name, in the order the app lists them."""
    return [
        (rid, name)
        for rid, name in conn.execute("SELECT id, name FROM rotation ORDER BY position, id")
    ]


_SHOWN = "(shift.state = 'published' OR shift.volunteer_id IS NULL)"
_OVERLAPPING = "shift.slot_start < ? AND shift.slot_end > ?"


def visible_shifts(
    conn: sqlite3.Connection, start: datetime, end: datetime, include_drafts: bool
) -> list[ShiftRow]:
    """:func:`planner.outputs.calendar.visible_shifts`, read with plain SQL, in start order."""
    where = _OVERLAPPING if include_drafts else f"{_OVERLAPPING} AND {_SHOWN}"
    rows = conn.execute(
        "SELECT id, rotation_id, slot_start, slot_end, volunteer_id, state FROM shift "
        f"WHERE {where} ORDER BY shift.slot_start",
        (stored_instant(end), stored_instant(start)),
    )
    return [
        ShiftRow(sid, rid, instant(first), instant(last), vid, state)
        for sid, rid, first, last, vid, state in rows
    ]


def covers_of(conn: sqlite3.Connection, shifts: list[ShiftRow]) -> dict[int, list[CoverRow]]:
    """The covers of ``shifts``, by shift id."""
    found: dict[int, list[CoverRow]] = {s.id: [] for s in shifts}
    if not shifts:
        return found
    first = min(s.slot_start for s in shifts)
    last = max(s.slot_end for s in shifts)
    rows = conn.execute(  # the shifts' range, then only theirs: no parameter per shift
        'SELECT cover.id, cover.shift_id, cover.volunteer_id, cover.start, cover."end" '
        f"FROM cover JOIN shift ON shift.id = cover.shift_id WHERE {_OVERLAPPING} "
        "ORDER BY cover.id",
        (stored_instant(last), stored_instant(first)),
    )
    for cid, shift_id, vid, start, end in rows:
        if shift_id in found:
            found[shift_id].append(CoverRow(cid, shift_id, vid, instant(start), instant(end)))
    return found


def people(conn: sqlite3.Connection) -> dict[int, PersonRow]:
    """Every volunteer's name, email and site (name, colour), by id."""
    rows = conn.execute(
        "SELECT volunteer.id, volunteer.name, volunteer.email, site.name, site.colour "
        "FROM volunteer JOIN site ON site.id = volunteer.site_id ORDER BY volunteer.id"
    )
    return {vid: PersonRow(name, email, site, colour) for vid, name, email, site, colour in rows}


def sites(conn: sqlite3.Connection) -> list[SiteRow]:
    """The sites, the home site first, then by name."""
    rows = conn.execute("SELECT name, colour, is_home FROM site ORDER BY is_home DESC, name")
    return [SiteRow(name, colour, bool(home)) for name, colour, home in rows]

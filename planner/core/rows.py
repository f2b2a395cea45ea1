"""The rota's rows read with plain SQL on a ``sqlite3`` connection: the home calendar, the
rotations, shifts and their covers, as small frozen dataclasses.

Importing SQLAlchemy and SQLModel costs a third of a second: the printed rota calendar
(``planner print-rota``, a whole process) and the Now screen's holders (the app's first
data) read here instead, through the standard library: on ``Database.reading()``'s
connection, or in a session on its own connection (:func:`session_connection`: what the
session added is read too). Stored values come back as SQLAlchemy's SQLite types store
them: a date as ``YYYY-MM-DD``, an instant as naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from planner.core import settings
from planner.core.errors import PlannerError
from planner.core.out_of_hours import HomeCalendar

if TYPE_CHECKING:
    from sqlmodel import Session


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


def session_connection(session: Session) -> sqlite3.Connection:
    """The session's own ``sqlite3`` connection, its changes flushed: plain SQL on it reads
    what the session added or changed, inside its transaction."""
    session.flush()
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)  # the pysqlite dialect's connection
    return driver


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
    values = settings.stored(conn)
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


OVERLAPPING = "shift.slot_start < ? AND shift.slot_end > ?"  # parameters: end, start
_SHIFT_COLUMNS = "shift.id, shift.rotation_id, shift.slot_start, shift.slot_end, " \
    "shift.volunteer_id, shift.state"  # fmt: skip


def shifts(
    conn: sqlite3.Connection,
    where: str = "",
    parameters: tuple[object, ...] = (),
) -> list[ShiftRow]:
    """The shifts matching ``where`` (SQL on the ``shift`` table; every shift without it),
    in start order."""
    rows = conn.execute(
        f"SELECT {_SHIFT_COLUMNS} FROM shift {f'WHERE {where} ' if where else ''}"
        "ORDER BY shift.slot_start, shift.id",
        parameters,
    )
    return [
        ShiftRow(sid, rid, instant(first), instant(last), vid, state)
        for sid, rid, first, last, vid, state in rows
    ]


def covers_of(conn: sqlite3.Connection, shifts: list[ShiftRow]) -> dict[int, list[CoverRow]]:
    """The covers of ``shifts``, by shift id (in the order entered)."""
    found: dict[int, list[CoverRow]] = {s.id: [] for s in shifts}
    if not shifts:
        return found
    first = min(s.slot_start for s in shifts)
    last = max(s.slot_end for s in shifts)
    rows = conn.execute(  # the shifts' range, then only theirs: no parameter per shift
        'SELECT cover.id, cover.shift_id, cover.volunteer_id, cover.start, cover."end" '
        f"FROM cover JOIN shift ON shift.id = cover.shift_id WHERE {OVERLAPPING} "
        "ORDER BY cover.id",
        (stored_instant(last), stored_instant(first)),
    )
    for cid, shift_id, vid, start, end in rows:
        if shift_id in found:
            found[shift_id].append(CoverRow(cid, shift_id, vid, instant(start), instant(end)))
    return found

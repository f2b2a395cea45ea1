"""What the printed rota calendar reads, with plain SQL on a ``sqlite3`` connection.

``planner print-rota`` is a whole process: importing SQLAlchemy and SQLModel would be half
of it. So the calendar (:mod:`planner.outputs.calendar`) reads its rows here and in
:mod:`planner.core.rows` (the home calendar, rotations, shifts and covers), as small frozen
dataclasses, through the standard library: from the command line on
``Database.reading()``'s connection, in the app on the session's own connection.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from planner.core.rows import OVERLAPPING, ShiftRow, shifts, stored_instant


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


_SHOWN = "(shift.state = 'published' OR shift.volunteer_id IS NULL)"


def visible_shifts(
    conn: sqlite3.Connection, start: datetime, end: datetime, include_drafts: bool
) -> list[ShiftRow]:
    """:func:`planner.outputs.calendar.visible_shifts`, read with plain SQL, in start order."""
    where = OVERLAPPING if include_drafts else f"{OVERLAPPING} AND {_SHOWN}"
    return shifts(conn, where, (stored_instant(end), stored_instant(start)))


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

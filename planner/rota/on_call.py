"""Who is on call: each rotation's time split into stretches held by one volunteer (the
assignee, or a volunteer covering) or by nobody (a gap), and who holds it at an instant.

A gap is time of a rotation that nobody holds: a slot with no assignee (less its covers) or
a week with no shift at all (not planned yet). Every instant is UTC; the callers show it in
the home site's zone or the holder's.

The shifts, covers and holders are read with plain SQL (:mod:`planner.core.rows`): the Now
screen shows who is on call before SQLAlchemy and SQLModel are imported
(:func:`read_on_call_at`); in a session (:func:`on_call_at`) on its own connection.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from planner.core import rows as plain
from planner.core.dates import utc_now
from planner.core.out_of_hours import HomeCalendar, slot_containing
from planner.core.rows import CoverRow, ShiftRow
from planner.rota.shifts import GAP_RULE as GAP_RULE  # the rule behind every gap
from planner.rota.shifts import effective_state, holdings

if TYPE_CHECKING:  # who holds what is read with plain SQL (planner.core.rows)
    from sqlmodel import Session

NOT_PLANNED = "not planned yet: no shift for this time (plan the range on the Rota screen)"


@dataclass(frozen=True)
class Holder:
    id: int
    email: str
    name: str
    site: str
    timezone: str  # the person's site's IANA zone
    colour: str

    @property
    def site_letter(self) -> str:
        return self.site[:1].upper()


@dataclass(frozen=True)
class Stretch:
    """[start, end) of one rotation held by ``holder`` (None: a gap).

    ``covering`` marks a cover; ``assignee`` is then the shift's assignee it stands in for.
    ``shift_id`` is None for time with no shift at all. ``start``/``end`` may be None at the
    open ends (before the first shift, after the last).
    """

    rotation_id: int
    rotation: str
    start: datetime | None
    end: datetime | None
    holder: Holder | None
    covering: bool
    shift_id: int | None
    slot_start: datetime | None
    slot_end: datetime | None
    state: str  # draft, published, worked, or "" with no shift
    assignee: Holder | None

    @property
    def is_gap(self) -> bool:
        return self.holder is None


@dataclass(frozen=True)
class NowRow:
    """Who holds one rotation at an instant, since and until when, and who is next."""

    rotation_id: int
    rotation: str
    at: datetime
    holder: Holder | None
    covering: bool
    covering_for: Holder | None  # the assignee a cover stands in for
    since: datetime | None
    until: datetime | None
    next_holder: Holder | None
    shift_id: int | None
    state: str
    reason: str  # why nobody holds it (a gap); "" otherwise, and until explained (explain_gaps)
    gap: Stretch | None = None  # the stretch nobody holds at ``at``

    def as_json(self, cal: HomeCalendar) -> dict[str, object]:
        def iso(instant: datetime | None) -> str | None:
            return instant.astimezone(cal.tz).isoformat() if instant else None

        return {
            "rotation": self.rotation,
            "email": self.holder.email if self.holder else None,
            "name": self.holder.name if self.holder else None,
            "site": self.holder.site if self.holder else None,
            "covering": self.covering,
            "since": iso(self.since),
            "until": iso(self.until),
            "next_email": self.next_holder.email if self.next_holder else None,
        }


def holders(session: Session, ids: Iterable[int] | None = None) -> dict[int, Holder]:
    """Every volunteer as a holder (only those of ``ids`` when given)."""
    return read_holders(plain.session_connection(session), ids)


def read_holders(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> dict[int, Holder]:
    """:func:`holders`, read with plain SQL."""
    query = (
        "SELECT volunteer.id, volunteer.email, volunteer.name, site.name, site.timezone, "
        "site.colour FROM volunteer JOIN site ON site.id = volunteer.site_id"
    )
    wanted: list[int] = []
    if ids is not None:
        wanted = sorted(set(ids))
        query += f" WHERE volunteer.id IN ({', '.join('?' * len(wanted))})"
    return {row[0]: Holder(*row) for row in conn.execute(query, wanted)}


def _stretches_of(
    rotation_id: int,
    name: str,
    shifts: list[ShiftRow],
    covers: dict[int, list[CoverRow]],
    people: dict[int, Holder],
    now: datetime,
) -> list[Stretch]:
    """The rotation's whole known time, open at both ends, in order and without holes."""
    found: list[Stretch] = []
    cursor: datetime | None = None
    for shift in sorted(shifts, key=lambda s: s.slot_start):
        if cursor is None or cursor < shift.slot_start:
            found.append(
                Stretch(rotation_id, name, cursor, shift.slot_start, None, False, None,
                        None, None, "", None)
            )  # fmt: skip
        state = effective_state(shift, now)
        assignee = people.get(shift.volunteer_id) if shift.volunteer_id else None
        base = Stretch(
            rotation_id, name, shift.slot_start, shift.slot_end, None, False, shift.id,
            shift.slot_start, shift.slot_end, state, assignee,
        )  # fmt: skip
        point = shift.slot_start
        for part in holdings(shift, covers.get(shift.id, [])):
            if point < part.start:
                found.append(replace(base, start=point, end=part.start))
            found.append(
                replace(
                    base, start=part.start, end=part.end,
                    holder=people.get(part.volunteer_id), covering=part.cover,
                )
            )  # fmt: skip
            point = part.end
        if point < shift.slot_end:
            found.append(replace(base, start=point, end=shift.slot_end))
        cursor = shift.slot_end if cursor is None else max(cursor, shift.slot_end)
    found.append(Stretch(rotation_id, name, cursor, None, None, False, None, None, None, "", None))
    return found


def all_stretches(
    session: Session,
    now: datetime | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[int, list[Stretch]]:
    """Every rotation's stretches (rotation id -> stretches), from the shifts whose slots
    overlap [start, end) (every shift without bounds). With bounds, the stretches inside
    [start, end) are the whole history's; the first and last run open (None) to the edge.
    """
    return read_stretches(plain.session_connection(session), now, start, end)


def read_stretches(
    conn: sqlite3.Connection,
    now: datetime | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[int, list[Stretch]]:
    """:func:`all_stretches`, read with plain SQL."""
    now = now or utc_now()
    where, parameters = [], []
    if start is not None:
        where.append("shift.slot_end > ?")
        parameters.append(plain.stored_instant(start))
    if end is not None:
        where.append("shift.slot_start < ?")
        parameters.append(plain.stored_instant(end))
    shifts = plain.shifts(conn, " AND ".join(where), tuple(parameters))
    by_rotation: dict[int, list[ShiftRow]] = defaultdict(list)
    for shift in shifts:
        by_rotation[shift.rotation_id].append(shift)
    covers = plain.covers_of(conn, shifts)
    ids = {s.volunteer_id for s in shifts if s.volunteer_id is not None}
    ids |= {c.volunteer_id for items in covers.values() for c in items}
    bounded = start is not None or end is not None
    people = read_holders(conn, ids if bounded else None)
    return {
        rid: _stretches_of(rid, name, by_rotation[rid], covers, people, now)
        for rid, name in plain.rotations(conn)
    }


def stretches(
    session: Session, start: datetime, end: datetime, now: datetime | None = None
) -> dict[int, list[Stretch]]:
    """Each rotation's stretches clipped to [start, end): the timeline's bars and gaps.
    Only the shifts overlapping [start, end) are read: the others add nothing inside it."""
    result: dict[int, list[Stretch]] = {}
    for rotation_id, items in all_stretches(session, now, start, end).items():
        clipped = []
        for s in items:
            s0 = start if s.start is None else max(s.start, start)
            s1 = end if s.end is None else min(s.end, end)
            if s0 < s1:
                clipped.append(replace(s, start=s0, end=s1))
        result[rotation_id] = clipped
    return result


def _same_holder(a: Stretch, b: Stretch) -> bool:
    if a.holder is None or b.holder is None:
        return a.holder is None and b.holder is None
    return a.holder.id == b.holder.id and a.covering == b.covering


def _merged_around(items: list[Stretch], index: int) -> tuple[int, int]:
    """The run of stretches around ``index`` held by the same holder (first, last index)."""
    first = last = index
    while first > 0 and _same_holder(items[first - 1], items[index]):
        first -= 1
    while last < len(items) - 1 and _same_holder(items[last + 1], items[index]):
        last += 1
    return first, last


def gaps(
    session: Session, start: datetime, end: datetime, now: datetime | None = None
) -> list[Stretch]:
    """The gaps of every rotation in [start, end), contiguous pieces merged, in time order."""
    found: list[Stretch] = []
    for items in stretches(session, start, end, now).values():
        for s in items:
            if not s.is_gap:
                continue
            if found and found[-1].rotation_id == s.rotation_id and found[-1].end == s.start:
                found[-1] = replace(found[-1], end=s.end)
            else:
                found.append(s)
    return sorted(found, key=lambda s: (s.start or start, s.rotation_id))


def plain_reason(stretch: Stretch) -> str:
    """Why nobody holds a gap when its shift alone says it; "" when the planner's own
    explanation is needed (a slot with no assignee: :func:`gap_reason`)."""
    if stretch.shift_id is None or stretch.slot_start is None:
        return NOT_PLANNED
    if stretch.assignee is not None:
        return f"{stretch.assignee.name}'s shift; this part has no holder"
    return ""


def gap_reason(session: Session, stretch: Stretch, now: datetime | None = None) -> str:
    """Why nobody holds a gap, in words (from the planner's own explanation)."""
    if reason := plain_reason(stretch):
        return reason
    assert stretch.slot_start is not None  # plain_reason names a gap with no shift
    from planner.core.home import home_calendar
    from planner.rota.allocation import summary

    cal = home_calendar(session)
    week: date = stretch.slot_start.astimezone(cal.tz).date()
    plan = summary(session, week, 1, now=now)
    prefix = f"{stretch.rotation} week of {week.isoformat()}"
    for text in plan.uncovered:
        if text.startswith(prefix):
            return text[len(prefix) :].lstrip(": ") or "no assignee"
    return "no assignee"


# How far around the instant ``on_call_at`` first reads; it reads wider while a holder's
# unbroken run (or the next holder) reaches the edge of what it read.
AROUND = timedelta(weeks=6)


def on_call_at(session: Session, at: datetime) -> list[NowRow]:
    """Who holds each rotation at ``at``: the holder (or the volunteer covering), since and
    until when that holder has it without a break, and who holds it next (None: a gap),
    and why nobody does (a gap)."""
    return explain_gaps(session, read_on_call_at(plain.session_connection(session), at))


def explain_gaps(session: Session, rows: list[NowRow]) -> list[NowRow]:
    """``rows`` with the planner's reason for each gap :func:`read_on_call_at` left
    unexplained (a slot with no assignee)."""
    return [
        replace(row, reason=gap_reason(session, row.gap, now=row.at))
        if row.gap is not None and not row.reason
        else row
        for row in rows
    ]


def read_on_call_at(conn: sqlite3.Connection, at: datetime) -> list[NowRow]:
    """:func:`on_call_at`, read with plain SQL; a gap's reason is "" where the planner must
    explain it (:func:`explain_gaps`).

    Reads the shifts around ``at`` only, wider until every answer lies inside what was read:
    the same answers as over the whole history."""
    if at.tzinfo is None:
        raise ValueError("at needs a time zone")
    around: timedelta | None = AROUND
    while True:
        lo, hi = (at - around, at + around) if around is not None else (None, None)
        found = _runs_at(conn, at, lo, hi)
        if found is not None:
            break
        around = around * 8 if around is not None and around < timedelta(days=366 * 50) else None
    rows = []
    for rotation_id, items, index, first, last in found:
        here = items[index]
        following = items[last + 1] if last + 1 < len(items) else None
        rows.append(
            NowRow(
                rotation_id=rotation_id,
                rotation=here.rotation,
                at=at,
                holder=here.holder,
                covering=here.covering,
                covering_for=here.assignee if here.covering else None,
                since=items[first].start,
                until=items[last].end,
                next_holder=following.holder if following else None,
                shift_id=here.shift_id,
                state=here.state,
                reason=plain_reason(here) if here.is_gap else "",
                gap=here if here.is_gap else None,
            )
        )
    return rows


_Run = tuple[int, list[Stretch], int, int, int]  # rotation, stretches, here, first, last


def _runs_at(
    conn: sqlite3.Connection, at: datetime, lo: datetime | None, hi: datetime | None
) -> list[_Run] | None:
    """Each rotation's stretch at ``at`` and the run of the same holder around it, from the
    shifts overlapping [lo, hi); None when a run or the next holder may lie beyond them.

    Read that way, the first and last stretch (open, None) stand for all the time before
    and after the shifts read; they are the history's only if no shift lies out there."""
    found: list[_Run] = []
    early: list[int] = []  # rotations whose run reaches the first stretch read
    late: list[int] = []  # ... or whose run, or the next holder, is the last stretch read
    for rotation_id, items in read_stretches(conn, at, lo, hi).items():
        index = next(
            i for i, s in enumerate(items)
            if (s.start is None or s.start <= at) and (s.end is None or at < s.end)
        )  # fmt: skip
        first, last = _merged_around(items, index)
        found.append((rotation_id, items, index, first, last))
        if first <= 1:
            early.append(rotation_id)
        if last >= len(items) - 2:
            late.append(rotation_id)
    if lo is None or hi is None:
        return found
    for rotations, outside, edge in ((early, "slot_end <= ?", lo), (late, "slot_start >= ?", hi)):
        if not rotations:
            continue
        beyond = conn.execute(
            f"SELECT 1 FROM shift WHERE rotation_id IN ({', '.join('?' * len(rotations))}) "
            f"AND {outside} LIMIT 1",
            (*rotations, plain.stored_instant(edge)),
        ).fetchone()
        if beyond is not None:
            return None
    return found


@dataclass(frozen=True)
class PlannedShift:
    """A shift of the weeks ahead as the Now screen shows it: who, covers, state."""

    rotation: str
    slot_start: datetime
    slot_end: datetime
    assignee_name: str  # "" with nobody assigned
    covers: int
    state: str  # draft, published, worked


def planned_shifts(
    session: Session, start: datetime, end: datetime, now: datetime | None = None
) -> list[PlannedShift]:
    """The shifts of every rotation starting in [start, end), in slot order (the rota's
    rows without its rule checks: names, cover counts and states, read in two queries)."""
    from sqlmodel import col, func, select

    from planner.core.models import Cover, Rotation, Shift, Volunteer

    now = now or utc_now()
    in_range = (col(Shift.slot_start) >= start, col(Shift.slot_start) < end)
    counts: dict[int, int] = {
        shift_id: int(n)
        for shift_id, n in session.exec(
            select(Cover.shift_id, func.count(col(Cover.id)))
            .join(Shift, col(Shift.id) == col(Cover.shift_id))
            .where(*in_range)
            .group_by(col(Cover.shift_id))
        )
    }
    rows = session.exec(
        select(Shift, Rotation.name, Volunteer.name)
        .join(Rotation, col(Rotation.id) == col(Shift.rotation_id))
        .outerjoin(Volunteer, col(Volunteer.id) == col(Shift.volunteer_id))
        .where(*in_range)
        .order_by(col(Shift.slot_start), col(Shift.rotation_id))
    ).all()
    return [
        PlannedShift(
            rotation,
            shift.slot_start,
            shift.slot_end,
            name or "",
            counts.get(shift.id or 0, 0),
            effective_state(shift, now),
        )  # fmt: skip
        for shift, rotation, name in rows
    ]


def local_time(holder: Holder, at: datetime) -> datetime:
    """``at`` on the holder's wall clock (their site's zone)."""
    return at.astimezone(ZoneInfo(holder.timezone))


def current_week(session: Session, at: datetime) -> tuple[datetime, datetime]:
    """The slot (handover to handover) that holds ``at``."""
    return slot_containing(plain.home_calendar(plain.session_connection(session)), at)


def four_weeks_from(at: datetime) -> datetime:
    return at + timedelta(weeks=4)

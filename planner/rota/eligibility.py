"""The hard rules of the rota, checked one volunteer × slot at a time.

A :class:`RotaContext` loads, once, everything the rules need (volunteers, sites, tours,
leave, rotations and the shifts around a range); :func:`problems` then names every hard
rule a volunteer would break by holding a slot. The allocator, manual assignment, covers
and swaps all use the same checks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, union
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from planner.core import locale_text
from planner.core.errors import PlannerError
from planner.core.home import home_calendar, rotations
from planner.core.models import (
    STATUSES,
    Cover,
    RotationSite,
    RotationWindow,
    Shift,
    Site,
    Tour,
    Unavailability,
    Volunteer,
)
from planner.core.out_of_hours import (
    DailyWindow,
    HomeCalendar,
    local_to_utc,
    ooh_minutes,
    slots,
    to_local,
)
from planner.people.volunteers import statuses_offered
from planner.rota.shifts import GAP_RULE

# Volunteers in these statuses are never put on the rota: all but the rota picker's.
INACTIVE_STATUSES = frozenset(STATUSES) - frozenset(statuses_offered("rota"))


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str
    role: str
    status: str
    site_id: int
    site: str
    colour: str


@dataclass(frozen=True)
class RotationInfo:
    id: int
    name: str
    roles: frozenset[str]
    site_ids: frozenset[int]  # empty: every site
    gap_weeks: int
    windows: tuple[DailyWindow, ...]
    retired_from: date | None = None  # no slot from this (local) day on


@dataclass
class RotaContext:
    """What the hard rules need, loaded once."""

    cal: HomeCalendar
    people: dict[int, Person]
    rotations: dict[int, RotationInfo]
    tours: dict[int, list[tuple[date, date, int, int]]]  # volunteer -> [(start, end, min, max)]
    leave: dict[int, list[tuple[date, date, str]]]  # volunteer -> [(first, last, reason)]
    shifts: list[Shift] = field(default_factory=list)  # detached copies
    # Set by range_context: the range [start, end) the context was read for (its people and
    # shifts are those that range needs); None: everything was read.
    window: tuple[datetime, datetime] | None = None
    _by_volunteer: dict[int | None, list[Shift]] | None = field(default=None, repr=False)
    _ooh: dict[tuple[datetime, datetime, tuple[DailyWindow, ...]], int] = field(
        default_factory=dict, repr=False
    )

    def shifts_of(self, volunteer_id: int) -> list[Shift]:
        """``shifts`` held by one volunteer (an index built on first use)."""
        if self._by_volunteer is None:
            index: dict[int | None, list[Shift]] = defaultdict(list)
            for shift in self.shifts:
                index[shift.volunteer_id].append(shift)
            self._by_volunteer = dict(index)
        return self._by_volunteer.get(volunteer_id, [])

    def ooh_minutes(self, start: datetime, end: datetime, windows: tuple[DailyWindow, ...]) -> int:
        """Out-of-hours minutes of [start, end) within ``windows``, worked out once per
        context (the rota's rows and its score both need each slot's)."""
        key = (start, end, windows)
        if key not in self._ooh:
            self._ooh[key] = ooh_minutes(self.cal, start, end, windows)
        return self._ooh[key]

    def handover_day(self, instant: datetime) -> date:
        return to_local(self.cal, instant).date()

    def slot_days(self, start: datetime, end: datetime) -> tuple[date, date]:
        """First and last local day the slot [start, end) touches."""
        return self.handover_day(start), self.handover_day(end - timedelta(microseconds=1))


def _people(session: Session, who: Any = None) -> dict[int, Person]:
    """Volunteers as plain :class:`Person` values with their site (all, or those whose id is
    in ``who``, a subquery), in one query: 2,000 Volunteer objects took ~0.1 s to build."""
    query = sa_select(
        col(Volunteer.id),
        col(Volunteer.name),
        col(Volunteer.email),
        col(Volunteer.role),
        col(Volunteer.status),
        col(Volunteer.site_id),
        col(Site.name),
        col(Site.colour),
    ).join(Site, col(Site.id) == col(Volunteer.site_id))
    if who is not None:
        query = query.where(col(Volunteer.id).in_(who))
    return {
        vid or 0: Person(
            id=vid or 0,
            name=name,
            email=email,
            role=role,
            status=status,
            site_id=site_id,
            site=site,
            colour=colour,
        )
        for vid, name, email, role, status, site_id, site, colour in session.connection().execute(
            query
        )
    }


def _rotation_infos(session: Session) -> dict[int, RotationInfo]:
    site_rows: dict[int, set[int]] = defaultdict(set)
    for rotation_id, site_id in session.connection().execute(
        sa_select(col(RotationSite.rotation_id), col(RotationSite.site_id))
    ):
        site_rows[rotation_id].add(site_id)
    # Every rotation's daily windows in one query (rotation_windows reads one rotation's).
    windows: dict[int, list[DailyWindow]] = defaultdict(list)
    for rotation_id, start, end in session.connection().execute(
        sa_select(
            col(RotationWindow.rotation_id), col(RotationWindow.start), col(RotationWindow.end)
        ).order_by(col(RotationWindow.rotation_id), col(RotationWindow.start))
    ):
        windows[rotation_id].append(
            DailyWindow(time.fromisoformat(str(start)), time.fromisoformat(str(end)))
        )
    return {
        r.id or 0: RotationInfo(
            id=r.id or 0,
            name=r.name,
            roles=frozenset(r.roles()),
            site_ids=frozenset(site_rows.get(r.id or 0, set())),
            gap_weeks=r.min_gap_weeks,
            retired_from=r.retired_from,
            windows=tuple(windows.get(r.id or 0, ())),
        )
        for r in rotations(session)
    }


def _shift_copies(session: Session, *where: Any) -> list[Shift]:
    """Detached read-only copies, built without validation (the values come from the
    database): Shift(...) costs 7x as much. Setting an attribute on a copy raises; the
    services change shifts they loaded themselves."""
    rows = session.connection().execute(
        sa_select(
            col(Shift.id),
            col(Shift.rotation_id),
            col(Shift.slot_start),
            col(Shift.slot_end),
            col(Shift.volunteer_id),
            col(Shift.state),
        ).where(*where)
    )
    return [
        Shift.model_construct(
            id=id_,
            rotation_id=rotation_id,
            slot_start=slot_start,
            slot_end=slot_end,
            volunteer_id=volunteer_id,
            state=state,
        )
        for id_, rotation_id, slot_start, slot_end, volunteer_id, state in rows
    ]


def load_context(session: Session) -> RotaContext:
    """Everything the rules need about every volunteer and every shift (the allocator and
    the edits, which may look anywhere). A screen judging a range uses
    :func:`range_context`."""
    cal = home_calendar(session)
    people = _people(session)
    infos = _rotation_infos(session)
    tours: dict[int, list[tuple[date, date, int, int]]] = defaultdict(list)
    for t in session.exec(select(Tour)).all():
        tours[t.volunteer_id].append((t.start, t.end, t.target_min, t.target_max))
    leave: dict[int, list[tuple[date, date, str]]] = defaultdict(list)
    for u in session.exec(select(Unavailability)).all():
        leave[u.volunteer_id].append((u.first_day, u.last_day, u.reason))
    return RotaContext(cal, people, infos, dict(tours), dict(leave), _shift_copies(session))


def _tours_that_count(
    tours: list[tuple[date, date, int, int]], first_day: date, last_day: date
) -> list[tuple[date, date, int, int]]:
    """The tours of one volunteer whose shifts can count in a range's load: those running
    in [first_day, last_day], the first one after it, and the last one if it starts by
    ``last_day`` (the fair-share table's "Tour" column takes the tour running on the
    range's first planned day, else the nearest after it, else the last)."""
    ordered = sorted(tours)
    found = [t for t in ordered if t[0] <= last_day and t[1] > first_day]
    found += [t for t in ordered if t[0] > last_day][:1]
    if ordered and ordered[-1][0] <= last_day:
        found.append(ordered[-1])
    return found


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def range_context(session: Session, from_day: date, weeks: int) -> RotaContext:
    """What the rules need to judge and score the shifts of ``weeks`` weeks from
    ``from_day``, and no more: the volunteers who hold, cover or could hold a shift of the
    range (a tour running in it), all their tours, their leave around the range, and the
    shifts near it (the largest rotation gap on each side, and the tours whose shifts count
    in a load). :func:`planner.rota.weeks.list_rota` and
    :func:`planner.rota.allocation.summary` give the same answers with it as with
    :func:`load_context`, reading a few weeks of a database that holds years."""
    if weeks < 1:
        raise PlannerError(f"weeks must be at least 1, got {weeks}")
    cal = home_calendar(session)
    found = slots(cal, from_day, weeks)
    start, end = found[0][0], found[-1][1]
    first_day, last_day = to_local(cal, start).date(), to_local(cal, end).date()
    infos = _rotation_infos(session)
    in_range = (col(Shift.slot_start) >= start, col(Shift.slot_start) < end)
    who = union(
        sa_select(col(Shift.volunteer_id)).where(*in_range, col(Shift.volunteer_id).is_not(None)),
        sa_select(col(Cover.volunteer_id))
        .join(Shift, col(Shift.id) == col(Cover.shift_id))
        .where(*in_range),
        sa_select(col(Tour.volunteer_id)).where(
            col(Tour.start) <= last_day, col(Tour.end) > first_day
        ),
    ).scalar_subquery()
    people = _people(session, who)
    tours: dict[int, list[tuple[date, date, int, int]]] = defaultdict(list)
    for vid, t0, t1, tmin, tmax in session.connection().execute(
        sa_select(
            col(Tour.volunteer_id),
            col(Tour.start),
            col(Tour.end),
            col(Tour.target_min),
            col(Tour.target_max),
        ).where(col(Tour.volunteer_id).in_(who))
    ):
        tours[vid].append((t0, t1, tmin, tmax))
    leave: dict[int, list[tuple[date, date, str]]] = defaultdict(list)
    for vid, d0, d1, reason in session.connection().execute(
        sa_select(
            col(Unavailability.volunteer_id),
            col(Unavailability.first_day),
            col(Unavailability.last_day),
            col(Unavailability.reason),
        ).where(
            col(Unavailability.volunteer_id).in_(who),
            col(Unavailability.last_day) >= first_day - timedelta(days=7),
            col(Unavailability.first_day) <= last_day + timedelta(days=7),
        )
    ):
        leave[vid].append((d0, d1, reason))
    # Every shift the rules look at for a shift of the range lies within the largest gap
    # (and a week) of it; a load's "Tour" figure also counts its holder's shifts in the
    # tour: those are read per volunteer and tour, not the years between.
    margin = timedelta(weeks=max((r.gap_weeks for r in infos.values()), default=0) + 2)
    low, high = start - margin, end + margin
    shifts = _shift_copies(session, col(Shift.slot_start) >= low, col(Shift.slot_start) < high)
    slack = timedelta(days=2)  # a local midnight is within a day of UTC's
    spans = [
        (vid, _midnight_utc(t0) - slack, _midnight_utc(t1) + slack)
        for vid, held in tours.items()
        for t0, t1, _min, _max in _tours_that_count(held, first_day, last_day)
    ]
    spans = [span for span in spans if span[1] < low or span[2] > high]
    if spans:
        seen = {s.id for s in shifts}
        shifts += [
            s
            for s in _shift_copies(
                session,
                or_(
                    *(
                        and_(
                            col(Shift.volunteer_id) == vid,
                            col(Shift.slot_start) >= t0,
                            col(Shift.slot_start) < t1,
                        )
                        for vid, t0, t1 in spans
                    )
                ),
            )
            if s.id not in seen
        ]
    return RotaContext(cal, people, infos, dict(tours), dict(leave), shifts, window=(start, end))


# -- the rules in words ----------------------------------------------------------------
# What each problem below breaks, stated as the rule (the tooltip of every broken rule on
# the screens): matched on the words the problems are written with, so they stay together.
HARD_RULES: tuple[tuple[str, str], ...] = (
    (" is not on tour", "a shift (or a cover) lies inside one of the holder's tours"),
    (" is outside a tour", "a shift (or a cover) lies inside one of the holder's tours"),
    (" is away ", "nobody holds a shift in a week they are unavailable"),
    (" is on leave", "nobody holds a shift in a week they are unavailable"),
    (" that week", "one rotation per person per week"),
    ("the gap must be", "a rotation's minimum gap between a person's shifts"),
    ("this slot", "one holder per slot"),
    ("not a site of", "a rotation takes volunteers of its eligible sites only"),
    (" takes ", "a rotation takes its eligible roles only"),
    ("uncovered", GAP_RULE),
    # the texts of a cover's blockers (covers.cover_blockers)
    (" in that time", "nobody is on call for two rotations at the same time"),
    (" already holds the ", "a cover is taken by someone other than the shift's holder"),
)
INACTIVE_RULE = "only approved volunteers and those on tour take shifts"


def rule_of(problem: str) -> str:
    """The hard rule ``problem`` (one of :func:`problems`' texts) breaks."""
    for words, rule in HARD_RULES:
        if words in problem:
            return rule
    return INACTIVE_RULE


# -- single rules -----------------------------------------------------------------------


def role_and_site_ok(ctx: RotaContext, person: Person, rotation: RotationInfo) -> str | None:
    if person.status in INACTIVE_STATUSES:
        return f"{person.email} is {person.status}"
    if person.role not in rotation.roles:
        article = "an" if person.role[:1] in "aeiou" else "a"
        return f"{person.email} is {article} {person.role}; {rotation.name} takes {', '.join(sorted(rotation.roles))}"
    if rotation.site_ids and person.site_id not in rotation.site_ids:
        return f"{person.email} works at {person.site}, not a site of {rotation.name}"
    return None


def tour_covers(ctx: RotaContext, volunteer_id: int, start: datetime, end: datetime) -> bool:
    """True when one tour of the volunteer spans the whole of [start, end)."""
    tz = ctx.cal.tz
    for first, end_day, _min, _max in ctx.tours.get(volunteer_id, []):
        t0 = local_to_utc(tz, first, datetime.min.time())
        t1 = local_to_utc(tz, end_day, datetime.min.time())
        if t0 <= start and end <= t1:
            return True
    return False


def leave_in(
    ctx: RotaContext, volunteer_id: int, start: datetime, end: datetime
) -> tuple[date, date, str] | None:
    """The first unavailability that touches a day of [start, end), if any."""
    first, last = ctx.slot_days(start, end)
    for entry in sorted(ctx.leave.get(volunteer_id, [])):
        if entry[0] <= last and first <= entry[1]:
            return entry
    return None


def _weeks_apart(ctx: RotaContext, a: datetime, b: datetime) -> int:
    days = abs((ctx.handover_day(a) - ctx.handover_day(b)).days)
    return (days + 3) // 7


def problems(
    ctx: RotaContext,
    volunteer_id: int,
    rotation_id: int,
    start: datetime,
    end: datetime,
    ignore: frozenset[int] = frozenset(),
    others: list[Shift] | None = None,
    locale: str | None = None,
) -> list[str]:
    """Every hard rule broken if ``volunteer_id`` held the slot [start, end) of a rotation.

    ``ignore`` names shift ids not to count as the volunteer's other shifts (the shift being
    changed, or both shifts of a swap). ``others`` replaces the loaded shifts. Days are
    written in ``locale`` (the app passes the user's; none: ISO); the words stay, so
    :func:`rule_of` reads the rule in every locale.
    """
    person = ctx.people.get(volunteer_id)
    rotation = ctx.rotations[rotation_id]
    if person is None:
        return [f"no volunteer with id {volunteer_id}"]
    found: list[str] = []
    if why := role_and_site_ok(ctx, person, rotation):
        found.append(why)
    if not tour_covers(ctx, volunteer_id, start, end):
        found.append(f"{person.email} is not on tour for the whole slot")
    if entry := leave_in(ctx, volunteer_id, start, end):
        reason = entry[2] or "unavailable"
        away = locale_text.day_span(entry[0], entry[1], locale)
        found.append(f"{person.email} is away {away} ({reason})")
    for other in ctx.shifts_of(volunteer_id) if others is None else others:
        if other.id in ignore or other.volunteer_id != volunteer_id:
            continue
        if other.rotation_id != rotation_id:
            if other.slot_start < end and start < other.slot_end:
                name = ctx.rotations[other.rotation_id].name
                found.append(f"{person.email} already holds {name} that week")
        elif other.slot_start != start:
            apart = _weeks_apart(ctx, other.slot_start, start)
            if apart <= rotation.gap_weeks:
                found.append(
                    f"{person.email} also holds {rotation.name} in the week of "
                    f"{locale_text.short_date(ctx.handover_day(other.slot_start), locale)}: "
                    "the gap must be "
                    f"{rotation.gap_weeks} clear week(s)"
                )
        else:
            found.append(f"{person.email} already holds this slot")
    return found

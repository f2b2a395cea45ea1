"""The printed rota calendar as plain data: month pages of days, who holds each rotation.

Pure domain code (no Qt). For each local day of the home site and each rotation it says who
holds the out-of-hours shift: one name on an ordinary day, the outgoing and the incoming
name with the handover time on a handover day, and any covers with their local times.
Published and worked shifts only, unless ``include_drafts`` (drafts are then marked).

The calendar reads its rows with plain SQL (:mod:`planner.outputs.calendar_rows`,
:mod:`planner.core.rows`): the
command line's ``print-rota`` then imports no SQLAlchemy or SQLModel (:func:`rota_calendar`);
the app passes its session (:func:`build_rota_calendar`) and the user's locale, which the
handover's day and time take (the printed calendar's other days, months and times follow
``RotaCalendar.locale``); the command line passes none: English and 24-hour times.
"""

from __future__ import annotations

import calendar
import sqlite3
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from planner.core import locale_text, names, rows
from planner.core.out_of_hours import HomeCalendar, local_to_utc
from planner.core.rows import CoverRow, ShiftRow
from planner.outputs import calendar_rows
from planner.outputs.calendar_rows import PersonRow
from planner.rota.shifts import holdings

if TYPE_CHECKING:  # the calendar itself reads with sqlite3 (calendar_rows)
    from sqlmodel import Session

    from planner.core.db import Database
    from planner.core.models import Cover, Shift

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Holder:
    """One name in a day cell.

    ``kind``: holder (the whole day), outgoing (until ``until``), incoming (from ``since``),
    cover (from ``since`` to ``until``; None where the cover runs past the day's edge),
    uncovered (a shift with no one: ``name`` is empty) or unpublished (no shift to show yet).
    """

    kind: str
    name: str
    site: str
    colour: str
    since: time | None = None
    until: time | None = None
    draft: bool = False

    @property
    def times(self) -> str:
        """Short local times: '–18:00' (outgoing), '18:00–' (incoming), '20:00–02:00' (cover)."""
        since = f"{self.since:%H:%M}" if self.since else ""
        until = f"{self.until:%H:%M}" if self.until else ""
        if self.kind in ("outgoing", "incoming"):
            return f"{since}–{until}"
        if self.kind == "cover":
            return "all day" if not (since or until) else f"{since}–{until}"
        return ""


@dataclass(frozen=True)
class RotationDay:
    rotation: str
    holders: tuple[Holder, ...]


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    holiday: str | None
    rotations: tuple[RotationDay, ...]
    handover: time | None = None  # the local handover time, on a handover day

    def names(self) -> set[str]:
        return {h.name for r in self.rotations for h in r.holders if h.name}


@dataclass(frozen=True)
class LegendEntry:
    name: str
    email: str
    site: str
    colour: str


@dataclass(frozen=True)
class SiteKey:
    name: str
    colour: str
    is_home: bool


@dataclass(frozen=True)
class MonthPage:
    year: int
    month: int
    weeks: tuple[tuple[CalendarDay, ...], ...]  # Monday first
    legend: tuple[LegendEntry, ...]  # everyone named on the page, by name
    holidays: tuple[tuple[date, str], ...]
    has_drafts: bool

    @property
    def title(self) -> str:
        return f"{names.MONTH_NAMES[self.month]} {self.year}"

    def names(self) -> set[str]:
        return {n for week in self.weeks for day in week if day.in_month for n in day.names()}


@dataclass(frozen=True)
class RotaCalendar:
    months: tuple[MonthPage, ...]
    rotations: tuple[str, ...]
    sites: tuple[SiteKey, ...]
    timezone: str
    handover: str  # e.g. "Friday 18:00"
    include_drafts: bool
    locale: str | None = None  # the reader's (None: the fixed English forms)


def visible_shifts(
    session: Session, start: datetime, end: datetime, include_drafts: bool
) -> list[Shift]:
    """Shifts overlapping [start, end): published (and worked); drafts too when asked.

    A slot with nobody on it is a gap, never a draft: it is always shown (as uncovered),
    whatever its state, so a printed rota or a team calendar never hides one.
    (The printed calendar reads the same with sqlite3: ``calendar_rows.visible_shifts``.)"""
    from sqlmodel import col, or_, select

    from planner.core.models import Shift

    query = select(Shift).where(Shift.slot_start < end, Shift.slot_end > start)
    if not include_drafts:
        query = query.where(or_(col(Shift.state) == "published", col(Shift.volunteer_id).is_(None)))
    return list(session.exec(query.order_by(col(Shift.slot_start))).all())


def covers_by_shift(session: Session, shift_ids: Sequence[int]) -> dict[int, list[Cover]]:
    from sqlmodel import col, select

    from planner.core.models import Cover

    found: dict[int, list[Cover]] = {i: [] for i in shift_ids}
    if shift_ids:
        for cover in session.exec(select(Cover).where(col(Cover.shift_id).in_(shift_ids))).all():
            found[cover.shift_id].append(cover)
    return found


def _local_time(cal: HomeCalendar, instant: datetime) -> time:
    return instant.astimezone(cal.tz).time().replace(second=0, microsecond=0)


class _ShiftsByRotation:
    """Each rotation's shifts in start order, to find a day's without scanning them all."""

    def __init__(self, shifts: list[ShiftRow]) -> None:
        self._shifts: dict[int | None, list[ShiftRow]] = {}
        for shift in shifts:  # in start order (visible_shifts)
            self._shifts.setdefault(shift.rotation_id, []).append(shift)
        self._starts = {r: [s.slot_start for s in found] for r, found in self._shifts.items()}
        self._longest = {
            r: max(s.slot_end - s.slot_start for s in found) for r, found in self._shifts.items()
        }

    def overlapping(
        self, rotation_id: int | None, start: datetime, end: datetime
    ) -> list[ShiftRow]:
        """The rotation's shifts overlapping [start, end), in start order."""
        found = self._shifts.get(rotation_id)
        if not found:
            return []
        starts = self._starts[rotation_id]
        lo = bisect_left(starts, start - self._longest[rotation_id])
        hi = bisect_left(starts, end)  # every shift from here on starts at or after the end
        return [s for s in found[lo:hi] if s.slot_end > start]


def _rotation_day(
    cal: HomeCalendar,
    rotation: tuple[int, str],
    bounds: tuple[datetime, datetime],
    shifts: _ShiftsByRotation,
    covers: dict[int, list[CoverRow]],
    people: dict[int, PersonRow],
) -> RotationDay:
    day_start, day_end = bounds
    rotation_id, rotation_name = rotation
    todays = shifts.overlapping(rotation_id, day_start, day_end)
    main: list[Holder] = []
    cover_rows: list[Holder] = []
    for shift in todays:
        draft = shift.state == "draft" and shift.volunteer_id is not None  # a gap is no draft
        starts_today = shift.slot_start > day_start
        ends_today = shift.slot_end < day_end
        if shift.volunteer_id is None:
            main.append(Holder("uncovered", "", "", "#999999"))
        else:
            who = people[shift.volunteer_id]
            kind = "incoming" if starts_today else "outgoing" if ends_today else "holder"
            main.append(
                Holder(
                    kind,
                    who.name,
                    who.site,
                    who.colour,
                    since=_local_time(cal, shift.slot_start) if starts_today else None,
                    until=_local_time(cal, shift.slot_end) if ends_today else None,
                    draft=draft,
                )
            )
        for part in holdings(shift, covers.get(shift.id or 0, [])):
            if not part.cover or part.end <= day_start or part.start >= day_end:
                continue
            who = people[part.volunteer_id]
            cover_rows.append(
                Holder(
                    "cover",
                    who.name,
                    who.site,
                    who.colour,
                    since=_local_time(cal, part.start) if part.start > day_start else None,
                    until=_local_time(cal, part.end) if part.end < day_end else None,
                    draft=draft,
                )
            )
    if (
        not todays
        or max(s.slot_end for s in todays) < day_end
        or min(s.slot_start for s in todays) > day_start
    ):  # part of the day (or all of it) has no shift to show
        main.append(Holder("unpublished", "", "", "#999999"))
    order = {"outgoing": 0, "holder": 1, "uncovered": 1, "unpublished": 1, "incoming": 2}
    main.sort(key=lambda h: order[h.kind])
    return RotationDay(rotation_name, tuple(main + cover_rows))


def build_rota_calendar(
    session: Session,
    first_month: date,
    months: int,
    include_drafts: bool = False,
    locale: str | None = None,
) -> RotaCalendar:
    """``months`` month pages from the month of ``first_month`` on, read in ``session``
    (what it added or changed too); ``locale``: the reader's."""
    return _build(rows.session_connection(session), first_month, months, include_drafts, locale)


def rota_calendar(
    db: Database, first_month: date, months: int, include_drafts: bool = False
) -> RotaCalendar:
    """:func:`build_rota_calendar` on a plain sqlite3 connection: no SQLAlchemy imported."""
    with db.reading() as conn:
        return _build(conn, first_month, months, include_drafts)


def _build(
    conn: sqlite3.Connection,
    first_month: date,
    months: int,
    include_drafts: bool,
    locale: str | None = None,
) -> RotaCalendar:
    from planner.core.errors import PlannerError

    if months < 1:
        raise PlannerError(f"months must be at least 1, got {months}")
    cal = rows.home_calendar(conn)
    first = first_month.replace(day=1)
    last = first + relativedelta(months=months)
    grid_start = first - timedelta(days=first.weekday())
    grid_end = last + timedelta(days=(7 - last.weekday()) % 7)
    shifts = calendar_rows.visible_shifts(
        conn,
        local_to_utc(cal.tz, grid_start, time(0)),
        local_to_utc(cal.tz, grid_end + _ONE_DAY, time(0)),
        include_drafts,
    )
    covers = rows.covers_of(conn, shifts)
    people = calendar_rows.people(conn)
    rots = rows.rotations(conn)
    by_rotation = _ShiftsByRotation(shifts)
    pages: list[MonthPage] = []
    for n in range(months):
        month_first = first + relativedelta(months=n)
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(
            month_first.year, month_first.month
        )
        page_weeks: list[tuple[CalendarDay, ...]] = []
        for week in weeks:
            cells = []
            for day in week:
                in_month = day.month == month_first.month
                bounds = (
                    local_to_utc(cal.tz, day, time(0)),
                    local_to_utc(cal.tz, day + _ONE_DAY, time(0)),
                )
                rot_days = (
                    tuple(_rotation_day(cal, r, bounds, by_rotation, covers, people) for r in rots)
                    if in_month
                    else ()
                )
                handover = next(
                    (h.since for r in rot_days for h in r.holders if h.kind == "incoming"),
                    None,
                )
                cells.append(CalendarDay(day, in_month, cal.holiday_name(day), rot_days, handover))
            page_weeks.append(tuple(cells))
        named = {
            (h.name, h.site, h.colour)
            for week in page_weeks
            for d in week
            for r in d.rotations
            for h in r.holders
            if h.name
        }
        emails = {p.name: p.email for p in people.values()}
        legend = tuple(
            LegendEntry(name, emails.get(name, ""), site, colour)
            for name, site, colour in sorted(named)
        )
        month_end = month_first + relativedelta(months=1)
        hols = tuple(
            (d, cal.holiday_name(d) or "") for d in cal.holidays_between(month_first, month_end)
        )
        drafts = any(
            h.draft for week in page_weeks for d in week for r in d.rotations for h in r.holders
        )
        pages.append(
            MonthPage(month_first.year, month_first.month, tuple(page_weeks), legend, hols, drafts)
        )
    sites = tuple(SiteKey(s.name, s.colour, s.is_home) for s in calendar_rows.sites(conn))
    return RotaCalendar(
        months=tuple(pages),
        rotations=tuple(name for _id, name in rots),
        sites=sites,
        timezone=cal.timezone,
        handover=_handover(cal, locale),
        include_drafts=include_drafts,
        locale=locale,
    )


def _handover(cal: HomeCalendar, locale: str | None) -> str:
    """'Friday 18:00'; de_DE 'Freitag 18:00', en_US 'Friday 6:00 PM'."""
    if locale_text.babel_locale(locale) is None:
        return f"{names.DAY_NAMES[cal.handover_weekday]} {cal.handover_time:%H:%M}"
    day = date(2024, 1, 1) + timedelta(days=cal.handover_weekday)  # a Monday, then on
    return f"{locale_text.weekday(day, locale)} {locale_text.clock(cal.handover_time, locale)}"

"""One volunteer's service record, to date: what they served, for performance reviews.

Every figure is counted as the other commands count it, so they agree:
- **shifts**: shifts assigned to them that are worked (published, slot over) — ``rota``
  rows with ``state`` worked and them as assignee;
- **out-of-hours hours**: the out-of-hours hours they held in worked shifts: their own
  shifts less the parts others covered, plus the parts of others' shifts they covered
  (rotation windows applied) — the hours ``pay`` pays them, shift lines;
- **covers given / taken**: covers they took on others' worked shifts / covers others took
  on theirs (``rota`` covers);
- **pages / night pages**: ``pages`` rows with them as responder;
- **rest**: entitled and taken days, all time (``rest``);
- **pay per currency**: the sum of their ``pay`` lines over every pay month (shift,
  holiday and adjustment lines; closed runs as stored).

Published shifts still to come are listed apart (``upcoming``) and counted in nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, or_, select

from planner.core import locale_text
from planner.core.home import home_calendar, home_today, rotation_windows, rotations
from planner.core.models import Cover, Shift, Site, Volunteer
from planner.core.models.types import utc_now
from planner.core.out_of_hours import ooh_minutes
from planner.pay import pages as page_log
from planner.pay import rest, runs
from planner.people.tours import list_tours
from planner.people.volunteers import by_email
from planner.rota.shifts import effective_state, holdings


@dataclass(frozen=True)
class TourLine:
    start: date
    end: date  # exclusive
    status: str
    target: str
    shifts: int  # worked shifts inside the tour

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


@dataclass(frozen=True)
class ShiftLine:
    rotation: str
    slot_start: datetime
    slot_end: datetime
    state: str  # worked or published (upcoming)
    hours: float  # out-of-hours hours they held (after covers)
    own: bool  # their own shift (else a cover they gave)
    note: str  # "covered 2 h by Bob" / "cover for Ann"


@dataclass(frozen=True)
class PageLine:
    at: datetime  # in the responder's zone
    minutes: int
    night: bool
    summary: str


@dataclass(frozen=True)
class ServiceRecord:
    email: str
    name: str
    site: str
    team: str
    role: str
    timezone: str  # the home site's: shift times are shown in it
    as_of: date
    tours: tuple[TourLine, ...]
    shifts: int
    out_of_hours_hours: float
    covers_given: int
    covers_taken: int
    pages: int
    night_pages: int
    rest_entitled_days: float
    rest_taken_days: float
    pay: tuple[tuple[str, int], ...]  # (currency, amount in minor units), by currency
    worked: tuple[ShiftLine, ...]  # own worked shifts and covers given, by start
    upcoming: tuple[ShiftLine, ...]
    page_lines: tuple[PageLine, ...]

    @property
    def rest_balance_days(self) -> float:
        return self.rest_entitled_days - self.rest_taken_days

    def as_json(self) -> dict[str, object]:
        return {
            "email": self.email,
            "name": self.name,
            "tours": [
                {"start": t.start.isoformat(), "end": t.end.isoformat(), "status": t.status}
                for t in self.tours
            ],
            "shifts": self.shifts,
            "out_of_hours_hours": self.out_of_hours_hours,
            "covers_given": self.covers_given,
            "covers_taken": self.covers_taken,
            "pages": self.pages,
            "night_pages": self.night_pages,
            "rest_entitled_days": self.rest_entitled_days,
            "rest_taken_days": self.rest_taken_days,
            "pay": [{"currency": c, "amount_minor": a} for c, a in self.pay],
        }


def service_record(
    session: Session, email: str, now: datetime | None = None, locale: str | None = None
) -> ServiceRecord:
    """The record of the volunteer with ``email`` as of ``now``; PlannerError if unknown.
    The notes' weekdays and clock times in ``locale`` (the app passes the user's; none:
    'Sat 20:00', as the command line and the printed record write them)."""
    now = now or utc_now()
    volunteer = by_email(session, email)
    vid = volunteer.id or 0
    site = session.get(Site, volunteer.site_id)
    assert site is not None
    cal = home_calendar(session)
    today = home_today(session, now)
    rots = {r.id: r for r in rotations(session)}
    windows = {r.id: rotation_windows(session, r) for r in rots.values()}
    people = {v.id: v.name for v in session.exec(select(Volunteer)).all()}

    # Shifts they hold or held a part of: their own, and those they covered.
    covered_ids = select(Cover.shift_id).where(Cover.volunteer_id == vid)
    shifts = session.exec(
        select(Shift)
        .where(or_(col(Shift.volunteer_id) == vid, col(Shift.id).in_(covered_ids)))
        .order_by(col(Shift.slot_start), col(Shift.rotation_id))
    ).all()
    covers: dict[int, list[Cover]] = defaultdict(list)
    for c in session.exec(
        select(Cover).where(col(Cover.shift_id).in_([s.id for s in shifts]))
    ).all():
        covers[c.shift_id].append(c)

    worked: list[ShiftLine] = []
    upcoming: list[ShiftLine] = []
    minutes_held = 0
    given = taken = 0
    for shift in shifts:
        state = effective_state(shift, now)
        if state == "draft":
            continue
        mine = shift.volunteer_id == vid
        shift_covers = covers.get(shift.id or 0, [])
        held = [h for h in holdings(shift, shift_covers) if h.volunteer_id == vid]
        minutes = sum(ooh_minutes(cal, h.start, h.end, windows[shift.rotation_id]) for h in held)
        if mine:
            others = [c for c in shift_covers if c.volunteer_id != vid]
            note = "; ".join(
                f"covered by {people.get(c.volunteer_id, '?')} "
                f"{_when(c.start, cal.tz, locale)}–{_when(c.end, cal.tz, locale)}"
                for c in sorted(others, key=lambda c: c.start)
            )
        else:
            others = []
            note = f"cover for {people.get(shift.volunteer_id or 0, 'an uncovered slot')}"
        line = ShiftLine(
            rots[shift.rotation_id].name,
            shift.slot_start,
            shift.slot_end,
            state,
            round(minutes / 60, 2),
            mine,
            note,
        )
        if state == "worked":
            worked.append(line)
            minutes_held += minutes
            if mine:
                taken += len(others)
            else:
                given += sum(1 for c in shift_covers if c.volunteer_id == vid)
        elif mine or any(c.volunteer_id == vid for c in shift_covers):
            upcoming.append(line)

    tour_rows = list_tours(session, today, vid)
    own_worked = [w for w in worked if w.own]
    tours = tuple(
        TourLine(
            t.start,
            t.end,
            t.status,
            f"{t.target_min}–{t.target_max}",
            sum(1 for w in own_worked if t.start <= w.slot_start.astimezone(cal.tz).date() < t.end),
        )
        for t in tour_rows
    )

    page_rows = [p for p in page_log.list_pages(session) if p.email == volunteer.email]
    balance = next((b for b in rest.balances(session, today) if b.email == volunteer.email), None)

    pay: dict[str, int] = defaultdict(int)
    for month in runs.pay_months(session, now):
        for pay_line in runs.month_lines(session, month, now):
            if pay_line.volunteer_id == vid:
                pay[pay_line.currency] += pay_line.amount_minor

    return ServiceRecord(
        email=volunteer.email,
        name=volunteer.name,
        site=site.name,
        team=volunteer.team,
        role=volunteer.role,
        timezone=cal.timezone,
        as_of=today,
        tours=tours,
        shifts=len(own_worked),
        out_of_hours_hours=round(minutes_held / 60, 2),
        covers_given=given,
        covers_taken=taken,
        pages=len(page_rows),
        night_pages=sum(1 for p in page_rows if p.night),
        rest_entitled_days=balance.entitled_half_days / 2 if balance else 0.0,
        rest_taken_days=balance.taken_half_days / 2 if balance else 0.0,
        pay=tuple(sorted(pay.items())),
        worked=tuple(worked),
        upcoming=tuple(upcoming),
        page_lines=tuple(PageLine(p.local_at(), p.minutes, p.night, p.summary) for p in page_rows),
    )


def _when(instant: datetime, tz: ZoneInfo, locale: str | None) -> str:
    """'Sat 20:00' in the home zone (English whatever the C library's locale); de_DE
    'Sa. 20:00'."""
    return locale_text.weekday_clock(instant.astimezone(tz), locale)

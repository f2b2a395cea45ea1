"""The monthly on-call report as plain data (no Qt): pages, rest, load, fairness, trend.

A month is a calendar month of the home site's local time. Shifts count when published
(or worked); drafts never do.

Two hour figures, both out-of-hours hours each person actually held (covers taken from the
assignee and given to the coverer):

* **hours on call in the month** (``ooh_hours``): the time inside the month, whichever
  week it belongs to: the load the month carried;
* **hours paid this month** (``paid_hours``): the worked slots that *end* in the month,
  whole, as the payroll counts them (pay month = the month the slot ends). A week that
  starts in one month and ends in the next is paid in the second.

Balance is the Rota screen's figure (``planner.rota.fairness``), for the weeks of the
report's window: the same range on the Rota screen shows the same number.

Follow-ups: the month's pages with none yet, and every follow-up still open, by team. The
recruitment forecast covers the twelve months after the month.

Days and months in the labels follow the reader's ``locale`` when one is given (the app's
printed report); without one (the command line, the monthly update) they are ISO and the
fixed English forms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, select

from planner.core import locale_text, names, settings
from planner.core.home import home_calendar, rotation_windows, rotations
from planner.core.models import Page, RestEntry, Rotation, Shift, Site, Tour, Volunteer
from planner.core.month import Month
from planner.core.out_of_hours import (
    HomeCalendar,
    Interval,
    local_to_utc,
    ooh_minutes,
    slot_containing,
)
from planner.outputs.calendar import covers_by_shift
from planner.pay.lines import month_bounds as pay_month_bounds
from planner.pay.lines import paid_minutes
from planner.pay.pages import PageRow, follow_ups
from planner.people.forecast import ForecastRow, forecast
from planner.rota import allocation
from planner.rota.shifts import holdings

FORECAST_MONTHS = 12  # the report's recruitment forecast: the year after the month


@dataclass(frozen=True)
class WeekPages:
    label: str  # "week of 2027-01-01" (the on-call week, from its handover; in the locale)
    start: date
    pages: int
    night_pages: int
    minutes: int


@dataclass(frozen=True)
class PageCount:
    name: str
    pages: int
    night_pages: int
    colour: str = "#888888"


@dataclass(frozen=True)
class PersonLoad:
    name: str
    email: str
    site: str
    colour: str
    shifts: int  # shifts starting this month
    ooh_hours: float  # out-of-hours hours held inside this month
    tour_shifts: int  # shifts in the current tour up to the end of the month
    target_min: int | None  # None: no tour overlapping the month
    target_max: int | None
    pages: int
    night_pages: int
    rest_entitled: float  # days
    rest_taken: float
    rest_balance: float  # entitled minus taken, all time to the end of the month
    tour_over: bool = False  # the tour ends by the end of the month
    paid_hours: float = 0.0  # out-of-hours hours of worked slots ending this month (payroll)

    @property
    def target(self) -> str:
        if self.target_min is None:
            return ""
        if self.target_min == self.target_max:
            return str(self.target_min)
        return f"{self.target_min}–{self.target_max}"

    @property
    def on_target(self) -> str:
        """above the target, or (for a tour that is over) within or below; else 'so far'."""
        if self.target_min is None or self.target_max is None:
            return ""
        if self.tour_shifts > self.target_max:
            return "above"
        if self.tour_shifts >= self.target_min:
            return "within"
        return "below" if self.tour_over else "so far"


@dataclass(frozen=True)
class OfficeLoad:
    site: str
    colour: str
    people: int
    shifts: int
    ooh_hours: float
    pages: int
    night_pages: int


@dataclass(frozen=True)
class Fairness:
    rotation: str
    balance: float | None  # the Rota screen's balance over the window; None: < 2 people
    coverage: float  # share of the month's slots with an assignee
    people: int
    window: str  # "weeks of 2026-06-05 to 2026-11-27": the range the balance is over


@dataclass(frozen=True)
class TrendPoint:
    month: date
    pages: int
    night_pages: int
    ooh_hours: float
    rest_taken: float
    locale: str | None = None  # the reader's, for the label

    @property
    def label(self) -> str:
        """'Nov 26'; de_DE 'Nov. 2026'."""
        if locale_text.babel_locale(self.locale) is None:
            return f"{names.MONTH_ABBRS[self.month.month]} {self.month:%y}"
        return locale_text.month_short_year(self.month, self.locale)


@dataclass(frozen=True)
class MonthlyReport:
    month: date
    timezone: str
    weeks: tuple[WeekPages, ...]
    by_rotation: tuple[PageCount, ...]
    by_office: tuple[PageCount, ...]
    people: tuple[PersonLoad, ...]
    offices: tuple[OfficeLoad, ...]
    fairness: tuple[Fairness, ...]
    trend: tuple[TrendPoint, ...]  # oldest first, this month last
    balance: float | None = None  # the window's balance, every rotation (the Rota screen's)
    window: str = ""  # the weeks the balance is over
    # Pages of the month with no follow-up yet, and every follow-up still open by team.
    without_follow_up: tuple[PageRow, ...] = ()
    open_follow_ups: tuple[tuple[str, tuple[PageRow, ...]], ...] = ()
    # The recruitment forecast for the months after this one.
    forecast: tuple[ForecastRow, ...] = ()
    locale: str | None = None  # the reader's, whose forms the labels take (None: fixed)

    @property
    def title(self) -> str:
        """'November 2026'; fr_FR 'novembre 2026'."""
        if locale_text.babel_locale(self.locale) is None:
            return f"{names.MONTH_NAMES[self.month.month]} {self.month.year}"
        return locale_text.month_year(self.month, self.locale)

    @property
    def pages(self) -> int:
        return sum(w.pages for w in self.weeks)

    @property
    def night_pages(self) -> int:
        return sum(w.night_pages for w in self.weeks)

    @property
    def ooh_hours(self) -> float:
        return round(sum(p.ooh_hours for p in self.people), 1)

    @property
    def paid_hours(self) -> float:
        return round(sum(p.paid_hours for p in self.people), 1)

    @property
    def shifts(self) -> int:
        return sum(p.shifts for p in self.people)

    @property
    def rest_entitled(self) -> float:
        return sum(p.rest_entitled for p in self.people)

    @property
    def rest_taken(self) -> float:
        return sum(p.rest_taken for p in self.people)


def month_bounds(cal: HomeCalendar, month: date) -> tuple[datetime, datetime]:
    """[first local midnight of the month of ``month``, first of the next), in UTC."""
    return pay_month_bounds(cal, Month.of(month))


class _Context:
    """What every month of one report needs, read once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cal = home_calendar(session)
        self.sites = {s.id or 0: s for s in session.exec(select(Site)).all()}
        self.people = {v.id: v for v in session.exec(select(Volunteer)).all()}
        self.rotations: list[Rotation] = rotations(session)
        self.windows = {r.id: rotation_windows(session, r) for r in self.rotations}
        self.tours = list(session.exec(select(Tour)).all())

    def shifts(self, start: datetime, end: datetime) -> list[Shift]:
        query = select(Shift).where(
            Shift.slot_start < end, Shift.slot_end > start, Shift.state == "published"
        )
        return list(self.session.exec(query.order_by(col(Shift.slot_start))).all())

    def held_hours(self, start: datetime, end: datetime) -> dict[tuple[int, int], float]:
        """(volunteer id, rotation id) -> out-of-hours hours held inside [start, end)."""
        shifts = self.shifts(start, end)
        covers = covers_by_shift(self.session, [s.id for s in shifts if s.id is not None])
        hours: dict[tuple[int, int], float] = defaultdict(float)
        for shift in shifts:
            for part in holdings(shift, covers.get(shift.id or 0, [])):
                s, e = max(part.start, start), min(part.end, end)
                if s < e:
                    minutes = ooh_minutes(self.cal, s, e, self.windows[shift.rotation_id])
                    hours[(part.volunteer_id, shift.rotation_id)] += minutes / 60
        return hours

    def pages(self, start: datetime, end: datetime) -> list[Page]:
        query = select(Page).where(Page.at >= start, Page.at < end).order_by(col(Page.at))
        return list(self.session.exec(query).all())

    def rest(self, until: date) -> list[RestEntry]:
        return list(self.session.exec(select(RestEntry).where(RestEntry.day < until)).all())


def _page_rotation(ctx: _Context, page: Page, shifts: list[Shift]) -> str:
    """The rotation a page came in on: its shift, else the shift its responder held then."""
    rot_names = {r.id: r.name for r in ctx.rotations}
    for shift in shifts:
        if page.shift_id is not None and shift.id == page.shift_id:
            return rot_names[shift.rotation_id]
    for shift in shifts:
        if shift.slot_start <= page.at < shift.slot_end:
            covers = covers_by_shift(ctx.session, [shift.id or 0]).get(shift.id or 0, [])
            for part in holdings(shift, covers):
                if part.volunteer_id == page.responder_id and part.start <= page.at < part.end:
                    return rot_names[shift.rotation_id]
    return "No shift"


def _trend_point(ctx: _Context, month: date, locale: str | None = None) -> TrendPoint:
    start, end = month_bounds(ctx.cal, month)
    pages = ctx.pages(start, end)
    next_month = month + relativedelta(months=1)
    taken = sum(r.half_days for r in ctx.rest(next_month) if r.kind == "taken" and r.day >= month)
    return TrendPoint(
        month,
        len(pages),
        sum(p.night for p in pages),
        round(sum(ctx.held_hours(start, end).values()), 1),
        taken / 2,
        locale,
    )


def window_weeks(cal: HomeCalendar, first: date, end: date) -> list[date]:
    """The handover days in [first, end): the on-call weeks of a window. The Rota screen
    from the first of them, for that many weeks, shows the report's balance."""
    days = (first + relativedelta(days=n) for n in range((end - first).days))
    return [d for d in days if d.weekday() == cal.handover_weekday]


def _fairness(
    ctx: _Context,
    month: date,
    start: datetime,
    end: datetime,
    now: datetime | None,
    locale: str | None = None,
) -> tuple[list[Fairness], float | None, str]:
    """Balance over the tour-length window of weeks that ends with the month, per rotation
    and overall: the Rota screen's figure for that range. Coverage: the month's slots."""
    window_months = int(settings.get(ctx.session, "tour_months"))
    first = month - relativedelta(months=window_months - 1)
    w_end = month + relativedelta(months=1)
    handovers = window_weeks(ctx.cal, first, w_end)
    plan = allocation.summary(ctx.session, handovers[0], len(handovers), now) if handovers else None
    label = (
        f"weeks of {locale_text.short_date(handovers[0], locale)} to "
        f"{locale_text.short_date(handovers[-1], locale)}"
        if handovers
        else ""
    )
    month_shifts = ctx.shifts(start, end)
    found = []
    for rot in ctx.rotations:
        people = {x.volunteer_id for x in plan.loads if x.rotation == rot.name} if plan else set()
        slots = [s for s in month_shifts if s.rotation_id == rot.id and s.slot_start >= start]
        covered = sum(s.volunteer_id is not None for s in slots)
        found.append(
            Fairness(
                rot.name,
                plan.score.rotation_balance(rot.name) if plan else None,
                covered / len(slots) if slots else 1.0,
                len(people),
                label,
            )
        )
    overall = plan.score.balance if plan and any(f.balance is not None for f in found) else None
    return found, overall, label


def _week_rows(
    ctx: _Context, pages: list[Page], start: datetime, end: datetime, locale: str | None = None
) -> tuple[WeekPages, ...]:
    """Pages per week (slot) of the month, every week listed even with no page."""
    weeks: dict[date, list[Page]] = {}
    for slot_start, _ in _slots_touching(ctx.cal, start, end):
        weeks[slot_start.astimezone(ctx.cal.tz).date()] = []
    for page in pages:
        week = slot_containing(ctx.cal, page.at)[0].astimezone(ctx.cal.tz).date()
        weeks.setdefault(week, []).append(page)
    return tuple(
        WeekPages(
            f"week of {locale_text.short_date(day, locale)}",
            day,
            len(ps),
            sum(p.night for p in ps),
            sum(p.minutes for p in ps),
        )
        for day, ps in sorted(weeks.items())
    )


def _page_counts(
    ctx: _Context, pages: list[Page], shifts: list[Shift]
) -> tuple[tuple[PageCount, ...], tuple[PageCount, ...]]:
    """Pages and night pages per rotation (every rotation listed) and per office."""
    by_rotation: dict[str, list[Page]] = {r.name: [] for r in ctx.rotations}
    by_office: dict[int, list[Page]] = {sid: [] for sid in ctx.sites}
    for page in pages:
        by_rotation.setdefault(_page_rotation(ctx, page, shifts), []).append(page)
        by_office[ctx.people[page.responder_id].site_id].append(page)
    rotation_rows = tuple(
        PageCount(name, len(ps), sum(p.night for p in ps)) for name, ps in by_rotation.items()
    )
    office_rows = tuple(
        PageCount(ctx.sites[sid].name, len(ps), sum(p.night for p in ps), ctx.sites[sid].colour)
        for sid, ps in sorted(by_office.items(), key=lambda kv: ctx.sites[kv[0]].name)
    )
    return rotation_rows, office_rows


def _people_rows(
    session: Session,
    ctx: _Context,
    month: date,
    shifts: list[Shift],
    pages: list[Page],
    now: datetime | None,
) -> list[PersonLoad]:
    """Each volunteer involved in the month: shifts, hours held and paid, tour progress,
    pages, rest entitled/taken/balance; most hours first."""
    next_month = month + relativedelta(months=1)
    start, end = month_bounds(ctx.cal, month)
    hours = ctx.held_hours(start, end)
    held_by: dict[int, float] = defaultdict(float)
    for (vid, _rot), h in hours.items():
        held_by[vid] += h
    shift_count: dict[int, int] = defaultdict(int)
    for shift in shifts:
        if shift.volunteer_id is not None and shift.slot_start >= start:
            shift_count[shift.volunteer_id] += 1
    rest_rows = ctx.rest(next_month)
    entitled: dict[int, int] = defaultdict(int)
    taken: dict[int, int] = defaultdict(int)
    balance_half: dict[int, int] = defaultdict(int)
    for r in rest_rows:
        sign = 1 if r.kind == "entitled" else -1
        balance_half[r.volunteer_id] += sign * r.half_days
        if r.day >= month:
            (entitled if r.kind == "entitled" else taken)[r.volunteer_id] += r.half_days
    page_count: dict[int, list[Page]] = defaultdict(list)
    for page in pages:
        page_count[page.responder_id].append(page)

    paid = paid_minutes(session, Month.of(month), now)
    involved = set(held_by) | set(shift_count) | set(entitled) | set(taken) | set(page_count)
    involved |= set(paid)
    people_rows = []
    for vid in involved:
        person = ctx.people[vid]
        site = ctx.sites[person.site_id]
        tour = _tour_for(ctx.tours, vid, month, next_month)
        tour_shifts = 0
        if tour is not None:
            t_start = local_to_utc(ctx.cal.tz, tour.start, time(0))
            tour_shifts = len(
                session.exec(
                    select(Shift.id).where(
                        Shift.volunteer_id == vid,
                        Shift.state == "published",
                        Shift.slot_start >= t_start,
                        Shift.slot_start < end,
                    )
                ).all()
            )
        people_rows.append(
            PersonLoad(
                person.name,
                person.email,
                site.name,
                site.colour,
                shift_count[vid],
                round(held_by[vid], 1),
                tour_shifts,
                tour.target_min if tour else None,
                tour.target_max if tour else None,
                len(page_count[vid]),
                sum(p.night for p in page_count[vid]),
                entitled[vid] / 2,
                taken[vid] / 2,
                balance_half[vid] / 2,
                tour is not None and tour.end <= next_month,
                round(paid.get(vid, 0) / 60, 1),
            )
        )
    people_rows.sort(key=lambda p: (-p.ooh_hours, p.name))
    return people_rows


def _office_loads(ctx: _Context, people_rows: list[PersonLoad]) -> list[OfficeLoad]:
    """The load per office, summed from its people."""
    offices = []
    for site in sorted(ctx.sites.values(), key=lambda s: s.name):
        mine = [p for p in people_rows if p.site == site.name]
        offices.append(
            OfficeLoad(
                site.name,
                site.colour,
                sum(1 for p in mine if p.shifts or p.ooh_hours),
                sum(p.shifts for p in mine),
                round(sum(p.ooh_hours for p in mine), 1),
                sum(p.pages for p in mine),
                sum(p.night_pages for p in mine),
            )
        )
    return offices


def monthly_report(
    session: Session,
    month: date,
    trend_months: int = 6,
    now: datetime | None = None,
    locale: str | None = None,
) -> MonthlyReport:
    """The report for the calendar month of ``month`` (home time); ``now`` decides which
    slots are worked (paid) and which weeks have started (default: the clock). ``locale``:
    the reader's, for the days and months of its labels (None: ISO and fixed English)."""
    ctx = _Context(session)
    month = month.replace(day=1)
    next_month = month + relativedelta(months=1)
    start, end = month_bounds(ctx.cal, month)
    shifts = ctx.shifts(start, end)
    pages = ctx.pages(start, end)

    week_rows = _week_rows(ctx, pages, start, end, locale)
    rotation_rows, office_rows = _page_counts(ctx, pages, shifts)
    people_rows = _people_rows(session, ctx, month, shifts, pages, now)
    offices = _office_loads(ctx, people_rows)
    trend = tuple(
        _trend_point(ctx, month - relativedelta(months=n), locale)
        for n in range(trend_months - 1, -1, -1)
    )
    fairness, balance, window = _fairness(ctx, month, start, end, now, locale)
    follow = follow_ups(session, start, end)
    return MonthlyReport(
        month,
        ctx.cal.timezone,
        week_rows,
        rotation_rows,
        office_rows,
        tuple(people_rows),
        tuple(offices),
        tuple(fairness),
        trend,
        balance,
        window,
        tuple(follow.without),
        tuple((team, tuple(rows)) for team, rows in follow.open_by_team.items()),
        tuple(forecast(session, next_month, FORECAST_MONTHS).rows),
        locale,
    )


def _tour_for(tours: list[Tour], vid: int, first: date, end: date) -> Tour | None:
    mine = [t for t in tours if t.volunteer_id == vid and t.start < end and t.end > first]
    return max(mine, key=lambda t: t.start) if mine else None


def _slots_touching(cal: HomeCalendar, start: datetime, end: datetime) -> list[Interval]:
    """The on-call weeks whose handover falls inside [start, end), plus the one running in."""
    found = [slot_containing(cal, start)]
    while found[-1][1] < end:
        found.append(slot_containing(cal, found[-1][1]))
    return found

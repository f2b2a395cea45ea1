"""Pay lines from worked shifts.

A worked shift's fee is split among the volunteers who held it by their share of the
slot's out-of-hours minutes. Each holder is paid in their own site's currency at the
rotation's fee in that currency in force on the slot's start date (home time).

**Several currencies in one slot.** The split is done once per currency: the fee in
currency C is split by largest remainder over the minutes of *every* holding of the slot
(plus any out-of-hours minutes nobody held), and the holders paid in C keep their parts.
So when every holder shares a currency, the parts add up to the fee exactly; when they
do not, each holder still gets exactly their rounded share of their own currency's fee.

A **holiday supplement** (a fixed amount per home-site public holiday, weekend holidays
included, per rotation whose fee has one) is a line of its own, kind ``holiday``, split
the same way by the time held on the holiday. A holiday on a handover day is paid once:
the two slots first share it by the day's out-of-hours minutes on either side of the
handover (largest remainder, so the two parts add up to the supplement), then each slot's
part is shared among those who held it. Each slot's part depends only on the clock, so a
change to one slot never moves money in the other, which may sit in a closed run.

**Precision.** Every split weighs time held in seconds, not minutes: a holding that starts
or ends inside a minute (imported or older data; covers typed in the app are whole
minutes) loses nothing, and the parts add up to the fee exactly.

Pay month = the month (home time) in which the slot ends.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from planner.core.errors import PlannerError
from planner.core.home import home_calendar, rotation_windows, rotations
from planner.core.models import Cover, Shift, Site, Volunteer
from planner.core.models.types import utc_now
from planner.core.money import split_largest_remainder
from planner.core.month import Month
from planner.core.out_of_hours import (
    DailyWindow,
    HomeCalendar,
    intersect,
    local_to_utc,
    merge,
    paid_intervals,
    subtract,
    to_local,
    total_minutes,
    week_label,
)
from planner.pay.fees import FeeTable
from planner.rota.shifts import Holding, effective_state, holdings

KIND_ORDER = {"shift": 0, "holiday": 1, "adjustment": 2}


@dataclass(frozen=True)
class LineData:
    """One pay line as computed (and as stored); what the screens and exports show."""

    volunteer_id: int
    email: str
    name: str
    site: str
    currency: str
    rotation_id: int
    rotation: str
    shift_id: int | None
    slot_start: datetime
    slot_end: datetime
    kind: str
    minutes: int
    amount_minor: int
    pay_month: Month
    reason: str = ""

    @property
    def hours(self) -> float:
        sign = -1 if self.amount_minor < 0 else 1
        return round(sign * self.minutes / 60, 2)

    def key(self) -> tuple[object, ...]:
        return (
            self.volunteer_id,
            self.shift_id,
            self.rotation_id,
            self.slot_start,
            self.kind,
            self.minutes,
            self.amount_minor,
            self.currency,
            self.pay_month,
            self.reason,
        )

    def sort_key(self) -> tuple[object, ...]:
        return (
            self.name.lower(),
            self.email,
            self.currency,
            self.slot_start,
            self.rotation_id,
            KIND_ORDER[self.kind],
        )

    def as_json(self, cal: HomeCalendar) -> dict[str, object]:
        return {
            "email": self.email,
            "currency": self.currency,
            "rotation": self.rotation,
            "slot_start": to_local(cal, self.slot_start).isoformat(),
            "hours": self.hours,
            "amount_minor": self.amount_minor,
            "pay_month": str(self.pay_month),
            "kind": self.kind,
        }


# ---------------------------------------------------------------------------
# Months


def month_bounds(cal: HomeCalendar, month: Month) -> tuple[datetime, datetime]:
    """[first instant of the month, first instant of the next), home time, in UTC."""
    return (
        local_to_utc(cal.tz, month.first_day, time(0)),
        local_to_utc(cal.tz, month.next().first_day, time(0)),
    )


def pay_month_of(cal: HomeCalendar, slot_end: datetime) -> Month:
    return Month.of(to_local(cal, slot_end))


# ---------------------------------------------------------------------------
# Splitting one shift


def _compute_paid(
    cal: HomeCalendar, start: datetime, end: datetime, windows: tuple[DailyWindow, ...]
) -> tuple[tuple[datetime, datetime], ...]:
    return tuple(paid_intervals(cal, start, end, windows))


# Wrapped, not decorated: mutation testing covers it; tests/conftest.py clears the cache.
_paid = lru_cache(maxsize=32768)(_compute_paid)


def _seconds(intervals: list[tuple[datetime, datetime]]) -> int:
    """Whole seconds covered by ``intervals``: the weights of every split.

    Splitting by seconds (not minutes) loses nothing when a holding starts or ends inside
    a minute: the weights of a slot held throughout add up to the slot, so the parts add
    up to the fee exactly (PRODUCT.md, "Precision").
    """
    return sum(int((e - s).total_seconds()) for s, e in merge(list(intervals)))


def _seconds_within(paid: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> int:
    return _seconds(intersect(paid, [(start, end)]))


@dataclass
class _Context:
    """What computing lines needs, loaded once."""

    cal: HomeCalendar
    fees: FeeTable
    windows: dict[int, tuple[DailyWindow, ...]]
    rotation_names: dict[int, str]
    people: dict[int, tuple[str, str, str, str]]  # id -> email, name, site, currency

    @classmethod
    def load(cls, session: Session) -> _Context:
        rots = rotations(session)
        # Plain columns, not ORM objects: building 2,000 Volunteer objects took 0.1 s.
        people = {
            vid or 0: (email, name, site, currency)
            for vid, email, name, site, currency in session.connection().execute(
                sa_select(
                    col(Volunteer.id),
                    col(Volunteer.email),
                    col(Volunteer.name),
                    col(Site.name),
                    col(Site.currency),
                ).join(Site, col(Site.id) == col(Volunteer.site_id))
            )
        }
        return cls(
            cal=home_calendar(session),
            fees=FeeTable(session),
            windows={r.id or 0: rotation_windows(session, r) for r in rots},
            rotation_names={r.id or 0: r.name for r in rots},
            people=people,
        )


def _split(total: int, weights: dict[int, int], unheld: int, owners: list[int]) -> dict[int, int]:
    """Largest-remainder split of ``total`` over every holder's weight plus the unheld
    remainder; returns the parts of ``owners`` only."""
    ids = sorted(weights)
    parts = split_largest_remainder(total, [weights[i] for i in ids] + [unheld])
    return {i: p for i, p in zip(ids, parts, strict=False) if i in owners}


def _without_overlaps(parts: list[Holding]) -> list[Holding]:
    taken: list[tuple[datetime, datetime]] = []
    result: list[Holding] = []
    for h in parts:
        for start, end in subtract([(h.start, h.end)], merge(list(taken))):
            result.append(Holding(h.volunteer_id, start, end, h.cover))
        taken.append((h.start, h.end))
    return result


def _holiday_share_of_slot(
    cal: HomeCalendar,
    windows: tuple[DailyWindow, ...],
    shift: Shift,
    day: date,
    supplement: int,
) -> int:
    """This slot's part of one holiday's supplement.

    Weekly slots meet at most once in a day (at the handover). The day's out-of-hours
    minutes before and after the handover split the supplement by largest remainder, so
    the two slots' parts add up to the supplement exactly, whoever computes them.
    """
    day_start = local_to_utc(cal.tz, day, time(0))
    day_end = local_to_utc(cal.tz, day + timedelta(days=1), time(0))
    whole_day = list(_paid(cal, day_start, day_end, windows))
    if day_start < shift.slot_start < day_end:
        pieces, mine = [(day_start, shift.slot_start), (shift.slot_start, day_end)], 1
    elif day_start < shift.slot_end < day_end:
        pieces, mine = [(day_start, shift.slot_end), (shift.slot_end, day_end)], 0
    else:
        return supplement
    minutes = [total_minutes(intersect(whole_day, [piece])) for piece in pieces]
    return split_largest_remainder(supplement, minutes)[mine]


def shift_lines(ctx: _Context, shift: Shift, covers: list[Cover]) -> list[LineData]:
    """The pay lines of one worked shift: a shift line per holder, holiday lines apart."""
    cal = ctx.cal
    windows = ctx.windows.get(shift.rotation_id, ())
    paid = list(_paid(cal, shift.slot_start, shift.slot_end, windows))
    slot_seconds = _seconds(paid)
    parts: list[Holding] = holdings(shift, covers)
    if not parts or slot_seconds == 0:
        return []
    held: dict[int, int] = defaultdict(int)  # seconds held: the weights of the split
    if len(parts) == 1 and (parts[0].start, parts[0].end) == (shift.slot_start, shift.slot_end):
        held[parts[0].volunteer_id] = slot_seconds  # nobody covered: the common case
    else:
        # Overlapping covers (should not happen) count once: the earlier holding keeps it.
        parts = _without_overlaps(parts)
        for h in parts:
            held[h.volunteer_id] += _seconds_within(paid, h.start, h.end)
    start_day = to_local(cal, shift.slot_start).date()
    month = pay_month_of(cal, shift.slot_end)
    rotation = ctx.rotation_names.get(shift.rotation_id, "?")

    # Holidays: minutes each holder held on each home-site public holiday in the slot.
    # A holiday on a handover day lies in two slots; the supplement is paid once for the
    # day, so each slot first takes its share of it (``day_shares``), split by the day's
    # out-of-hours minutes on either side of the handover.
    holiday_weights: list[tuple[dict[int, int], int, date]] = []
    last_day = to_local(cal, shift.slot_end).date()
    for day in cal.holidays_between(start_day, last_day + timedelta(days=1)):
        day_start = local_to_utc(cal.tz, day, time(0))
        day_end = local_to_utc(cal.tz, day + timedelta(days=1), time(0))
        day_paid = intersect(paid, [(day_start, day_end)])
        day_total = _seconds(day_paid)
        if day_total == 0:
            continue
        weights: dict[int, int] = defaultdict(int)
        for h in parts:
            weights[h.volunteer_id] += _seconds(intersect(day_paid, [(h.start, h.end)]))
        holiday_weights.append((dict(weights), day_total - sum(weights.values()), day))

    by_currency: dict[str, list[int]] = defaultdict(list)
    for vid in held:
        by_currency[ctx.people[vid][3]].append(vid)
    lines: list[LineData] = []
    for currency, owners in sorted(by_currency.items()):
        fee = ctx.fees.in_force(shift.rotation_id, currency, start_day)
        if fee is None:
            raise PlannerError(
                f"{rotation} has no fee in {currency} in force on {start_day.isoformat()} "
                f"({week_label(cal, shift.slot_start)}); add one in Pay › Fees"
            )
        amounts = _split(fee.amount_minor, held, slot_seconds - sum(held.values()), owners)
        supplements: dict[int, int] = defaultdict(int)
        supplement_minutes: dict[int, int] = defaultdict(int)
        if fee.holiday_supplement_minor:
            for weights, unheld, day in holiday_weights:
                slot_part = _holiday_share_of_slot(
                    cal, windows, shift, day, fee.holiday_supplement_minor
                )
                for vid, amount in _split(slot_part, weights, unheld, owners).items():
                    supplements[vid] += amount
                    supplement_minutes[vid] += weights[vid] // 60
        for vid in owners:
            email, name, site, _cur = ctx.people[vid]
            shift_line = LineData(
                volunteer_id=vid,
                email=email,
                name=name,
                site=site,
                currency=currency,
                rotation_id=shift.rotation_id,
                rotation=rotation,
                shift_id=shift.id,
                slot_start=shift.slot_start,
                slot_end=shift.slot_end,
                pay_month=month,
                kind="shift",
                minutes=held[vid] // 60,
                amount_minor=amounts[vid],
            )
            if held[vid] > 0:
                lines.append(shift_line)
            if supplements.get(vid):
                lines.append(
                    replace(
                        shift_line,
                        kind="holiday",
                        minutes=supplement_minutes[vid],
                        amount_minor=supplements[vid],
                    )
                )
    return lines


def _covers_by_shift(session: Session, shift_ids: list[int]) -> dict[int, list[Cover]]:
    found: dict[int, list[Cover]] = defaultdict(list)
    for start in range(0, len(shift_ids), 500):
        chunk = shift_ids[start : start + 500]
        for cover in session.exec(select(Cover).where(col(Cover.shift_id).in_(chunk))).all():
            found[cover.shift_id].append(cover)
    return found


def worked_shifts(
    session: Session, cal: HomeCalendar, months: list[Month], now: datetime
) -> list[Shift]:
    """Worked shifts whose slot ends in one of ``months`` (home time)."""
    if not months:
        return []
    wanted = set(months)
    lo = month_bounds(cal, min(months))[0]
    hi = month_bounds(cal, max(months))[1]
    rows = session.exec(
        select(Shift)
        .where(Shift.slot_end >= lo)
        .where(Shift.slot_end < hi)
        .where(Shift.slot_end <= now)
        .where(Shift.state == "published")
        .order_by(col(Shift.slot_start), col(Shift.rotation_id))
    ).all()
    return [
        s
        for s in rows
        if effective_state(s, now) == "worked" and pay_month_of(cal, s.slot_end) in wanted
    ]


def lines_for_shifts(ctx: _Context, session: Session, shifts: list[Shift]) -> list[LineData]:
    covers = _covers_by_shift(session, [s.id or 0 for s in shifts])
    lines: list[LineData] = []
    for shift in shifts:
        lines += shift_lines(ctx, shift, covers.get(shift.id or 0, []))
    return lines


def compute_month_lines(
    session: Session, month: Month, now: datetime | None = None, ctx: _Context | None = None
) -> list[LineData]:
    """Shift and holiday lines of every worked shift whose slot ends in ``month``.
    ``ctx``: what computing lines needs, when the caller loaded it already."""
    now = now or utc_now()
    ctx = ctx or _Context.load(session)
    lines = lines_for_shifts(ctx, session, worked_shifts(session, ctx.cal, [month], now))
    return sorted(lines, key=LineData.sort_key)


def paid_minutes(session: Session, month: Month, now: datetime | None = None) -> dict[int, int]:
    """Out-of-hours minutes each volunteer is paid for in ``month``: what they held of the
    worked slots that end in it (the payroll's hours), by volunteer id. No fee needed."""
    now = now or utc_now()
    ctx = _Context.load(session)
    shifts = worked_shifts(session, ctx.cal, [month], now)
    covers = _covers_by_shift(session, [s.id or 0 for s in shifts])
    seconds: dict[int, int] = defaultdict(int)
    for shift in shifts:
        windows = ctx.windows.get(shift.rotation_id, ())
        paid = list(_paid(ctx.cal, shift.slot_start, shift.slot_end, windows))
        for h in _without_overlaps(holdings(shift, covers.get(shift.id or 0, []))):
            seconds[h.volunteer_id] += _seconds_within(paid, h.start, h.end)
    return {vid: total // 60 for vid, total in seconds.items() if total}


def totals_by_currency(lines: list[LineData]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.currency] += line.amount_minor
    return dict(sorted(totals.items()))


@dataclass(frozen=True)
class SummaryRow:
    """One volunteer's month in one currency."""

    name: str
    email: str
    site: str
    currency: str
    minutes: int
    shift_minor: int
    holiday_minor: int
    adjustment_minor: int

    @property
    def total_minor(self) -> int:
        return self.shift_minor + self.holiday_minor + self.adjustment_minor


def summarise(lines: list[LineData]) -> list[SummaryRow]:
    sums: dict[tuple[str, str, str, str], dict[str, int]] = {}
    for line in lines:
        key = (line.name, line.email, line.site, line.currency)
        bucket = sums.setdefault(key, defaultdict(int))
        bucket[line.kind] += line.amount_minor
        if line.kind == "shift":
            bucket["minutes"] += line.minutes
    return [
        SummaryRow(
            name, email, site, currency, b["minutes"], b["shift"], b["holiday"], b["adjustment"]
        )
        for (name, email, site, currency), b in sorted(
            sums.items(), key=lambda kv: (kv[0][0].lower(), kv[0][1], kv[0][3])
        )
    ]

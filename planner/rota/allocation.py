"""Allocation: fill the draft slots of a range of weeks, exactly, with HiGHS.

``propose`` turns the database into an allocation problem (who may hold which slot by the
hard rules; which shifts are fixed; the current draft; the shifts around the range for the
gap rule), solves it with :mod:`planner.rota.allocation_solver`, and returns a :class:`Plan`:
the proposed assignee of every slot, the fairness score, each volunteer's load against
their share and tour target, and every uncovered slot with its reason in words. Nothing is
written until ``accept``.
"""

from __future__ import annotations

import time as _time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from planner.core import audit, locale_text
from planner.core.errors import PlannerError
from planner.core.models import Shift
from planner.core.models.types import utc_now
from planner.core.out_of_hours import slots as week_slots
from planner.rota import allocation_solver
from planner.rota.allocation_solver import PersonSpec, Problem, SlotSpec
from planner.rota.eligibility import (
    RotaContext,
    leave_in,
    load_context,
    role_and_site_ok,
    tour_covers,
)
from planner.rota.fairness import Load, Score, score
from planner.rota.weeks import context_for, shifts_of_range, week_range

SlotKey = tuple[int, datetime]  # (rotation id, slot start)


@dataclass(frozen=True)
class PlanSlot:
    shift_id: int
    rotation_id: int
    rotation: str
    week: date
    start: datetime
    end: datetime
    hours: float
    holiday: bool
    fixed: bool
    previous: int | None  # the assignee before planning
    available: tuple[int, ...]  # role, site, tour and leave allow them (every slot)
    eligible: tuple[int, ...]  # ... and no fixed or outside shift rules them out (free slots)

    @property
    def key(self) -> SlotKey:
        return (self.rotation_id, self.start)


@dataclass(frozen=True)
class Plan:
    """A proposal: nothing is written until it is accepted."""

    from_day: date
    weeks: int
    slots: tuple[PlanSlot, ...]
    assignment: dict[SlotKey, int | None]  # (rotation id, slot start) -> volunteer id
    status: str
    seconds: float
    score: Score
    loads: tuple[Load, ...]
    uncovered: tuple[str, ...]
    moved: int  # draft shifts whose assignee changes
    names: dict[int, str] = field(default_factory=dict)  # volunteer id -> email

    @property
    def changes(self) -> dict[int, int | None]:
        return {
            s.shift_id: self.assignment[s.key]
            for s in self.slots
            if not s.fixed and self.assignment[s.key] != s.previous
        }

    def summary_lines(self) -> list[str]:
        lines = [
            f"plan {self.from_day} for {self.weeks} week(s): {self.score.text()}; "
            f"solver {self.status} in {self.seconds:.2f} s; {self.moved} draft shift(s) moved",
        ]
        lines += [f"uncovered: {u}" for u in self.uncovered]
        for load in sorted(self.loads, key=lambda x: (x.rotation, x.email)):
            lines.append(
                f"  {load.rotation:<14} {load.email:<32} {load.shifts} shift(s) "
                f"{load.hours:6.1f} h  fair share {load.fair_share:.1f}  "
                f"tour {load.tour_shifts} of {load.target_min}-{load.target_max}"
            )
        return lines

    def as_json(self) -> dict[str, object]:
        return {
            "from": self.from_day.isoformat(),
            "weeks": self.weeks,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "coverage": round(self.score.coverage, 4),
            "balance": round(self.score.balance, 4),
            "moved": self.moved,
            "uncovered": list(self.uncovered),
            "shifts": [
                {
                    "rotation": s.rotation,
                    "week": s.week.isoformat(),
                    "assignee": self.names.get(self.assignment[s.key] or 0),
                    "fixed": s.fixed,
                }
                for s in self.slots
            ],
            "loads": [
                {
                    "email": x.email,
                    "rotation": x.rotation,
                    "shifts": x.shifts,
                    "hours": x.hours,
                    "fair_share": round(x.fair_share, 2),
                    "tour_shifts": x.tour_shifts,
                    "target": f"{x.target_min}-{x.target_max}",
                }
                for x in self.loads
            ],
        }


def _conflicts(ctx: RotaContext, slot: PlanSlot, volunteer_id: int, held: list[Shift]) -> bool:
    """True when one of ``held`` (shifts of the volunteer) rules out ``slot`` for them:
    another rotation in an overlapping time, or the same rotation within the gap."""
    gap_days = 7 * (ctx.rotations[slot.rotation_id].gap_weeks + 1)
    for other in held:
        if other.volunteer_id != volunteer_id:
            continue
        if other.rotation_id != slot.rotation_id:
            if other.slot_start < slot.end and slot.start < other.slot_end:
                return True
        elif abs((ctx.handover_day(other.slot_start) - slot.week).days) < gap_days:
            return True
    return False


def build_slots(
    session: Session, ctx: RotaContext, from_day: date, weeks: int, now: datetime
) -> tuple[list[PlanSlot], list[Shift]]:
    """The slots of every rotation in the weeks (existing shifts or new ones) and the
    shifts outside the range that still count for the gap rule and tour targets."""
    start, end = week_range(ctx.cal, from_day, weeks)
    existing = {(s.rotation_id, s.slot_start): s for s in shifts_of_range(session, ctx, start, end)}
    outside = [s for s in ctx.shifts if not (start <= s.slot_start < end) and s.volunteer_id]
    raw: list[tuple[SlotKey, datetime, bool, int | None, int | None, float, bool]] = []
    for s0, s1 in week_slots(ctx.cal, from_day, weeks):
        for rotation in ctx.rotations.values():
            minutes = ctx.ooh_minutes(s0, s1, rotation.windows)
            shift = existing.get((rotation.id, s0))
            if shift is None and rotation.windows and minutes == 0:
                continue
            if shift is None and s0 <= now:
                continue  # a week that has started with no shift: not planned after the fact
            fixed = shift is not None and (shift.state == "published" or shift.slot_start <= now)
            first, last = ctx.slot_days(s0, s1)
            # A public holiday on a day the slot holds out-of-hours time: the start Friday
            # only from the evening handover on, so count from the next day.
            holiday = bool(
                ctx.cal.holidays_between(first + timedelta(days=1), last + timedelta(days=1))
            )
            raw.append(
                (
                    (rotation.id, s0),
                    s1,
                    fixed,
                    shift.id if shift else None,
                    shift.volunteer_id if shift else None,
                    round(minutes / 60, 2),
                    holiday,
                )
            )
    fixed_held = [
        # read-only stand-ins, built without validation (the values are the rota's own)
        Shift.model_construct(
            id=-i - 1, rotation_id=key[0], slot_start=key[1], slot_end=s1, volunteer_id=who
        )
        for i, (key, s1, fixed, _sid, who, _h, _hol) in enumerate(raw)
        if fixed and who is not None
    ]
    blockers: dict[int, list[Shift]] = defaultdict(list)
    for shift in outside + fixed_held:
        blockers[shift.volunteer_id or 0].append(shift)
    # Who a rotation takes at all (role, site, status) and who has a tour: per rotation
    # once, not per slot; each slot then checks only these for its tour and leave.
    ordered = sorted(ctx.people.values(), key=lambda p: p.id)
    takes = {
        rotation_id: [
            p for p in ordered if p.id in ctx.tours and role_and_site_ok(ctx, p, rotation) is None
        ]
        for rotation_id, rotation in ctx.rotations.items()
    }
    result: list[PlanSlot] = []
    for (rotation_id, s0), s1, fixed, shift_id, who, hours, holiday in raw:
        slot = PlanSlot(
            shift_id=shift_id or 0,
            rotation_id=rotation_id,
            rotation=ctx.rotations[rotation_id].name,
            week=ctx.handover_day(s0),
            start=s0,
            end=s1,
            hours=hours,
            holiday=holiday,
            fixed=fixed,
            previous=who,
            available=(),
            eligible=(),
        )
        available = tuple(
            p.id
            for p in takes[rotation_id]
            if tour_covers(ctx, p.id, s0, s1) and leave_in(ctx, p.id, s0, s1) is None
        )
        eligible = (
            ()
            if fixed
            else tuple(p for p in available if not _conflicts(ctx, slot, p, blockers.get(p, [])))
        )
        result.append(replace(slot, available=available, eligible=eligible))
    return result, outside


def explain_uncovered(
    ctx: RotaContext,
    slot: PlanSlot,
    assignment: dict[SlotKey, int | None],
    by_key: dict[SlotKey, PlanSlot],
    held: list[Shift],
    planned: bool = True,
    locale: str | None = None,
) -> str:
    """Why nobody holds ``slot``, in words: 'Primary week of 2027-03-12: 2 eligible, both
    on leave' (the week in ``locale``; none: ISO)."""
    rotation = ctx.rotations[slot.rotation_id]
    label = f"{rotation.name} week of {locale_text.short_date(slot.week, locale)}"
    if slot.fixed:
        return f"{label}: started with nobody assigned (it can no longer be planned)"
    base = [p for p in ctx.people.values() if role_and_site_ok(ctx, p, rotation) is None]
    on_tour = [p for p in base if tour_covers(ctx, p.id, slot.start, slot.end)]
    if not on_tour:
        return f"{label}: nobody eligible is on tour for the whole week"
    away = [p for p in on_tour if leave_in(ctx, p.id, slot.start, slot.end)]
    n = len(on_tour)
    if len(away) == n:
        if n == 1:
            return f"{label}: 1 eligible, on leave"
        if n == 2:
            return f"{label}: 2 eligible, both on leave"
        return f"{label}: {n} eligible, all on leave"
    rest = [p for p in on_tour if p not in away]
    chosen = [
        Shift.model_construct(
            rotation_id=key[0], slot_start=key[1], slot_end=by_key[key].end, volunteer_id=who
        )
        for key, who in assignment.items()
        if who is not None and key != (slot.rotation_id, slot.start)
    ]
    busy = [p for p in rest if _conflicts(ctx, slot, p.id, held + chosen)]
    parts = []
    if away:
        parts.append(f"{len(away)} on leave")
    if busy:
        parts.append(f"{len(busy)} held by the gap rule or another rotation")
    free = n - len(away) - len(busy)
    if free > 0 and planned:
        parts.append(f"{free} needed in nearby weeks (gap rule, one shift a week)")
    elif free > 0:
        parts.append(f"{free} free (not planned yet)")
    return f"{label}: {n} eligible, " + ", ".join(parts)


def _tour_of(ctx: RotaContext, volunteer_id: int, day: date) -> tuple[date, date, int, int] | None:
    """The volunteer's tour running on ``day``, else the one nearest after it."""
    tours = sorted(ctx.tours.get(volunteer_id, []))
    for tour in tours:
        if tour[0] <= day < tour[1]:
            return tour
    later = [t for t in tours if t[0] > day]
    return later[0] if later else (tours[-1] if tours else None)


def loads_and_score(
    ctx: RotaContext,
    slots: list[PlanSlot],
    assignment: dict[SlotKey, int | None],
    outside: list[Shift],
) -> tuple[tuple[Load, ...], Score]:
    """Each volunteer's shifts and hours in the range per rotation, against their fair share
    (the rotation's slots in proportion to the weeks they are available) and their tour's
    target; and the plan's coverage and balance."""
    weeks: dict[tuple[int, int], int] = defaultdict(int)
    shifts: dict[tuple[int, int], int] = defaultdict(int)
    hours: dict[tuple[int, int], float] = defaultdict(float)
    total: dict[int, int] = defaultdict(int)
    for slot in slots:
        total[slot.rotation_id] += 1
        for p in slot.available:
            weeks[(slot.rotation_id, p)] += 1
        who = assignment.get(slot.key)
        if who is not None:
            shifts[(slot.rotation_id, who)] += 1
            hours[(slot.rotation_id, who)] += slot.hours
            weeks.setdefault((slot.rotation_id, who), 0)
    sum_weeks: dict[int, int] = defaultdict(int)
    for (rid, _p), w in weeks.items():
        sum_weeks[rid] += w
    in_range = [(key, who) for key, who in assignment.items() if who is not None]
    first_day = min((s.week for s in slots), default=None)
    loads = []
    for (rid, p), w in sorted(weeks.items()):
        person = ctx.people[p]
        tour = _tour_of(ctx, p, first_day) if first_day else None
        tmin, tmax = (tour[2], tour[3]) if tour else (0, 0)
        tour_shifts = 0
        if tour:
            t0, t1 = tour[0], tour[1]
            tour_shifts = sum(
                1
                for s in outside
                if s.volunteer_id == p and t0 <= ctx.handover_day(s.slot_start) < t1
            ) + sum(1 for key, who in in_range if who == p and t0 <= ctx.handover_day(key[1]) < t1)
        loads.append(
            Load(
                volunteer_id=p,
                email=person.email,
                name=person.name,
                site=person.site,
                colour=person.colour,
                rotation=ctx.rotations[rid].name,
                shifts=shifts[(rid, p)],
                hours=round(hours[(rid, p)], 2),
                eligible_weeks=w,
                fair_share=total[rid] * w / sum_weeks[rid] if sum_weeks[rid] else 0.0,
                target_min=tmin,
                target_max=tmax,
                tour_shifts=tour_shifts,
            )
        )
    covered = sum(1 for s in slots if assignment.get(s.key) is not None)
    return tuple(loads), score(len(slots), covered, loads)


def _finish(
    ctx: RotaContext,
    from_day: date,
    weeks: int,
    slots: list[PlanSlot],
    assignment: dict[SlotKey, int | None],
    outside: list[Shift],
    status: str,
    seconds: float,
    locale: str | None = None,
) -> Plan:
    loads, plan_score = loads_and_score(ctx, slots, assignment, outside)
    by_key = {s.key: s for s in slots}
    uncovered = tuple(
        explain_uncovered(ctx, s, assignment, by_key, outside, status != "current", locale)
        for s in slots
        if assignment.get(s.key) is None
    )
    moved = sum(
        1
        for s in slots
        if not s.fixed and s.previous is not None and assignment.get(s.key) != s.previous
    )
    return Plan(
        from_day=from_day,
        weeks=weeks,
        slots=tuple(slots),
        assignment=assignment,
        status=status,
        seconds=seconds,
        score=plan_score,
        loads=loads,
        uncovered=uncovered,
        moved=moved,
        names={p.id: p.email for p in ctx.people.values()},
    )


def summary(
    session: Session,
    from_day: date,
    weeks: int,
    now: datetime | None = None,
    ctx: RotaContext | None = None,
    locale: str | None = None,
) -> Plan:
    """The rota of the range as it stands, scored like a plan (nothing is solved).
    ``ctx``: the rules' context when the caller loaded it already (the Rota screen); the
    uncovered weeks' days in ``locale`` (none: ISO)."""
    now = now or utc_now()
    ctx = context_for(session, from_day, weeks, ctx)
    slots, outside = build_slots(session, ctx, from_day, weeks, now)
    assignment = {s.key: s.previous for s in slots}
    return _finish(ctx, from_day, weeks, slots, assignment, outside, "current", 0.0, locale)


def _week(slot: PlanSlot, locale: str | None) -> str:
    return f"{slot.rotation} week of {locale_text.short_date(slot.week, locale)}"


def accept(
    session: Session, plan: Plan, now: datetime | None = None, locale: str | None = None
) -> int:
    """Write a proposal as draft shifts. Refused, with nothing written, if the rota changed
    since the proposal was made (a shift published or re-assigned meanwhile); the refusal
    names the week in ``locale`` (none: ISO)."""
    now = now or utc_now()
    existing = {
        (s.rotation_id, s.slot_start): s
        for s in session.exec(select(Shift)).all()
        if plan.slots and plan.slots[0].start <= s.slot_start <= plan.slots[-1].start
    }
    writes: list[Shift] = []
    for slot in plan.slots:
        if slot.fixed:
            continue
        shift = existing.get(slot.key)
        who = plan.assignment[slot.key]
        if shift is None:
            writes.append(
                Shift(rotation_id=slot.rotation_id, slot_start=slot.start, slot_end=slot.end,
                      volunteer_id=who)
            )  # fmt: skip
            continue
        if shift.state != "draft" or shift.volunteer_id != slot.previous:
            raise PlannerError(f"{_week(slot, locale)} changed since the plan was made; plan again")
        if shift.slot_start <= now:
            raise PlannerError(f"{_week(slot, locale)} has started; plan again")
        if shift.volunteer_id != who:
            shift.volunteer_id = who
            writes.append(shift)
    for shift in writes:
        session.add(shift)
    session.flush()
    audit.record(
        session, "plan accepted", "shift", None, start=plan.from_day, weeks=plan.weeks,
        changed=len(writes), coverage=plan.score.coverage, balance=plan.score.balance,
    )  # fmt: skip
    return len(writes)


def _problem(
    ctx: RotaContext, slots: list[PlanSlot], outside: list[Shift], time_limit: float
) -> Problem:
    """The solver's view: slot keys are positions in ``slots``, weeks count from the first."""
    first = min(s.week for s in slots)
    week_of = {i: (s.week - first).days // 7 for i, s in enumerate(slots)}
    specs = [
        SlotSpec(
            key=i,
            rotation=s.rotation,
            week=week_of[i],
            ooh_minutes=round(s.hours * 60),
            holiday_week=s.holiday,
            fixed=s.previous if s.fixed else None,
            previous=None if s.fixed else s.previous,
        )
        for i, s in enumerate(slots)
        if not (s.fixed and s.previous is None)  # started empty: nothing to decide or count
    ]
    # Fixed slots: who could have held them counts for the fair shares (no variables).
    eligible = {
        (p, i)
        for i, s in enumerate(slots)
        for p in (s.available if s.fixed else s.eligible)
        if not (s.fixed and s.previous is None)
    }
    keys = {p for p, _i in eligible} | {s.previous for s in slots if s.fixed and s.previous}
    history: dict[tuple[int, str], list[int]] = defaultdict(list)
    for shift in outside:
        if shift.volunteer_id in keys:
            rotation = ctx.rotations[shift.rotation_id].name
            weeks = (ctx.handover_day(shift.slot_start) - first).days // 7
            history[(shift.volunteer_id, rotation)].append(weeks)
    people = []
    for p in sorted(k for k in keys if k is not None):
        tour = _tour_of(ctx, p, first)
        already = 0
        if tour:
            already = sum(
                1
                for s in outside
                if s.volunteer_id == p and tour[0] <= ctx.handover_day(s.slot_start) < tour[1]
            )
        people.append(
            PersonSpec(
                key=p,
                site=ctx.people[p].site,
                target_min=tour[2] if tour else 0,
                target_max=tour[3] if tour else 0,
                already=already,
            )
        )
    return Problem(
        slots=specs,
        people=people,
        eligible=eligible,
        min_gap_weeks={r.name: r.gap_weeks for r in ctx.rotations.values()},
        history=dict(history),
        time_limit=time_limit,
    )


MAX_PLAN_WEEKS = 104  # two years, as on the rota screen


def propose(
    session: Session,
    from_day: date,
    weeks: int,
    now: datetime | None = None,
    time_limit: float = 20.0,
    locale: str | None = None,
) -> Plan:
    """The optimal plan for the draft slots of ``weeks`` weeks from ``from_day``.

    Published shifts and shifts that have started stay as they are; the rest are
    allocated by :func:`planner.rota.allocation_solver.solve`. Nothing is written. Days
    in the reasons and refusals in ``locale`` (the app passes the user's; none: ISO).
    """
    if weeks > MAX_PLAN_WEEKS:
        raise PlannerError(f"a plan covers at most {MAX_PLAN_WEEKS} weeks at once, got {weeks}")
    now = now or utc_now()
    ctx = load_context(session)
    slots, outside = build_slots(session, ctx, from_day, weeks, now)
    if not slots:
        if week_range(ctx.cal, from_day, weeks)[0] <= now:
            raise PlannerError(
                f"the weeks from {locale_text.short_date(from_day, locale)} have started and "
                "hold no shifts; plan later weeks"
            )
        raise PlannerError("no slots to plan in that range")
    started = _time.perf_counter()
    solution = allocation_solver.solve(_problem(ctx, slots, outside, time_limit))
    seconds = _time.perf_counter() - started
    assignment = {s.key: solution.assignment.get(i) for i, s in enumerate(slots)}
    return _finish(
        ctx, from_day, weeks, slots, assignment, outside, solution.status, seconds, locale
    )

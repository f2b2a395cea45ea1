"""Pay runs: one per month, draft -> exported -> closed.

* Building a run is repeatable: identical data gives identical lines (the stored lines are
  left untouched when nothing changed). A rebuilt exported run whose lines changed goes
  back to draft, so it has to be exported again before it can be closed.
* A closed run never changes (SQLite triggers refuse it, see migration 0001).
* A later change to a shift paid in a closed run becomes an **adjustment** line (+ or -,
  with the reason) in the first month after the shift's pay month that is not closed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from planner.core import audit
from planner.core.errors import PlannerError
from planner.core.models import AuditEntry, PayLine, PayRun, Shift
from planner.core.models.types import utc_now
from planner.core.money import format_money
from planner.core.month import Month
from planner.core.out_of_hours import week_label
from planner.pay.lines import (
    LineData,
    _Context,
    compute_month_lines,
    lines_for_shifts,
    month_bounds,
    worked_shifts,
)

# The rules behind the Pay screen's warnings (their tooltips and the coordinator's list).
STALE_RUN_RULE = (
    "a pay run pays the shifts and covers as they stand: build it again after they change, "
    "before exporting or closing it"
)
ADJUSTMENT_RULE = (
    "a closed run never changes; a later correction is an adjustment line in the next open run"
)


@dataclass(frozen=True)
class RunInfo:
    month: Month
    state: str  # none (no run yet), draft, exported, closed
    built_at: datetime | None
    exported_at: datetime | None
    closed_at: datetime | None


def get_run(session: Session, month: Month) -> PayRun | None:
    return session.exec(select(PayRun).where(col(PayRun.month) == month)).first()


def run_info(session: Session, month: Month) -> RunInfo:
    run = get_run(session, month)
    if run is None:
        return RunInfo(month, "none", None, None, None)
    return RunInfo(run.month, run.state, run.built_at, run.exported_at, run.closed_at)


def list_runs(session: Session) -> list[RunInfo]:
    runs = session.exec(select(PayRun).order_by(col(PayRun.month))).all()
    return [RunInfo(r.month, r.state, r.built_at, r.exported_at, r.closed_at) for r in runs]


def _closed_months(session: Session) -> set[Month]:
    return set(session.exec(select(col(PayRun.month)).where(PayRun.state == "closed")).all())


def _target_month(month: Month, closed: set[Month]) -> Month:
    """The first month after ``month`` that is not closed: where corrections land."""
    target = month.next()
    while target in closed:
        target = target.next()
    return target


# ---------------------------------------------------------------------------
# Adjustments


def _last_change(session: Session, shift_id: int, after: datetime | None) -> str:
    """The latest audit entry about the shift after the run closed, as words."""
    query = select(AuditEntry).where(AuditEntry.entity == "shift", AuditEntry.entity_id == shift_id)
    if after is not None:
        query = query.where(AuditEntry.at > after)
    entry = session.exec(query.order_by(col(AuditEntry.at).desc())).first()
    return entry.action if entry else ""


Key = tuple[int, int, str]  # (shift id, volunteer id, currency)


def _source_months(closed: set[Month], month: Month) -> list[Month]:
    """The closed months whose corrections land in ``month``: walking back from it, the
    closed months right before it (and earlier ones whose following months are all closed)."""
    if month in closed:
        return []
    return sorted(m for m in closed if m < month and _target_month(m, closed) == month)


@dataclass
class _Paid:
    """What every closed run paid, per (shift, volunteer, currency)."""

    amount: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    minutes: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    pay_month: dict[Key, Month] = field(default_factory=dict)
    shift_ids_of_sources: set[int] = field(default_factory=set)


def _paid_so_far(session: Session, sources: list[Month]) -> _Paid:
    """Sums over every closed run's lines; an adjustment's minutes count with its sign."""
    closed_ids = [r.id for r in session.exec(select(PayRun).where(PayRun.state == "closed"))]
    paid = _Paid()
    # Plain columns, not ORM objects: ten years of closed lines load in milliseconds.
    # SQLModel's select() is typed for at most four entities (it takes any number at run time).
    rows = session.exec(
        select(  # type: ignore[call-overload]
            PayLine.shift_id,
            PayLine.volunteer_id,
            PayLine.currency,
            PayLine.kind,
            PayLine.minutes,
            PayLine.amount_minor,
            PayLine.pay_month,
        ).where(col(PayLine.pay_run_id).in_(closed_ids))
    ).all()
    for shift_id, vid, currency, kind, minutes, amount_minor, pmonth in rows:
        if shift_id is None:
            continue
        key = (shift_id, vid, currency)
        paid.amount[key] += amount_minor
        if kind == "shift":
            paid.minutes[key] += minutes
        elif kind == "adjustment":
            paid.minutes[key] += minutes if amount_minor >= 0 else -minutes
        if kind != "adjustment":
            paid.pay_month[key] = pmonth
            if pmonth in sources:
                paid.shift_ids_of_sources.add(shift_id)
    return paid


def _shifts_to_recheck(
    session: Session, ctx: _Context, sources: list[Month], now: datetime, paid: _Paid
) -> tuple[list[Shift], list[Shift]]:
    """The source months' worked shifts, plus those paid there that are no longer worked
    (e.g. reopened: all of it comes back). Returns (all of them, the worked ones)."""
    shifts = worked_shifts(session, ctx.cal, sources, now)
    worked_ids = {s.id or 0 for s in shifts}
    extra = sorted(paid.shift_ids_of_sources - worked_ids)
    if extra:
        shifts += list(session.exec(select(Shift).where(col(Shift.id).in_(extra))).all())
    return shifts, [s for s in shifts if (s.id or 0) in worked_ids]


@dataclass
class _Due:
    """What the shifts earn now, per (shift, volunteer, currency), and a line of each."""

    amount: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    minutes: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    line: dict[Key, LineData] = field(default_factory=dict)


def _due_now(session: Session, ctx: _Context, worked: list[Shift]) -> _Due:
    due = _Due()
    for line in lines_for_shifts(ctx, session, worked):
        key = (line.shift_id or 0, line.volunteer_id, line.currency)
        due.line.setdefault(key, line)
        due.amount[key] += line.amount_minor
        if line.kind == "shift":
            due.minutes[key] += line.minutes
    return due


def _adjustment(
    session: Session,
    ctx: _Context,
    month: Month,
    key: Key,
    shift: Shift,
    due: _Due,
    paid: _Paid,
    source_month: Month,
    closed_at: datetime | None,
) -> LineData:
    """The adjustment line (due - paid, + or -) landing in ``month``, with its reason."""
    shift_id, vid, currency = key
    email, name, site, _cur = ctx.people[vid]
    rotation = ctx.rotation_names.get(shift.rotation_id, "?")
    minutes = due.minutes.get(key, 0) - paid.minutes.get(key, 0)
    change = _last_change(session, shift_id, closed_at)
    reason = (
        f"correction to {rotation} {week_label(ctx.cal, shift.slot_start)} "
        f"(paid in closed run {source_month}): {format_money(due.amount.get(key, 0), currency)} "
        f"due, {format_money(paid.amount.get(key, 0), currency)} paid"
        + (f"; {change}" if change else "")
    )
    return LineData(
        volunteer_id=vid,
        email=email,
        name=name,
        site=site,
        currency=currency,
        rotation_id=shift.rotation_id,
        rotation=rotation,
        shift_id=shift_id,
        slot_start=shift.slot_start,
        slot_end=shift.slot_end,
        kind="adjustment",
        minutes=abs(minutes),
        amount_minor=due.amount.get(key, 0) - paid.amount.get(key, 0),
        pay_month=month,
        reason=reason,
    )


def compute_adjustments(
    session: Session, month: Month, ctx: _Context, now: datetime
) -> list[LineData]:
    """Corrections, landing in ``month``, to shifts paid in closed runs: for each
    (shift, volunteer, currency), what is due now less what closed runs paid."""
    sources = _source_months(_closed_months(session), month)
    if not sources:
        return []
    runs = {r.month: r for r in session.exec(select(PayRun).where(col(PayRun.month).in_(sources)))}
    paid = _paid_so_far(session, sources)
    shifts, worked = _shifts_to_recheck(session, ctx, sources, now, paid)
    due = _due_now(session, ctx, worked)
    by_id = {s.id or 0: s for s in shifts}
    adjustments: list[LineData] = []
    for key in sorted(set(due.amount) | {k for k in paid.amount if k[0] in by_id}):
        if due.amount.get(key, 0) == paid.amount.get(key, 0):
            continue
        source_month = (
            due.line[key].pay_month if key in due.line else paid.pay_month.get(key, sources[-1])
        )
        run = runs.get(source_month)
        adjustments.append(
            _adjustment(
                session,
                ctx,
                month,
                key,
                by_id[key[0]],
                due,
                paid,
                source_month,
                run.closed_at if run else None,
            )  # fmt: skip
        )
    return adjustments


# ---------------------------------------------------------------------------
# Lines of a month and the run's life


def desired_lines(session: Session, month: Month, now: datetime | None = None) -> list[LineData]:
    """What the month's run should hold now: its shift/holiday lines and adjustments."""
    now = now or utc_now()
    ctx = _Context.load(session)  # once, for both
    lines = compute_month_lines(session, month, now, ctx)
    lines += compute_adjustments(session, month, ctx, now)
    return sorted(lines, key=LineData.sort_key)


def stored_lines(session: Session, run: PayRun) -> list[LineData]:
    ctx = _Context.load(session)
    shifts = {
        s.id: s
        for s in session.exec(
            select(Shift).where(
                col(Shift.id).in_(select(PayLine.shift_id).where(PayLine.pay_run_id == run.id))
            )
        )
    }
    lines = []
    for p in session.exec(select(PayLine).where(PayLine.pay_run_id == run.id)):
        email, name, site, _cur = ctx.people[p.volunteer_id]
        shift = shifts.get(p.shift_id)
        lines.append(
            LineData(
                volunteer_id=p.volunteer_id,
                email=email,
                name=name,
                site=site,
                currency=p.currency,
                rotation_id=p.rotation_id,
                rotation=ctx.rotation_names.get(p.rotation_id, "?"),
                shift_id=p.shift_id,
                slot_start=p.slot_start,
                slot_end=shift.slot_end if shift else p.slot_start,
                kind=p.kind,
                minutes=p.minutes,
                amount_minor=p.amount_minor,
                pay_month=p.pay_month,
                reason=p.reason,
            )
        )
    return sorted(lines, key=LineData.sort_key)


def month_lines(session: Session, month: Month, now: datetime | None = None) -> list[LineData]:
    """A closed run's stored lines; otherwise the lines as they stand now (nothing written)."""
    run = get_run(session, month)
    if run is not None and run.state == "closed":
        return stored_lines(session, run)
    return desired_lines(session, month, now)


def build_run(session: Session, month: Month, now: datetime | None = None) -> PayRun:
    """Create or rebuild the month's run from the data as it stands."""
    now = now or utc_now()
    check_month_begun(session, month, now)
    run = get_run(session, month)
    if run is not None and run.state == "closed":
        raise PlannerError(
            f"pay run {month} is closed and never changes; corrections go to the next open run"
        )
    lines = desired_lines(session, month, now)
    if run is None:
        run = PayRun(month=month, state="draft")
        session.add(run)
        session.flush()
        audit.record(session, "pay run created", "pay_run", run.id, month=month)
    if lines_differ(stored_lines(session, run), lines):
        for old in session.exec(select(PayLine).where(PayLine.pay_run_id == run.id)):
            session.delete(old)
        session.flush()
        session.add_all(
            PayLine(
                pay_run_id=run.id or 0,
                volunteer_id=x.volunteer_id,
                shift_id=x.shift_id,
                rotation_id=x.rotation_id,
                slot_start=x.slot_start,
                kind=x.kind,
                minutes=x.minutes,
                amount_minor=x.amount_minor,
                currency=x.currency,
                pay_month=x.pay_month,
                reason=x.reason,
            )
            for x in lines
        )
        if run.state == "exported":
            run.state = "draft"
            audit.record(session, "pay run changed after export", "pay_run", run.id, month=month)
    run.built_at = now
    session.add(run)
    session.flush()
    return run


def mark_exported(session: Session, month: Month, now: datetime | None = None) -> PayRun:
    run = get_run(session, month)
    if run is None:
        raise PlannerError(f"no pay run for {month}; build it first")
    if run.state == "closed":
        return run
    run.state = "exported"
    run.exported_at = now or utc_now()
    session.add(run)
    session.flush()
    audit.record(session, "pay run exported", "pay_run", run.id, month=month)
    return run


def check_month_begun(session: Session, month: Month, now: datetime) -> None:
    """A pay run is for a month that has begun (home time): a later one has nothing to pay
    yet, and an empty exported run would only mislead."""
    from planner.core.home import home_calendar

    if now < month_bounds(home_calendar(session), month)[0]:
        raise PlannerError(
            f"{month} has not begun yet; its pay run can be built from {month}-01 on"
        )


def check_month_ended(session: Session, month: Month, now: datetime) -> None:
    """Only a month that has ended (home time) may be closed: its shifts are all paid."""
    from planner.core.home import home_calendar

    if now < month_bounds(home_calendar(session), month)[1]:
        raise PlannerError(
            f"{month} has not ended yet; close its pay run from {month.next()}-01 on"
        )


def close_run(session: Session, month: Month, now: datetime | None = None) -> PayRun:
    """Close an exported run whose lines still match the data. Closed is for ever."""
    now = now or utc_now()
    check_month_ended(session, month, now)
    run = get_run(session, month)
    if run is None:
        raise PlannerError(f"no pay run for {month}; build and export it before closing")
    if run.state == "closed":
        raise PlannerError(f"pay run {month} is already closed")
    if run.state != "exported":
        raise PlannerError(
            f"pay run {month} has changes that were not exported; export it before closing"
        )
    if is_stale(session, run, now):
        raise PlannerError(
            f"pay run {month} has changes since it was exported; export it again before closing"
        )
    run.state = "closed"
    run.closed_at = now
    session.add(run)
    session.flush()
    audit.record(session, "pay run closed", "pay_run", run.id, month=month)
    return run


def lines_differ(stored: list[LineData], desired: list[LineData]) -> bool:
    """The one rule for a stale run: its stored lines are not the lines the data gives."""
    return [x.key() for x in stored] != [x.key() for x in desired]


def is_stale(session: Session, run: PayRun, now: datetime | None = None) -> bool:
    """Whether shifts or covers changed since ``run`` was built. A closed run never is: it
    never changes, and later corrections go to the next open run as adjustments."""
    if run.state == "closed":
        return False
    return lines_differ(stored_lines(session, run), desired_lines(session, run.month, now))


@dataclass(frozen=True)
class MonthPay:
    """What the Pay screen shows for a month: the run's lines (or those a build would
    write), its state (``none`` before the first build) and whether it is stale."""

    month: Month
    lines: list[LineData]
    state: str
    stale: bool
    built: bool


def month_pay(session: Session, month: Month, now: datetime | None = None) -> MonthPay:
    run = get_run(session, month)
    if run is None:
        return MonthPay(month, desired_lines(session, month, now), "none", False, False)
    return MonthPay(
        run.month, stored_lines(session, run), run.state, is_stale(session, run, now), True
    )


def pay_months(session: Session, now: datetime | None = None) -> list[Month]:
    """Months from the first slot's end to the current month (home time), newest first."""
    from sqlalchemy import func

    from planner.core.home import home_calendar
    from planner.pay.lines import pay_month_of

    now = now or utc_now()
    cal = home_calendar(session)
    first: datetime | None = session.exec(select(func.min(Shift.slot_end))).one()  # None: no shifts
    runs = [r.month for r in list_runs(session)]
    current = pay_month_of(cal, now)
    candidates = [current, *runs] + ([pay_month_of(cal, first)] if first else [])
    start = min(candidates)
    months = [start]
    while months[-1] < current:
        months.append(months[-1].next())
    return sorted(set(months) | set(runs), reverse=True)

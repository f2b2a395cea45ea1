"""What a rule change does, shown before it is applied, and the refusal when it would
change what a closed pay run paid.

``preview`` runs the change inside a savepoint, compares before and after, and rolls the
savepoint back: nothing is written. It names the future draft shifts whose out-of-hours
hours or warnings change (or that appear or go), the open pay runs whose totals change,
and the closed pay runs whose pay would change. ``apply`` refuses the last kind with a
PlannerError, then makes the change for real.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlmodel import Session

from planner.core.errors import PlannerError
from planner.core.models.types import utc_now
from planner.core.money import format_money
from planner.pay import runs
from planner.pay.lines import compute_month_lines, totals_by_currency
from planner.rota.weeks import list_rota

T = TypeVar("T")
HORIZON_WEEKS = 26  # the drafts looked at: the next six months


@dataclass
class Effect:
    drafts: list[str] = field(default_factory=list)
    open_runs: list[str] = field(default_factory=list)
    closed_runs: list[str] = field(default_factory=list)

    @property
    def refused(self) -> str | None:
        if not self.closed_runs:
            return None
        return "it would change what closed pay run(s) paid: " + "; ".join(self.closed_runs)

    def text(self) -> str:
        """A few lines for the coordinator."""
        if self.refused:
            return "Refused: " + self.refused
        parts = []
        if self.drafts:
            parts.append(
                f"{len(self.drafts)} future draft shift(s) change: "
                + "; ".join(self.drafts[:6])
                + (" …" if len(self.drafts) > 6 else "")
            )
        if self.open_runs:
            parts.append("Open pay runs change: " + "; ".join(self.open_runs))
        return "\n".join(parts) or "No future draft and no open pay run changes."


Drafts = dict[int, tuple[str, float, tuple[str, ...]]]


def _drafts(session: Session, today: date) -> Drafts:
    rows = list_rota(session, today, HORIZON_WEEKS)
    return {
        r.shift_id: (f"{r.rotation}, week of {r.week:%d %b %Y}", r.out_of_hours_hours, r.warnings)
        for r in rows
        if r.state == "draft"
    }


def _month_pay(session: Session, month: str, now: datetime) -> tuple[object, ...] | str:
    try:
        lines = compute_month_lines(session, month, now)
    except PlannerError as exc:
        return str(exc)
    return tuple((x.key(), x.amount_minor, x.currency) for x in lines)


def _totals(session: Session, month: str, now: datetime) -> str:
    try:
        totals = totals_by_currency(runs.desired_lines(session, month, now))
    except PlannerError as exc:
        return str(exc)
    return ", ".join(format_money(a, c) for c, a in sorted(totals.items())) or "nothing"


@dataclass
class _State:
    drafts: Drafts
    closed: dict[str, object]
    open: dict[str, str]


def _state(session: Session, now: datetime) -> _State:
    months = runs.pay_months(session, now)
    closed = {m for m in months if runs.run_info(session, m).state == "closed"}
    return _State(
        _drafts(session, now.date() - timedelta(days=7)),
        {m: _month_pay(session, m, now) for m in sorted(closed)},
        {m: _totals(session, m, now) for m in months if m not in closed},
    )


def _compare(before: _State, after: _State) -> Effect:
    effect = Effect()
    for shift_id in sorted(set(before.drafts) | set(after.drafts)):
        old, new = before.drafts.get(shift_id), after.drafts.get(shift_id)
        if old == new:
            continue
        if new is None:
            effect.drafts.append(f"{old[0]}: removed" if old else "")
        elif old is None:
            effect.drafts.append(f"{new[0]}: new slot, {new[1]:g} h out-of-hours")
        elif old[1] != new[1]:
            effect.drafts.append(f"{new[0]}: {old[1]:g} h → {new[1]:g} h out-of-hours")
        else:
            added = [w for w in new[2] if w not in old[2]]
            effect.drafts.append(
                f"{new[0]}: " + ("; ".join(added) if added else "a warning goes away")
            )
    for month, pay in after.closed.items():
        if before.closed.get(month) != pay:
            effect.closed_runs.append(month)
    for month, total in after.open.items():
        if before.open.get(month) != total:
            effect.open_runs.append(f"{month}: {before.open.get(month)} → {total}")
    return effect


def preview(
    session: Session, change: Callable[[Session], object], now: datetime | None = None
) -> Effect:
    """The effect of ``change``; nothing is written (a savepoint rolled back)."""
    now = now or utc_now()
    before = _state(session, now)
    savepoint = session.begin_nested()
    try:
        change(session)
        session.flush()
        after = _state(session, now)
    finally:
        savepoint.rollback()
        session.expire_all()
    return _compare(before, after)


def apply(
    session: Session, change: Callable[[Session], T], now: datetime | None = None
) -> tuple[T, Effect]:
    """Make the change unless it would alter a closed pay run (PlannerError, nothing
    written); returns its result and its effect."""
    effect = preview(session, change, now)
    if effect.refused:
        raise PlannerError("refused: " + effect.refused)
    return change(session), effect

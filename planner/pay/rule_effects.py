"""What a rule change does, shown before it is applied, and the refusal when it would
change what a closed pay run paid.

``preview`` runs the change inside a savepoint, compares before and after, and rolls the
savepoint back: nothing is written. It names the future draft shifts whose out-of-hours
hours or warnings change (or that appear or go), the future shifts whose fee in force
changes (re-priced), the open pay runs whose totals change (and by how much), and the
closed pay runs whose pay would change. ``apply`` refuses the last kind with a
PlannerError, then makes the change for real.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlmodel import Session, select

from planner.core import locale_text
from planner.core.errors import PlannerError
from planner.core.home import home_calendar, rotations
from planner.core.models import RotationFee, Shift
from planner.core.models.types import utc_now
from planner.core.money import format_money
from planner.core.month import Month
from planner.core.out_of_hours import handover_day_of, to_local
from planner.pay import runs
from planner.pay.fees import FeeTable
from planner.pay.lines import compute_month_lines
from planner.rota.weeks import list_rota

T = TypeVar("T")
HORIZON_WEEKS = 26  # the drafts looked at: the next six months


@dataclass
class Effect:
    drafts: list[str] = field(default_factory=list)
    open_runs: list[str] = field(default_factory=list)
    closed_runs: list[str] = field(default_factory=list)
    repriced: list[Repriced] = field(default_factory=list)  # future shifts, fee changed
    locale: str | None = None  # the reader's ('de_DE'): days and money in its forms

    @property
    def empty(self) -> bool:
        """Nothing but the rule itself changes."""
        return not (self.drafts or self.open_runs or self.closed_runs or self.repriced)

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
        if self.open_runs:
            parts.append(
                f"Changes {len(self.open_runs)} open pay run(s): " + "; ".join(self.open_runs)
            )
        if self.repriced:
            parts.append(
                f"Re-prices {len(self.repriced)} future shift(s): "
                + "; ".join(_repriced_text(self.repriced, self.locale))
            )
        if self.drafts:
            parts.append(
                f"{len(self.drafts)} future draft shift(s) change: "
                + "; ".join(self.drafts[:6])
                + (" …" if len(self.drafts) > 6 else "")
            )
        return "\n".join(parts) or "No future shift and no open pay run changes."


Drafts = dict[int, tuple[str, float, tuple[str, ...]]]


def _drafts(session: Session, today: date, locale: str | None = None) -> Drafts:
    rows = list_rota(session, today, HORIZON_WEEKS)
    return {
        r.shift_id: (
            f"{r.rotation}, week of {locale_text.day_month_year(r.week, locale)}",
            r.out_of_hours_hours,
            r.warnings,
        )
        for r in rows
        if r.state == "draft"
    }


def _month_pay(session: Session, month: Month, now: datetime) -> tuple[object, ...] | str:
    try:
        lines = compute_month_lines(session, month, now)
    except PlannerError as exc:
        return str(exc)
    return tuple((x.key(), x.amount_minor, x.currency) for x in lines)


Totals = dict[tuple[str, str], int]  # (site, currency) -> amount in minor units


def _totals(session: Session, month: Month, now: datetime) -> Totals | str:
    try:
        lines = runs.desired_lines(session, month, now)
    except PlannerError as exc:
        return str(exc)
    totals: Totals = {}
    for line in lines:
        key = (line.site, line.currency)
        totals[key] = totals.get(key, 0) + line.amount_minor
    return totals


def _by_currency(totals: Totals) -> dict[str, int]:
    found: dict[str, int] = {}
    for (_site, currency), amount in totals.items():
        found[currency] = found.get(currency, 0) + amount
    return found


def _money(totals: Totals | str | None, locale: str | None = None) -> str:
    if totals is None or isinstance(totals, str):
        return totals or "nothing"
    by_currency = sorted(_by_currency(totals).items())
    return ", ".join(format_money(a, c, locale) for c, a in by_currency) or "nothing"


def _run_change(
    month: Month, old: Totals | str | None, new: Totals | str, locale: str | None = None
) -> str:
    """'2026-11 (Dublin +€120.00): €1,200.00 → €1,320.00' — the change per site, then the
    run's totals per currency before and after."""
    deltas = []
    if isinstance(new, dict) and not isinstance(old, str):
        old = old or {}
        for site, currency in sorted(set(old) | set(new)):
            if d := new.get((site, currency), 0) - old.get((site, currency), 0):
                sign = "+" if d > 0 else ""
                deltas.append(f"{site} {sign}{format_money(d, currency, locale)}")
    where = f" ({', '.join(deltas)})" if deltas else ""
    return f"{month}{where}: {_money(old, locale)} → {_money(new, locale)}"


@dataclass(frozen=True)
class Repriced:
    """A future shift whose fee in force changes (in the currencies named in ``change``)."""

    shift_id: int
    rotation: str
    week: date  # the slot's handover day (home time)
    change: str  # "€500.00 → €600.00; holiday supplement €50.00 → €60.00"


Prices = dict[int, tuple[str, date, dict[str, tuple[int, int]]]]


def _prices(session: Session, now: datetime) -> Prices:
    """Each shift not yet ended: its rotation, week and the fee in force for it per currency
    (fee, holiday supplement) on its slot's start date (home time), as pay computes it."""
    cal = home_calendar(session)
    table = FeeTable(session)
    names = {r.id: r.name for r in rotations(session)}
    currencies: dict[int, set[str]] = {}
    for rotation_id, currency in session.exec(
        select(RotationFee.rotation_id, RotationFee.currency)
    ).all():
        currencies.setdefault(rotation_id, set()).add(currency)
    found: Prices = {}
    for shift in session.exec(select(Shift).where(Shift.slot_end > now)):
        day = to_local(cal, shift.slot_start).date()
        prices = {}
        for currency in currencies.get(shift.rotation_id, ()):
            fee = table.in_force(shift.rotation_id, currency, day)
            if fee is not None:
                prices[currency] = (fee.amount_minor, fee.holiday_supplement_minor)
        name = names.get(shift.rotation_id, "?")
        found[shift.id or 0] = (name, handover_day_of(cal, shift.slot_start), prices)
    return found


def _price_change(
    old: dict[str, tuple[int, int]], new: dict[str, tuple[int, int]], locale: str | None = None
) -> str:
    parts = []
    for currency in sorted(set(old) | set(new)):
        (a, h), (b, k) = old.get(currency, (0, 0)), new.get(currency, (0, 0))
        a_, b_, h_, k_ = (format_money(x, currency, locale) for x in (a, b, h, k))
        if currency not in new:
            parts.append(f"no fee in {currency} (was {a_})")
        elif currency not in old:
            parts.append(f"{b_} (no fee in {currency} before)")
        elif a != b:
            parts.append(f"{a_} → {b_}")
        if currency in old and currency in new and h != k:
            parts.append(f"holiday supplement {h_} → {k_}")
    return "; ".join(parts)


def _repriced_text(repriced: list[Repriced], locale: str | None = None) -> list[str]:
    """One line per rotation and change: its weeks and what changes."""
    groups: dict[tuple[str, str], list[date]] = {}
    for r in repriced:
        groups.setdefault((r.rotation, r.change), []).append(r.week)
    lines = []
    for (rotation, change), weeks in groups.items():
        first, last = (locale_text.short_date(d, locale) for d in (min(weeks), max(weeks)))
        when = f"week of {first}" if first == last else f"weeks of {first} to {last}"
        lines.append(f"{rotation}, {len(weeks)} shift(s) in the {when}: {change}")
    return lines


@dataclass
class _State:
    drafts: Drafts
    closed: dict[Month, object]
    open: dict[Month, Totals | str]
    prices: Prices


def _state(session: Session, now: datetime, locale: str | None = None) -> _State:
    months = runs.pay_months(session, now)
    closed = {m for m in months if runs.run_info(session, m).state == "closed"}
    return _State(
        _drafts(session, now.date() - timedelta(days=7), locale),
        {m: _month_pay(session, m, now) for m in sorted(closed)},
        {m: _totals(session, m, now) for m in months if m not in closed},
        _prices(session, now),
    )


def _compare(before: _State, after: _State, locale: str | None = None) -> Effect:
    effect = Effect(locale=locale)

    def hours(value: float) -> str:
        return locale_text.measure(value, locale)

    for shift_id in sorted(set(before.drafts) | set(after.drafts)):
        old, new = before.drafts.get(shift_id), after.drafts.get(shift_id)
        if old == new:
            continue
        if new is None:
            effect.drafts.append(f"{old[0]}: removed" if old else "")
        elif old is None:
            effect.drafts.append(f"{new[0]}: new slot, {hours(new[1])} h out-of-hours")
        elif old[1] != new[1]:
            effect.drafts.append(f"{new[0]}: {hours(old[1])} h → {hours(new[1])} h out-of-hours")
        else:
            added = [w for w in new[2] if w not in old[2]]
            effect.drafts.append(
                f"{new[0]}: " + ("; ".join(added) if added else "a warning goes away")
            )
    for month, pay in after.closed.items():
        if before.closed.get(month) != pay:
            effect.closed_runs.append(str(month))
    for month, total in sorted(after.open.items()):
        if before.open.get(month) != total:
            effect.open_runs.append(_run_change(month, before.open.get(month), total, locale))
    for shift_id, (rotation, week, new_prices) in sorted(
        after.prices.items(), key=lambda item: (item[1][1], item[1][0])
    ):
        old_prices = before.prices.get(shift_id, (rotation, week, {}))[2]
        if old_prices != new_prices:
            change = _price_change(old_prices, new_prices, locale)
            effect.repriced.append(Repriced(shift_id, rotation, week, change))
    return effect


def preview(
    session: Session,
    change: Callable[[Session], object],
    now: datetime | None = None,
    locale: str | None = None,
) -> Effect:
    """The effect of ``change``; nothing is written (a savepoint rolled back). Its words
    give days, hours and money in ``locale`` (the app passes the user's; the command line
    none: the fixed forms)."""
    now = now or utc_now()
    before = _state(session, now, locale)
    savepoint = session.begin_nested()
    try:
        change(session)
        session.flush()
        after = _state(session, now, locale)
    finally:
        savepoint.rollback()
        session.expire_all()
    return _compare(before, after, locale)


def apply(
    session: Session, change: Callable[[Session], T], now: datetime | None = None
) -> tuple[T, Effect]:
    """Make the change unless it would alter a closed pay run (PlannerError, nothing
    written); returns its result and its effect."""
    effect = preview(session, change, now)
    if effect.refused:
        raise PlannerError("refused: " + effect.refused)
    return change(session), effect

"""Fees per rotation and currency, effective-dated: a new rate applies from a date on.

Past pay keeps the old rate because a slot is paid at the fee in force on its start date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from planner.core import audit, locale_text
from planner.core.errors import PlannerError
from planner.core.models import Rotation, RotationFee
from planner.core.money import check_currency, format_money


@dataclass(frozen=True)
class FeeRow:
    """A fee as the settings screen shows it."""

    id: int
    rotation: str
    currency: str
    amount_minor: int
    holiday_supplement_minor: int
    effective_from: date

    @property
    def amount_text(self) -> str:
        return format_money(self.amount_minor, self.currency)

    @property
    def supplement_text(self) -> str:
        return format_money(self.holiday_supplement_minor, self.currency)


class FeeTable:
    """Every fee loaded once; ``in_force`` answers without touching the database."""

    def __init__(self, session: Session) -> None:
        self._by_key: dict[tuple[int, str], list[RotationFee]] = {}
        for fee in session.exec(
            select(RotationFee).order_by(col(RotationFee.effective_from))
        ).all():
            self._by_key.setdefault((fee.rotation_id, fee.currency), []).append(fee)

    def in_force(self, rotation_id: int, currency: str, on: date) -> RotationFee | None:
        found = None
        for fee in self._by_key.get((rotation_id, currency), []):
            if fee.effective_from <= on:
                found = fee
            else:
                break
        return found


def list_fees(session: Session) -> list[FeeRow]:
    rows = session.exec(
        select(RotationFee, Rotation)
        .join(Rotation, col(Rotation.id) == col(RotationFee.rotation_id))
        .order_by(
            col(Rotation.position), col(RotationFee.currency), col(RotationFee.effective_from)
        )
    ).all()
    return [
        FeeRow(
            id=f.id or 0,
            rotation=r.name,
            currency=f.currency,
            amount_minor=f.amount_minor,
            holiday_supplement_minor=f.holiday_supplement_minor,
            effective_from=f.effective_from,
        )
        for f, r in rows
    ]


def _check_amounts(rotation: Rotation, currency: str, amount: int, supplement: int) -> None:
    if amount <= 0:
        raise PlannerError(
            f"fee {format_money(amount, currency)} for {rotation.name} must be more than zero"
        )
    if supplement < 0:
        raise PlannerError(
            f"holiday supplement {format_money(supplement, currency)} must not be negative"
        )


def add_fee(
    session: Session,
    rotation: Rotation,
    currency: str,
    amount_minor: int,
    effective_from: date,
    holiday_supplement_minor: int = 0,
) -> RotationFee:
    """A new rate from ``effective_from`` on (replacing one that starts the same day)."""
    currency = check_currency(currency)
    _check_amounts(rotation, currency, amount_minor, holiday_supplement_minor)
    existing = session.exec(
        select(RotationFee)
        .where(RotationFee.rotation_id == rotation.id)
        .where(RotationFee.currency == currency)
        .where(RotationFee.effective_from == effective_from)
    ).first()
    assert rotation.id is not None  # a stored row
    fee = existing or RotationFee(
        rotation_id=rotation.id, currency=currency, effective_from=effective_from, amount_minor=1
    )
    fee.amount_minor = amount_minor
    fee.holiday_supplement_minor = holiday_supplement_minor
    session.add(fee)
    session.flush()
    audit.record(
        session,
        "fee set",
        "rotation",
        rotation.id,
        currency=currency,
        amount_minor=amount_minor,
        holiday_supplement_minor=holiday_supplement_minor,
        effective_from=effective_from,
    )
    return fee


def update_fee(
    session: Session,
    fee_id: int,
    amount_minor: int,
    effective_from: date,
    holiday_supplement_minor: int = 0,
    locale: str | None = None,
) -> RotationFee:
    """Change a rate: its fee, its holiday supplement or the date it is in force from.
    A refusal names its day in ``locale``'s form (ISO with none)."""
    fee = session.get(RotationFee, fee_id)
    if fee is None:
        raise PlannerError(f"no fee with id {fee_id}")
    rotation = session.get(Rotation, fee.rotation_id)
    assert rotation is not None  # a foreign key
    _check_amounts(rotation, fee.currency, amount_minor, holiday_supplement_minor)
    clash = session.exec(
        select(RotationFee)
        .where(RotationFee.rotation_id == fee.rotation_id)
        .where(RotationFee.currency == fee.currency)
        .where(RotationFee.effective_from == effective_from)
        .where(RotationFee.id != fee_id)
    ).first()
    if clash is not None:
        raise PlannerError(
            f"{rotation.name} already has a {fee.currency} rate from "
            f"{locale_text.short_date(effective_from, locale)}; "
            "change that one instead"
        )
    old = (fee.amount_minor, fee.holiday_supplement_minor, fee.effective_from)
    fee.amount_minor = amount_minor
    fee.holiday_supplement_minor = holiday_supplement_minor
    fee.effective_from = effective_from
    session.add(fee)
    session.flush()
    audit.record(
        session,
        "fee changed",
        "rotation",
        rotation.id,
        currency=fee.currency,
        old_amount_minor=old[0],
        old_holiday_supplement_minor=old[1],
        old_effective_from=old[2],
        amount_minor=amount_minor,
        holiday_supplement_minor=holiday_supplement_minor,
        effective_from=effective_from,
    )
    return fee

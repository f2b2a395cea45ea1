"""Fees: effective-dated per rotation and currency, validated, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.models import AuditEntry, RotationFee
from planner.pay.fees import add_fee, fee_in_force, list_fees


def test_a_new_rate_applies_from_its_date_and_past_dates_keep_the_old(db: Database) -> None:
    with db.transaction() as session:
        primary = rotation_by_name(session, "Primary")
        add_fee(session, primary, "EUR", 60000, date(2027, 4, 1), 6000)
    with db.session() as session:
        primary = rotation_by_name(session, "Primary")
        assert fee_in_force(session, primary, "EUR", date(2027, 3, 31)).amount_minor == 50000
        assert fee_in_force(session, primary, "EUR", date(2027, 4, 1)).amount_minor == 60000
        assert any(f.amount_minor == 60000 for f in list_fees(session))
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "fee set")).first()


@pytest.mark.parametrize(
    ("currency", "amount", "message"),
    [
        ("EUR", 0, "must be more than zero"),
        ("EUR", -100, "must be more than zero"),
        ("XYZ", 1000, "unknown currency code 'XYZ'"),
    ],
)
def test_bad_fees_are_refused_and_nothing_is_written(
    db: Database, currency: str, amount: int, message: str
) -> None:
    with db.session() as session:
        before = len(session.exec(select(RotationFee)).all())
    with pytest.raises(PlannerError, match=message), db.transaction() as session:
        add_fee(session, rotation_by_name(session, "Primary"), currency, amount, date(2027, 1, 1))
    with db.session() as session:
        assert len(session.exec(select(RotationFee)).all()) == before


def test_no_fee_in_force_before_the_first_rate_is_a_clear_error(db: Database) -> None:
    with db.session() as session, pytest.raises(PlannerError, match="no fee in EUR"):
        fee_in_force(session, rotation_by_name(session, "Primary"), "EUR", date(2019, 1, 1))

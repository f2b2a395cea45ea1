"""Fees: effective-dated per rotation and currency, validated, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.models import AuditEntry, RotationFee
from planner.pay.fees import FeeTable, add_fee, list_fees
from planner.pay.lines import compute_month_lines
from tests.planner.pay_helpers import NOW, person, shift


def test_a_new_rate_applies_from_its_date_and_past_dates_keep_the_old(db: Database) -> None:
    with db.transaction() as session:
        primary = rotation_by_name(session, "Primary")
        add_fee(session, primary, "EUR", 60000, date(2027, 4, 1), 6000)
    with db.session() as session:
        primary = rotation_by_name(session, "Primary")
        fees = FeeTable(session)
        before = fees.in_force(primary.id or 0, "EUR", date(2027, 3, 31))
        on_the_day = fees.in_force(primary.id or 0, "EUR", date(2027, 4, 1))
        assert before is not None and before.amount_minor == 50000
        assert on_the_day is not None and on_the_day.amount_minor == 60000
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
    with db.transaction() as session:
        shift(session, date(2019, 1, 4), person(session, "Ann A"))
    with db.session() as session:
        assert FeeTable(session).in_force(1, "EUR", date(2019, 1, 1)) is None
        with pytest.raises(PlannerError, match="no fee in EUR in force on 2019-01-04"):
            compute_month_lines(session, "2019-01", NOW)

"""Fees: effective-dated per rotation and currency, validated, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.models import AuditEntry, RotationFee
from planner.core.month import Month
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
        assert FeeTable(session).in_force(1, "CHF", date(2027, 1, 1)) is None  # no CHF rate
        with pytest.raises(PlannerError, match="no fee in EUR in force on 2019-01-04"):
            compute_month_lines(session, Month(2019, 1), NOW)


def test_the_fees_screen_lists_every_rate_by_rotation_then_currency_then_date(
    db: Database,
) -> None:
    with db.transaction() as session:
        l2 = rotation_by_name(session, "Escalation L2")
        add_fee(session, l2, "EUR", 21000, date(2027, 4, 1), 100)  # later rows, then sorted in
        add_fee(session, l2, "EUR", 20500, date(2026, 1, 1))
    with db.session() as session:
        rows = list_fees(session)
    assert [(r.rotation, r.currency, r.effective_from, r.amount_minor) for r in rows] == [
        ("Primary", "EUR", date(2020, 1, 1), 50000),
        ("Primary", "GBP", date(2020, 1, 1), 43000),
        ("Primary", "USD", date(2020, 1, 1), 55000),
        ("Escalation L2", "EUR", date(2020, 1, 1), 20000),
        ("Escalation L2", "EUR", date(2026, 1, 1), 20500),
        ("Escalation L2", "EUR", date(2027, 4, 1), 21000),
        ("Escalation L2", "GBP", date(2020, 1, 1), 17000),
        ("Escalation L2", "USD", date(2020, 1, 1), 22000),
    ]
    assert [r.id for r in rows][:4] == [1, 2, 3, 4] and len({r.id for r in rows}) == 8
    assert [r.holiday_supplement_minor for r in rows][:6] == [5000, 4300, 5500, 0, 0, 100]
    assert (rows[5].amount_text, rows[5].supplement_text) == ("€210.00", "€1.00")


def test_a_rate_on_the_same_day_replaces_only_that_rotation_and_currency(db: Database) -> None:
    with db.transaction() as session:
        primary = rotation_by_name(session, "Primary")
        first = add_fee(session, primary, "EUR", 60000, date(2027, 4, 1), 6000)
        again = add_fee(session, primary, "EUR", 61000, date(2027, 4, 1), 6100)
        gbp = add_fee(session, primary, "GBP", 51000, date(2027, 4, 1))
        assert again.id == first.id and gbp.id != first.id
        assert (again.amount_minor, again.holiday_supplement_minor) == (61000, 6100)
        assert (gbp.currency, gbp.rotation_id, gbp.effective_from) == (
            "GBP",
            primary.id,
            date(2027, 4, 1),
        )
        detail = session.exec(
            select(AuditEntry).where(AuditEntry.action == "fee set").order_by(AuditEntry.id)
        ).all()[-2]
    assert (detail.entity, detail.entity_id) == ("rotation", primary.id)
    assert '"amount_minor": 61000' in detail.detail and '"currency": "EUR"' in detail.detail
    assert '"holiday_supplement_minor": 6100' in detail.detail
    assert '"effective_from": "2027-04-01"' in detail.detail


def test_a_negative_holiday_supplement_is_refused_with_the_amount(db: Database) -> None:
    with pytest.raises(PlannerError) as error, db.transaction() as session:
        add_fee(session, rotation_by_name(session, "Primary"), "EUR", 100, date(2027, 1, 1), -5)
    assert str(error.value) == "holiday supplement -€0.05 must not be negative"
    with pytest.raises(PlannerError) as error, db.transaction() as session:
        add_fee(session, rotation_by_name(session, "Primary"), "EUR", 0, date(2027, 1, 1))
    assert str(error.value) == "fee €0.00 for Primary must be more than zero"


def test_a_rate_changes_its_fee_supplement_and_date_but_not_onto_another_rate(
    db: Database,
) -> None:
    from planner.pay.fees import update_fee

    with db.transaction() as session:
        primary = rotation_by_name(session, "Primary")
        fee = add_fee(session, primary, "EUR", 60000, date(2027, 4, 1), 6000)
        update_fee(session, fee.id or 0, 65000, date(2027, 5, 1), 7000)
    with db.session() as session:
        rows = [
            (f.currency, f.amount_minor, f.holiday_supplement_minor, f.effective_from)
            for f in list_fees(session)
        ]
        assert ("EUR", 65000, 7000, date(2027, 5, 1)) in rows
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "fee changed")).first()
        first = next(f for f in list_fees(session) if f.currency == "EUR" and f.id != fee.id)
    with pytest.raises(PlannerError) as error, db.transaction() as session:
        update_fee(session, fee.id or 0, 65000, first.effective_from, 7000)
    assert str(error.value) == (
        f"Primary already has a EUR rate from {first.effective_from}; change that one instead"
    )
    with db.session() as session:
        assert ("EUR", 65000, 7000, date(2027, 5, 1)) in [
            (f.currency, f.amount_minor, f.holiday_supplement_minor, f.effective_from)
            for f in list_fees(session)
        ]


def test_the_smallest_fee_is_one_minor_unit(db: Database) -> None:
    with db.transaction() as session:
        fee = add_fee(session, rotation_by_name(session, "Primary"), "EUR", 1, date(2027, 1, 1))
    assert fee.amount_minor == 1


def test_rates_typed_out_of_date_order_apply_each_from_its_own_date(db: Database) -> None:
    with db.transaction() as session:
        l2 = rotation_by_name(session, "Escalation L2")
        add_fee(session, l2, "EUR", 21000, date(2027, 4, 1))
        add_fee(session, l2, "EUR", 20500, date(2026, 1, 1))  # typed later, applies earlier
    with db.session() as session:
        l2_id = rotation_by_name(session, "Escalation L2").id or 0
        fees = FeeTable(session)
        in_force = [
            fee.amount_minor if (fee := fees.in_force(l2_id, "EUR", day)) else None
            for day in (date(2025, 12, 31), date(2026, 6, 1), date(2027, 4, 1))
        ]
    assert in_force == [20000, 20500, 21000]


def test_a_changed_rate_is_audited_with_its_old_and_new_figures(db: Database) -> None:
    from planner.pay.fees import update_fee

    with db.transaction() as session:
        l2 = rotation_by_name(session, "Escalation L2")
        fee = add_fee(session, l2, "GBP", 18000, date(2027, 4, 1), 900)
        same = update_fee(session, fee.id or 0, 18500, date(2027, 4, 1))  # its own date: fine
        assert same.id == fee.id
        assert (same.amount_minor, same.holiday_supplement_minor) == (18500, 0)
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "fee changed")).one()
    assert (entry.entity, entry.entity_id) == ("rotation", l2.id)
    for figure in (
        '"currency": "GBP"',
        '"old_amount_minor": 18000',
        '"old_holiday_supplement_minor": 900',
        '"old_effective_from": "2027-04-01"',
        '"amount_minor": 18500',
        '"holiday_supplement_minor": 0',
        '"effective_from": "2027-04-01"',
    ):
        assert figure in entry.detail


def test_changing_a_rate_that_is_not_there_or_to_no_fee_is_refused(db: Database) -> None:
    from planner.pay.fees import update_fee

    with pytest.raises(PlannerError) as error, db.transaction() as session:
        update_fee(session, 999, 100, date(2027, 1, 1))
    assert str(error.value) == "no fee with id 999"
    with db.session() as session:
        first = list_fees(session)[0]
    with pytest.raises(PlannerError) as error, db.transaction() as session:
        update_fee(session, first.id, 0, first.effective_from)
    assert str(error.value) == "fee €0.00 for Primary must be more than zero"
    with db.session() as session:
        assert list_fees(session)[0] == first


def test_a_rate_may_move_to_a_date_another_rotation_or_currency_already_uses(
    db: Database,
) -> None:
    from planner.pay.fees import update_fee

    with db.transaction() as session:
        primary = rotation_by_name(session, "Primary")
        l2 = rotation_by_name(session, "Escalation L2")
        add_fee(session, l2, "EUR", 20500, date(2026, 1, 1))  # same currency, other rotation
        add_fee(session, primary, "GBP", 44000, date(2026, 1, 1))  # same rotation, other currency
        fee = add_fee(session, primary, "EUR", 60000, date(2027, 4, 1))
        moved = update_fee(session, fee.id or 0, 60000, date(2026, 1, 1))
    assert (moved.rotation_id, moved.currency, moved.effective_from) == (
        primary.id,
        "EUR",
        date(2026, 1, 1),
    )

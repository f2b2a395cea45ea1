"""Pay lines: fee split by out-of-hours hours held, per currency, holidays apart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.db import Database
from planner.core.home import rotation_by_name
from planner.core.month import Month
from planner.pay.fees import add_fee
from planner.pay.lines import compute_month_lines
from tests.mutation import UNDER_MUTATION, examples
from tests.planner.pay_helpers import NOW, cover, person, shift


def _t(day: int, hour: int, month: int = 3) -> datetime:
    return datetime(2027, month, day, hour, tzinfo=UTC)


def test_an_uncovered_shift_pays_the_whole_fee_in_the_holders_currency(db: Database) -> None:
    with db.transaction() as session:
        shift(session, date(2027, 3, 5), person(session, "Tom W", "London"))
        lines = compute_month_lines(session, Month(2027, 3), NOW)
    assert [(x.email, x.currency, x.kind, x.amount_minor) for x in lines] == [
        ("tom.w@example.com", "GBP", "shift", 43000)
    ]
    # Friday 18:00 to Friday 18:00 less five office days of 9 hours: 168 - 45 = 123 h
    assert lines[0].minutes == 123 * 60


def test_a_cover_splits_one_fee_by_hours_and_the_parts_add_up(db: Database) -> None:
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        s = shift(session, date(2027, 3, 5), ann)
        cover(session, s, bea, _t(6, 10), _t(6, 22))  # Saturday: 12 out-of-hours hours
        lines = compute_month_lines(session, Month(2027, 3), NOW)
    by = {x.email: x for x in lines}
    assert by["bea.b@example.com"].minutes == 12 * 60
    assert by["ann.a@example.com"].minutes == 111 * 60
    assert by["bea.b@example.com"].amount_minor == 4878  # 50000 * 12 / 123, rounded
    assert sum(x.amount_minor for x in lines) == 50000


def test_holders_in_different_currencies_get_their_share_of_their_own_fee(db: Database) -> None:
    with db.transaction() as session:
        ann, tom = person(session, "Ann A"), person(session, "Tom W", "London")
        s = shift(session, date(2027, 3, 5), ann)
        cover(session, s, tom, _t(6, 10), _t(6, 22))
        lines = compute_month_lines(session, Month(2027, 3), NOW)
    by = {x.email: x for x in lines}
    assert (by["tom.w@example.com"].currency, by["tom.w@example.com"].amount_minor) == ("GBP", 4195)
    assert (by["ann.a@example.com"].currency, by["ann.a@example.com"].amount_minor) == (
        "EUR",
        45122,
    )


def test_a_public_holiday_adds_a_holiday_line_split_by_hours_on_that_day(db: Database) -> None:
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        s = shift(session, date(2027, 3, 12), ann)  # St Patrick's Day, Wed 17 March
        cover(session, s, bea, _t(17, 0), _t(17, 6))  # 6 of the day's 24 hours
        lines = compute_month_lines(session, Month(2027, 3), NOW)
    holiday = {x.email: x.amount_minor for x in lines if x.kind == "holiday"}
    assert holiday == {"ann.a@example.com": 3750, "bea.b@example.com": 1250}
    assert sum(x.amount_minor for x in lines if x.kind == "shift") == 50000


def test_a_holiday_on_a_handover_friday_pays_its_supplement_once_across_both_slots(
    db: Database,
) -> None:
    # Christmas Day 2026 is a Friday: its 24 out-of-hours hours lie 18 h in the slot that
    # hands over at 18:00 (Ann) and 6 h in the next one (Bea). The day's supplement of
    # €50 is paid once: 18/24 of it to Ann, 6/24 to Bea.
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        shift(session, date(2026, 12, 18), ann)  # Fri 18 Dec 18:00 to Fri 25 Dec 18:00
        shift(session, date(2026, 12, 25), bea)  # Fri 25 Dec 18:00 to Fri 1 Jan 18:00
        december = compute_month_lines(session, Month(2026, 12), NOW)
        january = compute_month_lines(session, Month(2027, 1), NOW)
    christmas = [x for x in december + january if x.kind == "holiday" and x.minutes]
    by = {(x.email, x.pay_month): x.amount_minor for x in christmas}
    assert by[("ann.a@example.com", Month(2026, 12))] == 3750
    # Bea's slot also holds St Stephen's Day (26 Dec, 24 h) and New Year's Day until the
    # 18:00 handover (18 of its 24 h): 1250 + 5000 + 3750.
    assert by[("bea.b@example.com", Month(2027, 1))] == 1250 + 5000 + 3750


def test_pay_month_is_the_month_the_slot_ends_and_the_fee_is_the_one_at_its_start(
    db: Database,
) -> None:
    with db.transaction() as session:
        ann = person(session, "Ann A")
        shift(session, date(2027, 3, 26), ann)  # ends Friday 2 April
        add_fee(session, rotation_by_name(session, "Primary"), "EUR", 70000, date(2027, 3, 30))
        march = compute_month_lines(session, Month(2027, 3), NOW)
        april = compute_month_lines(session, Month(2027, 4), NOW)
    assert march == []
    shift_lines = [(x.pay_month, x.amount_minor) for x in april if x.kind == "shift"]
    assert shift_lines == [(Month(2027, 4), 50000)]
    # Easter Monday (29 March) is in the slot: its supplement is the one of the old rate too
    assert [x.amount_minor for x in april if x.kind == "holiday"] == [5000]


def test_a_fee_applies_to_a_slot_starting_on_its_own_start_date(db: Database) -> None:
    with db.transaction() as session:
        ann = person(session, "Ann A")
        shift(session, date(2027, 3, 26), ann)  # starts Friday 26 March 18:00, Dublin
        add_fee(session, rotation_by_name(session, "Primary"), "EUR", 70000, date(2027, 3, 26))
        april = compute_month_lines(session, Month(2027, 4), NOW)
    assert [x.amount_minor for x in april if x.kind == "shift"] == [70000]


def test_draft_and_unfinished_shifts_are_not_paid(db: Database) -> None:
    with db.transaction() as session:
        ann = person(session, "Ann A")
        draft = shift(session, date(2027, 3, 5), ann)
        draft.state = "draft"
        shift(session, date(2027, 3, 12), ann)
        lines = compute_month_lines(session, Month(2027, 3), _t(19, 17))  # before it ends
    assert lines == []


@settings(
    max_examples=examples(40),
    derandomize=UNDER_MUTATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 7 * 24 * 4), st.integers(1, 48 * 4)),
        max_size=6,
    )
)
def test_any_covers_split_the_fee_exactly(db: Database, covers: list[tuple[int, int, int]]) -> None:
    with db.session() as session:
        people = [person(session, f"P{i} X{len(covers)}") for i in range(4)]
        s = shift(session, date(2027, 3, 5), people[0])
        for who, offset, length in covers:
            start = s.slot_start + timedelta(minutes=15 * offset)
            cover(session, s, people[who], start, start + timedelta(minutes=15 * length))
        lines = compute_month_lines(session, Month(2027, 3), NOW)
        total_minutes = sum(x.minutes for x in lines if x.kind == "shift")
        session.rollback()
    assert sum(x.amount_minor for x in lines if x.kind == "shift") == 50000
    assert total_minutes == 123 * 60


def test_a_slot_across_the_clock_change_is_paid_for_its_real_hours(db: Database) -> None:
    with db.transaction() as session:
        ann, sam = person(session, "Ann A"), person(session, "Sam S", "San Francisco")
        s = shift(session, date(2027, 3, 26), ann)  # clocks go forward on Sunday 28 March
        cover(session, s, sam, _t(28, 0), _t(28, 6))  # 00:00-01:00 GMT, then 02:00-07:00 IST
        lines = compute_month_lines(session, Month(2027, 4), NOW)
    shifts = {x.email: x for x in lines if x.kind == "shift"}
    # 167 hours, less four office days (Easter Monday is a holiday): 131 out-of-hours hours
    assert shifts["ann.a@example.com"].minutes + shifts["sam.s@example.com"].minutes == 131 * 60
    assert shifts["sam.s@example.com"].minutes == 6 * 60
    assert shifts["ann.a@example.com"].amount_minor == 47710  # 125/131 of EUR 500, rounded
    assert shifts["sam.s@example.com"].amount_minor == 2519  # 6/131 of USD 550, rounded


@settings(
    max_examples=examples(60),
    derandomize=UNDER_MUTATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 7 * 24 * 3600), st.integers(1, 48 * 3600)),
        min_size=1,
        max_size=5,
    )
)
def test_covers_with_seconds_still_split_the_fee_and_the_supplement_exactly(
    db: Database, covers: list[tuple[int, int, int]]
) -> None:
    # Covers typed in the app are whole minutes, but a split must never lose money
    # whatever instants it is given: imported or older rows may carry seconds. The week of
    # 12 March 2027 holds St Patrick's Day, so its holiday supplement is split too.
    with db.session() as session:
        people = [person(session, f"P{i} S{len(covers)}") for i in range(4)]
        s = shift(session, date(2027, 3, 12), people[0])
        for who, offset, length in covers:
            start = s.slot_start + timedelta(seconds=offset)
            cover(session, s, people[who], start, start + timedelta(seconds=length))
        lines = compute_month_lines(session, Month(2027, 3), NOW)
        session.rollback()
    assert sum(x.amount_minor for x in lines if x.kind == "shift") == 50000
    assert sum(x.amount_minor for x in lines if x.kind == "holiday") == 5000


def test_weekend_holidays_earn_their_supplement_too(db: Database) -> None:
    # PRODUCT.md: one supplement per public holiday of the home site, weekend holidays
    # included. Christmas Day 2027 is a Saturday and St Stephen's Day a Sunday.
    with db.transaction() as session:
        ann = person(session, "Ann A")
        shift(session, date(2027, 12, 24), ann)  # Fri 24 Dec 18:00 to Fri 31 Dec 18:00
        lines = compute_month_lines(session, Month(2027, 12), datetime(2028, 2, 1, tzinfo=UTC))
    assert [x.amount_minor for x in lines if x.kind == "holiday"] == [2 * 5000]

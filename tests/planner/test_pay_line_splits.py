"""Pay lines in the cases the everyday tests do not reach: a slot nobody was assigned, a
cover in office hours or of a single second, a rotation held only at night over the
holidays, holidays in summer time and on a computer in another zone, the minutes of a
holiday line, a handover at midnight, and which worked shifts a month (or a set of
months) pays. Each asserts what a payroll user sees: the lines, their amounts and
minutes, and that the parts add up."""

from __future__ import annotations

import time as clock
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from planner.core import settings
from planner.core.db import Database
from planner.core.home import home_calendar, rotation_by_name
from planner.core.models import Shift
from planner.core.month import Month
from planner.core.out_of_hours import slots
from planner.pay.lines import (
    LineData,
    _Context,
    compute_month_lines,
    lines_for_shifts,
    paid_minutes,
    worked_shifts,
)
from planner.rota import rotations
from tests.planner.pay_helpers import cover, person, shift

LATER = datetime(2028, 6, 1, tzinfo=UTC)  # every slot below has ended by then


def _t(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2027, month, day, hour, minute, second, tzinfo=UTC)


def _windows(session: Session, rotation: str, text: str) -> None:
    spec = rotations.spec_of(session, rotation_by_name(session, rotation))
    windows = rotations.parse_windows(rotation, text)
    rotations.update_rotation(session, rotation, replace(spec, windows=windows))


def _by(lines: list[LineData], kind: str) -> dict[str, tuple[int, int]]:
    """email -> (minutes, amount) of the lines of one kind."""
    return {x.email: (x.minutes, x.amount_minor) for x in lines if x.kind == kind}


@pytest.fixture
def computer_in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's own zone is Tokyo; home (Dublin) time must not depend on it."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    clock.tzset()
    yield
    monkeypatch.undo()
    clock.tzset()


def test_a_slot_nobody_was_assigned_pays_its_cover_only_their_share(db: Database) -> None:
    with db.transaction() as session:
        bea = person(session, "Bea B")
        s = shift(session, date(2027, 3, 5), None)  # an uncovered slot: 123 paid hours
        cover(session, s, bea, _t(3, 6, 10), _t(3, 6, 22))  # Saturday: 12 of them
        lines = compute_month_lines(session, Month(2027, 3), LATER)
    # 50000 * 12 / 123, rounded; the rest of the fee is nobody's
    assert _by(lines, "shift") == {"bea.b@example.com": (12 * 60, 4878)}


def test_a_cover_in_office_hours_earns_no_line_and_takes_nothing(db: Database) -> None:
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        s = shift(session, date(2027, 3, 5), ann)
        cover(session, s, bea, _t(3, 8, 10), _t(3, 8, 12))  # Monday 10:00-12:00: office
        lines = compute_month_lines(session, Month(2027, 3), LATER)
    assert _by(lines, "shift") == {"ann.a@example.com": (123 * 60, 50000)}


def test_one_second_held_is_paid_its_share_and_the_parts_add_up(db: Database) -> None:
    # A rotation held 02:00-03:00 only: 7 paid hours a week (25,200 s). A cover of one
    # second (imported data may carry seconds) is 1/25,200 of the fee: 1.98 cents, and
    # the largest remainder gives it the cent left over.
    with db.transaction() as session:
        _windows(session, "Primary", "02:00-03:00")
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        s = shift(session, date(2027, 3, 5), ann)
        cover(session, s, bea, _t(3, 6, 2), _t(3, 6, 2, 0, 1))
        lines = compute_month_lines(session, Month(2027, 3), LATER)
    assert _by(lines, "shift") == {
        "ann.a@example.com": (7 * 60 - 1, 49998),
        "bea.b@example.com": (0, 2),
    }
    assert sum(x.amount_minor for x in lines) == 50000


def test_a_night_only_rotation_earns_every_holiday_it_holds_over_christmas(
    db: Database,
) -> None:
    # Held 02:00-09:00 only. The slot Fri 25 Dec 2026 18:00 - Fri 1 Jan 18:00 holds three
    # holidays: Christmas Day (nothing paid after the 18:00 handover: no supplement here,
    # the slot before takes it all), St Stephen's Day (7 h) and New Year's Day, whose 7
    # paid hours all come before the handover, so this slot takes all of its supplement.
    with db.transaction() as session:
        _windows(session, "Primary", "02:00-09:00")
        shift(session, date(2026, 12, 25), person(session, "Cy C"))
        lines = compute_month_lines(session, Month(2027, 1), LATER)
    assert _by(lines, "holiday") == {"cy.c@example.com": (14 * 60, 2 * 5000)}
    assert _by(lines, "shift") == {"cy.c@example.com": (7 * 7 * 60, 50000)}


def test_a_summer_holiday_runs_from_home_midnight_whatever_the_computers_zone(
    db: Database, computer_in_tokyo: None
) -> None:
    # The August bank holiday, Monday 2 August 2027, is a Dublin day: 00:00 Irish Summer
    # Time (23:00 UTC on the 1st) to 00:00 on the 3rd. Bea covers its first hour.
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        s = shift(session, date(2027, 7, 30), ann)
        cover(session, s, bea, _t(8, 1, 23), _t(8, 2, 0))
        lines = compute_month_lines(session, Month(2027, 8), LATER)
    assert _by(lines, "holiday") == {
        "ann.a@example.com": (23 * 60, 4792),  # 23/24 of the supplement
        "bea.b@example.com": (60, 208),
    }


def test_a_handover_day_holiday_is_shared_by_home_hours_whatever_the_computers_zone(
    db: Database, computer_in_tokyo: None
) -> None:
    # Christmas Day 2026, a Friday: 18 of its hours (Dublin) before the 18:00 handover,
    # 6 after, whatever zone the computer is in.
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        shift(session, date(2026, 12, 18), ann)
        shift(session, date(2026, 12, 25), bea)
        december = compute_month_lines(session, Month(2026, 12), LATER)
    assert _by(december, "holiday") == {"ann.a@example.com": (18 * 60, 3750)}


def test_a_holiday_line_shows_the_minutes_held_on_every_holiday_of_the_slot(
    db: Database,
) -> None:
    # Christmas Day 2027 is a Saturday and St Stephen's Day a Sunday: 48 holiday hours.
    # Bea covers 00:00 - 06:00:30 on the Sunday (imported with seconds): minutes shown
    # are whole, and each line's minutes are its own kind's.
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        s = shift(session, date(2027, 12, 24), ann)
        cover(
            session,
            s,
            bea,
            datetime(2027, 12, 26, 0, tzinfo=UTC),
            datetime(2027, 12, 26, 6, 0, 30, tzinfo=UTC),
        )
        lines = compute_month_lines(session, Month(2027, 12), LATER)
    holiday, shifts = _by(lines, "holiday"), _by(lines, "shift")
    assert {k: v[0] for k, v in holiday.items()} == {
        "ann.a@example.com": 48 * 60 - 361,  # 41 h 59 min 30 s held on the two days
        "bea.b@example.com": 360,
    }
    assert {k: v[0] for k, v in shifts.items()} == {
        "ann.a@example.com": 123 * 60 - 361,
        "bea.b@example.com": 360,
    }
    assert sum(v[1] for v in holiday.values()) == 2 * 5000
    assert all(type(x.minutes) is int for x in lines)


def test_minutes_paid_follow_the_rotations_windows(db: Database) -> None:
    with db.transaction() as session:
        _windows(session, "Primary", "02:00-09:00")
        ann = person(session, "Ann A")
        shift(session, date(2027, 3, 5), ann)  # nobody covered it
        paid = paid_minutes(session, Month(2027, 3), LATER)
        assert paid == {ann.id: 49 * 60}  # seven nights of 7 hours, not 123 hours


def test_a_slot_ending_at_midnight_on_the_first_is_paid_in_the_new_month(
    db: Database,
) -> None:
    # A handover at 00:00: the slot ending Friday 1 January 2027 00:00 ends in January.
    with db.transaction() as session:
        settings.put(session, "handover_time", "00:00")
        ann = person(session, "Ann A")
        s = shift(session, date(2026, 12, 25), ann)
        assert s.slot_end == datetime(2027, 1, 1, tzinfo=UTC)
        december = compute_month_lines(session, Month(2026, 12), LATER)
        january = compute_month_lines(session, Month(2027, 1), LATER)
    assert december == []
    assert [(x.kind, x.pay_month) for x in january] == [
        ("shift", Month(2027, 1)),
        ("holiday", Month(2027, 1)),
    ]


def test_a_shift_is_paid_from_the_instant_its_slot_ends(db: Database) -> None:
    with db.transaction() as session:
        s = shift(session, date(2027, 3, 5), person(session, "Ann A"))
        at_the_end = compute_month_lines(session, Month(2027, 3), s.slot_end)
        a_second_before = compute_month_lines(
            session, Month(2027, 3), s.slot_end - timedelta(seconds=1)
        )
    assert [x.amount_minor for x in at_the_end] == [50000]
    assert a_second_before == []


def test_worked_shifts_of_two_months_leave_out_the_month_between(db: Database) -> None:
    with db.transaction() as session:
        ann = person(session, "Ann A")
        jan, feb, mar = (shift(session, date(2027, m, 8), ann) for m in (1, 2, 3))
        cal = home_calendar(session)
        found = worked_shifts(session, cal, [Month(2027, 1), Month(2027, 3)], LATER)
        assert [s.id for s in found] == [jan.id, mar.id]
        assert feb.id not in {s.id for s in found}


def test_a_slot_with_no_paid_time_makes_no_lines_and_needs_no_fee(db: Database) -> None:
    # An office open every day, and a new rotation held only 12:00-14:00 with no fee yet:
    # a week without holidays has no out-of-hours time in it, so nothing is paid and
    # nothing is refused for want of a fee.
    with db.transaction() as session:
        settings.put(session, "office_days", [0, 1, 2, 3, 4, 5, 6])
        rotations.add_rotation(
            session,
            rotations.RotationSpec(
                "Lunch desk", windows=rotations.parse_windows("L", "12:00-14:00")
            ),
        )
        shift(session, date(2027, 3, 5), person(session, "Ann A"), rotation="Lunch desk")
        lines = compute_month_lines(session, Month(2027, 3), LATER)
    assert lines == []


def test_the_covers_of_every_shift_are_paid_when_more_than_500_are_computed_at_once(
    db: Database,
) -> None:
    # Covers are read 500 shifts at a time (SQLite's limit on a query's parameters): the
    # cover of the 501st weekly shift given in one go (the first of the second batch) is
    # paid like any other.
    with db.transaction() as session:
        bea = person(session, "Bea B")
        primary = rotation_by_name(session, "Primary").id or 0
        rows = [
            Shift(rotation_id=primary, slot_start=s, slot_end=e, state="published")
            for s, e in slots(home_calendar(session), date(2020, 1, 3), 501)
        ]
        session.add_all(rows)
        session.flush()
        last = rows[-1]
        saturday = last.slot_start + timedelta(hours=16)
        cover(session, last, bea, saturday, saturday + timedelta(hours=12))
        lines = lines_for_shifts(_Context.load(session), session, rows)
    assert [(x.email, x.slot_start, x.minutes) for x in lines] == [
        ("bea.b@example.com", last.slot_start, 12 * 60)
    ]


def test_overlapping_covers_of_a_whole_holiday_week_pay_the_earlier_cover_once(
    db: Database,
) -> None:
    # Covers should not overlap, but imported rows may: two covers of the whole slot of
    # St Patrick's week count once, the first entered keeps the fee and the supplement.
    with db.transaction() as session:
        ann, bea, cy = person(session, "Ann A"), person(session, "Bea B"), person(session, "Cy C")
        s = shift(session, date(2027, 3, 12), ann)
        cover(session, s, bea, s.slot_start, s.slot_end)
        cover(session, s, cy, s.slot_start, s.slot_end)
        lines = compute_month_lines(session, Month(2027, 3), LATER)
    assert [(x.email, x.kind, x.amount_minor) for x in lines] == [
        ("bea.b@example.com", "shift", 50000),
        ("bea.b@example.com", "holiday", 5000),
    ]

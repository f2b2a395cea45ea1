"""Pay lines' small rules, each on its own: month bounds, hours shown, what makes two lines
differ, the JSON a line exports, the per-person summary and the minutes paid."""

from __future__ import annotations

import time as clock
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from planner.core.db import Database
from planner.core.month import Month
from planner.core.out_of_hours import HomeCalendar
from planner.pay.lines import (
    LineData,
    month_bounds,
    paid_minutes,
    pay_month_of,
    summarise,
    totals_by_currency,
)
from tests.planner.pay_helpers import NOW, cover, person, shift

DUBLIN = HomeCalendar(timezone="Europe/Dublin")


def _line(**changes: object) -> LineData:
    line = LineData(
        volunteer_id=1,
        email="ann.a@example.com",
        name="Ann A",
        site="Dublin",
        currency="EUR",
        rotation_id=1,
        rotation="Primary",
        shift_id=7,
        slot_start=datetime(2027, 3, 26, 18, tzinfo=UTC),
        slot_end=datetime(2027, 4, 2, 17, tzinfo=UTC),
        kind="shift",
        minutes=90,
        amount_minor=1000,
        pay_month=Month.parse("2027-04"),
    )
    return replace(line, **changes)  # type: ignore[arg-type]


def test_a_month_runs_from_local_midnight_to_local_midnight() -> None:
    # March 2027 in Dublin: GMT on the 1st, Irish Summer Time (UTC+1) from the 28th, so
    # the month ends at 1 April 00:00 IST = 31 March 23:00 UTC.
    assert month_bounds(DUBLIN, Month.parse("2027-03")) == (
        datetime(2027, 3, 1, 0, tzinfo=UTC),
        datetime(2027, 3, 31, 23, tzinfo=UTC),
    )
    # a slot ending at 23:30 UTC on 31 March ends on 1 April, home time: April's pay
    assert pay_month_of(DUBLIN, datetime(2027, 3, 31, 23, 30, tzinfo=UTC)) == Month.parse("2027-04")
    assert pay_month_of(DUBLIN, datetime(2027, 3, 31, 22, 59, tzinfo=UTC)) == Month.parse("2027-03")


def test_a_summer_month_starts_at_home_midnight_whatever_the_computers_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # July 2027 in Dublin runs from 1 July 00:00 IST (30 June 23:00 UTC) to 1 August 00:00
    # IST, on a computer whose own zone is Tokyo.
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    clock.tzset()
    try:
        bounds = month_bounds(DUBLIN, Month.parse("2027-07"))
    finally:
        monkeypatch.undo()
        clock.tzset()
    assert bounds == (datetime(2027, 6, 30, 23, tzinfo=UTC), datetime(2027, 7, 31, 23, tzinfo=UTC))


def test_hours_are_shown_to_two_decimals_with_the_sign_of_the_amount() -> None:
    assert _line(minutes=90).hours == 1.5
    assert _line(minutes=20).hours == 0.33
    assert _line(minutes=90, amount_minor=-1000, kind="adjustment").hours == -1.5
    assert _line(minutes=90, amount_minor=0).hours == 1.5


def test_any_paid_figure_that_changes_makes_a_line_differ() -> None:
    line = _line(reason="")
    changed = [
        replace(line, volunteer_id=2),
        replace(line, shift_id=8),
        replace(line, rotation_id=2),
        replace(line, slot_start=datetime(2027, 3, 19, 18, tzinfo=UTC)),
        replace(line, kind="holiday"),
        replace(line, minutes=91),
        replace(line, amount_minor=1001),
        replace(line, currency="GBP"),
        replace(line, pay_month=Month.parse("2027-05")),
        replace(line, reason="late cover"),
    ]
    assert all(other.key() != line.key() for other in changed)
    # names shown on screen are not what was paid: renaming does not change a line
    assert replace(line, name="Ann B", email="ann.b@example.com").key() == line.key()


def test_lines_sort_by_name_then_currency_then_slot_then_kind() -> None:
    lines = [
        _line(name="bea", email="b@x", kind="holiday"),
        _line(name="Bea", email="b@x", kind="shift"),
        _line(name="Ann", email="a@x", currency="GBP"),
        _line(name="Ann", email="a@x", currency="EUR", kind="adjustment"),
        _line(name="Ann", email="a@x", currency="EUR", kind="shift"),
    ]
    ordered = sorted(lines, key=LineData.sort_key)
    assert [(x.name, x.currency, x.kind) for x in ordered] == [
        ("Ann", "EUR", "shift"),
        ("Ann", "EUR", "adjustment"),
        ("Ann", "GBP", "shift"),
        ("Bea", "EUR", "shift"),
        ("bea", "EUR", "holiday"),
    ]


def test_a_line_as_json_shows_the_slot_start_in_home_time() -> None:
    assert _line(kind="holiday").as_json(DUBLIN) == {
        "email": "ann.a@example.com",
        "currency": "EUR",
        "rotation": "Primary",
        "slot_start": "2027-03-26T18:00:00+00:00",
        "hours": 1.5,
        "amount_minor": 1000,
        "pay_month": "2027-04",
        "kind": "holiday",
    }
    summer = _line(slot_start=datetime(2027, 7, 2, 17, tzinfo=UTC)).as_json(DUBLIN)
    assert summer["slot_start"] == "2027-07-02T18:00:00+01:00"


def test_the_summary_adds_up_each_persons_month_per_currency() -> None:
    lines = [
        _line(minutes=600, amount_minor=40000),
        _line(kind="holiday", minutes=300, amount_minor=2000),
        _line(kind="adjustment", minutes=60, amount_minor=-500),
        _line(currency="GBP", minutes=120, amount_minor=3000),
        _line(name="bob", email="bob@example.com", minutes=30, amount_minor=700),
    ]
    rows = summarise(lines)
    assert [
        (r.name, r.currency, r.minutes, r.shift_minor, r.holiday_minor, r.adjustment_minor)
        for r in rows
    ] == [
        ("Ann A", "EUR", 600, 40000, 2000, -500),  # holiday and adjustment minutes not added
        ("Ann A", "GBP", 120, 3000, 0, 0),
        ("bob", "EUR", 30, 700, 0, 0),
    ]
    assert [r.total_minor for r in rows] == [41500, 3000, 700]
    assert (rows[0].email, rows[0].site) == ("ann.a@example.com", "Dublin")
    assert totals_by_currency(lines) == {"EUR": 42200, "GBP": 3000}
    assert list(totals_by_currency(lines[::-1])) == ["EUR", "GBP"]


def test_the_summary_adds_every_line_of_a_kind_and_sorts_people_by_name_ignoring_case() -> None:
    lines = [
        _line(name="bob", email="a.bob@example.com", minutes=600, amount_minor=40000),
        _line(name="bob", email="a.bob@example.com", minutes=300, amount_minor=20000),
        _line(name="bob", email="a.bob@example.com", kind="holiday", amount_minor=2000),
        _line(name="bob", email="a.bob@example.com", kind="holiday", amount_minor=1000),
        _line(name="Cy", email="0.cy@example.com", amount_minor=100),
        _line(name="Ann", email="z.ann@example.com", amount_minor=300),
    ]
    rows = summarise(lines)
    # by name (not e-mail), "bob" between "Ann" and "Cy" whatever its case
    assert [(r.name, r.minutes, r.shift_minor, r.holiday_minor) for r in rows] == [
        ("Ann", 90, 300, 0),
        ("bob", 900, 60000, 3000),  # two shifts and two holidays in the month
        ("Cy", 90, 100, 0),
    ]


def test_the_summary_orders_namesakes_by_email_then_currency() -> None:
    lines = [
        _line(name="Sam", email="sam.b@example.com", site="Dublin", currency="EUR"),
        _line(name="Sam", email="sam.a@example.com", site="London", currency="GBP"),
        _line(name="Sam", email="sam.a@example.com", site="London", currency="EUR"),
    ]
    assert [(r.email, r.currency) for r in summarise(lines)] == [
        ("sam.a@example.com", "EUR"),
        ("sam.a@example.com", "GBP"),
        ("sam.b@example.com", "EUR"),
    ]


def test_minutes_paid_are_what_each_person_held_of_the_slots_ending_in_the_month(
    db: Database,
) -> None:
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        s = shift(session, date(2027, 3, 5), ann)  # 123 out-of-hours hours
        cover(
            session,
            s,
            bea,
            datetime(2027, 3, 6, 10, tzinfo=UTC),
            datetime(2027, 3, 6, 22, 0, 30, tzinfo=UTC),  # 12 h and 30 s: 720 whole minutes
        )
        shift(session, date(2027, 3, 26), None)  # nobody held it: nobody is paid
        shift(session, date(2027, 4, 2), bea)  # ends in April
        session.flush()
        ann_id, bea_id = ann.id, bea.id
        paid = paid_minutes(session, Month.parse("2027-03"), NOW)
        before_it_ends = paid_minutes(
            session, Month.parse("2027-03"), datetime(2027, 3, 12, 17, tzinfo=UTC)
        )
    assert paid == {ann_id: 123 * 60 - 720 - 1, bea_id: 720}
    assert before_it_ends == {}


def test_a_rotation_window_limits_the_hours_paid_and_the_line_names_its_slot(db: Database) -> None:
    """A rotation held only 02:00-09:00 home time pays those hours, not the whole week's
    out-of-hours time, and its line names the site, the rotation and the slot's end."""
    from planner.core.home import rotation_by_name
    from planner.pay.lines import compute_month_lines
    from planner.rota import rotations

    with db.transaction() as session:
        spec = rotations.spec_of(session, rotation_by_name(session, "Primary"))
        windows = rotations.parse_windows("Primary", "02:00-09:00")
        rotations.update_rotation(session, "Primary", replace(spec, windows=windows))
        worked = shift(session, date(2027, 3, 5), person(session, "Tom W", "London"))
        lines = compute_month_lines(session, Month(2027, 3), NOW)
    assert [(x.email, x.kind, x.site, x.rotation) for x in lines] == [
        ("tom.w@example.com", "shift", "London", "Primary")
    ]
    # seven nights of 02:00-09:00 (Dublin), all of it out of office hours: 49 h, not 123 h
    assert lines[0].minutes == 49 * 60
    assert (lines[0].slot_start, lines[0].slot_end) == (worked.slot_start, worked.slot_end)

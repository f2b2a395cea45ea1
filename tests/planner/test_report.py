"""The monthly report's figures agree with the tables they come from."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from planner.core.home import home_calendar
from planner.core.models import Volunteer
from planner.core.month import Month
from planner.core.out_of_hours import ooh_minutes
from planner.outputs import report as report_module
from planner.outputs.report import month_bounds, monthly_report
from tests.planner import rota_rows
from tests.planner.rota_rows import add_cover, add_page, add_rest, fill_rota

team_db = rota_rows.team_db  # the fixture


def _person(s, name):  # type: ignore[no-untyped-def]
    return s.exec(select(Volunteer).where(Volunteer.name == name)).one()


@pytest.fixture
def january(team_db):  # type: ignore[no-untyped-def]
    """Dec 2026 to Feb 2027 planned and published; pages, rest and a cover in January."""
    with team_db.transaction() as s:
        shifts = fill_rota(s, date(2026, 11, 27), 14)
        tom, aoife = _person(s, "Tom Whitaker"), _person(s, "Aoife Byrne")
        add_cover(s, shifts[10], tom, 2, 6)  # a Primary shift of January: 6 h out of hours
        at = datetime(2027, 1, 9, 2, 30, tzinfo=UTC)
        add_page(s, at, tom, 30, night=True)
        add_page(s, datetime(2027, 1, 9, 20, 0, tzinfo=UTC), aoife, 10, night=False)
        add_page(s, datetime(2027, 2, 1, 0, 30, tzinfo=UTC), aoife, 10, night=False)  # Feb
        add_page(s, datetime(2026, 12, 31, 23, 30, tzinfo=UTC), aoife, 10, night=False)  # Dec
        add_rest(s, tom, "entitled", date(2027, 1, 10))
        add_rest(s, tom, "taken", date(2027, 1, 12), half_days=1)
        add_rest(s, tom, "taken", date(2027, 2, 2))  # next month: not in January's figures
    return team_db


def test_pages_weeks_offices_and_rotations_add_up(january) -> None:
    with january.session() as s:
        report = monthly_report(s, date(2027, 1, 1))
    assert (report.pages, report.night_pages) == (2, 1)
    assert sum(w.pages for w in report.weeks) == 2
    assert report.weeks[0].label == "week of 2026-12-25"
    assert report.weeks[-1].label == "week of 2027-01-29"
    offices = {o.name: (o.pages, o.night_pages) for o in report.by_office}
    assert offices == {"Dublin": (1, 0), "London": (1, 1), "San Francisco": (0, 0)}
    assert sum(r.pages for r in report.by_rotation) == 2


def test_out_of_hours_hours_are_the_months_and_covers_move_them(january) -> None:
    with january.session() as s:
        report = monthly_report(s, date(2027, 1, 1))
        cal = home_calendar(s)
        start, end = month_bounds(cal, date(2027, 1, 1))
        month_hours = ooh_minutes(cal, start, end) / 60
    # Every slot has an assignee in both rotations: the month's out-of-hours time, twice.
    assert report.ooh_hours == pytest.approx(2 * month_hours, abs=0.2)
    tom = next(p for p in report.people if p.name == "Tom Whitaker")
    assert tom.ooh_hours == 6 and tom.shifts == 0
    assert (tom.rest_entitled, tom.rest_taken, tom.rest_balance) == (1, 0.5, 0.5)
    assert (tom.pages, tom.night_pages) == (1, 1)
    assert sum(o.ooh_hours for o in report.offices) == pytest.approx(report.ooh_hours, abs=0.2)
    assert report.shifts == 2 * 5  # five handovers in January 2027, two rotations


def test_trend_ends_with_the_month_and_matches_each_months_report(january) -> None:
    with january.session() as s:
        report = monthly_report(s, date(2027, 1, 1))
        december = monthly_report(s, date(2026, 12, 1))
    assert [p.month for p in report.trend][-2:] == [date(2026, 12, 1), date(2027, 1, 1)]
    last, before = report.trend[-1], report.trend[-2]
    assert (last.pages, last.night_pages, last.ooh_hours) == (2, 1, report.ooh_hours)
    assert (before.pages, before.ooh_hours) == (december.pages, december.ooh_hours)


def test_fairness_and_coverage(january) -> None:
    with january.session() as s:
        report = monthly_report(s, date(2027, 1, 1))
    primary = report.fairness[0]
    assert primary.rotation == "Primary"
    assert primary.coverage == 1.0
    assert primary.balance is not None and 0 < primary.balance <= 1


def test_a_month_with_nothing_is_all_zero(db) -> None:
    with db.session() as s:
        report = monthly_report(s, date(2027, 1, 1))
    assert (report.pages, report.ooh_hours, report.shifts, report.people) == (0, 0, 0, ())
    assert len(report.trend) == 6


AFTER = datetime(2027, 3, 1, tzinfo=UTC)  # every January slot has been worked


def test_both_hour_figures_the_months_time_and_the_payrolls_weeks(january) -> None:
    from planner.pay.lines import compute_month_lines

    with january.session() as s:
        report = monthly_report(s, date(2027, 1, 1), now=AFTER)
        lines = compute_month_lines(s, Month(2027, 1), AFTER)
    paid = sum(x.minutes for x in lines if x.kind == "shift") / 60
    assert report.paid_hours == pytest.approx(paid, abs=0.1)  # the payroll's hours
    # January 2027 starts on a Friday before the 18:00 handover and ends on a Sunday, so the
    # weeks ending in January (paid) differ from the time inside it (on call).
    assert report.paid_hours != report.ooh_hours
    tom = next(p for p in report.people if p.name == "Tom Whitaker")
    assert (tom.ooh_hours, tom.paid_hours) == (6, 6)  # his cover: inside a January week


def test_one_balance_the_rota_screens_for_the_same_weeks_shown_the_same_way(january) -> None:
    from planner.rota import allocation
    from planner.rota.fairness import balance_text

    with january.session() as s:
        report = monthly_report(s, date(2027, 1, 1), now=AFTER)
        cal = home_calendar(s)
        weeks = report_module.window_weeks(cal, date(2026, 8, 1), date(2027, 2, 1))
        plan = allocation.summary(s, weeks[0], len(weeks), AFTER)
    assert report.window == f"weeks of {weeks[0]} to {weeks[-1]}"
    assert report.balance == plan.score.balance
    assert report.fairness[0].balance == plan.score.rotation_balance("Primary")
    assert balance_text(report.balance) == f"{round(plan.score.balance * 100)} %"
    assert balance_text(None) == "–"

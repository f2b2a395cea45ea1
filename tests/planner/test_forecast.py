"""The recruitment forecast: team size from the tours planned, shortfall, recruit-by date."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core import settings
from planner.core.errors import PlannerError
from planner.people import stagger
from planner.people.forecast import forecast
from tests.planner.rota_fixtures import person

TODAY = date(2026, 11, 26)


def _team(session, tours: list[tuple[date, date]]) -> None:  # type: ignore[no-untyped-def]
    for n, tour in enumerate(tours):
        person(session, f"Eng {n}", tour=tour)


def test_a_team_in_its_band_is_short_of_nobody(db) -> None:
    with db.transaction() as s:
        _team(s, [(date(2026, 11, 1), date(2027, 12, 1))] * 6)
        result = forecast(s, TODAY, 6)
    primary = [r for r in result.rows if r.rotation == "Primary"]
    assert [f"{r.month:%Y-%m}" for r in primary] == [
        "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04",
    ]  # fmt: skip
    assert {(r.team_size, r.band_min, r.band_max, r.shortfall) for r in primary} == {(6, 6, 8, 0)}
    assert all(r.recruit_by is None for r in primary)


def test_tours_ending_make_a_shortfall_to_recruit_for_lead_time_ahead(db) -> None:
    # six on tour; two leave on 2027-04-01 (their end date is exclusive)
    with db.transaction() as s:
        _team(s, [(date(2026, 11, 1), date(2027, 12, 1))] * 4)
        for n in range(2):
            person(s, f"Leaver {n}", tour=(date(2026, 10, 1), date(2027, 4, 1)))
        result = forecast(s, TODAY, 6)
    rows = {f"{r.month:%Y-%m}": r for r in result.rows if r.rotation == "Primary"}
    assert rows["2027-03"].shortfall == 0 and rows["2027-03"].team_size == 6
    april = rows["2027-04"]
    assert (april.team_size, april.shortfall, april.short_from) == (4, 2, date(2027, 4, 1))
    # two joiners fit in April (at most two a month): start by 2027-04-01, approved six
    # weeks before
    assert april.recruit_by == date(2027, 2, 18)
    assert april.as_json() == {
        "rotation": "Primary",
        "month": "2027-04",
        "team_size": 4,
        "band_min": 6,
        "band_max": 8,
        "shortfall": 2,
        "recruit_by": "2027-02-18",
    }


def test_a_shortfall_above_the_joins_a_month_needs_joiners_a_month_earlier(db) -> None:
    with db.transaction() as s:
        _team(s, [(date(2026, 11, 1), date(2027, 12, 1))] * 3)
        for n in range(3):
            person(s, f"Leaver {n}", tour=(date(2026, 10, 1), date(2027, 4, 10)))
        settings.put(s, "intake_lead_weeks", 4)
        result = forecast(s, TODAY, 6)
    april = next(r for r in result.rows if r.rotation == "Primary" and r.month.month == 4)
    assert (april.shortfall, april.short_from) == (3, date(2027, 4, 10))
    # two may join in April (by the 10th); the third must join in March, by the 31st
    assert april.recruit_by == date(2027, 3, 3)  # 2027-03-31 less four weeks


def test_planned_joins_use_up_the_month_s_room(db) -> None:
    with db.transaction() as s:
        _team(s, [(date(2026, 11, 1), date(2027, 12, 1))] * 4)
        for n in range(2):
            person(s, f"Leaver {n}", tour=(date(2026, 10, 1), date(2027, 4, 1)))
        person(s, "Joiner 0", tour=(date(2027, 4, 20), date(2027, 10, 20)))
        person(s, "Joiner 1", tour=(date(2027, 4, 20), date(2027, 10, 20)))
        result = forecast(s, TODAY, 6)
    april = next(r for r in result.rows if r.rotation == "Primary" and r.month.month == 4)
    # two short from 2027-04-01 until the joiners arrive; April's room is taken by them,
    # so the two needed must start in March
    assert (april.team_size, april.shortfall) == (4, 2)
    assert april.recruit_by == date(2027, 2, 17)  # 2027-03-31 less six weeks


def test_demo_forecast_agrees_with_the_tours_timeline(demo_db) -> None:
    with demo_db.session() as s:
        result = forecast(s, TODAY, 12)
        teams = stagger.teams(s)
    assert {r.rotation for r in result.rows} == {"Primary", "Escalation L2"}
    for row in result.rows:
        figures = teams[row.rotation].month_figures(row.month)
        if row.month > TODAY:
            assert row.team_size == figures.size_min
        assert row.shortfall == max(0, row.band_min - row.team_size)
        assert (row.recruit_by is None) == (row.shortfall == 0)
        if row.recruit_by is not None:
            assert row.short_from is not None
            assert (row.short_from - row.recruit_by).days >= 6 * 7


def test_months_out_of_range_are_refused(db) -> None:
    with db.session() as s, pytest.raises(PlannerError, match="--months must be 1 to 60"):
        forecast(s, TODAY, 0)


def test_the_command_line_default_is_the_service_s() -> None:
    from planner.people import forecast as service
    from ui.cli import cmd_forecast

    assert cmd_forecast.DEFAULT_MONTHS == service.DEFAULT_MONTHS

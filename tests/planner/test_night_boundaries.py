"""A night page starts at or after 00:00 and before 07:00 in the responder's time: the edges."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core import settings
from planner.core.db import Database
from planner.pay.pages import night_day

DUBLIN = ZoneInfo("Europe/Dublin")
DAY = date(2027, 3, 10)


def _at(clock: time, day: date = DAY) -> datetime:
    return datetime.combine(day, clock, DUBLIN)


@pytest.mark.parametrize(
    ("clock", "night"),
    [
        (time(0, 0), DAY),  # midnight starts the night
        (time(6, 59, 59), DAY),
        (time(7, 0), None),  # 07:00 is morning, not night
        (time(12, 0), None),
        (time(23, 59, 59), None),
    ],
)
def test_the_default_night_is_00_00_to_07_00(db: Database, clock: time, night: date | None) -> None:
    with db.session() as session:
        assert night_day(session, _at(clock), "Europe/Dublin") == night


@pytest.mark.parametrize(
    ("clock", "night"),
    [
        (time(21, 59), None),
        (time(22, 0), DAY + timedelta(days=1)),  # named by its morning
        (time(23, 59), DAY + timedelta(days=1)),
        (time(0, 0), DAY),
        (time(6, 59), DAY),
        (time(7, 0), None),
    ],
)
def test_a_night_across_midnight_has_the_same_edges(
    db: Database, clock: time, night: date | None
) -> None:
    with db.transaction() as session:
        settings.put(session, "night_start", "22:00")
    with db.session() as session:
        assert night_day(session, _at(clock), "Europe/Dublin") == night


def test_night_is_read_in_the_zone_given_not_the_instants_own(db: Database) -> None:
    utc_seven = datetime(2027, 3, 10, 7, 0, tzinfo=ZoneInfo("UTC"))  # 07:00 Dublin (GMT)
    with db.session() as session:
        assert night_day(session, utc_seven, "Europe/Dublin") is None
        assert night_day(session, utc_seven - timedelta(seconds=1), "Europe/Dublin") == DAY
        # 23:00 the evening before in San Francisco: not night there
        assert night_day(session, utc_seven, "America/Los_Angeles") is None


def test_a_night_that_starts_when_it_ends_holds_no_page(db: Database) -> None:
    with db.transaction() as session:
        settings.put(session, "night_start", "07:00")
    with db.session() as session:
        for clock in (time(0, 0), time(6, 59), time(7, 0), time(23, 0)):
            assert night_day(session, _at(clock), "Europe/Dublin") is None

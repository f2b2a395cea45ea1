"""A volunteer's status follows the tour dates whenever it is shown (status_on)."""

from __future__ import annotations

from datetime import date, timedelta

from planner.core.db import Database
from planner.people import tours, volunteers
from planner.people.volunteers import list_volunteers, status_on


def team(db: Database, today: date) -> None:
    with db.transaction() as s:
        starting = volunteers.create(
            s, name="Ann Start", email="ann@example.com", site="Dublin", status="approved"
        )
        tours.create_tour(s, starting, today - timedelta(days=1))  # started yesterday
        ending = volunteers.create(
            s, name="Bob End", email="bob@example.com", site="London", status="on_tour"
        )
        tours.create_tour(s, ending, today - timedelta(days=200), today)  # over today
        later = volunteers.create(
            s, name="Cat Later", email="cat@example.com", site="Dublin", status="approved"
        )
        tours.create_tour(s, later, today + timedelta(days=30))


def test_status_on_follows_the_tour_dates() -> None:
    day = date(2027, 3, 1)
    tour = [(date(2027, 2, 28), date(2027, 8, 28))]
    assert status_on("approved", tour, day) == "on_tour"
    assert status_on("approved", tour, date(2027, 2, 27)) == "approved"
    assert status_on("on_tour", tour, date(2027, 8, 28)) == "alumni"  # the end is exclusive
    assert status_on("withdrawn", tour, day) == "withdrawn"
    assert status_on("approved", [], day) == "approved"


def test_list_and_filter_use_todays_status(db: Database) -> None:
    today = date(2027, 3, 10)
    team(db, today)
    with db.session() as s:
        shown = {r.email: r.status for r in list_volunteers(s, today=today)}
        on_tour = [r.email for r in list_volunteers(s, "on_tour", today)]
        detail = volunteers.detail(s, volunteers.by_email(s, "bob@example.com").id, today)
    assert shown == {
        "ann@example.com": "on_tour",
        "bob@example.com": "alumni",
        "cat@example.com": "approved",
    }
    assert on_tour == ["ann@example.com"]
    assert detail.status == "alumni"


def test_the_command_line_s_read_is_the_screens_list(demo_db: Database) -> None:
    """``planner volunteers`` reads with sqlite3 (no SQLAlchemy to import): the same rows,
    statuses and order as the Volunteers screen's list, filtered or not, on any day."""
    from planner.people.volunteer_list import read_volunteers

    with demo_db.transaction() as s:  # names that sort apart from the emails
        volunteers.create(s, name="Aaron Zed", email="zz@example.com", site="London")
        volunteers.create(s, name="Aaron Zed", email="aa@example.com", site="Dublin")
    statuses = (None, "applied", "approved", "on_tour", "alumni", "withdrawn")
    shown: set[str] = set()
    for today in (None, date(2020, 1, 1), date(2026, 6, 15), date(2031, 1, 1)):
        with demo_db.session() as s:
            screens = {status: list_volunteers(s, status, today) for status in statuses}
        for status in statuses:
            assert read_volunteers(demo_db, status, today) == screens[status]
        assert len(screens[None]) > 20
        shown |= {r.status for r in screens[None]}
    assert shown >= {"applied", "approved", "on_tour", "alumni"}

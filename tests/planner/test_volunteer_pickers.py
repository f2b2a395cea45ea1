"""Which volunteers each picker offers: one rule in planner.people.volunteers."""

from __future__ import annotations

from collections import Counter

from planner.core.db import Database
from planner.core.home import site_currencies, sites
from planner.people import volunteers
from planner.rota.eligibility import INACTIVE_STATUSES


def test_the_rota_picker_offers_approved_on_tour_and_alumni_by_name(demo_db: Database) -> None:
    with demo_db.session() as session:
        everyone = volunteers.list_volunteers(session)
        offered = volunteers.choices(session, "rota")
    statuses = {v.email: v.status for v in everyone}
    assert offered and [c.name for c in offered] == sorted(c.name for c in offered)
    assert {statuses[c.email] for c in offered} <= {"approved", "on_tour", "alumni"}
    expected = {v.email for v in everyone if v.status in ("approved", "on_tour", "alumni")}
    assert {c.email for c in offered} == expected
    assert len(expected) < len(everyone)  # the demo has applicants the picker leaves out


def test_the_feed_picker_leaves_out_alumni(demo_db: Database) -> None:
    with demo_db.session() as session:
        everyone = {v.email: v.status for v in volunteers.list_volunteers(session)}
        offered = volunteers.choices(session, "feed")
    assert Counter(everyone[c.email] for c in offered).keys() <= {"approved", "on_tour"}
    assert {c.email for c in offered} == {
        e for e, s in everyone.items() if s in ("approved", "on_tour")
    }


def test_a_choice_names_the_site_and_its_time_zone(demo_db: Database) -> None:
    with demo_db.session() as session:
        offered = volunteers.choices(session, "rota")
        zones = {s.name: s.timezone for s in sites(session)}
    assert {c.site for c in offered} <= set(zones)
    assert all(c.timezone == zones[c.site] for c in offered)


def test_the_rota_never_holds_a_status_the_rota_picker_leaves_out() -> None:
    assert INACTIVE_STATUSES == {"applied", "declined", "withdrawn"}
    assert not INACTIVE_STATUSES & set(volunteers.statuses_offered("rota"))


def test_sites_in_set_up_order_and_their_currencies(demo_db: Database) -> None:
    with demo_db.session() as session:
        assert [s.name for s in sites(session)] == ["Dublin", "London", "San Francisco"]
        assert site_currencies(session) == ["EUR", "GBP", "USD"]

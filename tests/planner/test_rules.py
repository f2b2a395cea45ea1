"""Rules editable by the coordinator: sites, rotations (windows, retiring), and the effect
of a change shown before it is applied; closed pay runs are never changed."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import select

from planner.core import sites
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.models import Shift, Site
from planner.pay import rule_effects
from planner.rota import rotations
from planner.rota.rotations import RotationSpec
from planner.rota.weeks import ensure_slots
from tests.planner.rota_fixtures import START


def _site(session, name: str) -> Site:  # type: ignore[no-untyped-def]
    return session.exec(select(Site).where(Site.name == name)).one()


def test_a_site_takes_a_known_zone_currency_and_holiday_calendar(db) -> None:
    with db.transaction() as s:
        values = sites.values_of(_site(s, "London"))
        changed = sites.update_site(
            s,
            "London",
            sites.SiteValues("Europe/London", "gbp", "GB", "sct", False),
        )
        assert changed == ["holiday_subdivision"]
        assert _site(s, "London").holiday_subdivision == "SCT"
    for field, bad in (
        ("timezone", values.__class__("Europe/Londn", "GBP", "GB", None, False)),
        ("currency", values.__class__("Europe/London", "GB", "GB", None, False)),
        ("holiday_country", values.__class__("Europe/London", "GBP", "XX", None, False)),
        ("holiday_subdivision", values.__class__("Europe/London", "GBP", "GB", "ZZ", False)),
    ):
        with pytest.raises(sites.SiteError) as err, db.transaction() as s:
            sites.update_site(s, "London", bad)
        assert err.value.field == field and "London" in str(err.value)
    assert "Europe/Dublin" in sites.timezones() and "IE" in sites.holiday_calendars()


def test_the_home_site_moves_only_before_shifts_exist(db) -> None:
    with db.transaction() as s:
        london = sites.values_of(_site(s, "London"))
        sites.update_site(s, "London", london.__class__(*list(london.__dict__.values())[:4], True))
        assert [x.name for x in s.exec(select(Site).where(Site.is_home == True))] == ["London"]  # noqa: E712
        ensure_slots(s, START, 1)
    with (
        pytest.raises(PlannerError, match="cannot change once shifts exist"),
        db.transaction() as s,
    ):
        dublin = sites.values_of(_site(s, "Dublin"))
        sites.update_site(s, "Dublin", dublin.__class__(*list(dublin.__dict__.values())[:4], True))


def test_a_new_rotation_with_a_window_gets_slots_of_the_window_hours(db) -> None:
    spec = RotationSpec(
        "Follow the sun SF",
        ("engineer",),
        ("San Francisco",),
        rotations.parse_windows("x", "02:00-09:00"),
        gap_weeks=1,
    )
    with db.transaction() as s:
        rotation = rotations.add_rotation(s, spec)
        assert rotations.spec_of(s, rotation) == spec
        ensure_slots(s, START, 2)
        from planner.rota.weeks import list_rota

        rows = [r for r in list_rota(s, START, 2) if r.rotation == "Follow the sun SF"]
    assert [r.out_of_hours_hours for r in rows] == [49.0, 49.0]  # 7 nights x 02:00-09:00


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "primary"}, "name"),
        ({"roles": ("pilot",)}, "roles"),
        ({"sites": ("Paris",)}, "sites"),
        ({"gap_weeks": 99}, "gap_weeks"),
        ({"team_min": 9, "team_max": 4}, "team_min"),
    ],
)
def test_a_bad_rotation_names_the_field_and_writes_nothing(db, change, field) -> None:
    spec = RotationSpec(**{"name": "Night owls", **change})  # type: ignore[arg-type]
    with pytest.raises(rotations.RotationError) as err, db.transaction() as s:
        rotations.add_rotation(s, spec)
    assert err.value.field == field
    with db.session() as s:
        assert [r.name for r in rotations.specs(s)] == ["Primary", "Escalation L2"]
    with pytest.raises(PlannerError, match="HH:MM-HH:MM"):
        rotations.parse_windows("Night owls", "18:00 to 02:00")


def test_retiring_removes_later_drafts_and_stops_new_slots(db) -> None:
    with db.transaction() as s:
        ensure_slots(s, START, 4)
        removed = rotations.retire_rotation(s, "Escalation L2", date(2027, 3, 13))
        assert removed == 2  # the slots of 19 and 26 March; 5 and 12 March stay
        assert ensure_slots(s, START, 6) == 2  # Primary's two more weeks only
        l2 = rotation_by_name(s, "Escalation L2")
        left = s.exec(select(Shift).where(Shift.rotation_id == l2.id)).all()
        assert len(left) == 2


def test_the_effect_names_drafts_and_open_runs_and_nothing_is_written(demo_db) -> None:
    with demo_db.session() as s:
        before = rotations.spec_of(s, rotation_by_name(s, "Primary"))
        narrower = RotationSpec(**{**before.__dict__, "windows": ((time(20), time(6)),)})
        effect = rule_effects.preview(
            s, lambda x: rotations.update_rotation(x, "Primary", narrower)
        )
        assert rotations.spec_of(s, rotation_by_name(s, "Primary")) == before
    assert effect.refused and "closed pay run" in effect.refused  # past pay would change
    with pytest.raises(PlannerError, match="refused"), demo_db.transaction() as s:
        rule_effects.apply(s, lambda x: rotations.update_rotation(x, "Primary", narrower))


def test_a_change_that_leaves_closed_runs_alone_lists_its_future_drafts(demo_db) -> None:
    with demo_db.session() as s:
        l2 = rotations.spec_of(s, rotation_by_name(s, "Escalation L2"))
        effect = rule_effects.preview(
            s,
            lambda x: rotations.update_rotation(
                x, "Escalation L2", RotationSpec(**{**l2.__dict__, "roles": ("engineer",)})
            ),
        )
    assert not effect.refused
    assert effect.drafts and all("Escalation L2" in d for d in effect.drafts)
    assert "future draft shift(s) change" in effect.text()

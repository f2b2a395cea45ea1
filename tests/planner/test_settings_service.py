"""Changing settings: validation per key, the shifts-exist lock, rotation overrides, audit."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from planner.core import settings, settings_service
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.models import AuditEntry, Setting
from planner.people import stagger


def _snapshot(db) -> tuple[list[tuple[str, str]], int]:
    with db.session() as s:
        rows = sorted((r.key, r.value) for r in s.exec(select(Setting)).all())
        audits = len(s.exec(select(AuditEntry)).all())
    return rows, audits


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("office_start", "9am"),
        ("office_start", "25:00"),
        ("office_end", "08:00"),  # before office_start 09:00
        ("office_days", "Mon,Funday"),
        ("office_days", ""),
        ("handover_weekday", "7"),
        ("handover_weekday", "Someday"),
        ("handover_time", "18"),
        ("team_min", "9"),  # above team_max 8
        ("team_max", "0"),
        ("team_max", "lots"),
        ("max_joins_per_month", "-1"),
        ("min_experienced", "20"),  # above team_max
        ("tour_months", "0"),
        ("target_min", "10"),  # above target_max 4
        ("rest_per_night", "quarter"),
        ("night_start", "7:00"),  # equal to night_end 07:00
        ("night_end", "midnight"),
        ("rest_stale_days", "0"),
    ],
)
def test_bad_value_names_key_and_value_and_writes_nothing(db, key: str, raw: str) -> None:
    before = _snapshot(db)
    with pytest.raises(PlannerError) as err, db.transaction() as s:
        settings_service.change(s, key, raw)
    message = str(err.value)
    assert key in message
    assert raw in message or settings_service.display(key, settings_service.parse(key, raw)) in (
        message
    )
    assert _snapshot(db) == before


def test_unknown_key_is_refused(db) -> None:
    with pytest.raises(PlannerError, match="unknown setting 'colour'"), db.transaction() as s:
        settings_service.change(s, "colour", "blue")


def test_good_values_are_stored_parsed_and_audited(db) -> None:
    with db.transaction() as s:
        settings_service.change(s, "handover_weekday", "Thursday")
        settings_service.change(s, "office_days", "Mon, Tue, wed,3,Fri")
        settings_service.change(s, "office_start", "8:30")
        settings_service.change(s, "team_max", "10")
        settings_service.change(s, "rest_per_night", "Half")
    with db.session() as s:
        assert settings.get(s, "handover_weekday") == 3
        assert settings.get(s, "office_days") == [0, 1, 2, 3, 4]
        assert settings.get(s, "office_start") == "08:30"
        assert settings.get(s, "team_max") == 10
        assert settings.get(s, "rest_per_night") == "half"
        entries = s.exec(select(AuditEntry).where(AuditEntry.action == "setting.change")).all()
        details = {json.loads(e.detail)["key"]: json.loads(e.detail) for e in entries}
    assert details["team_max"]["old"] == 8 and details["team_max"]["new"] == 10
    assert details["office_start"]["old"] == "09:00"
    # office_days did not change (same days): no audit entry for it
    assert "office_days" not in details


def test_change_many_is_all_or_nothing(db) -> None:
    before = _snapshot(db)
    with pytest.raises(PlannerError, match="team_max"), db.transaction() as s:
        settings_service.change_many(s, {"tour_months": "9", "team_max": "x"})
    assert _snapshot(db) == before
    # two changes valid only together are accepted together
    with db.transaction() as s:
        settings_service.change_many(s, {"team_min": "9", "team_max": "12"})
    with db.session() as s:
        assert (settings.get(s, "team_min"), settings.get(s, "team_max")) == (9, 12)


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("office_days", "Mon,Tue,Wed,Thu"),
        ("office_start", "08:00"),
        ("office_end", "17:00"),
        ("handover_weekday", "Monday"),
        ("handover_time", "09:00"),
    ],
)
def test_slot_settings_are_locked_once_shifts_exist(demo_db, key: str, raw: str) -> None:
    before = _snapshot(demo_db)
    with pytest.raises(PlannerError) as err, demo_db.transaction() as s:
        settings_service.change(s, key, raw)
    assert "fixed once shifts exist" in str(err.value)
    assert str(err.value).startswith(f"setting {key}: cannot change to ")
    assert "\n" not in str(err.value)
    assert _snapshot(demo_db) == before


def test_other_settings_still_change_when_shifts_exist(demo_db) -> None:
    with demo_db.transaction() as s:
        settings_service.change(s, "rest_stale_days", "45")
        # setting a locked key to its current value is not a change
        settings_service.change(s, "handover_weekday", "Friday")
    with demo_db.session() as s:
        assert settings.get(s, "rest_stale_days") == 45


def test_rotation_override_changes_the_stagger_rules(db) -> None:
    with db.session() as s:
        name = settings_service.rotation_rows(s)[0].name
        assert stagger.rules_by_rotation(s)[name].team_max == 8
    with db.transaction() as s:
        settings_service.change_rotation(s, name, team_min="2", team_max="3", min_experienced="1")
    with db.session() as s:
        rules = stagger.rules_by_rotation(s)[name]
        assert (rules.team_min, rules.team_max, rules.min_experienced) == (2, 3, 1)
    with db.transaction() as s:  # back to the global setting
        settings_service.change_rotation(s, name, team_max="default", team_min="default")
        settings_service.change(s, "team_max", "11")
    with db.session() as s:
        assert stagger.rules_by_rotation(s)[name].team_max == 11
        assert rotation_by_name(s, name).team_max is None


def test_bad_rotation_override_writes_nothing(db) -> None:
    with db.session() as s:
        name = settings_service.rotation_rows(s)[0].name
    before = _snapshot(db)
    with pytest.raises(PlannerError, match="team_min 9 must not exceed team_max 8"):
        with db.transaction() as s:
            settings_service.change_rotation(s, name, min_gap_weeks="2", team_min="9")
    with pytest.raises(PlannerError, match="min_gap_weeks '-1'"), db.transaction() as s:
        settings_service.change_rotation(s, name, min_gap_weeks="-1")
    with pytest.raises(PlannerError, match="unknown rotation 'Nope'"), db.transaction() as s:
        settings_service.change_rotation(s, "Nope", team_min="2")
    with db.session() as s:
        assert rotation_by_name(s, name).min_gap_weeks == 3
    assert _snapshot(db) == before

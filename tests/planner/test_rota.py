"""Slots, the rota listing, publish and re-open, covers, swaps and manual assignment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from planner.core.errors import PlannerError
from planner.core.home import home_calendar, rotation_by_name
from planner.core.models import Cover, Shift
from planner.people import volunteers
from planner.rota import covers
from planner.rota.weeks import ensure_slots, list_rota, publish, reopen
from tests.planner.rota_fixtures import BEFORE, START, person


def _utc(day: int, hour: int, month: int = 3) -> datetime:
    return datetime(2027, month, day, hour, tzinfo=UTC)


@pytest.fixture
def team(db):
    with db.transaction() as s:
        people = {n: person(s, n).id for n in ("Ann", "Bob", "Cat", "Dan")}
        people["Lea"] = person(s, "Lea", role="leader").id
        ensure_slots(s, START, 8)
    return people


def _shift(s, rotation: str, week: date) -> Shift:
    return covers.shift_in_week(s, rotation_by_name(s, rotation), week)


def _assign(s, rotation: str, week: date, name: str) -> Shift:
    shift = _shift(s, rotation, week)
    shift.volunteer_id = volunteers.by_email(s, f"{name.lower()}@example.com").id
    s.add(shift)
    return shift


def test_one_slot_per_rotation_per_week_from_friday_handover(db, team) -> None:
    with db.session() as s:
        rows = list_rota(s, START, 8, now=BEFORE)
        assert ensure_slots(s, START, 8) == 0  # already there: nothing new
    assert len(rows) == 16
    assert {r.rotation for r in rows} == {"Primary", "Escalation L2"}
    first = rows[0]
    # Friday 5 March 18:00 Dublin is 18:00 UTC (Ireland is on GMT until 28 March).
    assert (first.slot_start, first.slot_end) == (_utc(5, 18), _utc(12, 18))
    assert first.out_of_hours_hours == 123.0  # 168 h less five office days of 9 h
    # The week across the EU spring-forward (Sunday 28 March) is an hour shorter.
    spring = [r for r in rows if r.week == date(2027, 3, 26)][0]
    assert spring.slot_end - spring.slot_start == timedelta(hours=167)
    assert first.warnings == ("uncovered",)


def test_json_keys_and_offsets(db, team) -> None:
    with db.session() as s:
        row = list_rota(s, date(2027, 4, 1), 1, now=BEFORE)[0].as_json(home_calendar(s))
    assert set(row) == {
        "rotation", "slot_start", "slot_end", "out_of_hours_hours", "assignee", "state", "covers",
    }  # fmt: skip
    assert row["slot_start"] == "2027-04-02T18:00:00+01:00"  # Irish summer time
    assert row["assignee"] is None and row["state"] == "draft"


def test_publish_leaves_uncovered_slots_draft_and_reopen_makes_drafts_again(db, team) -> None:
    with db.transaction() as s:
        _assign(s, "Primary", date(2027, 3, 5), "Ann")
        result = publish(s, START, 1, now=BEFORE)
    assert result.published == 1
    assert result.uncovered == ("Escalation L2 week of 2027-03-05",)
    with db.session() as s:
        states = {r.rotation: r.state for r in list_rota(s, START, 1, now=BEFORE)}
    assert states == {"Primary": "published", "Escalation L2": "draft"}
    # After the slot has ended it is worked, and cannot be re-opened.
    with db.session() as s:
        assert list_rota(s, START, 1, now=_utc(13, 0))[0].state == "worked"
    with db.transaction() as s:
        with pytest.raises(PlannerError, match="worked"):
            reopen(s, START, 1, now=_utc(13, 0))
    with db.transaction() as s:
        assert reopen(s, START, 1, now=BEFORE) == 1
    with db.session() as s:
        assert {r.state for r in list_rota(s, START, 1, now=BEFORE)} == {"draft"}


def test_cover_across_a_handover_is_split_between_the_two_slots(db, team) -> None:
    with db.transaction() as s:
        _assign(s, "Primary", date(2027, 3, 5), "Ann")
        _assign(s, "Primary", date(2027, 3, 12), "Bob")
    with db.transaction() as s:
        result = covers.add_cover(
            s, rotation_by_name(s, "Primary"), volunteers.by_email(s, "cat@example.com"),
            _utc(12, 12), _utc(13, 2),
        )  # fmt: skip
    assert len(result.covers) == 2 and result.warnings == ()
    with db.session() as s:
        rows = [r for r in list_rota(s, START, 2, now=BEFORE) if r.rotation == "Primary"]
    assert [(c.email, c.start, c.end) for c in rows[0].covers] == [
        ("cat@example.com", _utc(12, 12), _utc(12, 18))
    ]
    assert [(c.email, c.start, c.end) for c in rows[1].covers] == [
        ("cat@example.com", _utc(12, 18), _utc(13, 2))
    ]


def _count_covers(db) -> int:
    with db.session() as s:
        return len(s.exec(select(Cover)).all())


def test_cover_refused_on_leave_in_other_rotation_or_overlapping(db, team) -> None:
    with db.transaction() as s:
        _assign(s, "Primary", date(2027, 3, 5), "Ann")
        l2 = rotation_by_name(s, "Escalation L2")
        l2.eligible_roles = "leader,engineer"  # so that Cat may hold it
        person(s, "Eve")
        s.add(l2)
        _assign(s, "Escalation L2", date(2027, 3, 5), "Cat")
        volunteers.add_unavailability(
            s, volunteers.by_email(s, "dan@example.com"), date(2027, 3, 6), date(2027, 3, 7),
            "wedding",
        )  # fmt: skip
    cases = [
        ("dan", "away 2027-03-06..2027-03-07 \\(wedding\\)"),
        ("cat", "already on call for Escalation L2"),
        ("ann", "already holds the Primary shift"),
    ]
    for name, message in cases:
        with pytest.raises(PlannerError, match=message), db.transaction() as s:
            covers.add_cover(
                s, rotation_by_name(s, "Primary"), volunteers.by_email(s, f"{name}@example.com"),
                _utc(6, 20), _utc(7, 8),
            )  # fmt: skip
    with db.transaction() as s:
        covers.add_cover(
            s, rotation_by_name(s, "Primary"), volunteers.by_email(s, "bob@example.com"),
            _utc(6, 20), _utc(7, 8),
        )  # fmt: skip
    with pytest.raises(PlannerError, match="already covered by bob"), db.transaction() as s:
        covers.add_cover(
            s, rotation_by_name(s, "Primary"), volunteers.by_email(s, "eve@example.com"),
            _utc(7, 0), _utc(7, 9),
        )  # fmt: skip
    assert _count_covers(db) == 1


def test_cover_outside_a_tour_is_a_warning_not_a_refusal(db, team) -> None:
    with db.transaction() as s:
        person(s, "Eve", tour=None)
        _assign(s, "Primary", date(2027, 3, 5), "Ann")
    with db.transaction() as s:
        result = covers.add_cover(
            s, rotation_by_name(s, "Primary"), volunteers.by_email(s, "eve@example.com"),
            _utc(6, 20), _utc(7, 8),
        )  # fmt: skip
    assert result.warnings == ("eve@example.com is not on tour for the whole cover",)
    with db.session() as s:
        row = list_rota(s, START, 1, now=BEFORE)[0]
    assert "cover eve@example.com is outside a tour" in row.warnings


def test_swap_exchanges_assignees_and_refuses_a_gap_breach(db, team) -> None:
    with db.transaction() as s:
        _assign(s, "Primary", date(2027, 3, 5), "Ann")
        _assign(s, "Primary", date(2027, 3, 12), "Bob")
        _assign(s, "Primary", date(2027, 3, 26), "Cat")
        _assign(s, "Primary", date(2027, 4, 2), "Ann")
    with db.transaction() as s:
        a, b = _shift(s, "Primary", date(2027, 3, 5)), _shift(s, "Primary", date(2027, 3, 12))
        # Ann in the week of 12 March would be only 2 clear weeks before her 2 April shift;
        # Primary needs 3.
        with pytest.raises(PlannerError, match="swap refused: ann@example.com also holds"):
            covers.swap(s, a.id, b.id, now=BEFORE)
    with db.transaction() as s:
        b, c = _shift(s, "Primary", date(2027, 3, 12)), _shift(s, "Primary", date(2027, 3, 26))
        covers.swap(s, b.id, c.id, now=BEFORE)
    with db.session() as s:
        who = {r.week: r.assignee_email for r in list_rota(s, START, 6, now=BEFORE)
               if r.rotation == "Primary"}  # fmt: skip
    assert who[date(2027, 3, 12)] == "cat@example.com"
    assert who[date(2027, 3, 26)] == "bob@example.com"
    with pytest.raises(PlannerError, match="already started"), db.transaction() as s:
        covers.swap(s, b.id, c.id, now=_utc(13, 0))


def test_manual_assign_checks_hard_rules_and_override_leaves_a_warning(db, team) -> None:
    with db.transaction() as s:
        _assign(s, "Primary", date(2027, 3, 5), "Ann")
    with db.transaction() as s:
        shift = _shift(s, "Primary", date(2027, 3, 19))
        ann = volunteers.by_email(s, "ann@example.com")
        with pytest.raises(PlannerError, match="gap must be 3"):
            covers.assign(s, shift.id, ann, now=BEFORE)
        lea = volunteers.by_email(s, "lea@example.com")
        with pytest.raises(PlannerError, match="is a leader; Primary takes engineer"):
            covers.assign(s, shift.id, lea, now=BEFORE)
        assert covers.assign(s, shift.id, ann, override=True, now=BEFORE)
    with db.session() as s:
        row = [r for r in list_rota(s, START, 3, now=BEFORE) if r.week == date(2027, 3, 19)][0]
    assert row.assignee_email == "ann@example.com"
    assert any("gap must be 3" in w for w in row.warnings)


def test_a_leader_cannot_cover_primary(db, team) -> None:
    with db.transaction() as s:
        _assign(s, "Primary", date(2027, 3, 5), "Ann")
    with pytest.raises(PlannerError, match="cannot cover Primary: lea@example.com is a leader"):
        with db.transaction() as s:
            covers.add_cover(
                s, rotation_by_name(s, "Primary"), volunteers.by_email(s, "lea@example.com"),
                _utc(6, 20), _utc(7, 8),
            )  # fmt: skip
    assert _count_covers(db) == 0


def test_add_cover_steps_range_then_shifts_to_cover(db, team) -> None:
    from datetime import UTC, datetime

    from planner.rota.eligibility import load_context

    naive = datetime(2027, 3, 6, 20)
    for start, end, message in [
        (naive, _utc(7, 2), "need a UTC offset"),
        (_utc(6, 20), _utc(6, 20), "cover is empty"),
        (_utc(7, 2), _utc(6, 20), "before it starts"),
        (datetime(2027, 3, 6, 20, 0, 30, tzinfo=UTC), _utc(7, 2), "cover start"),
    ]:
        with pytest.raises(PlannerError, match=message):
            covers._check_range(start, end)
    with db.transaction() as s:
        _assign(s, "Primary", date(2027, 3, 5), "Ann")
    with db.session() as s:
        ctx, primary = load_context(s), rotation_by_name(s, "Primary")
        pieces = covers._pieces_covering(ctx, primary, _utc(6, 20), _utc(7, 8))
        assert [p.slot_start for p in pieces] == [_utc(5, 18)]
        with pytest.raises(PlannerError, match="has no shift for part of"):
            covers._pieces_covering(ctx, primary, _utc(6, 20), datetime(2027, 6, 1, tzinfo=UTC))
        cat = volunteers.by_email(s, "cat@example.com")
        assert covers._cover_warnings(ctx, cat, primary, _utc(8, 10), _utc(8, 12)) == [
            "the cover holds no out-of-hours time, so it earns nothing"
        ]

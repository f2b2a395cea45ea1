"""Staggering: team size per rotation, breaches, and the planner's proposals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from planner.core import settings
from planner.core.home import rotation_by_name
from planner.core.models import Shift
from planner.people import stagger, tours, volunteers

TODAY = date(2026, 11, 26)


def _engineer(session, n: int, available: date, status="approved"):
    v = volunteers.create(
        session,
        name=f"Engineer {n}",
        email=f"e{n}@example.com",
        site=("Dublin", "London", "San Francisco")[n % 3],
        available_from=available,
    )
    if status != "applied":
        volunteers.change_status(session, v, status, TODAY)
    return v


def test_demo_team_sizes_per_rotation(demo_db) -> None:
    with demo_db.session() as s:
        teams = stagger.teams(s)
    primary = teams["Primary"].month_figures(date(2026, 11, 1))
    assert 6 <= primary.size_min <= primary.size_max <= 8
    assert teams["Escalation L2"].size(TODAY) >= 1
    assert all(m.volunteer_id for m in teams["Primary"].members)


def test_planner_staggers_a_new_team_without_breaches(db) -> None:
    with db.transaction() as s:
        for n in range(12):
            _engineer(s, n, date(2026, 12, 1))
        plan = stagger.propose(s, TODAY)
    assert len(plan.proposals) == 12 and not plan.unplaced
    starts = [p.start for p in plan.proposals]
    per_month: dict[date, int] = {}
    for start in starts:
        per_month[start.replace(day=1)] = per_month.get(start.replace(day=1), 0) + 1
    assert max(per_month.values()) <= 2  # never a big-bang change
    assert min(starts) == date(2026, 12, 1)
    assert plan.breaches == []
    with db.transaction() as s:
        created = stagger.accept(s, plan)
        assert len(created) == 12
        assert stagger.breaches(s, TODAY) == []
        team = stagger.teams(s)["Primary"]
    assert max(team.size(date(2027, 1, 1) + timedelta(days=d)) for d in range(700)) <= 8


def test_planner_honours_available_from(db) -> None:
    with db.transaction() as s:
        _engineer(s, 1, date(2027, 3, 17))
        plan = stagger.propose(s, TODAY)
    assert plan.proposals[0].start == date(2027, 3, 17)
    assert plan.proposals[0].end == date(2027, 9, 17)


def test_planner_ignores_applicants_and_volunteers_with_a_tour(db) -> None:
    with db.transaction() as s:
        _engineer(s, 1, date(2027, 1, 1), status="applied")
        v = _engineer(s, 2, date(2027, 1, 1))
        tours.create_tour(s, v, date(2027, 1, 1))
        assert stagger.propose(s, TODAY).proposals == []


def test_no_start_date_names_the_rule_and_the_months(db) -> None:
    with db.transaction() as s:
        settings.put(s, "team_max", 2)
        for n in range(3):
            _engineer(s, n, date(2027, 1, 1))
        plan = stagger.propose(s, TODAY, horizon_months=3)
    assert [p.email for p in plan.proposals] == ["e0@example.com", "e1@example.com"]
    (unplaced,) = plan.unplaced
    assert unplaced.email == "e2@example.com"
    assert "team already full in Primary" in unplaced.reason
    assert "2027-01" in unplaced.reason


def test_too_many_joins_in_a_month_is_a_breach(db) -> None:
    with db.transaction() as s:
        for n in range(3):
            tours.create_tour(s, _engineer(s, n, date(2027, 1, 1)), date(2027, 1, 1))
        found = stagger.breaches(s, TODAY)
    assert any(b.rule == "joins" and b.month == date(2027, 1, 1) for b in found)
    assert any("3 join in 2027-01 (at most 2)" in b.message for b in found)


def test_experienced_counts_worked_shifts_from_the_shift_table(db) -> None:
    with db.transaction() as s:
        v = _engineer(s, 1, date(2026, 1, 1))
        tours.create_tour(s, v, date(2026, 10, 1))
        rotation = rotation_by_name(s, "Primary")
        start = datetime(2026, 11, 6, 18, tzinfo=UTC)
        s.add(
            Shift(
                rotation_id=rotation.id,
                slot_start=start,
                slot_end=start + timedelta(days=7),
                volunteer_id=v.id,
                state="published",
            )
        )
        s.flush()
        team = stagger.teams(s, now=datetime(2026, 11, 26, tzinfo=UTC))["Primary"]
    assert team.experienced(date(2026, 11, 12)) == 0  # before the shift ended
    assert team.experienced(date(2026, 11, 14)) == 1

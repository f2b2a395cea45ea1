"""The rota of a range is judged from what that range needs (``range_context``): the same
rows, warnings, score, loads and uncovered reasons as from the whole database, while
reading a few weeks of a rota that holds years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from planner.core.db import Database
from planner.core.home import rotation_by_name
from planner.core.models import Cover, Shift, Unavailability
from planner.rota import allocation
from planner.rota.allocation import Plan
from planner.rota.eligibility import load_context, range_context
from planner.rota.rotations import RotationSpec, add_rotation, parse_windows
from planner.rota.weeks import ensure_slots, legend_sites, list_rota, week_range
from tests.planner.rota_fixtures import person

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def _comparable(plan: Plan) -> Plan:
    """A plan without its e-mail book (the whole context names everyone; a range's
    context names who the range needs, and the plan only looks up those)."""
    from dataclasses import replace

    wanted = {who for who in plan.assignment.values() if who is not None}
    return replace(plan, names={k: v for k, v in plan.names.items() if k in wanted})


def _same_either_way(db: Database, from_day: date, weeks: int, now: datetime) -> None:
    with db.session() as session:
        whole = load_context(session)
        ranged = range_context(session, from_day, weeks)
        assert list_rota(session, from_day, weeks, now, ranged) == list_rota(
            session, from_day, weeks, now, whole
        ), (from_day, weeks)
        assert _comparable(allocation.summary(session, from_day, weeks, now, ranged)) == (
            _comparable(allocation.summary(session, from_day, weeks, now, whole))
        ), (from_day, weeks)


def test_the_demo_rota_of_any_range_is_the_same_read_for_the_range(demo_db: Database) -> None:
    # From before the first shift to after the last, short and long ranges, past and future.
    day = date(2026, 6, 1)
    while day < date(2027, 8, 1):
        for weeks in (1, 5, 12, 30):
            _same_either_way(demo_db, day, weeks, NOW)
        day += timedelta(days=23)


@pytest.fixture
def years(db: Database) -> dict[str, int]:
    """Three years of Primary and L2 shifts, every week assigned; tours of six months
    staggered, a tour that ended long ago, one that starts later, leave, covers and a
    broken gap rule at the edges of the range the tests look at (2027-03-05, 6 weeks)."""
    with db.transaction() as s:
        ids: dict[str, int] = {}
        for i, name in enumerate(("Ann", "Bob", "Cat", "Dan", "Eve", "Fay")):
            first = date(2026, 1, 1) + timedelta(days=61 * i)
            tour = (first, first + timedelta(days=183))
            ids[name] = person(s, name, tour=tour, targets=(2, 4)).id or 0
        ids["Old"] = person(s, "Old", tour=(date(2025, 1, 2), date(2025, 7, 2))).id or 0
        ids["New"] = person(s, "New", tour=(date(2027, 9, 3), date(2028, 3, 3))).id or 0
        ids["Lea"] = (
            person(s, "Lea", role="leader", tour=(date(2026, 12, 1), date(2027, 6, 1))).id or 0
        )
        ids["Ned"] = person(s, "Ned", tour=None).id or 0
        # A third rotation held only in daily windows (one wraps midnight), added first so
        # its windows are written in the opposite order to their start times.
        nights = RotationSpec("Nights", ("engineer",), ("Dublin",),
                              parse_windows("Nights", "22:00-02:00, 05:00-07:00"), gap_weeks=1)  # fmt: skip
        add_rotation(s, nights)
        ensure_slots(s, date(2025, 6, 1), 160)
        primary = rotation_by_name(s, "Primary").id
        engineers = [ids[n] for n in ("Ann", "Bob", "Cat", "Dan", "Eve", "Fay")]
        shifts = s.exec(select(Shift).order_by(Shift.slot_start)).all()  # type: ignore[arg-type]
        for n, shift in enumerate(shifts):
            if shift.rotation_id == primary:
                shift.volunteer_id = engineers[(n // 2) % len(engineers)]
            else:
                shift.volunteer_id = ids["Lea"]
            s.add(shift)
        s.flush()

        def at(rotation_id: int | None, day: date) -> Shift:
            return next(
                x for x in shifts if x.rotation_id == rotation_id and x.slot_start.date() == day
            )

        # Around the range 2027-03-05 + 6 weeks: Old (long gone) and New (not yet) hold a
        # week each, Ann breaks the gap rule across its start, Ned (no tour) holds one, and
        # an L2 week has nobody.
        at(primary, date(2027, 3, 12)).volunteer_id = ids["Old"]
        at(primary, date(2027, 3, 26)).volunteer_id = ids["New"]
        at(primary, date(2027, 2, 26)).volunteer_id = ids["Ann"]
        at(primary, date(2027, 3, 5)).volunteer_id = ids["Ann"]
        at(primary, date(2027, 4, 9)).volunteer_id = ids["Ned"]
        leaders = rotation_by_name(s, "Escalation L2").id
        at(leaders, date(2027, 3, 19)).volunteer_id = None  # a gap
        cover_shift = at(primary, date(2027, 3, 19))
        s.add(
            Cover(
                shift_id=cover_shift.id or 0,
                volunteer_id=ids["Bob"],
                start=cover_shift.slot_start + timedelta(days=1),
                end=cover_shift.slot_start + timedelta(days=2),
                note="",
            )
        )
        s.add(Unavailability(volunteer_id=ids["Cat"], first_day=date(2027, 4, 14),
                             last_day=date(2027, 4, 20), reason="annual leave"))  # fmt: skip
        s.add(Unavailability(volunteer_id=ids["Bob"], first_day=date(2027, 3, 20),
                             last_day=date(2027, 3, 20), reason="travel"))  # fmt: skip
        s.add(Unavailability(volunteer_id=ids["Dan"], first_day=date(2026, 1, 1),
                             last_day=date(2026, 1, 9), reason="long before"))  # fmt: skip
        for shift in shifts:
            s.add(shift)
    return ids


def test_three_years_judged_per_range_as_from_the_whole_rota(
    db: Database, years: dict[str, int]
) -> None:
    now = datetime(2027, 3, 20, 9, tzinfo=UTC)  # in the range: worked, in progress, draft
    for from_day in (date(2027, 3, 1), date(2027, 1, 4), date(2025, 5, 1), date(2028, 6, 1)):
        for weeks in (1, 6, 20):
            _same_either_way(db, from_day, weeks, now)
    with db.session() as session:
        rows = list_rota(session, date(2027, 3, 1), 6, now)
    warnings = {w for r in rows for w in r.warnings}
    # The range shows what the tests above compare: every kind of warning is there.
    assert any("not on tour" in w for w in warnings)
    assert any("gap must be" in w for w in warnings)
    assert any(r.covers for r in rows)
    assert "uncovered" in warnings


def test_a_range_reads_its_weeks_not_the_years_around_it(
    db: Database, years: dict[str, int]
) -> None:
    with db.session() as session:
        everything = load_context(session)
        ctx = range_context(session, date(2027, 3, 1), 6)
        start, end = week_range(ctx.cal, date(2027, 3, 1), 6)
    # 480 shifts in the database; the range needs its 18, the gap rule's 5 weeks either
    # side (Primary's gap is 3) and the shifts its people hold in the tours that count in
    # their loads.
    assert len(everything.shifts) == 480
    margin = timedelta(weeks=5)
    near = [s for s in ctx.shifts if start - margin <= s.slot_start < end + margin]
    assert len(near) == 48
    tours = {who: ctx.tours[who] for who in ctx.tours}
    for far in (s for s in ctx.shifts if s not in near):
        day = far.slot_start.date()
        assert any(t0 - timedelta(days=2) <= day < t1 + timedelta(days=2)
                   for t0, t1, _a, _b in tours[far.volunteer_id or 0]), far  # fmt: skip
    assert len(ctx.shifts) < 160
    # Whoever holds, covers or could hold a week of the range; not Ned-less years of people.
    held = {s.volunteer_id for s in ctx.shifts if start <= s.slot_start < end}
    assert held - {None} <= set(ctx.people)
    assert years["Ned"] in ctx.people  # holds a week without a tour
    assert years["Old"] in ctx.people and years["New"] in ctx.people
    assert set(ctx.people) < set(everything.people)
    # Leave long before the range is not read.
    assert years["Dan"] not in ctx.leave


def test_the_legend_names_every_site_a_volunteer_works_at(demo_db: Database) -> None:
    with demo_db.session() as session:
        everyone = load_context(session).people.values()
        assert legend_sites(session) == sorted({(p.site, p.colour) for p in everyone})

"""The screens read only what they show: the windowed and aggregated reads give exactly
what the whole-table reads they replaced gave."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from planner.core.db import Database
from planner.core.home import home_site
from planner.core.models import Shift
from planner.people import stagger
from planner.rota import on_call

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def _clipped_from_everything(db: Database, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    """What the Timeline showed before: every stretch of all time, clipped to the range."""
    with db.session() as session:
        everything = on_call.all_stretches(session, NOW)
    result = {}
    for rotation_id, items in everything.items():
        clipped = []
        for s in items:
            s0 = start if s.start is None else max(s.start, start)
            s1 = end if s.end is None else min(s.end, end)
            if s0 < s1:
                clipped.append(replace(s, start=s0, end=s1))
        result[rotation_id] = clipped
    return result


def test_the_timeline_range_shows_the_same_stretches_as_all_time_clipped(
    demo_db: Database,
) -> None:
    with demo_db.session() as session:
        first = session.exec(select(Shift).order_by(Shift.slot_start)).first()
        last = session.exec(select(Shift).order_by(Shift.slot_end.desc())).first()  # type: ignore[attr-defined]
    assert first is not None and last is not None
    ranges = [
        (NOW - timedelta(days=9, hours=5), NOW + timedelta(days=20)),  # starts mid-shift
        (first.slot_start - timedelta(days=30), first.slot_start + timedelta(days=10)),
        (last.slot_end - timedelta(days=3), last.slot_end + timedelta(days=40)),
        (last.slot_end + timedelta(days=1), last.slot_end + timedelta(days=8)),  # no shift
        (first.slot_start - timedelta(days=400), last.slot_end + timedelta(days=400)),
    ]
    for start, end in ranges:
        with demo_db.session() as session:
            shown = on_call.stretches(session, start, end, now=NOW)
        assert shown == _clipped_from_everything(demo_db, start, end), (start, end)
        assert any(shown.values())


def test_experience_aggregated_in_sql_matches_every_shift_read_one_by_one(
    demo_db: Database,
) -> None:
    with demo_db.session() as session:
        zone = ZoneInfo(home_site(session).timezone)
        experience = stagger._Experience(session, NOW)
        first: dict[tuple[int, int], date] = {}
        last: dict[int, date] = {}
        for shift in session.exec(select(Shift)).all():
            day = shift.slot_end.astimezone(zone).date()
            last[shift.rotation_id] = max(last.get(shift.rotation_id, day), day)
            if shift.volunteer_id is None:
                continue
            if shift.state != "published" and shift.slot_end <= NOW:
                continue
            key = (shift.rotation_id, shift.volunteer_id)
            first[key] = min(first.get(key, day), day)
    assert experience.first == first and len(first) > 5
    assert experience.last_shift_day == last

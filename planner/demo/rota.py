"""Demo step: the rota. Worked shifts for the past months, a published plan for the next
four weeks after ``today``, a draft beyond that (about 26 weeks), and a few covers.

Planned with the same allocator the coordinator uses. The past is planned "as it was":
with ``now`` set before it, so nothing counts as fixed yet, then published (and so, its
slots having ended, worked).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from planner.core.errors import PlannerError
from planner.core.models import Rotation, Shift, Volunteer
from planner.core.out_of_hours import local_to_utc
from planner.rota import allocation, covers
from planner.rota.eligibility import load_context
from planner.rota.weeks import ensure_slots, publish

PAST_WEEKS = 20
PUBLISHED_WEEKS = 4
DRAFT_WEEKS = 26


def _plan(session: Session, start: date, weeks: int, now: datetime) -> None:
    ensure_slots(session, start, weeks)
    plan = allocation.propose(session, start, weeks, now=now)
    allocation.accept(session, plan, now=now)


def _cover(session: Session, shift: Shift, day_offset: int, hours: int, at: time) -> None:
    """Someone eligible for the rotation covers ``hours`` from ``at`` on a day of the shift."""
    ctx = load_context(session)
    rotation = session.get(Rotation, shift.rotation_id)
    assert rotation is not None  # the shift's rotation (a foreign key)
    day = ctx.handover_day(shift.slot_start) + timedelta(days=day_offset)
    start = local_to_utc(ctx.cal.tz, day, at)
    end = start + timedelta(hours=hours)
    for person, broken in covers.candidates(session, shift.id or 0):
        if person.id == shift.volunteer_id or any(
            "not on tour" in b or "away" in b for b in broken
        ):
            continue
        volunteer = session.get(Volunteer, person.id)
        assert volunteer is not None  # a candidate is a stored volunteer
        try:
            covers.add_cover(session, rotation, volunteer, start, end, "swapped an evening")
            return
        except PlannerError:
            continue


def build(session: Session, today: date) -> None:
    past_start = today - timedelta(weeks=PAST_WEEKS)
    long_ago = datetime.combine(past_start - timedelta(days=7), time(0), UTC)
    _plan(session, past_start, PAST_WEEKS + PUBLISHED_WEEKS, long_ago)
    # Published back then: the past weeks were published before they were worked.
    publish(session, past_start, PAST_WEEKS + PUBLISHED_WEEKS, now=long_ago)
    now = datetime.combine(today, time(12), UTC)
    future = today + timedelta(weeks=PUBLISHED_WEEKS)
    _plan(session, future, DRAFT_WEEKS, now)
    shifts = session.exec(
        select(Shift)
        .where(Shift.state == "published")
        .order_by(col(Shift.slot_start), col(Shift.rotation_id))
    ).all()
    primary = [s for s in shifts if s.rotation_id == shifts[0].rotation_id and s.volunteer_id]
    past = [s for s in primary if s.slot_end <= now]
    upcoming = [s for s in primary if s.slot_start > now]
    for shift, offset, hours, at in (
        (past[-3], 1, 12, time(20)),  # a Saturday night
        (past[-7], 3, 6, time(18)),
        (upcoming[1], 2, 10, time(9)),
    ):
        _cover(session, shift, offset, hours, at)

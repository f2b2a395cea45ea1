"""Rows for pay and rest tests: volunteers, published shifts and covers, created directly."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from sqlmodel import Session

from planner.core.home import home_calendar, rotation_by_name
from planner.core.models import Cover, Shift, Volunteer
from planner.core.out_of_hours import slots
from planner.people import volunteers

NOW = datetime(2027, 6, 1, tzinfo=UTC)


def person(session: Session, name: str, site: str = "Dublin", role: str = "engineer") -> Volunteer:
    email = name.lower().replace(" ", ".") + "@example.com"
    return volunteers.create(
        session, name=name, email=email, site=site, role=role, status="on_tour"
    )


def shift(
    session: Session, day: date, holder: Volunteer | None, rotation: str = "Primary"
) -> Shift:
    """A published shift for the slot starting at the first handover on or after ``day``."""
    start, end = slots(home_calendar(session), day, 1)[0]
    row = Shift(
        rotation_id=rotation_by_name(session, rotation).id,
        slot_start=start,
        slot_end=end,
        volunteer_id=holder.id if holder else None,
        state="published",
    )
    session.add(row)
    session.flush()
    return row


def cover(session: Session, s: Shift, who: Volunteer, start: datetime, end: datetime) -> Cover:
    row = Cover(shift_id=s.id, volunteer_id=who.id, start=start, end=end)
    session.add(row)
    session.flush()
    return row


def fake_rota(session: Session, first_day: date, weeks: int, every_cover: int = 5) -> int:
    """Published shifts for ``weeks`` slots of both rotations, round robin over each
    rotation's on-tour or alumni volunteers, with a Saturday cover every few weeks.
    Stands in for the rota step of the demo. Returns the number of shifts."""
    from datetime import timedelta

    from sqlmodel import select

    cal = home_calendar(session)
    made = 0
    for rotation, role in (("Primary", "engineer"), ("Escalation L2", "leader")):
        people = session.exec(
            select(Volunteer).where(Volunteer.role == role).order_by(Volunteer.id)
        ).all()
        people = [p for p in people if p.status in ("on_tour", "alumni")]
        if not people:
            continue
        for n, (start, end) in enumerate(slots(cal, first_day, weeks)):
            holder = people[n % len(people)]
            row = Shift(
                rotation_id=rotation_by_name(session, rotation).id,
                slot_start=start,
                slot_end=end,
                volunteer_id=holder.id,
                state="published",
            )
            session.add(row)
            session.flush()
            made += 1
            if rotation == "Primary" and n % every_cover == 2:
                other = people[(n + 3) % len(people)]
                saturday = start + timedelta(hours=16)
                cover(session, row, other, saturday, saturday + timedelta(hours=10))
    return made


@contextmanager
def computer_zone(zone: str) -> Iterator[None]:
    """The computer's own time zone is ``zone`` (TZ) inside: nothing shown may depend on it."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()

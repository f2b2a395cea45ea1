"""Shifts, covers, pages and rest entries written straight into the tables, for output tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from planner.core.home import home_calendar, rotations
from planner.core.models import Cover, Page, RestEntry, Shift, Tour, Volunteer
from planner.core.out_of_hours import slots


@pytest.fixture
def team_db(db):  # type: ignore[no-untyped-def]
    """A database with the demo team and tours only: no shifts, pages or rest yet."""
    from planner.demo import team
    from tests.conftest import TODAY

    with db.transaction() as s:
        team.build(s, TODAY)
    return db


def _on_tour(session: Session, role: str, day: date) -> list[Volunteer]:
    people = session.exec(
        select(Volunteer)
        .join(Tour, Tour.volunteer_id == Volunteer.id)
        .where(Volunteer.role == role, Tour.start <= day, Tour.end > day)
    ).all()
    if not people:
        people = session.exec(select(Volunteer).where(Volunteer.role == role)).all()
    return sorted({v.id: v for v in people}.values(), key=lambda v: v.name)


def fill_rota(
    session: Session, from_day: date, weeks: int, state: str = "published"
) -> list[Shift]:
    """One shift per rotation per slot, assigned round-robin to people on tour."""
    cal = home_calendar(session)
    made: list[Shift] = []
    rots = rotations(session)
    for n, (start, end) in enumerate(slots(cal, from_day, weeks)):
        for rot in rots:
            role = "leader" if "L2" in rot.name else "engineer"
            people = _on_tour(session, role, start.date())
            who = people[(n * 3 + rot.id) % len(people)]
            shift = Shift(
                rotation_id=rot.id, slot_start=start, slot_end=end, volunteer_id=who.id,
                state=state,
            )  # fmt: skip
            session.add(shift)
            made.append(shift)
    session.flush()
    return made


def add_cover(
    session: Session, shift: Shift, volunteer: Volunteer, hours_in: int, hours: int
) -> Cover:
    start = shift.slot_start + timedelta(hours=hours_in)
    cover = Cover(
        shift_id=shift.id, volunteer_id=volunteer.id, start=start,
        end=start + timedelta(hours=hours),
    )  # fmt: skip
    session.add(cover)
    session.flush()
    return cover


def add_page(
    session: Session, at: datetime, responder: Volunteer, minutes: int, night: bool
) -> Page:
    page = Page(at=at.astimezone(UTC), responder_id=responder.id, minutes=minutes, night=night,
                summary="disk full")  # fmt: skip
    session.add(page)
    session.flush()
    return page


def add_rest(
    session: Session, who: Volunteer, kind: str, day: date, half_days: int = 2
) -> RestEntry:
    entry = RestEntry(volunteer_id=who.id, kind=kind, day=day, half_days=half_days,
                      reason="night_page" if kind == "entitled" else "")  # fmt: skip
    session.add(entry)
    session.flush()
    return entry

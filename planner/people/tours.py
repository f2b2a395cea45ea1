"""Tours: one volunteer's stint on the team. The end date is exclusive."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, select

from planner.core import audit, days, locale_text, settings
from planner.core.errors import PlannerError
from planner.core.home import home_site, home_today, rotations
from planner.core.models import RotationSite, Shift, Tour, Volunteer


@dataclass(frozen=True)
class TourRow:
    id: int
    email: str
    name: str
    role: str
    start: date
    end: date  # exclusive
    target_min: int
    target_max: int
    status: str

    @property
    def last_day(self) -> date:
        return days.last_day(self.end)

    def as_json(self) -> dict[str, object]:
        return {
            "email": self.email,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "target_shifts": f"{self.target_min}-{self.target_max}",
            "status": self.status,
        }


def tour_status(tour: Tour, today: date) -> str:
    """planned before it starts, active while it runs, finished from its end date on."""
    if today < tour.start:
        return "planned"
    if today < tour.end:
        return "active"
    return "finished"


def default_end(session: Session, start: date) -> date:
    return start + relativedelta(months=settings.get(session, "tour_months"))


def check_no_overlap(
    session: Session,
    volunteer_id: int,
    start: date,
    end: date,
    ignore_id: int | None = None,
    locale: str | None = None,
) -> None:
    """Refused when the tour [start, end) overlaps another of the volunteer's (the tours'
    days in ``locale``; none: ISO)."""
    for other in session.exec(select(Tour).where(Tour.volunteer_id == volunteer_id)).all():
        if other.id == ignore_id:
            continue
        if other.start < end and start < other.end:
            raise PlannerError(
                f"tour {locale_text.day_span(start, days.last_day(end), locale)} overlaps the "
                f"tour {locale_text.day_span(other.start, days.last_day(other.end), locale)}"
            )


def create_tour(
    session: Session,
    volunteer: Volunteer,
    start: date,
    end: date | None = None,
    target_min: int | None = None,
    target_max: int | None = None,
    locale: str | None = None,
) -> Tour:
    """A new tour of ``volunteer`` (a refusal's days in ``locale``; none: ISO)."""
    end = end or default_end(session, start)
    if end <= start:
        ends, starts = (locale_text.short_date(d, locale) for d in (end, start))
        raise PlannerError(f"tour of {volunteer.email} ends ({ends}) before it starts ({starts})")
    tmin = settings.get(session, "target_min") if target_min is None else target_min
    tmax = settings.get(session, "target_max") if target_max is None else target_max
    if tmin < 0 or tmax < tmin:
        raise PlannerError(f"target shifts {tmin}-{tmax} are not in order")
    assert volunteer.id is not None  # a stored row
    check_no_overlap(session, volunteer.id, start, end, locale=locale)
    tour = Tour(volunteer_id=volunteer.id, start=start, end=end, target_min=tmin, target_max=tmax)
    session.add(tour)
    session.flush()
    audit.record(
        session, "tour created", "tour", tour.id, email=volunteer.email, start=start, end=end
    )
    return tour


def list_tours(
    session: Session, today: date | None = None, volunteer_id: int | None = None
) -> list[TourRow]:
    today = today or home_today(session)  # the home site's day, not the computer's
    query = select(Tour, Volunteer).join(
        Volunteer,
        col(Volunteer.id) == col(Tour.volunteer_id),
    )
    if volunteer_id is not None:
        query = query.where(Tour.volunteer_id == volunteer_id)
    rows = session.exec(query.order_by(col(Tour.start), col(Volunteer.email))).all()
    return [
        TourRow(
            id=t.id or 0,
            email=v.email,
            name=v.name,
            role=v.role,
            start=t.start,
            end=t.end,
            target_min=t.target_min,
            target_max=t.target_max,
            status=tour_status(t, today),
        )
        for t, v in rows
    ]


def _home_midnight(session: Session, day: date) -> datetime:
    # the home site's zone decides where a day begins
    zone = ZoneInfo(home_site(session).timezone)
    return datetime.combine(day, time(0), zone)


def release_shifts_outside(session: Session, tour: Tour) -> int:
    """Unassign the volunteer's draft shifts that no longer lie wholly inside a tour of
    theirs (the allocator's rule; the rota planner fills them again). Published and worked
    shifts stay. Returns how many."""
    tours = session.exec(select(Tour).where(Tour.volunteer_id == tour.volunteer_id)).all()
    spans = [(_home_midnight(session, t.start), _home_midnight(session, t.end)) for t in tours]
    released = 0
    for shift in session.exec(
        select(Shift).where(Shift.volunteer_id == tour.volunteer_id, Shift.state == "draft")
    ).all():
        if not any(a <= shift.slot_start and shift.slot_end <= b for a, b in spans):
            shift.volunteer_id = None
            session.add(shift)
            released += 1
    session.flush()
    return released


def change_dates(
    session: Session,
    tour_id: int,
    start: date,
    end: date,
    note: str = "",
    locale: str | None = None,
) -> int:
    """Move a tour (the timeline's drag or edit): same checks as a new tour.

    Draft shifts of the volunteer that fall outside their tours are released. Returns
    the number of released shifts. A refusal's days in ``locale`` (none: ISO).
    """
    tour = session.get(Tour, tour_id)
    if tour is None:
        raise PlannerError(f"no tour with id {tour_id}")
    volunteer = session.get(Volunteer, tour.volunteer_id)
    email = volunteer.email if volunteer else "?"
    if end <= start:
        ends, starts = (locale_text.short_date(d, locale) for d in (days.last_day(end), start))
        raise PlannerError(f"tour of {email} ends ({ends}) before it starts ({starts})")
    check_no_overlap(session, tour.volunteer_id, start, end, ignore_id=tour.id, locale=locale)
    if (tour.start, tour.end) == (start, end):
        return 0
    before = (tour.start, tour.end)
    tour.start, tour.end = start, end
    if note:
        tour.note = note
    session.add(tour)
    session.flush()
    released = release_shifts_outside(session, tour)
    audit.record(
        session,
        "tour changed",
        "tour",
        tour.id,
        email=email,
        start=start,
        end=end,
        was=f"{before[0]}..{before[1]}",
        released_shifts=released,
        note=note,
    )
    return released


def end_early(
    session: Session, tour_id: int, last_day: date, note: str = "", locale: str | None = None
) -> int:
    """End a tour after ``last_day`` (inclusive). Its later draft shifts are released. A
    refusal's days in ``locale`` (none: ISO)."""
    tour = session.get(Tour, tour_id)
    if tour is None:
        raise PlannerError(f"no tour with id {tour_id}")
    new_end = days.end_after(last_day)
    if new_end >= tour.end:
        day, last = (locale_text.short_date(d, locale) for d in (last_day, days.last_day(tour.end)))
        raise PlannerError(f"{day} is not before the tour's last day {last}")
    return change_dates(session, tour_id, tour.start, new_end, note or "ended early", locale=locale)


def extend(
    session: Session, tour_id: int, months: int = 1, note: str = "", locale: str | None = None
) -> int:
    """Lengthen a tour by some calendar months (checked against the volunteer's next tour;
    a refusal's days in ``locale``, none: ISO)."""
    tour = session.get(Tour, tour_id)
    if tour is None:
        raise PlannerError(f"no tour with id {tour_id}")
    if months <= 0:
        raise PlannerError("a tour is extended by at least one month")
    return change_dates(
        session,
        tour_id,
        tour.start,
        tour.end + relativedelta(months=months),
        note or "extended",
        locale=locale,
    )


def rotation_names_for(session: Session, volunteer: Volunteer) -> list[str]:
    """The rotations a volunteer's tour counts towards: by role and site eligibility."""
    return rotation_names_of(session, [volunteer])[volunteer.id or 0]


def rotation_names_of(session: Session, volunteers: Iterable[Volunteer]) -> dict[int, list[str]]:
    """``rotation_names_for`` of each volunteer (by id), reading the rotations' sites once."""
    eligible = []
    for rotation in rotations(session):
        sites = session.exec(
            select(RotationSite.site_id).where(RotationSite.rotation_id == rotation.id)
        ).all()
        eligible.append((rotation.name, rotation.roles(), set(sites)))
    return {
        volunteer.id or 0: [
            name
            for name, roles, sites in eligible
            if volunteer.role in roles and (not sites or volunteer.site_id in sites)
        ]
        for volunteer in volunteers
    }

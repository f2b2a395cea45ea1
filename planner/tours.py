"""Tours: one volunteer's stint on the team. The end date is exclusive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, select

from planner import audit, settings
from planner.errors import PlannerError
from planner.models import Tour, Volunteer


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
        return self.end - timedelta(days=1)

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
    session: Session, volunteer_id: int, start: date, end: date, ignore_id: int | None = None
) -> None:
    for other in session.exec(select(Tour).where(Tour.volunteer_id == volunteer_id)).all():
        if other.id == ignore_id:
            continue
        if other.start < end and start < other.end:
            raise PlannerError(
                f"tour {start}..{end - timedelta(days=1)} overlaps the tour "
                f"{other.start}..{other.end - timedelta(days=1)}"
            )


def create_tour(
    session: Session,
    volunteer: Volunteer,
    start: date,
    end: date | None = None,
    target_min: int | None = None,
    target_max: int | None = None,
) -> Tour:
    end = end or default_end(session, start)
    if end <= start:
        raise PlannerError(f"tour of {volunteer.email} ends ({end}) before it starts ({start})")
    tmin = settings.get(session, "target_min") if target_min is None else target_min
    tmax = settings.get(session, "target_max") if target_max is None else target_max
    if tmin < 0 or tmax < tmin:
        raise PlannerError(f"target shifts {tmin}-{tmax} are not in order")
    check_no_overlap(session, volunteer.id or 0, start, end)
    tour = Tour(volunteer_id=volunteer.id, start=start, end=end, target_min=tmin, target_max=tmax)
    session.add(tour)
    session.flush()
    audit.record(
        session, "tour created", "tour", tour.id, email=volunteer.email, start=start, end=end
    )
    return tour


def list_tours(session: Session, today: date | None = None) -> list[TourRow]:
    today = today or date.today()
    rows = session.exec(
        select(Tour, Volunteer)
        .join(Volunteer, Volunteer.id == Tour.volunteer_id)  # type: ignore[arg-type]
        .order_by(Tour.start, Volunteer.email)
    ).all()
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

"""Volunteers: listing, creating and updating, with validation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from planner import audit
from planner.errors import PlannerError
from planner.models import ROLES, STATUSES, Site, Unavailability, Volunteer

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class VolunteerRow:
    """A volunteer as the screens and the command line show it."""

    id: int
    name: str
    email: str
    site: str
    team: str
    role: str
    manager: str
    status: str

    def as_json(self) -> dict[str, str]:
        return {
            "email": self.email,
            "name": self.name,
            "site": self.site,
            "team": self.team,
            "role": self.role,
            "status": self.status,
        }


def list_volunteers(session: Session, status: str | None = None) -> list[VolunteerRow]:
    if status is not None and status not in STATUSES:
        raise PlannerError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    query = select(Volunteer, Site).join(Site, Site.id == Volunteer.site_id)  # type: ignore[arg-type]
    if status is not None:
        query = query.where(Volunteer.status == status)
    rows = session.exec(query.order_by(Volunteer.name, Volunteer.email)).all()
    return [
        VolunteerRow(
            id=v.id or 0,
            name=v.name,
            email=v.email,
            site=s.name,
            team=v.team,
            role=v.role,
            manager=v.manager,
            status=v.status,
        )
        for v, s in rows
    ]


def site_by_name(session: Session, name: str) -> Site:
    site = session.exec(select(Site).where(Site.name == name)).first()
    if site is None:
        known = ", ".join(s.name for s in session.exec(select(Site)).all())
        raise PlannerError(f"unknown office {name!r}; expected one of {known}")
    return site


def by_email(session: Session, email: str) -> Volunteer:
    volunteer = session.exec(
        select(Volunteer).where(Volunteer.email == email.strip().lower())
    ).first()
    if volunteer is None:
        raise PlannerError(f"no volunteer with email {email!r}")
    return volunteer


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise PlannerError(f"malformed email {email!r}")
    return email


def create(
    session: Session,
    *,
    name: str,
    email: str,
    site: str,
    role: str = "engineer",
    team: str = "",
    manager: str = "",
    status: str = "applied",
    available_from: date | None = None,
    notes: str = "",
) -> Volunteer:
    """Add a volunteer after checking every field; the email must be new."""
    name = name.strip()
    if not name:
        raise PlannerError("name is required")
    email = normalise_email(email)
    if role not in ROLES:
        raise PlannerError(f"unknown role {role!r}; expected engineer or leader")
    if status not in STATUSES:
        raise PlannerError(f"unknown status {status!r}")
    if session.exec(select(Volunteer).where(Volunteer.email == email)).first() is not None:
        raise PlannerError(f"a volunteer with email {email} already exists")
    volunteer = Volunteer(
        name=name,
        email=email,
        site_id=site_by_name(session, site).id,
        role=role,
        team=team.strip(),
        manager=manager.strip(),
        status=status,
        available_from=available_from,
        notes=notes,
    )
    session.add(volunteer)
    session.flush()
    audit.record(session, "volunteer created", "volunteer", volunteer.id, email=email)
    return volunteer


def add_unavailability(
    session: Session, volunteer: Volunteer, first_day: date, last_day: date, reason: str = ""
) -> Unavailability:
    if last_day < first_day:
        raise PlannerError(
            f"unavailability {first_day}..{last_day} of {volunteer.email} ends before it starts"
        )
    entry = Unavailability(
        volunteer_id=volunteer.id, first_day=first_day, last_day=last_day, reason=reason
    )
    session.add(entry)
    session.flush()
    audit.record(
        session, "unavailability added", "volunteer", volunteer.id, first=first_day, last=last_day
    )
    return entry

"""Reading the audit log: every change, newest first, filtered by kind, person and date.

Dates are days of the home site (a day starts at local midnight there), never of the
computer the app runs on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from planner.core.errors import PlannerError
from planner.core.home import home_calendar
from planner.core.models import AuditEntry, PayRun, Rotation, Shift, Tour, Volunteer
from planner.core.out_of_hours import local_to_utc
from planner.core.vocabulary import AUDIT_KINDS

# The kinds of entity the app records changes to; a database may hold more (later releases).
KINDS = AUDIT_KINDS


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    os_user: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]
    subject: str = ""  # what the entry is about, in words: a name, a shift's week, a month

    def as_json(self, tz: Any) -> dict[str, object]:
        return {
            "at": self.at.astimezone(tz).isoformat(timespec="seconds"),
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "detail": self.detail,
        }

    def detail_text(self) -> str:
        """The details on one line: ``key=value`` pairs in key order."""
        return ", ".join(f"{k}={_value(v)}" for k, v in sorted(self.detail.items()))


def _value(value: object) -> str:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _detail(text: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        found = json.loads(text)
    except ValueError:
        return {"text": text}  # written by hand or by an old version: shown as it is
    return found if isinstance(found, dict) else {"value": found}


def kinds(session: Session) -> list[str]:
    """Every kind the app records, and any other kind already in this database."""
    stored = session.exec(select(AuditEntry.entity).distinct()).all()
    return sorted(set(KINDS) | {k for k in stored if k})


def check_kind(session: Session, kind: str) -> str:
    known = kinds(session)
    if kind not in known:
        raise PlannerError(f"unknown entity kind {kind!r}; expected one of {', '.join(known)}")
    return kind


def _person_filter(session: Session, email: str) -> tuple[int, str, set[int]]:
    email = email.strip().lower()
    volunteer = session.exec(select(Volunteer).where(Volunteer.email == email)).first()
    if volunteer is None or volunteer.id is None:
        raise PlannerError(f"no volunteer with email {email!r}")
    tours = session.exec(select(Tour.id).where(Tour.volunteer_id == volunteer.id)).all()
    return volunteer.id, email, {t for t in tours if t is not None}


def entries(
    session: Session,
    since: date | None = None,
    until: date | None = None,
    entity: str | None = None,
    email: str | None = None,
) -> list[AuditRow]:
    """The log, newest first. ``since``/``until`` are home-site days, both included;
    ``entity`` a kind (see :func:`kinds`); ``email`` keeps the entries about that volunteer:
    their record, their tours, and every entry whose details name their email."""
    if since is not None and until is not None and until < since:
        raise PlannerError(f"the last day ({until}) is before the first ({since})")
    query = select(AuditEntry)
    tz = home_calendar(session).tz
    if since is not None:
        query = query.where(AuditEntry.at >= local_to_utc(tz, since, time(0)))
    if until is not None:
        query = query.where(AuditEntry.at < local_to_utc(tz, until + timedelta(days=1), time(0)))
    if entity is not None:
        query = query.where(AuditEntry.entity == check_kind(session, entity))
    person = _person_filter(session, email) if email else None
    found = [
        e
        for e in session.exec(query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc()))
        if person is None or _about(e, *person)
    ]
    subjects = _Subjects(session, tz) if found else None
    return [
        AuditRow(
            e.id or 0,
            e.at,
            e.os_user,
            e.action,
            e.entity,
            e.entity_id,
            _detail(e.detail),
            subjects.name(e.entity, e.entity_id) if subjects else "",
        )  # fmt: skip
        for e in found
    ]


class _Subjects:
    """Names for what entries are about, loaded once: people, tours, shifts, pay runs."""

    def __init__(self, session: Session, tz: Any) -> None:
        self.people = {v.id: v.name for v in session.exec(select(Volunteer)).all()}
        self.tours = {
            t.id: f"{self.people.get(t.volunteer_id, '?')}'s tour from {t.start.isoformat()}"
            for t in session.exec(select(Tour)).all()
        }
        rotations = {r.id: r.name for r in session.exec(select(Rotation)).all()}
        self.rotations = rotations
        self.shifts = {
            s.id: f"{rotations.get(s.rotation_id, '?')} week of "
            f"{s.slot_start.astimezone(tz).date().isoformat()}"
            for s in session.exec(select(Shift)).all()
        }
        self.runs = {r.id: f"pay run {r.month}" for r in session.exec(select(PayRun)).all()}

    def name(self, entity: str, entity_id: int | None) -> str:
        if entity_id is None:
            return ""
        table = {
            "volunteer": self.people,
            "tour": self.tours,
            "shift": self.shifts,
            "rotation": self.rotations,
            "pay_run": self.runs,
        }.get(entity, {})
        return table.get(entity_id, "")


def _about(entry: AuditEntry, volunteer_id: int, email: str, tour_ids: set[int]) -> bool:
    if entry.entity == "volunteer" and entry.entity_id == volunteer_id:
        return True
    if entry.entity == "tour" and entry.entity_id in tour_ids:
        return True
    return _names(_detail(entry.detail), email)


def _names(value: object, email: str) -> bool:
    """Whether a detail value (or any value inside it) is ``email``."""
    if isinstance(value, str):
        return value.strip().lower() == email
    if isinstance(value, dict):
        return any(_names(v, email) for v in value.values())
    if isinstance(value, list):
        return any(_names(v, email) for v in value)
    return False

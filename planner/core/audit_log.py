"""Reading the audit log: every change, newest first, filtered by kind, person and date.

Dates are days of the home site (a day starts at local midnight there), never of the
computer the app runs on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import select as sa_select
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
    detail_json: str  # as stored; ``detail`` reads it when first asked (a long log is
    # listed without parsing every entry's details)
    subject: str = ""  # what the entry is about, in words: a name, a shift's week, a month

    @cached_property
    def detail(self) -> dict[str, Any]:
        return _detail(self.detail_json)

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
    tz = home_calendar(session).tz
    query = sa_select(
        col(AuditEntry.id),
        col(AuditEntry.at),
        col(AuditEntry.os_user),
        col(AuditEntry.action),
        col(AuditEntry.entity),
        col(AuditEntry.entity_id),
        col(AuditEntry.detail),
    )  # columns, not ORM objects: a long log is read in milliseconds
    if since is not None:
        query = query.where(col(AuditEntry.at) >= local_to_utc(tz, since, time(0)))
    if until is not None:
        end = local_to_utc(tz, until + timedelta(days=1), time(0))
        query = query.where(col(AuditEntry.at) < end)
    if entity is not None:
        query = query.where(col(AuditEntry.entity) == check_kind(session, entity))
    person = _person_filter(session, email) if email else None
    query = query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    found = [
        e
        for e in session.connection().execute(query).all()
        if person is None or _about(e[4], e[5], e[6], *person)
    ]
    subjects = _Subjects(session, tz, [(e[4], e[5]) for e in found]) if found else None
    return [
        AuditRow(
            entry_id or 0,
            at,
            os_user,
            action,
            entity,
            entity_id,
            detail,
            subjects.name(entity, entity_id) if subjects else "",
        )  # fmt: skip
        for entry_id, at, os_user, action, entity, entity_id, detail in found
    ]


# SQLite takes at most this many values in one IN (...) (its oldest limit, 999)
_CHUNK = 900


def _chunks(ids: set[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), _CHUNK):
        yield ordered[i : i + _CHUNK]


class _Subjects:
    """Names for what entries are about (people, tours, shifts, pay runs): only those the
    entries name, each table read once."""

    def __init__(self, session: Session, tz: Any, about: Iterable[tuple[str, int | None]]) -> None:
        wanted: dict[str, set[int]] = {}
        for entity, entity_id in about:
            if entity_id is not None:
                wanted.setdefault(entity, set()).add(entity_id)
        tours = [
            t
            for chunk in _chunks(wanted.get("tour", set()))
            for t in session.exec(
                select(col(Tour.id), col(Tour.volunteer_id), col(Tour.start)).where(
                    col(Tour.id).in_(chunk)
                )
            )
        ]
        people = wanted.get("volunteer", set()) | {volunteer_id for _id, volunteer_id, _s in tours}
        self.people = {
            vid: name
            for chunk in _chunks(people)
            for vid, name in session.exec(
                select(Volunteer.id, Volunteer.name).where(col(Volunteer.id).in_(chunk))
            )
        }
        self.tours = {
            tid: f"{self.people.get(volunteer_id, '?')}'s tour from {start.isoformat()}"
            for tid, volunteer_id, start in tours
        }
        rotations = {r.id: r.name for r in session.exec(select(Rotation)).all()}
        self.rotations = rotations
        self.shifts = {
            sid: f"{rotations.get(rotation_id, '?')} week of "
            f"{slot_start.astimezone(tz).date().isoformat()}"
            for chunk in _chunks(wanted.get("shift", set()))
            for sid, rotation_id, slot_start in session.exec(
                select(Shift.id, Shift.rotation_id, Shift.slot_start).where(
                    col(Shift.id).in_(chunk)
                )
            )
        }
        self.runs = {
            rid: f"pay run {month}"
            for chunk in _chunks(wanted.get("pay_run", set()))
            for rid, month in session.exec(
                select(PayRun.id, col(PayRun.month)).where(col(PayRun.id).in_(chunk))
            )
        }

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


def _about(
    entity: str, entity_id: int | None, detail: str, volunteer_id: int, email: str, tours: set[int]
) -> bool:
    """Whether an entry is about the volunteer: their record, a tour of theirs, or details
    that name their email."""
    if entity == "volunteer" and entity_id == volunteer_id:
        return True
    if entity == "tour" and entity_id in tours:
        return True
    return _names(_detail(detail), email)


def _names(value: object, email: str) -> bool:
    """Whether a detail value (or any value inside it) is ``email``."""
    if isinstance(value, str):
        return value.strip().lower() == email
    if isinstance(value, dict):
        return any(_names(v, email) for v in value.values())
    if isinstance(value, list):
        return any(_names(v, email) for v in value)
    return False

"""Volunteers: listing, creating and updating, with validation."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlmodel import Session, col, select

from planner.core import audit, days, locale_text, text
from planner.core.errors import PlannerError
from planner.core.home import home_site, home_today
from planner.core.models import ROLES, STATUSES, AuditEntry, Site, Tour, Unavailability, Volunteer
from planner.people import volunteer_list
from planner.people.volunteer_list import VolunteerRow as VolunteerRow  # shown by ui
from planner.people.volunteer_list import check_status, volunteer_rows
from planner.people.volunteer_list import status_on as status_on

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def current_status(session: Session, volunteer: Volunteer, today: date | None = None) -> str:
    """``volunteer``'s status on ``today`` (default: today at the home site)."""
    today = today or home_today(session)
    tours = session.exec(
        select(col(Tour.start), col(Tour.end)).where(col(Tour.volunteer_id) == volunteer.id)
    ).all()
    return status_on(volunteer.status, [(start, end) for start, end in tours], today)


def list_volunteers(
    session: Session, status: str | None = None, today: date | None = None
) -> list[VolunteerRow]:
    """Every volunteer (or those whose status on ``today`` is ``status``), by name; the
    status is the one of ``today`` (default: today at the home site), see :func:`status_on`.
    The same query as :func:`~planner.people.volunteer_list.read_volunteers` (the command
    line's, without SQLAlchemy)."""
    check_status(status)
    today = today or home_today(session)
    session.flush()  # what the session added or changed is read too, as an ORM query would
    conn = session.connection()
    # Plain SQL, all fetched at once: thousands of rows stay milliseconds.
    tours = conn.exec_driver_sql(volunteer_list.TOURS_SQL).all()
    volunteers = conn.exec_driver_sql(volunteer_list.VOLUNTEERS_SQL).all()
    return volunteer_rows(volunteers, tours, today, status)


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


# Which statuses a volunteer picker offers. "rota": everyone the rota may hold or has held
# (a page's responder, a rest entry; eligibility refuses the others); "feed": the team now
# and next, who get a calendar feed.
Picker = Literal["rota", "feed"]
PICKER_STATUSES: dict[str, tuple[str, ...]] = {
    "rota": ("approved", "on_tour", "alumni"),
    "feed": ("approved", "on_tour"),
}


def statuses_offered(picker: Picker) -> tuple[str, ...]:
    """The statuses whose volunteers the ``picker`` offers (see ``PICKER_STATUSES``)."""
    return PICKER_STATUSES[picker]


@dataclass(frozen=True)
class Choice:
    """One volunteer in a picker: name, email, and their site's name and time zone."""

    name: str
    email: str
    site: str
    timezone: str


def choices(session: Session, picker: Picker) -> list[Choice]:
    """The volunteers a picker offers, by name."""
    rows = session.exec(  # four columns, not two objects per volunteer: pickers list them all
        select(Volunteer.name, Volunteer.email, Site.name, Site.timezone)
        .join(Site, col(Site.id) == col(Volunteer.site_id))
        .where(col(Volunteer.status).in_(statuses_offered(picker)))
        .order_by(col(Volunteer.name), col(Volunteer.email))
    ).all()
    return [Choice(name, email, site, timezone) for name, email, site, timezone in rows]


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise PlannerError(f"malformed email {email!r}")
    return email


# Which status may follow which. "on_tour" and "alumni" also follow the tour dates
# (see ``sync_statuses``); a declined or withdrawn volunteer may apply again.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "applied": ("approved", "declined", "withdrawn"),
    "approved": ("on_tour", "withdrawn", "declined"),
    "on_tour": ("alumni", "withdrawn"),
    "alumni": ("approved",),
    "declined": ("applied",),
    "withdrawn": ("applied", "approved"),
}


def check_fields(
    session: Session,
    *,
    name: str,
    email: str,
    site: str,
    role: str,
    available_from: date | None = None,
    exclude_id: int | None = None,
    team: str = "",
    manager: str = "",
    notes: str = "",
    locale: str | None = None,
) -> dict[str, str]:
    """Every problem with a volunteer's fields, by field name (empty: all good).

    The form shows these inline (a day in ``locale``; none: ISO); ``create`` and
    ``update`` raise the first one.
    """
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "name is required"
    for field, value, limit in (
        ("name", name, text.NAME_MAX),
        ("team", team, text.LINE_MAX),
        ("manager", manager, text.LINE_MAX),
    ):
        problem = text.line_problem(field, value, limit)
        if problem and field not in problems:
            problems[field] = problem
    problem = text.note_problem("notes", notes)
    if problem:
        problems["notes"] = problem
    clean = email.strip().lower()
    email_problem = text.line_problem("email", clean, text.EMAIL_MAX)
    if not clean:
        problems["email"] = "email is required"
    elif email_problem:
        problems["email"] = email_problem
    elif not EMAIL_RE.match(clean):
        problems["email"] = f"malformed email {email.strip()!r}"
    else:
        other = session.exec(select(Volunteer).where(Volunteer.email == clean)).first()
        if other is not None and other.id != exclude_id:
            problems["email"] = f"a volunteer with email {clean} already exists ({other.name})"
    if not site.strip():
        problems["site"] = "office is required"
    elif session.exec(select(Site).where(Site.name == site)).first() is None:
        known = ", ".join(s.name for s in session.exec(select(Site)).all())
        problems["site"] = f"unknown office {site!r}; expected one of {known}"
    if role not in ROLES:
        problems["role"] = f"unknown role {role!r}; expected engineer or leader"
    if available_from is not None and not (date(2000, 1, 1) <= available_from <= date(2100, 1, 1)):
        day = locale_text.short_date(available_from, locale)
        problems["available_from"] = f"available from {day} is not a sensible date"
    return problems


def _raise_first(problems: dict[str, str]) -> None:
    if problems:
        raise PlannerError(next(iter(problems.values())))


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
    _raise_first(
        check_fields(
            session,
            name=name,
            email=email,
            site=site,
            role=role,
            available_from=available_from,
            team=team,
            manager=manager,
            notes=notes,
        )
    )
    name = name.strip()
    email = normalise_email(email)
    if status not in STATUSES:
        raise PlannerError(f"unknown status {status!r}")
    site_id = site_by_name(session, site).id
    assert site_id is not None  # a stored row
    volunteer = Volunteer(
        name=name,
        email=email,
        site_id=site_id,
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
    assert volunteer.id is not None  # a stored row
    entry = Unavailability(
        volunteer_id=volunteer.id, first_day=first_day, last_day=last_day, reason=reason
    )
    session.add(entry)
    session.flush()
    audit.record(
        session, "unavailability added", "volunteer", volunteer.id, first=first_day, last=last_day
    )
    return entry


def update(
    session: Session,
    volunteer: Volunteer,
    *,
    name: str,
    email: str,
    site: str,
    role: str,
    team: str = "",
    manager: str = "",
    available_from: date | None = None,
    notes: str = "",
) -> list[str]:
    """Change a volunteer's details after checking them; returns the names of changed fields."""
    _raise_first(
        check_fields(
            session,
            name=name,
            email=email,
            site=site,
            role=role,
            available_from=available_from,
            exclude_id=volunteer.id,
            team=team,
            manager=manager,
            notes=notes,
        )
    )
    new = {
        "name": name.strip(),
        "email": normalise_email(email),
        "site_id": site_by_name(session, site).id,
        "role": role,
        "team": team.strip(),
        "manager": manager.strip(),
        "available_from": available_from,
        "notes": notes,
    }
    changed = [k for k, v in new.items() if getattr(volunteer, k) != v]
    if changed:
        before = {k: getattr(volunteer, k) for k in changed}
        for key in changed:
            setattr(volunteer, key, new[key])
        session.add(volunteer)
        session.flush()
        audit.record(
            session,
            "volunteer updated",
            "volunteer",
            volunteer.id,
            changed={k: [before[k], new[k]] for k in changed},
        )
    return changed


def change_status(
    session: Session, volunteer: Volunteer, status: str, on: date, note: str = ""
) -> None:
    """Move a volunteer along the intake pipeline; the date and note go to the audit log."""
    if status not in STATUSES:
        raise PlannerError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    if status == volunteer.status:
        return
    shown = current_status(session, volunteer, on)  # what the screens show on that day
    allowed = TRANSITIONS[shown]
    if status != shown and status not in allowed:
        raise PlannerError(
            f"{volunteer.email} cannot go from {shown} to {status}; allowed: {', '.join(allowed)}"
        )
    previous = volunteer.status
    volunteer.status = status
    session.add(volunteer)
    session.flush()
    audit.record(
        session,
        "status changed",
        "volunteer",
        volunteer.id,
        status_from=previous,
        status_to=status,
        on=on,
        note=note,
    )


def sync_statuses(session: Session, today: date) -> int:
    """Statuses follow the tour dates: approved whose tour has started -> on_tour (dated the
    tour's start); on_tour whose tours are all over -> alumni (dated the last end).
    Returns how many changes were made."""
    changed = 0
    for volunteer in session.exec(
        select(Volunteer).where(col(Volunteer.status).in_(("approved", "on_tour")))
    ).all():
        tours = session.exec(select(Tour).where(Tour.volunteer_id == volunteer.id)).all()
        started = [t for t in tours if t.start <= today]
        if volunteer.status == "approved" and started:
            latest = max(started, key=lambda t: t.start)
            change_status(session, volunteer, "on_tour", latest.start, "tour started")
            changed += 1
        if volunteer.status == "on_tour" and tours and all(t.end <= today for t in tours):
            last_end = max(t.end for t in tours)
            change_status(session, volunteer, "alumni", last_end, "tour ended")
            changed += 1
    return changed


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    action: str
    text: str


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: object, locale: str | None) -> str:
    """A day recorded in the audit log (ISO text), in the reader's locale; ISO without one.
    Anything else is its own text."""
    if not (isinstance(value, str) and ISO_DAY.fullmatch(value)):
        return str(value)
    try:
        return locale_text.short_date(date.fromisoformat(value), locale)
    except ValueError:
        return value


def _describe_rest(detail: dict[str, object], locale: str | None) -> str:
    """'1 day on 10 Nov 2026', and what it was before a correction."""
    text = f"{locale_text.rest_days(detail.get('half_days'), locale)} on {_day(detail.get('day'), locale)}"
    if "was_half_days" in detail:
        was = locale_text.rest_days(detail["was_half_days"], locale)
        text += f" (was {was} on {_day(detail.get('was_day'), locale)})"
    return text


def _describe(action: str, detail: dict[str, object], locale: str | None = None) -> str:
    """One line of a volunteer's history; days in ``locale`` (ISO without one)."""
    if action.startswith("rest ") and "half_days" in detail:  # entitled, taken, corrected...
        return _describe_rest(detail, locale)
    if action == "status changed":
        on = _day(detail.get("on"), locale)
        text = f"{detail.get('status_from')} → {detail.get('status_to')} on {on}"
        return text + (f": {detail['note']}" if detail.get("note") else "")
    if action == "volunteer updated":
        changed = detail.get("changed")  # {field: [before, after]}
        return "changed " + ", ".join(
            str(k) for k in (changed if isinstance(changed, dict) else {})
        )
    if action in ("unavailability added", "unavailability removed"):
        first, last = _day(detail.get("first"), locale), _day(detail.get("last"), locale)
        return ("away" if action.endswith("added") else "no longer away") + f" {first} to {last}"
    if action.startswith("tour") and detail.get("start") and detail.get("end"):
        last_day = days.last_day(date.fromisoformat(str(detail["end"])))  # end is exclusive
        text = f"{_day(detail['start'], locale)} to {locale_text.short_date(last_day, locale)}"
        return text + (f" ({detail['note']})" if detail.get("note") else "")
    if action == "volunteer created":
        return str(detail.get("email", ""))
    return ", ".join(f"{k} {_day(v, locale)}" for k, v in detail.items())


def history(session: Session, volunteer_id: int, locale: str | None = None) -> list[HistoryEntry]:
    """The volunteer's audit trail (their own entries and their tours'), oldest first; the
    days in its sentences in ``locale`` (ISO without one)."""
    tour_ids = [
        t.id for t in session.exec(select(Tour).where(Tour.volunteer_id == volunteer_id)).all()
    ]
    about = (col(AuditEntry.entity) == "volunteer") & (col(AuditEntry.entity_id) == volunteer_id)
    if tour_ids:
        about |= (col(AuditEntry.entity) == "tour") & col(AuditEntry.entity_id).in_(tour_ids)
    entries = session.exec(
        select(AuditEntry).where(about).order_by(col(AuditEntry.at), col(AuditEntry.id))
    ).all()  # the audit log's (entity, entity_id) index: not a scan of every change
    result = []
    for e in entries:
        detail = json.loads(e.detail) if e.detail else {}
        result.append(HistoryEntry(e.at, e.action, _describe(e.action, detail, locale)))
    return result


@dataclass(frozen=True)
class UnavailabilityRow:
    first_day: date
    last_day: date
    reason: str


def unavailability(session: Session, volunteer_id: int) -> list[UnavailabilityRow]:
    rows = session.exec(
        select(Unavailability)
        .where(Unavailability.volunteer_id == volunteer_id)
        .order_by(col(Unavailability.first_day))
    ).all()
    return [UnavailabilityRow(u.first_day, u.last_day, u.reason) for u in rows]


@dataclass(frozen=True)
class VolunteerDetail:
    """Everything the detail pane and the form show about one volunteer."""

    id: int
    name: str
    email: str
    site: str
    team: str
    role: str
    manager: str
    status: str
    available_from: date | None
    notes: str
    unavailability: list[UnavailabilityRow]
    history: list[HistoryEntry]
    home_zone: str  # the zone the history's times are shown in (the home site's)


def detail(
    session: Session, volunteer_id: int, today: date | None = None, locale: str | None = None
) -> VolunteerDetail:
    """One volunteer for the detail pane; the history's sentences in ``locale``."""
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise PlannerError(f"no volunteer with id {volunteer_id}")
    site = session.get(Site, volunteer.site_id)
    return VolunteerDetail(
        id=volunteer_id,
        name=volunteer.name,
        email=volunteer.email,
        site=site.name if site else "",
        team=volunteer.team,
        role=volunteer.role,
        manager=volunteer.manager,
        status=current_status(session, volunteer, today),
        available_from=volunteer.available_from,
        notes=volunteer.notes,
        unavailability=unavailability(session, volunteer_id),
        history=history(session, volunteer_id, locale),
        home_zone=home_site(session).timezone,
    )


def remove_unavailability(
    session: Session, volunteer: Volunteer, first_day: date, last_day: date
) -> None:
    for entry in session.exec(
        select(Unavailability).where(
            Unavailability.volunteer_id == volunteer.id,
            Unavailability.first_day == first_day,
            Unavailability.last_day == last_day,
        )
    ).all():
        session.delete(entry)
    session.flush()
    audit.record(
        session, "unavailability removed", "volunteer", volunteer.id, first=first_day, last=last_day
    )


def names_and_emails(session: Session) -> list[tuple[str, str]]:
    """Every volunteer's name and email, by name then email (what a person picker lists;
    no statuses worked out)."""
    rows = session.exec(
        select(col(Volunteer.name), col(Volunteer.email)).order_by(
            col(Volunteer.name), col(Volunteer.email)
        )
    ).all()
    return [(name, email) for name, email in rows]


def site_names(session: Session) -> list[str]:
    return [s.name for s in session.exec(select(Site).order_by(Site.name)).all()]


def is_empty(session: Session) -> bool:
    """No volunteer yet: a new database, the only kind the demo fills (the app's
    welcome asks the same with sqlite3: ``volunteer_list.has_volunteers``)."""
    return session.exec(select(Volunteer.id)).first() is None

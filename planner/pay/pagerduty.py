"""Pages from PagerDuty's incident list: the REST API's JSON or the web app's CSV download.

- **JSON**: the body of ``GET /incidents`` — ``{"incidents": [...]}``, each incident with
  ``id``, ``created_at`` (ISO 8601 with offset), ``title``, ``html_url``, ``urgency``,
  ``service`` ({``summary``}), ``assignments`` ([{``at``, ``assignee``}]) and, where
  present, ``acknowledgements`` ([{``at``, ``acknowledger``}]). A person is a user
  reference ({``summary``: the name}) or, with ``include[]=assignees`` /
  ``include[]=acknowledgers``, a full user ({``name``, ``email``}).
- **CSV**: the incidents report download (Analytics › Reports › Download CSV), read
  through column aliases: ``id``, ``created_on``, ``description``, ``service_name``,
  ``urgency``, ``acknowledged_by_user_names``, ``assigned_to_user_names``,
  ``resolved_on`` / ``seconds_to_resolve`` (and the like-named columns of other exports).

The **responder** is whoever acknowledged the incident first, else the first assignee,
else (a resolved incident's lists are empty in the API) the user who resolved it. They
are matched to a volunteer by email, then by exact name; an incident whose responder
matches nobody (or two people by name) is an error naming them — never a guess.
**Minutes**: from creation to resolution, rounded up, at most 24 hours; 0 while open.
**Skipped**: low-urgency incidents (they notify without paging) and incidents already
imported (by incident id). Anything wrong refuses the whole file: the caller writes all
the pages or none.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from planner.core.errors import PlannerError
from planner.core.models import Page, Volunteer
from planner.core.models.types import utc_now
from planner.pay.pages import MAX_MINUTES, PageDraft, PagePreview, on_call_at


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    role: str  # "acknowledged by", "assigned to", "resolved by"

    def __str__(self) -> str:
        shown = repr(self.name) if self.name else ""
        if self.email:
            shown = f"{shown} <{self.email}>".strip()
        return shown or "(nobody named)"


@dataclass(frozen=True)
class Incident:
    where: str  # how messages name it: "incident PT4KHLK" (and its line in a CSV)
    source_id: str
    at: datetime
    title: str
    link: str
    urgency: str
    service: str
    minutes: int
    people: tuple[Person, ...]  # in order of preference: the responder is the first


class _Directory:
    """Volunteers by email and by exact name."""

    def __init__(self, session: Session) -> None:
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for v in session.exec(select(Volunteer)).all():
            self.by_email[v.email.lower()] = v.email
            self.by_name.setdefault(v.name.strip(), []).append(v.email)

    def match(self, person: Person) -> tuple[str | None, str]:
        """(email of the volunteer, '') or (None, why not)."""
        if person.email and person.email.strip().lower() in self.by_email:
            return self.by_email[person.email.strip().lower()], ""
        found = self.by_name.get(person.name.strip(), []) if person.name else []
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            return None, (
                f"{person.role} {person} matches {len(found)} volunteers by name "
                f"({', '.join(found)}); export with emails (include[]=assignees)"
            )
        return None, f"{person.role} {person}: no volunteer has this email or name"


# -- reading the files ----------------------------------------------------------------------
def _instant(raw: object, field: str, where: str) -> datetime:
    text = str(raw or "").strip()
    if not text:
        raise PlannerError(f"{where}: {field} is empty")
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise PlannerError(f"{where}: {field} {text!r} is not a date and time (ISO 8601)") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise PlannerError(
            f"{where}: {field} {text!r} has no UTC offset (PagerDuty writes 2027-03-06T02:10:00Z)"
        )
    return value


def _minutes(start: datetime, end: datetime | None) -> int:
    if end is None or end <= start:
        return 0
    return min(MAX_MINUTES, math.ceil((end - start).total_seconds() / 60))


def _person(ref: object, role: str) -> Person | None:
    """A user reference or full user; None for what is not a user (a service, an empty ref)."""
    if not isinstance(ref, Mapping):
        return None
    kind = str(ref.get("type") or "user")
    if kind not in ("user", "user_reference"):
        return None
    name = str(ref.get("name") or ref.get("summary") or "").strip()
    email = str(ref.get("email") or "").strip()
    return Person(name, email, role) if (name or email) else None


def _people_from_json(incident: Mapping[str, Any]) -> tuple[Person, ...]:
    people: list[Person] = []
    acks = incident.get("acknowledgements") or []
    assigns = incident.get("assignments") or []
    for items, key, role in (
        (acks, "acknowledger", "acknowledged by"),
        (assigns, "assignee", "assigned to"),
    ):
        if not isinstance(items, list):
            continue
        ordered = sorted(
            (i for i in items if isinstance(i, Mapping)), key=lambda i: str(i.get("at") or "")
        )
        for item in ordered:
            person = _person(item.get(key), role)
            if person is not None:
                people.append(person)
    resolver = _person(incident.get("last_status_change_by"), "resolved by")
    if resolver is not None and incident.get("status") == "resolved":
        people.append(resolver)
    return tuple(people)


def read_json(data: bytes, name: str) -> list[Incident]:
    """PagerDuty's ``{"incidents": [...]}``; PlannerError for a file of another shape,
    with every bad incident named."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PlannerError(f"{name} is not a text file (UTF-8): {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise PlannerError(
            f"{name} is not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("incidents"), list):
        got = (
            f"an object with keys {', '.join(sorted(doc)) or 'none'}"
            if isinstance(doc, dict)
            else f"a JSON {type(doc).__name__}"
        )
        raise PlannerError(
            f'{name} is not PagerDuty\'s incident list: expected {{"incidents": [...]}}, got {got}'
        )
    incidents: list[Incident] = []
    errors: list[str] = []
    for n, raw in enumerate(doc["incidents"], start=1):
        where = f"incident {n}"
        if not isinstance(raw, dict):
            errors.append(f"{where}: not an object")
            continue
        if raw.get("id"):
            where = f"incident {raw['id']}"
        missing = [f for f in ("id", "created_at", "title", "assignments") if f not in raw]
        if missing:
            errors.append(f"{where}: missing field(s) {', '.join(missing)}")
            continue
        try:
            at = _instant(raw["created_at"], "created_at", where)
            end = raw.get("resolved_at") or (
                raw.get("last_status_change_at") if raw.get("status") == "resolved" else None
            )
            resolved = _instant(end, "resolved_at", where) if end else None
        except PlannerError as exc:
            errors.append(str(exc))
            continue
        service = raw.get("service")
        incidents.append(
            Incident(
                where=where,
                source_id=str(raw["id"]).strip(),
                at=at,
                title=str(raw.get("title") or raw.get("summary") or "").strip(),
                link=str(raw.get("html_url") or "").strip(),
                urgency=str(raw.get("urgency") or "high").strip().lower(),
                service=str(service.get("summary") or "").strip()
                if isinstance(service, Mapping)
                else "",
                minutes=_minutes(at, resolved),
                people=_people_from_json(raw),
            )
        )
    if errors:
        raise _refused(errors)
    return incidents


# CSV column aliases, compared lower-case with spaces and dashes as underscores.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "incident_id"),
    "number": ("incident_number", "number", "#"),
    "created": ("created_on", "created_at", "created", "opened_at", "triggered_at"),
    "resolved": ("resolved_on", "resolved_at", "resolved"),
    "seconds_to_resolve": ("seconds_to_resolve",),
    "title": ("description", "title", "summary", "incident_title", "name"),
    "service": ("service_name", "service"),
    "urgency": ("urgency",),
    "link": ("html_url", "url", "link", "incident_url"),
    "ack_names": ("acknowledged_by_user_names", "acknowledged_by", "acknowledgers"),
    "ack_emails": ("acknowledged_by_user_emails", "acknowledged_by_email"),
    "assign_names": ("assigned_to_user_names", "assigned_to", "assignees", "assignee"),
    "assign_emails": ("assigned_to_user_emails", "assigned_to_email", "assignee_email"),
    "resolver_name": ("resolved_by_user_name", "resolved_by"),
    "resolver_email": ("resolved_by_user_email",),
}
PEOPLE_COLUMNS = ("ack_names", "ack_emails", "assign_names", "assign_emails")


def _norm(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def map_columns(header: Sequence[str]) -> dict[str, int]:
    index = {_norm(h): i for i, h in enumerate(header)}
    found: dict[str, int] = {}
    for key, names in ALIASES.items():
        for name in names:
            if name in index:
                found[key] = index[name]
                break
    return found


def might_be_pagerduty(header: Sequence[str]) -> bool:
    """A header with PagerDuty's creation time or responder columns (then its missing
    columns are reported against PagerDuty's CSV, not the page log's)."""
    cols = map_columns(header)
    return "created" in cols or any(c in cols for c in PEOPLE_COLUMNS)


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.replace(";", ",").split(",") if p.strip()]


def read_csv(data: bytes, name: str) -> list[Incident]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlannerError(f"{name} is not a text file (UTF-8): {exc.reason}") from None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise PlannerError(f"{name} is not a readable CSV file: {exc}") from None
    if not rows:
        raise PlannerError(f"{name} is empty")
    cols = map_columns(rows[0])
    missing = [k for k in ("created",) if k not in cols]
    if "id" not in cols and "number" not in cols:
        missing.insert(0, "id")
    if not any(c in cols for c in PEOPLE_COLUMNS):
        missing.append("acknowledged_by_user_names or assigned_to_user_names")
    if missing:
        raise PlannerError(
            f"{name}: missing column(s) {', '.join(missing)} (PagerDuty's incident CSV has "
            "id, created_on, description, service_name, urgency, acknowledged_by_user_names, "
            "assigned_to_user_names)"
        )

    incidents: list[Incident] = []
    errors: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            i = cols.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        source = cell("id") or cell("number")
        where = f"line {line} (incident {source})" if source else f"line {line}"
        if not source:
            errors.append(f"{where}: missing the incident id")
            continue
        try:
            at = _instant(cell("created"), "created_on", where)
            resolved = (
                _instant(cell("resolved"), "resolved_on", where) if cell("resolved") else None
            )
        except PlannerError as exc:
            errors.append(str(exc))
            continue
        minutes = _minutes(at, resolved)
        if resolved is None and cell("seconds_to_resolve"):
            try:
                seconds = float(cell("seconds_to_resolve"))
            except ValueError:
                errors.append(f"{where}: seconds_to_resolve {cell('seconds_to_resolve')!r}")
                continue
            minutes = min(MAX_MINUTES, math.ceil(max(0.0, seconds) / 60))
        people: list[Person] = []
        for names_key, emails_key, role in (
            ("ack_names", "ack_emails", "acknowledged by"),
            ("assign_names", "assign_emails", "assigned to"),
            ("resolver_name", "resolver_email", "resolved by"),
        ):
            names, emails = _split(cell(names_key)), _split(cell(emails_key))
            for i in range(max(len(names), len(emails))):
                people.append(
                    Person(
                        names[i] if i < len(names) else "",
                        emails[i] if i < len(emails) else "",
                        role,
                    )
                )
        incidents.append(
            Incident(
                where=where,
                source_id=source,
                at=at,
                title=cell("title"),
                link=cell("link"),
                urgency=(cell("urgency") or "high").lower(),
                service=cell("service"),
                minutes=minutes,
                people=tuple(people),
            )
        )
    if errors:
        raise _refused(errors)
    return incidents


def _refused(errors: list[str]) -> PlannerError:
    return PlannerError(
        f"{len(errors)} bad incident(s), nothing imported: "
        + "; ".join(errors[:20])
        + (f"; and {len(errors) - 20} more" if len(errors) > 20 else "")
    )


# -- preview --------------------------------------------------------------------------------
def preview(
    session: Session, incidents: list[Incident], kind: str, now: datetime | None = None
) -> PagePreview:
    """What importing the incidents would do; errors (unmatched responder, a duplicate id in
    the file, a page in the future) are listed, nothing is written."""
    now = now or utc_now()
    result = PagePreview(kind=kind)
    known = set(session.exec(select(Page.source_id).where(col(Page.source_id).is_not(None))))
    people = _Directory(session)
    seen: dict[str, str] = {}
    for n, incident in enumerate(incidents, start=1):
        if incident.source_id in seen:
            result.errors.append(
                f"{incident.where}: incident id {incident.source_id} appears twice in the file "
                f"(also {seen[incident.source_id]})"
            )
            continue
        seen[incident.source_id] = incident.where
        if incident.at > now:
            result.errors.append(
                f"{incident.where}: created_at {incident.at.isoformat()} is in the future"
            )
            continue
        if incident.urgency == "low":
            result.skipped.append((incident.where, "low urgency: it notified without paging"))
            continue
        if not incident.people:
            result.errors.append(
                f"{incident.where}: no responder (no acknowledgement, assignment or resolver)"
            )
            continue
        email, why = people.match(incident.people[0])
        if email is None:
            result.errors.append(f"{incident.where}: {why}")
            continue
        draft = PageDraft(
            n, incident.at, email, incident.minutes, incident.title, incident.link,
            incident.source_id, incident.service, incident.where,
        )  # fmt: skip
        if incident.source_id in known:
            result.duplicates.append(draft)
        else:
            result.pages.append(draft)
            if not on_call_at(session, incident.at, email):
                result.off_call.append(draft)
    return result


def read_file(path: Path, data: bytes | None = None) -> tuple[list[Incident], str]:
    """The incidents of a PagerDuty JSON or CSV file, and which of the two it is."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise PlannerError(f"cannot read {path}: {exc.strerror or exc}") from exc
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".json" or stripped[:1] in (b"{", b"["):
        return read_json(data, path.name), "PagerDuty JSON"
    return read_csv(data, path.name), "PagerDuty CSV"

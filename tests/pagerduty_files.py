"""Write PagerDuty incident files as PagerDuty does, for the tests (and by hand).

The field names follow PagerDuty's published REST API v2 (``GET /incidents``: an
``incidents`` list of incident objects with ``id``, ``incident_number``, ``title``,
``created_at``, ``status``, ``urgency``, ``html_url``, ``service`` (a service reference),
``assignments`` [{``at``, ``assignee``}], ``acknowledgements`` [{``at``, ``acknowledger``}],
``last_status_change_at``, ``last_status_change_by``, ``resolved_at``) and its incidents
report CSV download (``id``, ``incident_number``, ``description``, ``service_id``,
``service_name``, ``created_on``, ``resolved_on``, ``seconds_to_resolve``,
``acknowledged_by_user_names``, ``assigned_to_user_names``, ``resolved_by_user_name``,
``urgency`` ...). As in the API, a resolved incident has empty ``assignments`` and
``acknowledgements`` (who resolved it is ``last_status_change_by``); user references carry
only the name (``summary``) unless the export asked for ``include[]=assignees`` and
``include[]=acknowledgers`` (then ``name`` and ``email`` too).

    python -m tests.pagerduty_files OUTDIR   # sample files for the demo team
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

SUBDOMAIN = "https://acme.pagerduty.com"
API = "https://api.pagerduty.com"


@dataclass
class Incident:
    id: str
    number: int
    created_at: str  # as PagerDuty writes it: 2026-10-03T01:12:09Z
    title: str
    service: str = "Checkout API"
    urgency: str = "high"
    status: str = "resolved"  # triggered, acknowledged or resolved
    acknowledger: tuple[str, str] | None = None  # (name, email)
    assignee: tuple[str, str] | None = None
    resolver: tuple[str, str] | None = None
    resolved_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def user_id(self, name: str) -> str:
        return "P" + "".join(w[0] for w in name.split()).upper() + f"{abs(hash(name)) % 9999:04d}"


def _user(incident: Incident, person: tuple[str, str], full: bool) -> dict[str, Any]:
    name, email = person
    uid = incident.user_id(name)
    ref: dict[str, Any] = {
        "id": uid,
        "type": "user" if full else "user_reference",
        "summary": name,
        "self": f"{API}/users/{uid}",
        "html_url": f"{SUBDOMAIN}/users/{uid}",
    }
    if full:
        ref.update({"name": name, "email": email})
    return ref


def api_incident(incident: Incident, with_emails: bool = True) -> dict[str, Any]:
    """One incident object of ``GET /incidents`` (``include[]=assignees,acknowledgers`` when
    ``with_emails``)."""
    service_id = "PSV" + str(abs(hash(incident.service)) % 9999).zfill(4)
    doc: dict[str, Any] = {
        "id": incident.id,
        "type": "incident",
        "summary": f"[#{incident.number}] {incident.title}",
        "self": f"{API}/incidents/{incident.id}",
        "html_url": f"{SUBDOMAIN}/incidents/{incident.id}",
        "incident_number": incident.number,
        "title": incident.title,
        "created_at": incident.created_at,
        "updated_at": incident.resolved_at or incident.created_at,
        "status": incident.status,
        "incident_key": f"key-{incident.id.lower()}",
        "service": {
            "id": service_id,
            "type": "service_reference",
            "summary": incident.service,
            "self": f"{API}/services/{service_id}",
            "html_url": f"{SUBDOMAIN}/service-directory/{service_id}",
        },
        "assignments": [],
        "acknowledgements": [],
        "last_status_change_at": incident.resolved_at or incident.created_at,
        "urgency": incident.urgency,
        "resolved_at": incident.resolved_at,
    }
    if incident.status != "resolved":  # PagerDuty empties both lists once resolved
        if incident.assignee:
            doc["assignments"] = [
                {"at": incident.created_at, "assignee": _user(incident, incident.assignee,
                                                               with_emails)}
            ]  # fmt: skip
        if incident.acknowledger and incident.status == "acknowledged":
            doc["acknowledgements"] = [
                {"at": incident.created_at,
                 "acknowledger": _user(incident, incident.acknowledger, with_emails)}
            ]  # fmt: skip
    resolver = incident.resolver or incident.acknowledger or incident.assignee
    if resolver:
        doc["last_status_change_by"] = _user(incident, resolver, False)
    doc.update(incident.extra)
    return doc


def write_json(path: Path, incidents: list[Incident], with_emails: bool = True) -> Path:
    body = {
        "incidents": [api_incident(i, with_emails) for i in incidents],
        "limit": 100,
        "offset": 0,
        "total": None,
        "more": False,
    }
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path


CSV_COLUMNS = [
    "id", "incident_number", "description", "service_id", "service_name",
    "escalation_policy_id", "escalation_policy_name", "created_on", "resolved_on",
    "seconds_to_first_ack", "seconds_to_resolve", "auto_resolved", "escalation_count",
    "auto_escalation_count", "acknowledge_count", "assignment_count",
    "acknowledged_by_user_ids", "acknowledged_by_user_names", "assigned_to_user_ids",
    "assigned_to_user_names", "resolved_by_user_id", "resolved_by_user_name", "urgency",
]  # fmt: skip


def _csv_time(text: str | None) -> str:
    """The report writes offsets as +00:00."""
    if not text:
        return ""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()


def csv_row(incident: Incident) -> dict[str, str]:
    created = datetime.fromisoformat(incident.created_at.replace("Z", "+00:00"))
    resolved = (
        datetime.fromisoformat(incident.resolved_at.replace("Z", "+00:00"))
        if incident.resolved_at
        else None
    )
    ack, assignee = incident.acknowledger, incident.assignee
    resolver = incident.resolver or ack or assignee
    return {
        "id": incident.id,
        "incident_number": str(incident.number),
        "description": incident.title,
        "service_id": "PSV" + str(abs(hash(incident.service)) % 9999).zfill(4),
        "service_name": incident.service,
        "escalation_policy_id": "PEP0001",
        "escalation_policy_name": "Out-of-hours volunteers",
        "created_on": _csv_time(incident.created_at),
        "resolved_on": _csv_time(incident.resolved_at),
        "seconds_to_first_ack": "120" if ack else "",
        "seconds_to_resolve": str(int((resolved - created).total_seconds())) if resolved else "",
        "auto_resolved": "0",
        "escalation_count": "0",
        "auto_escalation_count": "0",
        "acknowledge_count": "1" if ack else "0",
        "assignment_count": "1" if assignee else "0",
        "acknowledged_by_user_ids": incident.user_id(ack[0]) if ack else "",
        "acknowledged_by_user_names": ack[0] if ack else "",
        "assigned_to_user_ids": incident.user_id(assignee[0]) if assignee else "",
        "assigned_to_user_names": assignee[0] if assignee else "",
        "resolved_by_user_id": incident.user_id(resolver[0]) if resolver and resolved else "",
        "resolved_by_user_name": resolver[0] if resolver and resolved else "",
        "urgency": incident.urgency,
    }


def write_csv(path: Path, incidents: list[Incident]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for incident in incidents:
            writer.writerow(csv_row(incident))
    return path


def zulu(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def sample(people: list[tuple[str, str]], first: datetime, count: int = 12) -> list[Incident]:
    """``count`` incidents over the weeks from ``first`` (UTC), night and evening ones,
    answered in turn by ``people`` (name, email); one low-urgency incident at the end."""
    services = ["Checkout API", "Payments webhooks", "Search indexer", "Checkout API"]
    titles = [
        "Checkout latency p99 above 2s",
        "Webhook retries piling up",
        "Indexer lag over 30 minutes",
        "5xx rate above 2% on /checkout",
    ]
    found = []
    for n in range(count):
        at = first + timedelta(days=3 * n, hours=(2, 21, 4, 23)[n % 4], minutes=7 * n % 60)
        person = people[n % len(people)]
        status = "acknowledged" if n % 3 == 1 else "resolved"
        found.append(
            Incident(
                id=f"Q{n + 1:03d}PDX",
                number=4100 + n,
                created_at=zulu(at),
                title=titles[n % 4],
                service=services[n % 4],
                status=status,
                acknowledger=person,
                assignee=person,
                resolved_at=zulu(at + timedelta(minutes=14 + 9 * n))
                if status == "resolved"
                else None,
            )
        )
    last = first + timedelta(days=3 * count + 1, hours=3)
    found.append(
        Incident(f"Q{count + 1:03d}LOW", 4100 + count, zulu(last), "Disk 80% on batch-7",
                 "Batch jobs", "low", "resolved", people[0], people[0],
                 resolved_at=zulu(last + timedelta(hours=5)))
    )  # fmt: skip
    return found


if __name__ == "__main__":  # sample files for the demo team (as built for 2026-11-26)
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    team = [
        ("Jamal Washington", "jamal.washington@example.com"),
        ("Oliver Bennett", "oliver.bennett@example.com"),
        ("Siobhan Doyle", "siobhan.doyle@example.com"),
    ]
    incidents = sample(team, datetime(2026, 10, 2))
    print(write_json(out / "pagerduty-incidents.json", incidents))
    print(write_csv(out / "pagerduty-incidents.csv", incidents))

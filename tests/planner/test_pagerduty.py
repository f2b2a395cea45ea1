"""PagerDuty incidents become pages: the REST API's JSON and the web app's CSV, the
responder matched by email then exact name, incidents seen before skipped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from planner.core.errors import PlannerError
from planner.core.models import Page, RestEntry
from planner.pay import page_import, pages
from tests.pagerduty_files import Incident, sample, write_csv, write_json

TEAM = [
    ("Jamal Washington", "jamal.washington@example.com"),
    ("Oliver Bennett", "oliver.bennett@example.com"),
    ("Siobhan Doyle", "siobhan.doyle@example.com"),
]
FIRST = datetime(2026, 10, 2, tzinfo=UTC)


def _pages(db) -> list[Page]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.exec(select(Page).where(Page.source_id != None)).all())  # noqa: E711


def test_json_with_emails_imports_every_paging_incident(demo_db, tmp_path: Path) -> None:
    incidents = sample(TEAM, FIRST)
    path = write_json(tmp_path / "incidents.json", incidents)
    with demo_db.session() as s:
        before = len(s.exec(select(RestEntry)).all())
    with demo_db.transaction() as s:
        preview = page_import.import_file(s, path)
    assert preview.kind == "PagerDuty JSON"
    assert len(preview.pages) == 12 and preview.duplicates == []
    assert preview.skipped == [("incident Q013LOW", "low urgency: it notified without paging")]
    stored = {p.source_id: p for p in _pages(demo_db)}
    assert set(stored) == {i.id for i in incidents if i.urgency == "high"}
    first = stored["Q001PDX"]
    assert first.at == datetime(2026, 10, 2, 2, 0, tzinfo=UTC)
    assert first.summary == "Checkout latency p99 above 2s" and first.service == "Checkout API"
    assert first.link == "https://acme.pagerduty.com/incidents/Q001PDX"
    assert first.minutes == 14  # created 02:00, resolved 02:14
    with demo_db.session() as s:
        rows = {r.source_id: r for r in pages.list_pages(s)}
        after = len(s.exec(select(RestEntry)).all())
    assert rows["Q001PDX"].email == "jamal.washington@example.com"  # resolved: who resolved it
    assert rows["Q002PDX"].email == "oliver.bennett@example.com"  # acknowledged: acknowledger
    # 02:00 UTC is a night page in Dublin and London (03:00 / 02:00), not in San Francisco
    assert rows["Q003PDX"].night  # Siobhan Doyle, Dublin, 04:xx local
    assert not rows["Q001PDX"].night  # Jamal Washington, San Francisco: 19:00 the evening before
    assert after > before  # night pages earned rest
    assert all(r.follow_up_state is None for r in rows.values())


def test_an_incident_seen_before_is_skipped(demo_db, tmp_path: Path) -> None:
    path = write_json(tmp_path / "incidents.json", sample(TEAM, FIRST))
    with demo_db.transaction() as s:
        page_import.import_file(s, path)
    more = sample(TEAM, FIRST, count=14)  # the same twelve and two new ones
    path = write_json(tmp_path / "later.json", more)
    with demo_db.transaction() as s:
        preview = page_import.import_file(s, path)
    assert [d.source_id for d in preview.pages] == ["Q013PDX", "Q014PDX"]
    assert len(preview.duplicates) == 12
    assert len(_pages(demo_db)) == 14


def test_references_without_emails_match_by_exact_name(demo_db, tmp_path: Path) -> None:
    path = write_json(tmp_path / "incidents.json", sample(TEAM, FIRST), with_emails=False)
    with demo_db.session() as s:
        preview = page_import.preview_file(s, path)
    assert preview.ok and len(preview.pages) == 12
    assert {d.email for d in preview.pages} == {email for _name, email in TEAM}


def test_csv_download_gives_the_same_pages_as_the_json(demo_db, tmp_path: Path) -> None:
    incidents = sample(TEAM, FIRST)
    json_path = write_json(tmp_path / "incidents.json", incidents)
    csv_path = write_csv(tmp_path / "incidents.csv", incidents)
    with demo_db.session() as s:
        from_json = page_import.preview_file(s, json_path)
        from_csv = page_import.preview_file(s, csv_path)
    assert from_csv.kind == "PagerDuty CSV" and from_csv.ok
    key = [(d.source_id, d.at, d.email, d.summary, d.service) for d in from_json.pages]
    assert [(d.source_id, d.at, d.email, d.summary, d.service) for d in from_csv.pages] == key
    resolved = [d.minutes for d in from_csv.pages if d.source_id == "Q003PDX"]
    assert resolved == [32]  # seconds_to_resolve 1920


def test_the_acknowledger_is_the_responder_not_the_assignee(demo_db, tmp_path: Path) -> None:
    incident = Incident(
        "PACK001", 9001, "2026-10-10T03:00:00Z", "Queue depth", status="acknowledged",
        acknowledger=TEAM[1], assignee=TEAM[0],
    )  # fmt: skip
    assigned_only = Incident(
        "PASS001", 9002, "2026-10-11T03:00:00Z", "Queue depth", status="triggered",
        assignee=TEAM[2],
    )  # fmt: skip
    path = write_json(tmp_path / "i.json", [incident, assigned_only])
    with demo_db.session() as s:
        preview = page_import.preview_file(s, path)
    assert [d.email for d in preview.pages] == [TEAM[1][1], TEAM[2][1]]


def _refused(db, path: Path, *words: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(PlannerError) as info, db.transaction() as s:
        page_import.import_file(s, path)
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert "\n" not in message
    assert _pages(db) == []
    return message


def test_an_unmatched_responder_refuses_the_file_naming_them(demo_db, tmp_path: Path) -> None:
    people = [*TEAM[:2], ("Nobody Known", "nobody@elsewhere.example")]
    path = write_json(tmp_path / "i.json", sample(people, FIRST))
    _refused(demo_db, path, "nothing imported", "incident Q003PDX", "'Nobody Known'",
             "no volunteer has this email or name")  # fmt: skip


def test_a_name_two_volunteers_share_is_not_guessed(demo_db, tmp_path: Path) -> None:
    from planner.people import volunteers

    with demo_db.transaction() as s:
        volunteers.create(s, name="Jamal Washington", email="jamal.w2@example.com", site="Dublin")
    path = write_json(tmp_path / "i.json", sample(TEAM, FIRST), with_emails=False)
    _refused(demo_db, path, "matches 2 volunteers by name", "jamal.w2@example.com")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("id,created\nthis is { not json", ("is not JSON", "line 1")),
        ('[{"id": "P1"}]', ("is not PagerDuty's incident list", "a JSON list")),
        ('{"incident": {"id": "P1"}}', ("expected {\"incidents\": [...]}", "keys incident")),
        ('{"incidents": [{"id": "P1", "title": "x", "assignments": []}]}',
         ("incident P1: missing field(s) created_at",)),
        ('{"incidents": [{"id": "P1", "title": "x", "created_at": "2026-10-02T02:00:00",'
         ' "assignments": []}]}', ("incident P1", "has no UTC offset")),
        ('{"incidents": [{"id": "P1", "title": "x", "created_at": "2099-10-02T02:00:00Z",'
         ' "assignments": [{"at": "2099-10-02T02:00:00Z", "assignee": {"type": "user_reference",'
         ' "summary": "Oliver Bennett"}}]}]}', ("incident P1", "in the future")),
    ],
)  # fmt: skip
def test_bad_json_files_are_refused(demo_db, tmp_path: Path, content: str, words) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "incidents.json"
    path.write_text(content, encoding="utf-8")
    _refused(demo_db, path, *words)


def test_a_duplicate_id_in_the_file_is_refused(demo_db, tmp_path: Path) -> None:
    incidents = sample(TEAM, FIRST)
    incidents[5].id = incidents[2].id
    path = write_json(tmp_path / "i.json", incidents)
    _refused(demo_db, path, "incident id Q003PDX appears twice")


def test_a_csv_without_the_columns_is_refused(demo_db, tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text("id,created_on,description\nP1,2026-10-02T02:00:00+00:00,x\n")
    _refused(demo_db, path, "missing column(s)", "assigned_to_user_names")
    path.write_text(
        "id,created_on,description,assigned_to_user_names\nP1,2026-10-02 02:00,x,Oliver Bennett\n"
    )
    _refused(demo_db, path, "line 2 (incident P1)", "has no UTC offset")


def test_dry_run_writes_nothing(demo_db, tmp_path: Path) -> None:
    path = write_json(tmp_path / "i.json", sample(TEAM, FIRST))
    with demo_db.transaction() as s:
        preview = page_import.import_file(s, path, dry_run=True)
    assert len(preview.pages) == 12 and _pages(demo_db) == []

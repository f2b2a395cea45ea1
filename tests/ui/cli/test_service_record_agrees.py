"""`planner service-record` agrees with `rota`, `pages`, `rest` and `pay` for every volunteer
of the demo, and prints a PDF."""

from __future__ import annotations

import subprocess
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from planner.core.models import Shift, Volunteer

# the pay lines of every month, and the hours of shift lines, per volunteer
PayTotals = dict[str, dict[str, int]]


def _everything(cli, db) -> tuple[list[dict], list[dict], list[dict], PayTotals, dict[str, float]]:  # type: ignore[no-untyped-def, type-arg]
    with db.session() as s:
        first = s.exec(select(func.min(Shift.slot_start))).one()
        last = s.exec(select(func.max(Shift.slot_end))).one()
    weeks = (last - first).days // 7 + 2
    start = (first - timedelta(days=7)).date().isoformat()
    rota = cli("--db", db.path, "rota", "--from", start, "--weeks", weeks, "--format", "json")
    pages = cli("--db", db.path, "pages", "--format", "json")
    rest = cli("--db", db.path, "rest", "--format", "json")
    assert rota.code == pages.code == rest.code == 0, rota.err + pages.err + rest.err
    pay: PayTotals = defaultdict(lambda: defaultdict(int))
    hours: dict[str, float] = defaultdict(float)
    month, end = first.date().replace(day=1), (last + timedelta(days=31)).date()
    while month <= end:
        out = cli("--db", db.path, "pay", "--month", f"{month:%Y-%m}", "--format", "json")
        assert out.code == 0, out.err
        for line in out.json():
            pay[line["email"]][line["currency"]] += line["amount_minor"]
            if line["kind"] in ("shift", "adjustment"):  # holiday lines pay no extra hours
                hours[line["email"]] += line["hours"]
        month = (month + timedelta(days=32)).replace(day=1)
    return rota.json(), pages.json(), rest.json(), pay, hours


@pytest.fixture(params=["demo", "demo with PagerDuty incidents"])
def served_db(request, cli, demo_db, tmp_path):  # type: ignore[no-untyped-def]
    """The demo, and the demo after a PagerDuty incident file was imported."""
    if request.param != "demo":
        from datetime import UTC, datetime

        from tests.pagerduty_files import sample, write_json

        team = [
            ("Jamal Washington", "jamal.washington@example.com"),
            ("Oliver Bennett", "oliver.bennett@example.com"),
            ("Siobhan Doyle", "siobhan.doyle@example.com"),
        ]
        path = write_json(tmp_path / "i.json", sample(team, datetime(2026, 9, 4, tzinfo=UTC), 20))
        out = cli("--db", demo_db.path, "import-pages", path)
        assert out.code == 0 and "added 20 page(s)" in out.out, out.err
    return demo_db


def test_every_volunteer_s_record_agrees_with_rota_pages_rest_and_pay(cli, served_db) -> None:
    demo_db = served_db
    rota, pages, rest, pay, hours = _everything(cli, demo_db)
    with demo_db.session() as s:
        emails = sorted(s.exec(select(Volunteer.email)).all())
    worked = [r for r in rota if r["state"] == "worked"]
    shifts = Counter(r["assignee"] for r in worked)
    given = Counter(c["email"] for r in worked for c in r["covers"] if c["email"] != r["assignee"])
    taken = Counter(
        r["assignee"] for r in worked for c in r["covers"] if c["email"] != r["assignee"]
    )
    paged = Counter(p["responder"] for p in pages)
    night = Counter(p["responder"] for p in pages if p["night"])
    rest_by = {r["email"]: r for r in rest}
    seen_activity = 0
    for email in emails:
        out = cli("--db", demo_db.path, "service-record", "--volunteer", email)
        assert out.code == 0, out.err
        record = out.json()
        assert record["email"] == email
        assert record["shifts"] == shifts[email]
        assert record["covers_given"] == given[email]
        assert record["covers_taken"] == taken[email]
        assert record["pages"] == paged[email]
        assert record["night_pages"] == night[email]
        mine = rest_by.get(email, {"entitled_days": 0, "taken_days": 0})
        assert record["rest_entitled_days"] == mine["entitled_days"]
        assert record["rest_taken_days"] == mine["taken_days"]
        assert {p["currency"]: p["amount_minor"] for p in record["pay"]} == dict(pay[email])
        assert record["out_of_hours_hours"] == pytest.approx(hours[email], abs=0.05)
        seen_activity += bool(record["shifts"] and record["pages"] and record["pay"])
    assert seen_activity >= 5  # the demo has real service to compare, not only zeros
    assert sum(given.values()) >= 1  # and covers


def test_unknown_volunteer_is_refused(cli, demo_db) -> None:
    out = cli("--db", demo_db.path, "service-record", "--volunteer", "nobody@example.com")
    assert out.code == 2 and "no volunteer" in out.err and out.out == ""


def test_service_record_pdf(cli, demo_db, tmp_path: Path) -> None:
    with demo_db.session() as s:
        email = s.exec(
            select(Volunteer.email).join(Shift, Shift.volunteer_id == Volunteer.id)  # type: ignore[arg-type]
        ).first()
        name = s.exec(select(Volunteer.name).where(Volunteer.email == email)).one()
    target = tmp_path / "record.pdf"
    out = cli("--db", demo_db.path, "service-record", "--volunteer", email, "-o", target)
    assert out.code == 0, out.err
    assert "wrote" in out.out and target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    try:
        text = subprocess.run(
            ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    record = cli("--db", demo_db.path, "service-record", "--volunteer", email).json()
    assert f"Service record — {name}" in text
    assert "Shifts worked" in text and "Out-of-hours hours held" in text
    assert f"{record['pages']} ({record['night_pages']})" in text

"""A gap (a slot nobody holds) is unmistakable in the outputs: the printed rota shows it as
uncovered (not "not published" like a draft), and the team .ics feed says UNCOVERED in that
week's event, even though publishing leaves a gap as a draft."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest

from planner.core.db import Database
from planner.core.home import rotation_by_name
from planner.outputs.calendar import build_rota_calendar
from planner.outputs.ics import export_feed
from planner.people import volunteers
from planner.rota import covers
from planner.rota.weeks import ensure_slots, publish
from tests.planner.rota_fixtures import BEFORE, START, freeze_now, person

GAP_WEEK = date(2027, 3, 12)  # Primary has nobody that week


@pytest.fixture
def gap_db(db: Database, monkeypatch) -> Database:  # type: ignore[no-untyped-def]
    freeze_now(monkeypatch, BEFORE)
    with db.transaction() as s:
        for name in ("Ann", "Bob"):
            person(s, name)
        ensure_slots(s, START, 3)
        primary = rotation_by_name(s, "Primary")
        for week, who in ((date(2027, 3, 5), "ann"), (date(2027, 3, 19), "bob")):
            shift = covers.shift_in_week(s, primary, week)
            covers.assign(s, shift.id, volunteers.by_email(s, f"{who}@example.com"), now=BEFORE)
        result = publish(s, START, 3, now=BEFORE)
    assert "Primary week of 2027-03-12" in result.uncovered  # left as a draft, a gap
    return db


def _primary(page, day):  # type: ignore[no-untyped-def]
    found = next(d for w in page.weeks for d in w if d.day == day)
    return next(r for r in found.rotations if r.rotation == "Primary").holders


def test_the_printed_rota_shows_a_gap_as_uncovered_not_as_a_draft(gap_db) -> None:
    with gap_db.session() as s:
        page = build_rota_calendar(s, date(2027, 3, 1), 1).months[0]
    assert [h.kind for h in _primary(page, date(2027, 3, 15))] == ["uncovered"]
    assert not any(h.draft for h in _primary(page, date(2027, 3, 15)))
    assert [h.name for h in _primary(page, date(2027, 3, 8))] == ["Ann"]
    assert not page.has_drafts
    # a week with no shift at all is still "not published"
    assert [h.kind for h in _primary(page, date(2027, 3, 3))] == ["unpublished"]


def _events(data: bytes) -> list[icalendar.Event]:
    return [c for c in icalendar.Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def test_the_team_feed_names_the_gap_in_its_week(gap_db) -> None:
    with gap_db.transaction() as s:
        team = _events(export_feed(s))
        ann = _events(export_feed(s, "ann@example.com"))
    gaps = [e for e in team if "UNCOVERED" in str(e["summary"])]
    primary_gap = [e for e in gaps if "Primary" in str(e["summary"])]
    assert len(primary_gap) == 1
    event = primary_gap[0]
    assert event.decoded("dtstart").date() == GAP_WEEK
    assert str(event["description"]).startswith("UNCOVERED: nobody is on call for Primary")
    assert str(event["status"]) == "CONFIRMED"  # a real gap, not a tentative draft
    assert not any("UNCOVERED" in str(e["summary"]) for e in ann)

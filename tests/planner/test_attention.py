"""What needs the coordinator (the Now screen's list), on the demo database."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from planner.core import settings
from planner.core.home import rotation_by_name
from planner.core.models import Shift, Volunteer
from planner.core.month import Month
from planner.outputs.attention import needs_coordinator
from planner.pay import runs
from planner.rota import covers
from planner.rota.weeks import reopen
from tests.conftest import TODAY

NOON = datetime.combine(TODAY, time(12), UTC)


def _kinds(db, now=NOON):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {a.kind: a for a in needs_coordinator(session, now)}


def test_the_demo_asks_for_last_months_pay_run_and_the_rest_waiting(demo_db) -> None:
    found = _kinds(demo_db)
    assert found["pay_run"].text == "Pay run for October 2026: export it"
    assert found["pay_run"].screen == "pay"
    assert found["rest"].screen == "rest" and "Rest days waiting" in found["rest"].text
    assert "gaps" not in found and "team_band" not in found


def test_closing_last_months_run_clears_it(demo_db) -> None:
    with demo_db.transaction() as session:
        runs.build_run(session, Month(2026, 10), NOON)
        runs.mark_exported(session, Month(2026, 10), NOON)
    assert _kinds(demo_db)["pay_run"].text == "Pay run for October 2026: exported, close it"
    with demo_db.transaction() as session:
        runs.close_run(session, Month(2026, 10), NOON)
    assert "pay_run" not in _kinds(demo_db)


def test_a_change_after_a_run_was_built_makes_it_stale(demo_db) -> None:
    with demo_db.transaction() as session:
        runs.build_run(session, Month(2026, 10), NOON)
    assert "stale_run" not in _kinds(demo_db)
    with demo_db.transaction() as session:
        primary = rotation_by_name(session, "Primary")
        shift = session.exec(
            select(Shift)
            .where(Shift.rotation_id == primary.id)
            .where(Shift.slot_end > datetime(2026, 10, 10, tzinfo=UTC))
            .order_by(Shift.slot_start)
        ).first()
        assert shift is not None
        for person, broken in covers.candidates(session, shift.id or 0):
            if not broken and person.id != shift.volunteer_id:
                start = shift.slot_start + timedelta(days=1)
                volunteer = session.get(Volunteer, person.id)
                covers.add_cover(session, primary, volunteer, start, start + timedelta(hours=4))
                break
    stale = _kinds(demo_db)["stale_run"]
    assert stale.text == "Pay run for October 2026 is out of date: build it again"


def test_drafts_gaps_and_a_small_team_are_named(demo_db) -> None:
    with demo_db.transaction() as session:
        reopen(session, TODAY + timedelta(days=15), 1, now=NOON)
        primary = rotation_by_name(session, "Primary")
        shift = covers.shift_in_week(session, primary, TODAY + timedelta(days=15))
        covers.assign(session, shift.id or 0, None, now=NOON)
        settings.put(session, "team_min", 20)
        settings.put(session, "team_max", 24)
    found = _kinds(demo_db)
    assert found["drafts"].screen == "rota"
    assert "draft shift(s) in the next four weeks to publish" in found["drafts"].text
    assert found["gaps"].text == "1 gap(s) in the next four weeks with nobody on call"
    assert found["gaps"].screen == "timeline"
    assert found["team_band"].screen == "tours"
    assert "below its band of 20–24" in found["team_band"].text


def test_pages_without_follow_up_and_open_ones_by_team(demo_db) -> None:
    from planner.pay import pages

    with demo_db.session() as session:
        every = [p for p in pages.list_pages(session) if p.at <= NOON]
    found = _kinds(demo_db)
    assert found["follow_up"].text == f"{len(every)} pages without a follow-up"
    assert found["follow_up"].screen == "pages" and "follow_up_open" not in found
    with demo_db.transaction() as session:
        pages.set_follow_up(session, every[0].id, "Payments", "https://issues.example.com/P-1")
        pages.set_follow_up(session, every[1].id, "Search", state="done")
    found = _kinds(demo_db)
    assert found["follow_up"].text == f"{len(every) - 2} pages without a follow-up"
    assert found["follow_up_open"].text == "Follow-ups still open: Payments 1"


def test_a_month_with_nobody_to_pay_asks_for_no_pay_run(db) -> None:
    """A coordinator who starts empty (or whose team starts this month) is not sent to
    export last month's pay run: nobody held a shift that ended in it."""
    assert "pay_run" not in _kinds(db)

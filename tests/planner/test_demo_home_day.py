"""The demo is built around the home site's day, never the computer's (PRODUCT.md: statuses
and "today" derive from the home site's date). At 17:00 on Saturday 31 October 2026 in San
Francisco it is already 00:00 on Sunday 1 November in Dublin: the demo's tours and pay runs
are November's, as on a computer in Dublin at that moment."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import select

from planner.core.db import Database, open_database
from planner.core.models import PayRun
from planner.demo import build_demo
from planner.people import tours
from tests.planner.rota_fixtures import freeze_computer_date

SF_EVENING = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)  # Sat 31 Oct 17:00 PDT; Sun 1 Nov 00:00 GMT
DUBLIN_DAY = date(2026, 11, 1)


def _what_the_demo_planned(database: Database) -> tuple[list[tuple[str, date, date]], list[str]]:
    with database.session() as session:
        planned = [(t.email, t.start, t.end) for t in tours.list_tours(session, DUBLIN_DAY)]
        runs = [f"{r.month} {r.state}" for r in session.exec(select(PayRun)).all()]
    return sorted(planned), sorted(runs)


def test_the_demo_is_built_around_the_home_sites_day(
    db: Database, tmp_path: Path, monkeypatch, computer_in_san_francisco
) -> None:
    monkeypatch.setattr("planner.core.home.utc_now", lambda: SF_EVENING)
    freeze_computer_date(monkeypatch, SF_EVENING, "planner.demo")
    with db.transaction() as session:
        build_demo(session)  # no day given: the coordinator's "load the demo"

    in_dublin = open_database(tmp_path / "dublin.db", create=True)
    try:
        with in_dublin.transaction() as session:
            build_demo(session, today=DUBLIN_DAY)
        expected = _what_the_demo_planned(in_dublin)
    finally:
        in_dublin.close()
    planned, runs = _what_the_demo_planned(db)
    assert (planned, runs) == expected
    assert min(start for _e, start, _end in planned) == date(2025, 12, 1)  # 11 months before

"""Exports report their progress, and a progress callback that raises (the GUI's Cancel)
stops them with no file written and the database as it was."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from planner.core.db import Database
from planner.core.month import Month
from planner.demo import team
from planner.outputs.ics import write_feed
from planner.pay.export import export_payroll
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota


class Stop(Exception):
    pass


def _dump(db: Database) -> list[str]:
    with sqlite3.connect(db.path) as conn:
        return list(conn.iterdump())


@pytest.fixture
def worked(db: Database) -> Database:
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 30)
    return db


def _stop_at(step: int, heard: list[tuple[int, int, str]]):  # type: ignore[no-untyped-def]
    def progress(done: int, total: int, text: str) -> None:
        heard.append((done, total, text))
        if len(heard) == step:
            raise Stop()

    return progress


def test_every_step_of_a_payroll_export_can_stop_it_leaving_nothing(
    worked: Database, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    heard: list[tuple[int, int, str]] = []
    result = export_payroll(
        worked, Month(2026, 3), out / "all.xlsx", progress=lambda d, t, x: heard.append((d, t, x))
    )
    steps = len(heard)
    assert steps >= 4 and heard[-1][0] == heard[-1][1]  # the last report: all done
    assert result.path.exists()
    before = _dump(worked)
    for step in range(1, steps + 1):
        target = out / f"stopped-{step}.xlsx"
        with pytest.raises(Stop):
            export_payroll(worked, Month(2026, 4), target, progress=_stop_at(step, []))
        assert sorted(p.name for p in out.iterdir()) == ["all.xlsx"]
        assert _dump(worked) == before, step


def test_every_step_of_a_calendar_export_can_stop_it_leaving_nothing(
    worked: Database, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    heard: list[tuple[int, int, str]] = []
    count = write_feed(worked, out / "all.ics", progress=lambda d, t, x: heard.append((d, t, x)))
    assert count > 0 and heard[-1] == (count, count, "Saving…")
    with worked.transaction() as session:  # every event changes: an export would bump each
        session.connection().exec_driver_sql("UPDATE rotation SET name = name || ' team'")
    before = _dump(worked)
    for step in range(1, len(heard) + 1):
        with pytest.raises(Stop):
            write_feed(worked, out / f"stopped-{step}.ics", progress=_stop_at(step, []))
        assert sorted(p.name for p in out.iterdir()) == ["all.ics"]
        assert _dump(worked) == before, step

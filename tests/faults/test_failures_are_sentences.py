"""Every failure is a sentence: a locked database, a read-only database, a full disk, a year
out of range. No traceback, the database as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from planner.core.db import Database
from tests.faults.conftest import fill
from tests.ui.cli.conftest import digest


def _one_sentence(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_a_locked_database_says_it_is_in_use_and_to_try_again(
    cli, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import planner.core.db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 50)
    demo_db.close()
    (demo_db.path.with_name(demo_db.path.name + ".lock")).write_text("4242\nplanner\nhost-a\n")
    holder = sqlite3.connect(demo_db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("--db", demo_db.path, "plan", "--from", "2027-01-01", "--weeks", "2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 2
    _one_sentence(result.err)
    assert "in use" in result.err and "try again" in result.err
    assert "process 4242" in result.err


def test_a_read_only_database_reads_and_refuses_writes_in_one_line(
    cli, demo_db: Database, read_only_folder
) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    folder = read_only_folder({"planner.db": demo_db.path.read_bytes()})
    path = folder / "planner.db"
    listed = cli("--db", path, "volunteers", "--format", "json")
    assert listed.code == 0, listed.err
    assert listed.json()
    for command in (["demo"], ["plan", "--from", "2027-01-01", "--weeks", "2"]):
        result = cli("--db", path, *command)
        assert result.code == 2
        _one_sentence(result.err)
        assert "read-only" in result.err


@pytest.mark.parametrize(
    "command",
    [
        ["plan", "--from", "2026-12-04", "--weeks", "104"],
        ["import-volunteers", "resources/samples/volunteer-intake.csv"],
    ],
)
def test_a_full_disk_during_a_write_is_one_sentence_and_changes_nothing(
    cli, demo_db: Database, demo_now: None, small_disk: Path, command
) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    path = small_disk / "planner.db"
    path.write_bytes(demo_db.path.read_bytes())
    fill(small_disk, leave=8 * 1024)
    before = digest(path)
    root = Path(__file__).resolve().parents[2]
    args = [str(root / a) if a.startswith("resources/") else a for a in command]
    result = cli("--db", path, *args)
    assert result.code == 2, result.out[-500:]
    _one_sentence(result.err)
    assert "full" in result.err
    for p in small_disk.glob("filler-*"):
        p.unlink()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert digest(path) == before


@pytest.mark.parametrize("year", ["0001", "9999"])
@pytest.mark.parametrize(
    "command",
    [
        ["plan", "--from", "{y}-01-01", "--weeks", "2"],
        ["rota", "--from", "{y}-12-25", "--weeks", "2"],
        ["print-rota", "--from", "{y}-12", "--months", "2", "-o", "{tmp}/r.pdf"],
        ["report", "--month", "{y}-01", "-o", "{tmp}/r.pdf"],
        ["pay", "--month", "{y}-12"],
        ["tours", "plan", "--today", "{y}-12-31"],
    ],
)
def test_years_0001_and_9999_are_one_sentence(
    cli, demo_db: Database, tmp_path: Path, year: str, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    args = [a.format(y=year, tmp=tmp_path) for a in command]
    result = cli("--db", demo_db.path, *args)
    assert result.code == 2, result.out[-300:]
    _one_sentence(result.err)
    assert year in result.err or "year" in result.err

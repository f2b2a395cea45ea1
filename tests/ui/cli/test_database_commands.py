"""init, demo, volunteers, backup and restore from the command line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.ui.cli.conftest import digest


def test_init_twice_is_harmless(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    first = cli("--db", path, "init")
    second = cli("--db", path, "init")
    assert first.code == second.code == 0
    assert "database ready" in second.out
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM site").fetchone() == (3,)


def test_demo_then_volunteers_json_lists_the_team(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    assert cli("--db", path, "demo").code == 0
    rows = cli("--db", path, "volunteers", "--format", "json").json()
    engineers = [r for r in rows if r["role"] == "engineer"]
    leaders = [r for r in rows if r["role"] == "leader"]
    assert len(engineers) >= 10 and len(leaders) >= 3
    assert {r["site"] for r in engineers} == {"Dublin", "London", "San Francisco"}
    assert set(rows[0]) == {"email", "name", "site", "team", "role", "status"}
    assert len({r["email"] for r in rows}) == len(rows)
    on_tour = cli("--db", path, "volunteers", "--status", "on_tour", "--format", "json").json()
    assert on_tour and all(r["status"] == "on_tour" for r in on_tour)


def test_second_demo_refuses_and_changes_nothing(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "demo")
    cli("--db", path, "volunteers")  # settle the WAL
    before = cli("--db", path, "volunteers", "--format", "csv").out
    result = cli("--db", path, "demo")
    assert result.code != 0
    assert "already has volunteers" in result.err and result.err.count("\n") == 1
    assert cli("--db", path, "volunteers", "--format", "csv").out == before


def test_volunteers_csv_has_a_header_and_a_row_each(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "demo")
    lines = cli("--db", path, "volunteers", "--format", "csv").out.splitlines()
    assert lines[0] == "email,name,site,team,role,status"
    assert len(lines) - 1 == len(cli("--db", path, "volunteers", "--format", "json").json())


def test_missing_database_is_refused_and_not_created(cli, tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    result = cli("--db", path, "volunteers")
    assert result.code != 0
    assert "no database at" in result.err and str(path) in result.err
    assert not path.exists()


def test_a_file_that_is_not_a_database_is_refused_and_untouched(cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    before = digest(path)
    for command in ("volunteers", "init", "demo"):
        result = cli("--db", path, command)
        assert result.code != 0
        assert "not a planner database" in result.err
    assert digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_planner_db_environment_variable(cli, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("PLANNER_DB", str(path))
    assert cli("init").code == 0
    assert path.exists()


def test_backup_and_restore(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    copy = tmp_path / "copy.db"
    cli("--db", path, "demo")
    assert cli("--db", path, "backup", "-o", copy).code == 0
    team = cli("--db", path, "volunteers", "--format", "json").json()
    other = tmp_path / "other.db"
    cli("--db", other, "init")
    assert cli("--db", other, "volunteers", "--format", "json").json() == []
    result = cli("--db", other, "restore", copy)
    assert result.code == 0, result.err
    assert cli("--db", other, "volunteers", "--format", "json").json() == team
    assert list((tmp_path / "backups").glob("other-before-restore-*.db"))


def test_restore_refuses_a_file_that_is_not_a_backup(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "demo")
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"%PDF-1.4 not a database")
    result = cli("--db", path, "restore", bogus)
    assert result.code != 0 and "not a planner database" in result.err
    assert len(cli("--db", path, "volunteers", "--format", "json").json()) > 10


def test_console_script_version() -> None:
    from planner import __version__

    out = subprocess.run(
        [sys.executable, "-m", "planner", "--version"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0 and out.stdout.strip() == f"planner {__version__}"


def test_a_reader_that_stops_early_is_not_reported_as_an_error(cli, tmp_path: Path) -> None:
    # `planner volunteers | head -1`: head exits, the pipe breaks. That is not the user's
    # mistake nor ours, so nothing goes to stderr (it used to say "planner: Broken pipe").
    path = tmp_path / "p.db"
    cli("--db", path, "demo")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is already gone: the first write breaks the pipe
    try:
        out = subprocess.run(
            [sys.executable, "-m", "planner", "--db", str(path), "volunteers"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert out.stderr == ""

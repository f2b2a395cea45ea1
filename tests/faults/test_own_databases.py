"""Only our own databases: another program's SQLite file is refused and left as it was;
older planner databases are recognised and marked; a new database appears whole or not at
all."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.core.db import APPLICATION_ID, head_revision, open_database
from planner.core.errors import DatabaseError
from tests.faults import hostile
from tests.faults.conftest import fill

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _application_id(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ("volunteers",),
        ("pay", "--month", "2027-03"),
        ("init",),
        ("demo",),
        ("rota", "--from", "2027-01-01", "--weeks", "2"),
    ],
)
def test_another_programs_sqlite_file_is_refused_byte_for_byte(
    cli, tmp_path: Path, command: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    path = hostile.make_foreign_sqlite(tmp_path / "theirs.db")
    before = path.read_bytes()
    result = cli("--db", path, *command)
    assert result.code == 2
    assert "another program" in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]


def test_a_file_with_another_application_id_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = hostile.make_foreign_sqlite(tmp_path / "theirs.db", application_id=0x12345678)
    before = path.read_bytes()
    result = cli("--db", path, "volunteers")
    assert result.code == 2 and "another program" in result.err
    assert path.read_bytes() == before


def test_an_empty_sqlite_file_is_not_taken_over(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = hostile.make_empty_sqlite(tmp_path / "empty.db")
    before = path.read_bytes()
    result = cli("--db", path, "init")
    assert result.code == 2 and "did not make" in result.err
    assert path.read_bytes() == before


def test_a_new_database_carries_the_planner_application_id(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new.db"
    assert cli("--db", path, "init").code == 0
    assert _application_id(path) == APPLICATION_ID
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]


@pytest.mark.parametrize("fixture", ["db-0001.db", "db-0005.db"])
def test_older_planner_databases_upgrade_and_are_marked(tmp_path: Path, fixture: str) -> None:
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    assert _application_id(path) == 0
    db = open_database(path)
    db.close()
    assert _application_id(path) == APPLICATION_ID
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )


def test_a_half_built_database_from_an_older_version_gets_a_clear_message(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = hostile.make_half_built(tmp_path / "half.db")
    before = path.read_bytes()
    result = cli("--db", path, "volunteers")
    assert result.code == 2
    assert "half-built" in result.err and "planner init" in result.err
    assert "already exists" not in result.err
    assert path.read_bytes() == before


def test_a_creation_that_fails_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that dies (a kill, a full disk) before the end: no database appears, and
    the next ``init`` works."""
    import planner.core.seed as seed  # the seeding step of a creation

    def dies(session) -> None:  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    path = tmp_path / "planner.db"
    with monkeypatch.context() as patch:
        patch.setattr(seed, "ensure_seed", dies)
        with pytest.raises(DatabaseError, match="full"):
            open_database(path, create=True)
    assert list(tmp_path.iterdir()) == []
    open_database(path, create=True).close()
    assert _application_id(path) == APPLICATION_ID


def test_init_on_a_full_disk_is_one_sentence_and_leaves_nothing(cli, small_disk: Path) -> None:  # type: ignore[no-untyped-def]
    fill(small_disk, leave=64 * 1024)
    before = sorted(p.name for p in small_disk.iterdir())
    result = cli("--db", small_disk / "planner.db", "init")
    assert result.code == 2
    assert "full" in result.err and len(result.err.strip().splitlines()) == 1
    assert sorted(p.name for p in small_disk.iterdir()) == before


def test_a_partial_file_left_by_a_killed_init_is_cleared_by_the_next(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for suffix in ("", "-wal", "-shm"):  # no process has this id
        (tmp_path / f".planner.db.999999999.partial{suffix}").write_bytes(b"half")
    assert cli("--db", tmp_path / "planner.db", "init").code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["planner.db"]


def _close_run(path: Path, month: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE pay_run SET state = 'closed' WHERE month = ?", (month,))
    conn.commit()
    conn.close()


def test_restore_that_would_reopen_closed_pay_runs_names_them_and_needs_force(
    cli, demo_db, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import json

    demo_db.close()
    path = demo_db.path
    older = tmp_path / "older.db"
    assert cli("--db", path, "backup", "-o", older).code == 0
    _close_run(path, "2026-10")  # closed after the backup was made
    refused = cli("--db", path, "restore", older)
    assert refused.code == 2
    assert "2026-10" in refused.err and "--force" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert "closed" in cli("--db", path, "pay", "--month", "2026-10").out
    forced = cli("--db", path, "restore", older, "--force")
    assert forced.code == 0, forced.err
    assert "2026-10 (run draft)" in cli("--db", path, "pay", "--month", "2026-10").out
    conn = sqlite3.connect(path)
    (detail,) = conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'database restored'"
    ).fetchone()
    conn.close()
    said = json.loads(detail)
    assert said["reopened_pay_runs"] == ["2026-10"] and said["source"].endswith("older.db")


def test_every_restore_is_in_the_audit_log(cli, demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    copy = tmp_path / "copy.db"
    assert cli("--db", demo_db.path, "backup", "-o", copy).code == 0
    assert cli("--db", demo_db.path, "restore", copy).code == 0
    result = cli("--db", demo_db.path, "audit", "--entity", "database", "--format", "json")
    assert result.code == 0, result.err
    assert [e["action"] for e in result.json()] == ["database restored"]

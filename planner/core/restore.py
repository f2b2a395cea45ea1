"""Putting a backup back: checked first, the current database kept aside, audited.

A restore that would turn closed pay runs back into drafts or exported runs (the backup was
made before they were closed) names them and is refused unless forced: closed is for ever,
and payroll already has those workbooks. The restored database records the restore in its
audit log (from which file, the safety copy, the runs it reopened).
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from planner.core import audit
from planner.core.backups import timestamped_backup
from planner.core.db import Database, check_sqlite_file, open_database
from planner.core.errors import PlannerError


def _closed_months(conn: sqlite3.Connection) -> set[str]:
    try:
        return {r[0] for r in conn.execute("SELECT month FROM pay_run WHERE state = 'closed'")}
    except sqlite3.Error:
        return set()


def _check_source(source: Path) -> Path:
    source = Path(source)
    if not source.is_file():
        raise PlannerError(f"no backup file at {source}")
    check_sqlite_file(source)
    try:
        conn = sqlite3.connect(f"file:{source.resolve().as_posix()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise PlannerError(f"{source} is not a planner database: {exc}") from exc
    if "alembic_version" not in tables or "volunteer" not in tables:
        raise PlannerError(f"{source} is not a planner database (no planner tables)")
    return source


def closed_runs_reopened(db: Database, source: Path) -> list[str]:
    """Months whose pay run is closed now but would not be after restoring ``source``."""
    source = _check_source(source)
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)  # the pysqlite dialect's connection
        now_closed = _closed_months(driver)
    finally:
        raw.close()
    conn = sqlite3.connect(f"file:{source.resolve().as_posix()}?mode=ro", uri=True)
    try:
        then_closed = _closed_months(conn)
    finally:
        conn.close()
    return sorted(now_closed - then_closed)


def restore_database(db: Database, source: Path, force: bool = False) -> Path:
    """Replace the database's contents with ``source``. Returns the safety copy's path.

    The source must be a planner database (it is opened and upgraded in a scratch copy
    first); the current database is copied to the backups folder before it is replaced.
    When the restore would reopen closed pay runs it is refused, naming them, unless
    ``force``.
    """
    source = _check_source(source)
    if db.read_only:
        raise PlannerError(f"{db.path} is read-only: nothing was restored")
    reopened = closed_runs_reopened(db, source)
    if reopened and not force:
        raise PlannerError(
            f"restoring {source.name} would reopen the closed pay run(s) "
            f"{', '.join(reopened)} (closed after that backup was made); nothing was "
            "restored; use --force to restore anyway"
        )
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir) / "restore.db"
        _copy(sqlite3.connect(f"file:{source.resolve().as_posix()}?mode=ro", uri=True), scratch)
        # Opened (and upgraded) in the scratch copy first: a backup written by a newer
        # version, or one that does not upgrade, is refused with the database untouched.
        open_database(scratch).close()
        saved = timestamped_backup(db, label="before-restore")
        src = sqlite3.connect(scratch)
        raw = db.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert isinstance(driver, sqlite3.Connection)  # the pysqlite dialect's connection
            src.backup(driver)
        finally:
            raw.close()
            src.close()
    db.engine.dispose()
    restored = open_database(db.path)
    try:
        with restored.transaction() as session:
            audit.record(
                session,
                "database restored",
                "database",
                None,
                source=str(source),
                safety_copy=str(saved),
                reopened_pay_runs=reopened,
            )
    finally:
        restored.close()
    return saved


def _copy(src: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        src.backup(dest)
    finally:
        dest.close()
        src.close()

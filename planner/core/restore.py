"""Putting a backup back: checked first, the current database kept aside."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from planner.core.backups import timestamped_backup
from planner.core.db import Database, check_sqlite_file, open_database
from planner.core.errors import PlannerError


def restore_database(db: Database, source: Path) -> Path:
    """Replace the database's contents with ``source``. Returns the safety copy's path.

    The source must be a planner database (it is opened and upgraded in a scratch copy
    first); the current database is copied to the backups folder before it is replaced.
    """
    source = Path(source)
    if not source.is_file():
        raise PlannerError(f"no backup file at {source}")
    check_sqlite_file(source)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise PlannerError(f"{source} is not a planner database: {exc}") from exc
    if "alembic_version" not in tables or "volunteer" not in tables:
        raise PlannerError(f"{source} is not a planner database (no planner tables)")
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir) / "restore.db"
        _copy(sqlite3.connect(f"file:{source}?mode=ro", uri=True), scratch)
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
    open_database(db.path).close()
    return saved


def _copy(src: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        src.backup(dest)
    finally:
        dest.close()
        src.close()

"""Backups of the database: consistent copies made with SQLite's online backup API.

A copy is written like every other file (``safe_write``): a temporary file in the target
folder, checked (``PRAGMA quick_check`` and the planner's application id), fsynced, then
renamed; readable by its owner only. Automatic copies go to ``backups/`` beside the
database: before every migration, before a restore, and on the first open of each day in
the app. Only the newest ``backups_kept`` (a setting, default 14) are kept.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.core import settings
from planner.core.errors import OutputError
from planner.core.paths import backup_dir
from planner.core.safe_write import write_file

if TYPE_CHECKING:
    from planner.core.db import Database

LABELS = {
    "backup": "copy made by hand",
    "daily": "first open of the day",
    "before-upgrade": "before an upgrade",
    "before-restore": "before a restore",
}
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<label>" + "|".join(LABELS) + r")-(?P<stamp>\d{8}-\d{6}-\d{6})\.db$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    label: str  # backup, daily, before-upgrade, before-restore
    made_at: datetime  # UTC (aware), from the file's name
    size: int

    @property
    def reason(self) -> str:
        return LABELS.get(self.label, self.label)


def _check_copy(path: Path) -> None:
    from planner.core.db import APPLICATION_ID

    conn = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.Error as exc:
        raise OutputError(f"the copy cannot be read back ({exc})") from exc
    finally:
        conn.close()
    if not result or result[0] != "ok":
        raise OutputError(f"the copy failed its integrity check ({result[0] if result else ''})")
    if app_id != APPLICATION_ID:
        raise OutputError("the copy is not marked as a planner database")


def backup_to(db: Database, target: Path) -> Path:
    """A consistent copy of the database (SQLite's online backup, on a connection of its
    own: no SQLAlchemy needed), WAL folded in.

    Written whole or not at all: on a full disk or in an unwritable folder an
    OutputError names the file and no partial copy is left.
    """

    def write(temp: Path) -> None:
        from planner.core.db import APPLICATION_ID

        with db.reading() as source:
            dest = sqlite3.connect(temp)
            try:
                source.backup(dest)
                # A copy of a database from before the mark is marked (it is ours).
                dest.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                dest.execute("PRAGMA journal_mode = DELETE")
                dest.commit()
            except sqlite3.Error as exc:
                if "full" in str(exc).lower():
                    raise OSError(28, "No space left on device") from exc
                raise OutputError(f"the copy failed ({exc})") from exc
            finally:
                dest.close()

    return write_file(target, write, _check_copy, private=True)


def _ensure_folder(folder: Path) -> None:
    if not folder.exists():
        try:
            folder.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise OutputError(f"cannot create folder {folder}: {exc.strerror or exc}") from exc


def timestamped_backup(db: Database, label: str = "backup") -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")  # UTC: no computer's zone
    folder = backup_dir(db.path)
    _ensure_folder(folder)
    return backup_to(db, folder / f"{db.path.stem}-{label}-{stamp}.db")


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The copies in the backups folder beside the database, newest first."""
    folder = backup_dir(db_path)
    found: list[BackupInfo] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or match.group("stem") != db_path.stem or not entry.is_file():
            continue
        made = datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
        found.append(BackupInfo(entry, match.group("label"), made, entry.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def backups_kept(db: Database) -> int:
    with db.reading() as conn:
        return int(settings.stored(conn)["backups_kept"])


def prune_backups(db: Database, keep: int | None = None) -> list[Path]:
    """Remove all but the newest ``keep`` copies (default: the ``backups_kept`` setting)."""
    keep = backups_kept(db) if keep is None else keep
    removed = []
    for old in list_backups(db.path)[max(keep, 1) :]:
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError:
            pass
    return removed


def daily_backup(db: Database, today: date | None = None) -> Path | None:
    """On the first open of a day (UTC), a copy labelled ``daily``; None when there is one."""
    if db.read_only:
        return None
    today = today or datetime.now(UTC).date()
    if any(b.label == "daily" and b.made_at.date() == today for b in list_backups(db.path)):
        return None
    path = timestamped_backup(db, label="daily")
    prune_backups(db)
    return path


def is_private(path: Path) -> bool:
    return os.name != "posix" or (path.stat().st_mode & 0o077) == 0

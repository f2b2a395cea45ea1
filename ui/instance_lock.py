"""One app window per database: a lock file beside it (``planner.db.lock``, Qt's QLockFile).

A second window (another app process) on the same database is refused with a message that
names the process holding it. A lock left by a process that crashed (its process id no
longer runs on this computer) is taken over. The command line does not take the lock: its
writes wait for the app's through SQLite's own locking, and a refusal names the app's
process from this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile

from planner.core.errors import DatabaseError


@dataclass
class _Held:
    lock: QLockFile
    holders: int = 0  # windows of this process on the database (a switch reopens it)


_HELD: dict[str, _Held] = {}  # by resolved path


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def acquire(db_path: Path) -> Callable[[], None]:
    """Take the database's lock; returns the function that releases it."""
    key = str(Path(db_path).expanduser().resolve())
    held = _HELD.get(key)
    if held is None:
        lock = QLockFile(str(lock_path(Path(key))))
        if not lock.tryLock(0):
            if lock.error() == QLockFile.LockError.LockFailedError:
                info = lock.getLockInfo()  # PySide6: (pid, hostname, appname)
                pid, host = (info[-3], info[-2]) if len(info) >= 3 else (0, "")
                who = f" (process {pid} on {host})" if pid else ""
                raise DatabaseError(
                    f"{Path(key).name} is already open in another planner window{who}; "
                    "use that window, or close it and try again"
                )
            # No permission or an unreadable lock (a read-only folder): open without it.
            return lambda: None
        held = _HELD[key] = _Held(lock)
    held.holders += 1
    released = False

    def release() -> None:
        nonlocal released
        entry = _HELD.get(key)
        if entry is None or released:
            return
        released = True
        entry.holders -= 1
        if entry.holders <= 0:
            entry.lock.unlock()
            del _HELD[key]

    return release

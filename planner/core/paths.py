"""Where things live: the database, backups and logs (platformdirs), and bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "OnCallTourPlanner"
APP_AUTHOR = "OnCallTourPlanner"


def data_dir() -> Path:
    return user_data_path(APP_NAME, APP_AUTHOR)


def default_db_path() -> Path:
    """``PLANNER_DB`` if set, else ``planner.db`` in the user's data directory."""
    env = os.environ.get("PLANNER_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "planner.db"


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def log_dir() -> Path:
    return user_log_path(APP_NAME, APP_AUTHOR)


def project_root() -> Path:
    """The folder holding ``alembic/`` and ``resources/``; the bundle folder when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resource_path(name: str) -> Path:
    """A file under ``resources/``, frozen or not."""
    return project_root() / "resources" / name

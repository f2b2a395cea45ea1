"""Where things live: the database, backups and logs (platformdirs), and bundled resources.

platformdirs loads only when a user folder is asked for: ``planner --db FILE`` and the app's
first paint (its icons come from ``bundled``) never need it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "OnCallTourPlanner"
APP_AUTHOR = "OnCallTourPlanner"


def data_dir() -> Path:
    from platformdirs import user_data_path

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
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, APP_AUTHOR)


def cache_dir() -> Path:
    """What can be rebuilt at any time (the public-holiday tables)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, APP_AUTHOR)


def bundled(name: str) -> Path:
    """A folder shipped with the app (``alembic`` or ``resources``), wherever it runs.

    An installed wheel carries them as package data in ``planner/_data`` (setup.py maps
    the repository's top-level folders there at build time), and so does the frozen build;
    in a source checkout (editable install) they are the repository's own folders.
    ``planner``'s folder is the one above this module's (a regular package, installed or
    frozen, never a zip): ``importlib.resources.files("planner")`` says the same, 10 ms
    later.
    """
    package = Path(__file__).parent.parent
    installed = package / "_data" / name
    if installed.is_dir():
        return installed
    return package.parent / name

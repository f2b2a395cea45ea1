"""Privacy: the data folder is 0700; the database, its backups and the log are 0600; no SQL
parameter (an email, a name) appears in an error message."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from planner.core.db import Database, open_database
from planner.core.models import Volunteer

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_database_and_backups_are_private(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = os.umask(0o022)  # a usual umask: files would be 0644 and folders 0755
    try:
        path = tmp_path / "data" / "planner.db"
        assert cli("--db", path, "init").code == 0
        assert cli("--db", path, "backup").code == 0
        copy = tmp_path / "copy.db"
        assert cli("--db", path, "backup", "-o", copy).code == 0
    finally:
        os.umask(old)
    assert _mode(path.parent) == 0o700
    assert _mode(path) == 0o600
    backups = path.parent / "backups"
    assert _mode(backups) == 0o700
    assert [_mode(p) for p in backups.iterdir()] == [0o600]
    assert _mode(copy) == 0o600


def test_an_older_database_is_made_private_when_it_is_marked(tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).resolve().parents[1] / "fixtures" / "db-0005.db", path)
    os.chmod(path, 0o644)
    open_database(path).close()
    assert _mode(path) == 0o600


def test_the_log_file_is_private(tmp_path: Path) -> None:
    import logging

    from ui.app import _setup_logging

    old = os.umask(0o022)
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        for h in handlers:
            root.removeHandler(h)
        path = _setup_logging(tmp_path / "logs")
    finally:
        os.umask(old)
        for h in list(root.handlers):
            root.removeHandler(h)
            h.close()
        for h in handlers:
            root.addHandler(h)
    assert path is not None
    assert _mode(path.parent) == 0o700 and _mode(path) == 0o600


def test_sql_parameters_never_appear_in_an_error(db: Database) -> None:
    with db.transaction() as session:
        session.add(Volunteer(name="Secret Person", email="secret@example.com", site_id=1))
    with pytest.raises(Exception) as caught, db.transaction() as session:
        session.add(Volunteer(name="Secret Person", email="secret@example.com", site_id=1))
        session.flush()
    text = str(caught.value)
    assert "UNIQUE" in text
    assert "secret@example.com" not in text and "Secret Person" not in text

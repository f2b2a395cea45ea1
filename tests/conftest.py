"""Shared fixtures: a fresh SQLite file per test; Qt offscreen.

A new database is created (migrated by Alembic and seeded) once per test session and
copied for each test that asks for ``db``: copying takes milliseconds where migrating
takes a few hundred (it matters most to ``make mutate``, which runs the tests once per
mutant). tests/planner/test_migrations.py migrates databases of its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from planner.core.db import Database, open_database  # noqa: E402
from planner.demo import build_demo  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--crash-runs",
        default=None,
        help="kills per command in tests/faults/test_crash.py (default 2; env PLANNER_CRASH_RUNS)",
    )


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test computes local times, office hours and paid time afresh: a value cached
    by an earlier test (or, under ``make mutate``, by the unmutated code before a mutant's
    process was forked) would hide what the code under test does now."""
    from planner.core import out_of_hours
    from planner.pay import lines

    out_of_hours._local_to_utc.cache_clear()
    out_of_hours._office_interval.cache_clear()
    lines._paid.cache_clear()
    yield


@pytest.fixture
def computer_in_san_francisco(monkeypatch) -> Iterator[None]:
    """The process's local zone is America/Los_Angeles for the test (then put back)."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# The demo and many tests are built relative to a fixed "today", so results never
# depend on the day the suite runs.
TODAY = date(2026, 11, 26)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "planner.db"


def _copy_database(src: Path, dest: Path) -> None:
    import sqlite3

    source = sqlite3.connect(src)
    target = sqlite3.connect(dest)
    source.backup(target)
    source.close()
    target.close()


_NEW_TEMPLATE: list[Path] = []


def _new_template() -> Path:
    """The new database every ``db`` is copied from, made once per process (mutmut forks
    a process per mutant from one that has already run the tests, so each mutant's run
    starts with it made)."""
    if not _NEW_TEMPLATE:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="planner-test-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        open_database(folder / "new.db", create=True).close()
        _NEW_TEMPLATE.append(folder / "new.db")
    return _NEW_TEMPLATE[0]


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A new database, exactly as ``open_database(create=True)`` makes it (a copy)."""
    _copy_database(_new_template(), db_path)
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path, create=True)
    with database.transaction() as session:
        build_demo(session, today=TODAY)
    database.close()
    return path


@pytest.fixture
def demo_db(_demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of a database filled by ``build_demo`` (built once per test session)."""
    path = tmp_path / "demo.db"
    _copy_database(_demo_template, path)
    database = open_database(path)
    yield database
    database.close()

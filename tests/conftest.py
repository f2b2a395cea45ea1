"""Shared fixtures: a fresh SQLite file per test, migrated by Alembic; Qt offscreen."""

from __future__ import annotations

import os
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


# The demo and many tests are built relative to a fixed "today", so results never
# depend on the day the suite runs.
TODAY = date(2026, 11, 26)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "planner.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path, create=True)
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
    import sqlite3

    path = tmp_path / "demo.db"
    src = sqlite3.connect(_demo_template)
    dest = sqlite3.connect(path)
    src.backup(dest)
    src.close()
    dest.close()
    database = open_database(path)
    yield database
    database.close()

"""Database work stopped from another thread ends at once and keeps nothing it wrote."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import text

from planner.core import settings
from planner.core.db import Database
from planner.core.stopping import Stop, Stopped

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def test_a_stopped_query_ends_and_its_write_is_rolled_back(db: Database) -> None:
    stop, started, ended = Stop(), threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with db.session() as session, stop.watching(session):
                settings.put(session, "tour_months", 5)
                session.flush()  # holds SQLite's write lock from here
                started.set()
                session.execute(text(ENDLESS)).one()  # would never end
        except Exception as exc:
            failures.append(exc)
        finally:
            ended.set()

    thread = threading.Thread(target=work)
    thread.start()
    assert started.wait(30)
    stop.stop()
    thread.join(30)  # a safety net: the query ends at once
    assert ended.is_set() and len(failures) == 1
    assert "interrupted" in str(failures[0]) or isinstance(failures[0], Stopped)
    other = sqlite3.connect(db.path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # nobody holds the write lock any more
    other.rollback()
    other.close()
    with db.session() as session:
        assert settings.get(session, "tour_months") == 6


def test_no_statement_runs_once_stopped(db: Database) -> None:
    stop = Stop()
    with db.session() as session, stop.watching(session):
        stop.stop()
        with pytest.raises(Stopped):
            settings.get(session, "tour_months")
    with pytest.raises(Stopped), db.session() as session, stop.watching(session):
        pytest.fail("never reached: stopped before it started")
    with db.session() as session:  # the connection, back in the pool, works as before
        assert settings.get(session, "tour_months") == 6

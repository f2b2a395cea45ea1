"""Database work one thread can stop while another runs it: a preview whose window closed,
or that a newer edit superseded, ends at once and lets SQLite's write lock go.

    stop = Stop()
    # in the worker
    with db.session() as session, stop.watching(session):
        rule_effects.preview(session, change)
    # on the GUI thread, any time
    stop.stop()

``stop()`` interrupts the statement running on each watched session (SQLite's
``interrupt``, which is made to be called from another thread; SQLite's progress handler
catches a statement that starts just then) and refuses every statement after it but a
rollback, so the work fails with ``Stopped`` (or SQLite's "interrupted")
and the session's transaction is rolled back as it closes: nothing it wrote is kept.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sqlmodel import Session


PROGRESS_STEPS = 10_000  # SQLite steps between two looks at the stop: no measurable cost


class Stopped(Exception):
    """The work was stopped before it ended (its window closed, or newer work came)."""


class Stop:
    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._running: list[sqlite3.Connection] = []

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        """Stop the watched work: its running statement now, any later one refused."""
        with self._lock:
            self._stopped.set()
            for connection in self._running:
                connection.interrupt()

    @contextmanager
    def watching(self, session: Session) -> Iterator[Session]:
        """``session``'s statements run until ``stop()``; Stopped at once if it came first."""
        from sqlalchemy import event

        if self.stopped:
            raise Stopped()
        connection = session.connection()
        raw = cast(sqlite3.Connection, connection.connection.dbapi_connection)

        def refuse(*args: Any) -> None:
            statement = str(args[2]).lstrip().upper()
            if self._stopped.is_set() and not statement.startswith("ROLLBACK"):
                raise Stopped()

        event.listen(connection, "before_cursor_execute", refuse)
        # a statement that slipped past ``refuse`` just before ``stop()`` (too late to be
        # refused, too early to be interrupted) is stopped by SQLite's progress handler
        raw.set_progress_handler(self._stopped.is_set, PROGRESS_STEPS)
        with self._lock:
            self._running.append(raw)
        try:
            yield session
        finally:
            with self._lock:  # no interrupt reaches the connection once it is let go
                self._running.remove(raw)
            raw.set_progress_handler(None, 0)
            event.remove(connection, "before_cursor_execute", refuse)

"""Work whose newest request alone matters, off the GUI thread (``ui.worker``): an effect
preview worked out again as the coordinator edits.

One computation runs at a time (each writes inside a savepoint it rolls back, and SQLite
takes one writer at a time); a request made while one runs waits, replacing any request
that was waiting, and the running one is stopped (``planner.core.stopping``: the work
watches its session with the ``Stop`` it is given), its result dropped in favour of the
newest. Only the newest request's callbacks are called, on the GUI thread. ``drop`` (a
dialog closing) stops the running computation too, so it lets the database go at once
instead of holding SQLite's write lock until it would have ended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.core.stopping import Stop
from ui.worker import Operation


@dataclass
class _Job:
    number: int
    work: Callable[[Stop], Any]
    done: Callable[[Any], None]
    failed: Callable[[Exception], None]


class LatestOnly:
    def __init__(self) -> None:
        self._number = 0
        self._running = False
        self._waiting: _Job | None = None
        self._stop = Stop()  # the running computation's

    @property
    def busy(self) -> bool:
        """A computation runs or waits."""
        return self._running or self._waiting is not None

    def request(
        self,
        work: Callable[[Stop], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Run ``work(stop)`` in the worker; ``done(result)`` or ``failed(exc)`` follow,
        unless a newer request (or ``drop``) came first, which stops it."""
        self._number += 1
        job = _Job(self._number, work, done, failed)
        if self._running:
            self._waiting = job
            self._stop.stop()
        else:
            self._start(job)

    def drop(self) -> None:
        """Forget every request: no callback will be called, and a running computation is
        stopped (it ends unheard, its transaction rolled back)."""
        self._number += 1
        self._waiting = None
        self._stop.stop()

    def _start(self, job: _Job) -> None:
        self._running = True
        stop = self._stop = Stop()

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._running = False
            waiting, self._waiting = self._waiting, None
            if waiting is not None:
                self._start(waiting)  # newer: this result is out of date
            elif job.number == self._number:
                callback(value)

        operation = Operation(lambda: job.work(stop))
        operation.success(lambda result: finish(job.done, result))
        operation.failure(lambda exc: finish(job.failed, exc))
        operation.run_in_background()

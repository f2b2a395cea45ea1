"""Slow work off the GUI thread: run a plain function in the thread pool, then call back.

    Operation(lambda: allocate(...)).success(show_plan).failure(show_error).run_in_background()

The function itself stays synchronous and testable; callbacks run on the GUI thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from planner.core.errors import PlannerError

log = logging.getLogger("planner")


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, func: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._func = func
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._func()
        except Exception as exc:  # reported to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


_live: set[_Signals] = set()


def failure_text(exc: Exception, doing: str) -> str:
    """What a failure callback shows: a PlannerError's or OSError's own one-line message;
    anything else is a bug, so a friendly sentence for the user and the traceback in the
    log. ``doing`` completes "Something went wrong while …" (e.g. "planning tours")."""
    if isinstance(exc, (PlannerError, OSError)):
        text = str(exc)
        return text[:1].upper() + text[1:]  # a sentence in a dialog starts with a capital
    details = getattr(exc, "__traceback_text__", None) or "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)
    )
    log.error("background failure while %s\n%s", doing, details)
    return f"Something went wrong while {doing}; the details were written to the log."


class Operation:
    def __init__(self, func: Callable[[], Any]) -> None:
        self._func = func
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Operation:
        self._on_failure = callback
        return self

    def run_in_background(self, pool: QThreadPool | None = None) -> None:
        signals = _Signals()
        _live.add(signals)

        def finished(result: Any) -> None:
            _live.discard(signals)
            if self._on_success:
                self._on_success(result)

        def failed(exc: Exception) -> None:
            _live.discard(signals)
            if self._on_failure:
                self._on_failure(exc)
            else:
                raise exc

        signals.done.connect(finished)
        signals.failed.connect(failed)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self._func, signals))

"""Slow work off the GUI thread: run a plain function in the thread pool, then call back.

    Operation(lambda: allocate(...)).success(show_plan).failure(show_error).run_in_background()

The function itself stays synchronous and testable; callbacks run on the GUI thread.

Long work shows its progress and can be cancelled:

    Operation(work).with_progress(window, "Writing the PDF…").success(...).run_in_background()

shows a progress dialog (after a short delay, so quick work does not flash one) with a
Cancel button. The work reports through ``report(done, total, text)`` from any depth
(printing reports each page); after Cancel the next report raises ``Cancelled`` in the
worker, so nothing half-done is kept (outputs are written whole or not at all), and the
``cancelled`` callback runs instead of ``failure``.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from planner.core.errors import PlannerError

if TYPE_CHECKING:  # the dialog's widgets only when one shows: printing a PDF from the
    # command line reports its pages here (``report``) with no QtWidgets at all
    from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger("planner")


class Cancelled(Exception):
    """The user pressed Cancel; raised in the worker at its next progress report."""


class Progress(QObject):
    """How far a piece of work is, and whether the user cancelled it (thread-safe)."""

    changed = Signal(int, int, str)  # done, total (0: unknown), what is being done

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.changed.emit(done, total, text)


_local = threading.local()


def report(done: int, total: int, text: str = "") -> None:
    """Report progress of the work running in this thread (nothing when none listens);
    raises ``Cancelled`` once the user cancelled it."""
    progress: Progress | None = getattr(_local, "progress", None)
    if progress is not None:
        progress.step(done, total, text)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(
        self, func: Callable[[], Any], signals: _Signals, progress: Progress | None = None
    ) -> None:
        super().__init__()
        self._func = func
        self._signals = signals
        self._progress = progress

    def run(self) -> None:
        _local.progress = self._progress
        try:
            result = self._func()
        except Cancelled as exc:
            self._signals.failed.emit(exc)
        except Exception as exc:  # reported to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)
        finally:
            _local.progress = None


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
        self._on_cancel: Callable[[], None] | None = None
        self._dialog_parent: QWidget | None = None
        self._label = ""
        self.progress: Progress | None = None
        self.dialog: QProgressDialog | None = None

    def with_progress(self, parent: QWidget | None, label: str) -> Operation:
        """Show a progress dialog with Cancel (window-modal: the window keeps painting)."""
        self._dialog_parent = parent
        self._label = label
        self.progress = Progress()
        return self

    def cancelled(self, callback: Callable[[], None]) -> Operation:
        self._on_cancel = callback
        return self

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Operation:
        self._on_failure = callback
        return self

    def _show_dialog(self, progress: Progress) -> QProgressDialog:
        from PySide6.QtCore import Qt  # its enums cost ~15 ms: not before the window paints
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(self._label, "Cancel", 0, 0, self._dialog_parent)
        dialog.setWindowTitle("On-call Tour Planner")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # quick work never flashes a dialog
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)

        def changed(done: int, total: int, text: str) -> None:
            dialog.setMaximum(max(0, total))
            dialog.setValue(min(done, total) if total else 0)
            if text:
                dialog.setLabelText(text)

        progress.changed.connect(changed)
        dialog.canceled.connect(progress.cancel)
        return dialog

    def run_in_background(self, pool: QThreadPool | None = None) -> None:
        signals = _Signals()
        _live.add(signals)
        progress = self.progress
        dialog = self.dialog = self._show_dialog(progress) if progress is not None else None

        def close_dialog() -> None:
            if dialog is not None:
                dialog.canceled.disconnect()
                dialog.close()
                dialog.deleteLater()

        def finished(result: Any) -> None:
            _live.discard(signals)
            close_dialog()
            if self._on_success:
                self._on_success(result)

        def failed(exc: Exception) -> None:
            _live.discard(signals)
            close_dialog()
            if isinstance(exc, Cancelled):
                if self._on_cancel:
                    self._on_cancel()
            elif self._on_failure:
                self._on_failure(exc)
            else:
                raise exc

        signals.done.connect(finished)
        signals.failed.connect(failed)
        runnable = _Runnable(self._func, signals, progress)
        (pool or QThreadPool.globalInstance()).start(runnable)

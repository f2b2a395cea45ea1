"""Run something once the window has drawn a widget as it is now: after its next frame.

Qt draws a window on its update request, an event posted at low priority: a zero timer or
a queued call started before it runs first. Work that should wait until what was just
filled is on screen (the Now screen's later rows, the idle warm-up) waits for that event
here instead. A frame drawn while the widget's updates are held (a screen's first visit:
``MainWindow._show_page``) does not count: the frame after they are enabled again does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

_NAME = "after-next-frame"


class _Frames(QObject):
    """Watches one window's update requests while widgets wait on them."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName(_NAME)
        self.window = window
        self.waiting: list[tuple[QWidget, Callable[[], object]]] = []

    def wait(self, widget: QWidget, run: Callable[[], object]) -> None:
        if not self.waiting:
            self.window.installEventFilter(self)
        if (widget, run) not in self.waiting:  # asked again before the frame: once
            self.waiting.append((widget, run))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.UpdateRequest and self.waiting:
            still: list[tuple[QWidget, Callable[[], object]]] = []
            for widget, run in self.waiting:
                if not isValid(widget):
                    continue
                if widget.updatesEnabled():  # this frame draws it
                    QTimer.singleShot(0, widget, run)  # after the frame is drawn
                else:
                    still.append((widget, run))
            self.waiting = still
            if not still:
                watched.removeEventFilter(self)
        return False


def after_next_frame(widget: QWidget, run: Callable[[], object]) -> None:
    """``run`` once the window's next frame that draws ``widget`` is drawn; at once when
    ``widget`` is not shown (no frame would come). The frame is asked for: a refresh that
    changed no pixel would otherwise wait for the next unrelated change."""
    if not widget.isVisible():
        run()
        return
    window = widget.window()
    frames = window.findChild(_Frames, _NAME)
    if not isinstance(frames, _Frames):
        frames = _Frames(window)
    frames.wait(widget, run)
    widget.update()  # held (a first visit): drawn when its updates are enabled again

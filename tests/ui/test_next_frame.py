"""after_next_frame: work that waits until a widget, as it is now, is on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.next_frame import after_next_frame


def _shown(qtbot) -> tuple[QWidget, QLabel]:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel("Who is on call", window)
    QVBoxLayout(window).addWidget(label)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the first frames are drawn; nothing is due
    return window, label


def test_it_runs_after_a_frame_even_when_nothing_changed(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A refresh that finds the same data changes no pixel: a frame is asked for all the
    same, or the work waiting on it would wait for the next unrelated change."""
    _window, label = _shown(qtbot)
    ran: list[str] = []
    after_next_frame(label, lambda: ran.append("rest"))
    qtbot.waitUntil(lambda: ran == ["rest"], timeout=2000)


def test_it_waits_while_the_widget_is_held_and_runs_once_it_is_drawn(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, label = _shown(qtbot)
    window.setUpdatesEnabled(False)  # a first visit holds the stack until it is laid out
    ran: list[str] = []
    after_next_frame(label, lambda: ran.append("rest"))
    after_next_frame(label, lambda: ran.append("warm-up"))
    qtbot.wait(100)
    assert ran == []
    window.setUpdatesEnabled(True)
    qtbot.waitUntil(lambda: ran == ["rest", "warm-up"], timeout=2000)


def test_a_hidden_widget_runs_at_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel("not shown")
    qtbot.addWidget(label)
    ran: list[str] = []
    after_next_frame(label, lambda: ran.append("now"))
    assert ran == ["now"]

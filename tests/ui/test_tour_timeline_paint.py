"""The tour timeline draws only what is exposed (a scroll repaints a strip): a strip
painted alone looks exactly as the same strip of the whole timeline."""

from __future__ import annotations

from PySide6.QtCore import QRect

from planner.core.db import Database
from planner.people.timeline import timeline
from tests.conftest import TODAY
from ui.tour_timeline_view import HEADER_H, LABEL_W, MONTH_W, ROW_H, TourTimelineView


def test_a_strip_painted_alone_looks_as_in_the_whole_timeline(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as session:
        data = timeline(session, TODAY)
    view = TourTimelineView()
    qtbot.addWidget(view)
    view.set_timeline(data)
    view.resize(view.sizeHint())
    assert view.height() > HEADER_H + 10 * ROW_H and view.width() > LABEL_W + 12 * MONTH_W
    whole = view.grab().toImage()
    strips = [
        QRect(LABEL_W + 4 * MONTH_W + 17, 0, 3 * MONTH_W, view.height()),  # a column strip
        QRect(0, HEADER_H + 6 * ROW_H + 5, view.width(), 4 * ROW_H),  # a row strip
        QRect(LABEL_W + 9 * MONTH_W - 30, HEADER_H + 3, 2 * MONTH_W, 5 * ROW_H),  # a corner
    ]
    for strip in strips:
        alone = view.grab(strip).toImage()
        assert alone == whole.copy(strip), strip

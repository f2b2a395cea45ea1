"""A volunteer's tours (the detail pane); the last day is shown, the end is exclusive."""

from __future__ import annotations

from planner.people.tours import TourRow
from ui import palette, user_locale
from ui.models.row_table_model import RowTableModel

TOUR_STATUS_LABELS = {"planned": "Planned", "active": "Active", "finished": "Finished"}


class ToursTableModel(RowTableModel[TourRow]):
    COL_START, COL_LAST_DAY, COL_STATUS, COL_TARGET = range(4)
    COLUMNS = (
        ("Start", lambda t: user_locale.short_date(t.start), lambda t: t.start),
        ("Last day", lambda t: user_locale.short_date(t.last_day), lambda t: t.last_day),
        ("Status", lambda t: TOUR_STATUS_LABELS.get(t.status, t.status), None),
        ("Shifts", lambda t: f"{t.target_min}–{t.target_max}", lambda t: t.target_min),
    )
    HEADER_TOOLTIPS = {COL_TARGET: "Target shifts over the tour"}

    def foreground(self, row: TourRow, column: int) -> object:
        return palette.qcolor("muted") if row.status == "finished" else None

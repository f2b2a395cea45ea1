"""The tour planner's proposal: one row per volunteer and proposed tour."""

from __future__ import annotations

from planner.core import days
from planner.core.text import name_key
from planner.people.stagger import Proposal
from ui import user_locale
from ui.models.row_table_model import RowTableModel


class TourPlanTableModel(RowTableModel[Proposal]):
    COL_NAME, COL_EMAIL, COL_ROTATIONS, COL_START, COL_LAST_DAY = range(5)
    COLUMNS = (
        ("Name", lambda p: p.name, lambda p: name_key(p.name)),
        ("Email", lambda p: p.email, None),
        ("Rotation", lambda p: p.rotations, None),
        ("Start", lambda p: user_locale.short_date(p.start), lambda p: p.start),
        (
            "Last day",
            lambda p: user_locale.short_date(days.last_day(p.end)),
            lambda p: days.last_day(p.end),
        ),
    )

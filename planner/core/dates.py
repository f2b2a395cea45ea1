"""Dates and instants that people type are checked where they enter: years 1900 to 2999.

Far outside that range the calendar arithmetic (a slot's handover, a month's end, a zone's
offset) overflows; the planner says so in one sentence instead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TypeVar

from planner.core.errors import PlannerError

YEAR_MIN = 1900
YEAR_MAX = 2999
D = TypeVar("D", bound=date)  # a date or a datetime


def check_year(value: D, text: str | None = None) -> D:
    """``value`` when its year is one the planner handles; else a PlannerError naming it."""
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        shown = text if text is not None else value.isoformat()
        raise PlannerError(
            f"{shown!r} is outside the years the planner handles ({YEAR_MIN} to {YEAR_MAX})"
        )
    return value


def utc_now() -> datetime:
    """Now, aware in UTC (also ``planner.core.models.types.utc_now``)."""
    return datetime.now(UTC)

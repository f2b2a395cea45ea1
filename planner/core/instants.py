"""Instants that people enter (covers; tours and leave are whole days) are whole minutes.

PRODUCT.md, "Precision": an instant typed with seconds is refused with a clear message,
never rounded silently. Imported pages keep their seconds (they decide night and rest,
never money), so they do not pass through here.
"""

from __future__ import annotations

from datetime import datetime

from planner.core.errors import PlannerError


def whole_minute(value: datetime, what: str) -> datetime:
    """``value`` unchanged, or a PlannerError naming ``what`` and the value with seconds."""
    if value.second or value.microsecond:
        raise PlannerError(
            f"{what} {value.isoformat()} has seconds; times are entered in whole minutes "
            f"(e.g. {value.replace(second=0, microsecond=0).isoformat(timespec='minutes')})"
        )
    return value

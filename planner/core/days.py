"""Spans of whole days whose end is exclusive (tours, a pay period): the one rule for
"last day = end − 1 day" and its inverse."""

from __future__ import annotations

from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def last_day(end: date) -> date:
    """The last day of a span that ends (exclusively) on ``end``: screens show this day."""
    return end - _ONE_DAY


def end_after(last: date) -> date:
    """The exclusive end of a span whose last day is ``last``."""
    return last + _ONE_DAY

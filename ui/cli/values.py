"""Dates and instants typed on the command line: parsed once, where they enter.

Each refusal is one sentence naming the value, after the option's name when one is given
(``--at: not an ISO 8601 time: 'noon'``); a year the planner does not handle is refused
by ``planner.core.dates.check_year``.
"""

from __future__ import annotations

from datetime import date, datetime

from planner.core.dates import check_year
from planner.core.errors import PlannerError


def _prefix(option: str | None) -> str:
    return f"{option}: " if option else ""


def parse_date(text: str, option: str | None = None) -> date:
    """``2027-03-13`` -> a date."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise PlannerError(f"{_prefix(option)}not a date (YYYY-MM-DD): {text!r}") from None
    return check_year(value, text)


def parse_instant(text: str, option: str | None = None) -> datetime:
    """``2027-03-13T21:30+00:00`` -> an aware datetime; one without an offset is refused."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise PlannerError(f"{_prefix(option)}not an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        raise PlannerError(f"{_prefix(option)}{text!r} needs a UTC offset, e.g. {text}+00:00")
    return check_year(value, text)

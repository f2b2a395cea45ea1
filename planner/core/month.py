"""A calendar month as a value: ``Month(2027, 3)``, shown and stored as ``"2027-03"``.

Text becomes a ``Month`` once, where it enters (a command-line argument, a picker, a
database column); inside, months travel as ``Month`` and are never checked again.
``Month.parse`` is the one place that says what a month looks like: ``YYYY-MM`` (the
month may have one digit, surrounding spaces are ignored), in the years the planner
handles (see ``planner.core.dates``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from planner.core.dates import check_year
from planner.core.errors import PlannerError


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """One calendar month; ordered by time (year, then month)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month number {self.month} is not 1 to 12")

    @classmethod
    def parse(cls, text: str) -> Month:
        """``"2027-03"`` -> ``Month(2027, 3)``; a PlannerError naming the value otherwise."""
        try:
            parsed = datetime.strptime(text.strip(), "%Y-%m")
        except (ValueError, AttributeError, TypeError):
            raise PlannerError(f"month {text!r} is not in the form YYYY-MM") from None
        check_year(parsed, text)
        return cls(parsed.year, parsed.month)

    @classmethod
    def of(cls, day: date) -> Month:
        """The month ``day`` (a date or a datetime) falls in."""
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

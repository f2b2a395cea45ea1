"""The recruitment forecast: per rotation and month, the team the planned tours leave,
its band, the shortfall and the date by which volunteers must be approved to close it.

- **Team size** of a month: the smallest team (tours running) on any day of the month;
  for the current month, from today on.
- **Shortfall**: how many members the team lacks to reach the band's minimum that month.
- **Recruit by**: new members must have started by the first day the team falls below
  the band. At most ``max_joins_per_month`` tours may start in a month (tours already
  planned to start count), so a shortfall larger than that month's room needs joiners in
  the months before, each by the last day of its month. The earliest of those start
  dates, less the intake lead time (setting ``intake_lead_weeks``, default six weeks
  from approval to the first day of tour), is the recruit-by date. It may be in the past:
  then recruiting is late.

Approved volunteers still waiting for a tour are not counted: plan their tours first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from planner.core import settings
from planner.core.errors import PlannerError
from planner.people import stagger

# The rule behind a short month in the forecast (its tooltip).
SHORTFALL_RULE = (
    "approve volunteers the intake lead time (Settings: intake_lead_weeks) before their "
    "rotation's team would fall below its band"
)
DEFAULT_MONTHS = 12
MAX_MONTHS = 60


@dataclass(frozen=True)
class ForecastRow:
    rotation: str
    month: date  # first day of the month
    team_size: int
    band_min: int
    band_max: int
    shortfall: int
    short_from: date | None  # first day of the month below the band's minimum
    recruit_by: date | None  # approve volunteers by this day (None: no shortfall)

    def as_json(self) -> dict[str, object]:
        return {
            "rotation": self.rotation,
            "month": f"{self.month:%Y-%m}",
            "team_size": self.team_size,
            "band_min": self.band_min,
            "band_max": self.band_max,
            "shortfall": self.shortfall,
            "recruit_by": self.recruit_by.isoformat() if self.recruit_by else None,
        }


@dataclass(frozen=True)
class Forecast:
    today: date
    lead_weeks: int
    rows: list[ForecastRow]
    waiting: int  # approved volunteers with no tour planned (not counted above)

    @property
    def short(self) -> list[ForecastRow]:
        return [r for r in self.rows if r.shortfall > 0]

    def first_short(self) -> dict[str, ForecastRow]:
        """Per rotation, the first month with a shortfall."""
        found: dict[str, ForecastRow] = {}
        for row in self.short:
            found.setdefault(row.rotation, row)
        return found


def latest_start(team: stagger.Team, rules: stagger.Rules, short_from: date, needed: int) -> date:
    """The start date by which the earliest of ``needed`` new members must begin, given at
    most ``rules.max_joins`` tours starting per month (planned tours use up the room)."""
    month = stagger.month_of(short_from)
    deadline = short_from
    left = needed
    for _ in range(120):  # ten years back at most: a band can always be met by then
        room = max(0, rules.max_joins - team.joins(month))
        left -= room
        if left <= 0:
            return deadline
        month -= relativedelta(months=1)
        deadline = month + relativedelta(months=1) - timedelta(days=1)
    return deadline


def forecast(
    session: Session,
    today: date,
    months: int = DEFAULT_MONTHS,
    teams: dict[str, stagger.Team] | None = None,
) -> Forecast:
    """The forecast from the month of ``today`` for ``months`` months, per rotation.
    ``teams``: ``stagger.teams(session)`` if the caller has it already."""
    if not 1 <= months <= MAX_MONTHS:
        raise PlannerError(f"--months must be 1 to {MAX_MONTHS}, got {months}")
    lead_weeks = int(settings.get(session, "intake_lead_weeks"))
    lead = timedelta(weeks=lead_weeks)
    rules = stagger.rules_by_rotation(session)
    rows: list[ForecastRow] = []
    for name, team in (stagger.teams(session) if teams is None else teams).items():
        rule = rules[name]
        month = stagger.month_of(today)
        for _ in range(months):
            first = max(month, today)
            end = month + relativedelta(months=1)
            sizes = [(team.size(d), d) for d in _days(first, end)]
            size = min(s for s, _d in sizes)
            shortfall = max(0, rule.team_min - size)
            short_from = next((d for s, d in sizes if s < rule.team_min), None)
            recruit_by = None
            if shortfall and short_from is not None:
                recruit_by = latest_start(team, rule, short_from, shortfall) - lead
            rows.append(
                ForecastRow(
                    name, month, size, rule.team_min, rule.team_max, shortfall, short_from,
                    recruit_by,
                )
            )  # fmt: skip
            month = end
    return Forecast(today, lead_weeks, rows, len(stagger.waiting(session, today)))


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days)]

"""The demo: a realistic team, tours, a planned year, covers, pages and rest entries.

Built step by step through the same services the coordinator uses. Each step is a
function ``build(session, today)``; the steps run in order in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session

from planner.core.errors import PlannerError
from planner.core.home import home_today
from planner.demo import money, rota, team
from planner.people.volunteers import is_empty

Step = Callable[[Session, date], None]

STEPS: list[Step] = [team.build, rota.build, money.build]


def build_demo(session: Session, today: date | None = None) -> None:
    """Fill an empty database with the demo. Refuses a database that has volunteers."""
    if not is_empty(session):
        raise PlannerError("the database already has volunteers; demo only fills an empty one")
    today = today or home_today(session)  # the home site's day, not the computer's
    for step in STEPS:
        step(session, today)

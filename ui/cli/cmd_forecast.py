"""``planner forecast``: the recruitment forecast per rotation and month."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from planner.core.errors import PlannerError
from ui.cli.output import add_format_option, emit

if TYPE_CHECKING:  # annotations only: the handler imports its services when it runs
    from planner.core.db import Database

DEFAULT_MONTHS = 12  # planner.people.forecast.DEFAULT_MONTHS

COLUMNS = ["rotation", "month", "team_size", "band_min", "band_max", "shortfall", "recruit_by"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "forecast",
        help="per rotation and month: team size from the tours planned, band, shortfall and "
        "the date by which to approve volunteers to close it",
    )
    p.add_argument(
        "--months", type=int, default=DEFAULT_MONTHS, metavar="N", help="months from this one"
    )
    p.add_argument("--today", help=argparse.SUPPRESS)
    add_format_option(p)
    p.set_defaults(handler=cmd_forecast)


def parse_today(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlannerError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_forecast(args: argparse.Namespace, db: Database) -> int:
    from planner.core.home import home_today
    from planner.people.forecast import forecast

    with db.session() as session:
        today = parse_today(args.today) or home_today(session)
        result = forecast(session, today, args.months)
    emit([r.as_json() for r in result.rows], args.format, COLUMNS)
    if args.format == "table":
        print(
            f"\nrecruit by: approve volunteers by this date ({result.lead_weeks} weeks' intake "
            "lead time before the tour must start)"
        )
        if result.waiting:
            print(
                f"{result.waiting} approved volunteer(s) wait for a tour and are not counted: "
                "plan their tours first (`planner tours plan`)"
            )
    return 0

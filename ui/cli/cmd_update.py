"""``planner update``: a draft of the monthly update to engineering (Markdown)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the handler imports its services when it runs
    from planner.core.db import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "update",
        help="draft the monthly update to engineering (.md): pages and trend, what paged, "
        "open follow-ups, thanks, who joins and leaves, a call for volunteers",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="the month reported")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.md", help="the draft")
    p.set_defaults(handler=cmd_update)


def cmd_update(args: argparse.Namespace, db: Database) -> int:
    from planner.core.month import Month
    from planner.outputs.update import monthly_update, write_update

    month = Month.parse(args.month).first_day
    if args.output.suffix.lower() != ".md":
        from planner.core.errors import PlannerError

        raise PlannerError(f"output file {args.output} should end in .md")
    with db.session() as session:
        text = monthly_update(session, month)
    write_update(text, args.output)
    print(f"wrote {args.output} ({len(text.splitlines())} lines)")
    return 0

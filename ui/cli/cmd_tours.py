"""``planner tours plan`` (propose staggered starts) and ``planner tours list``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from ui.cli.output import add_format_option, emit
from ui.cli.values import parse_date

if TYPE_CHECKING:  # annotations only: each handler imports its services when it runs
    from planner.core.db import Database

LIST_COLUMNS = ["email", "start", "end", "target_shifts", "status"]
PLAN_COLUMNS = ["email", "name", "rotations", "start", "end"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("tours", help="list tours or plan staggered tour starts")
    sub = p.add_subparsers(dest="tours_command", metavar="ACTION", required=True)
    q = sub.add_parser("list", help="list tours (end is exclusive)")
    q.add_argument("--status", choices=("planned", "active", "finished"), help="only these tours")
    q.add_argument("--today", help=argparse.SUPPRESS)
    add_format_option(q)
    q.set_defaults(handler=cmd_list)
    q = sub.add_parser(
        "plan", help="propose staggered tour starts for approved volunteers without a tour"
    )
    q.add_argument("--accept", action="store_true", help="create the proposed tours")
    q.add_argument("--today", help=argparse.SUPPRESS)
    add_format_option(q)
    q.set_defaults(handler=cmd_plan)


def _today(args: argparse.Namespace, db: Database) -> date:
    """The day given, else today at the home site (not the computer's)."""
    if args.today:
        return parse_date(args.today)
    from planner.core.home import home_today

    with db.session() as session:
        return home_today(session)


def cmd_list(args: argparse.Namespace, db: Database) -> int:
    from planner.people.tours import list_tours

    with db.session() as session:
        rows = [t.as_json() for t in list_tours(session, _today(args, db))]
    if args.status:
        rows = [r for r in rows if r["status"] == args.status]
    emit(rows, args.format, LIST_COLUMNS)
    return 0


def cmd_plan(args: argparse.Namespace, db: Database) -> int:
    from planner.people import stagger

    today = _today(args, db)
    with db.session() as session:
        plan = stagger.propose(session, today)
    emit([p.as_json() for p in plan.proposals], args.format, PLAN_COLUMNS)
    for unplaced in plan.unplaced:
        print(f"not placed: {unplaced.email}: {unplaced.reason}", file=sys.stderr)
    for breach in plan.breaches:
        print(f"stagger breach: {breach.message}", file=sys.stderr)
    if not args.accept:
        if plan.proposals:
            print("proposal only; run with --accept to create these tours", file=sys.stderr)
        return 0
    with db.transaction() as session:
        created = stagger.accept(session, plan)
    print(f"created {len(created)} tour(s)", file=sys.stderr)
    return 0

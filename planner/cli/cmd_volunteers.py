"""``planner volunteers``: list volunteers."""

from __future__ import annotations

import argparse

from planner.cli.output import add_format_option, emit
from planner.db import Database
from planner.models import STATUSES
from planner.volunteers import list_volunteers

COLUMNS = ["email", "name", "site", "team", "role", "status"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("volunteers", help="list volunteers (every status unless filtered)")
    p.add_argument("--status", choices=STATUSES)
    add_format_option(p)
    p.set_defaults(handler=cmd_volunteers)


def cmd_volunteers(args: argparse.Namespace, db: Database) -> int:
    with db.session() as session:
        rows = [v.as_json() for v in list_volunteers(session, args.status)]
    emit(rows, args.format, COLUMNS)
    return 0

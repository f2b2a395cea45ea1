"""The desk commands: ``planner now [--at ISO]`` (who is on call) and ``planner audit``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from planner.core.vocabulary import AUDIT_KINDS
from ui.cli.output import add_format_option, emit
from ui.cli.values import parse_date, parse_instant

if TYPE_CHECKING:  # annotations only: each handler imports its services when it runs
    from planner.core.db import Database

NOW_COLUMNS = ["rotation", "email", "name", "site", "covering", "since", "until", "next_email"]
AUDIT_COLUMNS = ["at", "action", "entity", "entity_id", "detail"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "now", help="who holds each rotation at an instant (default: now), since, until, next"
    )
    p.add_argument("--at", metavar="ISO", default=None,
                   help="the instant, with its UTC offset: 2027-03-13T21:30+00:00")  # fmt: skip
    add_format_option(p)
    p.set_defaults(handler=cmd_now)

    p = subparsers.add_parser("audit", help="the audit log: every change, newest first")
    p.add_argument("--since", metavar="DATE", default=None,
                   help="only changes on or after this day (home site's time)")  # fmt: skip
    p.add_argument("--until", metavar="DATE", default=None,
                   help="only changes on or before this day (home site's time)")  # fmt: skip
    p.add_argument("--entity", metavar="KIND", default=None,
                   help="only changes to this kind: " + ", ".join(AUDIT_KINDS))  # fmt: skip
    p.add_argument("--volunteer", metavar="EMAIL", default=None,
                   help="only changes about this volunteer")  # fmt: skip
    add_format_option(p)
    p.set_defaults(handler=cmd_audit)


def cmd_now(args: argparse.Namespace, db: Database) -> int:
    """Who is on call, read with plain SQL (no ORM: a script may ask every minute)."""
    from planner.core.dates import utc_now
    from planner.core.rows import home_calendar
    from planner.rota.on_call import read_on_call_at

    at = parse_instant(args.at, "--at") if args.at else utc_now()
    with db.reading() as conn:
        cal = home_calendar(conn)
        rows = [r.as_json(cal) for r in read_on_call_at(conn, at)]
    emit(rows, args.format, NOW_COLUMNS)
    return 0


def cmd_audit(args: argparse.Namespace, db: Database) -> int:
    from planner.core import audit_log, audit_text
    from planner.core.home import home_calendar

    since = parse_date(args.since, "--since") if args.since else None
    until = parse_date(args.until, "--until") if args.until else None
    with db.session() as session:
        tz = home_calendar(session).tz
        found = audit_log.entries(session, since, until, args.entity, args.volunteer)
    rows = [r.as_json(tz) for r in found]
    if args.format != "json":  # csv: as stored, for scripts; the table: as the screen shows
        # them, in the fixed forms (ISO days, times in the home zone)
        for row, r in zip(rows, found, strict=True):
            row["detail"] = (
                r.detail_text() if args.format == "csv" else audit_text.details(r, None, tz)
            )
    emit(rows, args.format, AUDIT_COLUMNS)
    return 0

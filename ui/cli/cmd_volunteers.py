"""``planner volunteers`` (list) and ``planner import-volunteers FILE [--dry-run]``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planner.core.errors import PlannerError
from planner.core.vocabulary import STATUSES
from ui.cli.output import add_format_option, emit
from ui.cli.values import parse_date

if TYPE_CHECKING:  # annotations only: each handler imports its services when it runs
    from planner.core.db import Database

COLUMNS = ["email", "name", "site", "team", "role", "status"]
PREVIEW_COLUMNS = ["line", "action", "email", "name", "office", "role", "detail"]


def _today(text: str | None, db: Database) -> date:
    """The day typed, else today at the home site (not the computer's)."""
    if text:
        return parse_date(text)
    from planner.core.home import home_today

    with db.session() as session:
        return home_today(session)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("volunteers", help="list volunteers (every status unless filtered)")
    p.add_argument("--status", choices=STATUSES, help="only volunteers with this status")
    add_format_option(p)
    p.set_defaults(handler=cmd_volunteers)

    p = subparsers.add_parser(
        "import-volunteers",
        help="intake from a form export (.csv or .xlsx); all rows valid or nothing written",
    )
    p.add_argument("file", type=Path, help="the form export: .csv or .xlsx")
    p.add_argument("--dry-run", action="store_true", help="print the preview, write nothing")
    p.add_argument("--today", help=argparse.SUPPRESS)
    add_format_option(p)
    p.set_defaults(handler=cmd_import_volunteers)

    p = subparsers.add_parser(
        "set-status", help="move volunteers along the intake pipeline (kept in the audit log)"
    )
    p.add_argument("status", choices=STATUSES, help="the new status")
    p.add_argument("emails", nargs="*", metavar="EMAIL", help="the volunteers to move")
    p.add_argument("--all-applied", action="store_true", help="every volunteer now applied")
    p.add_argument("--on", help="the date of the decision (default today)")
    p.add_argument("--note", default="", help="why (kept in the audit log)")
    p.set_defaults(handler=cmd_set_status)


def cmd_volunteers(args: argparse.Namespace, db: Database) -> int:
    # The list's narrow read: no SQLAlchemy or SQLModel to import, most of a start-up.
    from planner.people.volunteer_list import read_volunteers

    rows = [v.as_json() for v in read_volunteers(db, args.status)]
    emit(rows, args.format, COLUMNS)
    return 0


def cmd_import_volunteers(args: argparse.Namespace, db: Database) -> int:
    if not args.file.exists():
        raise PlannerError(f"no such file: {args.file}")
    from planner.people import intake

    today = _today(args.today, db)
    with db.session() as session:
        preview = intake.preview_file(session, args.file, today)
    counts = preview.counts()
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    if args.dry_run or preview.errors:
        emit([r.as_json() for r in preview.rows], args.format, PREVIEW_COLUMNS)
    if preview.errors:
        raise PlannerError(
            f"{args.file.name}: nothing imported; {len(preview.errors)} row(s) with errors "
            f"(listed above), first: {preview.errors[0].errors[0]}"
        )
    if args.dry_run:
        print(f"dry run: {summary}; nothing written", file=sys.stderr)
        return 0
    with db.transaction() as session:
        intake.import_file(session, args.file, today)
    if args.format == "table":
        print(f"imported {args.file.name}: {summary}")
    else:  # stdout stays json or csv: the rows imported; the summary on stderr
        emit([r.as_json() for r in preview.rows], args.format, PREVIEW_COLUMNS)
        print(f"imported {args.file.name}: {summary}", file=sys.stderr)
    return 0


def cmd_set_status(args: argparse.Namespace, db: Database) -> int:
    from planner.people import volunteers
    from planner.people.volunteers import list_volunteers

    on = _today(args.on, db)
    with db.transaction() as session:
        people = [volunteers.by_email(session, e) for e in args.emails]
        if args.all_applied:
            people += [
                volunteers.by_email(session, v.email)
                for v in list_volunteers(session, "applied")
                if v.email not in args.emails
            ]
        if not people:
            raise PlannerError("name at least one EMAIL, or --all-applied")
        for volunteer in people:
            volunteers.change_status(session, volunteer, args.status, on, args.note)
    print(f"{len(people)} volunteer(s) now {args.status}")
    return 0

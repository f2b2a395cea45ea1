"""The rota commands: plan, rota, publish, reopen, cover, swap, assign."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from planner.core.errors import PlannerError
from ui.cli.output import add_format_option, emit
from ui.cli.values import parse_date, parse_instant

if TYPE_CHECKING:  # annotations only: each handler imports its services when it runs
    from planner.core.db import Database
    from planner.core.out_of_hours import HomeCalendar

ROTA_COLUMNS = [
    "rotation",
    "slot_start",
    "slot_end",
    "out_of_hours_hours",
    "assignee",
    "state",
    "covers",
]


def _local_iso(instant: datetime, cal: HomeCalendar) -> str:
    return instant.astimezone(cal.tz).isoformat()


def _range(p: argparse.ArgumentParser, weeks_default: int | None = None) -> None:
    p.add_argument("--from", dest="start", required=True, metavar="DATE",
                   help="the first week: the first handover on or after DATE")  # fmt: skip
    p.add_argument("--weeks", type=int, required=weeks_default is None, default=weeks_default,
                   metavar="N", help="how many weeks (at least 1)")  # fmt: skip


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "plan", help="allocate the draft slots of every rotation and print the plan"
    )
    _range(p)
    p.add_argument("--publish", action="store_true", help="publish the weeks after planning")
    add_format_option(p)
    p.set_defaults(handler=cmd_plan)

    p = subparsers.add_parser("rota", help="list the shifts of a range of weeks")
    _range(p)
    add_format_option(p)
    p.set_defaults(handler=cmd_rota)

    p = subparsers.add_parser("publish", help="publish a range of weeks")
    _range(p)
    p.set_defaults(handler=cmd_publish)

    p = subparsers.add_parser("reopen", help="make published weeks draft again")
    _range(p)
    p.set_defaults(handler=cmd_reopen)

    p = subparsers.add_parser("cover", help="record a cover: a volunteer takes part of a shift")
    p.add_argument("--rotation", required=True, help="the rotation's name, e.g. Primary")
    p.add_argument("--volunteer", required=True, metavar="EMAIL", help="who covers")
    p.add_argument("--from", dest="start", required=True, metavar="ISO",
                   help="start, with its UTC offset: 2027-03-06T20:00+00:00")  # fmt: skip
    p.add_argument("--to", dest="end", required=True, metavar="ISO",
                   help="end (exclusive), with its UTC offset")  # fmt: skip
    p.add_argument("--note", default="", help="why (kept with the cover)")
    p.set_defaults(handler=cmd_cover)

    p = subparsers.add_parser(
        "swap", help="two future shifts of a rotation exchange assignees (by week)"
    )
    p.add_argument("--rotation", required=True, help="the first shift's rotation")
    p.add_argument("--week", required=True, metavar="DATE",
                   help="a day in the first shift's week")  # fmt: skip
    p.add_argument("--with-week", required=True, metavar="DATE",
                   help="a day in the second shift's week")  # fmt: skip
    p.add_argument("--with-rotation", default=None,
                   help="the second shift's rotation (default: the same)")  # fmt: skip
    p.set_defaults(handler=cmd_swap)

    p = subparsers.add_parser("assign", help="put a volunteer on a shift by hand")
    p.add_argument("--rotation", required=True, help="the rotation's name, e.g. Primary")
    p.add_argument("--week", required=True, metavar="DATE", help="a day in the shift's week")
    p.add_argument("--volunteer", required=True, metavar="EMAIL|none",
                   help="the new assignee, or none to leave the slot empty")  # fmt: skip
    p.add_argument("--override", action="store_true",
                   help="assign even if a hard rule breaks (shown as a warning)")  # fmt: skip
    p.set_defaults(handler=cmd_assign)


def cmd_rota(args: argparse.Namespace, db: Database) -> int:
    from planner.core.home import home_calendar
    from planner.rota.weeks import list_rota

    with db.session() as session:
        cal = home_calendar(session)
        rota = list_rota(session, parse_date(args.start), args.weeks)
    rows = [r.as_json(cal) for r in rota]
    if args.format != "json":
        # One cell per shift: each cover as "email from..to", the times as in the json.
        for row, r in zip(rows, rota, strict=True):
            row["covers"] = [
                f"{c.email} {_local_iso(c.start, cal)}..{_local_iso(c.end, cal)}" for c in r.covers
            ]
    emit(rows, args.format, ROTA_COLUMNS)
    return 0


def cmd_plan(args: argparse.Namespace, db: Database) -> int:
    from planner.rota.allocation import accept, propose
    from planner.rota.weeks import list_rota, publish

    with db.transaction() as session:
        start = parse_date(args.start)
        plan = propose(session, start, args.weeks)
        accept(session, plan)
        published = publish(session, start, args.weeks) if args.publish else None
        rota = list_rota(session, start, args.weeks)
    if args.format == "json":
        emit([plan.as_json()], "json", [])
        return 0
    emit(
        [{"rotation": r.rotation, "week": r.week.isoformat(), "assignee": r.assignee_email,
          "out_of_hours_hours": r.out_of_hours_hours, "state": r.state} for r in rota],
        args.format,
        ["rotation", "week", "assignee", "out_of_hours_hours", "state"],
    )  # fmt: skip
    # With csv the summary goes to stderr, so stdout stays one clean csv table.
    out = sys.stdout if args.format == "table" else sys.stderr
    if args.format == "table":
        print()
    for line in plan.summary_lines():
        print(line, file=out)
    if published is not None:
        print(f"published {published.published} shift(s)", file=out)
    return 0


def cmd_publish(args: argparse.Namespace, db: Database) -> int:
    from planner.rota.weeks import publish

    with db.transaction() as session:
        result = publish(session, parse_date(args.start), args.weeks)
    print(f"published {result.published} shift(s)")
    for name in result.uncovered:
        print(f"left as draft (no assignee): {name}")
    for name in result.ended:
        print(f"left as draft (ended before it was published): {name}")
    return 0


def cmd_reopen(args: argparse.Namespace, db: Database) -> int:
    from planner.rota.weeks import reopen

    with db.transaction() as session:
        count = reopen(session, parse_date(args.start), args.weeks)
    print(f"re-opened {count} shift(s) as draft")
    return 0


def cmd_cover(args: argparse.Namespace, db: Database) -> int:
    from planner.core.home import rotation_by_name
    from planner.people.volunteers import by_email
    from planner.rota import covers

    with db.transaction() as session:
        rotation = rotation_by_name(session, args.rotation)
        volunteer = by_email(session, args.volunteer)
        result = covers.add_cover(
            session,
            rotation,
            volunteer,
            parse_instant(args.start),
            parse_instant(args.end),
            args.note,
        )
    parts = len(result.covers)
    print(
        f"cover recorded for {volunteer.email}"
        + (f" (split in {parts} shifts)" if parts > 1 else "")
    )
    for warning in result.warnings:
        print(f"warning: {warning}")
    return 0


def cmd_swap(args: argparse.Namespace, db: Database) -> int:
    from planner.core.home import rotation_by_name
    from planner.rota import covers

    with db.transaction() as session:
        rotation = rotation_by_name(session, args.rotation)
        other = rotation_by_name(session, args.with_rotation) if args.with_rotation else rotation
        first = covers.shift_in_week(session, rotation, parse_date(args.week))
        second = covers.shift_in_week(session, other, parse_date(args.with_week))
        covers.swap(session, first.id or 0, second.id or 0)
    print(f"swapped {rotation.name} weeks of {args.week} and {args.with_week}")
    return 0


def cmd_assign(args: argparse.Namespace, db: Database) -> int:
    from planner.core.home import rotation_by_name
    from planner.people.volunteers import by_email
    from planner.rota import covers

    with db.transaction() as session:
        rotation = rotation_by_name(session, args.rotation)
        shift = covers.shift_in_week(session, rotation, parse_date(args.week))
        volunteer = None if args.volunteer.lower() == "none" else by_email(session, args.volunteer)
        warnings = covers.assign(session, shift.id or 0, volunteer, override=args.override)
    who = volunteer.email if volunteer else "nobody"
    print(f"{rotation.name} week of {args.week}: {who}")
    for warning in warnings:
        print(f"warning: {warning}")
    return 0


__all__ = ["PlannerError", "register"]

"""Pages, rest and pay: ``import-pages``, ``pages``, ``rest``, ``pay``, ``payroll``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.output import add_format_option, emit

if TYPE_CHECKING:  # annotations only: each handler imports its services when it runs
    from planner.core.db import Database

PAGE_COLUMNS = [
    "id", "at", "responder", "minutes", "night", "on_call", "summary", "link", "follow_up_state",
]  # fmt: skip
REST_COLUMNS = ["email", "entitled_days", "taken_days", "balance_days"]
PAY_COLUMNS = [
    "email",
    "currency",
    "rotation",
    "slot_start",
    "hours",
    "amount_minor",
    "pay_month",
    "kind",
]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "import-pages",
        help="add pages from a .csv (At with offset, Responder, Minutes, Summary, Link) or "
        "PagerDuty's incident list (REST API .json or the web app's .csv download)",
    )
    p.add_argument(
        "file", type=Path, help="the page log (.csv) or PagerDuty incidents (.json/.csv)"
    )
    p.add_argument("--dry-run", action="store_true", help="check and preview; write nothing")
    p.set_defaults(handler=cmd_import_pages)

    p = subparsers.add_parser("pages", help="the page log")
    p.add_argument("--month", help="only pages in this month (YYYY-MM, home time)")
    p.add_argument(
        "--follow-up",
        choices=("none", "open", "done"),
        help="only pages with no follow-up yet, or with an open or done one",
    )
    add_format_option(p)
    p.set_defaults(handler=cmd_pages)

    p = subparsers.add_parser("rest", help="rest days per volunteer: entitled, taken, balance")
    p.add_argument(
        "--month",
        help="only rest entitled or taken in this month (YYYY-MM); balance at its end",
    )
    add_format_option(p)
    p.set_defaults(handler=cmd_rest)

    p = subparsers.add_parser("pay", help="a month's pay lines and totals per currency")
    p.add_argument("--month", required=True, help="YYYY-MM")
    add_format_option(p)
    p.set_defaults(handler=cmd_pay)

    p = subparsers.add_parser("payroll", help="export the month's payroll workbook (.xlsx)")
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("-o", "--output", required=True, type=Path, help="FILE.xlsx")
    p.add_argument("--close", action="store_true", help="close the run after exporting it")
    p.set_defaults(handler=cmd_payroll)


def cmd_import_pages(args: argparse.Namespace, db: Database) -> int:
    from planner.pay import page_import

    with db.transaction() as session:
        preview = page_import.import_file(session, args.file, dry_run=args.dry_run)
    verb = "would add" if args.dry_run else "added"
    print(
        f"{verb} {len(preview.pages)} page(s) from {preview.kind}; "
        f"{len(preview.duplicates)} already logged"
        + (f"; {len(preview.skipped)} skipped" if preview.skipped else "")
    )
    for draft in preview.pages:
        print(f"  {draft.where}: {draft.at.isoformat()} {draft.email} {draft.minutes} min")
    for where, why in preview.skipped:
        print(f"  skipped {where}: {why}")
    return 0


def cmd_pages(args: argparse.Namespace, db: Database) -> int:
    from planner.core.home import home_calendar
    from planner.core.month import Month
    from planner.pay import pages
    from planner.pay.lines import month_bounds

    month = Month.parse(args.month) if args.month else None
    with db.session() as session:
        start = end = None
        if month is not None:
            start, end = month_bounds(home_calendar(session), month)
        rows = [p.as_json() for p in pages.list_pages(session, start, end)]
    if args.follow_up:
        wanted = None if args.follow_up == "none" else args.follow_up
        rows = [r for r in rows if r["follow_up_state"] == wanted]
    emit(rows, args.format, PAGE_COLUMNS)
    return 0


def cmd_rest(args: argparse.Namespace, db: Database) -> int:
    from planner.core.home import home_today
    from planner.core.month import Month
    from planner.pay import rest

    month = Month.parse(args.month) if args.month else None
    with db.session() as session:
        if month is not None:
            first, end = month.first_day, month.next().first_day
            rows = [r.as_json() for r in rest.month_rest(session, first, end)]
        else:
            rows = [r.as_json() for r in rest.balances(session, home_today(session))]
    emit(rows, args.format, REST_COLUMNS)
    return 0


def cmd_pay(args: argparse.Namespace, db: Database) -> int:
    from planner.core.home import home_calendar
    from planner.core.money import format_money
    from planner.core.month import Month
    from planner.pay import runs as pay_runs
    from planner.pay.lines import totals_by_currency

    month = Month.parse(args.month)
    with db.session() as session:
        cal = home_calendar(session)
        lines = pay_runs.month_lines(session, month)
        info = pay_runs.run_info(session, month)
    emit([x.as_json(cal) for x in lines], args.format, PAY_COLUMNS)
    if args.format == "table":
        state = "no run yet" if info.state == "none" else f"run {info.state}"
        print(f"\n{info.month} ({state})")
        for currency, total in totals_by_currency(lines).items():
            print(f"  total {currency}: {format_money(total, currency)}")
    return 0


def cmd_payroll(args: argparse.Namespace, db: Database) -> int:
    from planner.core.money import format_money
    from planner.core.month import Month
    from planner.pay.export import export_payroll

    result = export_payroll(db, Month.parse(args.month), args.output, close=args.close)
    state = result.state
    totals = ", ".join(format_money(t, c) for c, t in result.totals.items()) or "nothing owed"
    print(f"wrote {result.path} ({result.lines} lines; {totals}); run {result.month} {state}")
    sys.stdout.flush()
    return 0

"""``planner service-record``: one volunteer's service to date, as JSON or a printable PDF."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.output import FORMATS, emit

if TYPE_CHECKING:  # annotations only: the handler imports its services when it runs
    from planner.core.db import Database

FIELDS = [
    "email",
    "name",
    "tours",
    "shifts",
    "out_of_hours_hours",
    "covers_given",
    "covers_taken",
    "pages",
    "night_pages",
    "rest_entitled_days",
    "rest_taken_days",
    "pay",
]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "service-record",
        help="one volunteer's service to date: tours, shifts, hours, covers, pages, rest, pay "
        "(JSON, or a PDF with -o)",
    )
    p.add_argument("--volunteer", required=True, metavar="EMAIL", help="the volunteer")
    p.add_argument("-o", "--output", type=Path, metavar="FILE.pdf", help="write the PDF")
    p.add_argument("--format", choices=FORMATS, default="json", help="output format (json)")
    p.set_defaults(handler=cmd_service_record)


def cmd_service_record(args: argparse.Namespace, db: Database) -> int:
    from planner.core.money import format_money
    from planner.outputs.service_record import service_record
    from ui.cli.cmd_outputs import _check_output, ensure_gui_application

    if args.output is not None:
        _check_output(args.output, ".pdf")
    with db.session() as session:
        record = service_record(session, args.volunteer)
    if args.output is None:
        data = record.as_json()
        if args.format == "json":
            print(json.dumps(data, indent=2, ensure_ascii=False))
        elif args.format == "csv":
            emit([data], "csv", FIELDS)
        else:
            data["tours"] = len(record.tours)
            data["pay"] = ", ".join(format_money(a, c) for c, a in record.pay) or "none"
            width = max(len(k) for k in FIELDS)
            for key in FIELDS:
                print(f"{key.replace('_', ' '):<{width}}  {data[key]}")
        return 0
    ensure_gui_application()
    from ui.printing.service_record_pages import write_service_record_pdf

    pages = write_service_record_pdf(record, args.output)
    print(f"wrote {args.output} ({pages} page{'s' if pages != 1 else ''})")
    return 0

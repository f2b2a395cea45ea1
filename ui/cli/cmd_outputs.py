"""``planner print-rota``, ``planner ics`` and ``planner report``: the team's outputs.

The PDF commands import the Qt printing code lazily, inside the handler, and run
headless: with no display they use Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from planner.core.errors import PlannerError

if TYPE_CHECKING:  # for annotations only: Qt and services are imported inside the handlers
    from PySide6.QtCore import QCoreApplication

    from planner.core.db import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("print-rota", help="the printable rota calendar (PDF)")
    p.add_argument(
        "--from", dest="from_month", required=True, metavar="YYYY-MM", help="first month"
    )
    p.add_argument("--months", type=int, default=1, metavar="N", help="months, one page each")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the PDF")
    p.add_argument("--include-drafts", action="store_true", help="show draft shifts, marked")
    p.set_defaults(handler=cmd_print_rota)

    p = subparsers.add_parser(
        "ics",
        help="calendar feed (.ics): the team's or one volunteer's (-o), or every feed into a "
        "folder (--folder)",
    )
    p.add_argument(
        "--volunteer", metavar="EMAIL", help="that volunteer's feed (default: the team feed)"
    )
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, metavar="FILE.ics", help="the feed")
    where.add_argument(
        "--folder",
        type=Path,
        metavar="DIR",
        help="write team.ics and every volunteer's <email>.ics into DIR, each replaced whole",
    )
    p.add_argument("--include-drafts", action="store_true", help="add draft shifts, tentative")
    p.set_defaults(handler=cmd_ics)

    p = subparsers.add_parser("report", help="the monthly on-call report (PDF)")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="the month reported")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the PDF")
    p.set_defaults(handler=cmd_report)


def _check_output(path: Path, suffix: str) -> None:
    if path.suffix.lower() != suffix:
        raise PlannerError(f"output file {path} should end in {suffix}")
    if not path.parent.exists():
        raise PlannerError(f"folder {path.parent} does not exist")


_APP: QCoreApplication | None = None  # a QApplication made here lives as long as the process


def ensure_gui_application() -> QCoreApplication:
    """A Qt application for painting: the running one, else a new QGuiApplication (fonts,
    QPainter and QPdfWriter need no widgets).

    With ``QT_QPA_PLATFORM`` unset the new one uses the offscreen platform, so the
    print commands work with no display (cron, CI, ssh).
    """
    global _APP
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        _APP = app = QGuiApplication(["planner"])
        from ui.c_locale import keep_time_names_fixed

        keep_time_names_fixed()  # Qt just set the C library's locale from the desktop's
    return app


def cmd_print_rota(args: argparse.Namespace, db: Database) -> int:
    _check_output(args.output, ".pdf")
    if args.months < 1 or args.months > 24:
        raise PlannerError(f"--months must be 1 to 24, got {args.months}")
    from planner.core.month import Month
    from planner.outputs.calendar import rota_calendar

    first = Month.parse(args.from_month).first_day
    data = rota_calendar(db, first, args.months, args.include_drafts)  # sqlite3: no SQLModel
    ensure_gui_application()
    from ui.printing.rota_pages import write_rota_pdf

    pages = write_rota_pdf(data, args.output)
    print(f"wrote {args.output} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def cmd_ics(args: argparse.Namespace, db: Database) -> int:
    if args.folder is not None:
        from planner.outputs.feeds import write_folder

        if args.volunteer or args.include_drafts:
            raise PlannerError(
                "--folder writes every published feed; drop --volunteer/--include-drafts"
            )
        result = write_folder(db, args.folder)
        print(f"wrote {len(result.files)} feeds into {result.folder} ({result.events} events)")
        return 0
    _check_output(args.output, ".ics")
    from planner.outputs.ics import write_feed

    count = write_feed(db, args.output, args.volunteer, args.include_drafts)
    print(f"wrote {args.output} ({count} events)")
    return 0


def cmd_report(args: argparse.Namespace, db: Database) -> int:
    _check_output(args.output, ".pdf")
    from planner.core.month import Month
    from planner.outputs.report import monthly_report

    month = Month.parse(args.month).first_day

    with db.session() as session:
        data = monthly_report(session, month)
    ensure_gui_application()
    from ui.printing.report_pages import write_report_pdf

    pages = write_report_pdf(data, args.output)
    print(f"wrote {args.output} ({pages} page{'s' if pages != 1 else ''})")
    return 0

"""Export a month's payroll workbook (and optionally close the run): one service for the
``payroll`` command and Pay › Export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from planner.core.home import home_site
from planner.core.models.types import utc_now
from planner.pay import runs as pay_runs
from planner.pay.lines import LineData, check_month, month_first_day, totals_by_currency
from planner.pay.rest import rest_log
from planner.pay.workbook import WorkbookInfo, build_workbook, save_atomically


@dataclass(frozen=True)
class ExportResult:
    path: Path
    month: str
    state: str
    lines: int
    totals: dict[str, int]


def export_payroll(
    session: Session,
    month: str,
    target: Path | str,
    close: bool = False,
    now: datetime | None = None,
) -> ExportResult:
    """Build the run (unless closed), write the workbook, mark it exported, maybe close it.

    Run inside one transaction: when writing the file fails nothing is marked exported.
    """
    month = check_month(month)
    now = now or utc_now()
    if close:
        pay_runs.check_month_ended(session, month, now)
    run = pay_runs.get_run(session, month)
    if run is None or run.state != "closed":
        run = pay_runs.build_run(session, month, now)
    lines: list[LineData] = pay_runs.stored_lines(session, run)
    tz = home_site(session).timezone
    first = month_first_day(month)
    following = first + relativedelta(months=1)
    info = WorkbookInfo(
        month=month,
        state="closed" if run.state == "closed" or close else "exported",
        period_first=first,
        period_last=following - timedelta(days=1),
        timezone=tz,
        generated_at=now.astimezone(ZoneInfo(tz)),
    )
    workbook = build_workbook(info, lines, rest_log(session, first, following))
    path = save_atomically(workbook, target)
    if run.state != "closed":
        pay_runs.mark_exported(session, month, now)
        if close:
            pay_runs.close_run(session, month, now)
    return ExportResult(path, month, run.state, len(lines), totals_by_currency(lines))

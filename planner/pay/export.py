"""Export a month's payroll workbook (and optionally close the run): one service for the
``payroll`` command and Pay › Export.

The export is atomic: the workbook is written and checked in a temporary file beside the
target; the run is marked exported (and closed) in the same transaction that records the
file's SHA-256 in the audit log; only after that commit is the workbook renamed into place.
A failure or a kill before the commit leaves the run as it was and no workbook; a kill
between the commit and the rename leaves the run closed and no workbook (export it again),
never a workbook saying "closed" for a run that is still a draft.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from planner.core import audit, days
from planner.core.db import Database
from planner.core.home import home_site
from planner.core.models.types import utc_now
from planner.core.month import Month
from planner.core.progress import Progress, no_progress
from planner.core.safe_write import StagedFile
from planner.pay import runs as pay_runs
from planner.pay.lines import LineData, totals_by_currency
from planner.pay.rest import rest_log

STEPS = 4  # build the run, write the workbook, save and check it, record the export


@dataclass(frozen=True)
class ExportResult:
    path: Path
    month: Month
    state: str  # the run's state after the export: exported or closed
    lines: int
    totals: dict[str, int]
    sha256: str


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def stage_payroll(
    session: Session,
    month: Month,
    target: Path | str,
    close: bool = False,
    now: datetime | None = None,
    progress: Progress = no_progress,
) -> tuple[ExportResult, StagedFile]:
    """Build the run (unless closed), write the workbook to a checked temporary file, and
    mark the run exported (maybe closed) with the file's checksum in the audit log.

    The caller commits the session and then calls ``staged.publish()``; on any failure it
    calls ``staged.discard()``. ``progress`` hears of each step (and may raise to stop).
    """
    # openpyxl loads with the first export, not with every screen that shows pay.
    from planner.pay.workbook import WorkbookInfo, build_workbook, stage_workbook

    now = now or utc_now()
    progress(0, STEPS, f"Building the pay run for {month}…")
    if close:
        pay_runs.check_month_ended(session, month, now)
    run = pay_runs.get_run(session, month)
    if run is None or run.state != "closed":
        run = pay_runs.build_run(session, month, now)
    lines: list[LineData] = pay_runs.stored_lines(session, run)
    tz = home_site(session).timezone
    first = month.first_day
    following = month.next().first_day
    info = WorkbookInfo(
        month=str(month),
        state="closed" if run.state == "closed" or close else "exported",
        period_first=first,
        period_last=days.last_day(following),
        timezone=tz,
        generated_at=now.astimezone(ZoneInfo(tz)),
    )
    progress(1, STEPS, f"Writing the workbook ({len(lines)} lines)…")
    workbook = build_workbook(info, lines, rest_log(session, first, following))
    progress(2, STEPS, "Saving and checking the workbook…")
    staged = stage_workbook(workbook, target)
    try:
        progress(3, STEPS, "Recording the export…")
        checksum = file_sha256(staged.temp)
        if run.state != "closed":
            pay_runs.mark_exported(session, month, now)
            if close:
                pay_runs.close_run(session, month, now)
        audit.record(
            session,
            "payroll workbook written",
            "pay_run",
            run.id,
            month=month,
            file=staged.target.name,
            sha256=checksum,
            state=info.state,
        )
        session.flush()
        progress(STEPS, STEPS, "Recording the export…")  # the last chance to stop
    except BaseException:
        staged.discard()
        raise
    result = ExportResult(
        staged.target, month, info.state, len(lines), totals_by_currency(lines), checksum
    )
    return result, staged


def export_payroll(
    db: Database,
    month: Month,
    target: Path | str,
    close: bool = False,
    now: datetime | None = None,
    progress: Progress = no_progress,
) -> ExportResult:
    """Export (and maybe close) in one transaction; the workbook appears after the commit.

    When ``progress`` raises (the user cancelled), no file is written and the run and the
    audit log are as they were.
    """
    staged: StagedFile | None = None
    try:
        with db.transaction() as session:
            result, staged = stage_payroll(session, month, target, close, now, progress)
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    staged.publish(f"pay run {result.month} is {result.state}: export it again to get the file")
    return result

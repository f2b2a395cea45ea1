"""Importing pages from a file of any kind the app reads: the page log CSV (At, Responder,
Minutes, Summary, Link) or PagerDuty's incident list (its REST API's JSON or the web app's
CSV download). Preview first; then every page is written or none."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from planner.core.errors import PlannerError
from planner.pay import pagerduty, pages
from planner.pay.pages import PagePreview


def _header(data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
        return next(csv.reader(io.StringIO(text)), [])
    except (UnicodeDecodeError, csv.Error):
        return []


def preview_file(session: Session, path: Path | str, now: datetime | None = None) -> PagePreview:
    """What importing ``path`` would do; nothing is written. A file that cannot be read as
    any of the kinds raises PlannerError; bad rows are listed in ``errors``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlannerError(f"cannot read {path}: {exc.strerror or exc}") from exc
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if path.suffix.lower() != ".json" and head not in (b"{", b"["):
        header = _header(data)
        names = {h.strip().lower() for h in header}
        if "at" not in names and pagerduty.might_be_pagerduty(header):
            incidents = pagerduty.read_csv(data, path.name)
            return pagerduty.preview(session, incidents, "PagerDuty CSV", now)
        return pages.preview_csv(session, path, now)
    incidents, kind = pagerduty.read_file(path, data)
    return pagerduty.preview(session, incidents, kind, now)


def import_file(
    session: Session, path: Path | str, dry_run: bool = False, now: datetime | None = None
) -> PagePreview:
    """All pages or none: raises with every bad row or incident named."""
    preview = preview_file(session, path, now)
    if preview.errors:
        what = "row(s)" if preview.kind == "page log" else "incident(s)"
        raise PlannerError(
            f"{len(preview.errors)} bad {what}, nothing imported: "
            + "; ".join(preview.errors[:20])
            + (f"; and {len(preview.errors) - 20} more" if len(preview.errors) > 20 else "")
        )
    if not dry_run:
        pages.write_preview(session, preview, now)
    return preview

"""Calendars people subscribe to: the team feed and each volunteer's feed in one folder.

With the setting ``feed_folder`` (say, a folder in a synced drive that calendar apps
subscribe to), every change to the rota — a publish, a cover, a swap, an assignment, a
plan — rewrites ``team.ics`` and one ``<email>.ics`` per volunteer who has a tour or any
shift or cover, each file replaced whole (a temporary file, checked, then renamed). Only
published and worked shifts are in them, as in ``planner ics``. ``planner ics --folder
DIR`` writes the same files once.

A folder that cannot be written never undoes the change that triggered it: the change is
kept, and the reason is left in ``Database.notices`` for the interface to show.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.core.errors import PlannerError

if TYPE_CHECKING:  # watch() is called at every start: it needs neither SQLModel nor settings
    from sqlmodel import Session

    from planner.core.db import Database

FEED_FOLDER = "feed_folder"
TEAM_FILE = "team.ics"
ROTA_TABLES = frozenset({"shift", "cover"})
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FolderResult:
    folder: Path
    files: tuple[Path, ...]
    events: int


def feed_file_name(email: str) -> str:
    """A volunteer's feed file: their email, kept to characters every file system takes."""
    return re.sub(r"[^A-Za-z0-9._@+-]", "_", email.strip().lower()) + ".ics"


def subscribers(session: Session) -> list[str]:
    """Emails of the volunteers who get a feed: anyone with a tour, a shift or a cover."""
    from sqlmodel import col, select

    from planner.core.models import Cover, Shift, Tour, Volunteer  # watch() needs none of them

    ids = set(session.exec(select(Tour.volunteer_id)).all())
    ids |= {i for i in session.exec(select(Shift.volunteer_id)).all() if i is not None}
    ids |= set(session.exec(select(Cover.volunteer_id)).all())
    return sorted(session.exec(select(Volunteer.email).where(col(Volunteer.id).in_(ids))).all())


def check_folder(folder: Path | str) -> Path:
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise PlannerError(f"feed folder {folder} does not exist (or is not a folder)")
    return folder


def write_folder(db: Database, folder: Path | str) -> FolderResult:
    """Write the team feed and every volunteer's feed into ``folder``, each file whole."""
    from planner.outputs.ics import write_feed  # the calendar library only when writing

    folder = check_folder(folder)
    with db.session() as session:
        emails = subscribers(session)
    written = [folder / TEAM_FILE]
    events = write_feed(db, written[0])
    for email in emails:
        target = folder / feed_file_name(email)
        events += write_feed(db, target, email)
        written.append(target)
    return FolderResult(folder, tuple(written), events)


def configured_folder(db: Database) -> Path | None:
    from planner.core import settings

    with db.session() as session:
        value = str(settings.get(session, FEED_FOLDER) or "").strip()
    return Path(value).expanduser() if value else None


def refresh_after_commit(db: Database, tables: frozenset[str]) -> FolderResult | None:
    """The commit hook: rewrite the folder's feeds when the rota changed."""
    if not tables & ROTA_TABLES:
        return None
    folder = configured_folder(db)
    if folder is None:
        return None
    try:
        return write_folder(db, folder)
    except (PlannerError, OSError) as exc:
        message = f"calendar feeds in {folder} not updated: {exc}"
        log.warning(message)
        db.notices.append(message)
        return None


def watch(db: Database) -> Database:
    """Keep the feed folder (if the setting names one) in step with every rota change."""
    db.on_commit(refresh_after_commit)
    return db

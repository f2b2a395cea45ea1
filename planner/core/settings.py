"""Settings kept in the database (JSON values), with their defaults."""

from __future__ import annotations

import json
from datetime import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the defaults (and ``parse``) are read without SQLModel: see stored()
    import sqlite3

    from sqlmodel import Session

DEFAULTS: dict[str, Any] = {
    # Office hours of the home site; everything else is out-of-hours.
    "office_days": [0, 1, 2, 3, 4],
    "office_start": "09:00",
    "office_end": "18:00",
    # Weekly handover, home-site wall-clock time. Monday is 0, Friday 4.
    "handover_weekday": 4,
    "handover_time": "18:00",
    # Tours and staggering.
    "tour_months": 6,
    "target_min": 3,
    "target_max": 4,
    "team_min": 6,
    "team_max": 8,
    "max_joins_per_month": 2,
    "max_leaves_per_month": 2,
    "min_experienced": 3,
    # Recruitment: weeks from approving a volunteer to the start of their tour.
    "intake_lead_weeks": 6,
    # Pages and rest.
    "night_start": "00:00",
    "night_end": "07:00",
    "rest_per_night": "full",
    "rest_stale_days": 30,
    # Calendars: a folder (e.g. in a synced drive) where every rota change rewrites the team
    # feed and each volunteer's feed; "" = none.
    "feed_folder": "",
    # Automatic backups beside the database: how many to keep.
    "backups_kept": 14,
}


def get(session: Session, key: str) -> Any:
    from planner.core.models import Setting

    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    row = session.get(Setting, key)
    return DEFAULTS[key] if row is None else json.loads(row.value)


def put(session: Session, key: str, value: Any) -> None:
    from planner.core.models import Setting

    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    row = session.get(Setting, key)
    encoded = json.dumps(value)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded
        session.add(row)


def get_time(session: Session, key: str) -> time:
    return time.fromisoformat(get(session, key))


def stored(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every setting, read with plain SQL on a ``sqlite3`` connection, each as :func:`get`
    returns it: the stored value, else the default."""
    found = dict(DEFAULTS)
    rows = conn.execute("SELECT key, value FROM setting")
    found.update((key, json.loads(value)) for key, value in rows if key in DEFAULTS)
    return found

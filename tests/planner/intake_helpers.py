"""Helpers for intake tests: write form exports, snapshot a database's rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planner.core.db import Database

HEADER = "Name,Email,Office,Team,Role,Manager,Available from,Unavailable,Tour start,Notes"


def write_csv(path: Path, *rows: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path


def snapshot(db: Database) -> list[str]:
    """Every row of every table (what 'the database unchanged' means)."""
    with sqlite3.connect(db.path) as conn:
        return list(conn.iterdump())

"""Public-holiday tables kept on disk between runs.

Importing the ``holidays`` package and building a country's table costs about a quarter of a
second (the package imports every country it knows); the tables only change when the
package does. So each table, once built, is kept in the user cache folder in a file named
after the package's version, and a later run (a command, the app) reads it from there
without importing the package. A missing, unreadable or damaged file only means the table
is built again; nothing else depends on the file.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

_tables: dict[str, dict[str, str]] | None = None  # this process's copy of the file


@lru_cache(maxsize=1)
def _version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except (PackageNotFoundError, ValueError):  # a frozen build may carry no metadata
        return None


def _file() -> Path | None:
    """The cache file for the installed ``holidays`` version; None when it is unknown."""
    from planner.core.paths import cache_dir

    found = _version()
    return None if found is None else cache_dir() / f"holidays-{found}.json"


def _key(country: str, subdivision: str | None, year: int) -> str:
    return f"{country}/{subdivision or ''}/{year}"


def _load(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: v
        for k, v in data.items()
        if isinstance(v, dict) and all(isinstance(n, str) for n in v.values())
    }


def lookup(country: str, subdivision: str | None, year: int) -> dict[date, str] | None:
    """The stored table, or None when none is stored."""
    global _tables
    path = _file()
    if path is None:
        return None
    if _tables is None:
        _tables = _load(path)
    table = _tables.get(_key(country, subdivision, year))
    if table is None:
        return None
    try:
        return {date.fromisoformat(day): name for day, name in table.items()}
    except ValueError:
        return None


def store(country: str, subdivision: str | None, year: int, table: dict[date, str]) -> None:
    """Keep ``table`` for later runs (the whole file written anew, then renamed into place);
    a folder that cannot be written is no error."""
    global _tables
    path = _file()
    if path is None:
        return
    tables = _load(path)  # what other runs stored meanwhile
    tables[_key(country, subdivision, year)] = {d.isoformat(): n for d, n in table.items()}
    _tables = tables
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".holidays-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(tables, handle, ensure_ascii=False)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # no cache this time: the next run builds the table again

"""A command pays only for what it uses: the modules each task imports, in a fresh process.

``planner --version`` and ``--help`` need nothing but the standard library; a read command
(``planner volunteers``) needs SQLModel and its tables but no migrations (Alembic), no
solver, no workbook, calendar or holiday library and no Qt. Counting modules, not timing
them: the figures are in bench/cli.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.db import Database

ROOT = Path(__file__).resolve().parents[3]

# Heavy at start-up (each costs tens to hundreds of milliseconds to import).
NEVER_FOR_A_READ = (
    "alembic",
    "PySide6",
    "openpyxl",
    "highspy",
    "numpy",
    "icalendar",
    "holidays",
    "planner.demo",
    "planner.rota.allocation",
)
NOT_FOR_HELP = NEVER_FOR_A_READ + ("sqlalchemy", "sqlmodel", "pydantic", "dateutil", "platformdirs")

_PROBE = """
import contextlib, io, json, sys
from ui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def imported_by(*argv: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``planner *argv``."""
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DB"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), result.stderr
    return set(report["modules"])


def heavy(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules)


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("volunteers", "--help")])
def test_version_and_help_import_only_the_standard_library(argv: tuple[str, ...]) -> None:
    assert heavy(imported_by(*argv), NOT_FOR_HELP) == []


def test_a_read_command_imports_no_migrations_solver_or_qt(db: Database) -> None:
    modules = imported_by("--db", str(db.path), "volunteers", "--format", "json")
    assert "sqlmodel" in modules  # it did read the database
    assert heavy(modules, NEVER_FOR_A_READ) == []


def test_a_database_behind_the_code_still_gets_its_migrations(tmp_path: Path) -> None:
    """The other side of skipping Alembic: a new file is created by the migrations."""
    path = tmp_path / "new.db"
    modules = imported_by("--db", str(path), "init")
    assert "alembic" in modules
    assert path.exists()

"""A command pays only for what it uses: the modules each task imports, in a fresh process.

``planner --version`` and ``--help`` need nothing but the standard library; a read command
(``planner volunteers``) needs no migrations (Alembic), no solver, no workbook, calendar or
holiday library and no Qt, and the volunteers list and ``planner now`` not even SQLAlchemy,
SQLModel or pydantic (they read with sqlite3). Counting modules, not timing them: the
figures are in bench/cli.py.
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
# The ORM and its models: most of a start-up (bench/cli.py prints `import sqlmodel`'s cost).
ORM = ("sqlalchemy", "sqlmodel", "pydantic", "planner.core.models")
NOT_FOR_HELP = NEVER_FOR_A_READ + ORM + ("dateutil", "platformdirs")

_PROBE = """
import contextlib, io, json, sys
from ui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
app = None
if "PySide6.QtCore" in sys.modules:
    from PySide6.QtCore import QCoreApplication

    app = type(QCoreApplication.instance()).__name__
print(json.dumps({"code": code, "modules": sorted(sys.modules), "app": app}), file=sys.stderr)
"""


def imported_by(*argv: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``planner *argv``."""
    return set(_probe(*argv)["modules"])


def _probe(*argv: str) -> dict[str, object]:
    """``planner *argv`` in a fresh interpreter: exit code, modules, Qt application class."""
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DB"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report: dict[str, object] = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), result.stderr
    return report


def heavy(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules)


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("volunteers", "--help")])
def test_version_and_help_import_only_the_standard_library(argv: tuple[str, ...]) -> None:
    assert heavy(imported_by(*argv), NOT_FOR_HELP) == []


def test_a_read_command_imports_no_migrations_solver_or_qt(db: Database) -> None:
    modules = imported_by("--db", str(db.path), "volunteers", "--format", "json")
    assert "planner.people.volunteer_list" in modules  # it did read the database
    assert heavy(modules, NEVER_FOR_A_READ) == []


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_the_volunteers_list_reads_without_the_orm(demo_db: Database, fmt: str) -> None:
    """Opening an up-to-date database and listing its volunteers is plain sqlite3: not
    SQLAlchemy, SQLModel, pydantic or the table declarations (nor the feed folder's code,
    which only a write needs)."""
    modules = imported_by("--db", str(demo_db.path), "volunteers", "--format", fmt)
    assert "sqlite3" in modules
    assert heavy(modules, NEVER_FOR_A_READ + ORM + ("planner.outputs.ics",)) == []
    filtered = imported_by("--db", str(demo_db.path), "volunteers", "--status", "on_tour")
    assert heavy(filtered, NEVER_FOR_A_READ + ORM) == []


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_who_is_on_call_reads_without_the_orm(demo_db: Database, fmt: str) -> None:
    """``planner now``, which a script may run every minute, is plain sqlite3 too."""
    report = _probe("--db", str(demo_db.path), "now", "--format", fmt)
    modules = set(report["modules"])  # type: ignore[call-overload]
    assert "planner.rota.on_call" in modules  # it did answer
    assert heavy(modules, NEVER_FOR_A_READ + ORM) == []


def test_a_database_behind_the_code_still_gets_its_migrations(tmp_path: Path) -> None:
    """The other side of skipping Alembic: a new file is created by the migrations."""
    path = tmp_path / "new.db"
    modules = imported_by("--db", str(path), "init")
    assert "alembic" in modules
    assert path.exists()


_APP_PROBE = """
import json, sys
import ui.app

opened = []
ui.app.run_app = lambda path: opened.append(str(path)) or 0
from ui.cli import main

code = main(sys.argv[1:])
commands = sorted(m for m in sys.modules if m.startswith("ui.cli.cmd_"))
print(json.dumps({"code": code, "opened": opened, "commands": commands}), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "argv", [("--db", "team.db"), ("--db=team.db",), ()], ids=["--db PATH", "--db=PATH", "none"]
)
def test_opening_the_app_builds_no_command_parser(argv: tuple[str, ...], tmp_path: Path) -> None:
    """No command: the app opens on the database named (or the default) without importing
    every command's module for a parser it does not need."""
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DB"}
    env["PLANNER_DB"] = str(tmp_path / "default.db")
    result = subprocess.run(
        [sys.executable, "-c", _APP_PROBE, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] == 0
    assert report["opened"] == ["team.db" if argv else str(tmp_path / "default.db")]
    assert report["commands"] == []


def test_a_command_line_that_is_not_just_the_database_goes_to_the_full_parser() -> None:
    from ui.cli import _app_database

    for argv in (["--db"], ["--db", "-x"], ["--db="], ["--help"], ["--db", "a", "volunteers"]):
        assert _app_database(argv) is False
    assert _app_database(["--db", "a.db"]) == Path("a.db")


def test_the_table_of_commands_names_each_command_s_module() -> None:
    """A command line naming a command imports only its module; the table saying which
    module that is must match what the modules register."""
    import argparse
    import importlib
    import pkgutil

    import ui.cli
    from ui.cli import MODULE_OF_COMMAND

    registered: dict[str, str] = {}
    for info in pkgutil.iter_modules(ui.cli.__path__):
        if info.name.startswith("cmd_"):
            subparsers = argparse.ArgumentParser().add_subparsers()
            importlib.import_module(f"ui.cli.{info.name}").register(subparsers)
            registered |= dict.fromkeys(subparsers.choices, info.name)
    assert MODULE_OF_COMMAND == registered


def test_a_command_imports_no_other_command_s_module(db: Database) -> None:
    modules = imported_by("--db", str(db.path), "volunteers", "--format", "json")
    assert sorted(m for m in modules if m.startswith("ui.cli.cmd_")) == ["ui.cli.cmd_volunteers"]


def test_a_read_command_declares_only_the_tables_it_reads(db: Database) -> None:
    modules = imported_by("--db", str(db.path), "volunteers", "--format", "json")
    for module in ("rota", "pay", "activity", "feed"):
        assert f"planner.core.models.{module}" not in modules


def test_a_command_on_a_named_database_needs_no_user_folders(db: Database) -> None:
    """--db names the file: platformdirs (the default database's folder) stays unloaded."""
    modules = imported_by("--db", str(db.path), "volunteers", "--format", "json")
    assert "platformdirs" not in modules


def test_printing_the_rota_reads_without_the_orm_and_paints_without_widgets(
    demo_db: Database, tmp_path: Path
) -> None:
    """``print-rota`` reads with sqlite3 and paints on a QGuiApplication: no SQLAlchemy,
    SQLModel or pydantic, no QApplication. (PySide6.QtWidgets itself is loaded by
    QtPrintSupport, which asks for the default printer's paper.)"""
    pdf = tmp_path / "rota.pdf"
    for extra in ((), ("--include-drafts",)):
        report = _probe(
            "--db", str(demo_db.path), "print-rota", "--from", "2026-07", "--months", "12",
            "-o", str(pdf), *extra,
        )  # fmt: skip
        modules = set(report["modules"])  # type: ignore[call-overload]
        assert pdf.stat().st_size > 10_000
        assert heavy(modules, ORM + ("alembic", "openpyxl", "highspy", "icalendar")) == []
        assert report["app"] == "QGuiApplication"
        pdf.unlink()

"""The ``planner`` command line. With no command it opens the desktop app.

Each ``ui/cli/cmd_*.py`` module adds its commands through ``register(subparsers)``;
a command's handler is ``handler(args, db) -> int``. Handlers call the same services
as the GUI and run their writes in one transaction, so bad input changes nothing.

A command pays only for what it uses: building the parser imports nothing but the
standard library (``--version`` and ``--help`` stay instant), and each handler imports
its services when it runs. tests/ui/cli/test_import_cost.py keeps it that way. Opening
the app (no command, at most ``--db PATH``) does not even build the commands' parsers:
the window paints sooner.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, NoReturn

from planner import __version__
from planner.core.errors import PlannerError


class _Parser(argparse.ArgumentParser):
    """A usage error is one line on stderr (exit 2), naming the argument and value."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


# Which module registers each command: a command line naming one of these builds only that
# module's parsers. Any other (a module added later, a typo, --help) builds every module's,
# found by name (cmd_*.py); tests/ui/cli/test_import_cost.py keeps this table complete.
MODULE_OF_COMMAND = {
    **dict.fromkeys(("init", "demo", "backup", "restore"), "cmd_database"),
    **dict.fromkeys(("now", "audit"), "cmd_desk"),
    "follow-up": "cmd_follow_up",
    "forecast": "cmd_forecast",
    **dict.fromkeys(("print-rota", "ics", "report"), "cmd_outputs"),
    **dict.fromkeys(("import-pages", "pages", "rest", "pay", "payroll"), "cmd_pay"),
    **dict.fromkeys(("plan", "rota", "publish", "reopen", "cover", "swap", "assign"), "cmd_rota"),
    "service-record": "cmd_service_record",
    "settings": "cmd_settings",
    "tours": "cmd_tours",
    "update": "cmd_update",
    **dict.fromkeys(("volunteers", "import-volunteers", "set-status"), "cmd_volunteers"),
}


def _command_named(argv: Sequence[str]) -> str | None:
    """The command of a command line whose only options before it are ``--db``; None for
    anything else (``--help``, ``--version``, no command)."""
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            next(args, None)
        elif not arg.startswith("--db="):
            return None if arg.startswith("-") else arg
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: only its command's module when the command is known (a
    command imports nothing of the others), else every command's."""
    parser = _Parser(
        prog="planner",
        description="On-call Tour Planner: tours, rota, pay and rest for a volunteer "
        "out-of-hours on-call team. With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="the database file (default: $PLANNER_DB, else planner.db in the user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    module = MODULE_OF_COMMAND.get(_command_named(argv or []) or "")
    if module is not None:
        importlib.import_module(f"ui.cli.{module}").register(subparsers)
        return parser
    import pkgutil

    for name in sorted(
        info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("cmd_")
    ):
        importlib.import_module(f"ui.cli.{name}").register(subparsers)
    return parser


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout has no file descriptor (captured in tests): nothing to flush later


def _app_database(argv: Sequence[str]) -> Path | None | Literal[False]:
    """For a command line that only opens the app (nothing, ``--db PATH`` or
    ``--db=PATH``): the database path it names (None: the default). False for anything
    else, which the full parser reads (a command, ``--help``, a mistake)."""
    if not argv:
        return None
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return Path(argv[1])
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return Path(argv[0][len("--db=") :])
    return False


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    app_db = _app_database(argv)
    if app_db is not False:  # the app: no command's parser is needed to open it
        from planner.core.paths import default_db_path
        from ui.app import run_app

        return run_app(app_db or default_db_path())
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.db is None:  # platformdirs only when the default is needed
        from planner.core.paths import default_db_path

        db_path = default_db_path()
    else:
        db_path = args.db
    if args.command is None:
        from ui.app import run_app

        return run_app(db_path)
    from planner.core.db import open_database

    try:
        db = open_database(db_path, create=getattr(args, "creates_db", False))
    except PlannerError as exc:
        print(f"planner: {exc}", file=sys.stderr)
        return 2
    from planner.outputs.feeds import watch

    watch(db)  # a rota change also rewrites the calendar feed folder, if one is set
    try:
        return int(args.handler(args, db) or 0)
    except PlannerError as exc:
        print(f"planner: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (`planner volunteers | head`): not an error to report.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        _silence_stdout()
        return 1
    except OSError as exc:
        print(f"planner: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except Exception as exc:
        from planner.core.db import explain

        message = explain(db.path, exc)  # a locked, full or read-only database: one sentence
        if message is None:
            raise
        print(f"planner: {message}", file=sys.stderr)
        return 2
    finally:
        for notice in db.notices:  # committed; only a side effect (the feed folder) failed
            print(f"planner: warning: {notice}", file=sys.stderr)
        db.close()


if __name__ == "__main__":
    sys.exit(main())

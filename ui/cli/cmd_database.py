"""Commands that create, fill, back up and restore the database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from planner.core.errors import PlannerError

if TYPE_CHECKING:  # annotations only: each handler imports its services when it runs
    from planner.core.db import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("init", help="create or migrate the database (idempotent)")
    p.set_defaults(handler=cmd_init, creates_db=True)
    p = subparsers.add_parser("demo", help="fill an empty database with a realistic demo team")
    p.set_defaults(handler=cmd_demo, creates_db=True)
    p = subparsers.add_parser("backup", help="write a consistent copy of the database")
    p.add_argument("-o", "--output", type=Path, help="the copy (default: the backups folder)")
    p.set_defaults(handler=cmd_backup)
    p = subparsers.add_parser("restore", help="put a backup copy back in place of the database")
    p.add_argument("file", type=Path, help="a copy made by `planner backup`")
    p.add_argument(
        "--force", action="store_true", help="restore even if it reopens closed pay runs"
    )
    p.set_defaults(handler=cmd_restore)


def cmd_init(args: argparse.Namespace, db: Database) -> int:
    from planner.core.db import current_revision

    print(f"database ready at {db.path} (schema {current_revision(db.engine)})")
    return 0


def cmd_demo(args: argparse.Namespace, db: Database) -> int:
    from planner.demo import build_demo

    with db.transaction() as session:
        build_demo(session)
    print(f"demo team, tours and plan written to {db.path}")
    return 0


def _check_backup_target(db: Database, target: Path) -> None:
    """Refuse an --output that is a folder, in a missing folder, the database itself, or
    an existing file that is not a SQLite database (it would be overwritten)."""
    if target.is_dir():
        raise PlannerError(f"{target} is a folder; name the backup file, e.g. {target}/copy.db")
    if not target.parent.is_dir():
        raise PlannerError(f"cannot write {target}: folder {target.parent} does not exist")
    if target.resolve() == db.path.resolve():
        raise PlannerError(f"{target} is the database itself; choose another file")
    from planner.core.db import check_sqlite_file

    try:
        check_sqlite_file(target)
    except PlannerError:
        raise PlannerError(f"{target} exists and is not a database; it stays as it is") from None


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    from planner.core.backups import backup_to, timestamped_backup

    if args.output:
        _check_backup_target(db, args.output)
    target = backup_to(db, args.output) if args.output else timestamped_backup(db)
    print(f"backup written to {target}")
    return 0


def cmd_restore(args: argparse.Namespace, db: Database) -> int:
    from planner.core.restore import restore_database

    saved = restore_database(db, args.file, force=args.force)
    print(f"restored {args.file} into {db.path} (the replaced database was kept as {saved})")
    return 0

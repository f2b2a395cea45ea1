"""Opening a planner database: SQLite with foreign keys and WAL, upgraded by Alembic.

Alembic alone creates and changes the schema. Opening a database that is behind the
code upgrades it to head, after copying it to a timestamped backup when it holds data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlmodel import Session, create_engine

from planner.core.errors import DatabaseError
from planner.core.paths import backup_dir, project_root
from planner.core.seed import ensure_seed, is_seeded

SQLITE_HEADER = b"SQLite format 3\x00"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(project_root() / "alembic"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    return engine


def check_sqlite_file(path: Path) -> None:
    """Refuse a path that is a folder or a file that is not a SQLite database."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                raise DatabaseError(f"{path} is not a planner database (not a SQLite file)")


@dataclass
class Database:
    """An open planner database: its file and an engine; sessions are short-lived."""

    path: Path
    engine: Engine

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together or not at all.

        It takes SQLite's write lock at the start (BEGIN IMMEDIATE), so what it reads
        cannot change before it writes: two writers (the app and the command line, or
        two clicks) run one after the other instead of interleaving.
        """
        with self.session() as session:
            try:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).scalar_one()
    return bool(row)


def backup_to(engine: Engine, target: Path) -> Path:
    """A consistent copy of the database (SQLite's online backup), WAL folded in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            driver = raw.driver_connection
            assert isinstance(driver, sqlite3.Connection)  # the pysqlite dialect's connection
            driver.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()
    return target


def timestamped_backup(db: Database, label: str = "backup") -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backup_to(db.engine, backup_dir(db.path) / f"{db.path.stem}-{label}-{stamp}.db")


def upgrade(db: Database) -> bool:
    """Bring the schema to head. Returns True when anything was migrated."""
    head = head_revision()
    current = current_revision(db.engine)
    if current == head:
        return False
    if current is not None and current not in _known_revisions():
        raise DatabaseError(
            f"{db.path} was written by a newer version of the planner (revision {current})"
        )
    if _has_tables(db.engine):
        timestamped_backup(db, label="before-upgrade")
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def _known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def open_database(path: Path | str, *, create: bool = False) -> Database:
    """Open (and upgrade) the database at ``path``; with ``create``, make it if missing.

    Without ``create`` a missing file is an error: only ``init`` and ``demo`` create one.
    """
    path = Path(path).expanduser()
    check_sqlite_file(path)
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise DatabaseError(f"no database at {path} (run `planner init` to create one)")
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create folder {path.parent}: {exc}") from exc
    db = Database(path=path, engine=make_engine(path))
    try:
        upgrade(db)
        with db.session() as session:  # a read: no write lock when already seeded
            seeded = is_seeded(session)
        if not seeded:
            with db.transaction() as session:
                ensure_seed(session)
    except DatabaseError:
        db.close()
        raise
    except (sqlite3.DatabaseError, SADatabaseError) as exc:
        db.close()
        raise DatabaseError(f"{path} cannot be opened: {getattr(exc, 'orig', exc)}") from exc
    except BaseException:
        db.close()
        raise
    return db

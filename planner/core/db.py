"""Opening a planner database: SQLite with foreign keys and WAL, upgraded by Alembic.

Alembic alone creates and changes the schema. Opening a database that is behind the
code upgrades it to head, after copying it to a timestamped backup when it holds data.

Alembic is imported only when a database's revision differs from ``HEAD_REVISION`` (a
new file or an upgrade): opening an up-to-date database reads its revision with one query
and pays nothing for the migration machinery. A test keeps the constant equal to the
migrations' head.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlmodel import Session, create_engine

__all__ = ["Database", "Session", "open_database"]  # ui types its sessions as db.Session

from planner.core.errors import DatabaseError
from planner.core.paths import backup_dir, bundled
from planner.core.seed import ensure_seed, is_seeded

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_HEADER = b"SQLite format 3\x00"

# The newest migration in alembic/versions (tests/planner/test_migrations.py checks it).
HEAD_REVISION = "0005"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(bundled("alembic")))
    return cfg


def head_revision() -> str:
    """The migrations' head as Alembic computes it from alembic/versions (slow: imports
    Alembic and every migration script); the app compares with ``HEAD_REVISION``."""
    from alembic.script import ScriptDirectory

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
    _commits: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        event.listen(self.engine, "commit", self._count_commit)

    def _count_commit(self, _conn: object) -> None:
        self._commits += 1

    def data_version(self) -> tuple[int, tuple[int, int], tuple[int, int]]:
        """Changes whenever the data may have changed: a commit through this object, or a
        write by another process (the database file or its write-ahead log changed).
        Screens compare it with the version they last showed to skip a needless re-query.
        """
        return (
            self._commits,
            _stamp(self.path),
            _stamp(self.path.with_name(self.path.name + "-wal")),
        )

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


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (Alembic's ``alembic_version`` row), None when new."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if has_table is None:
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        if len(rows) > 1:  # not this app's linear history: Alembic says what is wrong
            from alembic.runtime.migration import MigrationContext

            return MigrationContext.configure(conn).get_current_revision()
    return str(rows[0][0]) if rows else None


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
    current = current_revision(db.engine)
    if current == HEAD_REVISION:
        return False
    from alembic import command

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
    from alembic.script import ScriptDirectory

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

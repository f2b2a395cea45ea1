"""Opening a planner database: SQLite with foreign keys and WAL, upgraded by Alembic.

Alembic alone creates and changes the schema. Opening a database that is behind the
code upgrades it to head, after copying it to a timestamped backup when it holds data.

Alembic is imported only when a database's revision differs from ``HEAD_REVISION`` (a
new file or an upgrade): opening an up-to-date database reads its revision with one query
and pays nothing for the migration machinery. A test keeps the constant equal to the
migrations' head. SQLAlchemy (and SQLModel) too are imported only when something asks for
the engine or a session: opening an up-to-date database checks it with the standard
library's ``sqlite3``, and a narrow read (``Database.reading``, the command line's lists)
never needs them.

Only our own databases are opened: the app's files carry SQLite's ``application_id``
(:data:`APPLICATION_ID`); a file from an earlier version without it is recognised by its
``alembic_version`` and planner tables and stamped when it is opened. Any other SQLite file
is refused and left byte for byte as it was. A new database is built in a temporary file in
the same folder and renamed into place only once fully migrated and seeded, so a killed
``init`` leaves nothing behind. A file that cannot be written (read-only) is opened
read-only: reads work, a write transaction is refused with one sentence.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from planner.core.errors import DatabaseError
from planner.core.safe_write import partial_path, remove_stale_partials
from planner.core.text import name_key

__all__ = ["Database", "Session", "open_database"]  # ui types its sessions as db.Session

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine
    from sqlmodel import Session


def __getattr__(name: str) -> object:
    """``Session`` (SQLModel's), imported when first named: opening a database and a
    narrow read (``Database.reading``) need no SQLAlchemy."""
    if name == "Session":
        from sqlmodel import Session

        return Session
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x4F435450  # "OCTP": On-call Tour Planner, in the SQLite header
# Tables every planner database has had since revision 0001.
PLANNER_TABLES = frozenset({"site", "volunteer", "rotation", "tour", "shift", "audit_log"})

# The newest migration in alembic/versions (tests/planner/test_migrations.py checks it).
HEAD_REVISION = "f31a07"


def alembic_config() -> Config:
    from alembic.config import Config

    from planner.core.paths import bundled

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


BUSY_TIMEOUT_MS = 5000  # how long a write waits for another program's write to finish


def _fold(value: str | None) -> str | None:
    """SQL ``fold(x)``: Python's lower case of every letter (SQLite's ``lower()`` and
    ``LIKE`` fold only A-Z, so 'ó' would never find 'Órla')."""
    return None if value is None else str(value).lower()


def _local_wall(at: str | None, zone: str | None) -> str | None:
    """SQL ``local_wall(at, zone)``: the wall clock 'YYYY-MM-DD HH:MM' of a stored instant
    (naive UTC text, as the tables store it) in an IANA zone (a page's day and time in its
    responder's zone)."""
    if at is None or zone is None:
        return None
    local = datetime.fromisoformat(at).replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M}"


def _name_key(value: str | None) -> str | None:
    """SQL ``name_key(x)``: a name's place in an alphabetical list (``text.name_key``)."""
    return None if value is None else name_key(str(value))


def _add_functions(dbapi_connection: sqlite3.Connection) -> None:
    dbapi_connection.create_function("fold", 1, _fold, deterministic=True)
    dbapi_connection.create_function("local_wall", 2, _local_wall, deterministic=True)
    dbapi_connection.create_function("name_key", 1, _name_key, deterministic=True)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    _add_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    _add_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def read_only_uri(path: Path, immutable: bool = False) -> str:
    flags = "immutable=1" if immutable else "mode=ro"
    return f"file:{path.resolve().as_posix()}?{flags}"


def make_engine(path: Path, read_only: bool = False, immutable: bool = False) -> Engine:
    """An engine on the file; SQL parameters (emails, names) never appear in its errors."""
    from sqlalchemy import event
    from sqlmodel import create_engine

    if read_only:
        uri = read_only_uri(path, immutable)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            hide_parameters=True,
        )
        event.listen(engine, "connect", _on_connect_read_only)
        return engine
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
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


def _header_application_id(path: Path) -> int:
    with path.open("rb") as fh:
        header = fh.read(100)
    return int.from_bytes(header[68:72], "big") if len(header) >= 72 else 0


def _tables_and_revision(path: Path) -> tuple[set[str], str | None]:
    """The tables and Alembic revision of a SQLite file, read without changing it."""
    uri = f"file:{path.resolve().as_posix()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path} cannot be opened: {exc}") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path} cannot be opened: {exc}") from exc
    finally:
        conn.close()
    return tables, revision


def check_ours(path: Path) -> bool:
    """Refuse a SQLite file that is not a planner database; leave it as it is.

    Returns True when the file still needs its ``application_id`` stamped (a database
    written by a version before the mark).
    """
    app_id = _header_application_id(path)
    if app_id == APPLICATION_ID:
        return False
    if app_id != 0:
        raise DatabaseError(
            f"{path} belongs to another program (SQLite application id {app_id:#x}); "
            "the planner leaves it as it is"
        )
    tables, revision = _tables_and_revision(path)
    ours = tables & PLANNER_TABLES
    if "alembic_version" in tables and revision is not None and ours == PLANNER_TABLES:
        return True
    if ours and revision is None:
        raise DatabaseError(
            f"{path} is a half-built planner database (its creation was interrupted); "
            "delete it and run `planner init` again"
        )
    if not tables:
        raise DatabaseError(
            f"{path} is an empty SQLite file that the planner did not make; "
            "delete it or choose another file"
        )
    raise DatabaseError(
        f"{path} is another program's SQLite database, not a planner database; "
        "the planner leaves it as it is"
    )


def _mark_ours(path: Path) -> None:
    with closing(_connect(path)) as conn:  # a pragma: written at once, no transaction
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass  # a file we do not own keeps its mode


def is_writable(path: Path) -> bool:
    """Whether the file and its folder (SQLite's -wal and -shm files) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def lock_holder(path: Path) -> str:
    """Who holds the app's lock on the database (its lock file), e.g. " (the planner app,
    process 1234 on host)"; empty when nobody is known."""
    lock = path.with_name(path.name + ".lock")
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    pid = lines[0].strip() if lines else ""
    host = lines[2].strip() if len(lines) > 2 else ""
    if not pid.isdigit():
        return ""
    return f" (the planner app, process {pid}{' on ' + host if host else ''})"


def explain(path: Path, exc: BaseException) -> str | None:
    """One sentence for a database failure (locked, full disk, read-only), or None."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.Error) and not _is_sqlalchemy_error(exc):
        return None
    text = str(orig).lower()
    if "locked" in text or "busy" in text:
        return (
            f"{path} is in use by another program{lock_holder(path)}; "
            "nothing was changed, try again in a moment"
        )
    if "disk is full" in text or "disk full" in text:
        return f"the disk holding {path} is full; nothing was changed"
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only; nothing was changed"
    if "disk i/o error" in text:
        return f"{path} could not be read or written (disk I/O error); nothing was changed"
    return None


def _is_sqlalchemy_error(exc: BaseException, name: str = "DBAPIError") -> bool:
    """Whether ``exc`` is SQLAlchemy's exception ``name`` (never, if it was not imported)."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, getattr(sa_exc, name))


def _connect(path: Path, uri: str | None = None) -> sqlite3.Connection:
    """A plain ``sqlite3`` connection, set up as the engine's are (see ``_on_connect``)."""
    if uri is not None:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        _on_connect_read_only(conn, None)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        _on_connect(conn, None)
    return conn


@dataclass
class Database:
    """An open planner database: its file and an engine; sessions are short-lived.

    The engine (and so SQLAlchemy) is made when first asked for: a narrow read
    (:meth:`reading`) uses a plain ``sqlite3`` connection instead.
    """

    path: Path
    read_only: bool = False
    # Read-only files: SQLite's URI for them ("mode=ro", or "immutable=1" when SQLite
    # cannot even make the -shm file beside them).
    read_only_uri: str | None = None
    on_close: list[Callable[[], None]] = field(default_factory=list, repr=False)
    _commits: int = field(default=0, init=False, repr=False)
    # Called after a transaction commits, with the tables it wrote (e.g. the calendar feed
    # folder rewrites its feeds when shifts or covers changed); see ``on_commit``.
    after_commit: list[CommitHook] = field(default_factory=list, init=False, repr=False)
    # What those hooks could not do (a feed folder that is not writable): the data was
    # committed; the interface shows these as warnings and clears the list.
    notices: list[str] = field(default_factory=list, init=False, repr=False)
    _engine: Engine | None = field(default=None, init=False, repr=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from sqlalchemy import event

            if self.read_only:
                immutable = (self.read_only_uri or "").endswith("immutable=1")
                engine = make_engine(self.path, read_only=True, immutable=immutable)
            else:
                engine = make_engine(self.path)
            event.listen(engine, "commit", self._count_commit)
            self._engine = engine
        return self._engine

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A plain ``sqlite3`` connection for reads only (SQLite's ``query_only``), closed
        after: a read service's SQL without the cost of importing SQLAlchemy."""
        conn = _connect(self.path, self.read_only_uri if self.read_only else None)
        try:
            conn.execute("PRAGMA query_only=ON")
            yield conn
        finally:
            conn.close()

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
        from sqlmodel import Session

        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together or not at all.

        It takes SQLite's write lock at the start (BEGIN IMMEDIATE), so what it reads
        cannot change before it writes: two writers (the app and the command line, or
        two clicks) run one after the other instead of interleaving.
        """
        if self.read_only:
            raise DatabaseError(
                f"{self.path} is read-only: this would change it, so nothing was changed"
            )
        from sqlalchemy import event
        from sqlalchemy.exc import DatabaseError as SADatabaseError

        touched: set[str] = set()
        with self.session() as session:
            if self.after_commit:
                event.listen(session, "before_flush", _collect_tables(touched))
            try:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
                session.commit()
            except SADatabaseError as exc:
                session.rollback()
                message = explain(self.path, exc)
                if message is None:
                    raise
                raise DatabaseError(message) from exc
            except BaseException:
                session.rollback()
                raise
        if touched:
            for hook in list(self.after_commit):
                hook(self, frozenset(touched))

    def on_commit(self, hook: CommitHook) -> None:
        """Call ``hook(db, tables)`` after each transaction that wrote to ``tables``."""
        if hook not in self.after_commit:
            self.after_commit.append(hook)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        callbacks, self.on_close[:] = list(self.on_close), []
        for callback in callbacks:  # e.g. the app's lock on the file
            callback()


CommitHook = Callable[["Database", frozenset[str]], object]


def _collect_tables(touched: set[str]) -> Callable[..., None]:
    def collect(session: Session, _context: object, _instances: object) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            table = getattr(obj, "__tablename__", None)
            if isinstance(table, str):
                touched.add(table)

    return collect


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


def _stored_revisions(conn: sqlite3.Connection) -> list[str] | None:
    """The rows of ``alembic_version`` (None when the table is missing), read with sqlite3."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if has_table is None:
        return None
    return [str(row[0]) for row in conn.execute("SELECT version_num FROM alembic_version")]


def _is_seeded(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM site LIMIT 1").fetchone() is not None  # see seed.py


def upgrade(db: Database) -> bool:
    """Bring the schema to head. Returns True when anything was migrated."""
    with closing(_connect(db.path)) as conn:  # up to date: no SQLAlchemy, no Alembic
        if _stored_revisions(conn) == [HEAD_REVISION]:
            return False
    current = current_revision(db.engine)
    if current == HEAD_REVISION:
        return False
    if current is not None and current not in _known_revisions():
        raise DatabaseError(
            f"{db.path} was written by a newer version of the planner (revision {current})"
        )
    if _has_tables(db.engine):
        from planner.core.backups import prune_backups, timestamped_backup

        timestamped_backup(db, label="before-upgrade")
        prune_backups(db)
    _migrate(db)
    return True


def _migrate(db: Database) -> None:
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _create(path: Path) -> None:
    """Build a new database in a temporary file beside ``path``; rename it when complete."""
    remove_stale_partials(path)
    temp = partial_path(path)
    side_files = [temp.with_name(temp.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    from sqlalchemy.exc import DatabaseError as SADatabaseError

    from planner.core.seed import ensure_seed

    db: Database | None = None
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        db = Database(path=temp)
        _migrate(db)
        with db.transaction() as session:
            ensure_seed(session)
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        db.close()
        db = None
        for side in side_files:  # checkpointed into the file when the engine closed
            side.unlink(missing_ok=True)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except (OSError, SADatabaseError, sqlite3.Error, DatabaseError) as exc:
        reason = explain(path, exc) if not isinstance(exc, OSError | DatabaseError) else None
        if isinstance(exc, OSError):
            from planner.core.safe_write import describe_os_error

            reason = f"cannot create {path}: {describe_os_error(exc)}"
        raise DatabaseError(reason or f"cannot create {path}: {exc}") from exc
    finally:
        if db is not None:
            db.close()
        for leftover in (temp, *side_files):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass


def _openable_read_only_uri(path: Path) -> str:
    """How to open a read-only file: ``mode=ro``, or ``immutable`` when SQLite cannot
    even make its -shm file."""
    uri = read_only_uri(path)
    try:
        with closing(_connect(path, uri)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return read_only_uri(path, immutable=True)
    return uri


def open_database(path: Path | str, *, create: bool = False) -> Database:
    """Open (and upgrade) the database at ``path``; with ``create``, make it if missing.

    Without ``create`` a missing file is an error: only ``init`` and ``demo`` create one.
    Another program's SQLite file is refused and left untouched; a file that cannot be
    written is opened read-only.
    """
    path = Path(path).expanduser()
    check_sqlite_file(path)
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise DatabaseError(f"no database at {path} (run `planner init` to create one)")
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, mode=0o700)
            except OSError as exc:
                raise DatabaseError(f"cannot create folder {path.parent}: {exc}") from exc
        _create(path)
    try:
        needs_stamp = check_ours(path)
    except OSError as exc:
        raise DatabaseError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    read_only = not is_writable(path)
    uri = _openable_read_only_uri(path) if read_only else None
    db = Database(path=path, read_only=read_only, read_only_uri=uri)
    try:
        if read_only:
            with closing(_connect(path, uri)) as conn:
                revisions = _stored_revisions(conn)
            if revisions != [HEAD_REVISION]:
                raise DatabaseError(
                    f"{path} is read-only and was written by another version of the planner; "
                    "it cannot be upgraded until it can be written"
                )
        else:
            upgrade(db)
            if needs_stamp:
                _mark_ours(path)
            with closing(_connect(path)) as conn:  # a read: no write lock when already seeded
                seeded = _is_seeded(conn)
            if not seeded:
                from planner.core.seed import ensure_seed

                with db.transaction() as session:
                    ensure_seed(session)
    except DatabaseError:
        db.close()
        raise
    except Exception as exc:
        db.close()
        if not isinstance(exc, sqlite3.DatabaseError) and not _is_sqlalchemy_error(
            exc, "DatabaseError"
        ):
            raise
        message = explain(path, exc)
        if message is None:
            message = f"{path} cannot be opened: {getattr(exc, 'orig', exc)}"
        raise DatabaseError(message) from exc
    except BaseException:
        db.close()
        raise
    return db

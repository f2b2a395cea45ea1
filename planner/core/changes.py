"""Undo for any edit: the rows one transaction changed, and putting them back.

An edit runs inside ``capture``: every table (but the audit log) is read before and after
the service, and the difference by primary key is the edit's :class:`Changeset`. ``revert``
is the inverse service: in one transaction it puts every touched row back as it was before
the edit; ``reapply`` does the edit again, row for row, so ids come back the same. Both refuse,
changing nothing, when a touched row is no longer as the edit left it (a later change by the
command line, say): undo never overwrites work it does not know about.

Services stay undo-agnostic: they never know they are captured.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from planner.core import audit
from planner.core.errors import PlannerError

NOT_TRACKED = frozenset({"audit_log", "alembic_version"})

Row = tuple[Any, ...]
Key = tuple[Any, ...]


@dataclass(frozen=True)
class TableChange:
    table: str
    columns: tuple[str, ...]
    key_columns: tuple[int, ...]  # positions of the primary key in ``columns``
    before: dict[Key, Row]  # touched rows as they were (absent: inserted by the edit)
    after: dict[Key, Row]  # touched rows as the edit left them (absent: deleted)


@dataclass
class Changeset:
    tables: list[TableChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.tables

    def count(self) -> int:
        return sum(len(set(t.before) | set(t.after)) for t in self.tables)


def _tables(session: Session) -> list[str]:
    rows = session.connection().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [r[0] for r in rows if r[0] not in NOT_TRACKED]


def _columns(session: Session, table: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    info = list(session.connection().exec_driver_sql(f'PRAGMA table_info("{table}")'))
    names = tuple(str(r[1]) for r in info)
    pk = sorted((int(r[5]), n) for n, r in enumerate(info) if int(r[5]) > 0)
    keys = tuple(n for _p, n in pk) or tuple(range(len(names)))
    return names, keys


Snapshot = dict[str, tuple[tuple[str, ...], tuple[int, ...], dict[Key, Row]]]


def snapshot(session: Session) -> Snapshot:
    """Every tracked row, by table and primary key, as stored."""
    session.flush()
    found: Snapshot = {}
    for table in _tables(session):
        names, keys = _columns(session, table)
        cols = ", ".join(f'"{n}"' for n in names)
        rows = session.connection().exec_driver_sql(f'SELECT {cols} FROM "{table}"')
        found[table] = (names, keys, {tuple(r[k] for k in keys): tuple(r) for r in rows})
    return found


def diff(before: Snapshot, after: Snapshot) -> Changeset:
    changes = Changeset()
    for table in sorted(set(before) | set(after)):
        names, keys, old = before.get(table) or after[table]
        new = after.get(table, (names, keys, {}))[2]
        touched = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        if touched:
            changes.tables.append(
                TableChange(
                    table,
                    names,
                    keys,
                    {k: old[k] for k in touched if k in old},
                    {k: new[k] for k in touched if k in new},
                )
            )
    return changes


@contextmanager
def capture(session: Session) -> Iterator[Changeset]:
    """Run an edit inside; the yielded changeset is filled once the block ends."""
    found = Changeset()
    before = snapshot(session)
    yield found
    found.tables = diff(before, snapshot(session)).tables


def _current(session: Session, change: TableChange, key: Key) -> Row | None:
    where = " AND ".join(f'"{change.columns[k]}" IS ?' for k in change.key_columns)
    cols = ", ".join(f'"{n}"' for n in change.columns)
    row = (
        session.connection()
        .exec_driver_sql(f'SELECT {cols} FROM "{change.table}" WHERE {where}', tuple(key))
        .first()
    )
    return None if row is None else tuple(row)


def _put(session: Session, changes: Changeset, forward: bool, what: str) -> None:
    """Make every touched row as ``after`` (forward) or ``before`` says, in this transaction.

    Foreign keys are checked at commit, so the order of the rows does not matter."""
    session.flush()
    conn = session.connection()
    for change in changes.tables:
        expected, wanted = (
            (change.before, change.after) if forward else (change.after, change.before)
        )
        for key in set(change.before) | set(change.after):
            if _current(session, change, key) != expected.get(key):
                raise PlannerError(
                    f"cannot {what}: {change.table} row {', '.join(map(str, key))} "
                    "has changed since (another edit or the command line)"
                )
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    # Rows to put back or change first, then rows to delete: deleting can cascade only to
    # rows that reference a row the edit made, and the wanted state has none of those.
    for change in changes.tables:
        cols = ", ".join(f'"{n}"' for n in change.columns)
        marks = ", ".join("?" for _n in change.columns)
        sets = ", ".join(f'"{n}" = ?' for n in change.columns)
        where = " AND ".join(f'"{change.columns[k]}" IS ?' for k in change.key_columns)
        expected, wanted = (
            (change.before, change.after) if forward else (change.after, change.before)
        )
        for key, row in wanted.items():
            if key in expected:
                conn.exec_driver_sql(
                    f'UPDATE "{change.table}" SET {sets} WHERE {where}', (*row, *key)
                )
            else:
                conn.exec_driver_sql(f'INSERT INTO "{change.table}" ({cols}) VALUES ({marks})', row)
    for change in changes.tables:
        where = " AND ".join(f'"{change.columns[k]}" IS ?' for k in change.key_columns)
        expected, wanted = (
            (change.before, change.after) if forward else (change.after, change.before)
        )
        for key in expected.keys() - wanted.keys():
            conn.exec_driver_sql(f'DELETE FROM "{change.table}" WHERE {where}', tuple(key))
    session.expire_all()


def revert(session: Session, changes: Changeset, name: str) -> None:
    """Undo an edit: every row it touched back as it was. Audit-logged."""
    _put(session, changes, forward=False, what=f"undo {name}")
    audit.record(session, "undo", "", None, edit=name, rows=changes.count())


def reapply(session: Session, changes: Changeset, name: str) -> None:
    """Redo an undone edit: every row it touched as the edit left it. Audit-logged."""
    _put(session, changes, forward=True, what=f"redo {name}")
    audit.record(session, "redo", "", None, edit=name, rows=changes.count())

"""Alembic alone makes the schema; opening a database brings it to head."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select

from planner.core.db import current_revision, head_revision, open_database
from planner.core.errors import DatabaseError
from planner.core.models import PayLine, PayRun, Rotation, Site, Volunteer, load_all, utc_now


def test_new_database_is_at_head_with_nothing_pending(db) -> None:
    assert current_revision(db.engine) == head_revision()
    load_all()  # the tables are declared when first named: compare every one
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    assert diff == []


def test_single_migration_head() -> None:
    from alembic.script import ScriptDirectory

    from planner.core.db import alembic_config

    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_new_database_has_seed_sites_and_rotations(db) -> None:
    with db.session() as s:
        sites = {x.name: x for x in s.exec(select(Site)).all()}
        rotations = [r.name for r in s.exec(select(Rotation).order_by(Rotation.position)).all()]
    assert {n: (x.timezone, x.currency) for n, x in sites.items()} == {
        "Dublin": ("Europe/Dublin", "EUR"),
        "London": ("Europe/London", "GBP"),
        "San Francisco": ("America/Los_Angeles", "USD"),
    }
    assert [n for n, x in sites.items() if x.is_home] == ["Dublin"]
    assert rotations == ["Primary", "Escalation L2"]


def test_sqlite_pragmas_foreign_keys_and_wal(db) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_foreign_keys_are_enforced(db) -> None:
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(Volunteer(name="Nobody", email="n@example.com", site_id=999))


def test_closed_pay_run_cannot_change_in_the_database(db) -> None:
    with db.transaction() as s:
        run = PayRun(month="2027-03", state="draft")
        s.add(run)
        s.flush()
        rotation = s.exec(select(Rotation)).first()
        site = s.exec(select(Site)).first()
        v = Volunteer(name="A", email="a@example.com", site_id=site.id)
        s.add(v)
        s.flush()
        s.add(
            PayLine(
                pay_run_id=run.id,
                volunteer_id=v.id,
                rotation_id=rotation.id,
                slot_start=utc_now(),
                amount_minor=100,
                currency="EUR",
                pay_month="2027-03",
            )
        )
        s.flush()
        s.execute(text("UPDATE pay_run SET state = 'closed' WHERE id = :i"), {"i": run.id})
    for statement in (
        "UPDATE pay_line SET amount_minor = 1",
        "DELETE FROM pay_line",
        "UPDATE pay_run SET state = 'draft'",
        "DELETE FROM pay_run",
    ):
        with pytest.raises(IntegrityError, match="closed"), db.transaction() as s:
            s.execute(text(statement))
    with db.session() as s:
        assert s.exec(select(PayLine.amount_minor)).all() == [100]


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("revision", ["0001", "0005"])
def test_database_of_each_released_revision_upgrades_and_keeps_its_data(
    revision: str, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    path.write_bytes((FIXTURES / f"db-{revision}.db").read_bytes())
    with sqlite3.connect(path) as conn:
        before = conn.execute("SELECT email FROM volunteer ORDER BY email").fetchall()
    db = open_database(path)
    assert current_revision(db.engine) == head_revision()
    with db.session() as s:
        after = s.exec(select(Volunteer.email).order_by(Volunteer.email)).all()
    db.close()
    assert [e for (e,) in before] == list(after) and len(after) > 10
    backups = list((tmp_path / "backups").glob("old-before-upgrade-*.db"))
    assert len(backups) == (0 if revision == head_revision() else 1)


def test_a_sqlite_file_with_data_but_no_planner_schema_is_refused_untouched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mine.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (text)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="another program"):
        open_database(path).close()
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_instants_must_carry_a_time_zone(db) -> None:
    from datetime import datetime

    from planner.core.models import AuditEntry

    with pytest.raises(Exception, match="no time zone"), db.transaction() as s:
        s.add(AuditEntry(action="x", at=datetime(2027, 1, 1, 12, 0)))
        s.flush()


def test_head_revision_constant_matches_the_migrations() -> None:
    """The app skips Alembic when a database is at HEAD_REVISION: the constant must name
    the newest migration, or a database would be opened without its upgrade."""
    from planner.core.db import HEAD_REVISION

    assert HEAD_REVISION == head_revision()

"""The details as the Audit screen shows them are stored with each entry (migration f31a07)
for its sort and search: filled for the entries of an older database when it is upgraded,
and by the database itself for every entry written after, whoever writes it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from planner.core import audit, audit_log
from planner.core.audit_log import AuditFilter
from planner.core.db import Database, open_database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _stored(db: Database) -> dict[int, str]:
    with db.reading() as conn:
        return dict(conn.execute("SELECT id, detail_text FROM audit_log").fetchall())


def test_an_upgraded_database_sorts_and_finds_its_old_entries_by_their_details(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    path.write_bytes((FIXTURES / "db-0005.db").read_bytes())
    db = open_database(path)  # upgraded to head
    try:
        with db.session() as session:
            every = audit_log.entries(session)
            by_detail = audit_log.page(session, AuditFilter(), sort="detail", descending=False)
            found = audit_log.page(session, AuditFilter(search="STATUS_TO=on_tour"))
            stored = _stored(db)
    finally:
        db.close()
    assert len(every) > 100
    assert {r.id: r.detail_text() for r in every} == stored  # as the screen shows them
    assert by_detail == sorted(every, key=lambda r: r.detail_text())
    assert found == [r for r in every if "status_to=on_tour" in r.detail_text()]
    assert found


def test_an_entry_written_after_the_upgrade_is_found_whoever_wrote_it(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        written = audit.record(session, "note", "", None, where="Béal Átha Cliath", n=7)
    # another program (or an older version) writing the log with plain SQL
    with sqlite3.connect(demo_db.path) as conn:
        by_hand = conn.execute(
            "INSERT INTO audit_log (at, os_user, action, entity, entity_id, detail) "
            "VALUES ('2026-11-30 09:00:00.000000', 'x', 'note', '', NULL, ?)",
            (json.dumps({"colour": "Ochre", "ok": True, "gone": None}),),
        ).lastrowid
        corrected = conn.execute(
            "INSERT INTO audit_log (at, os_user, action, entity, entity_id, detail) "
            "VALUES ('2026-11-30 09:01:00.000000', 'x', 'note', '', NULL, '{}')"
        ).lastrowid
        conn.execute(
            "UPDATE audit_log SET detail = ? WHERE id = ?",
            (json.dumps({"colour": "Teal"}), corrected),
        )
    stored = _stored(demo_db)
    assert stored[written.id] == "n=7, where=Béal Átha Cliath"  # type: ignore[index]
    assert stored[by_hand] == "colour=Ochre, gone=, ok=True"
    assert stored[corrected] == "colour=Teal"
    with demo_db.session() as session:

        def ids(needle: str) -> set[int]:
            return {r.id for r in audit_log.page(session, AuditFilter(search=needle))}

        assert ids("BÉAL ÁTHA") == {written.id}
        assert ids("colour=ochre") == {by_hand}
        assert ids("colour=teal") == {corrected}
        assert ids("colour=") == {by_hand, corrected}
        shown = {r.id: r.detail_text() for r in audit_log.entries(session)}
    assert shown[by_hand] == stored[by_hand] and shown[corrected] == stored[corrected]

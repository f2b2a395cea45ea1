"""Text from people: names, teams and emails are one line, without control characters and
within their length; a line break already stored never breaks an .ics file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import icalendar
import pytest

from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.people import volunteers
from tests.ui.cli.conftest import digest


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ann\nExample"),
        ("name", "Ann\rExample"),
        ("name", "Ann \x1b[31mRed\x1b[0m"),
        ("name", "Ann\u202eelpmaxE"),
        ("name", "A" * 201),
        ("team", "Payments\nEvil"),
        ("manager", "Bob\x07"),
        ("email", "a" * 250 + "@example.com"),
        ("email", "ann\x1b@example.com"),
        ("notes", "fine\x00bad"),
    ],
)
def test_the_service_refuses_bad_text_naming_the_field(
    db: Database, field: str, value: str
) -> None:
    fields = {"name": "Ann Example", "email": "ann@example.com", "site": "Dublin"}
    fields[field] = value
    with pytest.raises(PlannerError, match=field), db.transaction() as session:
        volunteers.create(session, **fields)  # type: ignore[arg-type]


def test_notes_may_hold_line_breaks(db: Database) -> None:
    with db.transaction() as session:
        v = volunteers.create(
            session, name="Ann Example", email="ann@example.com", site="Dublin", notes="a\nb"
        )
    assert v.notes == "a\nb"


def test_intake_refuses_a_line_break_and_a_5000_character_email(
    cli, db: Database, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db.close()
    file = tmp_path / "intake.csv"
    long_email = "x" * 5000 + "@example.com"
    file.write_text(
        "Name,Email,Office,Role\n"
        '"Ann\nExample",ann@example.com,Dublin,engineer\n'
        f"Bob Example,{long_email},Dublin,engineer\n"
        "Cat \x1b[2JExample,cat@example.com,Dublin,engineer\n",
        encoding="utf-8",
    )
    before = digest(db_path)
    result = cli("--db", db_path, "import-volunteers", file)
    assert result.code == 2
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    said = result.out + result.err
    assert "line 2, column Name" in said and "line 3, column Email" in said
    assert "line 4, column Name" in said
    assert "x" * 100 not in said  # the message quotes a short part, not 5,000 characters
    assert digest(db_path) == before


def test_a_line_break_already_in_a_name_never_breaks_the_ics(
    cli, demo_db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A database from before the checks: names with line breaks and a fake event."""
    demo_db.close()
    conn = sqlite3.connect(demo_db.path)
    vid, email = conn.execute(
        "SELECT id, email FROM volunteer WHERE status = 'on_tour' ORDER BY id"
    ).fetchone()
    conn.execute("UPDATE volunteer SET name = ? WHERE id = ?", ("Evil\nBEGIN:VEVENT\r\nX", vid))
    conn.commit()
    conn.close()
    for args, name in ((["--volunteer", email], "one.ics"), ([], "team.ics")):
        result = cli("--db", demo_db.path, "ics", *args, "-o", tmp_path / name)
        assert result.code == 0, result.err
        parsed = icalendar.Calendar.from_ical((tmp_path / name).read_bytes())
        events = [c for c in parsed.walk() if c.name == "VEVENT"]
        assert f"({len(events)} events)" in result.out
        for line in (tmp_path / name).read_bytes().split(b"\r\n"):
            assert not line.startswith(b"X\r") and line != b"X"
        assert all("\n" not in str(e["SUMMARY"]) for e in events)

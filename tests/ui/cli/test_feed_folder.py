"""The calendar feed folder: every rota change rewrites the team feed and each volunteer's
feed there, each file whole; `planner ics --folder` writes them once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from planner.core import settings
from planner.core.home import rotation_by_name
from planner.outputs import feeds
from planner.people.volunteers import by_email
from planner.rota import covers


def _events(path: Path) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk() if c.name == "VEVENT"]


def _cover(db, email: str, start: datetime, end: datetime) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        covers.add_cover(s, rotation_by_name(s, "Primary"), by_email(s, email), start, end)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "feeds"
    path.mkdir()
    return path


START = datetime(2026, 12, 8, 19, 0, tzinfo=UTC)  # a published Primary week of the demo
END = datetime(2026, 12, 9, 7, 0, tzinfo=UTC)


def test_write_folder_writes_the_team_and_every_volunteer_feed(demo_db, folder: Path) -> None:
    result = feeds.write_folder(demo_db, folder)
    names = sorted(p.name for p in folder.iterdir())
    assert "team.ics" in names and len(names) == len(result.files) > 10
    assert not [n for n in names if n.startswith(".")]  # no temporary file left
    with demo_db.session() as s:
        emails = feeds.subscribers(s)
    assert sorted(feeds.feed_file_name(e) for e in emails) == sorted(
        n for n in names if n != "team.ics"
    )
    team = _events(folder / "team.ics")
    assert len(team) > 20 and all("[Draft]" not in str(e["SUMMARY"]) for e in team)
    assert sum(len(_events(p)) for p in result.files) == result.events


def test_a_cover_rewrites_the_folder_when_the_setting_names_one(demo_db, folder: Path) -> None:
    feeds.watch(demo_db)
    _cover(demo_db, "oliver.bennett@example.com", START, END)
    assert list(folder.iterdir()) == []  # no folder set: nothing written
    with demo_db.transaction() as s:
        settings.put(s, "feed_folder", str(folder))
    _cover(demo_db, "oliver.bennett@example.com", END.replace(hour=19), END.replace(day=10))
    oliver = _events(folder / "oliver.bennett@example.com.ics")
    covering = [e for e in oliver if "cover: Oliver Bennett" in str(e["SUMMARY"])]
    assert len(covering) == 2  # both covers, the first made before the folder was set
    team = [str(e["SUMMARY"]) for e in _events(folder / "team.ics")]
    assert sum("cover: Oliver Bennett" in t for t in team) == 2
    assert demo_db.notices == []


def test_a_missing_folder_keeps_the_change_and_says_so(demo_db, folder: Path) -> None:
    feeds.watch(demo_db)
    gone = folder / "synced"
    with demo_db.transaction() as s:
        settings.put(s, "feed_folder", str(gone))
    _cover(demo_db, "oliver.bennett@example.com", START, END)
    with demo_db.session() as s:
        from sqlmodel import select

        from planner.core.models import Cover

        assert len(s.exec(select(Cover).where(Cover.start == START)).all()) == 1
    assert len(demo_db.notices) == 1 and "does not exist" in demo_db.notices[0]


def test_ics_folder_command(cli, demo_db, folder: Path) -> None:
    out = cli("--db", demo_db.path, "ics", "--folder", folder)
    assert out.code == 0, out.err
    assert out.out.startswith(f"wrote {len(list(folder.iterdir()))} feeds into {folder}")
    again = cli("--db", demo_db.path, "ics", "--folder", folder / "missing")
    assert again.code == 2 and "does not exist" in again.err
    with pytest.raises(SystemExit) as usage:
        cli("--db", demo_db.path, "ics", "--folder", folder, "-o", folder / "x.ics")
    assert usage.value.code == 2


def test_a_cover_on_the_command_line_rewrites_the_folder(cli, demo_db, folder: Path) -> None:
    assert cli("--db", demo_db.path, "settings", "set", "feed_folder", folder).code == 0
    out = cli(
        "--db", demo_db.path, "cover", "--rotation", "Primary", "--volunteer",
        "oliver.bennett@example.com", "--from", START.isoformat(), "--to", END.isoformat(),
    )  # fmt: skip
    assert out.code == 0, out.err
    oliver = _events(folder / "oliver.bennett@example.com.ics")
    assert any("cover: Oliver Bennett" in str(e["SUMMARY"]) for e in oliver)
    bad = cli("--db", demo_db.path, "settings", "set", "feed_folder", folder / "nope")
    assert bad.code == 2 and "no such folder" in bad.err

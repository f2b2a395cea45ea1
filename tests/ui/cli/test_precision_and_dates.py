"""Issue 9 refusals at the command line: instants with seconds, pages from the future,
pay runs for months that have not begun, and past draft weeks published after the fact.
Each refusal is one line on stderr, exit 2, and the database exactly as before."""

from __future__ import annotations

from tests.ui.cli.conftest import digest


def _refused(result) -> None:  # type: ignore[no-untyped-def]
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_a_cover_instant_with_seconds_is_refused_and_nothing_changes(cli, team_db) -> None:
    path = team_db.path
    assert cli("--db", path, "assign", "--rotation", "Primary", "--week", "2027-03-05",
               "--volunteer", "ann@example.com").code == 0  # fmt: skip
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    result = cli("--db", path, "cover", "--rotation", "Primary", "--volunteer",
                 "cat@example.com", "--from", "2027-03-06T10:00:30+00:00",
                 "--to", "2027-03-06T22:00+00:00")  # fmt: skip
    _refused(result)
    assert "2027-03-06T10:00:30+00:00" in result.err and "whole minutes" in result.err
    assert digest(path) == before
    ok = cli("--db", path, "cover", "--rotation", "Primary", "--volunteer", "cat@example.com",
             "--from", "2027-03-06T10:00+00:00", "--to", "2027-03-06T22:00+00:00")  # fmt: skip
    assert ok.code == 0, ok.err

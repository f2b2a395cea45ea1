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


def test_payroll_for_a_month_that_has_not_begun_is_refused(cli, tmp_path) -> None:
    path = tmp_path / "p.db"
    assert cli("--db", path, "init").code == 0
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    out = tmp_path / "future.xlsx"
    result = cli("--db", path, "payroll", "--month", "2099-01", "-o", out)
    _refused(result)
    assert "2099-01 has not begun" in result.err
    assert not out.exists() and digest(path) == before
    assert cli("--db", path, "pay", "--month", "2099-01", "--format", "json").json() == []


def test_publishing_a_week_that_has_ended_is_refused_so_it_is_never_paid_at_once(
    cli, team_db, monkeypatch
) -> None:
    # Weeks of 5 and 12 March 2027 have ended by 20 March; the week of 19 March is running.
    from datetime import UTC, datetime

    from tests.planner.rota_fixtures import freeze_now

    path = team_db.path
    for week, who in (("2027-03-05", "ann"), ("2027-03-12", "bob"), ("2027-03-19", "cat")):
        assert cli("--db", path, "assign", "--rotation", "Primary", "--week", week,
                   "--volunteer", f"{who}@example.com").code == 0  # fmt: skip
    freeze_now(monkeypatch, datetime(2027, 3, 20, 12, tzinfo=UTC))
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    ended = cli("--db", path, "publish", "--from", "2027-03-01", "--weeks", "2")
    _refused(ended)
    assert "has ended" in ended.err and "Primary week of 2027-03-05" in ended.err
    assert digest(path) == before
    mixed = cli("--db", path, "publish", "--from", "2027-03-01", "--weeks", "3")
    assert mixed.code == 0, mixed.err
    assert "published 1 shift(s)" in mixed.out
    assert "left as draft (ended before it was published): Primary week of 2027-03-12" in mixed.out
    rows = cli("--db", path, "rota", "--from", "2027-03-01", "--weeks", "3",
               "--format", "json").json()  # fmt: skip
    states = {(r["slot_start"][:10], r["rotation"]): r["state"] for r in rows}
    assert states[("2027-03-05", "Primary")] == "draft"
    assert states[("2027-03-19", "Primary")] == "published"


def test_a_page_from_the_future_is_refused_and_one_off_call_is_kept_marked(cli, tmp_path) -> None:
    path = tmp_path / "p.db"
    assert cli("--db", path, "demo").code == 0
    pages = tmp_path / "pages.csv"
    header = "At,Responder,Minutes,Summary,Link\n"
    people = cli("--db", path, "volunteers", "--status", "on_tour", "--format", "json").json()
    rota = cli("--db", path, "rota", "--from", "2026-01-01", "--weeks", "52", "--format",
               "json").json()  # fmt: skip
    worked = [r for r in rota if r["state"] == "worked" and r["rotation"] == "Primary"]
    week = worked[-1]
    holders = {r["assignee"] for r in rota if r["slot_start"] == week["slot_start"]}
    holders |= {c["email"] for r in rota if r["slot_start"] == week["slot_start"]
                for c in r["covers"]}  # fmt: skip
    idle = next(p["email"] for p in people if p["email"] not in holders)
    at = week["slot_start"][:10] + "T23:30:00+00:00"
    pages.write_text(header + f"2099-03-07T02:10+00:00,{idle},5,from the future,\n")
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    future = cli("--db", path, "import-pages", pages)
    _refused(future)
    assert "line 2" in future.err and "2099-03-07T02:10" in future.err and "future" in future.err
    assert digest(path) == before
    pages.write_text(header + f"{at},{idle},5,not on call,https://example.com/i/1\n")
    assert cli("--db", path, "import-pages", pages).code == 0
    logged = [p for p in cli("--db", path, "pages", "--format", "json").json()
              if p["summary"] == "not on call"]  # fmt: skip
    assert len(logged) == 1
    assert logged[0]["on_call"] is False and logged[0]["link"] == "https://example.com/i/1"
    assert logged[0]["responder"] == idle and isinstance(logged[0]["id"], int)

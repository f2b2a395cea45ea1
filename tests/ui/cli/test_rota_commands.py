"""``planner rota``, ``publish``, ``reopen``, ``cover``, ``swap``, ``assign`` from the command line."""

from __future__ import annotations

import pytest

from tests.ui.cli.conftest import digest


def _run(cli, db, *args):  # type: ignore[no-untyped-def]
    return cli("--db", db.path, *args)


def test_assign_cover_swap_then_rota_json(cli, team_db) -> None:
    db = team_db
    assert _run(cli, db, "assign", "--rotation", "primary", "--week", "2027-03-05",
                "--volunteer", "ann@example.com").code == 0  # fmt: skip
    assert _run(cli, db, "assign", "--rotation", "Primary", "--week", "2027-04-02",
                "--volunteer", "bob@example.com").code == 0  # fmt: skip
    result = _run(cli, db, "cover", "--rotation", "Primary", "--volunteer", "cat@example.com",
                  "--from", "2027-03-06T20:00+00:00", "--to", "2027-03-07T08:00+00:00")  # fmt: skip
    assert result.code == 0, result.err
    assert _run(cli, db, "swap", "--rotation", "Primary", "--week", "2027-03-05",
                "--with-week", "2027-04-02").code == 0  # fmt: skip
    rows = _run(cli, db, "rota", "--from", "2027-03-01", "--weeks", "6", "--format", "json").json()
    primary = [r for r in rows if r["rotation"] == "Primary"]
    assert primary[0]["assignee"] == "bob@example.com"
    assert primary[0]["covers"] == [
        {"email": "cat@example.com", "from": "2027-03-06T20:00:00+00:00",
         "to": "2027-03-07T08:00:00+00:00"}
    ]  # fmt: skip
    assert primary[4]["assignee"] == "ann@example.com"
    assert primary[4]["slot_start"] == "2027-04-02T18:00:00+01:00"
    assert {r["state"] for r in rows} == {"draft"}


def test_publish_and_reopen(cli, team_db) -> None:
    db = team_db
    _run(cli, db, "assign", "--rotation", "Primary", "--week", "2027-03-05",
         "--volunteer", "ann@example.com")  # fmt: skip
    out = _run(cli, db, "publish", "--from", "2027-03-01", "--weeks", "1").out
    assert "published 1 shift(s)" in out
    assert "left as draft (no assignee): Escalation L2 week of 2027-03-05" in out
    rows = _run(cli, db, "rota", "--from", "2027-03-01", "--weeks", "1", "--format", "json").json()
    assert [r["state"] for r in rows] == ["published", "draft"]
    assert "re-opened 1 shift(s)" in _run(cli, db, "reopen", "--from", "2027-03-01",
                                          "--weeks", "1").out  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cover", "--rotation", "Primary", "--volunteer", "cat@example.com",
          "--from", "2027-03-06T20:00", "--to", "2027-03-07T08:00+00:00"], "needs a UTC offset"),
        (["cover", "--rotation", "Tertiary", "--volunteer", "cat@example.com",
          "--from", "2027-03-06T20:00Z", "--to", "2027-03-07T08:00Z"], "unknown rotation 'Tertiary'"),
        (["cover", "--rotation", "Primary", "--volunteer", "cat@example.com",
          "--from", "2027-09-06T20:00Z", "--to", "2027-09-07T08:00Z"], "has no shift for part"),
        (["assign", "--rotation", "Primary", "--week", "2027-03-19",
          "--volunteer", "ann@example.com"], "gap must be 3"),
        (["swap", "--rotation", "Primary", "--week", "2027-03-05",
          "--with-week", "2027-03-05"], "cannot be swapped with itself"),
    ],
)  # fmt: skip
def test_bad_input_changes_nothing(cli, team_db, args, message) -> None:
    db = team_db
    _run(cli, db, "assign", "--rotation", "Primary", "--week", "2027-03-05",
         "--volunteer", "ann@example.com")  # fmt: skip
    before = digest(db.path)
    result = _run(cli, db, *args)
    assert result.code != 0
    assert message in result.err
    assert result.err.count("\n") == 1
    assert digest(db.path) == before


def test_plan_from_the_demo_then_publish_and_list(cli, demo_db, demo_now) -> None:
    """The coordinator's path: plan 26 weeks, see the score, publish, list as JSON."""
    db = demo_db
    result = _run(cli, db, "plan", "--from", "2026-12-24", "--weeks", "26")
    assert result.code == 0, result.err
    assert "coverage 100%" in result.out and "solver optimal" in result.out
    assert "uncovered:" not in result.out
    out = _run(cli, db, "publish", "--from", "2026-12-24", "--weeks", "4").out
    assert "published 8 shift(s)" in out
    rows = _run(cli, db, "rota", "--from", "2026-12-24", "--weeks", "26", "--format", "json").json()
    assert len(rows) == 52 and all(r["assignee"] for r in rows)
    assert [r["state"] for r in rows].count("published") == 8
    # Planning again moves nothing that is published.
    again = _run(cli, db, "plan", "--from", "2026-12-24", "--weeks", "26", "--format", "json")
    plan = again.json()[0]
    assert plan["status"] == "optimal" and plan["moved"] == 0


def test_demo_has_worked_published_and_draft_shifts_and_covers(cli, demo_db, demo_now) -> None:
    rows = _run(cli, demo_db, "rota", "--from", "2026-06-01", "--weeks", "60", "--format",
                "json").json()  # fmt: skip
    states = {r["state"] for r in rows}
    assert states == {"worked", "published", "draft"}
    assert sum(len(r["covers"]) for r in rows) >= 3
    published = [r for r in rows if r["state"] == "published"]
    # The week in progress (from Friday 20 November) and the next four, both rotations.
    assert len(published) == 10
    assert published[0]["slot_start"] == "2026-11-20T18:00:00+00:00"

"""The table/csv shapes of ``planner rota`` and ``planner plan``: the covers cell and the week."""

from __future__ import annotations

import csv
import io


def _run(cli, db, *args):  # type: ignore[no-untyped-def]
    return cli("--db", db.path, *args)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_rota_csv_shows_each_cover_as_email_from_to_in_home_time(cli, team_db) -> None:
    db = team_db
    result = _run(cli, db, "cover", "--rotation", "Primary", "--volunteer", "cat@example.com",
                  "--from", "2027-03-06T20:00+00:00", "--to", "2027-03-07T08:00+00:00")  # fmt: skip
    assert result.code == 0, result.err
    rows = _csv(_run(cli, db, "rota", "--from", "2027-03-01", "--weeks", "2",
                     "--format", "csv").out)  # fmt: skip
    primary = [r for r in rows if r["rotation"] == "Primary"]
    assert primary[0]["covers"] == (
        "cat@example.com 2027-03-06T20:00:00+00:00..2027-03-07T08:00:00+00:00"
    )
    assert primary[1]["covers"] == ""
    table = _run(cli, db, "rota", "--from", "2027-03-01", "--weeks", "1").out
    assert "cat@example.com 2027-03-06T20:00:00+00:00..2027-03-07T08:00:00+00:00" in table


def test_plan_csv_week_is_the_local_handover_day_across_a_clock_change(
    cli, demo_db, demo_now
) -> None:
    # London clocks go forward on 2027-03-28: the third handover is 18:00+01:00 (17:00 UTC).
    result = _run(cli, demo_db, "plan", "--from", "2027-03-19", "--weeks", "3", "--format", "csv")
    assert result.code == 0, result.err
    rows = _csv(result.out)
    assert [r["week"] for r in rows if r["rotation"] == "Primary"] == [
        "2027-03-19",
        "2027-03-26",
        "2027-04-02",
    ]
    assert all(r["assignee"] for r in rows)

"""The monthly report's follow-ups and forecast agree with `pages` and `forecast`, on the
demo with a month of PagerDuty incidents imported."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from planner.outputs.report import monthly_report
from tests.pagerduty_files import sample, write_json

TEAM = [
    ("Jamal Washington", "jamal.washington@example.com"),
    ("Oliver Bennett", "oliver.bennett@example.com"),
    ("Siobhan Doyle", "siobhan.doyle@example.com"),
]


def test_report_follow_ups_and_forecast_agree_with_the_commands(cli, demo_db, tmp_path) -> None:
    path = write_json(tmp_path / "i.json", sample(TEAM, datetime(2026, 10, 2, tzinfo=UTC)))
    assert cli("--db", demo_db.path, "import-pages", path).code == 0
    october = cli("--db", demo_db.path, "pages", "--month", "2026-10", "--format", "json").json()
    for n, row in enumerate(october[:5]):
        team = ("Payments", "Search")[n % 2]
        state = "done" if n == 4 else "open"
        out = cli("--db", demo_db.path, "follow-up", row["id"], "--team", team, "--state", state)
        assert out.code == 0, out.err
    with demo_db.session() as s:
        report = monthly_report(s, date(2026, 10, 1))
    without = cli(
        "--db", demo_db.path, "pages", "--month", "2026-10", "--follow-up", "none",
        "--format", "json",
    ).json()  # fmt: skip
    assert [p.id for p in report.without_follow_up] == [r["id"] for r in without]
    assert len(without) == len(october) - 5
    opened = cli("--db", demo_db.path, "pages", "--follow-up", "open", "--format", "json").json()
    assert (
        {team: len(rows) for team, rows in report.open_follow_ups}
        == dict(Counter(r["follow_up_team"] for r in opened))
        == {"Payments": 2, "Search": 2}
    )
    forecast = cli(
        "--db", demo_db.path, "forecast", "--today", "2026-11-01", "--format", "json"
    ).json()
    assert [f.as_json() for f in report.forecast] == forecast

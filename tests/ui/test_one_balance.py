"""One balance figure, shown the same way everywhere: the Rota screen and the monthly
report give the same text for the same weeks (once 55 % on one and 0.36 on the other)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from planner.core.home import home_calendar
from planner.outputs.report import monthly_report, window_weeks
from planner.rota.fairness import balance_text
from tests.planner import rota_rows
from tests.planner.rota_fixtures import freeze_now
from tests.planner.rota_rows import fill_rota
from ui.screens.reports_screen import ReportsScreen
from ui.screens.rota_screen import RotaScreen

team_db = rota_rows.team_db  # the fixture
AFTER = datetime(2027, 3, 1, tzinfo=UTC)


def test_rota_screen_and_report_show_the_same_balance_for_the_same_weeks(
    qtbot, team_db, monkeypatch
) -> None:
    freeze_now(monkeypatch, AFTER)
    with team_db.transaction() as s:
        fill_rota(s, date(2026, 7, 31), 28)
    with team_db.session() as s:
        report = monthly_report(s, date(2027, 1, 1), now=AFTER)
        weeks = window_weeks(home_calendar(s), date(2026, 8, 1), date(2027, 2, 1))
    shown = balance_text(report.balance)
    assert shown.endswith(" %") and report.balance is not None

    rota = RotaScreen(lambda: team_db)
    qtbot.addWidget(rota)
    rota.set_range(weeks[0], len(weeks))
    rota.refresh()
    qtbot.waitUntil(lambda: "balance" in rota.side.score_label.text())
    assert f"<b>{shown}</b></span> balance" in rota.side.score_label.text()

    reports = ReportsScreen(lambda: team_db)
    qtbot.addWidget(reports)
    reports.set_month(date(2027, 1, 1))
    reports.refresh()
    qtbot.waitUntil(lambda: "balance" in reports.status.text(), timeout=20000)
    assert f"balance {shown} over the {report.window}" in reports.status.text()
    assert "h paid this month" in reports.status.text()

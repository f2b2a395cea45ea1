"""The Pay and Rest screens, the fees dialog and the log-page dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from sqlmodel import select

from planner.core.db import Database
from planner.core.models import RotationFee
from planner.core.money import format_money
from planner.demo import team
from planner.pay import rest
from planner.pay import runs as pay_runs
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota
from ui.fees_dialog import FeesDialog
from ui.log_page_dialog import LogPageDialog
from ui.models.rest_table_models import STALE_BACKGROUND, BalancesTableModel
from ui.models.row_table_model import SORT_ROLE
from ui.screens.pay_screen import PayScreen
from ui.screens.rest_screen import RestScreen


@pytest.fixture
def rota_db(db: Database) -> Database:
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 30)  # all in the past: worked
    return db


def test_pay_screen_builds_exports_and_closes_a_month(
    qtbot, rota_db: Database, tmp_path: Path
) -> None:
    page = PayScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    page.select_month("2026-03")
    with rota_db.session() as session:
        lines = pay_runs.month_lines(session, "2026-03")
    eur = sum(x.amount_minor for x in lines if x.currency == "EUR")
    assert format_money(eur, "EUR") in page.totals_label.text()
    assert page.state_label.text() == "Not built"
    assert page.summary_model.rowCount() == len({(x.email, x.currency) for x in lines})

    page.build()
    qtbot.waitUntil(lambda: page.state_label.text() == "Draft")
    assert not page.close_button.isEnabled()

    target = tmp_path / "march.xlsx"
    page.ask_export_path = lambda month: target  # type: ignore[method-assign]
    page.export()
    qtbot.waitUntil(lambda: page.state_label.text() == "Exported")
    assert target.exists()

    page.confirm_close = lambda month: True  # type: ignore[method-assign]
    page.close_run()
    assert page.state_label.text() == "Closed"
    assert not page.build_button.isEnabled()
    assert "(closed)" in page.month_box.currentText()


def test_fees_dialog_refuses_a_zero_fee_and_adds_a_rate(qtbot, db: Database) -> None:
    dialog = FeesDialog(lambda: db)
    qtbot.addWidget(dialog)
    rows = dialog.model.rowCount()
    dialog.amount.setText("0")
    assert not dialog.add_rate()
    assert "more than zero" in dialog.error.text()
    dialog.currency.setCurrentText("ZZZ")
    dialog.amount.setText("600")
    assert not dialog.add_rate()
    assert "unknown currency code" in dialog.error.text()
    dialog.currency.setCurrentText("EUR")
    assert dialog.add_rate()
    assert dialog.model.rowCount() == rows + 1
    with db.session() as session:
        assert session.exec(select(RotationFee).where(RotationFee.amount_minor == 60000)).first()


def test_logging_a_night_page_shows_the_rest_day(qtbot, rota_db: Database) -> None:
    dialog = LogPageDialog(lambda: rota_db)
    qtbot.addWidget(dialog)
    dialog.responder.setCurrentIndex(dialog.responder.findData("wei.chen@example.com"))
    dialog.when.setDate(QDate(2026, 3, 7))  # in Wei's time, San Francisco
    dialog.when.setTime(QTime(3, 15))
    dialog.summary.setText("queue stuck")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    page = RestScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    names = [page.balances_model.row_at(r).name for r in range(page.balances_model.rowCount())]
    assert names == ["Wei Chen"]
    assert page.pages_model.row_at(0).night


def test_rest_screen_adds_entries_refuses_overdraw_and_marks_stale(
    qtbot, rota_db: Database
) -> None:
    page = RestScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    page.volunteer.setCurrentIndex(page.volunteer.findData("aoife.byrne@example.com"))
    page.kind.setCurrentIndex(0)  # rest taken, with nothing owed
    assert not page.add_entry()
    assert "has 0 rest days" in page.error.text()
    page.kind.setCurrentIndex(1)  # disrupted travel
    page.day.setDate(page.day.date().addDays(-60))
    assert page.add_entry()
    model = page.balances_model
    row = model.row_at(0)
    assert (row.email, row.balance_half_days) == ("aoife.byrne@example.com", 2)
    with rota_db.session() as session:
        assert rest.balances(session)[0].stale
    background = model.index(0, BalancesTableModel.COL_NAME).data(Qt.ItemDataRole.BackgroundRole)
    assert background.color() == STALE_BACKGROUND


def test_rest_log_and_pages_sort_by_time(qtbot, rota_db: Database) -> None:
    from planner.demo import money

    with rota_db.transaction() as session:
        money.build(session, TODAY)
    page = RestScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    for tab in (1, 2):
        proxy = page.tabs.widget(tab).model()
        shown = [proxy.index(r, 0).data(SORT_ROLE) for r in range(proxy.rowCount())]
        assert len(shown) > 3 and shown == sorted(shown, reverse=True)


def test_a_second_click_on_build_while_building_does_not_write_the_lines_twice(
    qtbot, rota_db: Database
) -> None:
    page = PayScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    page.select_month("2026-03")
    page.build()
    assert not page.build_button.isEnabled()  # the user sees it is working
    assert page.help_label.text() == "Building the pay run…"
    page.build()  # an impatient second click
    qtbot.waitUntil(lambda: page.state_label.text() == "Draft")
    assert page.build_button.isEnabled()
    with rota_db.session() as session:
        stored = pay_runs.stored_lines(session, pay_runs.get_run(session, "2026-03"))
        desired = pay_runs.desired_lines(session, "2026-03")
    assert [x.key() for x in stored] == [x.key() for x in desired]
    assert page.warning_label.isHidden()


def test_build_and_export_before_a_month_is_shown_do_nothing(
    qtbot, rota_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the screen has loaded, there is no month: Build once sent None as the month."""
    warnings: list[str] = []
    monkeypatch.setattr(
        "ui.screens.pay_screen.QMessageBox.warning", lambda *a: warnings.append(str(a[2]))
    )
    page = PayScreen(lambda: rota_db)
    qtbot.addWidget(page)
    assert page.month() is None
    page.build()
    page.export()
    qtbot.wait(200)
    assert not page.busy and warnings == []
    with rota_db.session() as session:
        assert pay_runs.list_runs(session) == []

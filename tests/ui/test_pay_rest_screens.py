"""The Pay and Rest screens, the fees dialog and the log-page dialog."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QRect, Qt, QTime
from sqlmodel import select

from planner.core import audit_log
from planner.core.db import Database
from planner.core.models import RotationFee
from planner.core.money import format_money
from planner.core.month import Month
from planner.demo import team
from planner.pay import pages, rest
from planner.pay import runs as pay_runs
from planner.people import volunteers
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota
from tests.ui.test_fee_effects_dialog import applied
from ui import palette
from ui.fees_dialog import FeesDialog
from ui.log_page_dialog import LogPageDialog
from ui.models.rest_table_models import BalancesTableModel
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
        lines = pay_runs.month_lines(session, Month(2026, 3))
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
    dialog.confirm = lambda title, effect: True  # type: ignore[method-assign]
    rows = dialog.model.rowCount()
    dialog.amount.setText("0")
    assert not applied(qtbot, dialog, dialog.add_rate)
    assert "more than zero" in dialog.error.text()
    dialog.currency.setCurrentText("ZZZ")
    dialog.amount.setText("600")
    assert not applied(qtbot, dialog, dialog.add_rate)
    assert "unknown currency code" in dialog.error.text()
    dialog.currency.setCurrentText("EUR")
    assert applied(qtbot, dialog, dialog.add_rate)
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
    assert "1 pages logged, 1 at night" in page.summary_label.text()
    assert page.pages_model.rowCount() == 0  # the page log is read when its tab is shown
    page.tabs.setCurrentIndex(page.TAB_PAGES)
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
    assert background.color() == palette.qcolor("stale_fill")


def test_rest_log_and_pages_sort_by_time(qtbot, rota_db: Database) -> None:
    from planner.demo import money

    with rota_db.transaction() as session:
        money.build(session, TODAY)
    page = RestScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    for tab in (1, 2):
        page.tabs.setCurrentIndex(tab)
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
        stored = pay_runs.stored_lines(session, pay_runs.get_run(session, Month(2026, 3)))
        desired = pay_runs.desired_lines(session, Month(2026, 3))
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


def _who_is_off_call(db: Database, at: datetime) -> str:
    with db.session() as session:
        for person in volunteers.choices(session, "rota"):
            if not pages.on_call_at(session, at, person.email):
                return person.email
    raise AssertionError("everybody is on call")


def test_the_log_page_dialog_refuses_the_future_and_says_when_nobody_was_on_call(
    qtbot, rota_db: Database
) -> None:
    dialog = LogPageDialog(lambda: rota_db)
    qtbot.addWidget(dialog)
    dialog.responder.setCurrentIndex(dialog.responder.findData("wei.chen@example.com"))
    dialog.set_local(datetime(2099, 3, 7, 3, 15))
    assert "in the future" in dialog.error.text()  # said before Save is pressed
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    with rota_db.session() as session:
        assert pages.list_pages(session) == []

    at = datetime(2026, 3, 7, 3, 15, tzinfo=UTC)
    idle = _who_is_off_call(rota_db, at)
    dialog.responder.setCurrentIndex(dialog.responder.findData(idle))
    dialog.set_local(at.astimezone(ZoneInfo(dialog.zones[idle])).replace(tzinfo=None))
    assert dialog.error.text() == ""
    assert "not on call" in dialog.on_call_note.text()  # said before saving
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    with rota_db.session() as session:
        [row] = pages.list_pages(session)
    assert (row.email, row.at, row.on_call) == (idle, at, False)


def test_the_not_on_call_note_keeps_every_line_when_the_dialog_is_made_small(
    qtbot, rota_db: Database
) -> None:
    # At 200 % on a small screen Qt clamped the dialog below the note's wrapped height and
    # its three lines were cut top and bottom; shrinking the dialog by hand did the same.
    at = datetime(2026, 3, 7, 3, 15, tzinfo=UTC)
    idle = _who_is_off_call(rota_db, at)
    dialog = LogPageDialog(lambda: rota_db)
    qtbot.addWidget(dialog)
    dialog.responder.setCurrentIndex(dialog.responder.findData(idle))
    dialog.set_local(at.astimezone(ZoneInfo(dialog.zones[idle])).replace(tzinfo=None))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.width(), 60)
    qtbot.wait(50)
    note = dialog.on_call_note
    assert "not on call" in note.text()
    lines = note.fontMetrics().boundingRect(
        QRect(0, 0, note.contentsRect().width(), 10_000), Qt.TextFlag.TextWordWrap, note.text()
    )
    assert lines.height() > note.fontMetrics().height()  # it does wrap
    assert note.contentsRect().height() >= lines.height()


def test_the_dialog_shows_the_time_in_the_responders_zone_whatever_the_computers(
    qtbot, rota_db: Database
) -> None:
    # 10:00 UTC on 7 March 2026 is 02:00 in San Francisco: shown so, and stored exactly.
    with rota_db.transaction() as session:
        sf = next(c.email for c in volunteers.choices(session, "rota") if c.site == "San Francisco")
        page = pages.add_page(session, datetime(2026, 3, 7, 10, tzinfo=UTC), sf, 5)
        [row] = [r for r in pages.list_pages(session) if r.id == page.id]
    dialog = LogPageDialog(lambda: rota_db, page=row)
    qtbot.addWidget(dialog)
    assert dialog.when.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-03-07 02:00"
    assert dialog.instant() == datetime(2026, 3, 7, 10, tzinfo=UTC)


def test_a_page_is_corrected_and_deleted_on_the_rest_screen_and_its_rest_follows(
    qtbot, rota_db: Database
) -> None:
    with rota_db.transaction() as session:
        page = pages.add_page(
            session, datetime(2026, 3, 7, 3, 15, tzinfo=UTC), "aoife.byrne@example.com", 20, "disk"
        )
        page_id = page.id or 0
    screen = RestScreen(lambda: rota_db)
    qtbot.addWidget(screen)
    screen.refresh()
    assert not screen.edit_button.isEnabled()  # nothing selected yet
    screen.select_row(screen.TAB_PAGES, page_id)
    assert screen.edit_button.isEnabled() and screen.delete_button.isEnabled()

    def correct(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.set_local(datetime(2026, 3, 7, 15, 0))  # it was in the afternoon
        dialog.minutes.setValue(35)
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    screen.run_dialog = correct  # type: ignore[method-assign]
    screen.edit_selected()
    assert "rest entitlement for the night of 2026-03-07 removed" in screen.status.text()
    [row] = screen.pages_model.rows()
    assert (row.minutes, row.night) == (35, False)
    assert screen.log_model.rowCount() == 0

    asked: list[str] = []
    screen.confirm = lambda title, text: asked.append(text) or False  # type: ignore[method-assign]
    screen.select_row(screen.TAB_PAGES, page_id)
    screen.delete_selected()
    assert "Aoife Byrne" in asked[0] and "disk" in asked[0]
    assert screen.pages_model.rowCount() == 1  # answered No: nothing deleted
    screen.confirm = lambda title, text: True  # type: ignore[method-assign]
    screen.delete_selected()
    assert screen.pages_model.rowCount() == 0
    with rota_db.session() as session:
        assert pages.list_pages(session) == [] and rest.rest_log(session) == []
        actions = [e.action for e in audit_log.entries(session) if e.entity == "page"]
    assert "page corrected" in actions and "page deleted" in actions


def test_deleting_a_night_page_names_the_rest_day_and_rest_entries_are_edited(
    qtbot, rota_db: Database
) -> None:
    with rota_db.transaction() as session:
        page = pages.add_page(
            session, datetime(2026, 3, 7, 3, 15, tzinfo=UTC), "aoife.byrne@example.com", 20
        )
        page_id = page.id or 0
        aoife = volunteers.by_email(session, "aoife.byrne@example.com")
        travel = rest.add_entry(session, aoife, "entitled", date(2026, 3, 1), 1, "travel")
        travel_id = travel.id or 0
    screen = RestScreen(lambda: rota_db)
    qtbot.addWidget(screen)
    screen.refresh()
    screen.select_row(screen.TAB_LOG, travel_id)

    def fix(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.days.setValue(0.5)
        dialog.note.setText("train cancelled")
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    screen.run_dialog = fix  # type: ignore[method-assign]
    screen.edit_selected()
    with rota_db.session() as session:
        row = next(r for r in rest.rest_log(session) if r.id == travel_id)
    assert (row.days, row.note) == (0.5, "train cancelled")

    asked: list[str] = []
    screen.confirm = lambda title, text: asked.append(text) or True  # type: ignore[method-assign]
    screen.select_row(screen.TAB_PAGES, page_id)
    screen.delete_selected()
    assert "rest entitlement for the night of 2026-03-07 removed" in asked[0]
    screen.select_row(screen.TAB_LOG, travel_id)
    screen.delete_selected()
    assert "balance changes by -0.5" in asked[1]
    assert screen.log_model.rowCount() == 0 and screen.pages_model.rowCount() == 0


def test_importing_pages_says_which_are_for_someone_not_on_call_before_adding_them(
    qtbot, rota_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    at = datetime(2026, 3, 7, 3, 15, tzinfo=UTC)
    idle = _who_is_off_call(rota_db, at)
    path = tmp_path / "pages.csv"
    path.write_text(f"At,Responder,Minutes,Summary,Link\n{at.isoformat()},{idle},5,lb,\n")
    asked: list[str] = []

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr("ui.screens.rest_screen.QMessageBox.question", question)
    screen = RestScreen(lambda: rota_db)
    qtbot.addWidget(screen)
    screen.refresh()
    screen.ask_import_path = lambda: path  # type: ignore[method-assign]
    screen.import_pages()
    assert "1 for someone who held no shift or cover" in asked[0] and idle in asked[0]
    with rota_db.session() as session:
        assert [(p.email, p.on_call) for p in pages.list_pages(session)] == [(idle, False)]

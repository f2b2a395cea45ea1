"""Every default "today" is the home site's day, never the computer's (PRODUCT.md: nothing
depends on the computer's zone). At 06:30 on Monday 2 August 2027 in Dublin a computer in
San Francisco still says Sunday 1 August: the Rest screen's day and balances, the Fees
dialog's "in force from", a rotation's "retired from", the Rota screen's range and month,
the print dialog's and Reports' month, ``planner tours list``, and the dialogs' own default
day when opened without one (status change, volunteer form, import, ending a tour early)
all go by Monday."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QMenu, QStatusBar, QWidget

from planner.pay import rest
from tests.planner.rota_fixtures import freeze_computer_date, person

DUBLIN_MONDAY = date(2027, 8, 2)
MORNING = datetime(2027, 8, 2, 5, 30, tzinfo=UTC)  # 06:30 Dublin; 22:30 Sunday in SF


@pytest.fixture
def monday_in_dublin(monkeypatch, computer_in_san_francisco) -> None:
    monkeypatch.setattr("planner.core.home.utc_now", lambda: MORNING)


def _entitled_a_month_ago(db) -> None:  # type: ignore[no-untyped-def]
    """Rest owed since 2 July: 31 days on Monday 2 August (stale after 30), 30 on Sunday."""
    with db.transaction() as s:
        ann = person(s, "Ann")
        rest.add_entry(s, ann, "entitled", date(2027, 7, 2), 1, "manual")


def test_the_rest_screen_starts_on_and_counts_from_the_home_sites_day(
    qtbot, db, monday_in_dublin
) -> None:
    from ui.screens.rest_screen import RestScreen

    _entitled_a_month_ago(db)
    screen = RestScreen(lambda: db)
    qtbot.addWidget(screen)
    screen.refresh()
    assert screen.day.date() == QDate(2027, 8, 2)
    assert [b.stale for b in screen.balances_model.rows()] == [True]
    # a day the coordinator typed stays through a refresh
    screen.day.setDate(QDate(2027, 7, 30))
    screen.refresh()
    assert screen.day.date() == QDate(2027, 7, 30)


def test_rest_balances_count_from_the_home_sites_day(db, monday_in_dublin) -> None:
    _entitled_a_month_ago(db)
    with db.session() as s:
        assert [b.stale for b in rest.balances(s)] == [True]


def test_fees_and_retiring_a_rotation_start_from_the_home_sites_day(
    qtbot, db, monday_in_dublin
) -> None:
    from ui.fees_dialog import FeesDialog
    from ui.rules_dialog import RulesDialog

    fees = FeesDialog(lambda: db)
    qtbot.addWidget(fees)
    assert fees.effective.date() == QDate(2027, 8, 2)
    rules = RulesDialog(lambda: db)
    qtbot.addWidget(rules)
    assert rules.rotations_tab.retire_on.date() == QDate(2027, 8, 2)


def test_the_rota_screen_starts_from_the_home_sites_week_and_month(
    qtbot, db, monday_in_dublin
) -> None:
    from ui.screens.rota_screen import RotaScreen

    screen = RotaScreen(lambda: db)
    qtbot.addWidget(screen)
    assert screen.range()[0] == date(2027, 7, 26)  # a week before Monday 2 August
    assert screen.month_view.month == date(2027, 8, 1)
    screen.month_view.month = date(2027, 1, 1)
    screen.reset()
    assert screen.month_view.month == date(2027, 8, 1)


def test_the_print_dialog_and_reports_offer_the_home_sites_months(
    qtbot, db, monkeypatch, computer_in_san_francisco
) -> None:
    """At 06:30 on Wednesday 1 September in Dublin it is still 31 August in San Francisco:
    printing offers September, Reports August (the month just ended)."""
    from ui.output_actions import OutputActions
    from ui.output_dialogs import RotaOptionsDialog
    from ui.screens.reports_screen import ReportsScreen

    first_of_september = datetime(2027, 9, 1, 5, 30, tzinfo=UTC)
    monkeypatch.setattr("planner.core.home.utc_now", lambda: first_of_september)
    offered: list[date] = []

    def look(dialog: RotaOptionsDialog) -> int:
        offered.append(dialog.first_month())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RotaOptionsDialog, "exec", look)
    window = QWidget()
    qtbot.addWidget(window)
    actions = OutputActions(window, QMenu(window), lambda: db, QStatusBar(window))
    assert actions.rota_options("Print") is None
    assert offered == [date(2027, 9, 1)]
    reports = ReportsScreen(lambda: db)
    qtbot.addWidget(reports)
    assert reports.month() == date(2027, 8, 1)


def test_the_command_line_lists_tours_on_the_home_sites_day(
    db, monday_in_dublin, capsys, qapp
) -> None:
    from ui.cli import main

    with db.transaction() as s:
        person(s, "Ann", tour=(DUBLIN_MONDAY, date(2028, 2, 2)))
    assert main(["--db", str(db.path), "tours", "list", "--format", "json"]) == 0
    assert [t["status"] for t in json.loads(capsys.readouterr().out)] == ["active"]


@pytest.fixture
def sunday_on_the_computer(monkeypatch, monday_in_dublin) -> None:
    """The computer's own ``date.today()`` says Sunday 1 August, as it would at MORNING."""
    freeze_computer_date(
        monkeypatch,
        MORNING,
        "ui.status_dialog",
        "ui.volunteer_form_dialog",
        "ui.import_wizard",
        "ui.tour_dates_dialog",
    )


def test_the_dialogs_given_no_day_start_from_the_home_sites_day(
    qtbot, db, sunday_on_the_computer
) -> None:
    """Opened without a day, each dialog asks the database for the home site's today
    (they took the computer's date: Sunday, a day behind Dublin)."""
    from planner.people import tours, volunteers
    from ui.import_wizard import ImportWizard
    from ui.status_dialog import StatusDialog
    from ui.tour_dates_dialog import TourDatesDialog
    from ui.volunteer_form_dialog import VolunteerFormDialog

    with db.transaction() as s:
        ann = person(s, "Ann", tour=(date(2027, 7, 1), date(2028, 1, 1)))
    with db.session() as s:
        detail = volunteers.detail(s, ann.id or 0, DUBLIN_MONDAY)
        (tour,) = tours.list_tours(s, DUBLIN_MONDAY)

    status = StatusDialog(lambda: db, detail)
    qtbot.addWidget(status)
    assert status.on.date() == QDate(2027, 8, 2)
    form = VolunteerFormDialog(lambda: db)
    qtbot.addWidget(form)
    assert form.available_from.date() == QDate(2027, 8, 2)
    wizard = ImportWizard(lambda: db)
    qtbot.addWidget(wizard)
    assert wizard.today == DUBLIN_MONDAY  # the day the preview's statuses are worked out on
    early = TourDatesDialog(lambda: db, tour, TourDatesDialog.END_EARLY)
    qtbot.addWidget(early)
    assert early.last_day.date() == QDate(2027, 8, 2)

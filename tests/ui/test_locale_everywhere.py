"""Dates and times in the user's locale where the coordinator reads them: the Audit
screen's When column, the volunteer detail's dates and history (its zone named), and the
date and time edits of the Fees, Settings and Sites-and-rotations dialogs and the Rest
screen; what is saved is the same whatever the locale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit

from planner.core.audit_log import AuditRow
from planner.core.db import Database
from ui.fees_dialog import FeesDialog
from ui.models.audit_table_model import AuditTableModel
from ui.models.row_table_model import SORT_ROLE
from ui.rules_dialog import RulesDialog
from ui.screens.rest_screen import RestScreen
from ui.settings_dialog import SettingsDialog

# For each locale: the When of a change at 18:05:09 UTC on Friday 27 November 2026 (Dublin
# is on UTC then), a day as the detail pane writes it, and the date edits' format.
FORMS = {
    "de_DE": ("Fr., 27. Nov. 2026, 18:05:09", "1. Juli 2026", "dd.MM.yyyy", "09:00"),
    "en_US": ("Fri, Nov 27, 2026, 6:05:09 PM", "Jul 1, 2026", "M/d/yyyy", "9:00 AM"),
    "C": ("Fri 27 Nov 2026 18:05:09", "2026-07-01", "yyyy-MM-dd", "09:00"),
}


@pytest.fixture(params=sorted(FORMS))
def locale(request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    QLocale.setDefault(QLocale(request.param) if request.param != "C" else QLocale.c())
    yield request.param
    QLocale.setDefault(QLocale.c())


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_the_audit_when_column_is_in_the_locale_and_the_home_zone(locale: str) -> None:
    model = AuditTableModel()
    model.tz = ZoneInfo("Europe/Dublin")
    at = datetime(2026, 11, 27, 18, 5, 9, tzinfo=UTC)
    later = AuditRow(2, datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "c", "cover added", "cover", 4, "")
    model.set_rows([AuditRow(1, at, "coordinator", "cover added", "cover", 3, "{}"), later])
    assert _plain(model.index(0, AuditTableModel.COL_AT).data()) == FORMS[locale][0]
    # still sorted by the instant, not by the text ('Fri' would sort after 'Tue')
    assert model.index(0, 0).data(SORT_ROLE) < model.index(1, 0).data(SORT_ROLE)


def test_the_volunteer_detail_in_the_locale_names_its_zone(main_window, locale: str) -> None:
    main_window.show_page("volunteers")
    page = main_window.pages["volunteers"]
    row = next(
        r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == "Tom Whitaker"
    )
    page.table.selectRow(row)
    pane = page.detail
    history = [_plain(pane.history.item(i).text()) for i in range(pane.history.count())]
    assert any(f"on_tour → alumni on {FORMS[locale][1]}" in h for h in history), history
    assert "times in Europe/Dublin" in pane.history_heading.text()
    if locale != "C":
        assert not any("2026-" in h for h in history)  # no ISO date or time left
        assert "2026-" not in pane.away.item(0).text()


def _edits(widget) -> list[QDateEdit | QTimeEdit]:  # type: ignore[no-untyped-def]
    """The plain date and time edits (a zoned date-time edit shows its own form)."""
    return [e for e in widget.findChildren(QDateTimeEdit) if isinstance(e, QDateEdit | QTimeEdit)]


def test_the_dialogs_date_and_time_edits_follow_the_locale(
    qtbot, demo_db: Database, locale: str
) -> None:
    date_form, time_text = FORMS[locale][2], FORMS[locale][3]
    for widget in (
        FeesDialog(lambda: demo_db),
        RulesDialog(lambda: demo_db),
        RestScreen(lambda: demo_db),
    ):
        qtbot.addWidget(widget)
        widget.show()
        dates = [e for e in _edits(widget) if isinstance(e, QDateEdit)]
        assert dates, type(widget).__name__
        for edit in dates:
            assert edit.displayFormat() == date_form
            day = edit.date()
            assert edit.text() == QLocale.c().toString(day, date_form)
    settings = SettingsDialog(lambda: demo_db)
    qtbot.addWidget(settings)
    start = settings.fields["office_start"]
    assert _plain(start.widget.text()) == time_text  # type: ignore[attr-defined]
    assert start.text() == "09:00"  # what is saved: the same in every locale


def test_a_fee_date_typed_in_the_locale_is_the_day_meant(
    qtbot, demo_db: Database, locale: str
) -> None:
    dialog = FeesDialog(lambda: demo_db)
    qtbot.addWidget(dialog)
    edit = dialog.effective
    typed = {"de_DE": "05.03.2027", "en_US": "3/5/2027", "C": "2027-03-05"}[locale]
    assert edit.dateTimeFromText(typed).date().toPython() == date(
        2027, 3, 5
    )  # as the edit reads it


# The Fees dialog's effect of a new Primary EUR rate of 600.00 from 1 November 2026, in
# each locale: the open run's change per site, the fee, and the weeks re-priced.
EFFECTS = {
    "de_DE": (
        "2026-11 (Dublin +200,00 €)",
        "500,00 € → 600,00 €",
        "weeks of 20. Nov. 2026 to 18. Juni 2027",
    ),
    "en_US": (
        "2026-11 (Dublin +€200.00)",
        "€500.00 → €600.00",
        "weeks of Nov 20, 2026 to Jun 18, 2027",
    ),
    "C": ("2026-11 (Dublin +€200.00)", "€500.00 → €600.00", "weeks of 2026-11-20 to 2027-06-18"),
}


def test_the_fees_dialogs_effect_is_in_the_locale(
    qtbot, demo_db: Database, locale: str, monkeypatch
) -> None:
    monkeypatch.setattr(
        "planner.pay.rule_effects.utc_now", lambda: datetime(2026, 11, 26, 12, tzinfo=UTC)
    )
    dialog = FeesDialog(lambda: demo_db)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    dialog.confirm = lambda title, effect: asked.append(effect) or False  # type: ignore[method-assign]
    dialog.rotation.setCurrentText("Primary")
    dialog.currency.setCurrentText("EUR")
    dialog.amount.setText({"de_DE": "600,00"}.get(locale, "600.00"))
    dialog.effective.setDate(date(2026, 11, 1))
    dialog.add_rate()  # the effect is worked out in the worker, then asked about
    qtbot.waitUntil(lambda: not dialog.busy)
    shown = _plain(asked[0])
    for words in EFFECTS[locale]:
        assert words in shown, shown


# The Tours screen's forecast: a month and a day to approve volunteers by, per locale.
FORECAST = {
    "de_DE": ("Juli 2027", "1. Juli 2027"),
    "en_US": ("July 2027", "Jul 1, 2027"),
    "C": ("July 2027", "2027-07-01"),
}


def test_the_forecast_months_and_days_follow_the_locale(qtbot, locale: str) -> None:
    from planner.people.forecast import Forecast, ForecastRow
    from ui.forecast_panel import ForecastPanel, headline

    row = ForecastRow(
        rotation="Primary",
        month=date(2027, 7, 1),
        team_size=3,
        band_min=5,
        band_max=8,
        shortfall=2,
        short_from=date(2027, 7, 1),
        recruit_by=date(2027, 7, 1),
    )
    result = Forecast(today=date(2026, 11, 27), lead_weeks=8, rows=[row], waiting=0)
    panel = ForecastPanel()
    qtbot.addWidget(panel)
    panel.set_forecast(result)
    month, by = FORECAST[locale]
    assert _plain(panel.table.item(0, 1).text()) == month
    assert _plain(panel.table.item(0, 5).text()) == by
    assert f"short from {month} — approve 2 by {by}" in _plain(headline(result))


def test_the_service_record_times_follow_the_locale(qtbot, demo_db: Database, locale: str) -> None:
    from planner.core.locale_text import day_year_time
    from planner.outputs.service_record import service_record
    from ui.service_record_dialog import ServiceRecordDialog

    with demo_db.session() as session:
        record = service_record(session, "jamal.washington@example.com")
    dialog = ServiceRecordDialog(record)
    qtbot.addWidget(dialog)
    worked = dialog.tabs.widget(1)
    first = record.worked[0]
    tz = ZoneInfo(record.timezone)
    expected = day_year_time(first.slot_start.astimezone(tz), None if locale == "C" else locale)
    assert worked.item(0, 1).text() == expected
    assert f"({record.timezone})" in worked.horizontalHeaderItem(1).text()
    if locale != "C":
        assert "-" not in worked.item(0, 1).text()  # no ISO date left

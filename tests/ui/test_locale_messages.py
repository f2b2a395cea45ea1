"""Days, times and figures in the user's locale where the Audit, Pages, Rest and Reports
screens and the zoned date-time edits show them; under the C locale every text is the one
the app always showed (ISO days). Expectations come from ``locale_text``, the app's one
source of forms, not from copies of its output."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QLocale
from sqlmodel import select

from planner.core import locale_text
from planner.core.db import Database
from planner.core.models import AuditEntry, PayRun, Tour, Volunteer
from planner.demo import team
from planner.pay import pages, rest
from planner.people import volunteers
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota
from ui import user_locale
from ui.log_page_dialog import LogPageDialog
from ui.models.audit_table_model import AuditTableModel
from ui.printing.report_pages import write_report_pdf
from ui.screens.rest_screen import RestScreen
from ui.zoned_time import ZonedDateTimeEdit

LOCALES = ("de_DE", "en_US", "C")
HOME = ZoneInfo("Europe/Dublin")


@pytest.fixture(params=LOCALES)
def locale(request) -> Iterator[str | None]:  # type: ignore[no-untyped-def]
    """The user's locale for the test (None: C); put back to C after it."""
    QLocale.setDefault(QLocale(request.param) if request.param != "C" else QLocale.c())
    yield None if request.param == "C" else request.param
    QLocale.setDefault(QLocale.c())


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _audit_row(screen, entry_id: int) -> int:  # type: ignore[no-untyped-def]
    model = screen.model
    while model.canFetchMore() and entry_id not in {r.id for r in model.rows()}:
        model.fetchMore()
    return next(n for n, r in enumerate(model.rows()) if r.id == entry_id)


def test_the_audit_says_what_a_change_is_about_and_its_details_in_the_locale(
    main_window, demo_db: Database, locale: str | None
) -> None:
    with demo_db.session() as s:
        entry = next(e for e in s.exec(select(AuditEntry)).all() if e.action == "tour created")
        tour = s.get(Tour, entry.entity_id)
        assert tour is not None
        person = s.get(Volunteer, tour.volunteer_id)
        assert person is not None
        run_entry = next(e for e in s.exec(select(AuditEntry)).all() if e.entity == "pay_run")
        run = s.get(PayRun, run_entry.entity_id)
        assert run is not None
        name, start, end, month = person.name, tour.start, tour.end, run.month
        entry_id, run_id = entry.id or 0, run_entry.id or 0
    main_window.show_page("audit")
    screen = main_window.pages["audit"]
    model = screen.model
    row = _audit_row(screen, entry_id)
    about = model.index(row, AuditTableModel.COL_ABOUT).data()
    details = model.index(row, AuditTableModel.COL_DETAIL).data()
    assert about == f"{name}'s tour from {locale_text.short_date(start, locale)}"
    # a tour's end is exclusive: its last day is shown, as on every screen
    assert f"Last day: {locale_text.short_date(end - timedelta(days=1), locale)}" in details
    assert f"First day: {locale_text.short_date(start, locale)}" in details
    if locale is None:  # ISO days, as `planner audit` prints them
        assert about == f"{name}'s tour from {start.isoformat()}"
        assert f"First day: {start.isoformat()}" in details
    pay_row = _audit_row(screen, run_id)
    month_day = date.fromisoformat(f"{month}-01")
    assert model.index(pay_row, AuditTableModel.COL_ABOUT).data() == (
        f"pay run {locale_text.short_month(month_day, locale)}"
    )

    for edit in (screen.since, screen.until):  # the days chosen: the locale's short date
        assert edit.displayFormat() == (
            "ddd dd MMM yyyy" if locale is None else user_locale.date_format()
        )
    screen.table.selectRow(screen.proxy.mapFromSource(model.index(row, 0)).row())
    pane = _plain(screen.detail.toPlainText())
    assert f"{name}'s tour from {_plain(locale_text.short_date(start, locale))}" in pane
    assert _plain(locale_text.short_date(end - timedelta(days=1), locale)) in pane

    # a day searched for as the table shows it finds the changes that hold it
    screen.search.setText(locale_text.short_date(start, locale))
    shown = {r.id for r in model.rows()}
    assert entry_id in shown
    screen.search.setText(start.isoformat())  # and as stored, in every locale
    assert entry_id in {r.id for r in model.rows()} and len(model.rows()) == len(shown)


def test_each_detail_typed_as_the_audit_shows_it_finds_its_change(
    main_window, demo_db: Database, locale: str | None
) -> None:
    """'Rest: 1 day', 'Balance: 63 %', a time as shown: each piece of the Details column,
    typed into the search, finds the change (the log stores 'half_days=2')."""
    with demo_db.session() as s:
        wanted = {"rest entitled", "plan accepted", "cover recorded", "tour created"}
        entries = {e.action: e.id or 0 for e in s.exec(select(AuditEntry)).all()}
    main_window.show_page("audit")
    screen = main_window.pages["audit"]
    for action in sorted(wanted):
        entry_id = entries[action]
        details = screen.model.index(_audit_row(screen, entry_id), AuditTableModel.COL_DETAIL)
        pieces = details.data().split(" · ")
        assert all("=" not in piece and "_" not in piece.split(":")[0] for piece in pieces)
        for piece in pieces:
            screen.search.setText(piece)
            assert entry_id in {r.id for r in screen.model.rows()}, piece
        screen.search.clear()


def test_a_cover_recorded_gives_its_times_in_the_home_zone_and_the_locale(
    main_window, demo_db: Database, locale: str | None
) -> None:
    with demo_db.session() as s:
        entry = next(e for e in s.exec(select(AuditEntry)).all() if e.action == "cover recorded")
        entry_id, stored = entry.id or 0, entry.detail
    main_window.show_page("audit")
    screen = main_window.pages["audit"]
    details = screen.model.index(_audit_row(screen, entry_id), AuditTableModel.COL_DETAIL).data()
    start_text = stored.split('"start": "')[1].split('"')[0]  # as recorded: UTC
    start = datetime.fromisoformat(start_text)
    local = start.astimezone(HOME)  # in the home zone, named, in every locale
    assert f"Start: {locale_text.day_year_time(local, locale)} {local:%Z}" in details
    assert "+00:00" not in details
    assert "Europe/Dublin" in screen.count.text()  # the zone the times are in, named


def test_the_pages_screen_names_the_selected_page_in_the_locale(
    main_window, locale: str | None
) -> None:
    main_window.show_page("pages")
    screen = main_window.pages["pages"]
    screen.table.selectRow(0)
    page = screen.selected_rows()[0]
    local = page.local_at()
    assert screen.selection_label.text().startswith(
        f"{locale_text.day_year_time(local, locale)} {local:%Z} · {page.name} · "
    )


@pytest.fixture
def rota_db(db: Database) -> Database:
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 30)  # all in the past: worked
    return db


def test_the_rest_screens_messages_are_in_the_locale(
    qtbot, rota_db: Database, locale: str | None
) -> None:
    with rota_db.transaction() as session:
        page = pages.add_page(
            session, datetime(2026, 3, 7, 3, 15, tzinfo=UTC), "aoife.byrne@example.com", 20
        )
        page_id = page.id or 0
        aoife = volunteers.by_email(session, "aoife.byrne@example.com")
        travel = rest.add_entry(session, aoife, "entitled", date(2026, 3, 1), 1.5, "travel")
        travel_id = travel.id or 0
    screen = RestScreen(lambda: rota_db)
    qtbot.addWidget(screen)
    screen.refresh()
    night_note = next(r for r in screen.log_model.rows() if r.reason == "night_page")
    shown_notes = [screen.log_model.index(n, 5).data() for n in range(screen.log_model.rowCount())]
    clock = locale_text.clock(datetime(2026, 3, 7, 3, 15), locale)  # Dublin is on UTC in March
    assert f"night page at {clock} Dublin time" in shown_notes
    assert night_note.note == "night page at 03:15 Dublin time"  # what is stored

    asked: list[str] = []
    screen.confirm = lambda title, text: asked.append(text) or False  # type: ignore[method-assign]
    screen.select_row(screen.TAB_PAGES, page_id)
    screen.delete_selected()
    night = locale_text.short_date(date(2026, 3, 7), locale)
    assert f"rest entitlement for the night of {night} removed" in asked[0]
    screen.select_row(screen.TAB_LOG, travel_id)
    screen.delete_selected()
    day = locale_text.short_date(date(2026, 3, 1), locale)
    days = locale_text.measure(1.5, locale)
    assert f"of Aoife Byrne on {day} ({days} day(s))" in asked[1]
    assert f"balance changes by -{days} day(s)" in asked[1]
    if locale is None:
        assert "on 2026-03-01 (1.5 day(s))? Their balance changes by -1.5 day(s)." in asked[1]
    screen.volunteer.setCurrentIndex(screen.volunteer.findData("aoife.byrne@example.com"))
    screen.kind.setCurrentIndex(0)  # rest taken
    screen.days.setValue(9.5)  # more than she has
    assert not screen.add_entry()
    assert screen.error.text().endswith(f"cannot take {locale_text.measure(9.5, locale)}")
    with rota_db.session() as session:
        owed = sum(b.balance_half_days for b in rest.balances(session, date.today())) / 2
    assert screen.summary_label.text().startswith(
        f"{locale_text.measure(owed, locale)} rest day(s) owed"
    )


def test_the_zoned_edits_show_the_locales_date_and_time_and_read_the_same_instant(
    qtbot, rota_db: Database, locale: str | None
) -> None:
    at = datetime(2026, 3, 7, 18, 5, tzinfo=UTC)
    edit = ZonedDateTimeEdit(ZoneInfo("America/Los_Angeles"), at)
    qtbot.addWidget(edit)
    wall = at.astimezone(ZoneInfo("America/Los_Angeles"))  # 10:05 on the 7th
    if locale is None:
        assert edit.text() == "Sat 07 Mar 2026 10:05"  # as always under C
    else:
        qlocale = QLocale()
        short = qlocale.dateFormat(QLocale.FormatType.ShortFormat).replace("yyyy", "yy")
        day = qlocale.toString(QDate(2026, 3, 7), short.replace("yy", "yyyy"))
        assert _plain(edit.text()) == f"{day} {_plain(locale_text.clock(wall, locale))}"
    assert edit.instant() == at  # what is read: the same instant in every locale

    dialog = LogPageDialog(lambda: rota_db)
    qtbot.addWidget(dialog)
    dialog.responder.setCurrentIndex(dialog.responder.findData("aoife.byrne@example.com"))
    assert dialog.zone_label.text() == "in the responder's time, Europe/Dublin"
    dialog.set_local(datetime(2099, 1, 1, 9, 0))
    later = datetime(2099, 1, 1, 9, 0, tzinfo=ZoneInfo("Europe/Dublin"))
    when = (
        "2099-01-01T09:00+00:00"
        if locale is None
        else f"{locale_text.day_year_time(later, locale)} GMT"
    )
    assert dialog.error.text() == f"At {when} is in the future; a page is logged after it happened"


needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@needs_pdftotext
def test_the_printed_report_follows_the_locale(
    main_window, qtbot, tmp_path: Path, locale: str | None
) -> None:
    main_window.show_page("reports")
    screen = main_window.pages["reports"]
    screen.set_month(date(2026, 10, 1))
    qtbot.waitUntil(lambda: screen.report is not None and screen.report.month == date(2026, 10, 1))
    report = screen.report
    assert [w.label for w in report.weeks] == [
        f"week of {locale_text.short_date(w.start, locale)}" for w in report.weeks
    ]
    assert report.title == locale_text.month_year(date(2026, 10, 1), locale)
    out = tmp_path / "report.pdf"
    write_report_pdf(report, out)  # what Print and Export PDF paint
    text = _plain(_pdf_text(out))
    assert _plain(report.weeks[0].label) in text
    short = [f for f in report.forecast if f.shortfall]
    assert short, "the demo's forecast has a month short of its band"
    assert _plain(locale_text.short_month(short[0].month, locale)) in text
    today = datetime.now(HOME).date()  # printed: in the home zone, named, with a locale
    if locale is None:
        assert re.search(rf"printed {today.isoformat()} \d{{2}}:\d{{2}} (GMT|IST)", text)
    else:
        assert re.search(
            rf"printed {re.escape(_plain(locale_text.day_year(today, locale)))}.* (GMT|IST)", text
        )
    if locale is None:
        assert f"week of {report.weeks[0].start.isoformat()}" in text
        assert f"{short[0].month:%Y-%m}" in text


@needs_pdftotext
def test_the_printed_rota_follows_the_locale(
    main_window, tmp_path: Path, locale: str | None
) -> None:
    from ui.printing.rota_pages import write_rota_pdf

    data = main_window.output_actions.rota_data(date(2026, 11, 1), 1, False)  # the menu's
    out = tmp_path / "rota.pdf"
    write_rota_pdf(data, out)
    text = _plain(_pdf_text(out))
    monday = date(2026, 11, 2)
    for n in range(7):
        assert locale_text.weekday(monday + timedelta(days=n), locale) in text
    assert f"On-call rota — {locale_text.month_year(monday, locale)}" in text
    handovers = [d for w in data.months[0].weeks for d in w if d.handover is not None]
    assert handovers and f"⇄ {_plain(locale_text.clock(handovers[0].handover, locale))}" in text
    if locale is None:  # as print-rota prints it
        assert "Monday" in text and "handover Friday 18:00" in text

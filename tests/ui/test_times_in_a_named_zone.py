"""Every date-time widget shows and reads times in a named zone (the home site's, or a
responder's), labelled, on a computer in any zone: here one in San Francisco, on a summer
week (Dublin at UTC+1): the Cover dialog, the Log page dialog, the Settings times."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, QTime
from PySide6.QtWidgets import QDialog, QLabel
from sqlmodel import select

from planner.core.home import rotation_by_name
from planner.core.models import Cover
from planner.people import volunteers
from planner.rota import covers
from planner.rota.weeks import ensure_slots
from tests.planner.rota_fixtures import BEFORE, freeze_now, person
from ui.screens.rota_screen import RotaScreen

SUMMER = date(2027, 7, 5)  # a Monday; handover Friday 9 July 18:00 Dublin = 17:00 UTC


@pytest.fixture
def page(qtbot, db, monkeypatch, computer_in_san_francisco):
    freeze_now(monkeypatch, BEFORE)
    with db.transaction() as s:
        for name in ("Ann", "Bob"):
            person(s, name)
        ensure_slots(s, SUMMER, 2)
        primary = rotation_by_name(s, "Primary")
        shift = covers.shift_in_week(s, primary, date(2027, 7, 9))
        covers.assign(s, shift.id, volunteers.by_email(s, "ann@example.com"), now=BEFORE)
    widget = RotaScreen(lambda: db)
    qtbot.addWidget(widget)
    widget.set_range(SUMMER, 2)
    return widget


def test_cover_dialog_shows_the_dublin_handover_and_stores_it_right(page, db, monkeypatch):
    seen = {}

    def fill(dialog):  # type: ignore[no-untyped-def]
        seen["start"] = dialog.start.text()
        seen["labels"] = " ".join(w.text() for w in dialog.findChildren(QLabel))
        dialog.person.setCurrentIndex(dialog.person.findText("Bob — Dublin"))
        dialog.end.setDate(QDate(2027, 7, 10))  # typed as the coordinator reads it:
        dialog.end.setTime(QTime(2, 0))  # Saturday 02:00 Dublin
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr("ui.rota_dialogs.CoverDialog.exec", fill)
    page.table.setCurrentIndex(page.model.index(0, 1))
    page.cover_selected()
    assert seen["start"] == "Fri 09 Jul 2027 18:00"
    assert "Europe/Dublin" in seen["labels"]
    with db.session() as s:
        stored = s.exec(select(Cover)).one()
    assert stored.start.replace(tzinfo=UTC) == datetime(2027, 7, 9, 17, 0, tzinfo=UTC)
    assert stored.end.replace(tzinfo=UTC) == datetime(2027, 7, 10, 1, 0, tzinfo=UTC)
    # and the grid shows the cover in Dublin time too
    assert "Fri 18:00–Sat 02:00" in page.model.display(0, 1)


def test_log_page_dialog_shows_and_reads_the_responders_time(
    qtbot, demo_db, computer_in_san_francisco
) -> None:
    from zoneinfo import ZoneInfo

    from ui.log_page_dialog import LogPageDialog

    dialog = LogPageDialog(lambda: demo_db)
    qtbot.addWidget(dialog)
    dialog.responder.setCurrentIndex(dialog.responder.findData("eoin.fitzgerald@example.com"))
    now_dublin = datetime.now(ZoneInfo("Europe/Dublin"))
    shown = datetime.strptime(dialog.when.text(), "%a %d %b %Y %H:%M")
    assert (
        abs(shown - now_dublin.replace(tzinfo=None, second=0, microsecond=0)).total_seconds() <= 60
    )
    assert "Europe/Dublin" in dialog.zone_label.text()
    dialog.when.setDate(QDate(2026, 7, 4))
    dialog.when.setTime(QTime(3, 15))
    assert dialog.instant() == datetime(2026, 7, 4, 2, 15, tzinfo=UTC)


def test_settings_name_the_zone_of_the_office_hours_and_handover(qtbot, db) -> None:
    from PySide6.QtWidgets import QFormLayout, QTimeEdit

    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(lambda: db)
    qtbot.addWidget(dialog)
    labelled = []
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if field and label and isinstance(field.widget(), QTimeEdit):
                labelled.append(label.widget().text())
    assert len(labelled) >= 3  # office start and end, handover time
    night = [t for t in labelled if t.startswith("Night")]
    assert night == ["Night start (responder's local time)", "Night end (responder's local time)"]
    others = [t for t in labelled if t not in night]
    assert all(text.endswith("(Europe/Dublin)") for text in others), others


def test_the_month_view_marks_the_home_sites_today_and_names_its_evenings_zone(
    page, monkeypatch
) -> None:
    """At 06:30 on Monday 2 August 2027 in Dublin it is still Sunday 1 August on the
    computer in San Francisco: the month calendar marks the 2nd as today (the day the Now
    screen names), and says whose 20:00 each day shows."""
    from ui import palette

    dublin_morning = datetime(2027, 8, 2, 5, 30, tzinfo=UTC)
    monkeypatch.setattr("ui.rota_month_view.utc_now", lambda: dublin_morning, raising=False)
    page.tabs.setCurrentIndex(1)
    view = page.month_view
    view.show_month(date(2027, 8, 1))
    assert "20:00 (Europe/Dublin)" in view.title.text()
    marked = palette.qcolor("highlight_text")
    sunday, monday = view.grid.item(0, 6), view.grid.item(1, 0)  # 1 August 2027 is a Sunday
    assert sunday.text().splitlines()[0] == "1" and monday.text().splitlines()[0] == "2"
    assert monday.foreground().color() == marked
    assert sunday.foreground().color() != marked


def _select_first(people) -> None:  # type: ignore[no-untyped-def]
    """Select the first volunteer whatever keys an earlier test left held (selectRow
    follows the keyboard's modifiers)."""
    flags = QItemSelectionModel.SelectionFlag
    first = people.table.model().index(0, 0)
    people.table.selectionModel().select(first, flags.ClearAndSelect | flags.Rows)


def test_tours_and_a_volunteers_tours_begin_on_the_home_sites_day(
    qtbot, db, monkeypatch, computer_in_san_francisco
) -> None:
    """At 06:30 on Monday 2 August 2027 in Dublin it is still Sunday 1 August in San
    Francisco: a tour starting on the 2nd has begun on the Tours timeline (its Today line)
    and in the volunteer's detail, as the volunteer's status already says."""
    from ui.screens.tours_screen import ToursScreen
    from ui.screens.volunteers_screen import VolunteersScreen

    dublin_morning = datetime(2027, 8, 2, 5, 30, tzinfo=UTC)
    monkeypatch.setattr("planner.core.home.utc_now", lambda: dublin_morning)
    with db.transaction() as s:
        person(s, "Ann", tour=(date(2027, 8, 2), date(2028, 2, 2)))
    tours_screen = ToursScreen(lambda: db)
    qtbot.addWidget(tours_screen)
    tours_screen.refresh()
    assert tours_screen.timeline.today == date(2027, 8, 2)
    people = VolunteersScreen(lambda: db)
    qtbot.addWidget(people)
    people.refresh()
    _select_first(people)
    assert [t.status for t in people.detail.tours_model.rows()] == ["active"]


def test_a_status_change_starts_from_the_home_sites_day(
    qtbot, db, monkeypatch, computer_in_san_francisco
) -> None:
    """Change status… offers the day it is at the home site (Monday 2 August in Dublin),
    not the computer's (still Sunday 1 August in San Francisco)."""
    from ui.screens.volunteers_screen import VolunteersScreen
    from ui.status_dialog import StatusDialog

    dublin_morning = datetime(2027, 8, 2, 5, 30, tzinfo=UTC)
    monkeypatch.setattr("planner.core.home.utc_now", lambda: dublin_morning)
    with db.transaction() as s:
        person(s, "Ann", tour=(date(2027, 8, 2), date(2028, 2, 2)))
    offered: list[QDate] = []

    def look(dialog: StatusDialog) -> int:
        offered.append(dialog.on.date())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(StatusDialog, "exec", look)
    people = VolunteersScreen(lambda: db)
    qtbot.addWidget(people)
    people.refresh()
    _select_first(people)
    people.change_status()
    assert offered == [QDate(2027, 8, 2)]


def test_the_reports_sheets_say_when_in_the_home_zone(
    qtbot, demo_db, monkeypatch, computer_in_san_francisco
) -> None:
    """The Reports screen's sheets are the printed report: their 'printed' line, in a
    reader's locale, gives the home site's time and names its zone, not the wall clock of
    the computer in San Francisco (the printed report and rota from the app already do)."""
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QLocale

    from ui.screens import reports_screen

    seen: list[datetime] = []
    paint = reports_screen.paint_report_page

    def spy(painter, index, area, report, printed_at):  # type: ignore[no-untyped-def]
        seen.append(printed_at)
        return paint(painter, index, area, report, printed_at)

    monkeypatch.setattr(reports_screen, "paint_report_page", spy)
    QLocale.setDefault(QLocale("de_DE"))
    try:
        page = reports_screen.ReportsScreen(lambda: demo_db)
        qtbot.addWidget(page)
        page.resize(900, 700)
        page.show()
        page.set_month(date(2026, 10, 1))
        page.refresh()
        qtbot.waitUntil(lambda: page.report is not None, timeout=20000)
        page.sheets.repaint()
    finally:
        QLocale.setDefault(QLocale.c())
    assert seen
    at = seen[-1]
    assert at.tzinfo == ZoneInfo("Europe/Dublin")

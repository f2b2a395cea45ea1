"""The Rota and Tours screens and the service record give the days of their sentences in
the user's locale (de_DE '13.–14. März 2027'; ISO under the C locale, as before): the
rota's warnings, uncovered weeks and the Cover dialog's reasons, the stagger rules' lines
and a tour's tooltip, the service record's heading, tours and cover notes. The English
words stay, so each warning's tooltip still states its rule in every locale; the command
line keeps its ISO forms whatever the user's locale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialog, QLabel
from sqlmodel import select

from planner.core import locale_text
from planner.core.home import home_calendar, rotation_by_name
from planner.core.models import Cover, Shift, Volunteer
from planner.people import tours, volunteers
from planner.rota import covers
from planner.rota.eligibility import HARD_RULES
from planner.rota.shifts import GAP_RULE
from planner.rota.weeks import ensure_slots
from tests.conftest import TODAY
from tests.planner.rota_fixtures import BEFORE, START, freeze_now, person
from ui.screens.rota_screen import RotaScreen
from ui.service_record_dialog import ServiceRecordDialog
from ui.tour_dates_dialog import TourDatesDialog
from ui.tour_timeline_view import TourTimelineView
from ui.volunteer_form_dialog import VolunteerFormDialog

LEAVE_RULE = dict(HARD_RULES)[" is away "]
GAP_BETWEEN = dict(HARD_RULES)["the gap must be"]


@pytest.fixture(params=["de_DE", "en_US", "C"])
def locale(request) -> Iterator[str | None]:  # type: ignore[no-untyped-def]
    """The user's locale for the test (None: the C locale), then the C locale again."""
    QLocale.setDefault(QLocale(request.param) if request.param != "C" else QLocale.c())
    yield None if request.param == "C" else request.param
    QLocale.setDefault(QLocale.c())


def _assign(s, week: date, name: str) -> None:  # type: ignore[no-untyped-def]
    shift = covers.shift_in_week(s, rotation_by_name(s, "Primary"), week)
    shift.volunteer_id = volunteers.by_email(s, f"{name}@example.com").id
    s.add(shift)


@pytest.fixture
def rota(qtbot, db, monkeypatch) -> RotaScreen:  # type: ignore[no-untyped-def]
    """Dan holds the week of 12 March, away on the 13th and 14th; Ann the weeks of 5 and
    19 March (closer than Primary's gap); nobody can hold Escalation L2 (no leader)."""
    freeze_now(monkeypatch, BEFORE)
    with db.transaction() as s:
        for name in ("Ann", "Bob", "Cat", "Dan"):
            person(s, name)
        dan = volunteers.by_email(s, "dan@example.com")
        volunteers.add_unavailability(s, dan, date(2027, 3, 13), date(2027, 3, 14), "wedding")
        ensure_slots(s, START, 6)
        _assign(s, date(2027, 3, 12), "dan")
        _assign(s, date(2027, 3, 5), "ann")
        _assign(s, date(2027, 3, 19), "ann")
    widget = RotaScreen(lambda: db)
    qtbot.addWidget(widget)
    return widget


def _warnings(page: RotaScreen) -> dict[str, str]:
    """The side panel's warnings: text -> tooltip."""
    items = [page.side.warnings.item(i) for i in range(page.side.warnings.count())]
    return {item.text(): item.toolTip() for item in items}


def test_the_rota_warnings_give_days_in_the_locale_and_still_state_their_rule(
    rota: RotaScreen, locale: str | None
) -> None:
    rota.set_range(START, 6)
    shown = _warnings(rota)
    twelfth, fifth = date(2027, 3, 12), date(2027, 3, 5)
    away = locale_text.day_span(date(2027, 3, 13), date(2027, 3, 14), locale)
    text = (
        f"Primary, week of {locale_text.short_date(twelfth, locale)}: "
        f"dan@example.com is away {away} (wedding)"
    )
    assert text in shown, list(shown)
    assert shown[text].endswith(f"Rule: {LEAVE_RULE}")
    gap = next(t for t in shown if "the gap must be" in t)
    assert f"in the week of {locale_text.short_date(date(2027, 3, 19), locale)}" in gap
    assert shown[gap].endswith(f"Rule: {GAP_BETWEEN}")
    uncovered = (
        f"Uncovered — Escalation L2 week of {locale_text.short_date(fifth, locale)}: "
        "nobody eligible is on tour for the whole week"
    )
    assert shown[uncovered].endswith(f"Rule: {GAP_RULE}")
    # the cell: a few words, and the whole sentence with its rule in the tooltip
    row = next(r for r in range(rota.model.rowCount()) if rota.model.week_at(r) == twelfth)
    index = rota.model.index(row, 1)
    assert "⚠ on leave" in index.data()
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert f"is away {away}" in tip and LEAVE_RULE in tip
    if locale is None:
        assert (
            "Primary, week of 2027-03-12: dan@example.com is away 2027-03-13..2027-03-14 (wedding)"
            in shown
        )
    else:
        assert not any("2027-0" in t for t in shown), list(shown)  # no ISO day left


def test_the_cover_dialog_says_why_in_the_locale(
    rota: RotaScreen, locale: str | None, monkeypatch
) -> None:
    rota.set_range(START, 6)
    seen: dict[str, str] = {}  # name -> the combo's entry: who, then the first blocker

    def look(dialog):  # type: ignore[no-untyped-def]
        for i in range(dialog.person.count()):
            text = dialog.person.itemText(i)
            seen[text.split(" — ")[0]] = text
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr("ui.rota_dialogs.CoverDialog.exec", look)
    twelfth = date(2027, 3, 12)  # Dan's own week; the cover runs into his Saturday away
    row = next(r for r in range(rota.model.rowCount()) if rota.model.week_at(r) == twelfth)
    rota.table.setCurrentIndex(rota.model.index(row, 1))
    rota.cover_selected()
    away = locale_text.day_span(date(2027, 3, 13), date(2027, 3, 14), locale)
    assert seen["Dan"].endswith(f"dan@example.com is away {away} (wedding)"), seen["Dan"]


def test_the_assign_dialog_says_why_in_the_locale(
    rota: RotaScreen, locale: str | None, monkeypatch
) -> None:
    rota.set_range(START, 6)
    seen: dict[str, tuple[str, str]] = {}  # name -> (the entry, its tooltip)

    def look(dialog):  # type: ignore[no-untyped-def]
        for i in range(dialog.person.count()):
            text = dialog.person.itemText(i)
            tip = dialog.person.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""
            seen[text.split(" — ")[0]] = (text, tip)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr("ui.rota_dialogs.AssignDialog.exec", look)
    week = date(2027, 3, 26)  # Ann holds the week before: the gap rule stops her
    row = next(r for r in range(rota.model.rowCount()) if rota.model.week_at(r) == week)
    rota.table.setCurrentIndex(rota.model.index(row, 1))
    rota.assign_selected()
    text, tip = seen["Ann"]
    fifth, nineteenth = (locale_text.short_date(date(2027, 3, d), locale) for d in (5, 19))
    assert f"also holds Primary in the week of {fifth}: the gap must be 3" in text, text
    assert f"also holds Primary in the week of {nineteenth}: the gap must be 3" in tip, tip
    assert GAP_BETWEEN in tip, tip


def test_the_tour_dates_dialog_and_its_refusal_in_the_locale(qtbot, db, locale: str | None) -> None:
    with db.transaction() as s:
        ann = person(s, "Ann", tour=(date(2027, 1, 1), date(2027, 7, 1)))
        tours.create_tour(s, ann, date(2027, 7, 1), date(2028, 1, 1))
        first, second = tours.list_tours(s, date(2027, 1, 1), ann.id)
    early = TourDatesDialog(lambda: db, first, TourDatesDialog.END_EARLY, None, date(2027, 7, 1))
    qtbot.addWidget(early)
    last = locale_text.short_date(date(2027, 6, 30), locale)
    assert early.error.text() == f"to end early, pick a day before {last}"
    edit = TourDatesDialog(lambda: db, second, TourDatesDialog.EDIT)
    qtbot.addWidget(edit)
    edit.start.setDate(date(2027, 6, 1))  # into the first tour
    edit.save()
    one = locale_text.day_span(date(2027, 6, 1), date(2027, 12, 31), locale)
    other = locale_text.day_span(date(2027, 1, 1), date(2027, 6, 30), locale)
    assert edit.error.text() == f"tour {one} overlaps the tour {other}"
    assert edit.result() != QDialog.DialogCode.Accepted


def test_the_volunteer_forms_away_days_and_checks_in_the_locale(
    qtbot, db, locale: str | None
) -> None:
    form = VolunteerFormDialog(lambda: db, None, None, date(2027, 3, 1))
    qtbot.addWidget(form)
    first, last = date(2027, 3, 13), date(2027, 3, 14)
    form.away_first.setDate(last)
    form.away_last.setDate(first)
    form._add_away()  # what the Add button does
    shown = [locale_text.short_date(d, locale) for d in (last, first)]
    assert form.away_error.text() == f"{shown[0]} to {shown[1]} ends before it starts"
    form.away_first.setDate(first)
    form.away_last.setDate(last)
    form._add_away()
    day = locale_text.short_date
    assert form.away.item(0).text() == f"{day(first, locale)} to {day(last, locale)}"
    assert form.ranges() == [(first, last, "")]  # what is saved: the days themselves
    form.known_from.setChecked(True)
    form.available_from.setDate(date(1999, 12, 31))
    problems = form.validate()
    assert problems["available_from"] == (
        f"available from {day(date(1999, 12, 31), locale)} is not a sensible date"
    )
    if locale is None:
        assert form.away.item(0).text() == "2027-03-13 to 2027-03-14"


def test_the_stagger_rules_and_a_tours_tooltip_give_days_in_the_locale(
    main_window, locale: str | None
) -> None:
    main_window.show_page("tours")
    page = main_window.pages["tours"]
    page.today = TODAY
    page.refresh()
    lines = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert page.problems.wordWrap()  # a long line (longer in German) wraps, all of it shown
    assert page.timeline is not None
    ends = [lane for lane in page.timeline.lanes if lane.runs_out]
    assert ends, "the demo's teams run out"
    for lane in ends:
        day = locale_text.short_date(lane.runs_out, locale)  # type: ignore[arg-type]
        assert any(f"{lane.name}: with no more tours" in x and f"from {day} —" in x for x in lines)
    bar = next(b for lane in page.timeline.lanes for b in lane.bars)
    tip = TourTimelineView.describe(bar)
    first = locale_text.short_date(bar.start, locale)
    assert f"<br>{first} to " in tip
    if locale is None:
        assert f"<br>{bar.start.isoformat()} to " in tip
        assert any(" — recruit" in x and "from 2027-" in x for x in lines)
    else:
        assert not any("from 2027-" in x for x in lines), lines


def test_the_service_record_gives_its_days_and_cover_notes_in_the_locale(
    main_window, demo_db, locale: str | None, monkeypatch
) -> None:
    # a cover another volunteer took on someone's worked shift
    with demo_db.session() as s:
        holder, cover = s.exec(
            select(Shift.volunteer_id, Cover)
            .join(Cover, Cover.shift_id == Shift.id)  # type: ignore[arg-type]
            .where(Cover.volunteer_id != Shift.volunteer_id, Shift.state == "published")
            .where(Shift.slot_end < datetime.combine(TODAY, time(0), UTC))
            .order_by(Cover.start)  # type: ignore[arg-type]
        ).first()
        names = {v.id: v.name for v in s.exec(select(Volunteer)).all()}
        zone = home_calendar(s).tz
    main_window.show_page("volunteers")
    screen = main_window.pages["volunteers"]
    screen.search.setText(names[holder])
    screen.table.selectRow(0)
    opened: list[ServiceRecordDialog] = []
    monkeypatch.setattr(ServiceRecordDialog, "exec", lambda d: opened.append(d) or 0)
    screen.record_button.click()
    (dialog,) = opened
    record = dialog.record
    heading = next(x.text() for x in dialog.findChildren(QLabel) if "service to" in x.text())
    assert f"service to {locale_text.short_date(record.as_of, locale)}</p>" in heading
    tours_tab = dialog.tabs.widget(0)
    first = record.tours[0]
    assert tours_tab.item(0, 0).text() == locale_text.short_date(first.start, locale)
    assert tours_tab.item(0, 1).text() == locale_text.short_date(first.last_day, locale)
    worked = dialog.tabs.widget(1)
    notes = [worked.item(r, worked.columnCount() - 1).text() for r in range(worked.rowCount())]
    when = "–".join(
        locale_text.weekday_clock(t.astimezone(zone), locale) for t in (cover.start, cover.end)
    )
    assert any(f"covered by {names[cover.volunteer_id]} {when}" in n for n in notes), notes
    if locale is None:
        assert f"service to {record.as_of.isoformat()}</p>" in heading
        assert tours_tab.item(0, 0).text() == first.start.isoformat()
        local = cover.start.astimezone(zone)  # 'Sat 20:00', English whatever the C library's
        weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[local.weekday()]
        assert any(f" {weekday} {local:%H:%M}–" in n for n in notes), notes

"""Texts the screens show with a reader's locale: an audit entry's subject and details, the
rest a page change adds or removes, a rest entry's night-page note, a page time refused as
future, the report's labels; without a locale each is the stored or ISO text."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.core import audit_text
from planner.core import locale_text as lt
from planner.core.audit_log import AuditRow
from planner.core.errors import PlannerError
from planner.pay import pages, rest

AT = datetime(2026, 11, 27, 18, 5, 9, tzinfo=UTC)
DUBLIN = ZoneInfo("Europe/Dublin")


def _row(entity: str, subject: str, detail: str = "") -> AuditRow:
    return AuditRow(1, AT, "me", "changed", entity, 7, detail, subject)


def test_an_audit_subject_gives_its_day_or_month_in_the_locale() -> None:
    tour = _row("tour", "Aoife Byrne's tour from 2025-12-01")
    shift = _row("shift", "Primary week of 2027-03-12")
    run = _row("pay_run", "pay run 2026-07")
    person = _row("volunteer", "Born 2001-01-01")  # a name is never rewritten
    for locale in ("de_DE", "en_US"):
        assert audit_text.subject(tour, locale) == (
            f"Aoife Byrne's tour from {lt.short_date(date(2025, 12, 1), locale)}"
        )
        assert audit_text.subject(shift, locale) == (
            f"Primary week of {lt.short_date(date(2027, 3, 12), locale)}"
        )
        assert (
            audit_text.subject(run, locale) == f"pay run {lt.short_month(date(2026, 7, 1), locale)}"
        )
        assert audit_text.subject(person, locale) == "Born 2001-01-01"
    assert audit_text.subject(tour, "de_DE") == "Aoife Byrne's tour from 1. Dez. 2025"
    for row in (tour, shift, run, person):
        assert audit_text.subject(row, None) == row.subject
    assert audit_text.subject(_row("page", ""), "de_DE") == "#7"


def test_audit_details_in_the_locale_and_as_stored_without_one() -> None:
    detail = (
        '{"day": "2026-11-10", "half_days": 2, "month": "2026-07", "balance": 0.6875, '
        '"start": "2026-07-17 17:00:00+00:00", "note": "2026-13-45", "who": "a@b.c"}'
    )
    row = _row("volunteer", "Aoife Byrne", detail)
    local = datetime(2026, 7, 17, 18, 0, tzinfo=DUBLIN)  # summer time: UTC+1
    # without a locale: the fixed forms (ISO days), labelled; the stored text is kept
    assert audit_text.details(row, None, DUBLIN) == (
        "Start: Fri 17 Jul 2026 18:00 IST · Day: 2026-11-10 · Rest: 1 day · Month: 2026-07 · "
        "Balance: 69 % · Note: 2026-13-45 · Who: a@b.c"
    )
    assert row.detail_text().startswith("balance=0.6875, day=2026-11-10, half_days=2")
    german = audit_text.details(row, "de_DE", DUBLIN)
    assert german == (
        f"Start: {lt.day_year_time(local, 'de_DE')} IST · "
        f"Day: {lt.short_date(date(2026, 11, 10), 'de_DE')} · Rest: 1 day · "
        f"Month: {lt.short_month(date(2026, 7, 1), 'de_DE')} · Balance: 69 % · "
        "Note: 2026-13-45 · "  # shaped like a day but not one: as recorded
        "Who: a@b.c"
    )


def test_an_iso_search_text_comes_from_a_day_or_month_as_shown() -> None:
    day = date(2026, 11, 27)
    for locale in ("de_DE", "en_US", "fr_FR"):
        for shown in (lt.short_date(day, locale), lt.day_year(day, locale)):
            assert lt.read_day(shown, locale) == "2026-11-27", (locale, shown)
        assert lt.read_day(lt.short_month(day, locale), locale) == "2026-11"
        assert lt.read_day(lt.month_year(day, locale), locale) == "2026-11"
        assert lt.read_day("Aoife", locale) is None
    assert lt.read_day("27.11.2026", "de_DE") == "2026-11-27"
    assert lt.read_day("11/27/2026", "en_US") == "2026-11-27"
    assert lt.read_day("30.02.2026", "de_DE") is None
    assert lt.read_day("27. Nov. 2026", None) is None  # no locale: typed as it is stored


def test_the_new_forms_keep_iso_and_the_fixed_forms_without_a_locale() -> None:
    month = date(2026, 11, 1)
    assert (lt.short_month(month), lt.month_short_year(month)) == ("2026-11", "Nov 26")
    assert (lt.percent(0.955), lt.decimal(0.6875)) == ("96%", "0.6875")
    assert lt.short_month(month, "en_US") == "Nov 2026"
    assert lt.percent(0.955, "de_DE").replace("\xa0", " ") == "96 %"
    friday = date(2026, 11, 27)
    assert (lt.weekday(friday), lt.weekday(friday, "de_DE")) == ("Friday", "Freitag")


def test_the_rest_a_page_change_makes_is_said_in_the_locale() -> None:
    change = pages.RestChange(added=(("a@b.c", date(2026, 3, 7)),))
    assert change.text() == "rest entitlement for the night of 2026-03-07 added (a@b.c)"
    assert change.text("de_DE") == (
        f"rest entitlement for the night of {lt.short_date(date(2026, 3, 7), 'de_DE')} "
        "added (a@b.c)"
    )


def test_a_night_page_note_gives_its_time_in_the_locale() -> None:
    note = "night page at 02:25 San Francisco time"
    assert rest.note_text(note) == note
    assert rest.note_text(note, "en_US") == (
        f"night page at {lt.clock(time(2, 25), 'en_US')} San Francisco time"
    )
    assert rest.note_text("called at 02:25", "en_US") == "called at 02:25"  # typed by hand


def test_a_future_page_time_is_named_in_the_locale_and_its_zone() -> None:
    later = datetime(2099, 1, 1, 9, 0, tzinfo=DUBLIN)
    with pytest.raises(PlannerError, match=r"^At 2099-01-01T09:00\+00:00 is in the future"):
        pages.check_not_future(later)
    with pytest.raises(PlannerError) as raised:
        pages.check_not_future(later, locale="de_DE")
    assert str(raised.value).startswith(f"At {lt.day_year_time(later, 'de_DE')} GMT is in")

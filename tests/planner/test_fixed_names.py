"""Files keep their fixed English forms whatever the process's C locale.

Qt sets the process's locale from the desktop's when the app starts, and the standard
library's day and month names (``calendar.day_name``, ``strftime('%a')``) follow it: under
LANG=de_DE the desktop app wrote 'Di 01 Dez 06:00' into the calendar feeds where the command
line wrote 'Tue 01 Dec 06:00' (so each write by the other changed every cover's event and
its SEQUENCE), 'Dezember 2026' and 'handover Freitag 18:00' on the printed rota, and
'pager in Dezember' in the monthly update. Here the C locale is German, as in the app."""

from __future__ import annotations

import locale
import re
from collections.abc import Iterator
from datetime import date

import pytest

from planner.core import settings_service
from planner.outputs.calendar import build_rota_calendar
from planner.outputs.ics import current_items
from planner.outputs.report import monthly_report
from planner.outputs.update import monthly_update


@pytest.fixture
def german_c_locale() -> Iterator[None]:
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("the de_DE.UTF-8 locale is not installed")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_TIME, before)


def test_the_c_locale_is_german_here(german_c_locale) -> None:
    assert date(2026, 12, 4).strftime("%A %B") == "Freitag Dezember"


def test_feeds_printed_rota_report_update_and_settings_keep_english_names(
    german_c_locale, demo_db
) -> None:
    with demo_db.session() as session:
        covers = [
            line
            for item in current_items(session, None, include_drafts=False)
            for line in item.description.splitlines()
            if line.startswith("Cover: ")
        ]
        rota = build_rota_calendar(session, date(2026, 12, 1), 1)
        report = monthly_report(session, date(2026, 10, 1))
        update = monthly_update(session, date(2026, 10, 1))
    assert covers
    when = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d:\d\d"
    assert all(re.search(f"{when}–{when}$", line) for line in covers), covers
    assert rota.months[0].title == "December 2026"
    assert rota.handover == "Friday 18:00"
    assert report.title == "October 2026"
    assert "October 2026" in update and "Oktober" not in update
    assert settings_service.display("handover_weekday", 4) == "Friday"
    assert settings_service.display("office_days", [0, 1, 2]) == "Mon, Tue, Wed"

"""Dates, times, numbers and money in a reader's locale; the fixed forms without one."""

from __future__ import annotations

import os
import time
from datetime import date, datetime
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from planner.core import locale_text as lt
from planner.core.money import format_money, to_decimal_string

FRIDAY = datetime(2026, 11, 27, 18, 5, tzinfo=ZoneInfo("Europe/Dublin"))


def test_without_a_locale_the_fixed_english_forms_stay() -> None:
    for fixed in (None, "C", "POSIX", "C.UTF-8", "xx_NOWHERE"):
        assert lt.day(FRIDAY, fixed) == "Fri 27 Nov"
        assert lt.day_year_time(FRIDAY, fixed) == "Fri 27 Nov 2026 18:05"
        assert lt.long_day_time(FRIDAY, fixed) == "Friday 27 November 2026, 18:05"
        assert lt.month_year(date(2026, 9, 1), fixed) == "September 2026"
        assert lt.short_date(date(2026, 3, 4), fixed) == "2026-03-04"
        assert lt.number(1234, fixed) == "1234"
        assert lt.number(1234.5, fixed, digits=2) == "1,234.50"
        assert format_money(123450, "EUR", fixed) == "€1,234.50"


def test_french_and_us_english_forms() -> None:
    assert lt.day(FRIDAY, "fr_FR") == "ven. 27 nov."
    assert lt.day(FRIDAY, "en_US") == "Fri, Nov 27"
    assert lt.long_day(FRIDAY, "fr_FR") == "vendredi 27 novembre 2026"
    assert lt.month_year(FRIDAY, "fr_FR") == "novembre 2026"
    assert lt.clock(FRIDAY, "fr_FR") == "18:05"
    assert lt.clock(FRIDAY, "en_US").replace("\u202f", " ") == "6:05 PM"
    assert lt.day_month_year(date(2026, 3, 4), "en_US") == "Mar 4, 2026"
    assert lt.number(1234567, "fr_FR").replace("\u202f", " ") == "1 234 567"
    assert lt.number(1234.5, "fr_FR", digits=2).replace("\u202f", " ") == "1 234,50"
    assert lt.number(1234.5, "en_US", digits=2) == "1,234.50"
    assert lt.measure(42.5, "de_DE") == "42,5"
    assert (lt.weekday_day(FRIDAY), lt.weekday_day(FRIDAY, "fr_FR")) == ("Fri 27", "ven. 27")


def test_money_in_a_locale_is_exact_and_files_keep_their_fixed_form() -> None:
    def plain(text: str) -> str:
        return text.replace("\u202f", " ").replace("\xa0", " ")

    assert plain(format_money(123450, "EUR", "fr_FR")) == "1 234,50 €"
    assert plain(format_money(-123450, "EUR", "de_DE")) == "-1.234,50 €"
    assert format_money(123450, "EUR", "en_US") == "€1,234.50"
    assert plain(format_money(1234, "JPY", "fr_FR")) == "1 234 JPY"
    # an amount no float holds exactly stays exact
    assert plain(format_money(9007199254740993, "EUR", "fr_FR")).startswith("90 071 992 547 409,93")
    # what files use is unchanged: no locale, no grouping surprises
    assert format_money(123450, "EUR") == "€1,234.50"
    assert to_decimal_string(123450, "EUR") == "1234.50"


def test_a_time_is_shown_in_its_own_zone_whatever_the_computers(monkeypatch) -> None:
    shown = {}
    for zone in ("America/Los_Angeles", "Asia/Tokyo"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        shown[zone] = (lt.day_time(FRIDAY, "fr_FR"), lt.day_time(FRIDAY), lt.clock(FRIDAY))
    monkeypatch.undo()
    time.tzset()
    assert len(set(shown.values())) == 1
    assert shown["Asia/Tokyo"][1] == "Fri 27 Nov 18:05"
    assert os.environ.get("TZ") != "Asia/Tokyo"
    assert lt.clock(clock_time(9, 0), "fr_FR") == "09:00"


def test_an_amount_typed_in_the_users_locale_is_read_in_it() -> None:
    from planner.core.errors import PlannerError
    from planner.core.money import parse_amount

    assert parse_amount("550,00", "EUR", "fr_FR") == 55000  # not 55 000,00
    assert parse_amount("1 234,50 €", "EUR", "fr_FR") == 123450
    assert parse_amount(format_money(123450, "EUR", "fr_FR"), "EUR", "fr_FR") == 123450
    assert parse_amount("1.234,50", "EUR", "de_DE") == 123450
    assert parse_amount("550.00", "EUR", "de_DE") == 55000  # the fixed form still reads
    assert parse_amount("€1,234.50", "EUR", "en_US") == 123450
    assert parse_amount("1,234.5", "EUR") == 123450  # no locale: as before
    for bad in ("12,345", "abc"):
        try:
            parse_amount(bad, "EUR", "fr_FR")
        except PlannerError as exc:
            assert repr(bad) in str(exc)
        else:
            raise AssertionError(f"{bad!r} was read")


def test_a_time_with_its_seconds_in_each_locale() -> None:
    """The audit log's times keep their seconds (two changes a second apart stay apart)."""
    at = FRIDAY.replace(second=9)
    assert lt.clock(at, None, seconds=True) == "18:05:09"
    assert lt.day_year_time(at, None, seconds=True) == "Fri 27 Nov 2026 18:05:09"
    assert lt.long_day_time(at, "C", seconds=True) == "Friday 27 November 2026, 18:05:09"
    assert lt.day_year_time(at, "de_DE", seconds=True) == "Fr., 27. Nov. 2026, 18:05:09"
    us = lt.long_day_time(at, "en_US", seconds=True).replace("\u202f", " ")
    assert us == "Friday, November 27, 2026, 6:05:09 PM"
    assert lt.day_year_time(at, "de_DE") == "Fr., 27. Nov. 2026, 18:05"  # no seconds unless asked

"""The user's locale for what the screens show: dates, times, counts and money.

The locale is Qt's default (the system's, from LANG / LC_ALL or the desktop's settings,
unless ``QLocale.setDefault`` chose another). Under the C locale the screens keep the
app's fixed English forms ('Fri 27 Nov', '€1,234.50'). Files (the payroll workbook, CSV,
JSON, .ics) never come through here: they keep their fixed formats.

A date-time is passed already converted to the zone it is shown in; the caller names the
zone next to it, as everywhere in the app.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from PySide6.QtCore import QLocale

from planner.core import locale_text
from planner.core.money import format_money


def name() -> str | None:
    """'fr_FR', 'en_US'; None under the C locale (the fixed forms)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return None
    return locale.name()


def day(value: date) -> str:
    return locale_text.day(value, name())


def day_year(value: date) -> str:
    return locale_text.day_year(value, name())


def long_day(value: date) -> str:
    return locale_text.long_day(value, name())


def weekday_day(value: date) -> str:
    return locale_text.weekday_day(value, name())


def day_month(value: date) -> str:
    return locale_text.day_month(value, name())


def day_month_year(value: date) -> str:
    return locale_text.day_month_year(value, name())


def short_date(value: date) -> str:
    return locale_text.short_date(value, name())


def month_year(value: date) -> str:
    return locale_text.month_year(value, name())


def clock(value: time | datetime) -> str:
    return locale_text.clock(value, name())


def day_time(value: datetime) -> str:
    return locale_text.day_time(value, name())


def day_year_time(value: datetime) -> str:
    return locale_text.day_year_time(value, name())


def long_day_time(value: datetime) -> str:
    return locale_text.long_day_time(value, name())


def weekday_clock(value: datetime) -> str:
    return locale_text.weekday_clock(value, name())


def number(value: int | float | Decimal, digits: int = 0) -> str:
    return locale_text.number(value, name(), digits)


def measure(value: float | Decimal) -> str:
    return locale_text.measure(value, name())


def money(amount_minor: int, currency: str) -> str:
    """'€1,234.50' (C), '1 234,50 €' (fr_FR): exact, from the minor units."""
    return format_money(amount_minor, currency, name())

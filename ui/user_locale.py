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


def clock(value: time | datetime, seconds: bool = False) -> str:
    return locale_text.clock(value, name(), seconds)


def day_time(value: datetime) -> str:
    return locale_text.day_time(value, name())


def day_year_time(value: datetime, seconds: bool = False) -> str:
    return locale_text.day_year_time(value, name(), seconds)


def long_day_time(value: datetime, seconds: bool = False) -> str:
    return locale_text.long_day_time(value, name(), seconds)


def weekday_clock(value: datetime) -> str:
    return locale_text.weekday_clock(value, name())


def number(value: int | float | Decimal, digits: int = 0) -> str:
    return locale_text.number(value, name(), digits)


def measure(value: float | Decimal) -> str:
    return locale_text.measure(value, name())


def money(amount_minor: int, currency: str) -> str:
    """'€1,234.50' (C), '1 234,50 €' (fr_FR): exact, from the minor units."""
    return format_money(amount_minor, currency, name())


def date_format() -> str:
    """A date edit's display format: ISO under the C locale ('yyyy-MM-dd'), else the
    locale's short date with the year in full: de_DE 'dd.MM.yyyy', en_US 'M/d/yyyy'."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"
    form = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return form if "yyyy" in form else form.replace("yy", "yyyy")


def time_format() -> str:
    """A time edit's display format: '18:05' under the C locale, else the locale's short
    time: de_DE 'HH:mm', en_US 'h:mm AP'."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "HH:mm"
    return locale.timeFormat(QLocale.FormatType.ShortFormat).replace("\u202f", " ")


def day_span(first: date, last: date) -> str:
    """Two days, both included: ISO 'a..b' under the C locale, de_DE '13.–14. März 2027'."""
    return locale_text.day_span(first, last, name())


def weekday_abbr(value: date) -> str:
    """'Mon'; de_DE 'Mo.'."""
    return locale_text.weekday_abbr(value, name())


def weekday_name(value: date) -> str:
    """'Friday'; de_DE 'Freitag'."""
    return locale_text.weekday_name(value, name())


def month_abbr(value: date) -> str:
    """'Mar'; de_DE 'Mär'."""
    return locale_text.month_abbr(value, name())

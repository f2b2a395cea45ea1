"""Dates, times and numbers for a person to read, in their locale (Babel's CLDR data).

Every function takes the locale's name (``"fr_FR"``, ``"en_US"``), passed in by whoever
knows it: the desktop app reads the user's locale from Qt; the command line, the payroll
workbook, the CSV and JSON outputs pass nothing. No locale (``None``, ``"C"``,
``"POSIX"``) gives the app's fixed English forms, the same on every computer:
'Fri 27 Nov', 'Fri 27 Nov 2026 18:00', 'November 2026', '1234.5'.

A date-time is shown in the zone it carries (the caller converts first and names the zone
next to it); nothing here reads the computer's zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_datetime,
    format_interval,
    format_skeleton,
    format_time,
    parse_date,
)
from babel.numbers import format_decimal, format_percent, get_decimal_symbol

FIXED = ("", "C", "POSIX")
ENGLISH = Locale("en")  # the names of the fixed forms


@cache
def babel_locale(name: str | None) -> Locale | None:
    """Babel's locale for a name such as 'fr_FR' or 'de-CH'; None for the fixed forms
    (no name, 'C', 'POSIX', or one Babel does not know)."""
    code = (name or "").split(".")[0].split("@")[0]
    if code in FIXED:
        return None
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def _form(skeleton: str, value: date, fixed: str, locale: str | None) -> str:
    """``value`` by the locale's pattern for ``skeleton``, or by the fixed English pattern
    (CLDR's 'en' names, so a C library's locale never changes it either)."""
    loc = babel_locale(locale)
    if loc is None:
        return str(format_datetime(value, fixed, locale=ENGLISH))
    return str(format_skeleton(skeleton, value, locale=loc))


def day(value: date, locale: str | None = None) -> str:
    """'Fri 27 Nov'; en_US 'Fri, Nov 27'; fr_FR 'ven. 27 nov.'."""
    return _form("MMMEd", value, "EEE dd MMM", locale)


def day_year(value: date, locale: str | None = None) -> str:
    """'Fri 27 Nov 2026'; en_US 'Fri, Nov 27, 2026'; fr_FR 'ven. 27 nov. 2026'."""
    return _form("yMMMEd", value, "EEE dd MMM y", locale)


def long_day(value: date, locale: str | None = None) -> str:
    """'Friday 27 November 2026'; en_US 'Friday, November 27, 2026'; fr_FR 'vendredi 27
    novembre 2026' (the locale's full date)."""
    loc = babel_locale(locale)
    if loc is None:
        return str(format_datetime(value, "EEEE dd MMMM y", locale=ENGLISH))
    return str(format_date(value, "full", locale=loc))


def weekday(value: date, locale: str | None = None) -> str:
    """'Friday'; de_DE 'Freitag', fr_FR 'vendredi' (a weekday's full name)."""
    return str(format_datetime(value, "EEEE", locale=babel_locale(locale) or ENGLISH))


def weekday_day(value: date, locale: str | None = None) -> str:
    """'Sun 29'; fr_FR 'dim. 29' (a timeline's day heading)."""
    return _form("Ed", value, "EEE dd", locale)


def day_month(value: date, locale: str | None = None) -> str:
    """'27 Nov'; en_US 'Nov 27'; fr_FR '27 nov.'."""
    return _form("MMMd", value, "dd MMM", locale)


def day_month_year(value: date, locale: str | None = None) -> str:
    """'27 Nov 2026'; en_US 'Nov 27, 2026'; fr_FR '27 nov. 2026'."""
    return _form("yMMMd", value, "dd MMM y", locale)


def short_date(value: date, locale: str | None = None) -> str:
    """'2026-11-27' (ISO); en_US 'Nov 27, 2026'; fr_FR '27 nov. 2026'."""
    if babel_locale(locale) is None:
        return value.isoformat()
    return day_month_year(value, locale)


def month_year(value: date, locale: str | None = None) -> str:
    """'November 2026'; fr_FR 'novembre 2026'."""
    return _form("yMMMM", value, "MMMM y", locale)


def short_month(value: date, locale: str | None = None) -> str:
    """'2026-11' (ISO); en_US 'Nov 2026'; de_DE 'Nov. 2026', fr_FR 'nov. 2026'."""
    if babel_locale(locale) is None:
        return f"{value:%Y-%m}"
    return _form("yMMM", value, "MMM y", locale)


def month_short_year(value: date, locale: str | None = None) -> str:
    """'Nov 26' (a chart's month); en_US 'Nov 2026', de_DE 'Nov. 2026'."""
    return _form("yMMM", value, "MMM yy", locale)


def clock(value: time | datetime, locale: str | None = None, seconds: bool = False) -> str:
    """'18:05'; en_US '6:05 PM' (a datetime's own wall clock, never converted); with
    ``seconds`` '18:05:09', en_US '6:05:09 PM'."""
    loc = babel_locale(locale)
    wall = value.time() if isinstance(value, datetime) else value
    if loc is None:
        return f"{wall.hour:02d}:{wall.minute:02d}" + (f":{wall.second:02d}" if seconds else "")
    return str(format_time(wall, "medium" if seconds else "short", locale=loc))


def _with_clock(
    date_text: str, value: datetime, locale: str | None, fixed: str, seconds: bool = False
) -> str:
    loc = babel_locale(locale)
    if loc is None:
        return fixed.format(date_text, clock(value, seconds=seconds))
    pattern = str(loc.datetime_formats.get("medium", "{1} {0}"))
    return pattern.replace("{1}", date_text).replace("{0}", clock(value, locale, seconds))


def day_time(value: datetime, locale: str | None = None) -> str:
    """'Fri 27 Nov 18:05'; en_US 'Fri, Nov 27, 6:05 PM'; fr_FR 'ven. 27 nov., 18:05'."""
    return _with_clock(day(value, locale), value, locale, "{} {}")


def day_year_time(value: datetime, locale: str | None = None, seconds: bool = False) -> str:
    """'Fri 27 Nov 2026 18:05'; fr_FR 'ven. 27 nov. 2026, 18:05'; with ``seconds``
    'Fri 27 Nov 2026 18:05:09'."""
    return _with_clock(day_year(value, locale), value, locale, "{} {}", seconds)


def long_day_time(value: datetime, locale: str | None = None, seconds: bool = False) -> str:
    """'Friday 27 November 2026, 18:05'; fr_FR 'vendredi 27 novembre 2026, 18:05'; with
    ``seconds`` 'Friday 27 November 2026, 18:05:09'."""
    return _with_clock(long_day(value, locale), value, locale, "{}, {}", seconds)


def weekday_clock(value: datetime, locale: str | None = None) -> str:
    """'Fri 18:05'; fr_FR 'ven. 18:05'."""
    return f"{_form('E', value, 'EEE', locale)} {clock(value, locale)}"


def measure(value: float | Decimal, locale: str | None = None) -> str:
    """Hours and the like, as many decimals as they have: '42.5', '168'; fr_FR '42,5'."""
    loc = babel_locale(locale)
    if loc is None:
        return f"{value:g}"
    return str(format_decimal(Decimal(f"{value:g}"), locale=loc))


def number(value: int | float | Decimal, locale: str | None = None, digits: int = 0) -> str:
    """A count, '1234', or a figure with ``digits`` decimals, '1,234.50'; en_US '1,234';
    fr_FR '1 234', '1 234,50'."""
    loc = babel_locale(locale)
    if isinstance(value, int) and not isinstance(value, bool) and not digits:
        if loc is None:
            return str(value)
        return str(format_decimal(value, locale=loc))
    if loc is None:
        return f"{value:,.{digits}f}"
    quantum = Decimal(1).scaleb(-digits)
    exact = Decimal(str(value)).quantize(quantum)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(exact, format=pattern, locale=loc))


def percent(value: float, locale: str | None = None) -> str:
    """A share as a whole percentage: '95%'; de_DE '95 %', fr_FR '95 %'."""
    loc = babel_locale(locale)
    if loc is None:
        return f"{value:.0%}"
    return str(format_percent(value, locale=loc))


def balance(value: float | None) -> str:
    """The one way a balance is shown, on screen, in print and in text: '55 %', or '–'
    when there is no figure (fewer than two people to compare)."""
    return "–" if value is None else f"{value:.0%}".replace("%", " %")


def rest_days(half_days: object, locale: str | None = None) -> str:
    """A rest entry's length, recorded in half-days, in words: 'half a day', '1 day',
    '1.5 days' (the number in ``locale``: de_DE '1,5 days')."""
    if not isinstance(half_days, int) or isinstance(half_days, bool):
        return f"{half_days} half-days"
    if half_days == 1:
        return "half a day"
    days = half_days / 2
    return f"{measure(days, locale)} day{'' if days == 1 else 's'}"


def decimal(value: float, locale: str | None = None) -> str:
    """A float with every digit it has and the locale's decimal sign: '0.6875', de_DE
    '0,6875' (a recorded figure shown exactly, never rounded)."""
    loc = babel_locale(locale)
    text = str(value)
    return text if loc is None else text.replace(".", str(get_decimal_symbol(loc)))


_WORDS = re.compile(r"\d+|[^\W\d_]+")


@cache
def _day_names(locale: str) -> tuple[dict[str, int], frozenset[str]]:
    """The locale's month names (wide and abbreviated, folded, without a final dot) with
    their numbers, and its weekday names."""
    loc = babel_locale(locale) or ENGLISH
    months: dict[str, int] = {}
    weekdays: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for n, name in loc.months[context][width].items():
                months[str(name).casefold().rstrip(".")] = int(n)
            weekdays |= {str(d).casefold().rstrip(".") for d in loc.days[context][width].values()}
    return months, frozenset(weekdays)


def _read_words(text: str, locale: str | None) -> tuple[list[str], int | None] | None:
    """A day's numbers and its month's number (None: no month name) written in the locale's
    words; None when a word is neither a number, a month nor a weekday."""
    if babel_locale(locale) is None:
        return None
    months, weekdays = _day_names(str(locale))
    numbers: list[str] = []
    month = None
    for word in _WORDS.findall(text.casefold()):
        if word.isdigit():
            numbers.append(word)
        elif word in months and month is None:
            month = months[word]
        elif word not in weekdays:
            return None
    return numbers, month


def read_day_month(text: str, locale: str | None = None) -> tuple[int, int] | None:
    """The month and day of a day written without its year as the locale shows it: '27
    Nov', en_US 'Nov 27', de_DE '27. Nov.', 'Fr., 27. Nov.' -> (11, 27). None when the text
    is not one (or without a locale)."""
    read = _read_words(text, locale)
    if read is None or read[1] is None or len(read[0]) != 1 or len(read[0][0]) > 2:
        return None
    month, day = read[1], int(read[0][0])
    try:
        date(2000, month, day)  # a leap year: 29 Feb is a day
    except ValueError:
        return None
    return month, day


def read_day(text: str, locale: str | None = None) -> str | None:
    """The ISO form of a day or month written as the locale shows it, for searching what is
    stored in ISO: de_DE '27. Nov. 2026', 'Fr., 27.11.2026' -> '2026-11-27', 'November 2026'
    -> '2026-11'; en_US 'Nov 27, 2026', '11/27/2026'. None when the text is not one (or
    without a locale: ISO is typed as it is)."""
    loc = babel_locale(locale)
    read = _read_words(text, locale)
    if loc is None or read is None:
        return None
    numbers, month = read
    years = [n for n in numbers if len(n) == 4]
    if len(years) != 1:
        return None
    year = int(years[0])
    if month is not None and len(numbers) == 1:
        return f"{year:04d}-{month:02d}"
    try:
        if month is not None and len(numbers) == 2:
            day = next(int(n) for n in numbers if n != years[0] or numbers.count(n) == 2)
            return date(year, month, day).isoformat()
        if month is None and len(numbers) == 3:
            return parse_date(text, locale=loc).isoformat()
    except (ValueError, IndexError):
        return None
    return None


def day_span(first: date, last: date, locale: str | None = None) -> str:
    """Two days, both included: '2027-03-13..2027-03-14' (ISO, as the command line writes
    them); de_DE '13.–14. März 2027', en_US 'Mar 13 – 14, 2027' (the locale's interval)."""
    loc = babel_locale(locale)
    if loc is None:
        return f"{first.isoformat()}..{last.isoformat()}"
    return str(format_interval(first, last, "yMMMd", locale=loc))


def iso_month(month: date, locale: str | None = None) -> str:
    """A calendar month: '2027-07' (ISO) without a locale; de_DE 'Juli 2027'."""
    if babel_locale(locale) is None:
        return f"{month:%Y-%m}"
    return month_year(month, locale)


def weekday_abbr(value: date, locale: str | None = None) -> str:
    """A weekday's short name on its own (a calendar's column heading): 'Mon'; de_DE 'Mo.',
    fr_FR 'lun.'."""
    loc = babel_locale(locale)
    return str(format_date(value, "ccc", locale=ENGLISH if loc is None else loc))


def weekday_name(value: date, locale: str | None = None) -> str:
    """A weekday's name on its own (a choice of day): 'Friday'; de_DE 'Freitag'."""
    loc = babel_locale(locale)
    return str(format_date(value, "cccc", locale=ENGLISH if loc is None else loc))


def month_abbr(value: date, locale: str | None = None) -> str:
    """A month's short name on its own (a timeline's month heading): 'Mar'; de_DE 'Mär',
    fr_FR 'mars'."""
    loc = babel_locale(locale)
    return str(format_date(value, "LLL", locale=ENGLISH if loc is None else loc))

"""English names of weekdays and months, the same in every process.

The standard library's names (``calendar.day_name``, ``calendar.month_name``,
``strftime('%A')`` and ``'%b'``) are the C library's, which follow the process's locale, and
Qt sets that locale from the desktop's when the app starts: under LANG=de_DE the desktop app
wrote 'Freitag', 'Dezember' and 'Di 01 Dez' into the printed rota, the calendar feeds, the
monthly update and the settings, where the command line wrote 'Friday', 'December' and
'Tue 01 Dec'. Fixed forms use these; screens use the reader's locale (``locale_text``)."""

from __future__ import annotations

from datetime import date

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_ABBRS = tuple(name[:3] for name in DAY_NAMES)
# 1-based, as the calendar module's: MONTH_NAMES[12] == "December"
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")  # fmt: skip
MONTH_ABBRS = ("", *(name[:3] for name in MONTH_NAMES[1:]))


def day_name(value: date) -> str:
    return DAY_NAMES[value.weekday()]


def day_abbr(value: date) -> str:
    return DAY_ABBRS[value.weekday()]


def month_name(value: date) -> str:
    return MONTH_NAMES[value.month]


def month_abbr(value: date) -> str:
    return MONTH_ABBRS[value.month]

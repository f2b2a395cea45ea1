"""An audit entry as a reader sees it, in their locale: the days, months and times its
subject ('Aoife Byrne's tour from 1. Dez. 2025') and details ('day=10. Nov. 2026') hold.

The log stores ISO forms, and sorts and searches on them (``audit_log``); the command line
prints them. These functions only dress the entries of the page on screen: without a
locale they give the stored text exactly (``AuditRow.subject``, ``AuditRow.detail_text``).
A recorded instant ('2026-11-07 20:00:00+00:00') is shown in ``tz``, the home site's zone,
which the screen names.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, tzinfo

from planner.core import locale_text
from planner.core.audit_log import AuditRow

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MONTH = re.compile(r"\d{4}-\d{2}")
ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)")
# The subjects that end with a day or a month (``audit_log._Subjects``)
_DAY_AT_END = re.compile(r"( week of | tour from )(\d{4}-\d{2}-\d{2})$")
_MONTH_AT_END = re.compile(r"^(pay run )(\d{4}-\d{2})$")


def value(stored: object, locale: str | None, tz: tzinfo | None = None) -> str:
    """One recorded value: a day, a month ('month' of a pay run), an instant or a decimal in
    the locale; anything else as recorded."""
    if isinstance(stored, list | dict):
        return json.dumps(stored, ensure_ascii=False)
    if stored is None:
        return ""
    if locale_text.babel_locale(locale) is None:
        return str(stored)
    if isinstance(stored, float):
        return locale_text.decimal(stored, locale)
    if not isinstance(stored, str):
        return str(stored)
    try:
        if ISO_DAY.fullmatch(stored):
            return locale_text.short_date(date.fromisoformat(stored), locale)
        if ISO_MONTH.fullmatch(stored):
            return locale_text.short_month(date.fromisoformat(stored + "-01"), locale)
        if ISO_INSTANT.fullmatch(stored):
            at = datetime.fromisoformat(stored.replace("Z", "+00:00"))
            at = at.astimezone(tz) if tz is not None else at
            return locale_text.day_year_time(at, locale, seconds=bool(at.second))
    except ValueError:  # shaped like one but not a real day
        pass
    return stored


def subject(row: AuditRow, locale: str | None) -> str:
    """What the entry is about ('#12' when unnamed), its day or month in the locale."""
    if not row.subject:
        return "" if row.entity_id is None else f"#{row.entity_id}"
    if locale_text.babel_locale(locale) is None:
        return row.subject
    if row.entity in ("tour", "shift"):
        return _DAY_AT_END.sub(lambda m: m.group(1) + value(m.group(2), locale), row.subject)
    if row.entity == "pay_run":
        return _MONTH_AT_END.sub(lambda m: m.group(1) + value(m.group(2), locale), row.subject)
    return row.subject


def details(row: AuditRow, locale: str | None, tz: tzinfo | None = None) -> str:
    """The details on one line, ``key=value`` in key order, as ``AuditRow.detail_text``
    with each value in the locale."""
    if locale_text.babel_locale(locale) is None:
        return row.detail_text()
    return ", ".join(f"{k}={value(v, locale, tz)}" for k, v in sorted(row.detail.items()))

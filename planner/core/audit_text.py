"""An audit entry as a reader sees it: what it is about ('Aoife Byrne's tour from
1. Dez. 2025') and its details in the coordinator's own terms, labelled ('Fee: 550,00 €',
'Rest: 1 day', 'Balance: 69 %', 'Override: yes'), days, months and times in their locale.

The log stores each entry's details as JSON (``key=value`` in ``AuditRow.detail_text``), and
the command line's JSON and CSV print them as stored, for scripts. The Audit screen (in the
user's locale) and ``planner audit``'s table (fixed forms: ``locale=None``) show
:func:`details`. A recorded instant ('2026-11-07 20:00:00+00:00') is shown in ``tz``, the
home site's zone, with the zone's abbreviation.

The search looks in the stored text (``audit_log``); :func:`stored_forms` turns a search
typed as shown ('Fee: €550.00', '1 day', 'yes', 'Balance') into what the log stores.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from planner.core import locale_text, money
from planner.core.audit_log import AuditRow
from planner.core.errors import PlannerError

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


# The details' labels, in the order they are shown (any other key: its words, after these).
LABELS: dict[str, str] = {
    "email": "Email",
    "responder": "Responder",
    "rotation": "Rotation",
    "site": "Site",
    "key": "Setting",
    "at": "Time",
    "start": "Start",
    "end": "End",
    "slot_start": "Week of",
    "first": "First day",
    "last": "Last day",
    "day": "Day",
    "half_days": "Rest",
    "was_day": "Was on",
    "was_half_days": "Was",
    "month": "Month",
    "weeks": "Weeks",
    "count": "Shifts",
    "changed": "Changed",
    "coverage": "Coverage",
    "balance": "Balance",
    "status_from": "Status was",
    "status_to": "Status",
    "on": "On",
    "amount_minor": "Fee",
    "holiday_supplement_minor": "Holiday supplement",
    "effective_from": "Effective from",
    "old_amount_minor": "Fee was",
    "old_holiday_supplement_minor": "Holiday supplement was",
    "old_effective_from": "Effective from was",
    "minutes": "Minutes",
    "was_at": "Time was",
    "was_minutes": "Minutes were",
    "pages": "Pages",
    "rest": "Rest",
    "rest_added": "Rest entries added",
    "rest_removed": "Rest entries removed",
    "volunteers": "Volunteers",
    "team": "Team",
    "link": "Link",
    "state": "State",
    "override": "Rules overridden",
    "entry": "Rest entry",
    "cover": "Cover",
    "other": "Other shift",
    "roles": "Roles",
    "sites": "Sites",
    "windows": "Windows",
    "gap_weeks": "Gap (weeks)",
    "old": "Was",
    "new": "Now",
    "was": "Was",
    "drafts_removed": "Drafts removed",
    "released_shifts": "Shifts released",
    "tours": "Tours",
    "file": "File",
    "sha256": "SHA-256",
    "source": "Restored from",
    "safety_copy": "Safety copy",
    "reopened_pay_runs": "Pay runs reopened",
    "edit": "Edit",
    "rows": "Rows",
    "note": "Note",
    "text": "Text",
    "value": "Value",
}
# A tour's end is exclusive: its last day is shown, as on every screen (``days.last_day``).
TOUR_LABELS = {"start": "First day", "end": "Last day"}
_ORDER = {key: n for n, key in enumerate(LABELS)}
_IDS = ("entry", "cover", "other")  # another record's number
_HALF_DAYS = ("half_days", "was_half_days")
_PERCENT = ("coverage", "balance")
_PAIRS = ("rotation.change", "site.change")  # each changed field: [before, after]


def label(key: str, entity: str = "") -> str:
    """A detail's label: 'Fee' for amount_minor; any other key in words ('Drafts kept')."""
    if entity == "tour" and key in TOUR_LABELS:
        return TOUR_LABELS[key]
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def _instant(stored: str, locale: str | None, tz: tzinfo | None) -> str | None:
    if not ISO_INSTANT.fullmatch(stored):
        return None
    try:
        at = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    except ValueError:
        return None
    at = at.astimezone(tz) if tz is not None else at
    zone = at.tzname() or ""
    return f"{locale_text.day_year_time(at, locale, seconds=bool(at.second))} {zone}".strip()


def shown_value(
    key: str, stored: object, locale: str | None, tz: tzinfo | None = None, row: Any = None
) -> str:
    """One detail's value as the coordinator reads it. ``row``: the entry's other details
    and kind (``detail``, ``entity``, ``action``), which a value may need (a fee's currency)."""
    detail: dict[str, Any] = getattr(row, "detail", None) or {}
    entity: str = getattr(row, "entity", "") or ""
    action: str = getattr(row, "action", "") or ""
    if stored is None:
        return "–"
    if isinstance(stored, bool):
        return "yes" if stored else "no"
    if key.endswith("_minor") and isinstance(stored, int):
        currency = detail.get("currency")
        if isinstance(currency, str):
            try:
                return money.format_money(stored, currency, locale)
            except (PlannerError, ValueError, KeyError):
                pass
    if key in _HALF_DAYS:
        return locale_text.rest_days(stored, locale)
    if key in _IDS and isinstance(stored, int):
        return f"#{stored}"
    if key in _PERCENT and isinstance(stored, int | float):
        if key == "balance":
            return locale_text.balance(float(stored))
        return locale_text.percent(float(stored), locale)
    if isinstance(stored, int):
        return locale_text.number(stored, locale)
    if isinstance(stored, float):
        return locale_text.measure(stored, locale)
    if isinstance(stored, list):
        if action in _PAIRS:
            return _before_after(key, stored, locale, tz)
        return ", ".join(shown_value(key, v, locale, tz) for v in stored)
    if isinstance(stored, dict):  # each field changed: {"team": ["Payments", "Search"]}
        return "; ".join(
            f"{label(k)}: {_before_after(k, v, locale, tz)}" for k, v in stored.items()
        )
    text = str(stored)
    if entity == "tour" and key == "end" and ISO_DAY.fullmatch(text):
        try:
            return locale_text.short_date(date.fromisoformat(text) - timedelta(days=1), locale)
        except ValueError:
            return text
    if entity == "tour" and key == "was" and (span := _SPAN.fullmatch(text)):
        try:
            first, end = (date.fromisoformat(d) for d in span.groups())
            return locale_text.day_span(first, end - timedelta(days=1), locale)
        except ValueError:
            return text
    instant = _instant(text, locale, tz)
    if instant is not None:
        return instant
    return value(text, locale, tz)


def _before_after(key: str, stored: object, locale: str | None, tz: tzinfo | None) -> str:
    if isinstance(stored, list) and len(stored) == 2:
        before, after = (shown_value(key, v, locale, tz) for v in stored)
        return f"{before} → {after}"
    return shown_value(key, stored, locale, tz)


_SPAN = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


def items(row: AuditRow, locale: str | None, tz: tzinfo | None = None) -> list[tuple[str, str]]:
    """The details as (label, value) pairs, in the order of :data:`LABELS`. A fee's currency
    is in its amounts ('€550.00'), not a line of its own."""
    detail = row.detail
    money_keys = [k for k, v in detail.items() if k.endswith("_minor") and isinstance(v, int)]
    keys = sorted(detail, key=lambda k: (_ORDER.get(k, len(_ORDER)), k))
    if money_keys and isinstance(detail.get("currency"), str):
        keys.remove("currency")
    return [(label(k, row.entity), shown_value(k, detail[k], locale, tz, row)) for k in keys]


def details(row: AuditRow, locale: str | None, tz: tzinfo | None = None) -> str:
    """The details on one line, 'Label: value' pairs ('Day: 10 Nov 2026 · Rest: 1 day');
    ``locale=None``: the fixed forms of the command line (ISO days)."""
    return " · ".join(f"{name}: {text}" for name, text in items(row, locale, tz))

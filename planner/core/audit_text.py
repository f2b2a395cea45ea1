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

import ast
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
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
    if stored is None or stored == "" or stored == []:  # nothing recorded
        return "–"
    if isinstance(stored, str) and _LIST_TEXT.fullmatch(stored):  # a list written as text
        try:
            listed = ast.literal_eval(stored)
        except (ValueError, SyntaxError):
            listed = None
        if isinstance(listed, list) and all(isinstance(v, str) for v in listed):
            return ", ".join(listed) or "–"
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


_LIST_TEXT = re.compile(r"\[('[^'\\]*'(, '[^'\\]*')*)?\]")  # "['engineer', 'leader']"
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


# -- searching what is shown -------------------------------------------------------------


@dataclass(frozen=True)
class StoredForm:
    """Where a search typed as shown is in the stored text: every one of ``pieces`` in the
    entry's details as ', key=value, ...,' (lower case), on an entry of ``entity`` (any when
    empty), and ``within``: a stored figure (key, low, high) with low <= figure < high."""

    pieces: tuple[str, ...] = ()
    entity: str = ""
    within: tuple[str, float, float] | None = None


_REST = re.compile(r"(\d+(?:[.,]\d+)?)\s*days?")
_HALF_A_DAY = ("half a day", "half a da", "half a d", "half a")
_PERCENT_TYPED = re.compile(r"(\d{1,3})\s?%")
_NUMBER_ID = re.compile(r"#(\d+)")


def _labels() -> list[tuple[str, str, str]]:
    """(entity, key, label in lower case) of every label a detail is shown with."""
    found = [("", key, name.casefold()) for key, name in LABELS.items()]
    return found + [("tour", key, name.casefold()) for key, name in TOUR_LABELS.items()]


def _money(typed: str, locale: str | None) -> list[tuple[int, str]]:
    """The amounts (minor units, currency) a money amount typed as shown can be: with its
    symbol or code that currency's; a bare figure, in any of the app's currencies."""
    named = [c for c, s in money.SYMBOLS.items() if s.strip() and s.strip().casefold() in typed]
    named += [c for c in money.SYMBOLS if c.casefold() in typed.split()]
    if not any(ch.isdigit() for ch in typed):
        return []
    found = []
    for currency in dict.fromkeys(named or ["EUR", "GBP", "USD"]):
        try:
            found.append((money.parse_amount(typed.upper(), currency, locale), currency))
        except (PlannerError, ValueError, ArithmeticError):
            continue
    return found


def _half_days(typed: str) -> int | None:
    if typed in _HALF_A_DAY or typed in ("half-day", "half-days"):
        return 1
    found = _REST.fullmatch(typed)
    if found is None:
        return None
    days = float(found.group(1).replace(",", "."))
    return int(days * 2) if days * 2 == int(days * 2) else None


def _iso_day(typed: str, locale: str | None) -> str | None:
    if ISO_DAY.fullmatch(typed) or ISO_MONTH.fullmatch(typed):
        return typed
    # without a locale the days are ISO, a time's day the fixed 'Fri 17 Jul 2026'
    return locale_text.read_day(typed, locale or "en_GB")


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?")
_ZONE_AT_END = re.compile(r"\s+([a-z]{2,5}|[+-]\d{2}:?\d{2})$")


def _instant_typed(typed: str, locale: str | None, tz: tzinfo | None) -> str | None:
    """A time typed as shown ('sun 13 dec 2026 09:00 gmt', de_DE 'so., 13. dez. 2026,
    09:00'), in the home zone ``tz``, as stored: '2026-12-13 09:00' (UTC)."""
    clock = _CLOCK.search(typed)
    if clock is None or tz is None:
        return None
    day = _iso_day(_ZONE_AT_END.sub("", typed[: clock.start()] + typed[clock.end() :]), locale)
    if day is None or not ISO_DAY.fullmatch(day):
        return None
    hour, minute = int(clock.group(1)), int(clock.group(2))
    if clock.group(4):
        hour = hour % 12 + (12 if clock.group(4).startswith("p") else 0)
    try:
        local = datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=tz)
    except ValueError:
        return None
    return f"{local.astimezone(UTC):%Y-%m-%d %H:%M}"


def _values(key: str, typed: str, locale: str | None, tz: tzinfo | None = None) -> list[StoredForm]:
    """Where a value typed as shown for ``key`` (after 'Label: ') is stored."""
    prefix = f", {key}="
    forms = [StoredForm((prefix + typed,))]  # as stored (a name, an email, a number)
    if key.endswith("_minor"):
        forms += [
            StoredForm((f"{prefix}{minor},", f", currency={currency.casefold()},"))
            for minor, currency in _money(typed, locale)
        ]
    if key in _HALF_DAYS and (half := _half_days(typed)) is not None:
        forms.append(StoredForm((f"{prefix}{half},",)))
    if typed in ("yes", "no"):
        forms.append(StoredForm((f"{prefix}{'true' if typed == 'yes' else 'false'},",)))
    if typed == "–":
        forms += [StoredForm((f"{prefix},",)), StoredForm((f"{prefix}[],",))]
    if key in _IDS and (number := _NUMBER_ID.fullmatch(typed)):
        forms.append(StoredForm((f"{prefix}{number.group(1)},",)))
    if key in _PERCENT and (share := _PERCENT_TYPED.fullmatch(typed)):
        low = (int(share.group(1)) - 0.5) / 100
        forms.append(StoredForm(within=(key, low, low + 0.01)))
    if (at := _instant_typed(typed, locale, tz)) is not None:
        forms.append(StoredForm((prefix + at,)))
    if (day := _iso_day(typed, locale)) is not None:
        forms.append(StoredForm((prefix + day,)))
        if key == "end" and ISO_DAY.fullmatch(day):  # a tour's last day: the end before
            end = date.fromisoformat(day) + timedelta(days=1)
            forms.append(StoredForm((f"{prefix}{end.isoformat()}",), "tour"))
    return forms


def stored_forms(search: str, locale: str | None, tz: tzinfo | None = None) -> list[StoredForm]:
    """Where the details of the entries a search typed as :func:`details` shows them holds
    ('Fee: €550.00', '550,00 €', 'Rest: 1 day', 'half a day', 'yes', 'Balance: 69 %', a
    label alone, a day as shown, a time in the home zone ``tz``) are in the stored text. A value is found when typed whole;
    the stored form ('half_days=2') is found as it always was (``audit_log``)."""
    typed = " ".join(search.casefold().split())
    if not typed:
        return []
    labels = _labels()
    forms = [StoredForm((f", {key}=",), entity) for entity, key, name in labels if typed in name]
    left, colon, right = typed.partition(":")  # 'Label: value' (not a clock's colon)
    if colon and left.strip() and any(name.endswith(left.strip()) for _e, _k, name in labels):
        for entity, key, name in labels:
            if name.endswith(left.strip()):
                found = _values(key, right.strip(), locale, tz) if right.strip() else []
                forms += [StoredForm(f.pieces, f.entity or entity, f.within) for f in found]
                if not right.strip():
                    forms.append(StoredForm((f", {key}=",), entity))
        return forms
    forms += [
        StoredForm((f"_minor={minor},", f", currency={currency.casefold()},"))
        for minor, currency in _money(typed, locale)
    ]
    if (half := _half_days(typed)) is not None:
        forms.append(StoredForm((f"half_days={half},",)))
    if typed in ("yes", "no"):
        forms.append(StoredForm((f"={'true' if typed == 'yes' else 'false'},",)))
    if typed == "–":  # nothing recorded
        forms += [StoredForm(("=,",)), StoredForm(("=[],",))]
    if (number := _NUMBER_ID.fullmatch(typed)) is not None:
        forms += [StoredForm((f", {key}={number.group(1)},",)) for key in _IDS]
    if (share := _PERCENT_TYPED.fullmatch(typed)) is not None:
        low = (int(share.group(1)) - 0.5) / 100
        forms += [StoredForm(within=(key, low, low + 0.01)) for key in _PERCENT]
    elif typed == "%":  # every percentage shown
        forms += [StoredForm((f", {key}=",)) for key in _PERCENT]
    if (at := _instant_typed(typed, locale, tz)) is not None:
        forms.append(StoredForm((f"={at}",)))
    if (day := _iso_day(typed, locale)) is not None and ISO_DAY.fullmatch(day):
        end = date.fromisoformat(day) + timedelta(days=1)  # a tour's last day
        forms += [StoredForm((f"={day}",)), StoredForm((f", end={end.isoformat()}",), "tour")]
    elif day is not None:
        forms.append(StoredForm((f"={day}",)))
    return forms

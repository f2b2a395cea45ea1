"""Money: integer minor units per ISO 4217 currency, largest-remainder splits, formatting.

Which codes exist, their precision and names come from Babel (CLDR data), not a table here.

Amounts are never floats. A fee split by hours uses the largest-remainder (Hamilton)
method so the parts always add up to the fee exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from babel.core import get_global
from babel.numbers import (
    NumberFormatError,
    format_currency,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    get_group_symbol,
    is_currency,
    parse_decimal,
)

from planner.core.dates import utc_now
from planner.core.errors import PlannerError
from planner.core.locale_text import babel_locale

# Display symbols the app has always used; any other currency shows its code ("SEK 3.00").
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "CHF": "CHF ", "CAD": "CA$"}


class CurrencyWithdrawn(PlannerError):
    """A currency once legal tender that no territory uses any more, newly chosen."""


@cache
def _tender_spans() -> dict[str, list[tuple[str, date, date | None]]]:
    """Code -> (territory, first day, end day or None) for each territory where it was or is
    legal tender (Babel's CLDR data: the same whatever the day)."""
    spans: dict[str, list[tuple[str, date, date | None]]] = {}
    for territory, currencies in get_global("territory_currencies").items():
        for code, start, end, tender in currencies:
            if tender:
                first = date(*start) if start else date.min
                spans.setdefault(code, []).append((territory, first, date(*end) if end else None))
    return spans


@lru_cache(maxsize=4)
def _in_use_on(day: date) -> frozenset[str]:
    return frozenset(
        code
        for code, spans in _tender_spans().items()
        if any(end is None or end > day for _territory, _first, end in spans)
    )


def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes some territory uses as legal tender today (Babel's CLDR data).
    Today is the UTC day, the same on every computer at the same moment (no database here
    to ask for the home site's; a computer in San Francisco still accepted a currency
    withdrawn at midnight, 8 hours after Dublin and UTC refused it). Asked afresh each
    day: an app left running over midnight answers for the new day."""
    return _in_use_on(utc_now().date())


def _withdrawn(code: str, today: date) -> str:
    """Why ``code``, once legal tender, may not be chosen now: the day CLDR ends it and the
    currency that took over where it was used, when there is one still in use."""
    spans = _tender_spans()[code]
    ended = max(end for _territory, _first, end in spans if end is not None)
    in_use = _in_use_on(today)
    ends = {where: end for where, _first, end in spans if end is not None}
    after = sorted(
        other
        for other, other_spans in _tender_spans().items()
        if other in in_use and any(w in ends and first <= ends[w] for w, first, _end in other_spans)
    )
    name = get_currency_name(code, locale="en")
    text = f"currency {code!r} ({name}) was withdrawn on {ended.isoformat()}"
    if after:
        return f"{text}: use its successor, {' or '.join(after)}"
    return text


def check_currency(code: str) -> str:
    """A currency newly chosen (a site's, a fee's): the code upper-cased when some territory
    uses it today, else a PlannerError naming it (and, for a withdrawn one, its end and its
    successor). Money already stored in a currency is read with ``stored_currency``."""
    norm = (code or "").strip().upper()
    today = utc_now().date()
    if norm in _in_use_on(today):
        return norm
    if norm in _tender_spans():
        raise CurrencyWithdrawn(_withdrawn(norm, today))
    raise PlannerError(f"unknown currency code {code!r}: expected an ISO 4217 code like EUR")


def stored_currency(code: str) -> str:
    """The code upper-cased for money already stored in it: any currency ISO 4217 has had,
    even one withdrawn since (BGN after 31 Jan 2026), so what was paid in it still shows,
    exports and totals in it; a PlannerError only for a code that was never a currency."""
    norm = (code or "").strip().upper()
    if norm in _tender_spans() or is_currency(norm):
        return norm
    raise PlannerError(f"unknown currency code {code!r}: expected an ISO 4217 code like EUR")


def minor_units(currency: str) -> int:
    """Digits after the decimal point (EUR 2, JPY 0, KWD 3; withdrawn ones too: BGN 2),
    from Babel's CLDR data."""
    return int(get_currency_precision(stored_currency(currency)))


def currency_name(currency: str) -> str:
    """The currency's English name, e.g. 'Euro', 'British Pound' (Babel)."""
    return str(get_currency_name(stored_currency(currency), locale="en"))


def split_largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` (minor units) in proportion to ``weights`` so the parts sum to it.

    Each part gets the floor of its exact share; the units left over go one each to the
    parts with the largest remainders (ties: the earlier part). All-zero weights give all
    zeros. Negative totals are split by magnitude and negated.
    """
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if not weights or weight_sum == 0:
        return [0] * len(weights)
    if total < 0:
        return [-p for p in split_largest_remainder(-total, weights)]
    parts = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def to_decimal_string(amount_minor: int, currency: str) -> str:
    """'1234.50' for 123450 EUR: exact, no floats."""
    digits = minor_units(currency)
    sign = "-" if amount_minor < 0 else ""
    value = abs(amount_minor)
    if digits == 0:
        return f"{sign}{value}"
    whole, frac = divmod(value, 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


def format_money(amount_minor: int, currency: str, locale: str | None = None) -> str:
    """'€1,234.50', '-£12.00', 'SEK 3.00': the fixed form of the command line, the
    workbook and every file. With a locale's name (the desktop app passes the user's),
    that locale's form from Babel: fr_FR '1 234,50 €', de_DE '1.234,50 €'. Exact: the
    minor units become a Decimal, never a float."""
    digits = minor_units(currency)
    loc = babel_locale(locale)
    if loc is not None:
        exact = Decimal(amount_minor).scaleb(-digits)
        return str(format_currency(exact, currency.upper(), locale=loc, currency_digits=True))
    sign = "-" if amount_minor < 0 else ""
    whole, frac = divmod(abs(amount_minor), 10**digits)
    text = f"{whole:,}" + (f".{frac:0{digits}d}" if digits else "")
    symbol = SYMBOLS.get(currency.upper(), f"{currency.upper()} ")
    return f"{sign}{symbol}{text}"


def _parse_in_locale(text: str, currency: str, locale: str | None) -> Decimal | None:
    """``text`` read in the locale's form ('1 234,50 €' in fr_FR, '1.234,50' in de_DE), or
    None when it is not in that form (the fixed form is tried next)."""
    loc = babel_locale(locale)
    if loc is None:
        return None
    raw = (text or "").strip()
    code = currency.upper()
    for symbol in (get_currency_symbol(code, locale=loc), SYMBOLS.get(code, "").strip(), code):
        if symbol:
            raw = raw.replace(symbol, "")
    raw = raw.strip()
    group = get_group_symbol(locale=loc)
    if group.isspace():  # typed with an ordinary space for the locale's narrow one
        raw = "".join(group if ch.isspace() else ch for ch in raw)
    try:
        return Decimal(parse_decimal(raw, locale=loc, strict=True))
    except (NumberFormatError, ArithmeticError):
        return None


def parse_amount(text: str, currency: str, locale: str | None = None) -> int:
    """'500', '500.00', '1,234.5' -> minor units; refuses more decimals than the currency has.
    With a locale's name, its own form is read first: fr_FR '550,00', '1 234,50 €'."""
    digits = minor_units(currency)
    localized = _parse_in_locale(text, currency, locale)
    if localized is not None and localized.is_finite():
        exponent = localized.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > digits:
            raise PlannerError(f"amount {text!r} has more than {digits} decimals for {currency}")
        return int(localized.scaleb(digits))
    raw = (text or "").strip().replace(",", "").replace("_", "")
    for symbol in (SYMBOLS.get(currency.upper(), ""), currency.upper()):
        if symbol.strip() and raw.startswith(symbol.strip()):
            raw = raw[len(symbol.strip()) :].strip()
    sign = -1 if raw.startswith("-") else 1
    raw = raw.lstrip("+-")
    whole, _, frac = raw.partition(".")
    if not whole and not frac or not (whole or "0").isdigit() or (frac and not frac.isdigit()):
        raise PlannerError(f"amount {text!r} is not a number")
    if len(frac) > digits:
        raise PlannerError(f"amount {text!r} has more than {digits} decimals for {currency}")
    scale: int = 10**digits  # typeshed types int ** int as Any (a negative power is a float)
    return sign * (int(whole or "0") * scale + int((frac or "0").ljust(digits, "0")))


def excel_number_format(currency: str) -> str:
    """A spreadsheet number format showing the currency, e.g. '[$€-x-euro2] #,##0.00'."""
    digits = minor_units(currency)
    body = "#,##0" + ("." + "0" * digits if digits else "")
    symbol = SYMBOLS.get(currency.upper(), "").strip()
    prefix = f'"{symbol}"' if symbol else f'"{currency.upper()} "'
    return f"{prefix}{body};-{prefix}{body}"

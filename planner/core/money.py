"""Money: integer minor units per ISO 4217 currency, largest-remainder splits, formatting.

Amounts are never floats. A fee split by hours uses the largest-remainder (Hamilton)
method so the parts always add up to the fee exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.core.errors import PlannerError

# ISO 4217 active currency codes and their minor units (digits after the decimal point).
# Codes not listed with a digit count use 2.
_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_FOUR = "CLF UYW"
_TWO = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP "
    "BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD "
    "FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD "
    "KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD "
    "NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP "
    "SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UZS VED "
    "VES WST XCD XCG YER ZAR ZMW ZWG ZWL"
)
MINOR_UNITS: dict[str, int] = {
    **{c: 2 for c in _TWO.split()},
    **{c: 0 for c in _ZERO.split()},
    **{c: 3 for c in _THREE.split()},
    **{c: 4 for c in _FOUR.split()},
}
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "CHF": "CHF ", "CAD": "CA$"}


def check_currency(code: str) -> str:
    """The code upper-cased, or a PlannerError naming it when it is not ISO 4217."""
    norm = (code or "").strip().upper()
    if norm not in MINOR_UNITS:
        raise PlannerError(f"unknown currency code {code!r}: expected an ISO 4217 code like EUR")
    return norm


def minor_units(currency: str) -> int:
    return MINOR_UNITS[check_currency(currency)]


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


def format_money(amount_minor: int, currency: str) -> str:
    """'€1,234.50', '-£12.00', 'SEK 3.00': for screens and tables."""
    digits = minor_units(currency)
    sign = "-" if amount_minor < 0 else ""
    whole, frac = divmod(abs(amount_minor), 10**digits)
    text = f"{whole:,}" + (f".{frac:0{digits}d}" if digits else "")
    symbol = SYMBOLS.get(currency.upper(), f"{currency.upper()} ")
    return f"{sign}{symbol}{text}"


def parse_amount(text: str, currency: str) -> int:
    """'500', '500.00', '1,234.5' -> minor units; refuses more decimals than the currency has."""
    digits = minor_units(currency)
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

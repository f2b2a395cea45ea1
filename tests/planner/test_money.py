"""Money: largest-remainder splits add up exactly; formats follow the currency."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.errors import PlannerError
from planner.core.money import (
    check_currency,
    format_money,
    parse_amount,
    split_largest_remainder,
    to_decimal_string,
)
from tests.mutation import UNDER_MUTATION, examples


def test_a_fee_split_in_three_equal_parts_gives_the_odd_cent_to_the_first() -> None:
    assert split_largest_remainder(100, [1, 1, 1]) == [34, 33, 33]


def test_the_largest_remainder_gets_the_leftover_cent() -> None:
    # exact shares 16.5, 33.3, 50.2 -> floors 16, 33, 50 leave 1 for the largest remainder
    assert split_largest_remainder(100, [165, 333, 502]) == [17, 33, 50]


@settings(max_examples=examples(100), derandomize=UNDER_MUTATION)
@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=12),
)
def test_parts_always_add_up_and_never_stray_more_than_a_cent(
    total: int, weights: list[int]
) -> None:
    parts = split_largest_remainder(total, weights)
    if sum(weights) == 0:
        assert parts == [0] * len(weights)
        return
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part * sum(weights) - total * weight) < sum(weights)


def test_currencies_use_their_own_minor_units() -> None:
    assert to_decimal_string(123450, "EUR") == "1234.50"
    assert to_decimal_string(1500, "JPY") == "1500"
    assert to_decimal_string(-5, "BHD") == "-0.005"
    assert format_money(123450, "EUR") == "€1,234.50"
    assert format_money(-1200, "GBP") == "-£12.00"
    assert format_money(300, "SEK") == "SEK 3.00"


def test_amounts_parse_exactly_and_refuse_extra_decimals() -> None:
    assert parse_amount("500", "EUR") == 50000
    assert parse_amount("1,234.5", "USD") == 123450
    with pytest.raises(PlannerError, match="more than 0 decimals"):
        parse_amount("10.5", "JPY")
    with pytest.raises(PlannerError, match="not a number"):
        parse_amount("ten", "EUR")


def test_an_unknown_currency_code_is_named() -> None:
    assert check_currency(" eur ") == "EUR"
    with pytest.raises(PlannerError, match="unknown currency code 'EUX'"):
        check_currency("EUX")


def test_codes_precision_and_names_come_from_babel() -> None:
    from planner.core.money import currency_name, known_currencies, minor_units

    assert {"EUR", "GBP", "USD", "UYU", "XCG"} <= known_currencies()  # UYU: the old table lacked it
    assert [minor_units(c) for c in ("EUR", "JPY", "KWD", "CHF")] == [2, 0, 3, 2]
    assert currency_name("GBP") == "British Pound"
    for retired in ("DEM", "FRF", "ZWD"):  # no longer anyone's legal tender
        with pytest.raises(PlannerError, match=f"^currency '{retired}' .* was withdrawn on "):
            check_currency(retired)


def test_what_the_screens_show_is_unchanged_for_the_offices_currencies() -> None:
    shown = [format_money(5512345, c) for c in ("EUR", "GBP", "USD", "CHF", "CAD", "JPY")]
    assert shown == [
        "€55,123.45",
        "£55,123.45",
        "$55,123.45",
        "CHF 55,123.45",
        "CA$55,123.45",
        "¥5,512,345",
    ]


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("-12.50", "EUR", -1250),
        ("+5", "EUR", 500),
        ("€1,234.50", "EUR", 123450),
        ("£ 7", "GBP", 700),
        ("EUR 12", "EUR", 1200),
        ("1_000", "USD", 100000),
        (".5", "EUR", 50),
        ("5.", "EUR", 500),
        ("12.34", "EUR", 1234),
        ("-0.005", "BHD", -5),
        ("1500", "JPY", 1500),
    ],
)
def test_amounts_as_people_type_them(text: str, currency: str, minor: int) -> None:
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize("text", ["", "-", ".", "1.2.3", "1-2", "€", "12.3x"])
def test_what_is_not_an_amount_is_refused_by_name(text: str) -> None:
    with pytest.raises(PlannerError, match=f"amount {text!r} is not a number"):
        parse_amount(text, "EUR")


def test_spreadsheet_number_formats_show_the_symbol_or_code_and_the_precision() -> None:
    from planner.core.money import excel_number_format

    assert excel_number_format("EUR") == '"€"#,##0.00;-"€"#,##0.00'
    assert excel_number_format("JPY") == '"¥"#,##0;-"¥"#,##0'
    assert excel_number_format("sek") == '"SEK "#,##0.00;-"SEK "#,##0.00'
    assert excel_number_format("BHD") == '"BHD "#,##0.000;-"BHD "#,##0.000'


def test_zero_has_no_minus_sign() -> None:
    assert (to_decimal_string(0, "EUR"), format_money(0, "GBP")) == ("0.00", "£0.00")
    assert (to_decimal_string(-1, "EUR"), format_money(-1, "GBP")) == ("-0.01", "-£0.01")


@pytest.mark.parametrize(("text", "currency"), [("X12", "EUR"), ("XXXX 5", "SEK"), ("kr 5", "SEK")])
def test_letters_before_a_number_other_than_its_symbol_or_code_are_refused(
    text: str, currency: str
) -> None:
    with pytest.raises(PlannerError, match=f"amount {text!r} is not a number"):
        parse_amount(text, currency)


def test_negative_weights_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="^weights must not be negative$"):
        split_largest_remainder(100, [1, -1])


def test_currency_names_are_english_whatever_the_computers_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import babel.numbers

    from planner.core.money import currency_name

    monkeypatch.setattr(babel.numbers, "LC_MONETARY", "de_DE")
    monkeypatch.setattr(babel.numbers, "LC_NUMERIC", "de_DE")
    assert currency_name("GBP") == "British Pound"


def test_a_negative_total_is_split_by_magnitude_and_negated() -> None:
    # a claw-back of 1.00 in three equal parts: the odd cent goes to the first, as when paid
    assert split_largest_remainder(-100, [1, 1, 1]) == [-34, -33, -33]
    assert split_largest_remainder(-7, [165, 333, 502]) == [-1, -2, -4]


def test_nothing_to_split_gives_zero_parts() -> None:
    assert split_largest_remainder(0, [1, 2, 3]) == [0, 0, 0]
    assert split_largest_remainder(100, [0, 0]) == [0, 0]
    assert split_largest_remainder(100, []) == []


def test_amounts_on_screen_follow_the_users_locale_exactly() -> None:
    # what the desktop app shows a French, German, American, Japanese or British user
    assert format_money(123450, "EUR", "fr_FR") == "1\u202f234,50\xa0€"
    assert format_money(-123450, "eur", "de_DE") == "-1.234,50\xa0€"
    assert format_money(123450, "USD", "en_US") == "$1,234.50"
    assert format_money(1234, "JPY", "ja_JP") == "￥1,234"
    assert format_money(5, "GBP", "en_GB") == "£0.05"
    assert format_money(0, "EUR", "fr_FR") == "0,00\xa0€"
    # without a locale: the fixed form of files and the command line
    assert format_money(123450, "EUR") == "€1,234.50"


def test_amounts_typed_in_the_users_locale_are_read_in_it() -> None:
    typed = [
        ("1 234,50 €", "EUR", "fr_FR", 123450),  # an ordinary space for the narrow one
        ("1\u202f234,50 €", "EUR", "fr_FR", 123450),
        ("550,00", "EUR", "fr_FR", 55000),  # not 55 000,00 €
        ("1.234,50", "EUR", "de_DE", 123450),
        ("EUR 12,5", "EUR", "de_DE", 1250),
        ("-12,50 €", "eur", "fr_FR", -1250),
        ("1234", "JPY", "ja_JP", 1234),
        ("€1,234.50", "EUR", "fr_FR", 123450),  # the fixed form still reads
        ("$1,234.50", "USD", "en_US", 123450),
        ("12,50 $US", "USD", "fr_FR", 1250),  # the locale's own symbol for the currency
        ("12,50 £", "GBP", "fr_FR", 1250),  # the plain symbol where the locale says £GB
        ("3,00 kr", "SEK", "sv_SE", 300),  # a currency the fixed form has no symbol for
    ]
    for text, currency, locale, minor in typed:
        assert parse_amount(text, currency, locale) == minor, text
    refused = [
        ("1,234", "EUR", "fr_FR", "amount '1,234' has more than 2 decimals for EUR"),
        ("12,5", "JPY", "fr_FR", "amount '12,5' has more than 0 decimals for JPY"),
        ("douze", "EUR", "fr_FR", "amount 'douze' is not a number"),
        # a group separator out of place is not read loosely as 123,50 €
        ("1.23,5", "EUR", "de_DE", "amount '1.23,5' has more than 2 decimals for EUR"),
    ]
    for text, currency, locale, message in refused:
        with pytest.raises(PlannerError) as err:
            parse_amount(text, currency, locale)
        assert str(err.value) == message


def test_the_currencies_in_use_are_the_same_on_any_computer_at_one_moment(
    monkeypatch, computer_in_san_francisco
) -> None:
    """CLDR ends the Bulgarian lev (BGN) on 31 January 2026. At 01:00 UTC that day a computer
    in San Francisco still says 30 January: it accepted BGN while one in Dublin refused it."""
    import time
    from datetime import UTC, datetime

    from planner.core.money import known_currencies
    from tests.planner.rota_fixtures import freeze_computer_date

    moment = datetime(2026, 1, 31, 1, 0, tzinfo=UTC)
    monkeypatch.setattr("planner.core.money.utc_now", lambda: moment, raising=False)
    freeze_computer_date(monkeypatch, moment, "planner.core.money")
    answers = {}
    for zone in ("America/Los_Angeles", "Europe/Dublin"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        answers[zone] = known_currencies()
    assert answers["America/Los_Angeles"] == answers["Europe/Dublin"]
    assert "BGN" not in answers["America/Los_Angeles"]

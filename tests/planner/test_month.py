"""The ``Month`` value: parsed once where text comes in, then ordered, stepped and shown."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from planner.core.errors import PlannerError
from planner.core.month import Month


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2027-03", Month(2027, 3)), (" 2027-03 ", Month(2027, 3)), ("2027-3", Month(2027, 3))],
)
def test_parse_reads_the_documented_form(text: str, expected: Month) -> None:
    assert Month.parse(text) == expected


@pytest.mark.parametrize("text", ["2027-13", "2027-00", "March 2027", "2027/03", "", "27-03"])
def test_a_month_not_in_the_form_is_refused_naming_the_value(text: str) -> None:
    with pytest.raises(PlannerError) as caught:
        Month.parse(text)
    assert str(caught.value) == f"month {text!r} is not in the form YYYY-MM"


def test_a_year_the_planner_does_not_handle_is_refused_naming_the_value() -> None:
    with pytest.raises(PlannerError, match=r"'1800-01' is outside the years .*1900 to 2999"):
        Month.parse("1800-01")


def test_it_shows_and_stores_as_year_dash_month() -> None:
    assert str(Month(2027, 3)) == "2027-03"
    assert str(Month.parse(str(Month(1999, 12)))) == "1999-12"
    assert f"pay run {Month(2027, 3)}" == "pay run 2027-03"


def test_december_rolls_over_to_january_of_the_next_year_and_back() -> None:
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2027, 1).previous() == Month(2026, 12)
    assert Month(2027, 3).next() == Month(2027, 4)
    assert Month(2027, 3).previous() == Month(2027, 2)


def test_first_and_last_day_including_leap_februaries() -> None:
    assert (Month(2027, 3).first_day, Month(2027, 3).last_day) == (
        date(2027, 3, 1),
        date(2027, 3, 31),
    )
    assert Month(2028, 2).last_day == date(2028, 2, 29)
    assert Month(2027, 2).last_day == date(2027, 2, 28)
    assert Month(2026, 12).last_day == date(2026, 12, 31)


def test_months_order_by_time_not_by_text() -> None:
    months = [Month(2027, 10), Month(2026, 12), Month(2027, 2), Month(2027, 1)]
    assert sorted(months) == [Month(2026, 12), Month(2027, 1), Month(2027, 2), Month(2027, 10)]
    assert Month(2026, 12) < Month(2027, 1) < Month(2027, 10)
    assert max(months) == Month(2027, 10)


def test_of_a_date_or_a_datetime_is_its_month() -> None:
    assert Month.of(date(2027, 3, 31)) == Month(2027, 3)
    assert Month.of(datetime(2027, 1, 1, 0, 0, tzinfo=UTC)) == Month(2027, 1)


def test_it_is_an_immutable_hashable_value() -> None:
    month = Month(2027, 3)
    with pytest.raises(AttributeError):
        month.month = 4  # type: ignore[misc]
    assert {Month(2027, 3): "x"}[Month.parse("2027-03")] == "x"
    with pytest.raises(ValueError, match="13"):
        Month(2027, 13)

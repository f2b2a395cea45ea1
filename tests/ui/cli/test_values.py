"""Dates and instants typed on the command line: the refusals word for word."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from planner.core.errors import PlannerError
from ui.cli.values import parse_date, parse_instant


def _refusal(parse, *args: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(PlannerError) as caught:
        parse(*args)
    return str(caught.value)


def test_a_date_is_iso_and_a_bad_one_is_named_after_its_option() -> None:
    assert parse_date("2027-03-13") == date(2027, 3, 13)
    assert _refusal(parse_date, "2027-13-01") == "not a date (YYYY-MM-DD): '2027-13-01'"
    assert (
        _refusal(parse_date, "13/03/2027", "--since")
        == "--since: not a date (YYYY-MM-DD): '13/03/2027'"
    )
    assert "'1800-01-01' is outside the years" in _refusal(parse_date, "1800-01-01")


def test_an_instant_needs_its_utc_offset() -> None:
    assert parse_instant("2027-03-13T21:30+00:00") == datetime(2027, 3, 13, 21, 30, tzinfo=UTC)
    assert _refusal(parse_instant, "noon", "--at") == "--at: not an ISO 8601 time: 'noon'"
    assert (
        _refusal(parse_instant, "2027-03-13T21:30")
        == "'2027-03-13T21:30' needs a UTC offset, e.g. 2027-03-13T21:30+00:00"
    )
    assert (
        _refusal(parse_instant, "2027-03-13T21:30", "--at")
        == "--at: '2027-03-13T21:30' needs a UTC offset, e.g. 2027-03-13T21:30+00:00"
    )

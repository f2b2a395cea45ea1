"""intake._check_row's named steps, each on its own: what a row's cells make of it."""

from __future__ import annotations

from datetime import date

from planner.core.db import Database
from planner.people import intake
from planner.people.intake import RowPreview, _Cells

COLUMNS = {
    "name": 0,
    "email": 1,
    "office": 2,
    "role": 3,
    "available_from": 4,
    "tour_start": 5,
    "tour_end": 6,
    "unavailable": 7,
}


def _cells(*values: str) -> _Cells:
    return _Cells(7, list(values), COLUMNS, [])


def test_texts_name_and_email_are_required_and_checked() -> None:
    c = _cells("", "not-an-email")
    intake._check_texts(c, "", "not-an-email")
    assert c.errors == [
        "line 7, column Name: name is required ('')",
        "line 7, column Email: malformed email ('not-an-email')",
    ]


def test_office_and_role_are_matched_or_named(db: Database) -> None:
    with db.session() as session:
        good = _cells("Ann", "ann@example.com", "dublin", "Engineer")
        assert intake._check_office_and_role(session, good) == ("Dublin", "engineer")
        bad = _cells("Ann", "ann@example.com", "Paris", "boss")
        assert intake._check_office_and_role(session, bad) == ("Paris", "boss")
    assert good.errors == []
    assert [e.split(":")[0] for e in bad.errors] == ["line 7, column Office", "line 7, column Role"]


def test_dates_in_an_order_that_makes_sense() -> None:
    ok = _cells("", "", "", "", "2027-01-04", "2027-02-01", "2027-08-01")
    assert intake._check_dates(ok) == (date(2027, 1, 4), date(2027, 2, 1), date(2027, 8, 1))
    early = _cells("", "", "", "", "2027-03-01", "2027-02-01", "")
    assert intake._check_dates(early) == (date(2027, 3, 1), date(2027, 2, 1), None)
    assert early.errors == [
        "line 7, column Tour start: tour starts before available from 2027-03-01 ('2027-02-01')"
    ]
    alone = _cells("", "", "", "", "", "", "2027-08-01")
    intake._check_dates(alone)
    assert alone.errors == ["line 7, column Tour end: a tour end needs a tour start ('2027-08-01')"]


def test_unavailable_ranges_or_the_reason_they_are_not() -> None:
    ok = _cells("", "", "", "", "", "", "", "2027-02-01..2027-02-14; 2027-03-03")
    assert intake._check_unavailable(ok) == [
        (date(2027, 2, 1), date(2027, 2, 14)),
        (date(2027, 3, 3), date(2027, 3, 3)),
    ]
    bad = _cells("", "", "", "", "", "", "", "soon")
    assert intake._check_unavailable(bad) == [] and len(bad.errors) == 1


def test_a_tour_gets_the_default_length_when_no_end_is_given(db: Database) -> None:
    row = RowPreview(7, "new", "Ann", "ann@example.com")
    row.values = {"tour_start": date(2027, 2, 1), "tour_end": None}  # type: ignore[typeddict-item]
    with db.session() as session:
        intake._check_tour(session, _cells(), row, None, date(2027, 2, 1))
    assert row.values["tour_end"] == date(2027, 8, 1) and row.errors == []

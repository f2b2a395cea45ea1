"""Intake from a form export: reading any CSV/XLSX a tool writes, preview, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from planner.core.errors import PlannerError
from planner.core.models import Tour, Unavailability, Volunteer
from planner.people import intake
from planner.people.volunteers import list_volunteers
from tests.planner.intake_helpers import HEADER, snapshot, write_csv

TODAY = date(2026, 11, 26)
SAMPLES = Path(__file__).parents[2] / "resources" / "samples"
GOOD = "Ann Lee,ann.lee@example.com,Dublin,Data,Engineer,Ciara Nolan,2027-01-04,,,"


def list_volunteers_now(db) -> list[tuple[str, str, str]]:
    with db.session() as s:
        return [(v.name, v.site, v.role) for v in list_volunteers(s)]


def _import(db, path: Path) -> intake.Preview:
    with db.transaction() as session:
        return intake.import_file(session, path, TODAY)


def _refused(db, path: Path) -> str:
    """Import must fail; returns the message after checking nothing was written."""
    before = snapshot(db)
    with pytest.raises(PlannerError) as error:
        _import(db, path)
    assert snapshot(db) == before
    return str(error.value)


def test_a_good_file_creates_volunteers_with_unavailability_and_tour(db, tmp_path) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        GOOD,
        "Bo Park,BO.PARK@example.com,SF,Search,Engineering leader,Mark Daly,2026-12-01,"
        '"2027-02-01..2027-02-14; 2027-03-03",2027-01-04,likes nights',
    )
    preview = _import(db, path)
    assert preview.counts() == {"new": 2, "update": 0, "unchanged": 0, "error": 0}
    with db.session() as s:
        bo = s.exec(select(Volunteer).where(Volunteer.email == "bo.park@example.com")).one()
        assert (bo.role, bo.status, bo.notes) == ("leader", "approved", "likes nights")
        away = s.exec(select(Unavailability).where(Unavailability.volunteer_id == bo.id)).all()
        assert sorted((u.first_day, u.last_day) for u in away) == [
            (date(2027, 2, 1), date(2027, 2, 14)),
            (date(2027, 3, 3), date(2027, 3, 3)),
        ]
        tour = s.exec(select(Tour).where(Tour.volunteer_id == bo.id)).one()
        assert (tour.start, tour.end) == (date(2027, 1, 4), date(2027, 7, 4))
        ann = s.exec(select(Volunteer).where(Volunteer.email == "ann.lee@example.com")).one()
        assert ann.status == "applied" and ann.available_from == date(2027, 1, 4)


def test_a_known_email_updates_instead_of_duplicating(db, tmp_path) -> None:
    _import(db, write_csv(tmp_path / "a.csv", GOOD))
    moved = GOOD.replace("Dublin,Data", "London,Billing")
    preview = _import(db, write_csv(tmp_path / "b.csv", moved))
    assert [r.action for r in preview.rows] == ["update"]
    assert any("site: Dublin → London" in c for c in preview.rows[0].changes)
    with db.session() as s:
        people = s.exec(select(Volunteer)).all()
        assert len(people) == 1 and people[0].team == "Billing"
    again = _import(db, write_csv(tmp_path / "c.csv", moved))
    assert [r.action for r in again.rows] == ["unchanged"]


def test_blank_cells_keep_what_is_known_of_a_volunteer(db, tmp_path) -> None:
    full = "Ann Lee,ann.lee@example.com,Dublin,Data,Engineer,Ciara Nolan,2027-01-04,,,likes nights"
    _import(db, write_csv(tmp_path / "a.csv", full))
    blanks = _import(
        db, write_csv(tmp_path / "b.csv", "Ann Lee,ann.lee@example.com,Dublin,,Engineer,,,,,")
    )
    assert [(r.action, r.changes) for r in blanks.rows] == [("unchanged", [])]
    promoted = _import(
        db,
        write_csv(
            tmp_path / "c.csv", "Ann Lee,ann.lee@example.com,Dublin,,Engineering leader,,,,,"
        ),
    )
    assert [(r.action, r.changes) for r in promoted.rows] == [
        ("update", ["role: engineer → leader"])
    ]
    with db.session() as s:
        ann = s.exec(select(Volunteer)).one()
        assert (ann.role, ann.team, ann.manager, ann.available_from, ann.notes) == (
            "leader",
            "Data",
            "Ciara Nolan",
            date(2027, 1, 4),
            "likes nights",
        )


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8", "|")],
)
def test_any_common_delimiter_and_encoding(db, tmp_path, encoding, delimiter) -> None:
    row = "Siobhán Ní Bhriain,siobhan@example.com,Dublin,Data,Leader,Mark Daly,,,,Café"
    path = write_csv(
        tmp_path / "f.csv",
        row.replace(",", delimiter),
        header=HEADER.replace(",", delimiter),
        encoding=encoding,
    )
    _import(db, path)
    with db.session() as s:
        v = s.exec(select(Volunteer)).one()
        assert (v.name, v.notes, v.role) == ("Siobhán Ní Bhriain", "Café", "leader")


def test_columns_match_case_insensitively_with_aliases(db, tmp_path) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        "2026-11-01 10:00,ann@example.com,Ann Lee,SF,ENGINEER",
        header="Timestamp,E-mail Address,FULL NAME,Location,role",
    )
    _import(db, path)
    rows = list_volunteers_now(db)
    assert rows == [("Ann Lee", "San Francisco", "engineer")]


def test_xlsx_with_date_cells(db, tmp_path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Email", "Site", "Role", "Available from", "Tour start"])
    sheet.append(
        ["Ann Lee", "ann@example.com", "London", "Engineer", date(2027, 1, 4), date(2027, 2, 1)]
    )
    book.save(tmp_path / "f.xlsx")
    _import(db, tmp_path / "f.xlsx")
    with db.session() as s:
        assert s.exec(select(Tour)).one().start == date(2027, 2, 1)


# -- bad input: a message naming what is wrong, and the database unchanged --------------


def test_empty_file(db, tmp_path) -> None:
    (tmp_path / "f.csv").write_bytes(b"")
    assert "f.csv is empty" in _refused(db, tmp_path / "f.csv")


def test_header_only(db, tmp_path) -> None:
    assert "header but no volunteer rows" in _refused(db, write_csv(tmp_path / "f.csv"))


def test_missing_required_column(db, tmp_path) -> None:
    path = write_csv(tmp_path / "f.csv", "Ann,Dublin,Engineer", header="Name,Office,Role")
    assert "has no Email column" in _refused(db, path)


def test_unknown_office(db, tmp_path) -> None:
    message = _refused(db, write_csv(tmp_path / "f.csv", GOOD.replace("Dublin", "Berlin")))
    assert "line 2, column Office" in message and "'Berlin'" in message


def test_unknown_role(db, tmp_path) -> None:
    message = _refused(db, write_csv(tmp_path / "f.csv", GOOD.replace("Engineer", "Designer")))
    assert "line 2, column Role" in message and "'Designer'" in message


def test_malformed_email(db, tmp_path) -> None:
    message = _refused(db, write_csv(tmp_path / "f.csv", GOOD.replace("@example.com", "@")))
    assert "line 2, column Email: malformed email" in message


def test_duplicate_email_within_the_file(db, tmp_path) -> None:
    twice = GOOD.replace("ann.lee", "ANN.LEE")
    message = _refused(db, write_csv(tmp_path / "f.csv", GOOD, twice))
    assert "line 3, column Email: duplicate email" in message and "line 2" in message


def test_tour_end_before_start(db, tmp_path) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        "Ann,ann@example.com,Dublin,Engineer,2027-03-01,2027-02-01",
        header="Name,Email,Office,Role,Tour start,Tour end",
    )
    message = _refused(db, path)
    assert "line 2, column Tour end: tour ends before it starts" in message


def test_unavailability_written_backwards(db, tmp_path) -> None:
    row = GOOD.replace("2027-01-04,,", "2027-01-04,2027-03-14..2027-03-02,")
    message = _refused(db, write_csv(tmp_path / "f.csv", row))
    assert "line 2, column Unavailable" in message and "ends before it starts" in message


def test_tour_overlapping_another_tour_of_the_same_volunteer(db, tmp_path) -> None:
    first = GOOD.replace("2027-01-04,,", "2027-01-04,,2027-01-04")
    _import(db, write_csv(tmp_path / "a.csv", first))
    second = GOOD.replace("2027-01-04,,", "2027-01-04,,2027-04-01")
    message = _refused(db, write_csv(tmp_path / "b.csv", second))
    assert (
        "line 2, column Tour start" in message
        and "overlaps the tour 2027-01-04..2027-07-03" in message
    )


def test_a_pdf_renamed_to_csv(db, tmp_path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
    assert "not a CSV or XLSX file" in _refused(db, path)


def test_binary_junk_renamed_to_xlsx(db, tmp_path) -> None:
    path = tmp_path / "volunteers.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip \x00\x00\x01")
    assert "volunteers.xlsx" in _refused(db, path)


def test_one_bad_row_among_good_ones_writes_nothing(db, tmp_path) -> None:
    bad = GOOD.replace("ann.lee", "bo").replace("Dublin", "Mars")
    message = _refused(db, write_csv(tmp_path / "f.csv", GOOD, bad))
    assert "nothing imported" in message and "line 3" in message


# -- the shipped sample -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["volunteer-intake.csv", "volunteer-intake.xlsx"])
def test_sample_preview_flags_exactly_the_four_flawed_rows(db, name) -> None:
    with db.session() as s:
        preview = intake.preview_file(s, SAMPLES / name, TODAY)
    assert len(preview.rows) == 20
    flagged = {r.line: r.errors[0] for r in preview.errors}
    assert sorted(flagged) == [6, 10, 14, 18]
    assert "column Email: malformed email" in flagged[6]
    assert "column Office" in flagged[10] and "Berlin" in flagged[10]
    assert "column Unavailable" in flagged[14]
    assert "duplicate email" in flagged[18]


def test_a_tour_for_a_declined_volunteer_is_refused(db, tmp_path) -> None:
    _import(db, write_csv(tmp_path / "a.csv", GOOD))
    with db.transaction() as s:
        from planner.people import volunteers

        ann = volunteers.by_email(s, "ann.lee@example.com")
        volunteers.change_status(s, ann, "declined", TODAY, "not this round")
    row = GOOD.replace("2027-01-04,,", "2027-01-04,,2027-02-01")
    message = _refused(db, write_csv(tmp_path / "b.csv", row))
    assert "was declined" in message and "line 2, column Tour start" in message


def test_semicolons_in_a_notes_cell_do_not_fool_the_delimiter(db, tmp_path) -> None:
    rows = [GOOD.replace(",,,", ",,,a; b; c; d")] + [
        GOOD.replace("ann.lee", f"p{n}").replace(",,,", f",,,x; y; z; {n}") for n in range(3)
    ]
    _import(db, write_csv(tmp_path / "f.csv", *rows))
    with db.session() as s:
        notes = sorted(v.notes for v in s.exec(select(Volunteer)).all())
    assert notes[0] == "a; b; c; d" and len(notes) == 4


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_with_their_line(
    db, tmp_path
) -> None:
    """Once decoded with replacement characters, a name silently changed; now: refused."""
    path = tmp_path / "f.csv"
    good = (HEADER + "\n" + GOOD + "\n").encode("cp1252")
    bad = "Bea\x81 Ray,bea@example.com,Dublin,Data,Engineer,,,,,\n".encode("latin-1")
    path.write_bytes(good + bad)
    message = _refused(db, path)
    assert message == (
        "f.csv line 3: byte 0x81 is neither UTF-8 nor Windows-1252 text; "
        "save the file as UTF-8 and import it again"
    )

"""The audit log read a page at a time, with its filters and orders applied in SQL: each
page, count, search, person filter and order gives what the whole log, filtered and sorted
in Python the way the Audit screen used to, gives."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text

from planner.core import audit, audit_log, audit_text
from planner.core.audit_log import AuditFilter, AuditRow
from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.models import Volunteer


def _about(row: AuditRow) -> str:
    return row.subject or ("" if row.entity_id is None else f"#{row.entity_id}")


HOME = ZoneInfo("Europe/Dublin")


def _shown(row: AuditRow) -> str:
    """What the Audit screen's search looks in (every column but the time): the details as
    shown (under C), and as stored, as they always were."""
    details = f"{audit_text.details(row, None, HOME)}\t{row.detail_text()}"
    return "\t".join(
        [row.action, row.entity.replace("_", " "), _about(row), details, row.os_user]
    ).lower()


def _names(value: object, email: str) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == email
    if isinstance(value, dict):
        return any(_names(v, email) for v in value.values())
    if isinstance(value, list):
        return any(_names(v, email) for v in value)
    return False


@pytest.fixture
def log(demo_db: Database) -> Database:
    """The demo's log and entries a hand or an older version wrote: details that are not
    JSON, an email in capitals deep inside, a list, a shift that is gone."""
    with demo_db.transaction() as session:
        someone = session.exec(Volunteer.__table__.select()).first()  # type: ignore[attr-defined]
        email = someone.email
        audit.record(session, "note", "", None, a={"b": [email.upper()]})
        audit.record(session, "shift assigned", "shift", 999_999, email=email, override=True)
        entry = audit.record(session, "written by hand", "volunteer", someone.id)
        session.flush()
        session.connection().execute(
            text("UPDATE audit_log SET detail = :d WHERE id = :i"),
            {"d": f"  {email}  ", "i": entry.id},
        )
        audit.record(session, "listed", "page", None)
        session.flush()
        session.connection().execute(
            text("UPDATE audit_log SET detail = :d WHERE action = 'listed'"),
            {"d": json.dumps([1, email])},
        )
    return demo_db


def _kinds(statement: str) -> bool:
    """The look-up of the kinds in the log (its index, not its entries)."""
    return "DISTINCT" in statement or "WITH RECURSIVE" in statement


def test_pages_follow_one_another_through_the_whole_log(log: Database) -> None:
    with log.session() as session:
        every = audit_log.entries(session)
        assert audit_log.count(session, AuditFilter()) == len(every) > 100
        pages = [audit_log.page(session, AuditFilter(), n, 40) for n in range(0, len(every), 40)]
    assert [len(p) for p in pages[:-1]] == [40] * (len(pages) - 1)
    assert [r for p in pages for r in p] == every  # newest first, none twice, none missed


def test_a_page_is_read_with_a_limit_and_counted_without_reading_the_log(log: Database) -> None:
    statements: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(log.engine, "before_cursor_execute", seen)
    try:
        with log.session() as session:
            total = audit_log.count(session, AuditFilter(search="e"))
            rows = audit_log.page(session, AuditFilter(search="e"), 0, 25)
    finally:
        event.remove(log.engine, "before_cursor_execute", seen)
    assert len(rows) == 25 < total
    reads = [(s, p) for s, p in statements if "FROM audit_log" in s and not _kinds(s)]
    assert len(reads) == 2
    (counted, _), (listed, parameters) = reads
    assert counted.lstrip().startswith("SELECT count(*)")
    assert "LIMIT ?" in listed and 25 in parameters  # type: ignore[operator]


@pytest.mark.parametrize(
    "needle",
    [
        "shift",
        "PAY RUN",
        "week of 2026-1",
        "primary week",  # every week of a rotation
        "of 2026-",  # a shift's week from the end of its name into its day
        "-12-0",  # inside the day only
        "email=",
        "'s tour",
        "true",
        "#99",
        "text=",
        "é",
        "  x ",
        "_",  # a search for LIKE's own characters finds them as typed
        "%",
        "t_d",
        # the details as shown
        "Rest: 1 day",
        "1 day",
        "rest",
        "balance",
        "Rules overridden: yes",
        "last day",
        "email:",
        "Month: 2026-0",
        "First day: 2026-",
    ],
)
def test_the_search_finds_what_the_columns_show(log: Database, needle: str) -> None:
    with log.session() as session:
        every = audit_log.entries(session)
        found = audit_log.page(session, AuditFilter(search=needle))
        counted = audit_log.count(session, AuditFilter(search=needle))
        # told how many match, a page may read the log another way: never other entries
        hinted = [
            audit_log.page(session, AuditFilter(search=needle), n, 5, kept=counted)
            for n in range(0, counted, 5)
        ]
    expected = [r for r in every if needle.strip().lower() in _shown(r)]
    assert found == expected and counted == len(expected)
    assert [r for p in hinted for r in p] == expected


def test_the_person_filter_keeps_their_record_their_tours_and_their_email(log: Database) -> None:
    with log.session() as session:
        every = audit_log.entries(session)
        people = session.exec(Volunteer.__table__.select()).all()  # type: ignore[attr-defined]
        tours = dict(session.connection().execute(text("SELECT id, volunteer_id FROM tour")).all())
        kept_any = 0
        for person in people:
            email = person.email.lower()
            expected = [
                r
                for r in every
                if (r.entity == "volunteer" and r.entity_id == person.id)
                or (r.entity == "tour" and tours.get(r.entity_id) == person.id)
                or _names(r.detail, email)
            ]
            mine = AuditFilter(email=person.email.upper())
            assert audit_log.page(session, mine) == expected
            assert audit_log.count(session, mine) == len(expected)
            kept_any += bool(expected)
        assert kept_any > 5


@pytest.mark.parametrize("sort", audit_log.SORTS)
@pytest.mark.parametrize("descending", [True, False])
def test_each_order_is_the_columns_order_with_ties_newest_first(
    log: Database, sort: str, descending: bool
) -> None:
    keys = {
        "at": lambda r: (r.at, r.id),
        "action": lambda r: r.action,
        "kind": lambda r: r.entity.replace("_", " "),
        "about": _about,
        "detail": lambda r: r.detail_text(),
        "os_user": lambda r: r.os_user,
    }
    with log.session() as session:
        every = audit_log.entries(session)  # newest first: a stable sort keeps ties so
        expected = sorted(every, key=keys[sort], reverse=descending)
        chosen = AuditFilter(search="e")
        assert audit_log.page(session, AuditFilter(), sort=sort, descending=descending) == expected
        second = audit_log.page(session, chosen, 30, 30, sort, descending)
    assert second == [r for r in expected if "e" in _shown(r)][30:60]


def test_filters_combine_and_bad_ones_are_refused(log: Database) -> None:
    with log.session() as session:
        every = audit_log.entries(session)
        shifts = AuditFilter(entity="shift", search="assigned")
        assert audit_log.page(session, shifts) == [
            r for r in every if r.entity == "shift" and "assigned" in _shown(r)
        ]
        with pytest.raises(PlannerError, match="unknown entity kind 'shoe'"):
            audit_log.count(session, AuditFilter(entity="shoe"))
        with pytest.raises(PlannerError, match="unknown audit sort 'colour'"):
            audit_log.page(session, AuditFilter(), sort="colour")


@pytest.mark.parametrize("needle", ["órla", "ÓRLA", "Ó súil", "éire", "ÉIRE"])
def test_the_search_folds_the_case_of_every_letter_not_only_ascii(
    demo_db: Database, needle: str
) -> None:
    """Dublin's names: 'órla' finds Órla Ó Súilleabháin as the screen's search always did
    (SQLite's own lower() and LIKE fold only A-Z)."""
    from planner.people import volunteers

    with demo_db.transaction() as session:
        orla = volunteers.create(
            session, name="Órla Ó Súilleabháin", email="orla@example.com", site="Dublin"
        )
        audit.record(session, "note", "volunteer", orla.id, where="ÉIRE")
    with demo_db.session() as session:
        found = audit_log.page(session, AuditFilter(search=needle))
        counted = audit_log.count(session, AuditFilter(search=needle))
    assert found, f"nothing found for {needle!r}"
    assert counted == len(found)
    assert all(needle.casefold() in _shown(r).casefold() for r in found)
    assert {r.entity_id for r in found} == {orla.id}


@pytest.mark.parametrize("needle", ["e", "pay run", "shift assigned", "no such text", ""])
@pytest.mark.parametrize("sort", ["at", "about", "detail"])
def test_the_first_page_is_the_page_and_the_count_whatever_the_filter_keeps(
    log: Database, needle: str, sort: str
) -> None:
    with log.session() as session:
        for chosen in (AuditFilter(search=needle), AuditFilter(entity="shift", search=needle)):
            expected = audit_log.page(session, chosen, 0, 10, sort, False)
            counted = audit_log.count(session, chosen)
            assert audit_log.first_page(session, chosen, 10, sort, False) == (expected, counted)


def test_a_search_that_keeps_few_entries_reads_the_log_once(log: Database) -> None:
    statements: list[str] = []

    def seen(*args) -> None:  # type: ignore[no-untyped-def]
        statements.append(args[2])

    with log.session() as session:
        every = audit_log.entries(session)
        few = [r for r in every if "pay run" in _shown(r)]
        assert 5 < len(few) <= 20  # more than a page of 5, fewer than four
        event.listen(log.engine, "before_cursor_execute", seen)
        try:
            rows, total = audit_log.first_page(session, AuditFilter(search="Pay Run"), 5)
        finally:
            event.remove(log.engine, "before_cursor_execute", seen)
    assert (rows, total) == (few[:5], len(few))
    searched = [s for s in statements if "FROM audit_log" in s and "LIKE" in s]
    assert len(searched) == 1 and "count(*)" not in searched[0]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    "chosen", [AuditFilter(), AuditFilter(entity="shift"), AuditFilter(search="e")]
)
def test_pages_in_the_order_of_what_they_are_about_follow_one_another(
    log: Database, descending: bool, chosen: AuditFilter
) -> None:
    """A page sorted by About reads only the entries of the subjects that reach into it:
    page after page, the same list as the whole log sorted in Python."""
    with log.session() as session:
        every = audit_log.page(session, chosen)
        expected = sorted(every, key=_about, reverse=descending)
        assert len({_about(r) for r in every}) > 2  # several subjects, some with many entries
        pages = [
            audit_log.page(session, chosen, n, 7, "about", descending)
            for n in range(0, len(every) + 7, 7)
        ]
        hinted = audit_log.page(session, chosen, 3, 11, "about", descending, kept=len(every))
    assert [r for p in pages for r in p] == expected and pages[-1] == []
    assert hinted == expected[3:14]

"""The monthly report's figures agree with `planner pages`, `rest` and `rota` for the month.

Each check runs once the command it compares with exists (they come from other issues).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from planner.core.models import Page, RestEntry, Volunteer
from planner.outputs.report import monthly_report
from ui.cli import build_parser

DUBLIN = ZoneInfo("Europe/Dublin")
MONTH = date(2026, 10, 1)  # a month of the demo with worked shifts (TODAY is 2026-11-26)


def _commands() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return set(sub.choices)  # type: ignore[arg-type]


def needs(command: str):  # type: ignore[no-untyped-def]
    return pytest.mark.skipif(
        command not in _commands(), reason=f"`planner {command}` is not in this build yet"
    )


def _in_month(text: str, month: date) -> bool:
    local = datetime.fromisoformat(text).astimezone(DUBLIN).date()
    return local.replace(day=1) == month


def _month_of_last(db, model, column) -> date:  # type: ignore[no-untyped-def]
    with db.session() as s:
        last = s.exec(select(column).order_by(column.desc())).first()
    assert last is not None, f"the demo has no {model.__name__} rows"
    day = last.astimezone(DUBLIN).date() if isinstance(last, datetime) else last
    return day.replace(day=1)


@pytest.fixture
def paged_demo(demo_db):  # type: ignore[no-untyped-def]
    """The demo; if it has no pages yet, a few logged through the page and rest services."""
    from planner.pay import pages, rest

    with demo_db.transaction() as s:
        if s.exec(select(Page)).first() is None:
            people = s.exec(
                select(Volunteer).where(Volunteer.status == "on_tour").order_by(Volunteer.name)
            ).all()
            for n, (day, hour) in enumerate([(3, 2), (9, 21), (16, 3), (24, 14), (31, 23)]):
                at = datetime(2026, 10, day, hour, 15, tzinfo=UTC)
                pages.add_page(s, at, people[n % 3].email, 20 + n, "disk full")
            first = s.exec(select(RestEntry).order_by(RestEntry.day)).first()
            rest.add_entry(
                s, s.get(Volunteer, first.volunteer_id), "taken", date(2026, 10, 30), 0.5
            )
    return demo_db


@needs("pages")
def test_pages_agree(paged_demo, cli) -> None:
    demo_db = paged_demo
    month = _month_of_last(demo_db, Page, Page.at)
    result = cli("--db", demo_db.path, "pages", "--month", f"{month:%Y-%m}", "--format", "json")
    assert result.code == 0, result.err
    rows = result.json()
    assert rows and all(_in_month(r["at"], month) for r in rows)
    with demo_db.session() as s:
        report = monthly_report(s, month)
    assert report.pages == len(rows)
    assert report.night_pages == sum(bool(r["night"]) for r in rows)
    by_person = Counter(r["responder"] for r in rows)
    assert {p.email: p.pages for p in report.people if p.pages} == dict(by_person)


@needs("rest")
def test_rest_agrees(paged_demo, cli) -> None:
    demo_db = paged_demo
    month = _month_of_last(demo_db, RestEntry, RestEntry.day)
    result = cli("--db", demo_db.path, "rest", "--format", "json")
    assert result.code == 0, result.err
    cli_balance = {r["email"]: float(r["balance_days"]) for r in result.json()}
    with demo_db.session() as s:
        report = monthly_report(s, month)  # the last month with rest: balances to date agree
    with_rest = [p for p in report.people if p.rest_entitled or p.rest_taken]
    assert with_rest
    for person in with_rest:
        assert cli_balance[person.email] == person.rest_balance
    assert sum(float(r["taken_days"]) for r in result.json()) >= report.rest_taken


@needs("rota")
def test_rota_agrees(demo_db, cli) -> None:
    result = cli(
        "--db", demo_db.path, "rota", "--from", MONTH.isoformat(), "--weeks", "6",
        "--format", "json",
    )  # fmt: skip
    assert result.code == 0, result.err
    rows = [r for r in result.json() if _in_month(r["slot_start"], MONTH) and r["state"] != "draft"]
    assert rows, "the demo has no published shifts in the month"
    with demo_db.session() as s:
        report = monthly_report(s, MONTH)
    shifts = Counter(r["assignee"] for r in rows if r["assignee"])
    assert {p.email: p.shifts for p in report.people if p.shifts} == dict(shifts)
    assert report.shifts == len(rows)


@needs("rest")
def test_rest_of_the_month_agrees(paged_demo, cli) -> None:
    # `rest --month`: entitled and taken in that month, balance to its end, as the report has.
    for month in (MONTH, date(2026, 9, 1)):
        result = cli(
            "--db", paged_demo.path, "rest", "--month", f"{month:%Y-%m}", "--format", "json"
        )
        assert result.code == 0, result.err
        from_cli = {
            r["email"]: (r["entitled_days"], r["taken_days"], r["balance_days"])
            for r in result.json()
        }
        with paged_demo.session() as s:
            report = monthly_report(s, month)
        from_report = {
            p.email: (p.rest_entitled, p.rest_taken, p.rest_balance)
            for p in report.people
            if p.rest_entitled or p.rest_taken
        }
        assert from_report
        assert from_cli == from_report

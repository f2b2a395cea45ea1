"""An audit entry's details in the coordinator's own terms (``audit_text.details``, what the
Audit screen shows and ``planner audit`` prints as a table): labels instead of stored keys,
money with its currency, rest in days, a balance as a percentage, yes/no, days, months and
instants in the shown forms, under C (fixed forms, ISO days) and de_DE. Every kind of value
the demo's log holds, and a fee and a rule override. Expectations come from the app's one
source of each form (``locale_text``, ``money``), never from copies of its output."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from planner.core import audit, audit_log, audit_text, locale_text, money
from planner.core.audit_log import AuditFilter, AuditRow
from planner.core.db import Database
from planner.core.home import home_calendar
from planner.core.models import Rotation
from planner.pay import fees

LOCALES = (None, "de_DE")


def _log(db: Database) -> tuple[list[AuditRow], object]:
    with db.session() as session:
        return audit_log.entries(session), home_calendar(session).tz


def _first(rows: list[AuditRow], action: str) -> AuditRow:
    return next(r for r in rows if r.action == action)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_stored_key_or_raw_value_is_shown_for_any_entry_of_the_demo(
    demo_db: Database, locale: str | None
) -> None:
    rows, tz = _log(demo_db)
    actions = {r.action for r in rows}
    assert {"rest entitled", "plan accepted", "cover recorded", "tour created"} <= actions
    for row in rows:
        shown = audit_text.details(row, locale, tz)
        assert row.detail and shown, row
        for key, stored in row.detail.items():
            assert f"{key}=" not in shown  # no stored key=value pair
            if "_" in key:
                assert key not in shown, (key, shown)  # half_days, status_to ...
            if isinstance(stored, float):  # a figure with every digit it was stored with
                assert str(stored) not in shown and locale_text.decimal(stored, locale) not in shown
        assert "+00:00" not in shown  # instants in the home zone, not as stored
        assert not re.search(r"\d\.\d{3,}", shown), shown


@pytest.mark.parametrize("locale", LOCALES)
def test_each_kind_of_value_in_the_demo_log_is_in_the_readers_terms(
    demo_db: Database, locale: str | None
) -> None:
    rows, tz = _log(demo_db)
    # rest, recorded in half-days: days, as the Rest screen and a volunteer's history say
    rest = _first(rows, "rest entitled")
    assert rest.detail["half_days"] == 2
    day = date.fromisoformat(rest.detail["day"])
    assert audit_text.details(rest, locale, tz) == (
        f"Day: {locale_text.short_date(day, locale)} · Rest: 1 day"
    )
    # a plan's coverage and balance: percentages, the balance as everywhere else
    plan = _first(rows, "plan accepted")
    shown = audit_text.details(plan, locale, tz)
    assert f"Balance: {locale_text.balance(plan.detail['balance'])}" in shown
    assert f"Coverage: {locale_text.percent(plan.detail['coverage'], locale)}" in shown
    assert f"Changed: {locale_text.number(plan.detail['changed'], locale)}" in shown
    start = date.fromisoformat(plan.detail["start"])
    assert f"Start: {locale_text.short_date(start, locale)}" in shown
    # a cover's instants: the home site's time, its zone named
    cover = _first(rows, "cover recorded")
    local = datetime.fromisoformat(cover.detail["start"]).astimezone(tz)  # type: ignore[arg-type]
    assert f"Start: {locale_text.day_year_time(local, locale)} {local:%Z}" in (
        audit_text.details(cover, locale, tz)
    )
    assert f"Email: {cover.detail['email']}" in audit_text.details(cover, locale, tz)
    # a tour's exclusive end: its last day, as every screen shows it
    tour = _first(rows, "tour created")
    last = date.fromisoformat(tour.detail["end"]) - timedelta(days=1)
    assert f"Last day: {locale_text.short_date(last, locale)}" in (
        audit_text.details(tour, locale, tz)
    )
    # a pay run's month, a status change's words
    run = _first(rows, "pay run created")
    month = date.fromisoformat(run.detail["month"] + "-01")
    assert audit_text.details(run, locale, tz) == f"Month: {locale_text.short_month(month, locale)}"
    status = _first(rows, "status changed")
    shown = audit_text.details(status, locale, tz)
    assert f"Status was: {status.detail['status_from']} · Status: {status.detail['status_to']}" in (
        shown
    )
    # a count of shifts
    published = _first(rows, "rota published")
    assert f"Shifts: {locale_text.number(published.detail['count'], locale)}" in (
        audit_text.details(published, locale, tz)
    )


def test_the_forms_differ_as_the_locales_do(demo_db: Database) -> None:
    rows, tz = _log(demo_db)
    tour = _first(rows, "tour created")
    assert re.search(r"First day: \d{4}-\d{2}-\d{2}", audit_text.details(tour, None, tz))
    assert re.search(r"First day: \d{1,2}\. \w+\.? \d{4}", audit_text.details(tour, "de_DE", tz))
    plan = _first(rows, "plan accepted")
    assert re.search(r"Balance: \d{1,3} %", audit_text.details(plan, "de_DE", tz))


@pytest.mark.parametrize(
    ("locale", "fee", "supplement"),
    [(None, "Fee: €550.00", "Holiday supplement: €100.00"),
     ("de_DE", "Fee: 550,00\xa0€", "Holiday supplement: 100,00\xa0€")],
)  # fmt: skip
def test_a_fee_is_money_in_its_currency_and_an_override_yes_or_no(
    demo_db: Database, locale: str | None, fee: str, supplement: str
) -> None:
    with demo_db.transaction() as session:
        rotation = session.exec(select(Rotation)).first()
        assert rotation is not None
        fees.add_fee(session, rotation, "EUR", 55000, date(2027, 1, 1), 10000)
        audit.record(session, "shift assigned", "shift", 1, email=None, override=True)
    rows, tz = _log(demo_db)
    set_fee = _first(rows, "fee set")
    assert set_fee.detail["amount_minor"] == 55000
    shown = audit_text.details(set_fee, locale, tz)
    assert shown.startswith(f"{fee} · {supplement} · Effective from: ")
    assert money.format_money(55000, "EUR", locale) in shown
    assert "EUR" not in shown  # the currency is in the amounts
    assigned = _first(rows, "shift assigned")
    assert audit_text.details(assigned, locale, tz) == "Email: – · Rules overridden: yes"


def test_the_stored_text_stays_as_recorded_for_sorting_and_scripts(demo_db: Database) -> None:
    rows, _tz = _log(demo_db)
    rest = _first(rows, "rest entitled")
    assert "half_days=2" in rest.detail_text()
    with demo_db.session() as session:  # and the stored form still finds it
        found = audit_log.page(session, AuditFilter(search="half_days=2"))
    assert rest in found


@pytest.mark.parametrize("locale", LOCALES)
def test_a_detail_searched_as_shown_finds_its_entry(demo_db: Database, locale: str | None) -> None:
    """Each detail of each kind of entry, typed as the screen shows it ('Rest: 1 day',
    'Fee: 550,00 €', a time in the home zone, 'Rules overridden: yes'), finds the entry."""
    with demo_db.transaction() as session:
        rotation = session.exec(select(Rotation)).first()
        assert rotation is not None
        fees.add_fee(session, rotation, "EUR", 55000, date(2027, 1, 1), 10000)
        audit.record(session, "shift assigned", "shift", 1, email=None, override=True)
    rows, tz = _log(demo_db)
    one_of_each = {r.action: r for r in reversed(rows)}
    tried = 0
    with demo_db.session() as session:
        for row in one_of_each.values():
            for name, shown in audit_text.items(row, locale, tz):  # type: ignore[arg-type]
                for typed in (f"{name}: {shown}", shown.upper()):
                    found = audit_log.page(session, AuditFilter(search=typed, locale=locale))
                    assert row in found, (row.action, typed)
                    tried += 1
    assert tried > 40


def test_nothing_recorded_is_a_dash_and_a_field_changed_reads_before_and_after() -> None:
    def row(action: str, entity: str, detail: dict[str, object]) -> AuditRow:
        return AuditRow(1, datetime(2026, 11, 30), "", action, entity, 1, json.dumps(detail))

    restored = row("database restored", "database", {"source": "b.db", "reopened_pay_runs": []})
    assert audit_text.details(restored, None) == "Restored from: b.db · Pay runs reopened: –"
    changed = row("tour changed", "tour", {"note": "", "released_shifts": 2})
    assert audit_text.details(changed, "de_DE") == "Shifts released: 2 · Note: –"
    roles = {"roles": ["['engineer']", "['engineer', 'leader']"], "gap_weeks": ["3", "2"]}
    rotation = row("rotation.change", "rotation", roles)
    assert audit_text.details(rotation, None) == (
        "Roles: engineer → engineer, leader · Gap (weeks): 3 → 2"
    )
    person = row("volunteer updated", "volunteer", {"changed": {"team": ["Payments", "Search"]}})
    assert audit_text.details(person, None) == "Changed: Team: Payments → Search"

"""A currency withdrawn after a site started paying in it (CLDR ends the Bulgarian lev, BGN,
on 31 January 2026: Bulgaria joined the euro). The money already stored in it still shows,
exports and totals in it; only a new choice of it is refused, naming its successor."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.models import Site
from planner.core.money import (
    check_currency,
    currency_name,
    format_money,
    known_currencies,
    minor_units,
    parse_amount,
)
from planner.core.month import Month
from planner.core.sites import SiteError, update_site, values_of
from planner.pay import fees
from planner.pay import runs as pay_runs
from planner.pay.export import export_payroll
from tests.planner.pay_helpers import person, shift

IN_2025 = datetime(2025, 11, 3, 9, tzinfo=UTC)  # the lev is Bulgaria's currency
AFTER = datetime(2026, 11, 30, 9, tzinfo=UTC)  # it is not any more
BGN_FEE = 45_000  # 450.00 лв a shift


def clock(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr("planner.core.money.utc_now", lambda: moment)
    monkeypatch.setattr("planner.core.home.utc_now", lambda: moment)


def sofia_paid_in_lev(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A site in Sofia paying in BGN since 2025, its October run exported and closed then."""
    clock(monkeypatch, IN_2025)
    with db.transaction() as session:
        session.add(
            Site(name="Sofia", timezone="Europe/Sofia", currency="BGN", holiday_country="BG")
        )
        session.flush()
        fees.add_fee(
            session, rotation_by_name(session, "Primary"), "BGN", BGN_FEE, date(2025, 1, 1)
        )
        ivan = person(session, "Ivan P", "Sofia")
        for day in (date(2025, 10, 3), date(2025, 10, 17), date(2025, 11, 7)):
            shift(session, day, ivan)
    export_payroll(db, Month(2025, 10), Path(db.path).with_name("oct.xlsx"), True, IN_2025)


def test_the_lev_was_known_before_its_end_and_is_not_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the same process over midnight: the day's answer, not the first day's
    clock(monkeypatch, datetime(2026, 1, 30, 23, 59, tzinfo=UTC))
    assert "BGN" in known_currencies()
    clock(monkeypatch, datetime(2026, 1, 31, 0, 1, tzinfo=UTC))
    assert "BGN" not in known_currencies()
    assert "EUR" in known_currencies()


def test_stored_lev_amounts_show_in_lev_after_its_withdrawal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock(monkeypatch, AFTER)
    assert minor_units("BGN") == 2
    assert format_money(BGN_FEE, "BGN") == "BGN 450.00"
    assert format_money(BGN_FEE, "BGN", "bg_BG") == "450,00\xa0лв."
    assert parse_amount("450.00", "BGN") == BGN_FEE
    assert currency_name("BGN") == "Bulgarian Lev"
    assert minor_units("ZWD") == 0  # Zimbabwe's dollar of 1980-2008 had no cents
    with pytest.raises(PlannerError, match="unknown currency code 'EUX'"):
        minor_units("EUX")  # never a currency: still refused


def test_a_sites_lev_pay_builds_exports_and_totals_in_lev_after_its_withdrawal(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sofia_paid_in_lev(db, monkeypatch)
    clock(monkeypatch, AFTER)
    with db.transaction() as session:
        pay_runs.build_run(session, Month(2025, 11), AFTER)
    with db.session() as session:
        november = pay_runs.month_pay(session, Month(2025, 11), AFTER)
        october = pay_runs.month_pay(session, Month(2025, 10), AFTER)
    assert october.state == "closed"
    assert [(x.currency, x.amount_minor) for x in october.lines] == [("BGN", BGN_FEE)] * 2
    assert [(x.currency, x.amount_minor) for x in november.lines] == [("BGN", BGN_FEE)]

    for month, close in ((Month(2025, 11), True), (Month(2025, 10), False)):  # again, closed
        path = tmp_path / f"{month}.xlsx"
        result = export_payroll(db, month, path, close=close, now=AFTER)
        assert result.state == "closed"
        book = openpyxl.load_workbook(path)
        about = {r[0]: r[1:] for r in book["About"].iter_rows(values_only=True) if r[0]}
        lines = len(october.lines if month == Month(2025, 10) else november.lines)
        assert about["BGN"][1] == BGN_FEE * lines
        amounts = [r[9] for r in book["Lines"].iter_rows(min_row=2) if r[9].value is not None]
        assert amounts and all(c.number_format.startswith('"BGN "#,##0.00') for c in amounts)


def test_a_new_choice_of_a_withdrawn_currency_is_refused_naming_its_successor(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    sofia_paid_in_lev(db, monkeypatch)
    clock(monkeypatch, AFTER)
    withdrawn = "currency 'BGN' (Bulgarian Lev) was withdrawn on 2026-01-31: use its successor, EUR"
    with pytest.raises(PlannerError) as err:
        check_currency("bgn")
    assert str(err.value) == withdrawn
    with pytest.raises(
        PlannerError,
        match="'DEM' \\(German Mark\\) was withdrawn on 2002-05-15: use its successor, EUR$",
    ):
        check_currency("DEM")
    with db.transaction() as session:
        primary = rotation_by_name(session, "Primary")
        with pytest.raises(PlannerError) as err:
            fees.add_fee(session, primary, "BGN", BGN_FEE, date(2026, 12, 1))
        assert str(err.value) == withdrawn
        site = {s.name: s for s in session.exec(select(Site)).all()}
        to_lev = replace(values_of(site["Dublin"]), currency="BGN")
        with pytest.raises(SiteError) as site_err:
            update_site(session, "Dublin", to_lev)
        assert str(site_err.value) == f"site Dublin: currency 'BGN' is not valid: {withdrawn}"
        # Sofia's other fields can still change: its currency stays the lev it pays in
        other_calendar = replace(values_of(site["Sofia"]), holiday_country="GR")
        assert update_site(session, "Sofia", other_calendar) == ["holiday_country"]
        assert site["Sofia"].currency == "BGN"

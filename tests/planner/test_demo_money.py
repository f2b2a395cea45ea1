"""The demo's pay step: pages across sites, rest entries, closed pay runs."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from planner.core.db import Database
from planner.core.models import Page, PayRun
from planner.core.month import Month
from planner.demo import money, team
from planner.pay import pages, rest
from planner.pay import runs as pay_runs
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota


def test_without_worked_shifts_the_step_adds_no_pages_and_no_runs(db: Database) -> None:
    with db.transaction() as session:
        team.build(session, TODAY)
        money.build(session, TODAY)
    with db.session() as session:
        assert session.exec(select(PayRun)).all() == []
        assert pages.list_pages(session) == []
        # only the two travel entitlements
        assert [b.entitled_half_days for b in rest.balances(session, TODAY)] == [2, 2]


def test_the_demo_runs_the_pay_step(demo_db: Database) -> None:
    from planner.demo import STEPS

    assert STEPS[-1] is money.build
    with demo_db.session() as session:
        assert rest.balances(session, TODAY)  # at least the travel entitlements


def test_with_a_rota_it_logs_night_pages_across_sites_and_closes_past_months(db: Database) -> None:
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 60)
        money.build(session, TODAY)
    with db.session() as session:
        rows = pages.list_pages(session)
        night_sites = {r.site for r in rows if r.night}
        runs = pay_runs.list_runs(session)
        balances = rest.balances(session, TODAY)
        assert session.exec(select(Page)).all()
    assert len(night_sites) >= 2
    assert all(r.on_call for r in rows)
    # every month before last month closed; last month (October) built, left a draft
    assert {r.month: r.state for r in runs} == {
        **{Month(2025, 12): "closed"},
        **{Month(2026, m): "closed" for m in range(1, 10)},
        Month(2026, 10): "draft",
    }
    assert any(b.taken_half_days for b in balances) and any(b.stale for b in balances)

"""The issue's walk-through: a night page earns rest; March is built with a cover splitting
a fee, exported, closed; a March correction lands in April as adjustments."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
from sqlmodel import select

from planner.core.db import Database, open_database
from planner.core.models import Cover, Shift, Volunteer
from planner.demo import money, team
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota


def test_march_is_paid_closed_and_corrected_in_april(
    cli, db: Database, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 30)
        # the demo's pay step as of mid-March: December and January closed, February built
        money.build(session, date(2026, 3, 10))
    db.close()

    pages_csv = tmp_path / "pages.csv"
    pages_csv.write_text(
        "At,Responder,Minutes,Summary,Link\n"
        "2026-03-14T03:20:00+00:00,darragh.kelly@example.com,35,db failover,\n"
    )
    before = {r["email"]: r for r in cli("--db", db_path, "rest", "--format", "json").json()}
    assert cli("--db", db_path, "import-pages", pages_csv).code == 0
    after = {r["email"]: r for r in cli("--db", db_path, "rest", "--format", "json").json()}
    darragh = "darragh.kelly@example.com"
    old = before.get(darragh, {"entitled_days": 0.0})["entitled_days"]
    assert after[darragh]["entitled_days"] == old + 1

    march = cli("--db", db_path, "pay", "--month", "2026-03", "--format", "json").json()
    per_slot = Counter((r["rotation"], r["slot_start"]) for r in march if r["kind"] == "shift")
    assert max(per_slot.values()) >= 2  # a cover split one fee
    out = tmp_path / "march.xlsx"
    closed = cli("--db", db_path, "payroll", "--month", "2026-03", "-o", out, "--close")
    assert closed.code == 0, closed.err
    about = {r[0]: r[2] for r in openpyxl.load_workbook(out)["About"].iter_rows(values_only=True)}
    for currency in {r["currency"] for r in march}:
        assert about[currency] == sum(r["amount_minor"] for r in march if r["currency"] == currency)

    db2 = open_database(db_path)
    with db2.transaction() as session:
        shift = session.exec(
            select(Shift)
            .where(Shift.slot_start >= datetime(2026, 3, 6, tzinfo=UTC))
            .order_by(Shift.slot_start)
        ).first()
        late = session.exec(
            select(Volunteer).where(Volunteer.email == "wei.chen@example.com")
        ).one()
        start = shift.slot_start + timedelta(hours=20)
        session.add(
            Cover(
                shift_id=shift.id, volunteer_id=late.id, start=start, end=start + timedelta(hours=6)
            )
        )
    db2.close()

    again = cli("--db", db_path, "pay", "--month", "2026-03", "--format", "json").json()
    assert again == march  # the closed run never changes
    april = cli("--db", db_path, "pay", "--month", "2026-04", "--format", "json").json()
    adjustments = [r for r in april if r["kind"] == "adjustment"]
    assert {r["email"] for r in adjustments} >= {"wei.chen@example.com"}
    assert any(r["amount_minor"] < 0 for r in adjustments)
    assert any(r["amount_minor"] > 0 for r in adjustments)

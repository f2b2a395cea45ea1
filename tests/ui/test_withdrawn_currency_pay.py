"""The Pay screen of a site paid in a currency withdrawn since (the lev, BGN, ended on
31 January 2026): its months show, build and export in lev, as the command line lists them."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from planner.core.db import Database
from tests.planner.test_withdrawn_currency import AFTER, BGN_FEE, clock, sofia_paid_in_lev
from ui.cli import main
from ui.screens.pay_screen import PayScreen


def test_the_pay_screen_shows_builds_and_exports_lev_after_its_withdrawal(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sofia_paid_in_lev(db, monkeypatch)
    clock(monkeypatch, AFTER)
    monkeypatch.setattr("planner.pay.runs.utc_now", lambda: AFTER)
    monkeypatch.setattr("planner.pay.export.utc_now", lambda: AFTER)
    errors: list[str] = []
    monkeypatch.setattr("ui.screens.pay_screen.QMessageBox.warning", lambda *a: errors.append(a[2]))
    page = PayScreen(lambda: db)
    qtbot.addWidget(page)
    page.refresh()
    page.select_month("2025-10")  # closed in 2025
    assert page.state_label.text() == "Closed"
    assert "BGN 900.00" in page.totals_label.text()
    page.select_month("2025-11")
    page.build_button.click()
    qtbot.waitUntil(lambda: not page.busy)
    assert errors == []
    assert page.state_label.text() == "Draft"
    assert "BGN 450.00" in page.totals_label.text()
    page.ask_export_path = lambda month: tmp_path / "november.xlsx"  # type: ignore[method-assign]
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.busy)
    assert errors == []
    assert page.state_label.text() == "Exported"
    about = {
        r[0]: r[1:]
        for r in openpyxl.load_workbook(tmp_path / "november.xlsx")["About"].iter_rows(
            values_only=True
        )
        if r[0]
    }
    assert about["BGN"][1] == BGN_FEE


def test_the_command_line_lists_lev_pay_after_its_withdrawal(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sofia_paid_in_lev(db, monkeypatch)
    clock(monkeypatch, AFTER)
    capsys.readouterr()
    assert main(["--db", str(db.path), "pay", "--month", "2025-10"]) == 0
    assert "BGN 900.00" in capsys.readouterr().out
    assert main(["--db", str(db.path), "pay", "--month", "2025-10", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["currency"], r["amount_minor"]) for r in rows] == [("BGN", BGN_FEE)] * 2

"""The Pay screen's "Export workbook…" stays usable: after Build, Rebuild and Export, and
after another database is opened (it once stayed greyed out until the app restarted)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.core.db import Database, open_database
from planner.demo import team
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota
from ui.screens.pay_screen import PayScreen


@pytest.fixture
def rota_db(db: Database) -> Database:
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 30)  # all in the past: worked
    return db


def _wait_idle(qtbot, page: PayScreen) -> None:
    qtbot.waitUntil(lambda: not page.busy)


def test_export_stays_enabled_after_build_rebuild_and_export(
    qtbot, rota_db: Database, tmp_path: Path
) -> None:
    page = PayScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    page.select_month("2026-03")
    assert page.export_button.isEnabled()

    page.build_button.click()
    _wait_idle(qtbot, page)
    assert page.state_label.text() == "Draft"
    assert page.export_button.isEnabled(), "greyed out after Build"

    page.build_button.click()  # Rebuild
    _wait_idle(qtbot, page)
    assert page.export_button.isEnabled(), "greyed out after Rebuild"

    page.ask_export_path = lambda month: tmp_path / "march.xlsx"  # type: ignore[method-assign]
    page.export_button.click()
    _wait_idle(qtbot, page)
    assert page.state_label.text() == "Exported"
    assert page.export_button.isEnabled(), "greyed out after Export"
    page.select_month("2026-02")
    assert page.export_button.isEnabled(), "greyed out for another month"


def test_export_enabled_after_opening_another_database(
    qtbot, rota_db: Database, demo_db: Database, qsettings, tmp_path: Path
) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(rota_db, lambda path, create: open_database(path, create=create), qsettings)
    qtbot.addWidget(window)
    window.show()
    window.show_page("pay")
    page = window.pages["pay"]
    assert isinstance(page, PayScreen)
    page.select_month("2026-03")
    page.build_button.click()
    _wait_idle(qtbot, page)

    path = demo_db.path
    demo_db.close()
    window.switch_database(path, False)
    assert page.month() is not None
    assert page.export_button.isEnabled()
    assert page.build_button.isEnabled()

"""Volunteer status is derived from today's date whenever it is shown: a tour that started
yesterday shows "on tour" although nothing was written since; one that ended, "alumni".
The Volunteers screen and ``planner volunteers`` show the same (planner.people.volunteers;
its own tests in tests/planner/test_volunteer_status.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from planner.core.db import open_database
from tests.planner.test_volunteer_status import team
from ui.main_window import MainWindow
from ui.models.volunteers_table_model import VolunteersTableModel


def _today_at_home() -> date:
    from zoneinfo import ZoneInfo

    return datetime.now(UTC).astimezone(ZoneInfo("Europe/Dublin")).date()


def test_the_screen_and_the_cli_show_todays_status(qtbot, db, qsettings, capsys) -> None:
    team(db, _today_at_home())
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()
    window.show_page("volunteers")
    page = window.pages["volunteers"]
    model = page.model
    statuses = {
        model.index(r, VolunteersTableModel.COL_NAME).data(): model.row_at(r).status
        for r in range(model.rowCount())
    }
    assert statuses == {"Ann Start": "on_tour", "Bob End": "alumni", "Cat Later": "approved"}
    page.select_volunteer(model.row_at(0).id)
    assert "On tour" in page.detail.heading.text()

    from ui.cli import main

    assert main(["--db", str(db.path), "volunteers", "--format", "json"]) == 0
    import json

    rows = {r["email"]: r["status"] for r in json.loads(capsys.readouterr().out)}
    assert rows == {
        "ann@example.com": "on_tour",
        "bob@example.com": "alumni",
        "cat@example.com": "approved",
    }

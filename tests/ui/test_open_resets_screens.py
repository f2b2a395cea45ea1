"""File › Open (another database) resets every screen: nothing of the previous database
(messages, filters, counts such as "1 volunteers", proposals) stays on screen."""

from __future__ import annotations

import shutil
from datetime import date

from planner.core.db import open_database
from ui.main_window import MainWindow


def test_opening_another_database_resets_every_screen(qtbot, demo_db, qsettings, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(demo_db.path, other)
    window = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()

    window.show_page("volunteers")
    people = window.pages["volunteers"]
    total = people.model.rowCount()
    people.status_filter.setCurrentIndex(people.status_filter.findData("declined"))
    qtbot.keyClicks(people.search, "patrick")
    assert people.count_label.text() == "1 volunteer"

    window.show_page("rota")
    rota = window.pages["rota"]
    rota.status.setText("Published 12 shift(s) in the old database")

    window.show_page("reports")
    reports = window.pages["reports"]
    reports.set_month(date(2026, 10, 1))
    qtbot.waitUntil(lambda: reports.report is not None)

    window.switch_database(other, False)

    # the screen on show is refreshed; the others as they are shown again
    assert reports.report is None or reports.report.month == date(2026, 10, 1)
    window.show_page("volunteers")
    assert people.search.text() == ""
    assert people.status_filter.currentData() is None
    assert people.site_filter.currentData() is None and people.role_filter.currentData() is None
    assert people.count_label.text() == f"{total} volunteers"
    assert people.proxy.rowCount() == total
    window.show_page("rota")
    assert rota.status.text() == ""
    assert rota.plan is None

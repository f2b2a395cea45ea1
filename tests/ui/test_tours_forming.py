"""The Tours screen says plainly when a team is below its band because it is still forming:
two engineers on tour under a band of 6–8 is not "✓ No stagger breach"."""

from __future__ import annotations

from datetime import date

from planner.core.db import open_database
from planner.people import tours, volunteers
from tests.conftest import TODAY
from ui.main_window import MainWindow


def test_a_team_of_two_under_its_band_is_named_as_forming(qtbot, db, qsettings) -> None:
    with db.transaction() as s:
        for n in range(2):
            v = volunteers.create(
                s, name=f"Eng {n}", email=f"e{n}@example.com", site="Dublin", status="approved"
            )
            tours.create_tour(s, v, date(2026, 11, 1))
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()
    window.show_page("tours")
    page = window.pages["tours"]
    page.today = TODAY
    page.refresh()
    summary = page.summary.text()
    assert "No stagger breach" not in summary
    assert "below its band: Primary: 2 of 6–8, never in band" in summary
    problems = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert any(
        "Primary: forming — 2 on the team today, below its band of 6–8" in p
        and "never reach it" in p
        for p in problems
    ), problems
    assert any("Escalation L2: no team yet" in p for p in problems), problems

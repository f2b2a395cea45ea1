"""Gaps are unmistakable on screen and on paper: an uncovered week is red with the word
"Uncovered" in the Weeks and Month views and on the printed rota (cross-hatched, unlike a
draft); Publish names the gaps and rule breaks and asks before publishing anything."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from planner.core.home import rotation_by_name
from planner.outputs.calendar import build_rota_calendar
from planner.people import volunteers
from planner.rota import covers
from planner.rota.weeks import ensure_slots
from tests.planner.rota_fixtures import BEFORE, START, freeze_now, person
from ui.printing.rota_pages import write_rota_pdf
from ui.screens.rota_screen import RotaScreen


def _assign(s, week: date, who: str, override: bool = False, rotation: str = "Primary") -> None:  # type: ignore[no-untyped-def]
    shift = covers.shift_in_week(s, rotation_by_name(s, rotation), week)
    volunteer = volunteers.by_email(s, f"{who}@example.com")
    covers.assign(s, shift.id, volunteer, override=override, now=BEFORE)


@pytest.fixture
def page(qtbot, db, monkeypatch):  # type: ignore[no-untyped-def]
    freeze_now(monkeypatch, BEFORE)
    with db.transaction() as s:
        for name in ("Ann", "Bob"):
            person(s, name)
        ensure_slots(s, START, 4)
        _assign(s, date(2027, 3, 5), "ann")
        # 12 March: nobody. 19 March: Ann again, two weeks on (the gap rule broken)
        _assign(s, date(2027, 3, 19), "ann", override=True)
        _assign(s, date(2027, 3, 26), "bob")
        person(s, "Lea", role="leader")  # Escalation L2 held every week (its gap waived)
        for day in (5, 12, 19, 26):
            _assign(s, date(2027, 3, day), "lea", override=True, rotation="Escalation L2")
    widget = RotaScreen(lambda: db)
    qtbot.addWidget(widget)
    widget.set_range(START, 4)
    return widget


def _reddish(colour: QColor) -> bool:
    return colour.red() - colour.green() >= 50 and colour.red() - colour.blue() >= 50


def test_the_weeks_view_shows_the_gap_red_with_the_word(page) -> None:
    model = page.model
    gap = model.index(1, 1)  # week of 12 March, Primary
    assert model.data(gap).startswith("Uncovered")
    assert _reddish(model.data(gap, Qt.ItemDataRole.BackgroundRole).color())
    held = model.index(0, 1)
    assert not _reddish(model.data(held, Qt.ItemDataRole.BackgroundRole).color())


def test_the_month_view_shows_the_gap_red_with_the_word(page) -> None:
    page.tabs.setCurrentIndex(1)
    grid = page.month_view.grid
    # March 2027 starts on a Monday: Monday 15 March is row 2, column 0 (in the gap week)
    gap = grid.item(2, 0)
    assert "Primary: Uncovered" in gap.text()
    assert _reddish(gap.background().color())
    held = grid.item(1, 0)  # Monday 8 March: Ann
    assert "Primary: Ann" in held.text() and not _reddish(held.background().color())


def test_publish_names_gaps_and_rule_breaks_and_asks_first(page, db, monkeypatch) -> None:
    asked = []
    monkeypatch.setattr(page, "ask", lambda title, text: asked.append(text) or False)
    page.publish_range()
    text = asked[0]
    assert "Primary week of 2027-03-12" in text and "UNCOVERED" in text
    assert "rule break(s) would be published" in text
    assert "Primary week of 2027-03-19: ann@example.com also holds Primary" in text
    # the answer was Cancel: nothing was published
    states = {page.model.cell(r, 1).state for r in range(page.model.rowCount())}
    assert states == {"draft"}
    monkeypatch.setattr(page, "ask", lambda title, text: True)
    page.publish_range()
    assert page.model.cell(0, 1).state == "published"
    assert "still uncovered" in page.status.text()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_the_printed_rota_says_uncovered_where_the_gap_is(page, db, tmp_path) -> None:
    monkey_published = page  # the screen publishes the range first, as the coordinator does
    monkey_published.ask = lambda title, text: True  # type: ignore[method-assign]
    monkey_published.publish_range()
    with db.session() as s:
        data = build_rota_calendar(s, date(2027, 3, 1), 1)
    path = tmp_path / "rota.pdf"
    write_rota_pdf(data, path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "UNCOVERED" in text
    assert "UNCOVERED, cross-hatched = nobody on call" in text


def test_reopen_asks_naming_the_shifts_that_go_back_to_draft(page, monkeypatch) -> None:
    page.ask = lambda title, text: True  # type: ignore[method-assign]
    page.publish_range()
    asked = []
    monkeypatch.setattr(page, "ask", lambda title, text: asked.append(text) or False)
    page.reopen_range()
    assert "Make these 7 published shift(s) draft again?" in asked[0]
    assert "Primary week of 05 Mar 2027: Ann" in asked[0]
    assert page.model.cell(0, 1).state == "published"  # Cancel: nothing changed

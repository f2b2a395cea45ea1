"""The Rota screen: weeks × rotations, covers and warnings visible, hand edits through dialogs."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from planner.people import volunteers
from planner.rota.weeks import ensure_slots
from tests.planner.rota_fixtures import BEFORE, START, freeze_now, person
from ui.models.rota_table_model import RotaTableModel
from ui.screens.rota_screen import RotaScreen


@pytest.fixture
def page(qtbot, db, monkeypatch):
    freeze_now(monkeypatch, BEFORE)
    with db.transaction() as s:
        for name in ("Ann", "Bob", "Cat"):
            person(s, name)
        person(s, "Tom", site="London")
        ensure_slots(s, START, 6)
    widget = RotaScreen(lambda: db)
    qtbot.addWidget(widget)
    widget.set_range(START, 6)
    return widget


def _select(page: RotaScreen, row: int, column: int) -> None:
    page.table.setCurrentIndex(page.model.index(row, column))


def _texts(page: RotaScreen, column: int) -> list[str]:
    return [page.model.display(r, column) for r in range(page.model.rowCount())]


def test_rows_are_weeks_and_columns_rotations(page) -> None:
    assert page.model.rowCount() == 6
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    assert headers == ["Week", "Primary", "Escalation L2"]
    assert _texts(page, RotaTableModel.COL_WEEK)[0].startswith("Fri 05 Mar 2027")
    assert all(t.startswith("Uncovered") for t in _texts(page, 1))
    assert "0%" in page.side.score_label.text()
    warnings = [page.side.warnings.item(i).text() for i in range(page.side.warnings.count())]
    assert "6 slot(s) to plan: use “Plan range…”" in warnings  # Primary
    # Nobody can hold Escalation L2: the team has no leader.
    assert (
        "Uncovered — Escalation L2 week of 2027-03-05: nobody eligible is on tour for the "
        "whole week"
    ) in warnings


def test_assign_by_hand_through_the_dialog(page, monkeypatch) -> None:
    chosen = {}

    def pick(dialog):  # type: ignore[no-untyped-def]
        labels = [dialog.person.itemText(i) for i in range(dialog.person.count())]
        chosen["labels"] = labels
        if "Tom — London" not in labels:
            return QDialog.DialogCode.Rejected
        dialog.person.setCurrentIndex(labels.index("Tom — London"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr("ui.rota_dialogs.AssignDialog.exec", pick)
    _select(page, 0, 1)
    page.assign_selected()
    assert page.model.display(0, 1).startswith("Tom\nLondon (L) · Draft")
    assert page.model.cell(0, 1).colour == "#1565c0"  # London's colour behind the cell
    # Two weeks later Tom is ruled out by the gap rule; the dialog says why.
    _select(page, 2, 1)
    page.assign_selected()
    tom = [label for label in chosen["labels"] if label.startswith("Tom")][0]
    assert "gap must be 3" in tom


def test_swap_dialog_greys_out_a_swap_that_breaks_a_rule(page, db, monkeypatch) -> None:
    with db.transaction() as s:
        from planner.core.home import rotation_by_name
        from planner.rota import covers

        primary = rotation_by_name(s, "Primary")
        ann, bob = (
            volunteers.by_email(s, "ann@example.com"),
            volunteers.by_email(s, "bob@example.com"),
        )
        covers.assign(s, covers.shift_in_week(s, primary, date(2027, 3, 5)).id, ann, now=_early())
        covers.assign(s, covers.shift_in_week(s, primary, date(2027, 3, 12)).id, bob, now=_early())
        covers.assign(s, covers.shift_in_week(s, primary, date(2027, 4, 2)).id, ann, now=_early())
    page.refresh()
    shown = []

    def pick(dialog):  # type: ignore[no-untyped-def]
        for i in range(dialog.other.count()):
            item = dialog.other.item(i)
            shown.append((item.text(), bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)))
        dialog.select_week(date(2027, 3, 12))
        shown.append(dialog.chosen())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr("ui.rota_dialogs.SwapDialog.exec", pick)
    _select(page, 0, 1)
    page.swap_selected()
    # Bob's week is offered greyed out, with the rule the swap would break: checked before
    # anything is written, and it cannot be chosen.
    bob = [(text, enabled) for text, enabled in shown[:-1] if "12 Mar 2027 — Bob" in text]
    assert bob and not bob[0][1]
    assert "gap must be 3 clear week" in bob[0][0]
    assert shown[-1] is None
    assert page.model.display(0, 1).startswith("Ann")


def test_a_refused_cover_reopens_the_dialog_with_what_was_typed(page, db, monkeypatch) -> None:
    with db.transaction() as s:
        from planner.core.home import rotation_by_name
        from planner.rota import covers

        primary = rotation_by_name(s, "Primary")
        ann = volunteers.by_email(s, "ann@example.com")
        covers.assign(s, covers.shift_in_week(s, primary, date(2027, 3, 5)).id, ann, now=_early())
    page.refresh()
    warned = []
    monkeypatch.setattr(
        "ui.screens.rota_screen.QMessageBox.warning", lambda *a: warned.append(a[2])
    )
    seen = []

    def fill(dialog):  # type: ignore[no-untyped-def]
        seen.append((dialog.note.text(), dialog.end.dateTime(), dialog.person.currentText()))
        if len(seen) == 1:  # the end before the start: refused
            dialog.person.setCurrentIndex(dialog.person.findText("Bob — Dublin"))
            dialog.end.setDateTime(dialog.start.dateTime().addSecs(-3600))
            dialog.note.setText("Ann travelling")
            return QDialog.DialogCode.Accepted
        if len(seen) == 2:  # back with everything as typed; fix the end
            dialog.end.setDateTime(dialog.start.dateTime().addSecs(6 * 3600))
            return QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr("ui.rota_dialogs.CoverDialog.exec", fill)
    _select(page, 0, 1)
    page.cover_selected()
    assert len(warned) == 1 and "before it starts" in warned[0]
    note, end, who = seen[1]
    assert (note, who) == ("Ann travelling", "Bob — Dublin")
    assert end < seen[0][1]  # the end as typed, not the default
    assert len(seen) == 2  # recorded on the second try; the dialog closed
    assert "Bob" in page.model.display(0, 1)


def _early() -> datetime:
    return datetime(2027, 1, 1, tzinfo=UTC)


def test_plan_in_the_background_then_accept_or_discard(page, qtbot, monkeypatch) -> None:
    page.run_planner()
    assert page.busy and not page.plan_button.isEnabled()  # the UI stays usable meanwhile
    qtbot.waitUntil(lambda: not page.busy, timeout=20000)
    assert page.plan is not None and page.accept_button.isEnabled()
    texts = _texts(page, 1)
    assert all("→ proposed" in t for t in texts)  # 6 Primary weeks proposed
    # Primary is covered; Escalation L2 cannot be (no leader), so half the slots.
    assert re.sub("<[^>]+>", "", page.side.score_label.text()).startswith("Proposal: 50% covered")
    page.discard_plan()
    assert all(t.startswith("Uncovered") for t in _texts(page, 1))
    page.run_planner()
    qtbot.waitUntil(lambda: not page.busy, timeout=20000)
    page.accept_plan()
    names = [t.split("\n")[0] for t in _texts(page, 1)]
    assert sorted(set(names)) == ["Ann", "Bob", "Cat", "Tom"]
    assert all("Draft" in t for t in _texts(page, 1))
    asked = []
    monkeypatch.setattr(
        "ui.screens.rota_screen.QMessageBox.question",
        lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    page.publish_range()
    assert asked and asked[0].startswith(
        "Publish 6 draft shift(s) of the 6 week(s) from 01 Mar 2027?"
    )
    # asked before publishing: the Escalation L2 gaps are named in the question
    assert "6 UNCOVERED — nobody on call" in asked[0]
    assert "Escalation L2 week of 2027-03-05" in asked[0]
    assert all("Published" in t for t in _texts(page, 1))
    assert "Published 6 shift(s)" in page.status.text()


def test_the_range_stays_put_while_a_proposal_for_it_is_open(page, qtbot) -> None:
    page.run_planner()
    assert not page.from_edit.isEnabled() and not page.weeks_spin.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=20000)
    # Accept writes the planned range; another range on screen would hide what it writes.
    assert not page.from_edit.isEnabled() and not page.weeks_spin.isEnabled()
    assert page.range() == (START, 6)
    page.discard_plan()
    assert page.from_edit.isEnabled() and page.weeks_spin.isEnabled()


def test_month_calendar_shows_who_holds_each_evening(page, db) -> None:
    from planner.core.home import rotation_by_name
    from planner.rota import covers

    with db.transaction() as s:
        shift = covers.shift_in_week(s, rotation_by_name(s, "Primary"), date(2027, 3, 5))
        covers.assign(s, shift.id, volunteers.by_email(s, "tom@example.com"), now=_early())
    page.refresh()
    page.tabs.setCurrentIndex(1)
    grid = page.month_view.grid
    assert "March 2027" in page.month_view.title.text()
    # 1 March 2027 is a Monday: Saturday 6 March is row 0, column 5.
    assert grid.item(0, 5).text().splitlines()[:2] == ["6", "Primary: Tom (L)"]
    assert grid.item(0, 3).text().splitlines()[1] == "Primary: —"  # Thursday 4th: no shift


def test_cover_dialog_refuses_an_end_before_the_start_in_the_times_as_typed(page, qtbot) -> None:
    from planner.rota import covers
    from ui.rota_dialogs import CoverDialog

    cell = page.model.cell(0, 1)

    def eligible(start, end):  # type: ignore[no-untyped-def]
        with page.get_db().session() as session:
            return covers.cover_candidates(session, cell.shift_id, start, end)

    dialog = CoverDialog(cell, page.tz, eligible, page)
    qtbot.addWidget(dialog)
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(-3600))
    dialog.note.setText("Ann travelling")
    dialog.accept()  # what Record cover and Enter do
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text().startswith("The cover must end after it starts")
    assert "Fri 05 Mar 17:00" in dialog.error.text()  # home time, as typed; not UTC internals
    assert dialog.note.text() == "Ann travelling"
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(3600))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_refresh_reads_the_range_not_the_whole_rota(page, monkeypatch) -> None:
    """The screen judges its weeks from what they need: the whole-database context (every
    volunteer and every shift of all years) is never read to show a range."""

    def whole(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the Rota screen read every shift and volunteer")

    for module in ("planner.rota.weeks", "planner.rota.allocation", "planner.rota.eligibility"):
        monkeypatch.setattr(f"{module}.load_context", whole)
    page.set_range(START + timedelta(days=7), 4)
    assert page.model.rowCount() == 4
    assert all(t.startswith("Uncovered") for t in _texts(page, 1))


def test_a_refresh_that_changed_nothing_keeps_the_grid_and_the_selection(page) -> None:
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    _select(page, 2, 1)
    heights = [page.table.rowHeight(r) for r in range(page.model.rowCount())]
    loads = page.side.loads.item(0, 0)
    page.refresh()
    assert resets == []  # no reset: nothing re-laid-out, re-fitted or re-painted
    assert page.selected_cell() is not None and page.selected_cell() == page.model.cell(2, 1)
    assert [page.table.rowHeight(r) for r in range(page.model.rowCount())] == heights
    assert page.side.loads.item(0, 0) is loads  # the side panel's tables were not refilled
    # A change shows at once: Ann's name in her week, the row fitted to its lines again.
    with page.get_db().transaction() as s:
        from planner.core.home import rotation_by_name
        from planner.rota import covers

        shift = covers.shift_in_week(s, rotation_by_name(s, "Primary"), date(2027, 3, 19))
        covers.assign(s, shift.id, volunteers.by_email(s, "ann@example.com"))
    page.refresh()
    assert resets == [1]
    assert page.model.display(2, 1).startswith("Ann")
    assert page.table.rowHeight(2) >= heights[2]

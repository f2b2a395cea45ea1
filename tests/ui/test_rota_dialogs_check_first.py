"""The Cover and Swap dialogs check before writing: only people (or shifts) that keep the
hard rules can be chosen, the rest are listed greyed out with the rule; swapping and
removing a cover ask first, naming what changes; Enter in the Swap list does not swap.
Every ⚠ option of the Assign, Cover and Swap dialogs has a tooltip stating the rule behind
its warning, in the planner's words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlmodel import select

from planner.core.home import rotation_by_name
from planner.core.models import Cover
from planner.people import volunteers
from planner.rota import covers
from planner.rota.eligibility import INACTIVE_RULE, rule_of
from planner.rota.weeks import ensure_slots
from tests.planner.rota_fixtures import BEFORE, START, freeze_now, person
from ui.rota_dialogs import AssignDialog, CoverDialog, SwapDialog
from ui.screens.rota_screen import RotaScreen


def _assign(s, week: date, name: str) -> None:  # type: ignore[no-untyped-def]
    shift = covers.shift_in_week(s, rotation_by_name(s, "Primary"), week)
    covers.assign(s, shift.id, volunteers.by_email(s, f"{name}@example.com"), now=BEFORE)


@pytest.fixture
def page(qtbot, db, monkeypatch):
    freeze_now(monkeypatch, BEFORE)
    with db.transaction() as s:
        for name in ("Ann", "Bob", "Cat", "Dan"):
            person(s, name)
        person(s, "Old", tour=(date(2026, 1, 1), date(2026, 7, 1)))  # tour over
        alumna = volunteers.by_email(s, "old@example.com")
        alumna.status = "alumni"
        s.add(alumna)
        volunteers.add_unavailability(
            s, volunteers.by_email(s, "dan@example.com"), date(2027, 3, 6), date(2027, 3, 7),
            "wedding",
        )  # fmt: skip
        ensure_slots(s, START, 6)
        _assign(s, date(2027, 3, 5), "ann")
        _assign(s, date(2027, 3, 12), "bob")
        _assign(s, date(2027, 3, 19), "cat")
    widget = RotaScreen(lambda: db)
    qtbot.addWidget(widget)
    widget.set_range(START, 6)
    widget.table.setCurrentIndex(widget.model.index(0, 1))
    return widget


def _combo_rows(dialog: CoverDialog) -> dict[str, tuple[bool, str]]:
    model = dialog.person.model()
    rows = {}
    for i in range(dialog.person.count()):
        text = dialog.person.itemText(i)
        rows[text.split(" — ")[0]] = (model.item(i).isEnabled(), text)
    return rows


def test_cover_dialog_offers_only_who_can_cover(page, monkeypatch) -> None:
    seen = {}

    def look(dialog):  # type: ignore[no-untyped-def]
        seen.update(_combo_rows(dialog))
        seen["current"] = dialog.person.currentText()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr("ui.rota_dialogs.CoverDialog.exec", look)
    page.cover_selected()
    assert seen["Bob"][0] and seen["Cat"][0]
    assert seen["current"].startswith("Bob")  # a free person is preselected
    enabled, text = seen["Old"]
    assert not enabled and "not on tour" in text  # the alumna: listed, greyed, why
    enabled, text = seen["Dan"]
    assert not enabled and "away 2027-03-06..2027-03-07 (wedding)" in text
    enabled, text = seen["Ann"]
    assert not enabled and "already holds the Primary shift" in text


def test_cover_dialog_rechecks_when_the_times_change_and_refuses_a_blocked_choice(
    page, qtbot
) -> None:
    cell = page.model.cell(0, 1)

    def eligible(start, end):  # type: ignore[no-untyped-def]
        with page.get_db().session() as session:
            return covers.cover_candidates(session, cell.shift_id, start, end)

    dialog = CoverDialog(cell, page.tz, eligible, page)
    qtbot.addWidget(dialog)
    assert not _combo_rows(dialog)["Dan"][0]  # Friday 18:00 + 12 h runs into Saturday
    dialog.end.set_instant(datetime(2027, 3, 5, 23, 0, tzinfo=UTC))  # Friday evening only
    assert _combo_rows(dialog)["Dan"][0]
    dialog.end.set_instant(datetime(2027, 3, 6, 8, 0, tzinfo=UTC))
    dan = dialog.person.findText(_combo_rows(dialog)["Dan"][1])
    dialog.person.setCurrentIndex(dan)  # what a script could do; the user cannot
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.volunteer_id() is None
    assert dialog.error.text().startswith("Choose someone who can cover these times")


def test_swap_asks_naming_both_changes_and_cancel_changes_nothing(page, db, monkeypatch):
    asked = []
    answers = iter([False, True])
    monkeypatch.setattr(page, "ask", lambda title, text: asked.append(text) or next(answers))

    def pick(dialog):  # type: ignore[no-untyped-def]
        dialog.select_week(date(2027, 3, 19))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr("ui.rota_dialogs.SwapDialog.exec", pick)
    page.swap_selected()
    assert "Week of 19 Mar 2027: Cat → Ann" in asked[0]
    assert "Week of 05 Mar 2027: Ann → Cat" in asked[0]
    # the first answer was Cancel: the dialog came back; the second, Yes: swapped
    assert len(asked) == 2
    assert page.model.display(0, 1).startswith("Cat")
    assert page.model.display(2, 1).startswith("Ann")


def test_swap_cancelled_at_the_question_writes_nothing(page, monkeypatch) -> None:
    calls = []

    def pick(dialog):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) > 1:
            return QDialog.DialogCode.Rejected
        dialog.select_week(date(2027, 3, 19))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "ask", lambda title, text: False)
    monkeypatch.setattr("ui.rota_dialogs.SwapDialog.exec", pick)
    page.swap_selected()
    assert page.model.display(0, 1).startswith("Ann")
    assert page.model.display(2, 1).startswith("Cat")


def test_enter_in_the_swap_list_does_not_swap(page, qtbot) -> None:
    cell = page.model.cell(0, 1)
    with page.get_db().session() as session:
        options = covers.swap_candidates(session, cell.shift_id)
    dialog = SwapDialog(cell, page.tz, options, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.other.setFocus()
    assert dialog.select_week(date(2027, 3, 19))
    qtbot.keyClick(dialog.other, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.other, Qt.Key.Key_Enter)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_remove_cover_asks_first_naming_the_cover(page, db, monkeypatch) -> None:
    with db.transaction() as s:
        covers.add_cover(
            s, rotation_by_name(s, "Primary"), volunteers.by_email(s, "bob@example.com"),
            datetime(2027, 3, 6, 20, 0, tzinfo=UTC), datetime(2027, 3, 7, 8, 0, tzinfo=UTC),
        )  # fmt: skip
    page.refresh()
    cell = page.model.cell(0, 1)
    asked = []
    monkeypatch.setattr(page, "ask", lambda title, text: asked.append(text) or False)
    assert not page.remove_cover(cell, cell.covers[0])
    assert "Bob" in asked[0] and "Sat 06 Mar 20:00" in asked[0] and "Europe/Dublin" in asked[0]
    assert "Ann holds that time again" in asked[0]
    with db.session() as s:
        assert len(s.exec(select(Cover)).all()) == 1
    monkeypatch.setattr(page, "ask", lambda title, text: True)
    assert page.remove_cover(cell, cell.covers[0])
    with db.session() as s:
        assert s.exec(select(Cover)).all() == []


def _warned_tips(texts_and_tips: list[tuple[str, str]]) -> dict[str, str]:
    """Each ⚠ option's tooltip, by the option's first word (a name or the rotation)."""
    return {text.split(" — ")[0]: tip for text, tip in texts_and_tips if "⚠" in text}


def _assert_each_problem_states_its_rule(tip: str) -> None:
    lines = tip.splitlines()
    assert lines and len(lines) % 2 == 0, tip
    for problem, rule in zip(lines[::2], lines[1::2], strict=True):
        assert rule == f"Rule: {rule_of(problem)}", tip
        assert rule_of(problem) != INACTIVE_RULE, problem  # not the catch-all


def _combo_tips(combo) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (combo.itemText(i), str(combo.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""))
        for i in range(combo.count())
    ]


def test_every_warned_option_of_the_cover_dialog_states_its_rule(page, qtbot) -> None:
    cell = page.model.cell(0, 1)

    def eligible(start, end):  # type: ignore[no-untyped-def]
        with page.get_db().session() as session:
            return covers.cover_candidates(session, cell.shift_id, start, end)

    dialog = CoverDialog(cell, page.tz, eligible, page)
    qtbot.addWidget(dialog)
    tips = _warned_tips(_combo_tips(dialog.person))
    assert set(tips) == {"Ann", "Dan", "Old"}
    for tip in tips.values():
        _assert_each_problem_states_its_rule(tip)
    assert "Rule: nobody holds a shift in a week they are unavailable" in tips["Dan"]
    assert "Rule: a shift (or a cover) lies inside one of the holder's tours" in tips["Old"]
    assert "Rule: a cover is taken by someone other than the shift's holder" in tips["Ann"]


def test_every_warned_option_of_the_assign_dialog_states_its_rule(page, qtbot) -> None:
    cell = page.model.cell(0, 1)  # Ann's week of 5 March
    with page.get_db().session() as session:
        found = covers.candidates(session, cell.shift_id)
    dialog = AssignDialog(cell, page.tz, found, page)
    qtbot.addWidget(dialog)
    tips = _warned_tips(_combo_tips(dialog.person))
    assert {"Bob", "Dan"} <= set(tips)
    for tip in tips.values():
        _assert_each_problem_states_its_rule(tip)
    assert "Rule: a rotation's minimum gap between a person's shifts" in tips["Bob"]
    # a warned person can be assigned (with the override): the box itself says the rule
    dialog.person.setCurrentIndex(dialog.person.findData(found[-1][0].id))
    assert "Rule: " in dialog.person.toolTip()


def test_every_warned_option_of_the_swap_dialog_states_its_rule(page, db, qtbot) -> None:
    with db.transaction() as s:
        _assign(s, date(2027, 3, 26), "dan")  # Dan is away in Ann's week: no swap
    page.refresh()
    cell = page.model.cell(0, 1)
    with page.get_db().session() as session:
        options = covers.swap_candidates(session, cell.shift_id)
    dialog = SwapDialog(cell, page.tz, options, page)
    qtbot.addWidget(dialog)
    items = [dialog.other.item(i) for i in range(dialog.other.count())]
    warned = [(item.text(), item.toolTip()) for item in items if "⚠" in item.text()]
    assert [text.split(" — ")[1].split()[0] for text, _tip in warned] == ["Dan"]
    for _text, tip in warned:
        _assert_each_problem_states_its_rule(tip)
    assert "Rule: nobody holds a shift in a week they are unavailable" in warned[0][1]


def test_the_blockers_of_a_cover_name_their_own_rules() -> None:
    """The texts covers.cover_blockers writes, each mapped to its rule (not the catch-all)."""
    examples = {
        "a@x.ie is already on call for Escalation L2 in that time": "two rotations",
        "a@x.ie already covers Escalation L2 in that time": "two rotations",
        "a@x.ie already holds the Primary shift of the week of 2027-03-05": "holder",
        "a@x.ie is not on tour for the whole cover": "tours",
        "cannot cover Primary: a@x.ie works at Dublin, not a site of Primary": "eligible sites",
    }
    for problem, words in examples.items():
        assert words in rule_of(problem), problem

"""Edit › Sites and rotations…: a rotation with a time window added in the app, given a fee,
planned and paid — checked through the command line's JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate

from planner.rota.weeks import ensure_slots
from tests.planner.rota_fixtures import BEFORE, START, freeze_now, person
from tests.ui.test_fee_effects_dialog import applied
from ui.cli import main
from ui.fees_dialog import FeesDialog
from ui.rules_dialog import NEW, RulesDialog

NAME = "Follow the sun SF"


def previewed(qtbot, dialog: RulesDialog):  # type: ignore[no-untyped-def]
    """The effect of the values as they are, worked out in the worker, then shown."""
    dialog.preview()
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog.preview()


def _cli(capsys, *args: str):  # type: ignore[no-untyped-def]
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out) if "json" in args else out.out


def test_add_a_rotation_with_a_window_plan_it_and_pay_it(qtbot, db, monkeypatch, capsys) -> None:
    freeze_now(monkeypatch, BEFORE)
    with db.transaction() as s:
        for name, site in (("Ann", "Dublin"), ("Bob", "Dublin"), ("Cat", "London")):
            person(s, name, site=site)
        for name in ("Sam", "Tia"):
            person(s, name, site="San Francisco")
        ensure_slots(s, START, 2)

    dialog = RulesDialog(lambda: db)
    qtbot.addWidget(dialog)
    dialog.confirm = lambda effect: True  # type: ignore[method-assign]
    dialog.tabs.setCurrentWidget(dialog.rotations_tab)
    tab = dialog.rotations_tab
    tab.list.setCurrentRow(tab.list.count() - 1)
    assert tab.list.currentItem().text() == NEW
    qtbot.keyClicks(tab.name, NAME)
    tab.roles["engineer"].setChecked(True)
    tab.sites["San Francisco"].setChecked(True)
    qtbot.keyClicks(tab.windows, "02:00-09:00")
    tab.gap.setValue(1)
    effect = previewed(qtbot, dialog)
    # A bad window is named before anything is written (the effect shown was another's).
    tab.windows.setText("2am to 9am")
    assert "02:00-09:00" not in dialog.error.text() and "HH:MM-HH:MM" in dialog.error.text()
    assert not dialog.apply()
    assert not applied(qtbot, dialog, dialog.apply)
    tab.windows.setText("02:00-09:00")
    effect = previewed(qtbot, dialog)
    assert effect is not None and not effect.refused
    assert applied(qtbot, dialog, dialog.apply), dialog.error.text()
    assert NAME in [tab.list.item(i).text() for i in range(tab.list.count())]

    fees = FeesDialog(lambda: db)
    qtbot.addWidget(fees)
    fees.confirm = lambda title, effect: True  # type: ignore[method-assign]
    fees.rotation.setCurrentText(NAME)
    fees.currency.setCurrentText("USD")
    qtbot.keyClicks(fees.amount, "300.00")
    fees.effective.setDate(QDate(2027, 1, 1))
    assert applied(qtbot, fees, fees.add_rate), fees.error.text()

    # Planned and published from the command line, as of before the weeks start.
    planned = _cli(capsys, "--db", db.path, "plan", "--from", START, "--weeks", 2, "--publish")
    assert NAME in planned
    rota = _cli(capsys, "--db", db.path, "rota", "--from", START, "--weeks", 2, "--format", "json")
    ours = [r for r in rota if r["rotation"] == NAME]
    assert [r["out_of_hours_hours"] for r in ours] == [49.0, 49.0]  # 7 nights 02:00-09:00
    assert {r["assignee"] for r in ours} == {"sam@example.com", "tia@example.com"}
    assert all(r["state"] == "published" for r in ours)

    # Paid once the weeks have been worked: the whole fee, in the site's currency.
    later = datetime(2027, 4, 15, tzinfo=UTC)
    freeze_now(monkeypatch, later)
    for module in ("planner.pay.runs", "planner.pay.lines"):
        monkeypatch.setattr(f"{module}.utc_now", lambda: later)
    pay = _cli(capsys, "--db", db.path, "pay", "--month", "2027-03", "--format", "json")
    lines = [p for p in pay if p["rotation"] == NAME]
    assert sorted((p["email"], p["currency"], p["amount_minor"], p["kind"]) for p in lines) == [
        ("sam@example.com", "USD", 30000, "shift"),
        ("tia@example.com", "USD", 30000, "shift"),
    ]
    assert all(p["hours"] == 49.0 for p in lines)


def test_a_site_change_that_would_alter_closed_pay_is_refused(qtbot, demo_db) -> None:
    dialog = RulesDialog(lambda: demo_db)
    qtbot.addWidget(dialog)
    items = [dialog.sites_tab.list.item(i).text() for i in range(dialog.sites_tab.list.count())]
    dialog.sites_tab.list.setCurrentRow(items.index("London"))
    dialog.sites_tab.currency.setText("EUR")
    effect = previewed(qtbot, dialog)
    assert effect is not None and effect.refused
    assert dialog.effect.text().startswith("Refused: it would change what closed pay run")
    dialog.confirm = lambda effect: pytest.fail("a refused change is never offered")  # type: ignore[method-assign]
    assert not applied(qtbot, dialog, dialog.apply)
    assert dialog.error.text() == "Refused: it would change what closed pay run(s) paid: " + (
        "; ".join(effect.closed_runs)
    )
    with demo_db.session() as s:
        from planner.core.home import sites

        assert {x.name: x.currency for x in sites(s)}["London"] == "GBP"


def test_cancel_writes_nothing_and_ok_is_one_undoable_edit(qtbot, main_window, demo_db) -> None:
    from tests.ui.test_undo_redo import dump

    before = dump(demo_db.path)
    asked: list[str] = []
    dialog = RulesDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    dialog.confirm = lambda effect: bool(asked.append(effect))  # type: ignore[method-assign]
    dialog.tabs.setCurrentWidget(dialog.rotations_tab)
    tab = dialog.rotations_tab
    tab.list.setCurrentRow(1)
    assert tab.list.currentItem().text() == "Escalation L2"
    tab.roles["engineer"].setChecked(True)
    tab.roles["leader"].setChecked(False)
    assert not applied(qtbot, dialog, dialog.apply)  # cancelled
    assert asked and "future draft shift(s) change: Escalation L2" in asked[0]
    assert dump(demo_db.path) == before
    dialog.confirm = lambda effect: True  # type: ignore[method-assign]
    assert applied(qtbot, dialog, dialog.apply), dialog.error.text()
    assert dump(demo_db.path) != before
    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before

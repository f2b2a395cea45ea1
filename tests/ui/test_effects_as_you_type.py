"""The Fees and the Sites and rotations dialogs show a change's effect as it is typed, as
Settings does: nothing to press before seeing which open pay runs and future shifts it
changes; the newest edit stops the computation under way (one that would run for ever
here) and its effect shows; Add rate, Change or Apply then uses the effect shown."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from planner.core.home import rotation_by_name
from planner.pay import fees, rule_effects
from tests.ui.test_effects_off_the_gui_thread import NOW
from tests.ui.test_fee_effects_dialog import applied
from tests.ui.test_preview_let_go_on_close import Slow
from tests.ui.test_undo_redo import dump
from ui.effect_preview import WORKING
from ui.fees_dialog import PROMPT as FEES_PROMPT
from ui.fees_dialog import FeesDialog
from ui.rules_dialog import NEW, RulesDialog
from ui.rules_dialog import PROMPT as RULES_PROMPT


def _frozen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("planner.pay.rule_effects.utc_now", lambda: NOW)


def _counting(monkeypatch, dialog: FeesDialog | RulesDialog) -> list[int]:  # type: ignore[no-untyped-def]
    """How many effects ``dialog`` asks to be worked out from now on."""
    counted: list[int] = []
    real = dialog.previews.request
    monkeypatch.setattr(dialog.previews, "request", lambda *a: counted.append(1) or real(*a))
    return counted


def _fees(qtbot, main_window, demo_db) -> tuple[FeesDialog, list[str]]:  # type: ignore[no-untyped-def]
    dialog = FeesDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[str] = []
    dialog.confirm = lambda title, effect: bool(asked.append(effect)) or True  # type: ignore[method-assign]
    return dialog, asked


def test_a_new_rate_shows_its_effect_as_it_is_typed(
    qtbot, main_window, demo_db, monkeypatch
) -> None:
    _frozen(monkeypatch)
    dialog, asked = _fees(qtbot, main_window, demo_db)
    dialog.rotation.setCurrentText("Primary")
    dialog.currency.setCurrentText("EUR")
    dialog.effective.setDate(QDate(2026, 12, 1))
    assert dialog.effect.text() == FEES_PROMPT and not dialog.busy  # no fee typed yet
    qtbot.keyClicks(dialog.amount, "600.00")
    qtbot.waitUntil(lambda: "€500.00 → €600.00" in dialog.effect.text())
    assert "adding this rate" in dialog.effect_title.text()
    assert dialog.effect.text().startswith("Re-prices 29 future shift(s): Primary")
    # a value that does not parse is named as it is typed, and nothing is worked out
    dialog.supplement.setText("fifty")
    assert (
        dialog.error.text() == "Holiday supplement: amount 'fifty' is not a number"
        and not dialog.busy
    )
    dialog.supplement.setText("")
    qtbot.waitUntil(lambda: "€500.00 → €600.00" in dialog.effect.text())
    shown = dialog.effect.text()
    counted = _counting(monkeypatch, dialog)
    assert applied(qtbot, dialog, dialog.add_rate), dialog.error.text()
    assert asked == [shown] and counted == []  # the effect shown: asked at once
    with demo_db.session() as s:
        rows = {(f.currency, f.amount_minor, f.effective_from) for f in fees.list_fees(s)}
    assert ("EUR", 60000, date(2026, 12, 1)) in rows


def test_a_selected_rate_shows_the_effect_of_changing_it(
    qtbot, main_window, demo_db, monkeypatch
) -> None:
    _frozen(monkeypatch)
    with demo_db.transaction() as s:
        fees.add_fee(s, rotation_by_name(s, "Primary"), "EUR", 60000, date(2027, 3, 1), 5000)
    dialog, asked = _fees(qtbot, main_window, demo_db)
    row = next(
        i
        for i, r in enumerate(dialog.model.rows())
        if r.currency == "EUR" and r.effective_from == date(2027, 3, 1)
    )
    counted = _counting(monkeypatch, dialog)
    dialog.table.selectRow(row)
    assert dialog.amount.text() == "€600.00"
    assert dialog.effect.text() == FEES_PROMPT and not dialog.busy and counted == []
    dialog.supplement.setText("80.00")
    qtbot.waitUntil(lambda: "holiday supplement €50.00 → €80.00" in dialog.effect.text())
    assert "changing the selected rate" in dialog.effect_title.text()
    before = dump(demo_db.path)
    assert applied(qtbot, dialog, dialog.change_rate), dialog.error.text()
    assert asked and "holiday supplement €50.00 → €80.00" in asked[0]
    assert len(counted) == 1 and dump(demo_db.path) != before
    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before


def test_the_newest_fee_typed_stops_the_effect_under_way(
    qtbot, main_window, demo_db, monkeypatch
) -> None:
    _frozen(monkeypatch)
    slow = Slow(rule_effects._state, times=1)  # the first computation would never end
    monkeypatch.setattr(rule_effects, "_state", slow)
    try:
        dialog, _asked = _fees(qtbot, main_window, demo_db)
        dialog.rotation.setCurrentText("Primary")
        dialog.currency.setCurrentText("EUR")
        dialog.effective.setDate(QDate(2026, 12, 1))
        dialog.amount.setText("600.00")
        qtbot.waitUntil(slow.inside.is_set)
        assert dialog.effect.text() == WORKING and dialog.busy
        dialog.amount.setText("650.00")  # typed meanwhile
        qtbot.waitUntil(lambda: "€500.00 → €650.00" in dialog.effect.text())
        assert "€600.00" not in dialog.effect.text()
        qtbot.waitUntil(lambda: not dialog.busy)
    finally:
        slow.let_go.set()


def _rules(qtbot, main_window, demo_db) -> RulesDialog:  # type: ignore[no-untyped-def]
    dialog = RulesDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_site_change_shows_its_effect_as_it_is_typed(
    qtbot, main_window, demo_db, monkeypatch
) -> None:
    _frozen(monkeypatch)
    dialog = _rules(qtbot, main_window, demo_db)
    sites = dialog.sites_tab.list
    assert dialog.effect.text() == RULES_PROMPT and not dialog.busy
    sites.setCurrentRow([sites.item(i).text() for i in range(sites.count())].index("London"))
    assert dialog.effect.text() == RULES_PROMPT and not dialog.busy  # London as it is
    dialog.sites_tab.currency.clear()
    qtbot.keyClicks(dialog.sites_tab.currency, "EUR")
    qtbot.waitUntil(lambda: dialog.effect.text().startswith("Refused: it would change what"))
    dialog.sites_tab.currency.setText("GBP")  # back as it is
    assert dialog.effect.text() == RULES_PROMPT and not dialog.busy


def test_a_rotation_change_shows_its_effect_as_it_is_made_and_the_newest_edit_wins(
    qtbot, main_window, demo_db, monkeypatch
) -> None:
    _frozen(monkeypatch)
    slow = Slow(rule_effects._state, times=1)
    monkeypatch.setattr(rule_effects, "_state", slow)
    try:
        dialog = _rules(qtbot, main_window, demo_db)
        asked: list[str] = []
        dialog.confirm = lambda effect: bool(asked.append(effect)) or True  # type: ignore[method-assign]
        dialog.tabs.setCurrentWidget(dialog.rotations_tab)
        tab = dialog.rotations_tab
        tab.list.setCurrentRow(tab.list.count() - 1)
        assert tab.list.currentItem().text() == NEW
        assert dialog.effect.text() == RULES_PROMPT  # no name yet: nothing to work out
        tab.list.setCurrentRow(1)
        assert tab.list.currentItem().text() == "Escalation L2"
        tab.gap.setValue(tab.gap.value() + 1)
        qtbot.waitUntil(slow.inside.is_set)  # the first computation: would never end
        assert dialog.effect.text() == WORKING and dialog.busy
        tab.roles["engineer"].setChecked(True)  # the newest edit stops it
        tab.roles["leader"].setChecked(False)
        qtbot.waitUntil(
            lambda: "future draft shift(s) change: Escalation L2" in dialog.effect.text()
        )
        assert not dialog.error.text()
        shown = dialog.effect.text()
        counted = _counting(monkeypatch, dialog)
        assert dialog.apply()
        qtbot.waitUntil(lambda: not dialog.busy)
        assert asked == [shown] and counted == [] and dialog.applied == 1
    finally:
        slow.let_go.set()

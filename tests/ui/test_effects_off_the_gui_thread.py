"""The Settings, Fees and Sites and rotations dialogs work out a change's effect off the GUI
thread: while it is being worked out (held here until the test lets it go, as a large
database holds it for seconds) the dialog answers edits and says "Working out the effect…"; a newer edit
supersedes the computation under way (its result is never shown); the effect arrives;
and Save, Add rate or Apply, pressed before it is known, waits for it, asks and applies."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from planner.core import settings
from planner.core.home import sites
from planner.pay import fees, rule_effects, settings_effects
from planner.rota import rotations
from tests.ui.test_fee_effects_dialog import applied
from tests.ui.test_undo_redo import dump
from ui.fees_dialog import FeesDialog
from ui.rules_dialog import PROMPT, RulesDialog
from ui.settings_dialog import WORKING, SettingsDialog

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)  # the demo's today


@pytest.fixture
def frozen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("planner.pay.settings_effects.utc_now", lambda: NOW)
    monkeypatch.setattr("planner.pay.rule_effects.utc_now", lambda: NOW)


class Held:
    """Wraps a preview service: the first call waits (in the worker) until ``release``."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real = real
        self.gate = threading.Event()
        self.calls: list[tuple[object, ...]] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, session, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.calls.append(args)
        self.threads.append(threading.current_thread())
        if len(self.calls) == 1:
            assert self.gate.wait(60), "never released"  # a safety net, not a timing
        return self.real(session, *args, **kwargs)

    def release(self) -> None:
        self.gate.set()


def test_settings_effect_is_worked_out_off_the_gui_thread(
    qtbot, main_window, demo_db, frozen, monkeypatch
) -> None:
    held = Held(settings_effects.preview)
    monkeypatch.setattr(settings_effects, "preview", held)
    dialog = SettingsDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[str] = []
    dialog.confirm = lambda effect: bool(asked.append(effect)) or True  # type: ignore[method-assign]

    dialog.fields["tour_months"].set_text("5")
    qtbot.waitUntil(lambda: len(held.calls) == 1)  # held in the worker
    assert held.threads[0] is not threading.main_thread()
    assert dialog.effect.text() == WORKING and dialog.busy
    # the dialog answers meanwhile: a bad value is named at once, and put right
    dialog.fields["team_min"].set_text("9")
    error = dialog.group_errors["Staggering"]
    assert error.isVisible() and "team_min" in error.text()
    dialog.fields["team_min"].set_text("6")
    assert not error.isVisible()
    # a newer edit, and Save pressed before its effect is known
    dialog.fields["tour_months"].set_text("4")
    dialog.save()
    assert dialog.isVisible() and not asked
    held.release()
    qtbot.waitUntil(lambda: not dialog.busy)
    # the held computation's result (5 months) was never shown nor asked about
    assert len(asked) == 1 and "Tour length 6 months → 4 months" in asked[0]
    assert "→ 5 months" not in asked[0]
    assert held.calls[0][0]["tour_months"] == "5" and held.calls[-1][0]["tour_months"] == "4"
    assert dialog.result() == QDialog.DialogCode.Accepted
    with demo_db.session() as s:
        assert settings.get(s, "tour_months") == 4
    assert main_window.undo_action.text() == "&Undo settings change"


def test_settings_effect_shows_as_it_is_typed_then_save_uses_it(
    qtbot, main_window, demo_db, frozen, monkeypatch
) -> None:
    dialog = SettingsDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["night_start"].set_text("21:00")
    qtbot.waitUntil(lambda: dialog.effect.text().startswith("Night window 00:00–07:00 → 21:00"))
    shown = dialog.effect.text()
    counted: list[int] = []
    real = settings_effects.preview
    monkeypatch.setattr(
        settings_effects, "preview", lambda *a, **k: counted.append(1) or real(*a, **k)
    )
    asked: list[str] = []
    dialog.confirm = lambda effect: bool(asked.append(effect))  # type: ignore[method-assign]
    dialog.save()  # the effect is known: asked at once, nothing worked out again
    assert asked == [shown] and counted == []
    assert dialog.result() != QDialog.DialogCode.Accepted
    with demo_db.session() as s:
        assert settings.get(s, "night_start") == "00:00"


def test_fees_effect_is_worked_out_off_the_gui_thread(
    qtbot, main_window, demo_db, frozen, monkeypatch
) -> None:
    held = Held(rule_effects.preview)
    monkeypatch.setattr(rule_effects, "preview", held)
    dialog = FeesDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[str] = []
    dialog.confirm = lambda title, effect: bool(asked.append(effect)) or True  # type: ignore[method-assign]
    dialog.rotation.setCurrentText("Primary")
    dialog.currency.setCurrentText("EUR")
    dialog.amount.setText("600.00")
    dialog.effective.setDate(QDate(2026, 12, 1))

    def add_then_edit() -> None:
        assert dialog.add_rate()
        qtbot.waitUntil(lambda: len(held.calls) == 1)
        assert held.threads[0] is not threading.main_thread()
        assert dialog.effect.text() == "Working out the effect…" and dialog.busy
        dialog.amount.setText("650.00")  # typed meanwhile: its effect supersedes
        held.release()

    assert applied(qtbot, dialog, add_then_edit), dialog.error.text()
    assert len(asked) == 1 and "€500.00 → €650.00" in asked[0] and "€600.00" not in asked[0]
    with demo_db.session() as s:
        rows = {(f.currency, f.amount_minor, f.effective_from) for f in fees.list_fees(s)}
    assert ("EUR", 65000, QDate(2026, 12, 1).toPython()) in rows
    assert ("EUR", 60000, QDate(2026, 12, 1).toPython()) not in rows
    assert main_window.undo_action.text().startswith("&Undo new rate of Primary in EUR")


def _rules_dialog(qtbot, main_window, demo_db, answer: bool):  # type: ignore[no-untyped-def]
    dialog = RulesDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[str] = []
    dialog.confirm = lambda effect: bool(asked.append(effect)) or answer  # type: ignore[method-assign]
    return dialog, asked


def test_rules_effect_is_worked_out_off_the_gui_thread(
    qtbot, main_window, demo_db, frozen, monkeypatch
) -> None:
    held = Held(rule_effects.preview)
    monkeypatch.setattr(rule_effects, "preview", held)
    before = dump(demo_db.path)
    dialog, asked = _rules_dialog(qtbot, main_window, demo_db, answer=True)
    sites_list = dialog.sites_tab.list
    names = [sites_list.item(i).text() for i in range(sites_list.count())]
    sites_list.setCurrentRow(names.index("London"))
    dialog.sites_tab.currency.setText("EUR")  # would change closed pay: refused
    assert dialog.preview() is None  # not known yet
    qtbot.waitUntil(lambda: len(held.calls) == 1)  # held in the worker
    assert held.threads[0] is not threading.main_thread()
    assert dialog.effect.text() == WORKING and dialog.busy
    # the dialog answers meanwhile: another tab, another rotation, a bad window named at once
    dialog.tabs.setCurrentWidget(dialog.rotations_tab)
    tab = dialog.rotations_tab
    tab.list.setCurrentRow(1)
    assert tab.list.currentItem().text() == "Escalation L2"
    tab.roles["engineer"].setChecked(True)
    tab.roles["leader"].setChecked(False)
    tab.windows.setText("2am to 9am")
    assert "HH:MM-HH:MM" in dialog.error.text()
    tab.windows.setText("")
    # Apply pressed before the effect of the values as they are is known: it waits
    assert dialog.apply()
    assert dialog.effect.text().startswith(WORKING) and not asked and dialog.applied == 0
    held.release()
    qtbot.waitUntil(lambda: not dialog.busy)
    # the held computation's result (a refusal of the London change) was never shown
    assert "Refused" not in dialog.error.text() + dialog.effect.text()
    assert len(asked) == 1 and "future draft shift(s) change: Escalation L2" in asked[0]
    assert dialog.applied == 1 and dialog.effect.text() == asked[0]
    assert all(thread is not threading.main_thread() for thread in held.threads)
    with demo_db.session() as s:
        spec = {r.name: r for r in rotations.specs(s)}["Escalation L2"]
        assert spec.roles == ("engineer",)
        assert {x.name: x.currency for x in sites(s)}["London"] == "GBP"
    assert main_window.undo_action.text() == "&Undo change of rotation Escalation L2"
    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before


def test_rules_effect_shows_as_it_is_edited_and_apply_uses_the_one_shown(
    qtbot, main_window, demo_db, frozen, monkeypatch
) -> None:
    before = dump(demo_db.path)
    dialog, asked = _rules_dialog(qtbot, main_window, demo_db, answer=False)
    dialog.tabs.setCurrentWidget(dialog.rotations_tab)
    tab = dialog.rotations_tab
    tab.list.setCurrentRow(1)
    assert dialog.effect.text() == PROMPT  # the rotation as it is: nothing to work out
    tab.roles["engineer"].setChecked(True)
    tab.roles["leader"].setChecked(False)
    qtbot.waitUntil(lambda: "future draft shift(s) change: Escalation L2" in dialog.effect.text())
    shown = dialog.effect.text()
    counted: list[int] = []
    real = rule_effects.preview
    monkeypatch.setattr(rule_effects, "preview", lambda *a, **k: counted.append(1) or real(*a, **k))
    tab.roles["leader"].setChecked(True)  # back as it is: the effect shown no longer holds
    tab.roles["engineer"].setChecked(False)
    assert dialog.effect.text() == PROMPT and not dialog.busy
    tab.roles["engineer"].setChecked(True)  # the edit again: its effect, known, at once
    tab.roles["leader"].setChecked(False)
    assert dialog.effect.text() == shown and not dialog.busy
    assert dialog.apply()  # asked at once, nothing worked out again
    assert asked == [shown] and counted == [] and not dialog.busy
    assert dialog.applied == 0 and dump(demo_db.path) == before

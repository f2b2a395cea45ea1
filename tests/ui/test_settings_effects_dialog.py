"""Edit › Settings…: Save shows what the night window, the rest rule, the tour length or
the target shifts change before they are applied; Cancel writes nothing, OK applies one
undoable edit, a change that would take back rest already taken is refused with its reason,
and a bad value is named."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from planner.core import settings
from planner.pay import pages
from tests.ui.test_undo_redo import dump
from ui.settings_dialog import SettingsDialog

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)  # the demo's today


@pytest.fixture
def frozen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("planner.pay.settings_effects.utc_now", lambda: NOW)


def _dialog(qtbot, main_window, demo_db, answer: bool):  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def confirm(effect: str) -> bool:
        asked.append(effect)
        return answer

    dialog.confirm = confirm  # type: ignore[method-assign]
    return dialog, asked


def test_night_window_cancel_writes_nothing_ok_applies_undo_restores(
    qtbot, main_window, demo_db, frozen
) -> None:
    before, raw = dump(demo_db.path), Path(demo_db.path).read_bytes()
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=False)
    dialog.fields["night_start"].set_text("21:00")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)  # the effect, then the change: in the worker
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert asked and asked[0] == dialog.effect.text()
    assert asked[0].startswith("Night window 00:00–07:00 → 21:00–07:00")
    assert "Pages since 2026-10-01 (after the last closed pay run, 2026-09): 6 become" in asked[0]
    assert "Rest owed +4 day(s) for 4 volunteer(s)" in asked[0]
    assert dump(demo_db.path) == before and Path(demo_db.path).read_bytes() == raw

    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
    dialog.fields["night_start"].set_text("21:00")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)  # the effect, then the change: in the worker
    assert dialog.result() == QDialog.DialogCode.Accepted
    after = dump(demo_db.path)
    with demo_db.session() as s:
        assert settings.get(s, "night_start") == "21:00"
        assert pages.count_pages(s) == (31, 16 + 6)  # six pages of open months became night
    assert len(after["rest_entry"]) == len(before["rest_entry"]) + 4
    assert main_window.undo_action.text() == "&Undo settings change"
    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before
    main_window.redo_action.trigger()
    assert dump(demo_db.path) == after


def test_tour_length_and_targets_name_what_they_change(qtbot, main_window, demo_db, frozen) -> None:
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=False)
    dialog.fields["tour_months"].set_text("5")
    dialog.fields["target_min"].set_text("2")
    dialog.fields["target_max"].set_text("3")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)  # the effect, then the change: in the worker
    assert asked[0].startswith("Target shifts 3–4 → 2–3; Tour length 6 months → 5 months.")
    assert (
        "Tours created from now on last 5 months and aim for 2–3 shifts; the 30 existing"
        in (asked[0])
    )
    assert (
        "Proposed tours of 2 waiting volunteer(s) change: "
        "Conor Walsh 2027-01-26 to 2027-07-25 → 2027-01-26 to 2027-06-25" in asked[0]
    )


def test_a_rest_rule_that_would_take_back_rest_taken_is_refused(
    qtbot, main_window, demo_db, frozen
) -> None:
    before = dump(demo_db.path)
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
    dialog.show()
    dialog.fields["rest_per_night"].set_text("half")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)  # the effect, then the change: in the worker
    assert not asked and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.refusal.isVisible()
    assert dialog.refusal.text().startswith("Refused: siobhan.doyle@example.com has already taken")
    assert dump(demo_db.path) == before


def test_a_night_window_that_starts_where_it_ends_is_named(
    qtbot, main_window, demo_db, frozen
) -> None:
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
    dialog.show()
    dialog.fields["night_start"].set_text("07:00")
    error = dialog.group_errors["Pages & rest"]
    assert error.isVisible() and "night_start and night_end must differ" in error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    spin = dialog.fields["tour_months"].widget
    assert spin.minimum() == 1  # a tour of 0 months cannot even be typed

"""Edit › Settings…: change values, inline errors, Save all or nothing, locked office hours."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from planner.core import settings
from planner.core.db import Database
from planner.core.home import rotation_by_name
from ui.settings_dialog import SettingsDialog


def _save_button(dialog: SettingsDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_changing_a_staggering_value_and_saving_stores_it(qtbot, db: Database) -> None:
    dialog = SettingsDialog(lambda: db)
    qtbot.addWidget(dialog)
    dialog.fields["team_max"].set_text("10")
    dialog.fields["max_joins_per_month"].set_text("3")
    dialog.rotations.item(0, 4).setText("5")  # first rotation's gap
    assert _save_button(dialog).isEnabled()
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)  # the effect, then the change: in the worker
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.session() as s:
        assert settings.get(s, "team_max") == 10
        assert settings.get(s, "max_joins_per_month") == 3
        assert settings.get(s, "team_min") == 6  # untouched
        name = dialog.rotations.item(0, 0).text()
        assert rotation_by_name(s, name).min_gap_weeks == 5


def test_a_bad_value_shows_an_inline_error_and_saves_nothing(qtbot, db: Database) -> None:
    dialog = SettingsDialog(lambda: db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["tour_months"].set_text("9")  # valid on its own
    dialog.fields["team_min"].set_text("9")  # above team_max 8
    error = dialog.group_errors["Staggering"]
    assert error.isVisible() and "team_min" in error.text() and "9" in error.text()
    assert not _save_button(dialog).isEnabled()
    dialog.save()  # even if forced: nothing written, dialog stays open
    assert dialog.result() != QDialog.DialogCode.Accepted
    with db.session() as s:
        assert settings.get(s, "team_min") == 6
        assert settings.get(s, "tour_months") == 6
    dialog.fields["team_min"].set_text("7")  # fixing it clears the error
    assert not error.isVisible() and _save_button(dialog).isEnabled()


def test_a_bad_rotation_cell_is_shown_under_the_table(qtbot, db: Database) -> None:
    dialog = SettingsDialog(lambda: db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.rotations.item(0, 4).setText("lots")
    assert dialog.rotation_error.isVisible()
    assert "min_gap_weeks 'lots'" in dialog.rotation_error.text()
    assert not _save_button(dialog).isEnabled()


def test_office_hours_are_locked_when_shifts_exist(qtbot, demo_db: Database) -> None:
    dialog = SettingsDialog(lambda: demo_db)
    qtbot.addWidget(dialog)
    for key in ("office_days", "office_start", "office_end", "handover_weekday", "handover_time"):
        assert not dialog.fields[key].widget.isEnabled()
    assert dialog.fields["team_min"].widget.isEnabled()
    note = dialog.findChild(QLabel, "lock_note")
    assert note is not None and "shifts exist" in note.text()


def test_edit_settings_saved_refreshes_the_current_page(main_window, monkeypatch) -> None:
    assert "&Edit" in [a.text() for a in main_window.menuBar().actions()]
    refreshed: list[bool] = []
    monkeypatch.setattr(main_window, "refresh_all", lambda: refreshed.append(True))
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    main_window.settings_action.trigger()
    assert refreshed == []  # Cancel: nothing to reload
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    main_window.settings_action.trigger()
    assert refreshed == [True]

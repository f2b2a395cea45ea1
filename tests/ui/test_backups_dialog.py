"""The Backups dialog says so when there is no backup yet, and when one will be made."""

from __future__ import annotations

from planner.core.backups import timestamped_backup
from planner.core.db import Database
from ui.backups_dialog import BackupsDialog


def test_with_no_backup_the_dialog_says_so_and_when_one_is_made(qtbot, db: Database) -> None:
    # An empty table and nothing else before: was it broken, or is there none?
    dialog = BackupsDialog(lambda: db, lambda: None)
    qtbot.addWidget(dialog)
    assert dialog.backups == []
    assert dialog.none_yet.isVisibleTo(dialog)
    assert not dialog.table.isVisibleTo(dialog)
    assert dialog.none_yet.text() == (
        "No backups yet: one is made on the first open of each day in the app, before every "
        "upgrade and before a restore, or press Back up now."
    )
    dialog.backup_button.click()
    assert len(dialog.backups) == 1
    assert dialog.table.isVisibleTo(dialog)
    assert not dialog.none_yet.isVisibleTo(dialog)


def test_with_a_backup_the_table_shows_it_and_no_none_yet_line(qtbot, db: Database) -> None:
    timestamped_backup(db)
    dialog = BackupsDialog(lambda: db, lambda: None)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.isVisibleTo(dialog)
    assert not dialog.none_yet.isVisibleTo(dialog)

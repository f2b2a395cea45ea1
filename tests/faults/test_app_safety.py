"""The app's side of data safety: one window per database (a crashed one's lock taken
over), a read-only database opened with a banner, a daily backup, File › Backups."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.core.backups import list_backups, timestamped_backup
from planner.core.db import Database
from planner.core.errors import DatabaseError
from ui.app import open_db

ROOT = Path(__file__).resolve().parents[2]
HOLD = (
    "import sys, time\n"
    "from PySide6.QtCore import QLockFile\n"
    "lock = QLockFile(sys.argv[1])\n"
    "assert lock.tryLock(0)\n"
    "print('locked', flush=True)\n"
    "time.sleep(120)\n"
)


def test_a_second_app_on_the_same_database_is_refused_and_a_crashed_ones_lock_taken_over(
    demo_db: Database, qapp
) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    lock = demo_db.path.with_name(demo_db.path.name + ".lock")
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseError, match=f"another planner window.*process {other.pid}"):
            open_db(demo_db.path, False)
    finally:
        other.send_signal(signal.SIGKILL)  # a crash: the lock file stays behind
        other.wait()
    assert lock.exists()
    db = open_db(demo_db.path, False)  # the stale lock is taken over
    try:
        assert lock.read_text().split("\n")[0] == str(os.getpid())
    finally:
        db.close()
    assert not lock.exists()


def test_the_app_backs_up_on_the_first_open_of_each_day(demo_db: Database, qapp) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    for _ in range(2):
        open_db(demo_db.path, False).close()
    daily = [b for b in list_backups(demo_db.path) if b.label == "daily"]
    assert len(daily) == 1 and daily[0].made_at.date() == datetime.now(UTC).date()
    assert oct(daily[0].path.stat().st_mode & 0o777) == oct(0o600)


def test_backups_keep_the_newest_fourteen(db: Database) -> None:
    from planner.core.backups import prune_backups

    for _ in range(16):
        timestamped_backup(db)
    prune_backups(db)
    assert len(list_backups(db.path)) == 14


def test_a_read_only_database_opens_with_a_banner(
    qtbot, demo_db: Database, read_only_folder
) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    demo_db.close()
    folder = read_only_folder({"planner.db": demo_db.path.read_bytes()})
    db = open_db(folder / "planner.db", False)
    assert db.read_only
    window = MainWindow(db, open_db)
    qtbot.addWidget(window)
    window.show()
    assert window.read_only_banner.isVisible()
    assert "read-only" in window.read_only_banner.text()
    now = window.pages["now"]  # read as usual: who is on call, then the weeks after it
    assert [card.holder.text() != "" for card in now.cards.values()] == [True, True]
    qtbot.waitUntil(lambda: not now.rest_due)
    assert now.weeks.rowCount() == 2


def test_file_backups_lists_copies_and_restores_one_asking_about_closed_runs(
    qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from ui import user_locale
    from ui.backups_dialog import BackupsDialog

    copy = timestamped_backup(demo_db)
    with demo_db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE pay_run SET state = 'closed' WHERE month = '2026-10'")
    asked: list[str] = []

    def answer(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    restored: list[bool] = []
    dialog = BackupsDialog(lambda: demo_db, lambda: restored.append(True))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3).text() == copy.name
    # when, in the reader's locale ('Fri 27 Nov 2026 18:05:09' under C), in UTC as headed
    made = dialog.backups[0].made_at
    assert dialog.table.item(0, 0).text() == user_locale.day_year_time(made, seconds=True)
    assert dialog.table.horizontalHeaderItem(0).text() == "Made at (UTC)"
    dialog.table.selectRow(0)
    dialog.restore_button.click()
    assert restored == [True]
    assert "2026-10" in asked[0] and "reopens" in asked[0]
    conn = sqlite3.connect(demo_db.path)
    state = conn.execute("SELECT state FROM pay_run WHERE month = '2026-10'").fetchone()[0]
    audited = conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'database restored'"
    ).fetchone()[0]
    conn.close()
    assert state == "draft" and audited == 1
    assert dialog.table.rowCount() == 2  # the copy kept before the restore is listed

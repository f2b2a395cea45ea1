"""A dialog closed while it works out a change's effect lets the database go at once: the
computation under way (holding SQLite's write lock inside the savepoint it would roll
back) is stopped, nothing it wrote is kept, and the main window's next edit is not kept
waiting — before, it ran on to its end and an edit made meanwhile failed with "database is
locked" once the busy timeout ran out."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from sqlalchemy import text

from planner.core import settings
from planner.core.db import Database
from planner.pay import fees, rule_effects
from tests.ui.test_undo_redo import dump
from ui.fees_dialog import FeesDialog
from ui.rules_dialog import RulesDialog
from ui.settings_dialog import SettingsDialog

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)  # the demo's today
# Counts for as long as it is let: the slow part of a large database's effect, run where
# the real one is (after the change is written, inside the savepoint).
ENDLESS = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE still()) "
    "SELECT count(*) FROM c"
)


class Slow:
    """``rule_effects._state`` whose second look (after the change) runs ``ENDLESS``, in
    the first ``times`` computations."""

    def __init__(self, real: Callable[..., Any], times: int = 1_000) -> None:
        self.real = real
        self.times = times
        self.inside = threading.Event()  # the computation holds the write lock
        self.let_go = threading.Event()  # the test's own safety net, at its end

    def __call__(self, session: Any, *args: Any, **kwargs: Any) -> Any:
        if session.in_nested_transaction() and self.times > 0:
            self.times -= 1
            raw = session.connection().connection.dbapi_connection
            raw.create_function("still", 0, lambda: not self.let_go.is_set())
            self.inside.set()
            session.execute(text(ENDLESS)).one()
        return self.real(session, *args, **kwargs)


@pytest.fixture
def slow(monkeypatch) -> Iterator[Slow]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("planner.pay.settings_effects.utc_now", lambda: NOW)
    monkeypatch.setattr("planner.pay.rule_effects.utc_now", lambda: NOW)
    held = Slow(rule_effects._state)
    monkeypatch.setattr(rule_effects, "_state", held)
    yield held
    held.let_go.set()


def _fees(qtbot, db: Database) -> QDialog:  # type: ignore[no-untyped-def]
    dialog = FeesDialog(lambda: db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.rotation.setCurrentText("Primary")
    dialog.currency.setCurrentText("EUR")
    dialog.amount.setText("600.00")
    dialog.effective.setDate(QDate(2026, 12, 1))
    dialog.add_rate()
    return dialog


def _sites(qtbot, db: Database) -> QDialog:  # type: ignore[no-untyped-def]
    dialog = RulesDialog(lambda: db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.rotations_tab)
    dialog.rotations_tab.list.setCurrentRow(1)
    dialog.rotations_tab.roles["engineer"].setChecked(True)
    dialog.preview()
    return dialog


def _settings(qtbot, db: Database) -> QDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(lambda: db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["night_start"].set_text("21:00")  # worked out a moment after the edit
    return dialog


def _locked(db: Database) -> bool:
    """Another program cannot start writing at once (no waiting)."""
    other = sqlite3.connect(db.path, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
        return False
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return True
    finally:
        other.close()


@pytest.mark.parametrize(
    "open_dialog", [_fees, _sites, _settings], ids=["fees", "sites", "settings"]
)
def test_closing_mid_preview_lets_the_database_go(qtbot, demo_db, slow, open_dialog) -> None:  # type: ignore[no-untyped-def]
    before = dump(demo_db.path)
    dialog = open_dialog(qtbot, demo_db)
    qtbot.waitUntil(slow.inside.is_set)
    assert dialog.busy and _locked(demo_db)  # the preview holds the write lock

    dialog.reject()  # the coordinator closes the dialog

    # the main window's next edit goes through (its usual busy timeout, not the preview's
    # end: the preview here would never end), and the preview wrote nothing
    with demo_db.transaction() as session:
        settings.put(session, "tour_months", 5)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert not _locked(demo_db)
    with demo_db.session() as session:
        assert settings.get(session, "tour_months") == 5
        rates = {(f.currency, f.amount_minor) for f in fees.list_fees(session)}
        assert ("EUR", 60000) not in rates
    after = dump(demo_db.path)
    assert after.pop("setting") == [("tour_months", "5")]
    assert after == {key: rows for key, rows in before.items() if key != "setting"}

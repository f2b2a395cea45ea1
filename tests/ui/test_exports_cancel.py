"""The payroll workbook and the calendar feed export off the GUI thread with a progress
dialog; Cancel leaves no file (not even a temporary one) and the database exactly as it
was — no run marked exported, no audit entry, no SEQUENCE moved — and the next export
works."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from planner.core.db import Database, open_database
from planner.demo import team
from planner.outputs import ics as ics_module
from planner.pay import workbook as workbook_module
from tests.conftest import TODAY
from tests.planner import rota_rows
from tests.planner.pay_helpers import fake_rota
from tests.planner.rota_rows import fill_rota
from ui.main_window import MainWindow
from ui.output_dialogs import CalendarExportDialog
from ui.screens.pay_screen import PayScreen
from ui.worker import Operation

team_db = rota_rows.team_db  # the fixture


def _dump(db: Database) -> list[str]:
    """Everything the database holds, as SQL: equal dumps, equal data."""
    with sqlite3.connect(db.path) as conn:
        return list(conn.iterdump())


def _held(monkeypatch, module, name: str) -> tuple[threading.Event, list[bool]]:  # type: ignore[no-untyped-def]
    """Make ``module.name`` wait (in the worker) until released; note its thread."""
    release, threads = threading.Event(), []
    original: Callable[..., object] = getattr(module, name)

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(QThread.currentThread() is not QApplication.instance().thread())
        release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return release, threads


def _shown_progress(qtbot, operation: Operation, label: str) -> None:  # type: ignore[no-untyped-def]
    dialog = operation.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)  # after its short delay
    qtbot.waitUntil(lambda: dialog.labelText().startswith(label), timeout=5000)


# -- payroll workbook ----------------------------------------------------------------------


@pytest.fixture
def pay_window(qtbot, db: Database, qsettings):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 30)  # all in the past: worked
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()
    window.show_page("pay")
    page = window.pages["pay"]
    assert isinstance(page, PayScreen)
    page.select_month("2026-03")
    return window


def test_cancelling_a_payroll_export_writes_nothing_and_changes_nothing(
    qtbot, pay_window: MainWindow, db: Database, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = pay_window.pages["pay"]
    assert isinstance(page, PayScreen)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "march.xlsx"
    page.ask_export_path = lambda month: target  # type: ignore[method-assign]
    before = _dump(db)
    release, threads = _held(monkeypatch, workbook_module, "build_workbook")
    page.export_button.click()
    assert page.busy and not page.export_button.isEnabled()  # one export at a time
    assert page.operation is not None
    _shown_progress(qtbot, page.operation, "Writing the workbook")
    page.operation.dialog.canceled.emit()  # type: ignore[union-attr]  # the Cancel button
    release.set()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)

    assert threads == [True]  # written off the GUI thread
    assert not target.exists() and list(out.iterdir()) == []  # no partial file either
    assert _dump(db) == before  # the run not built, not exported; no audit entry
    assert page.state_label.text() == "Not built"
    assert page.export_button.isEnabled()
    assert pay_window.statusBar().currentMessage() == "Export cancelled: march.xlsx not written"

    monkeypatch.undo()  # the next export runs to the end
    page.ask_export_path = lambda month: target  # type: ignore[method-assign]
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert target.exists() and page.state_label.text() == "Exported"
    assert pay_window.statusBar().currentMessage() == f"Wrote {target}"


# -- calendar feed -------------------------------------------------------------------------


@pytest.fixture
def ics_window(qtbot, team_db, qsettings, monkeypatch):  # type: ignore[no-untyped-def]
    with team_db.transaction() as s:
        fill_rota(s, date(2026, 12, 4), 10)
    window = MainWindow(team_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()

    def team_feed(self):  # type: ignore[no-untyped-def]
        self.feed.setCurrentIndex(0)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CalendarExportDialog, "exec", team_feed)
    return window


def _export_ics(qtbot, window: MainWindow, target: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.output_actions.ics_action.trigger()


def _sequences(path: Path) -> dict[str, int]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): int(e["sequence"]) for e in calendar.walk("VEVENT")}


def test_cancelling_a_calendar_export_writes_nothing_and_keeps_the_feeds_memory(
    qtbot, ics_window: MainWindow, team_db: Database, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    actions = ics_window.output_actions
    status = ics_window.statusBar()
    out = tmp_path / "out"
    out.mkdir()
    first = out / "first.ics"
    _export_ics(qtbot, ics_window, first, monkeypatch)
    qtbot.waitUntil(actions.ics_action.isEnabled, timeout=10000)
    sequences = _sequences(first)
    assert len(sequences) == 20 and set(sequences.values()) == {0}
    with team_db.transaction() as s:  # every event changes: the next export bumps each
        s.connection().exec_driver_sql("UPDATE rotation SET name = name || ' team'")
    before = _dump(team_db)

    cancelled = out / "cancelled.ics"
    release, threads = _held(monkeypatch, ics_module, "current_items")
    _export_ics(qtbot, ics_window, cancelled, monkeypatch)
    assert not actions.ics_action.isEnabled()  # one export at a time
    operation = actions.ics_operation
    assert operation is not None
    _shown_progress(qtbot, operation, "Reading the rota")
    operation.dialog.canceled.emit()  # type: ignore[union-attr]  # the Cancel button
    release.set()
    qtbot.waitUntil(actions.ics_action.isEnabled, timeout=10000)

    assert threads == [True]
    assert not cancelled.exists() and sorted(p.name for p in out.iterdir()) == ["first.ics"]
    assert _dump(team_db) == before  # no SEQUENCE moved, nothing remembered
    assert status.currentMessage() == "Calendar export cancelled: cancelled.ics not written"

    second = out / "second.ics"
    _export_ics(qtbot, ics_window, second, monkeypatch)
    qtbot.waitUntil(lambda: "events" in status.currentMessage(), timeout=10000)
    assert status.currentMessage() == f"Wrote {second} (20 events)"
    assert _sequences(second) == {uid: 1 for uid in sequences}  # one step, not two

"""Long work never freezes the window: the print preview and printing paint in a worker,
with a progress dialog whose Cancel stops the work and leaves no file behind."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QPdfWriter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from planner.core.db import open_database
from tests.planner import rota_rows
from tests.planner.rota_rows import fill_rota
from ui.main_window import MainWindow
from ui.output_dialogs import RotaOptionsDialog
from ui.printing import print_dialogs, rota_pages
from ui.printing.page_setup import PageRecording

team_db = rota_rows.team_db  # the fixture


@pytest.fixture
def window(qtbot, team_db, qsettings):  # type: ignore[no-untyped-def]
    with team_db.transaction() as s:
        fill_rota(s, date(2026, 12, 4), 10)
    win = MainWindow(team_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(win)
    win.show()
    return win


def _paint_threads(monkeypatch) -> list[bool]:  # type: ignore[no-untyped-def]
    """Wrap paint_rota; per call, whether it ran off the GUI thread."""
    original, calls = rota_pages.paint_rota, []

    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(QThread.currentThread() is not QApplication.instance().thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(rota_pages, "paint_rota", wrapped)
    return calls


def test_preview_pages_are_prepared_in_a_worker_and_replayed(
    qtbot, window, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    painted = _paint_threads(monkeypatch)
    monkeypatch.setattr(RotaOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    shown: list[PageRecording] = []

    class FakePreview:
        def __init__(self, replay) -> None:  # type: ignore[no-untyped-def]
            self.replay = replay

        def exec(self) -> int:
            shown.append(self.replay.__self__)
            return 0

    monkeypatch.setattr(print_dialogs, "make_preview", lambda _p, _l, paint, _t: FakePreview(paint))
    window.output_actions.preview_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert painted == [True]  # read and painted off the GUI thread
    recording = shown[0]
    assert len(recording.pictures) == 3  # the default three months, one page each
    writer = QPdfWriter(str(tmp_path / "replayed.pdf"))
    writer.setPageLayout(recording.layout)
    assert recording.replay(writer) == 3  # replaying draws every recorded page
    del writer
    assert (tmp_path / "replayed.pdf").stat().st_size > 1000


def test_cancel_stops_a_pdf_export_and_leaves_no_file(qtbot, window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    original = rota_pages.paint_rota

    def slow_paint(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(10)  # the user presses Cancel while the worker is busy
        return original(*args, **kwargs)

    monkeypatch.setattr(rota_pages, "paint_rota", slow_paint)
    monkeypatch.setattr(RotaOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    pdf = tmp_path / "rota.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    warnings: list[str] = []
    monkeypatch.setattr(
        print_dialogs.QMessageBox, "warning", lambda _p, title, _t: warnings.append(title)
    )
    started: list[object] = []
    original_with_progress = print_dialogs.Operation.with_progress

    def keep(self, parent, label):  # type: ignore[no-untyped-def]
        started.append(self)
        return original_with_progress(self, parent, label)

    monkeypatch.setattr(print_dialogs.Operation, "with_progress", keep)
    actions = window.output_actions
    actions.pdf_action.trigger()
    assert not actions.pdf_action.isEnabled()  # one export at a time
    operation = started[0]
    assert operation.dialog is not None and operation.dialog.labelText().startswith("Writing")
    operation.dialog.canceled.emit()  # what the Cancel button sends
    release.set()
    qtbot.waitUntil(actions.pdf_action.isEnabled, timeout=10000)
    assert not pdf.exists()
    assert not list(tmp_path.glob("*.pdf*"))  # no temporary file left either
    assert warnings == []  # a cancel is not an error

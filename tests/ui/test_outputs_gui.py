"""Reports screen and File menu outputs: what a coordinator gets from the buttons."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import icalendar
import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from planner.core.db import open_database
from planner.outputs import ics as ics_module
from planner.outputs.report import monthly_report
from tests.planner import rota_rows
from tests.planner.rota_rows import fill_rota
from ui.main_window import MainWindow
from ui.output_dialogs import CalendarExportDialog, RotaOptionsDialog
from ui.printing import print_dialogs, rota_pages
from ui.printing.rota_pages import paint_rota
from ui.screens import reports_screen

team_db = rota_rows.team_db  # the fixture


@pytest.fixture
def planned(team_db):  # type: ignore[no-untyped-def]
    """The demo team with ten weeks published from 4 December 2026, nothing else."""
    with team_db.transaction() as s:
        fill_rota(s, date(2026, 12, 4), 10)
    return team_db


@pytest.fixture
def window(qtbot, planned, qsettings):  # type: ignore[no-untyped-def]
    win = MainWindow(planned, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(win)
    win.show()
    return win


def _show_month(qtbot, window, month: date):  # type: ignore[no-untyped-def]
    window.show_page("reports")
    page = window.pages["reports"]
    page.set_month(month)
    qtbot.waitUntil(lambda: page.report is not None and page.report.month == month)
    return page


def test_reports_screen_shows_the_months_report(qtbot, window, planned) -> None:
    page = _show_month(qtbot, window, date(2027, 1, 1))
    with planned.session() as s:
        expected = monthly_report(s, date(2027, 1, 1))
    assert page.report == expected
    assert f"{expected.ooh_hours:g} h on call in the month" in page.status.text()
    assert page.export_button.isEnabled()
    page.next_button.click()
    qtbot.waitUntil(lambda: page.report.month == date(2027, 2, 1))
    image = page.sheets.grab()
    assert image.width() > 300 and image.height() > 600


def _off_gui_thread(monkeypatch, module, name: str) -> list[bool]:  # type: ignore[no-untyped-def]
    """Wrap ``module.name``; the list says, per call, whether it ran off the GUI thread."""
    original, calls = getattr(module, name), []

    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(QThread.currentThread() is not QApplication.instance().thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)
    return calls


def test_reports_export_pdf_writes_three_pages(qtbot, window, planned, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    page = _show_month(qtbot, window, date(2027, 1, 1))
    painted = _off_gui_thread(monkeypatch, reports_screen, "paint_report")
    target = tmp_path / "report"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    path = page.export_report()
    assert path == tmp_path / "report.pdf"
    qtbot.waitUntil(lambda: page.status.text().startswith("Wrote"), timeout=10000)
    assert page.status.text() == f"Wrote {path} (3 pages)"
    assert painted == [True]  # painted in the worker, not on the GUI thread
    assert path.exists() and page.export_button.isEnabled()
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert "Pages:           3" in info


def test_file_menu_exports_rota_pdf_and_calendar(qtbot, window, planned, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    actions = window.output_actions
    titles = [a.text() for a in window.file_menu.actions()]
    assert titles[-1] == "&Quit"
    assert "Export &calendar (.ics)…" in titles
    monkeypatch.setattr(RotaOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    pdf = tmp_path / "rota.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    painted = _off_gui_thread(monkeypatch, rota_pages, "paint_rota")
    actions.pdf_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Wrote"), timeout=10000)
    assert window.statusBar().currentMessage() == f"Wrote {pdf} (3 pages)"
    assert painted == [True]
    assert pdf.exists() and pdf.stat().st_size > 1000
    if shutil.which("pdftotext"):  # fonts drawn in the worker come out as text
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "On-call Tour Planner" in text
        assert "Sites" in text and "Office" not in text  # the legend names PRODUCT.md's Site

    def accept_volunteer(self):  # type: ignore[no-untyped-def]
        self.feed.setCurrentIndex(0)
        self.include_drafts.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CalendarExportDialog, "exec", accept_volunteer)
    ics = tmp_path / "team.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(ics), ""))
    fed = _off_gui_thread(monkeypatch, ics_module, "write_feed")
    actions.ics_action.trigger()
    qtbot.waitUntil(lambda: "events" in window.statusBar().currentMessage(), timeout=10000)
    assert window.statusBar().currentMessage() == f"Wrote {ics} (20 events)"
    assert fed == [True]
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 20  # ten weeks, two rotations


def test_a_pdf_that_cannot_be_written_says_why(qtbot, window, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        print_dialogs.QMessageBox, "warning", lambda _p, title, text: warnings.append((title, text))
    )
    monkeypatch.setattr(RotaOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    pdf = tmp_path / "no such folder" / "rota.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    window.output_actions.pdf_action.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    [(title, text)] = warnings
    assert title == "PDF not exported"
    assert text.startswith(f"Cannot write {pdf}") and "Traceback" not in text
    assert not pdf.exists() and window.output_actions.pdf_action.isEnabled()


def test_print_preview_paints_one_page_per_month(qtbot, window, planned) -> None:
    data = window.output_actions.rota_data(date(2027, 1, 1), 2, False)
    painted: list[int] = []

    def paint(device):  # type: ignore[no-untyped-def]
        painted.append(paint_rota(device, data))
        return painted[-1]

    dialog = print_dialogs.make_preview(window, True, paint, "rota")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(painted))
    assert painted[0] == 2
    dialog.close()


def test_rota_options_default_to_three_months_without_drafts(qtbot) -> None:
    dialog = RotaOptionsDialog("Print", date(2027, 8, 2))
    qtbot.addWidget(dialog)
    assert dialog.months.value() == 3
    assert not dialog.include_drafts.isChecked()
    assert dialog.first_month().day == 1


def test_a_report_that_arrives_after_its_screen_closed_is_dropped(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    """The report loads in the background; the window may be gone when it arrives (it
    raised 'Internal C++ object already deleted' from the worker's callback)."""
    from datetime import date

    import shiboken6

    from planner.outputs.report import monthly_report
    from ui.screens.reports_screen import ReportsScreen

    screen = ReportsScreen(lambda: demo_db)
    with demo_db.session() as s:
        report = monthly_report(s, date(2026, 10, 1))
    shiboken6.delete(screen)
    screen._show(report)  # no exception: nothing to show it in
    screen._failed(RuntimeError("late"))

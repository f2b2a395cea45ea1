"""The Reports screen scrolls: every page of the report can be brought into view (only
the top of page 1 could be seen before)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QScrollArea

from planner.core.db import open_database
from ui.main_window import MainWindow
from ui.printing.report_pages import PAGES


def test_every_page_of_the_report_can_be_scrolled_into_view(qtbot, demo_db, qsettings) -> None:
    window = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.resize(1024, 640)
    window.show()
    window.show_page("reports")
    page = window.pages["reports"]
    page.set_month(date(2026, 10, 1))
    qtbot.waitUntil(lambda: page.report is not None and page.report.month == date(2026, 10, 1))
    scroll = page.findChild(QScrollArea)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)
    sheets = page.sheets
    # the sheets are as tall as all the pages at their width, and the bar reaches the end
    assert PAGES >= 2
    assert sheets.height() >= sheets.heightForWidth(sheets.width()) - 1
    bar = scroll.verticalScrollBar()
    assert bar.maximum() == sheets.height() - scroll.viewport().height()
    bar.setValue(bar.maximum())
    # the last sheet's bottom is inside the viewport once scrolled to the end
    top_of_view = -sheets.y()
    assert top_of_view + scroll.viewport().height() >= sheets.heightForWidth(sheets.width()) - 1
    # and a wider window still shows them all (the sheets grow with the width)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: sheets.height() >= sheets.heightForWidth(sheets.width()) - 1)


def test_the_sheets_hold_every_page_of_a_long_report(qtbot, demo_db) -> None:
    """81 people on call: Load per person runs on, and the screen shows every page."""
    from dataclasses import replace

    from planner.outputs.report import monthly_report
    from ui.screens.reports_screen import ReportSheets

    with demo_db.session() as session:
        report = monthly_report(session, date(2026, 11, 1))
    people = tuple(replace(p, name=f"{p.name} {n}") for n in range(9) for p in report.people)
    sheets = ReportSheets()
    qtbot.addWidget(sheets)
    sheets.resize(900, 600)
    sheets.set_report(report)
    three = sheets.minimumHeight()
    sheets.set_report(replace(report, people=people))
    assert sheets._pages() > PAGES
    per_page = (three - 18) / PAGES  # a sheet and the gap after it (GAP = 18)
    assert sheets.minimumHeight() >= three + per_page * (sheets._pages() - PAGES) - 2

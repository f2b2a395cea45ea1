"""Every dialog the screens' buttons open, opened in turn in a main window: the walk the
tab-order test and the label walk at 2× share (each checks the dialogs as they open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QAbstractItemView

from ui.main_window import MainWindow


def select_first(view: QAbstractItemView) -> None:
    view.setCurrentIndex(view.model().index(0, 0))
    view.selectRow(0)  # type: ignore[attr-defined]


def open_screens_dialogs(window: MainWindow, rota_cell: Callable[[Any], bool]) -> None:
    """Volunteers' add, edit, status, record and import; Tours' edit and end; Rota's assign,
    cover and swap on the first cell ``rota_cell`` accepts that has a volunteer; Pay's fees;
    Rest's log a page and correct; Pages' correct; Reports' monthly update."""
    window.show_page("volunteers")
    volunteers = window.pages["volunteers"]
    for button in ("add_button", "edit_button", "status_button", "record_button"):
        getattr(volunteers, button).click()
    volunteers.start_import()  # type: ignore[attr-defined]

    window.show_page("tours")
    tours: Any = window.pages["tours"]
    bar = next(r.bar for r in tours.view._rows if r.bar is not None and r.bar.tour_id)
    tours.find_tour(bar.name)
    tours.edit_button.click()
    tours.end_button.click()

    window.show_page("rota")
    rota: Any = window.pages["rota"]
    row, column = next(
        (r, c)
        for r in range(rota.model.rowCount())
        for c in range(1, rota.model.columnCount())
        if (cell := rota.model.cell(r, c)) is not None
        and rota_cell(cell)
        and cell.volunteer_id is not None
    )
    rota.table.setCurrentIndex(rota.model.index(row, column))
    for button in (rota.assign_button, rota.cover_button, rota.swap_button):
        button.click()

    window.show_page("pay")
    window.pages["pay"].fees_button.click()  # type: ignore[attr-defined]

    window.show_page("rest")
    rest: Any = window.pages["rest"]
    rest.log_page_button.click()
    rest.tabs.setCurrentIndex(rest.TAB_LOG)
    select_first(rest.tabs.widget(rest.TAB_LOG))
    rest.edit_button.click()

    window.show_page("pages")
    pages: Any = window.pages["pages"]
    select_first(pages.table)
    pages.correct_page()

    window.show_page("reports")
    window.pages["reports"].show_update()  # type: ignore[attr-defined]

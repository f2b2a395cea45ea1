"""Habits on every table: a right-click menu of the screen's own actions for the row, a
double-click that opens the same editor as Edit, a search field, and Ctrl+F to reach it."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QLineEdit, QTableView

from tests.conftest import TODAY
from tests.planner.rota_fixtures import freeze_now
from ui import volunteer_form_dialog
from ui.log_page_dialog import LogPageDialog
from ui.rest_entry_dialog import RestEntryDialog
from ui.rota_dialogs import CoverDialog
from ui.table_menu import menu_texts, row_menu, trigger

SCREENS_WITH_TABLES = ("now", "volunteers", "tours", "rota", "pay", "rest", "pages", "audit")


@pytest.fixture
def frozen(monkeypatch) -> datetime:  # type: ignore[no-untyped-def]
    instant = datetime.combine(TODAY, time(12), UTC)
    freeze_now(monkeypatch, instant)
    return instant


def _double_click(qtbot, view: QAbstractItemView, row: int = 0) -> None:  # type: ignore[no-untyped-def]
    index = view.model().index(row, 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _menu_at(view: QAbstractItemView, row: int = 0):  # type: ignore[no-untyped-def]
    """The menu a right-click on ``row`` shows (the row is selected first)."""
    index: QModelIndex = view.model().index(row, 0)
    view.scrollTo(index)
    return row_menu(view, view.visualRect(index).center())


def test_every_table_with_rows_has_a_context_menu(main_window, frozen) -> None:
    bare = []
    lists = [main_window.pages["now"].attention, main_window.pages["pages"].open_by_team]
    for key in main_window.pages:
        main_window.show_page(key)
        page = main_window.pages[key]
        for view in page.findChildren(QAbstractItemView):
            if not view.isVisibleTo(page) or view.model() is None or not view.model().rowCount():
                continue
            if isinstance(view, QTableView) or view in lists:
                if view.contextMenuPolicy() != Qt.ContextMenuPolicy.CustomContextMenu:
                    bare.append(f"{key}: {view.accessibleName() or type(view).__name__}")
                elif not hasattr(view, "row_menu_entries"):
                    continue  # the rota's own menu (tests/ui/test_rota_screen.py)
                elif isinstance(view, QTableView) and not menu_texts(_menu_at(view)):
                    bare.append(f"{key}: {view.accessibleName()} has an empty menu")
    assert bare == [], "\n".join(bare)


def test_volunteers_menu_and_double_click_open_the_edit_dialog(main_window, qtbot, monkeypatch):
    opened: list[str] = []

    def fake_exec(dialog: volunteer_form_dialog.VolunteerFormDialog) -> int:
        opened.append(dialog.name.text())
        return 0

    monkeypatch.setattr(volunteer_form_dialog.VolunteerFormDialog, "exec", fake_exec)
    main_window.show_page("volunteers")
    page = main_window.pages["volunteers"]
    menu = _menu_at(page.table, 2)
    texts = menu_texts(menu)
    assert texts[:3] == ["Edit…", "Change status…", "Service record…"]
    assert "Plan tours on the Tours screen" in texts
    name = page.model.row_at(page.proxy.mapToSource(page.proxy.index(2, 0)).row()).name
    trigger(menu, "Edit…")
    _double_click(qtbot, page.table, 2)
    assert opened == [name, name]
    trigger(_menu_at(page.table, 2), "Plan tours")
    assert main_window.stack.currentWidget() is main_window.pages["tours"]


def test_rest_log_menu_and_double_click_edit_the_entry(main_window, qtbot) -> None:
    main_window.show_page("rest")
    page = main_window.pages["rest"]
    shown: list[QDialog] = []
    page.run_dialog = lambda dialog: shown.append(dialog) or False
    page.tabs.setCurrentIndex(page.TAB_LOG)
    view = page.tabs.widget(page.TAB_LOG)
    menu = _menu_at(view)
    assert menu_texts(menu)[:2] == ["Edit…", "Delete…"]
    trigger(menu, "Edit…")
    _double_click(qtbot, view)
    assert [type(d) for d in shown] == [RestEntryDialog, RestEntryDialog]
    page.tabs.setCurrentIndex(page.TAB_PAGES)
    _double_click(qtbot, page.tabs.widget(page.TAB_PAGES))
    assert isinstance(shown[-1], LogPageDialog)
    # a balance: the form below is set for that volunteer
    page.tabs.setCurrentIndex(page.TAB_BALANCES)
    balances = page.tabs.widget(page.TAB_BALANCES)
    menu = _menu_at(balances, 1)
    who = page.selected_balance()
    assert who is not None and menu_texts(menu)[0] == f"Add a rest entry for {who.name}…"
    trigger(menu, "Add a rest entry")
    assert page.volunteer.currentData() == who.email


def test_pages_menu_edits_the_follow_up_and_corrects_the_page(main_window, qtbot) -> None:
    main_window.show_page("pages")
    page = main_window.pages["pages"]
    shown: list[QDialog] = []
    page.run_dialog = lambda dialog: shown.append(dialog) or False
    menu = _menu_at(page.table)
    texts = menu_texts(menu)
    assert texts[0] == "Edit follow-up" and "Correct the page…" in texts
    trigger(menu, "Correct the page")
    assert isinstance(shown[0], LogPageDialog) and shown[0].page is not None
    assert shown[0].page.id == page.selected_ids()[0]
    page.team.clearFocus()
    _double_click(qtbot, page.table, 1)
    assert page.team.hasFocus() or page.team.lineEdit().hasFocus()


def test_audit_menu_filters_by_the_person_of_the_change(main_window) -> None:
    main_window.show_page("audit")
    page = main_window.pages["audit"]
    row = next(
        r
        for r in range(page.proxy.rowCount())
        if "email" in page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2).detail
    )
    menu = _menu_at(page.table, row)
    about = next(t for t in menu_texts(menu) if t.startswith("Only changes about "))
    email = page.selected().detail["email"]
    trigger(menu, "Only changes about")
    assert page.person.currentData() == email.lower()
    assert about.removeprefix("Only changes about ") in page.person.currentText()
    trigger(_menu_at(page.table), "Show every change")
    assert page.person.currentData() is None


def test_pay_summary_double_click_shows_that_volunteers_lines(main_window, qtbot) -> None:
    main_window.show_page("pay")
    page = main_window.pages["pay"]
    view = page.summary_view
    assert view.model().rowCount() > 1
    menu = _menu_at(view)
    assert {"Build run", "Rebuild run"} & set(menu_texts(menu)) or "Export workbook…" in menu_texts(
        menu
    )
    _double_click(qtbot, view, 1)
    name = page.selected_summary().name
    assert page.tabs.currentWidget() is page.lines_view
    assert page.search.text() == name
    lines = page.lines_view
    shown = [r for r in range(lines.model().rowCount()) if not lines.isRowHidden(r)]
    assert shown and all(lines.model().index(r, 0).data() == name for r in shown)


def test_now_weeks_and_the_timeline_rows_have_their_menus(main_window, frozen, monkeypatch):
    now = main_window.pages["now"]
    now.set_moment(frozen)
    trigger(_menu_at(now.weeks), "Open the Timeline")
    timeline = main_window.pages["timeline"]
    assert main_window.stack.currentWidget() is timeline
    timeline.now = frozen
    timeline.refresh()
    view = timeline.view
    lane = view.lane_rect(0)
    hit = view.hit(lane.center())
    assert hit is not None and hit.stretch is not None
    menu = timeline.row_menu(hit)
    assert "Open the Rota screen" in menu_texts(menu)
    opened: list[CoverDialog] = []
    monkeypatch.setattr(CoverDialog, "exec", lambda d: opened.append(d) or 0)
    if hit.stretch.shift_id is not None:
        trigger(menu, "Cover…")
        assert len(opened) == 1
    main_window.show_page("timeline")
    view.editRequested.emit(hit)  # what a double-click on the shift sends
    assert len(opened) == (2 if hit.stretch.shift_id is not None else 0)


def test_tours_menu_and_search(main_window) -> None:
    main_window.show_page("tours")
    page = main_window.pages["tours"]
    bar = next(r.bar for r in page.view._rows if r.bar is not None and r.bar.tour_id)
    assert page.find_tour(bar.name.split()[0].upper())
    assert page.view.selected_tour is not None
    texts = menu_texts(page.tour_menu())
    assert texts[:3] == ["Edit dates…", "End early…", "Extend…"]
    assert all(a.isEnabled() for a in page.tour_menu().actions()[:3])


@pytest.mark.parametrize("key", SCREENS_WITH_TABLES)
def test_ctrl_f_goes_to_the_search_field_of_every_screen_with_a_table(main_window, qtbot, key):
    main_window.show_page(key)
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit)
    assert focused.accessibleName().startswith(("Search", "Find"))
    assert main_window.pages[key].isAncestorOf(focused)

"""The Audit screen reads its log a page at a time: a refresh counts the entries and reads
one page, scrolling reads the next, and the search and column orders are the service's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from planner.core import audit_log
from planner.core.audit_log import AuditFilter

PAGE = 20


@pytest.fixture
def screen(main_window, monkeypatch):  # type: ignore[no-untyped-def]
    from ui.models.audit_table_model import AuditTableModel

    monkeypatch.setattr(AuditTableModel, "PAGE", PAGE)
    main_window.show_page("audit")
    return main_window.pages["audit"]


def _log(db, sort: str = "at", descending: bool = True, **chosen) -> list:  # type: ignore[no-untyped-def]
    """The whole log the filters keep, in that order (what the table shows, all pages)."""
    with db.session() as session:
        return audit_log.page(session, AuditFilter(**chosen), sort=sort, descending=descending)


def _kinds(statement: str) -> bool:
    """The look-up of the kinds in the log (its index, not its entries)."""
    return "DISTINCT" in statement or "WITH RECURSIVE" in statement


def test_a_refresh_reads_one_page_and_counts_the_rest(screen, demo_db) -> None:  # type: ignore[no-untyped-def]
    every = _log(demo_db)
    statements: list[str] = []

    def seen(*args) -> None:  # type: ignore[no-untyped-def]
        statements.append(args[2])

    event.listen(demo_db.engine, "before_cursor_execute", seen)
    try:
        screen.refresh()
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", seen)
    assert screen.model.rows() == every[:PAGE]
    assert screen.count.text().startswith(f"{len(every)} change(s)")
    read = [s for s in statements if "FROM audit_log" in s and not _kinds(s)]
    assert len(read) == 2 and "count(*)" in read[0] and "LIMIT" in read[1]


def test_scrolling_down_reads_the_next_page(screen, demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    every = _log(demo_db)
    model = screen.model
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rows() == every[: 2 * PAGE]
    screen.table.scrollToBottom()  # the view asks for more at the bottom
    qtbot.waitUntil(lambda: model.rowCount() > 2 * PAGE)
    assert model.rows() == every[: model.rowCount()]
    while model.canFetchMore():
        model.fetchMore()
    assert model.rows() == every  # all of it, none twice


def test_the_search_is_applied_to_the_log_not_to_the_page(screen, demo_db) -> None:  # type: ignore[no-untyped-def]
    screen.search.setText("Pay Run")
    expected = _log(demo_db, search="Pay Run")
    assert expected and len(expected) < len(_log(demo_db))
    assert screen.model.rows() == expected[:PAGE]
    assert screen.count.text().startswith(f"{len(expected)} change(s)")
    screen.search.clear()
    assert screen.model.rowCount() == PAGE


def test_sorting_by_a_column_reads_the_log_in_that_order(screen, demo_db) -> None:  # type: ignore[no-untyped-def]
    model = screen.model
    screen.table.sortByColumn(model.COL_ACTION, Qt.SortOrder.AscendingOrder)
    by_action = _log(demo_db, sort="action", descending=False)
    assert model.rows() == by_action[:PAGE]
    model.fetchMore()
    assert model.rows() == by_action[: 2 * PAGE]
    screen.table.sortByColumn(model.COL_AT, Qt.SortOrder.DescendingOrder)
    assert model.rows() == _log(demo_db)[:PAGE]  # newest first again

"""What a screen's first visit no longer does, and that what it shows stays the same:
the screen-reader namer stands aside while a screen is built and filled (and is back
after), headings are plain labels drawn exactly as the rich-text ones were, the Pay tables
fit their columns once per month shown (a hidden tab's when it opens), a list table keeps
each cell's text until its rows change, a new screen is painted once (after Qt's own
zero timers, not before and again after them), also when its refresh failed, and the idle
warm-up runs the Rota and Pay screens' reads so their SQL is compiled before a visit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.core.db import Database, open_database
from planner.demo import team
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota
from ui import accessibility
from ui.headings import bold_label, title_label
from ui.main_window import MainWindow
from ui.models.row_table_model import RowTableModel
from ui.screens.pay_screen import PayScreen


def _named_when_shown(qtbot) -> str:  # type: ignore[no-untyped-def]
    """The name the namer gives an unnamed field of a dialog shown now."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    field = QLineEdit()
    form.addRow("Where to", field)
    dialog.show()
    qtbot.waitExposed(dialog)
    return field.accessibleName()


def test_the_namer_is_back_after_a_screen_is_built_filled_or_fails(main_window, qtbot) -> None:
    main_window.show_page("pay")  # built and filled with the namer standing aside
    pay = main_window.pages["pay"]
    assert pay.build_button.accessibleName()  # named all the same, once filled
    assert pay.month_box.accessibleName() == "Pay month"
    assert _named_when_shown(qtbot) == "Where to"

    with pytest.raises(RuntimeError), accessibility.paused():
        with accessibility.paused():
            pass  # an inner block ending does not bring the filter back early
        assert _named_when_shown(qtbot) == ""
        raise RuntimeError("a screen's refresh failed")
    assert _named_when_shown(qtbot) == "Where to"


@pytest.mark.parametrize(
    ("rich", "plain"),
    [("<b>Load per volunteer</b>", bold_label), ("<h2 style='margin:0'>Pay</h2>", title_label)],
)
def test_plain_headings_look_exactly_as_the_rich_text_ones(qtbot, rich: str, plain) -> None:  # type: ignore[no-untyped-def]
    shots = []
    for label in (QLabel(rich), plain(QLabel(rich).text().split(">")[1].split("<")[0])):
        box = QWidget()
        qtbot.addWidget(box)
        layout = QVBoxLayout(box)
        layout.addWidget(label)
        layout.addStretch(1)
        box.resize(320, 80)
        box.show()
        qtbot.waitExposed(box)
        shots.append((box.grab().toImage(), label.sizeHint()))
    (rich_image, rich_size), (plain_image, plain_size) = shots
    assert plain_size == rich_size
    assert plain_image == rich_image


@pytest.fixture
def pay_db(db: Database) -> Database:
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 30)
    return db


def _fits(view) -> list[str]:  # type: ignore[no-untyped-def]
    """The columns whose shown rows' text is wider than the column."""
    header = view.horizontalHeader()
    return [
        str(view.model().headerData(c, header.orientation()))
        for c in range(header.count())
        if view.sizeHintForColumn(c) > view.columnWidth(c)
    ]


def test_pay_columns_fit_each_month_shown_and_a_hidden_tab_when_it_opens(
    qtbot, pay_db: Database
) -> None:
    page = PayScreen(lambda: pay_db)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    page.select_month("2026-03")
    assert page.summary_model.rowCount() > 0
    assert _fits(page.summary_view) == []
    widths = [page.summary_view.columnWidth(c) for c in range(8)]

    page.tabs.setCurrentWidget(page.lines_view)  # filled while hidden: fitted now
    assert page.lines_model.rowCount() > 0
    assert _fits(page.lines_view) == []

    page.tabs.setCurrentWidget(page.summary_view)
    page.select_month("2026-01")  # other rows, other widths
    assert _fits(page.summary_view) == []
    page.summary_view.sortByColumn(7, page.summary_view.horizontalHeader().sortIndicatorOrder())
    assert _fits(page.summary_view) == []
    page.select_month("2026-03")
    assert [page.summary_view.columnWidth(c) for c in range(8)] == widths


class _Pairs(RowTableModel[tuple[str, int]]):
    KEEP_CELL_TEXT = True
    COLUMNS = (
        ("Name", lambda r: r[0], None),
        ("Count", lambda r: f"{r[1]} shifts", lambda r: r[1]),
    )


def _texts(model: _Pairs) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(2)] for r in range(model.rowCount())]


def test_a_list_table_shows_its_new_rows_text_after_every_change() -> None:
    model = _Pairs()
    model.set_rows([("Ann", 3), ("Bob", 1)])
    assert _texts(model) == [["Ann", "3 shifts"], ["Bob", "1 shifts"]]  # now kept
    model.set_rows([("Cy", 7), ("Ann", 2)])
    assert _texts(model) == [["Cy", "7 shifts"], ["Ann", "2 shifts"]]
    model.sort(1)  # reordered: each cell's text moves with its row
    assert _texts(model) == [["Ann", "2 shifts"], ["Cy", "7 shifts"]]
    model.beginResetModel()  # a subclass replacing its rows itself (the audit log's pages)
    model._rows = [("Dee", 5)]
    model.endResetModel()
    assert _texts(model) == [["Dee", "5 shifts"]]


def test_a_first_visit_paints_each_part_of_the_screen_once(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    painted: dict[int, list[Any]] = {}  # id -> [widget, paints]

    class Paints(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.setdefault(id(obj), [obj, 0])[1] += 1
            return False

    for key in ("rota", "pay"):
        painted.clear()
        spy = Paints()
        app.installEventFilter(spy)
        try:
            main_window.show_page(key)
            qtbot.waitUntil(main_window.stack.updatesEnabled)
            qtbot.wait(100)  # whatever Qt does next, with nothing happening
        finally:
            app.removeEventFilter(spy)
        screen = main_window.pages[key]
        mine = [(w, n) for w, n in painted.values() if screen.isAncestorOf(w)]
        tables = [w for w, _n in mine if isinstance(w.parent(), QTableView)]
        assert tables, f"{key}: no table painted"  # it did show, data and all
        twice = [f"{type(w).__name__} {w.objectName()} {n}x" for w, n in mine if n > 1]
        assert twice == [], key


def test_the_screens_show_after_a_first_visit_whose_refresh_failed(
    main_window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def fails(self) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(PayScreen, "refresh", fails)
    with qtbot.captureExceptions() as errors:
        main_window.show_page("pay")
    assert [str(e[1]) for e in errors] == ["the database went away"]
    qtbot.waitUntil(main_window.stack.updatesEnabled)


def test_the_warm_up_prepares_the_rota_and_pay_reads_on_the_open_database(
    qtbot, demo_db, qsettings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Their SQL compiled while the window is idle (a step each, after the screen's
    module), so the first visits only run it."""
    from ui.screens import pay_screen, rota_screen

    prepared: list[tuple[str, object]] = []
    for module in (rota_screen, pay_screen):
        real = module.prepare_reads

        def record(db, real=real, name=module.__name__):  # type: ignore[no-untyped-def]
            prepared.append((name, db))
            real(db)  # runs on the demo database without an error

        monkeypatch.setattr(module, "prepare_reads", record)
    window = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.warm_up.done, timeout=30000)
    assert prepared == [("ui.screens.rota_screen", demo_db), ("ui.screens.pay_screen", demo_db)]

"""The desktop shell: navigation, the volunteers table, database switching, first start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from sqlmodel import select

from planner.core.db import open_database
from planner.core.models import Volunteer
from ui.main_window import MainWindow
from ui.models.volunteers_table_model import VolunteersTableModel
from ui.welcome_dialog import WelcomeDialog


def _table_names(window: MainWindow) -> list[str]:
    page = window.pages["volunteers"]
    proxy = page.proxy
    return [proxy.index(r, VolunteersTableModel.COL_NAME).data() for r in range(proxy.rowCount())]


def test_opens_on_the_demo_and_lists_the_volunteers(main_window, demo_db) -> None:
    main_window.show_page("volunteers")
    with demo_db.session() as s:
        expected = sorted(v.name for v in s.exec(select(Volunteer)).all())
    assert sorted(_table_names(main_window)) == expected
    assert "Aoife Byrne" in _table_names(main_window)
    assert str(demo_db.path) in main_window.db_label.text()
    assert [main_window.nav.item(i).text() for i in range(main_window.nav.count())] == [
        "Now",
        "Volunteers",
        "Tours",
        "Rota",
        "Timeline",
        "Pay",
        "Rest",
        "Pages",
        "Reports",
        "Audit",
    ]


def test_search_and_status_filter(main_window, qtbot) -> None:
    main_window.show_page("volunteers")
    page = main_window.pages["volunteers"]
    qtbot.keyClicks(page.search, "byrne")
    assert _table_names(main_window) == ["Aoife Byrne"]
    page.search.clear()
    page.status_filter.setCurrentIndex(page.status_filter.findData("declined"))
    assert _table_names(main_window) == ["Patrick Hayes"]


def test_table_sorts_by_name(main_window) -> None:
    main_window.show_page("volunteers")
    names = _table_names(main_window)
    assert names == sorted(names, key=str.lower)
    main_window.pages["volunteers"].table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _table_names(main_window) == sorted(names, key=str.lower, reverse=True)


def test_first_start_on_an_empty_database_offers_the_demo(
    qtbot, db, qsettings, monkeypatch
) -> None:
    def choose_demo(dialog: WelcomeDialog) -> int:
        dialog.choice = WelcomeDialog.DEMO
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", choose_demo)
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show_page("volunteers")
    assert _table_names(window) == []
    window.offer_welcome_if_empty()
    assert len(_table_names(window)) > 10


def test_start_empty_leaves_the_database_empty(qtbot, db, qsettings, monkeypatch) -> None:
    monkeypatch.setattr(WelcomeDialog, "exec", lambda dialog: 1)  # default choice: empty
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.offer_welcome_if_empty()
    window.show_page("volunteers")
    assert _table_names(window) == []


def test_switching_database_updates_table_and_status_bar(
    main_window, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(WelcomeDialog, "exec", lambda dialog: 1)
    main_window.show_page("volunteers")
    new_path = tmp_path / "fresh.db"
    main_window.switch_database(new_path, True)
    assert new_path.exists()
    assert str(new_path) in main_window.db_label.text()
    assert _table_names(main_window) == []


def test_opening_a_missing_database_warns_and_keeps_the_current_one(
    main_window, tmp_path, monkeypatch
) -> None:
    warnings = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *a: warnings.append(a[2]))
    before = main_window.database().path
    main_window.switch_database(tmp_path / "absent.db", False)
    assert warnings and "no database at" in warnings[0]
    assert main_window.database().path == before


def test_window_geometry_is_remembered(qtbot, demo_db, qsettings) -> None:
    window = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()
    window.resize(700, 500)  # the offscreen screen is 800 x 600
    window.show_page("pay")
    window.close()
    again = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
    assert again.nav.currentRow() == list(again.pages).index("pay")
    assert isinstance(qsettings, QSettings)

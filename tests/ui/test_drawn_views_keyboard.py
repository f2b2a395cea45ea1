"""The drawn views by keyboard alone (pytest-qt key events only): on the Timeline and on the
Tours screen's timeline, the arrow keys move the focus from item to item, the Menu key and
Shift+F10 open the menu a right-click on that item opens, and Enter opens its editor (the
Cover dialog for a shift on the Timeline, filled as dragging across it fills it)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from tests.conftest import TODAY
from tests.planner.rota_fixtures import freeze_now
from ui.rota_dialogs import CoverDialog
from ui.tour_dates_dialog import TourDatesDialog

SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def frozen(monkeypatch) -> datetime:  # type: ignore[no-untyped-def]
    instant = datetime.combine(TODAY, time(12), UTC)
    freeze_now(monkeypatch, instant)
    return instant


class _Shown:
    """Stands for a menu: records that it was shown instead of waiting for a person."""

    def __init__(self, menu: QMenu, opened: list[list[str]]) -> None:
        self.texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        self.opened = opened

    def exec(self, *args: object) -> None:
        self.opened.append(self.texts)


def _record_menus(monkeypatch, owner, name: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The texts of every menu ``owner.name()`` builds and the screen then shows."""
    opened: list[list[str]] = []
    build = getattr(owner, name)
    monkeypatch.setattr(owner, name, lambda *a: _Shown(build(*a), opened))
    return opened


def _right_click(widget, point: QPoint) -> None:  # type: ignore[no-untyped-def]
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, widget.mapToGlobal(point), Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(widget, event)


def _key(qtbot, widget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, key, modifier)


def test_the_timeline_by_keyboard(main_window, frozen, monkeypatch, qtbot) -> None:
    main_window.show_page("timeline")
    screen = main_window.pages["timeline"]
    menus = _record_menus(monkeypatch, screen, "row_menu")
    screen.now = frozen
    screen.set_view("Week", TODAY - timedelta(days=1))
    view = screen.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)

    # the first arrow puts the focus on what is on call now, in the first rotation's row
    _key(qtbot, view, Qt.Key.Key_Right)
    row, index = view.focused()
    item = view.row_items(row)[index]
    assert row == 0 and item.start <= frozen < item.end
    assert view.accessibleDescription().startswith(f"<b>{view.data.lanes[0].rotation}</b>")

    # Right and Left step through the row's items in time order
    _key(qtbot, view, Qt.Key.Key_Home)
    starts = [view.focused_hit().stretch.start]
    for _ in range(len(view.row_items(0)) - 1):
        _key(qtbot, view, Qt.Key.Key_Right)
        starts.append(view.focused_hit().stretch.start)
    assert starts == [s.start for s in view.row_items(0)]
    _key(qtbot, view, Qt.Key.Key_Left)
    assert view.focused() == (0, len(starts) - 2)

    # Down: the next row at the same time; the "On call" rows follow the rotations'
    _key(qtbot, view, Qt.Key.Key_Right)
    at = view.focused_hit().at
    for expected in range(1, view.row_count()):
        _key(qtbot, view, Qt.Key.Key_Down)
        assert view.focused()[0] == expected
        hit = view.focused_hit()
        assert hit.stretch.start <= at < hit.stretch.end
        assert hit.final == (expected >= len(view.data.lanes))
    _key(qtbot, view, Qt.Key.Key_Down)  # the last row: it stays
    assert view.focused()[0] == view.row_count() - 1
    for _ in range(view.row_count()):
        _key(qtbot, view, Qt.Key.Key_Up)
    assert view.focused()[0] == 0

    # past the right edge the view pans, and the focus goes on to the next item
    first_day = screen.from_edit.date()
    _key(qtbot, view, Qt.Key.Key_End)
    last = view.focused_hit().stretch
    _key(qtbot, view, Qt.Key.Key_Right)
    assert screen.from_edit.date() == first_day.addDays(7)
    assert view.focused_hit().stretch.start == last.end
    _key(qtbot, view, Qt.Key.Key_Left)
    assert screen.from_edit.date() == first_day
    assert view.focused_hit().stretch.end == last.end

    # the Menu key and Shift+F10: the menu a right-click on the focused item opens
    _key(qtbot, view, Qt.Key.Key_Home)
    hit = view.focused_hit()
    assert hit.stretch.shift_id is not None
    _right_click(view, view.focused_rect().center())
    _key(qtbot, view, Qt.Key.Key_Menu)
    _key(qtbot, view, Qt.Key.Key_F10, SHIFT)
    assert len(menus) == 3
    assert menus[0][0].startswith("Cover…") and "Open the Rota screen" in menus[0]
    assert menus[1] == menus[0] and menus[2] == menus[0]

    # Enter: the Cover dialog of that shift, filled with the span of the focused item
    opened: list[tuple[datetime, datetime]] = []
    monkeypatch.setattr(CoverDialog, "exec", lambda d: opened.append(d.range()) or 0)
    _key(qtbot, view, Qt.Key.Key_Return)
    assert opened == [(max(hit.stretch.start, view.data.start), hit.stretch.end)]
    assert screen.last_dialog is not None
    assert screen.last_dialog.windowTitle() == "Record a cover"


def test_the_tours_timeline_by_keyboard(main_window, monkeypatch, qtbot) -> None:
    main_window.show_page("tours")
    page = main_window.pages["tours"]
    menus = _record_menus(monkeypatch, page, "tour_menu")
    view = page.view
    tours = [r.bar for r in view._rows if r.bar is not None and r.bar.tour_id]
    assert len(tours) > 3
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)

    _key(qtbot, view, Qt.Key.Key_Down)  # the first tour running today
    first = next(i for i, bar in enumerate(tours) if bar.end > view.timeline.today)
    assert view.selected_tour == tours[first].tour_id
    _key(qtbot, view, Qt.Key.Key_Home)
    assert view.selected_tour == tours[0].tour_id
    _key(qtbot, view, Qt.Key.Key_Down)
    _key(qtbot, view, Qt.Key.Key_Down)
    assert view.selected_tour == tours[2].tour_id
    _key(qtbot, view, Qt.Key.Key_Up)
    assert view.selected_tour == tours[1].tour_id
    assert page.edit_button.isEnabled()  # the screen follows the selection
    _key(qtbot, view, Qt.Key.Key_End)
    assert view.selected_tour == tours[-1].tour_id
    _key(qtbot, view, Qt.Key.Key_Home)
    assert view.selected_tour == tours[0].tour_id
    _key(qtbot, view, Qt.Key.Key_Down)

    # the Menu key and Shift+F10: the right-click menu of the selected tour
    rect = view.selected_rect()
    _right_click(view, rect.center())
    _key(qtbot, view, Qt.Key.Key_Menu)
    _key(qtbot, view, Qt.Key.Key_F10, SHIFT)
    assert len(menus) == 3 and menus[0][:3] == ["Edit dates…", "End early…", "Extend…"]
    assert menus[1] == menus[0] and menus[2] == menus[0]
    assert view.selected_tour == tours[1].tour_id

    # Enter: its dates, as a double-click opens them
    opened: list[str] = []
    monkeypatch.setattr(TourDatesDialog, "exec", lambda d: opened.append(d.windowTitle()) or 0)
    _key(qtbot, view, Qt.Key.Key_Return)
    assert opened == [f"Tour of {tours[1].name}"]

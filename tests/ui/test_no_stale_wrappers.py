"""Reading a screen's layouts (the tab order and screen-reader names do, after every fill
and on every dialog shown) leaves no Python wrapper of a layout item behind.

PySide keeps the wrapper of an item that ``QBoxLayout.itemAt`` or ``QGridLayout.itemAt``
returned alive as a child of its layout. Qt deletes the item itself when its widget leaves
the layout (a screen rebuilding its cards, a dialog closing), and PySide is never told: the
wrapper stays registered at that address, and the next object Qt or Python makes there
comes back to Python as a ``QWidgetItem``. Seen in full runs as ``view.model()`` returning
a QWidgetItem (tests/ui/test_dark_readable.py) and as a QWidgetItem among
``QApplication.allWidgets()`` (the palette's restyle).
"""

from __future__ import annotations

import gc

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)
from shiboken6 import Shiboken

from planner.rota import rotations
from ui.accessibility import apply_reading_order, reading_order
from ui.flow_layout import FlowLayout, flow_row


def _item_wrappers() -> list[QLayoutItem]:
    """Wrappers of layout items (not layouts, which Qt reports deleted) PySide still holds,
    other than a flow layout's own list of its items."""
    gc.collect()
    wrappers = list(Shiboken.getAllValidWrappers())
    kept = {
        id(item) for layout in wrappers if isinstance(layout, FlowLayout) for item in layout._items
    }
    return [
        w
        for w in wrappers
        if isinstance(w, QLayoutItem) and not isinstance(w, QLayout) and id(w) not in kept
    ]


def _form(qtbot) -> tuple[QWidget, list[QWidget]]:
    root = QWidget()
    qtbot.addWidget(root)
    top = QVBoxLayout(root)
    first, second = QLineEdit(), QPushButton("Apply")
    row = QHBoxLayout()
    row.addWidget(first)
    row.addStretch(1)
    row.addWidget(second)
    top.addLayout(row)
    grid = QGridLayout()
    right, left = QLineEdit(), QLineEdit()
    grid.addWidget(right, 0, 1)
    grid.addWidget(left, 0, 0)
    top.addLayout(grid)
    form = QFormLayout()
    named = QLineEdit()
    form.addRow("Name", named)
    top.addLayout(form)
    flowing = QPushButton("Plan")
    top.addWidget(flow_row(flowing))
    root.show()
    return root, [first, second, left, right, named, flowing]


def test_reading_order_leaves_no_wrapper_of_a_layout_item(qtbot) -> None:
    root, expected = _form(qtbot)
    before = len(_item_wrappers())
    assert reading_order(root) == expected
    apply_reading_order(root)
    assert len(_item_wrappers()) == before


def test_now_cards_rebuilt_leave_no_wrapper_of_their_deleted_items(qtbot, main_window) -> None:
    """The Now screen rebuilds its rotation cards when the rotations change: Qt deletes
    each old card's layout item, and no wrapper of one may stay registered."""
    main_window.show_page("now")
    now = main_window.pages.built("now")
    old_cards = set(now.cards.values())
    assert old_cards
    main_window.show_page("now")  # filled and read for the tab order again
    of_old_cards = [
        w for w in _item_wrappers() if isinstance(w, QWidgetItem) and w.widget() in old_cards
    ]
    with main_window.database().transaction() as session:
        rotations.add_rotation(session, rotations.RotationSpec(name="Nights"))
    main_window.refresh_all()
    assert list(now.cards)[-1] == "Nights"
    qtbot.waitUntil(lambda: not any(Shiboken.isValid(card) for card in old_cards))
    gc.collect()
    assert [w for w in of_old_cards if Shiboken.isValid(w)] == []

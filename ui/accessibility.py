"""Accessible names for every input, so a screen reader says what a field is for.

An application-wide event filter names each input the first time it is polished, when
nobody named it: from its label in a form, the label whose buddy it is, its placeholder,
its own text (check boxes, buttons) or its tooltip. A name set by hand always wins.

Tab follows reading order: each screen and dialog, when shown, has its tab order set to the
order of its layouts (top to bottom, left to right, a splitter's or a form's parts in
turn), whatever order the widgets were created in; and a table hands Tab on to the next
control (the arrow keys move between its cells) instead of keeping the keyboard.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView)


def _strip(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":… ").strip()


def _form_label(widget: QWidget) -> str:
    parent = widget.parentWidget()
    if parent is None:
        return ""
    for layout in parent.findChildren(QFormLayout):
        label = layout.labelForField(widget)
        if isinstance(label, QLabel) and label.text():
            return label.text()
    return ""


# The texts of the labels of a window by the widget they are the buddy of (the first such
# label's, as a search through the window's labels finds them).
Buddies = dict[QWidget, str]


def _buddies(window: QWidget) -> Buddies:
    found: Buddies = {}
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text():
            found.setdefault(buddy, label.text())
    return found


def _buddy_label(widget: QWidget, buddies: Buddies | None = None) -> str:
    if buddies is None:
        buddies = _buddies(widget.window())
    return buddies.get(widget, "")


def inner_part(widget: QWidget) -> bool:
    """The line edit inside a spin box or a combo box, a table's header and corner button:
    their owner carries the name."""
    if isinstance(widget, QHeaderView) or widget.objectName() == "qt_tableview_cornerbutton":
        return True
    return isinstance(widget, QLineEdit) and isinstance(
        widget.parentWidget(), QAbstractSpinBox | QComboBox
    )


def _header(widget: QWidget) -> bool:
    """A table's header: read with its table, no name of its own."""
    return isinstance(widget, QHeaderView)


def _tab_title(widget: QWidget) -> str:
    """The title of the tab ``widget`` is the page of ('' when it is none)."""
    stack = widget.parentWidget()
    tabs = stack.parentWidget() if stack is not None else None
    if isinstance(tabs, QTabWidget) and (index := tabs.indexOf(widget)) >= 0:
        return tabs.tabText(index)
    return ""


def derive_name(widget: QWidget, buddies: Buddies | None = None) -> str:
    """What a person would call the field, or '' when nothing says. ``buddies``: the
    window's labels by buddy, when naming many fields of one window (``name_inputs``)."""
    if widget.objectName() == "qt_tableview_cornerbutton":
        return "Select all"
    owner = widget.parentWidget()
    if inner_part(widget) and owner is not None:
        return owner.accessibleName() or derive_name(owner, buddies)
    candidates = [_form_label(widget), _buddy_label(widget, buddies), _tab_title(widget)]
    if isinstance(widget, QLineEdit):
        candidates.append(widget.placeholderText())
    if isinstance(widget, QAbstractButton):
        candidates.append(widget.text())
    if isinstance(widget, QComboBox) and (line := widget.lineEdit()) is not None:
        candidates.append(line.placeholderText())
    candidates.append(widget.toolTip())
    for text in candidates:
        if text and (clean := _strip(_plain(text))):
            return clean
    return ""


def _plain(text: str) -> str:
    if not re.search(r"<[A-Za-z/!]", text):
        return text  # not rich text: "< Back" is a button's text, not a tag
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(text).toPlainText()


def name_inputs(root: QWidget) -> list[QWidget]:
    """Name every unnamed input under ``root``; returns the inputs still without a name."""
    missing: list[QWidget] = []
    buddies: Buddies | None = None  # the window's labels looked through once, not per field
    for widget in root.findChildren(QWidget):
        if isinstance(widget, INPUTS) and not widget.accessibleName() and not _header(widget):
            if buddies is None:
                buddies = _buddies(root.window())
            name = derive_name(widget, buddies)
            if name:
                widget.setAccessibleName(name)
            else:
                missing.append(widget)
    return missing


# Widgets that are one control to Tab, whatever parts they are made of.
COMPOUND = (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar, QScrollBar)


_ROLE_ORDER = {
    QFormLayout.ItemRole.LabelRole: 0,
    QFormLayout.ItemRole.FieldRole: 1,
    QFormLayout.ItemRole.SpanningRole: 2,
}


def _tab_stop(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and not isinstance(
        widget, QScrollBar
    )


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets of ``layout`` in reading order (nested layouts in their place).

    Asks the layout where each of its widgets and inner layouts is (``indexOf`` and the
    item's position), never for its items: PySide keeps the wrapper of an item ``itemAt``
    returns alive with the layout, Qt deletes the item when its widget leaves (the Now
    screen's cards are rebuilt), and PySide then hands that stale wrapper back for whatever
    object next takes the memory (a view's model came back as a QWidgetItem)."""
    owner = layout.parentWidget()
    if owner is None:
        return []
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    parts: list[QWidget | QLayout] = [
        *owner.findChildren(QWidget, options=direct),
        *layout.findChildren(QLayout, options=direct),
    ]
    placed: list[tuple[tuple[int, ...], QWidget | QLayout]] = []
    for part in parts:
        index = layout.indexOf(part)
        if index < 0:
            continue
        where: Any
        if isinstance(layout, QFormLayout):
            where = layout.getItemPosition(index)  # (row, role)
            key: tuple[int, ...] = (int(where[0]), _ROLE_ORDER[where[1]])
        elif isinstance(layout, QGridLayout):
            where = layout.getItemPosition(index)  # (row, column, rows, columns)
            key = (int(where[0]), int(where[1]), index)
        else:
            key = (index,)
        placed.append((key, part))
    placed.sort(key=lambda entry: entry[0])
    if isinstance(layout, QBoxLayout) and layout.direction() in (
        QBoxLayout.Direction.RightToLeft,
        QBoxLayout.Direction.BottomToTop,
    ):
        placed.reverse()
    found: list[QWidget] = []
    for _key, part in placed:
        if isinstance(part, QWidget):
            found.append(part)
        else:
            found += _layout_widgets(part)
    return found


def _present(*widgets: QWidget | None) -> list[QWidget]:
    return [w for w in widgets if w is not None]


def _children_in_order(widget: QWidget) -> list[QWidget]:
    if isinstance(widget, QTabWidget):
        corners = [
            widget.cornerWidget(corner)
            for corner in (Qt.Corner.TopLeftCorner, Qt.Corner.TopRightCorner)
        ]
        return _present(widget.tabBar(), *corners, widget.currentWidget())
    if isinstance(widget, QStackedWidget):
        return _present(widget.currentWidget())
    if isinstance(widget, QSplitter):
        return _present(*(widget.widget(i) for i in range(widget.count())))
    if isinstance(widget, QScrollArea):
        return _present(widget.widget())
    layout = widget.layout()
    ordered = _layout_widgets(layout) if layout is not None else []
    known = set(ordered)
    loose = [
        child
        for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if child not in known and not child.isWindow()
    ]
    loose.sort(key=lambda c: (c.y(), c.x()))  # placed by hand: by where they are
    return ordered + loose


def reading_order(root: QWidget) -> list[QWidget]:
    """The tab stops under ``root`` that are shown, in the order a person reads them."""
    found: list[QWidget] = []
    seen: set[QWidget] = set()

    def walk(widget: QWidget) -> None:
        if widget in seen:
            return  # in a layout and a child of another widget's too
        seen.add(widget)
        if widget is not root:
            if not widget.isVisibleTo(root):
                return
            if _tab_stop(widget) and not inner_part(widget):
                found.append(widget)
            if isinstance(widget, COMPOUND) or (
                isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QScrollArea)
            ):
                return  # one control, whatever it is made of
        for child in _children_in_order(widget):
            walk(child)

    walk(root)
    return found


def apply_reading_order(root: QWidget) -> list[QWidget]:
    """Tab goes through ``root``'s controls in reading order; tables pass Tab on. Inputs
    polished before they had their place (a table before its tab) are named now."""
    name_inputs(root)
    order = reading_order(root)
    for widget in order:
        if isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            widget.setTabChangesFocus(True)
    for first, second in pairwise(order):
        QWidget.setTabOrder(first, second)
    return order


def position(widget: QWidget, root: QWidget) -> QPoint:
    return widget.mapTo(root, QPoint(0, 0))


class AccessibleNamer(QObject):
    """Names inputs as they are first polished (every dialog and screen, once), and sets a
    dialog's tab order to reading order when it is shown.

    The names are worked out on the event loop's next turn, not inside the Polish event:
    Qt polishes some inputs while their window is still being built (QFileDialog's combo
    boxes, inside its constructor), and reading that window's labels then crashed the app
    in PySide (a segmentation fault on every Export…, Open… and New… file dialog)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._polished: list[QWidget] = []
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.name_polished)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, INPUTS):
            self._polished.append(watched)
            self._later.start()
        elif kind == QEvent.Type.Show and isinstance(watched, QDialog):
            apply_reading_order(watched)
        return False

    def name_polished(self) -> None:
        """Name the inputs polished since the last turn that are still there, unnamed."""
        polished, self._polished = self._polished, []
        for widget in polished:
            if isValid(widget) and not widget.accessibleName() and not _header(widget):
                name = derive_name(widget)
                if name:
                    widget.setAccessibleName(name)


_namer: AccessibleNamer | None = None
_paused = 0  # how many ``paused()`` blocks are open


def install(app: QApplication) -> None:
    """Once per application."""
    global _namer
    if _namer is None:
        _namer = AccessibleNamer(app)
        if not _paused:
            app.installEventFilter(_namer)


@contextmanager
def paused() -> Iterator[None]:
    """The namer stands aside while a screen is built, shown and filled, whose inputs the
    caller names afterwards (``apply_reading_order`` or ``name_inputs`` on the screen).

    Every event of every object passes through the application's filter, and a Python
    filter costs a call into Python for each: a screen's first visit sends well over a
    thousand (its widgets made, polished, laid out), about 7 ms of it. Nested blocks
    are fine; the filter is back when the outermost one ends, an exception included."""
    global _paused
    app = QApplication.instance()
    _paused += 1
    if _paused == 1 and _namer is not None and app is not None:
        app.removeEventFilter(_namer)
    try:
        yield
    finally:
        _paused -= 1
        if _paused == 0 and _namer is not None and app is not None:
            app.installEventFilter(_namer)

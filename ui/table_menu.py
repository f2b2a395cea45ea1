"""Right-click (or the Menu key, or Shift+F10) on a table row: the screen's own actions for
that row, and double-click for its editor.

A menu entry is one of the screen's buttons (the entry clicks it, so the menu and the button
run the same code and are enabled alike), a ``(text, callable)`` pair, or ``None`` for a
separator. The row under the pointer is selected first, as in a file manager.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QMenu, QTableView, QWidget

Entry = QAbstractButton | tuple[str, Callable[[], object]] | None
Entries = Callable[[], Sequence[Entry]]


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def build_menu(parent: QWidget, entries: Sequence[Entry]) -> QMenu:
    """A menu of ``entries`` (hidden buttons are left out; disabled ones shown disabled)."""
    menu = QMenu(parent)
    for entry in entries:
        if entry is None:
            if menu.actions() and not menu.actions()[-1].isSeparator():
                menu.addSeparator()
        elif isinstance(entry, QAbstractButton):
            if entry.isHidden():
                continue
            action = QAction(_plain(entry.text()), menu)
            action.setEnabled(entry.isEnabled())
            action.setToolTip(entry.toolTip())
            action.triggered.connect(entry.click)
            menu.addAction(action)
        else:
            text, run = entry
            action = QAction(text, menu)
            action.triggered.connect(lambda _c=False, run=run: run())
            menu.addAction(action)
    if menu.actions() and menu.actions()[-1].isSeparator():
        menu.removeAction(menu.actions()[-1])
    return menu


def install_row_menu(
    view: QAbstractItemView,
    entries: Entries,
    edit: Callable[[], object] | None = None,
) -> None:
    """Give ``view`` a context menu of ``entries()`` and, with ``edit``, double-click (and
    Enter is left to the view) opening the same editor as the menu's Edit entry."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = row_menu(view, pos)
        if menu.actions():
            menu.exec(view.viewport().mapToGlobal(pos) if pos else QCursor.pos())

    view.customContextMenuRequested.connect(show)
    view.row_menu_entries = entries  # type: ignore[attr-defined]
    if edit is not None:

        def double_clicked(index: QModelIndex) -> None:
            if index.isValid():
                edit()

        view.doubleClicked.connect(double_clicked)


def row_menu(view: QAbstractItemView, pos: QPoint | None = None) -> QMenu:
    """The menu ``view`` shows at ``pos`` (its viewport's coordinates): the row there is
    selected first. Tests call it to read and trigger the entries."""
    if pos is not None:
        index = view.indexAt(pos)
        selection = view.selectionModel()
        if (
            index.isValid()
            and selection is not None
            and not selection.isRowSelected(index.row(), index.parent())
        ):
            view.setCurrentIndex(index)
            if isinstance(view, QTableView):
                view.selectRow(index.row())
    entries: Entries = view.row_menu_entries  # type: ignore[attr-defined]
    return build_menu(view, entries())


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def trigger(menu: QMenu, text: str) -> None:
    """Trigger the entry whose text starts with ``text`` (tests)."""
    action = next(a for a in menu.actions() if a.text().startswith(text))
    assert action.isEnabled(), f"{action.text()} is disabled"
    action.trigger()

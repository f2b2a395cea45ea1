"""The main window's Edit, Go and Help menus: undo and redo, find, preferences, a shortcut
for each screen (Ctrl+1, Ctrl+2 …), the weekly routine and About."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu
from shiboken6 import isValid

from ui.actions import set_shortcut, shortcut_action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit


def install_edit_menu(window: Any, stack: QUndoStack) -> QMenu:
    """Undo / Redo name the edit ("Undo cover of Aoife Byrne, 12 Mar"); a refused undo says
    why in a message and leaves the database as it was."""
    menu: QMenu = window.menuBar().addMenu("&Edit")
    undo = shortcut_action("&Undo", window, QKeySequence.StandardKey.Undo)
    redo = shortcut_action("&Redo", window, QKeySequence.StandardKey.Redo)
    undo.triggered.connect(window.edits.undo)
    redo.triggered.connect(window.edits.redo)

    def update() -> None:
        if not (isValid(stack) and isValid(undo)):  # signals while the window closes
            return
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())
        undo.setText(f"&Undo {stack.undoText()}" if stack.canUndo() else "&Undo")
        redo.setText(f"&Redo {stack.redoText()}" if stack.canRedo() else "&Redo")

    stack.indexChanged.connect(lambda _i: update())
    stack.cleanChanged.connect(lambda _c: update())
    update()
    menu.addAction(undo)
    menu.addAction(redo)
    menu.addSeparator()
    find = shortcut_action("&Find…", window, QKeySequence.StandardKey.Find)
    find.triggered.connect(lambda: focus_search(window))
    menu.addAction(find)
    menu.addSeparator()
    settings: QAction = window.settings_action
    menu.addAction(settings)
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)  # the platform's
    settings.setShortcuts([*keys, QKeySequence("Ctrl+,")] if not keys else keys)
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    rules = QAction("Sites and &rotations…", window)

    def open_rules() -> None:
        from ui.rules_dialog import RulesDialog  # on first use: it loads the pay rules

        RulesDialog(window.database, window).exec()
        window.refresh_all()

    rules.triggered.connect(open_rules)
    menu.addAction(rules)
    window.rules_action = rules
    window.undo_action, window.redo_action, window.find_action = undo, redo, find

    def refused(exc: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox  # dialogs load when one opens

        QMessageBox.warning(window, "Cannot undo or redo", str(exc))

    window.edits.refused = refused

    def stepped(said: str) -> None:
        """Say what an undo or redo did, where the edit's own message may still stand."""
        window.statusBar().showMessage(said, 10000)
        screen = window.stack.currentWidget()
        if hasattr(screen, "show_undo"):
            screen.show_undo(said)

    window.edits.stepped = stepped
    return menu


def focus_search(window: Any) -> QLineEdit | None:
    """Put the cursor in the current screen's first visible search field."""
    from PySide6.QtWidgets import QLineEdit

    from ui.table_search import SEARCH_PROPERTY

    screen = window.stack.currentWidget()
    for field in screen.findChildren(QLineEdit):
        if field.property(SEARCH_PROPERTY) and field.isVisibleTo(screen):
            field.setFocus()
            field.selectAll()
            found: QLineEdit = field
            return found
    window.statusBar().showMessage("This screen has no table to search", 3000)
    return None


def install_go_menu(window: Any) -> QMenu:
    """Go › each screen, Ctrl+1 for the first, Ctrl+2 for the second … Ctrl+0 the tenth."""
    menu: QMenu = window.menuBar().addMenu("&Go")
    window.go_actions = []
    for n, key in enumerate(window.pages):  # keys only: a screen is built on first visit
        action = QAction(f"&{window.nav.item(n).text()}", window)
        if n < 10:  # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth
            set_shortcut(action, f"Ctrl+{(n + 1) % 10}")
        action.triggered.connect(lambda _c=False, key=key: window.show_page(key))
        menu.addAction(action)
        window.go_actions.append(action)
    return menu


def install_help_menu(window: Any) -> QMenu:
    menu: QMenu = window.menuBar().addMenu("&Help")
    guide = shortcut_action("The &weekly routine", window, QKeySequence.StandardKey.HelpContents)

    def guide_dialog() -> None:
        from ui.help_dialog import show_guide  # on first use, as every dialog

        show_guide(window)

    def about_box() -> None:
        from ui.help_dialog import show_about

        show_about(window, window.database().path)

    guide.triggered.connect(guide_dialog)
    about = QAction("&About", window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(about_box)
    menu.addAction(guide)
    menu.addAction(about)
    window.guide_action, window.about_action = guide, about
    return menu

"""A menu action with its keyboard shortcut, made cheaply before the window paints.

``QAction.setShortcut`` (and the ``shortcut=`` keyword) has an overload taking ``Qt.Key``:
PySide builds every enum of the ``Qt`` namespace (about 17 ms) the first time it resolves
that call. ``setShortcuts([...])`` sets the same single shortcut without that, so the
menus built before the first paint use it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def shortcut_action(
    text: str, parent: QObject, key: QKeySequence.StandardKey | str | None = None
) -> QAction:
    """``QAction(text, parent)`` with ``key`` (a standard key or "Ctrl+1") as its shortcut."""
    action = QAction(text, parent)
    if key is not None:
        set_shortcut(action, key)
    return action


def set_shortcut(action: QAction, key: QKeySequence.StandardKey | str) -> None:
    """What ``action.setShortcut(QKeySequence(key))`` does: one shortcut, no alternates."""
    action.setShortcuts([QKeySequence(key)])

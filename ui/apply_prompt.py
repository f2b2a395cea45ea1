"""The one question every rule editor asks before a change with an effect is applied."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_apply(parent: QWidget, title: str, text: str) -> bool:
    """Show ``text`` (the change's effect) and ask "Apply this change?"; True on OK."""
    answer = QMessageBox.question(
        parent,
        title,
        f"{text}\n\nApply this change?",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Ok

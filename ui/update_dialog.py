"""The monthly update's draft (Reports screen): the same Markdown as ``planner update``,
editable here, with Copy (to paste into a mail) and Save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.outputs.update import write_update


class UpdateDialog(QDialog):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Monthly update — {title}")
        self.resize(820, 680)
        self.editor = QPlainTextEdit(text)
        self.editor.setAccessibleName("Monthly update draft (Markdown)")
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(mono)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the draft (Markdown) to paste into a mail or a post")
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton("Save…")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(
            "A draft: edit it here or after pasting. Figures are the monthly report's."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.status.setText("Copied to the clipboard.")

    def save(self, path: Path | None = None) -> Path | None:
        if path is None:
            name, _f = QFileDialog.getSaveFileName(
                self, "Save the update", str(Path.home() / "oncall-update.md"), "Markdown (*.md)"
            )
            if not name:
                return None
            path = Path(name if name.lower().endswith(".md") else name + ".md")
        try:
            write_update(self.text(), path)
        except (PlannerError, OSError) as exc:
            self.status.setText(f"Not saved: {exc}")
            return None
        self.status.setText(f"Saved {path}")
        return path

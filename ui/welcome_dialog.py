"""First start on an empty database: load the demo team, import volunteers, or start empty."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

from ui.wrapped_label import WrappedLabel


class WelcomeDialog(QDialog):
    DEMO, IMPORT, EMPTY = "demo", "import", "empty"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to On-call Tour Planner")
        self.choice = self.EMPTY
        layout = QVBoxLayout(self)
        text = WrappedLabel("<h3>This database is empty.</h3><p>How would you like to start?</p>")
        layout.addWidget(text)
        for choice, label in (
            (self.DEMO, "Load the &demo team (a realistic team, tours and plan to explore)"),
            (self.IMPORT, "&Import volunteers from a form export (.csv or .xlsx)…"),
            (self.EMPTY, "Start &empty"),
        ):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            layout.addWidget(button)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

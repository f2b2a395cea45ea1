"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from planner import __version__
from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.demo import build_demo, is_empty
from ui.output_actions import install_output_actions
from ui.screens.base import Screen
from ui.screens.registry import PAGES
from ui.settings_dialog import install_settings_action
from ui.welcome_dialog import WelcomeDialog

DatabaseOpener = Callable[[Path, bool], Database]


class MainWindow(QMainWindow):
    def __init__(self, db: Database, open_db: DatabaseOpener, settings: QSettings | None = None):
        super().__init__()
        self._db = db
        self._open_db = open_db
        self._settings = settings or QSettings()
        self.setWindowTitle("On-call Tour Planner")

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet("#nav { font-size: 11pt; } #nav::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        self.pages: dict[str, Screen] = {}
        for key, factory in PAGES:
            page = factory(self.database, self)
            self.pages[key] = page
            self.nav.addItem(page.title)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._show_page)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        self._restore_state()
        self._update_db_label()

    # -- database ---------------------------------------------------------------------
    def database(self) -> Database:
        return self._db

    def switch_database(self, path: Path, create: bool) -> None:
        try:
            new_db = self._open_db(path, create)
        except PlannerError as exc:
            QMessageBox.warning(self, "Cannot open database", str(exc))
            return
        self._db.close()
        self._db = new_db
        self._settings.setValue("last_database", str(path))
        self._update_db_label()
        self.refresh_all()
        self.offer_welcome_if_empty()

    def _update_db_label(self) -> None:
        self.db_label.setText(f"Database: {self._db.path}")
        self.setWindowTitle(f"On-call Tour Planner — {self._db.path.name}")

    def offer_welcome_if_empty(self) -> None:
        with self._db.session() as session:
            empty = is_empty(session)
        if not empty:
            return
        dialog = WelcomeDialog(self)
        dialog.exec()
        if dialog.choice == WelcomeDialog.DEMO:
            self.load_demo()
        elif dialog.choice == WelcomeDialog.IMPORT:
            self.show_page("volunteers")
            start_import = getattr(self.pages["volunteers"], "start_import", None)
            if start_import:
                start_import()

    def load_demo(self) -> None:
        try:
            with self._db.transaction() as session:
                build_demo(session)
        except PlannerError as exc:
            QMessageBox.warning(self, "Demo not loaded", str(exc))
        self.refresh_all()
        self.statusBar().showMessage("Demo team loaded", 5000)

    # -- navigation -------------------------------------------------------------------
    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if isinstance(page, Screen):
            page.refresh()

    def refresh_all(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, Screen):
            page.refresh()

    # -- menus ------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = QAction("&New database…", self, shortcut=QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self._new_database)
        self.open_action = QAction("&Open database…", self, shortcut=QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._open_database)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.new_action, self.open_action):
            file_menu.addAction(action)
        self.file_menu = file_menu
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        install_output_actions(self)
        self.settings_action = install_settings_action(self)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New database", str(self._db.path.parent), "Planner database (*.db)"
        )
        if path:
            if not path.endswith(".db"):
                path += ".db"
            self.switch_database(Path(path), True)

    def _open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open database",
            str(self._db.path.parent),
            "Planner database (*.db);;All files (*)",
        )
        if path:
            self.switch_database(Path(path), False)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About On-call Tour Planner",
            f"<b>On-call Tour Planner</b> {__version__}<br>"
            "Tours, rota, pay and rest for a volunteer out-of-hours on-call team.<br>"
            f"Database: {self._db.path}",
        )

    # -- window state -----------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self._settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        row = self._settings.value("page", 0)
        self.nav.setCurrentRow(int(row) if str(row).isdigit() else 0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("page", self.nav.currentRow())
        super().closeEvent(event)


__all__ = ["MainWindow", "Qt"]

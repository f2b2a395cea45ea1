"""The main window: navigation on the left, one screen at a time on the right.

Window first, data next: the window imports no database code and builds no screen before
it paints. ``run_app`` gives it the database path; once painted it opens the database and
fills the current screen. Every other screen is built on its first visit (its module
imported then, unless the idle warm-up after the first screen's data imported it), and a
visit re-queries only when the database's data version moved since the screen was last
filled.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPaintEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from planner.core.errors import PlannerError
from ui import icons, palette
from ui.actions import shortcut_action
from ui.edits import Edits
from ui.main_menus import install_edit_menu, install_go_menu, install_help_menu
from ui.next_frame import after_next_frame
from ui.output_actions import install_output_actions
from ui.screens.base import Screen
from ui.screens.registry import SCREENS, ScreenEntry
from ui.warm_up import PREPARE_READS, Step, WarmUp, warm_up_modules

if TYPE_CHECKING:
    from PySide6.QtCore import Qt  # every enum of the Qt namespace: not before the first paint

    from planner.core.db import Database

DatabaseOpener = Callable[[Path, bool], "Database"]


class Screens(Mapping[str, Screen]):
    """The window's screens by key, each built on first access.

    Iterating gives every key in navigation order; ``values()`` gives only the screens
    built so far (one never visited has nothing to reset or refresh).
    """

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._built: dict[str, Screen] = {}

    def __getitem__(self, key: str) -> Screen:
        if key not in self._built:
            self._built[key] = self._window._build_screen(key)
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(entry.key for entry in SCREENS)

    def __len__(self) -> int:
        return len(SCREENS)

    def values(self) -> list[Screen]:  # type: ignore[override]
        return list(self._built.values())

    def built(self, key: str) -> Screen | None:
        return self._built.get(key)


class MainWindow(QMainWindow):
    # A screen showed its data (the screen's key): start-up probes and tests wait on it.
    screen_filled = Signal(str)

    def __init__(
        self, db: Database | None, open_db: DatabaseOpener, settings: QSettings | None = None
    ):
        super().__init__()
        # A change of palette (the desktop switching to dark) restyles everything once the
        # events it sends have settled (``follow_palette``).
        self._looks = palette.current()
        self._looks_timer = QTimer(self)
        self._looks_timer.setSingleShot(True)
        self._looks_timer.setInterval(0)
        self._looks_timer.timeout.connect(self.follow_palette)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._palette_may_change)
        self._db = db
        self._open_db = open_db
        self._settings = settings or QSettings()
        self._path_to_open: Path | None = None
        self._painted = False
        self.setWindowTitle("On-call Tour Planner")
        if db is not None:
            self._name_inputs()
        # else once the first frame is on screen: an application-wide Python event filter
        # makes PySide build every Qt class the first time a private Qt object gets an
        # event (~30 ms), and ui.accessibility builds every enum of the Qt namespace.
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(100)
        self.undo_stack.indexChanged.connect(self._after_undo_or_redo)
        self.edits = Edits(self.database, self.undo_stack)

        self.nav = QListWidget()
        self.nav.setAccessibleName("Screens")
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet("#nav { font-size: 11pt; } #nav::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        self.pages = Screens(self)
        self.nav.setIconSize(QSize(20, 20))
        for entry in SCREENS:  # each screen's icon beside its name, in the first frame
            self.nav.addItem(entry.title)
            self.nav.item(self.nav.count() - 1).setIcon(icons.icon(icons.SCREEN_ICONS[entry.key]))
            self.stack.addWidget(QWidget())  # stands in until the screen's first visit
        self.nav.currentRowChanged.connect(self._show_page)
        # Once the first screen's data is on screen (``_show_held``), the other screens'
        # modules load one per idle tick, so their first visit only builds and fills them.
        steps: list[Step] = []
        for name in warm_up_modules(entry.module for entry in SCREENS):
            steps.append(name)
            if name.removeprefix("ui.screens.") in PREPARE_READS:
                steps.append(self._reads_preparer(name))
        for name in sorted(set(icons.SCREEN_BUTTONS.values())):  # a step each, drawn once
            steps.append(self._icon_preparer(name))
        self.warm_up = WarmUp(steps, self)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        palette.follow(
            self.read_only_banner,
            lambda: (
                f"#readOnlyBanner {{ {palette.css_fill('warning_fill')} "
                f"{palette.css_color('warning_text')} padding: 8px 12px; "
                f"border-bottom: 1px solid {palette.current().warning_border}; }}"
            ),
        )
        self.read_only_banner.setVisible(False)
        outer.addWidget(self.read_only_banner)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        outer.addWidget(body, 1)
        self.setCentralWidget(central)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        self._restore_state()
        if self._db is not None:
            self._update_db_label()
        # What a committed change could not do besides (the calendar feed folder was not
        # writable) is said in the status bar, whichever screen made the change.
        self.notice_timer = QTimer(self)
        self.notice_timer.setInterval(1000)
        self.notice_timer.timeout.connect(self.show_notices)
        self.notice_timer.start()

    def _reads_preparer(self, module: str) -> Callable[[], None]:
        """A warm-up step: ``module.prepare_reads`` on the open database."""

        def prepare_reads() -> None:
            if self._db is not None:
                importlib.import_module(module).prepare_reads(self._db)

        prepare_reads.__qualname__ = f"{module}.prepare_reads"
        return prepare_reads

    def _icon_preparer(self, name: str) -> Callable[[], None]:
        """A warm-up step: the screens' button icon ``name`` drawn at this window's size."""

        def prepare_icon() -> None:
            from PySide6.QtWidgets import QStyle  # its class and enums: not before a paint

            metric = self.style().pixelMetric(QStyle.PixelMetric.PM_ButtonIconSize)
            icons.prerender(name, round(metric * self.devicePixelRatioF()))

        prepare_icon.__qualname__ = f"icons.prerender({name!r})"
        return prepare_icon

    def show_notices(self) -> None:
        if self._db is not None and self._db.notices:
            self.statusBar().showMessage("⚠ " + "; ".join(self._db.notices), 15000)
            self._db.notices.clear()

    # -- database ---------------------------------------------------------------------
    def database(self) -> Database:
        if self._db is None:
            raise PlannerError("the database is still opening")
        return self._db

    def open_when_painted(self, path: Path) -> None:
        """Start-up: open the database at ``path`` (creating it) once the window has
        painted, then fill the current screen and offer the welcome on an empty one."""
        self._path_to_open = path
        self.menuBar().setEnabled(False)
        self.statusBar().showMessage(f"Opening {path.name}…")
        if self._painted:
            QTimer.singleShot(0, self._open_pending)

    def _name_inputs(self) -> None:
        """Every input, in this window and every dialog, gets a name screen readers say."""
        from ui import accessibility

        app = QApplication.instance()
        if isinstance(app, QApplication):
            accessibility.install(app)
            accessibility.name_inputs(self)  # the inputs already polished

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_frame)  # once this paint reaches the screen

    def _after_first_frame(self) -> None:
        """Name the inputs, then open the database (when ``open_when_painted`` gave one)."""
        if isValid(self):
            self._name_inputs()
            self._open_pending()

    def _open_pending(self) -> None:
        path, self._path_to_open = self._path_to_open, None
        if path is None:
            return
        try:
            self._db = self._open_db(path, True)
        except PlannerError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(self, "Cannot open database", str(exc))
            self.close()
            QApplication.exit(2)
            return
        self.menuBar().setEnabled(True)
        self.statusBar().clearMessage()
        self._update_db_label()
        self._show_page(self.nav.currentRow())
        QTimer.singleShot(0, self.offer_welcome_if_empty)

    def switch_database(self, path: Path, create: bool) -> None:
        try:
            new_db = self._open_db(path, create)
        except PlannerError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Cannot open database", str(exc))
            return
        if self._db is not None:
            self._db.close()
        self._db = new_db
        for screen in self.pages.values():
            screen.filled_at_version = None  # another database: every screen re-reads
        self.undo_stack.clear()  # the edits were made to the other database
        self._settings.setValue("last_database", str(path))
        self._update_db_label()
        for page in self.pages.values():
            page.reset()  # nothing of the previous database stays on any screen
        self.statusBar().clearMessage()
        self.refresh_all()
        self.offer_welcome_if_empty()

    def _update_db_label(self) -> None:
        db = self.database()
        self.db_label.setText(f"Database: {db.path}" + (" (read-only)" if db.read_only else ""))
        self.setWindowTitle(f"On-call Tour Planner — {db.path.name}")
        self.read_only_banner.setText(
            f"This database is read-only ({db.path}): you can look at everything, but no "
            "change can be saved. To change it, copy it somewhere you can write and open "
            "the copy."
        )
        self.read_only_banner.setVisible(db.read_only)

    def offer_welcome_if_empty(self) -> None:
        from planner.people.volunteer_list import has_volunteers

        if has_volunteers(self.database()):
            return
        from ui.welcome_dialog import WelcomeDialog

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
        from planner.demo import build_demo

        try:
            self.edits.run("load of the demo team", build_demo)
        except PlannerError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Demo not loaded", str(exc))
        self.refresh_all()
        self.statusBar().showMessage("Demo team loaded", 5000)

    # -- light and dark -----------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._palette_may_change()
        super().changeEvent(event)

    def _palette_may_change(self, _scheme: Qt.ColorScheme | None = None) -> None:
        self._looks_timer.start()

    def follow_palette(self) -> None:
        """The palette went from light to dark or back: style sheets built from its colours
        are rebuilt and every screen fills again (the current one now, the others on their
        next visit), so cells, labels and warnings take the new set's colours; drawn views
        and table cells ask for theirs whenever they are painted."""
        looks = palette.current()
        if looks is self._looks:
            return
        self._looks = looks
        palette.restyle()
        for screen in self.pages.values():
            screen.filled_at_version = None
        self.refresh_all()

    # -- navigation -------------------------------------------------------------------
    def show_page(self, key: str) -> None:
        row = list(self.pages).index(key)
        if self.nav.currentRow() == row:
            self._show_page(row)  # already selected: make sure it is built and current
        else:
            self.nav.setCurrentRow(row)

    def _build_screen(self, key: str) -> Screen:
        index = list(self.pages).index(key)
        entry: ScreenEntry = SCREENS[index]
        screen = entry.build(self.database, self)
        screen.navigate.connect(self.show_page)
        screen.edits = self.edits  # the window's edits: undoable from the Edit menu
        icons.decorate(screen, icons.SCREEN_BUTTONS)
        stand_in = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, screen)
        if stand_in is not None:
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        self.stack.setCurrentIndex(current)
        return screen

    def _show_page(self, row: int) -> None:
        if row < 0 or self._db is None:
            return
        from ui.accessibility import paused

        key = SCREENS[row].key
        first_visit = self.pages.built(key) is None
        if first_visit:
            # A new screen settles in steps of Qt's own after it is filled: its layout,
            # then its tables' columns fitted on zero timers, which run after the next
            # paint. Painted as they came, the screen was drawn twice (its tables' cells
            # again: a sixth of a first visit). The stack keeps its last frame until they
            # have run, then paints once, with the data (``_show_held``).
            self.stack.setUpdatesEnabled(False)
        try:
            # The screen-reader namer's filter stands aside while the screen is built,
            # shown and filled; ``_fill`` names the screen's inputs once it is (``paused``).
            with paused():
                screen = self.pages[key]
                self.stack.setCurrentWidget(screen)
                self._fill(screen)
        finally:
            if first_visit:
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                # due after the timers the layout started: it runs after them
                QTimer.singleShot(0, self, self._show_held)

    def _show_held(self) -> None:
        """Paint the stack again (``_show_page``): once, the new screen laid out and filled.
        The idle warm-up starts once that frame is drawn."""
        if isValid(self.stack):
            self.stack.setUpdatesEnabled(True)
            after_next_frame(self.stack, self.warm_up.start)

    def _fill(self, screen: Screen, force: bool = False) -> None:
        """Refresh ``screen`` unless it already shows the database's current data."""
        from ui.accessibility import apply_reading_order, paused

        db = self.database()
        with paused():
            if force or screen.filled_at_version != db.data_version():
                screen.refresh()
                screen.filled_at_version = db.data_version()
            # what refresh showed or hid, in its place, and every input of it named
            apply_reading_order(screen)
        key = next(k for k in self.pages if self.pages.built(k) is screen)
        self.screen_filled.emit(key)

    def _after_undo_or_redo(self, _index: int) -> None:
        if isValid(self) and isValid(self.stack):  # not while the window is closing
            self.refresh_all()

    def refresh_all(self) -> None:
        """Re-read the current screen now (after a change made outside any screen); the
        others re-read on their next visit, since the data version moved."""
        screen = self.stack.currentWidget()
        if isinstance(screen, Screen) and self._db is not None:
            self._fill(screen, force=True)

    # -- menus ------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = shortcut_action("&New database…", self, QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self._new_database)
        self.open_action = shortcut_action("&Open database…", self, QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._open_database)
        quit_action = shortcut_action("&Quit", self, QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.backups_action = QAction("&Backups…", self)
        self.backups_action.triggered.connect(self._backups)
        for action in (self.new_action, self.open_action, self.backups_action):
            file_menu.addAction(action)
        self.file_menu = file_menu
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.output_actions = install_output_actions(
            self, file_menu, self.database, self.statusBar()
        )
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.triggered.connect(self._edit_settings)
        install_edit_menu(self, self.undo_stack)
        go_menu = install_go_menu(self)
        install_help_menu(self)
        icons.decorate(self, icons.WINDOW_ACTIONS)
        icons.decorate(self.output_actions, icons.OUTPUT_ACTIONS)
        for action, key in zip(go_menu.actions(), self.pages, strict=True):
            action.setIcon(icons.icon(icons.SCREEN_ICONS[key]))

    def _backups(self) -> None:
        """File › Backups…: list the copies, back up now, restore one."""
        from ui.backups_dialog import BackupsDialog

        BackupsDialog(self.database, self._after_restore, self).exec()

    def _after_restore(self) -> None:
        for screen in self.pages.values():
            screen.filled_at_version = None  # the data changed under every screen
        self.refresh_all()
        self.statusBar().showMessage("Backup restored", 8000)

    def _edit_settings(self) -> None:
        """Edit › Settings…; after a save the current screen reloads."""
        from PySide6.QtWidgets import QDialog

        from ui.settings_dialog import SettingsDialog

        if SettingsDialog(self.database, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh_all()
            self.statusBar().showMessage("Settings saved", 5000)

    def _new_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, "New database", str(self.database().path.parent), "Planner database (*.db)"
        )
        if path:
            if not path.endswith(".db"):
                path += ".db"
            self.switch_database(Path(path), True)

    def _open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open database",
            str(self.database().path.parent),
            "Planner database (*.db);;All files (*)",
        )
        if path:
            self.switch_database(Path(path), False)

    # -- window state -----------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self._settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        self._fit_screen()
        row = self._settings.value("page", 0)
        self.nav.setCurrentRow(int(str(row)) if str(row).isdigit() else 0)

    def _fit_screen(self) -> None:
        """Never open larger than the screen: the first start's 1200×760 on a 1024×640
        laptop, or a size remembered from a bigger monitor, is cut to what is available
        (the screens below scroll or wrap rather than need more)."""
        room = self.screen().availableGeometry()
        width = max(min(self.width(), room.width()), self.minimumSizeHint().width())
        height = max(min(self.height(), room.height()), self.minimumSizeHint().height())
        if (width, height) != (self.width(), self.height()):
            self.resize(min(width, room.width()), min(height, room.height()))
        if not room.contains(self.frameGeometry().topLeft()):
            self.move(room.topLeft())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("page", self.nav.currentRow())
        super().closeEvent(event)


__all__ = ["MainWindow"]

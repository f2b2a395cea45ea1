"""Starting the desktop app: logging, the error dialog, the database, the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from ui.c_locale import keep_time_names_fixed

if TYPE_CHECKING:
    from planner.core.db import Database

log = logging.getLogger("planner")


def _setup_logging(folder: Path | None = None) -> Path | None:
    """The log file, readable by its owner only (0600 in a 0700 folder)."""
    from planner.core.paths import log_dir  # platformdirs: not before the window paints

    try:
        folder = folder or log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / "planner.log"
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        if os.name == "posix":
            os.chmod(path, 0o600)
        logging.basicConfig(
            filename=path, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
        )
        return path
    except OSError:
        return None


_log_file: list[Path | None] = []  # the log file, once logging is set up


def _ensure_logging() -> Path | None:
    """Set up the log file once, when first needed: as the database opens (after the
    window painted), or for an error before that."""
    if not _log_file:
        _log_file.append(_setup_logging())
    return _log_file[0]


def _excepthook() -> Callable[[type[BaseException], BaseException, TracebackType | None], None]:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log_path = _ensure_logging()
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unhandled error\n%s", text)
        if QApplication.instance() is not None:
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(
                QMessageBox.Icon.Critical, "Unexpected error", str(exc) or kind.__name__
            )
            where = f"\nThe details were written to {log_path}." if log_path else ""
            box.setInformativeText("Nothing you entered before this was lost." + where)
            box.setDetailedText(text)
            box.exec()

    return hook


def open_db(path: Path, create: bool) -> Database:
    """Open the database for a window: one window per database (its lock file), and a
    backup on the first open of each day."""
    from planner.core.backups import daily_backup
    from planner.core.db import open_database  # SQLModel loads after the window painted
    from planner.core.errors import PlannerError
    from planner.outputs.feeds import watch
    from ui.instance_lock import acquire

    _ensure_logging()
    release = acquire(Path(path).expanduser())
    try:
        db = open_database(path, create=create)
    except BaseException:
        release()
        raise
    db.on_close.append(release)
    watch(db)  # rota changes rewrite the calendar feed folder, if one is set
    try:
        daily_backup(db)
    except PlannerError as exc:  # the database is fine; the copy is not: say so in the log
        log.warning("no daily backup: %s", exc)
    return db


def _hide_own_console() -> None:
    """The frozen Windows build is a console program (so the command line prints); when a
    double-click opened the app, that console is the app's alone: hide it. A console the
    user typed ``planner`` in is shared with the shell and stays."""
    if sys.platform == "win32" and getattr(sys, "frozen", False):
        import ctypes

        kernel32 = ctypes.windll.kernel32
        processes = (ctypes.c_uint * 2)()
        if kernel32.GetConsoleProcessList(processes, 2) == 1:
            kernel32.FreeConsole()


def run_app(db_path: Path) -> int:
    _hide_own_console()
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    keep_time_names_fixed()  # Qt just set the C library's locale from the desktop's
    app.setOrganizationName("OnCallTourPlanner")
    app.setApplicationName("On-call Tour Planner")
    sys.excepthook = _excepthook()
    # Window first, data next: the window paints its navigation, then opens the database
    # (a failure is a message box and exit 2), fills the current screen and, on an empty
    # database, offers the welcome.
    window = MainWindow(None, open_db)
    window.warm_up.freeze_gc = True  # see WarmUp: no full garbage walks over start-up's heap
    window.open_when_painted(db_path)
    window.show()
    return app.exec()

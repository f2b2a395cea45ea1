"""Starting the desktop app: logging, the error dialog, the database, the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from planner.core.db import Database, open_database
from planner.core.errors import PlannerError
from planner.core.paths import log_dir

log = logging.getLogger("planner")


def _setup_logging() -> Path | None:
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "planner.log"
        logging.basicConfig(
            filename=path, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
        )
        return path
    except OSError:
        return None


def _excepthook(log_path: Path | None):  # type: ignore[no-untyped-def]
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unhandled error\n%s", text)
        if QApplication.instance() is not None:
            box = QMessageBox(
                QMessageBox.Icon.Critical, "Unexpected error", str(exc) or kind.__name__
            )
            where = f"\nThe details were written to {log_path}." if log_path else ""
            box.setInformativeText("Nothing you entered before this was lost." + where)
            box.setDetailedText(text)
            box.exec()

    return hook


def open_db(path: Path, create: bool) -> Database:
    return open_database(path, create=create)


def run_app(db_path: Path) -> int:
    from ui.main_window import MainWindow

    log_path = _setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("OnCallTourPlanner")
    app.setApplicationName("On-call Tour Planner")
    sys.excepthook = _excepthook(log_path)
    try:
        db = open_database(db_path, create=True)
    except PlannerError as exc:
        QMessageBox.critical(None, "Cannot open database", str(exc))
        return 2
    window = MainWindow(db, open_db)
    window.show()
    window.offer_welcome_if_empty()
    return app.exec()

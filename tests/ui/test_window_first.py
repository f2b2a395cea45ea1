"""Window first, data next: what the app imports before it paints and for its first screen,
screens built on first visit, and no re-query when nothing changed since the last visit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from planner.core.db import Database, open_database
from ui.main_window import MainWindow
from ui.screens.registry import SCREENS

ROOT = Path(__file__).resolve().parents[2]

# What the first screen (Now: who is on call) never needs; each is tens of milliseconds or
# more, the ORM and its models some 300 (the holders are read with sqlite3). Its weeks,
# pages and the coordinator's list fill just after it shows.
NOT_FOR_THE_FIRST_SCREEN = (
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "planner.core.models",
    "alembic",
    "openpyxl",
    "highspy",
    "numpy",
    "icalendar",
    "holidays",
    "PySide6.QtPrintSupport",
    "planner.demo",
    "planner.rota.allocation",
    "ui.screens.rota_screen",
    "ui.screens.pay_screen",
)
# Nothing of the database is needed to paint the window and its navigation, nor any
# dialog (each loads when it opens), nor the screen-reader namer (it starts once the first
# frame is on screen), nor the user folders (``--db`` names the file; the icons are found
# beside the code).
NOT_BEFORE_THE_WINDOW_PAINTS = NOT_FOR_THE_FIRST_SCREEN + (
    "importlib.resources",
    "platformdirs",
    "ui.accessibility",
    "ui.help_dialog",
    "ui.welcome_dialog",
    "ui.output_dialogs",
    "ui.settings_dialog",
    "ui.table_search",
    "ui.worker",
)
# Qt classes PySide builds on first use, each with every enum it has: the Qt namespace alone
# is some 90 enum types. None of these is needed to paint the window, its navigation and
# menus (the dialogs' classes load when a dialog opens).
QT_NOT_BEFORE_THE_WINDOW_PAINTS = (
    "Qt",
    "QDialog",
    "QDialogButtonBox",
    "QFileDialog",
    "QFormLayout",
    "QMessageBox",
    "QLineEdit",
    "QComboBox",
)

# Started as ``planner --db FILE`` starts (ui.cli.main); the probe watches the main window's
# own events (an application-wide Python filter would make PySide build every Qt class).
_PROBE = """
import json, sys
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow

seen = {}
window = []

def qt_classes():
    modules = (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets)
    return sorted(name for module in modules for name in vars(module) if name[0] == "Q")

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in seen:
            seen["painted"] = sorted(sys.modules)
            seen["qt_painted"] = qt_classes()
            seen["icons"] = [not obj.nav.item(row).icon().isNull() for row in range(obj.nav.count())]
            seen["menus"] = [action.text() for action in obj.menuBar().actions()]
        elif (
            event.type() == QEvent.Type.Paint and "filled" in seen and "shown" not in seen
            and obj.stack.updatesEnabled()  # the frame with the first screen's data
        ):
            seen["shown"] = sorted(sys.modules)
            if sys.argv[2] == "filled":
                QApplication.instance().quit()
        return False

probe = FirstPaint()

def filled(key):
    if "filled" not in seen:
        seen["filled"] = sorted(sys.modules)
        seen["screen"] = key
        seen["rows"] = len(window[0].pages[key].cards)

def warmed():  # the idle warm-up imported the other screens' modules
    seen["warmed"] = sorted(sys.modules)
    seen["built"] = [key for key in window[0].pages if window[0].pages.built(key) is not None]
    now = window[0].pages["now"]
    seen["later_rows"] = [now.weeks.rowCount(), now.attention.count() > 0, now.pages.text() != ""]
    QApplication.instance().quit()

show = MainWindow.show

def shown(self):
    window.append(self)
    self.installEventFilter(probe)
    self.screen_filled.connect(filled)
    self.warm_up.finished.connect(warmed)
    show(self)

MainWindow.show = shown
from ui.cli import main
main(["--db", sys.argv[1]])
print(json.dumps(seen), file=sys.stderr)
"""


def _start_app(db: Database, tmp_path: Path, until: str = "filled") -> dict[str, object]:
    """Start the app in a new process, with a user's folders of its own, until the first
    screen is ``filled`` and drawn with its data, or the idle warm-up ``warmed`` the other screens' modules."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    for folder in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[folder] = str(tmp_path / folder.lower())
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(db.path), until],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stderr.strip(), f"the probe printed nothing (exit {result.returncode})"
    report: dict[str, object] = json.loads(result.stderr.strip().splitlines()[-1])
    return report


def test_the_window_paints_before_database_code_loads_and_the_first_screen_stays_light(
    demo_db: Database, tmp_path: Path
) -> None:
    report = _start_app(demo_db, tmp_path)
    painted, filled = set(report["painted"]), set(report["filled"])  # type: ignore[call-overload]
    shown = set(report["shown"])  # type: ignore[call-overload]
    assert report["screen"] == "now" and report["rows"] == 2  # both rotations' holders show
    assert sorted(n for n in NOT_BEFORE_THE_WINDOW_PAINTS if n in painted) == []
    assert sorted(n for n in NOT_FOR_THE_FIRST_SCREEN if n in filled) == []
    # Nothing else runs between the screen's fill and its frame: not the screen's later
    # rows, not the idle warm-up (each would load the ORM first).
    assert sorted(n for n in NOT_FOR_THE_FIRST_SCREEN if n in shown) == []
    qt_painted = set(report["qt_painted"])  # type: ignore[call-overload]
    assert sorted(n for n in QT_NOT_BEFORE_THE_WINDOW_PAINTS if n in qt_painted) == []


def test_the_first_frame_has_the_navigation_with_its_icons_and_the_menus(
    demo_db: Database, tmp_path: Path
) -> None:
    report = _start_app(demo_db, tmp_path)
    assert report["icons"] == [True] * len(SCREENS)
    assert report["menus"] == ["&File", "&Edit", "&Go", "&Help"]


def test_a_screen_is_built_on_its_first_visit(main_window: MainWindow) -> None:
    assert main_window.pages.built("pay") is None
    main_window.show_page("pay")
    assert main_window.stack.currentWidget() is main_window.pages.built("pay")


def test_a_visit_re_reads_only_after_a_change(main_window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    main_window.show_page("volunteers")  # both filled once (the window opens on Now)
    main_window.show_page("tours")
    tours, volunteers = main_window.pages["tours"], main_window.pages["volunteers"]
    reads: list[str] = []
    monkeypatch.setattr(tours, "refresh", lambda: reads.append("tours"))
    monkeypatch.setattr(volunteers, "refresh", lambda: reads.append("volunteers"))
    main_window.show_page("volunteers")
    main_window.show_page("tours")
    assert reads == []  # nothing changed: both show what they showed
    with main_window.database().transaction() as session:  # any write moves the version
        session.connection().exec_driver_sql("UPDATE volunteer SET team = team")
    main_window.show_page("volunteers")
    main_window.show_page("tours")
    main_window.show_page("volunteers")
    assert reads == ["volunteers", "tours"]


def test_a_write_by_another_program_is_seen_on_the_next_visit(
    main_window: MainWindow, demo_db: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    main_window.show_page("volunteers")
    main_window.show_page("tours")
    reads: list[str] = []
    monkeypatch.setattr(main_window.pages["volunteers"], "refresh", lambda: reads.append("v"))
    other = open_database(demo_db.path)  # the command line, say, in another process
    with other.transaction() as session:
        session.connection().exec_driver_sql("UPDATE volunteer SET team = 'Payments'")
    other.close()
    main_window.show_page("volunteers")
    assert reads == ["v"]


def test_the_other_screens_load_while_idle_after_the_first_screen_shows(
    demo_db: Database, tmp_path: Path
) -> None:
    report = _start_app(demo_db, tmp_path, until="warmed")
    filled, warmed = set(report["filled"]), set(report["warmed"])
    screens = {f"ui.screens.{entry.module}" for entry in SCREENS}
    assert screens - filled  # the first screen's data showed before the others loaded
    assert screens <= warmed  # then every screen's module, while idle
    assert report["built"] == ["now"]  # loaded, not built: a first visit builds and fills
    assert report["later_rows"] == [2, True, True]  # the Now screen's weeks, list, pages came
    # what only a command needs (holidays loads for the Now screen's later rows anyway)
    heavy = ("alembic", "openpyxl", "highspy", "icalendar", "planner.demo")
    assert sorted(n for n in heavy if n in warmed) == []


def test_every_warm_up_step_names_a_module() -> None:
    from importlib.util import find_spec

    from ui.warm_up import warm_up_modules

    steps = warm_up_modules(entry.module for entry in SCREENS)
    assert [name for name in steps if find_spec(name) is None] == []


def test_the_app_puts_start_up_objects_out_of_the_garbage_collectors_walk(
    qtbot, demo_db: Database, qsettings
) -> None:  # type: ignore[no-untyped-def]
    import gc

    window = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.warm_up.freeze_gc = True  # as run_app sets it
    try:
        before = gc.get_freeze_count()
        qtbot.waitUntil(lambda: window.warm_up.done, timeout=20000)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()  # the rest of the test run collects as usual


def test_what_became_ready_during_a_warm_up_step_runs_before_the_next_step(
    qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A click or a timer that came due while a module was importing waits for that one
    step only, never for the next one too."""
    import time
    from types import SimpleNamespace

    from PySide6.QtCore import QTimer

    from ui import warm_up

    order: list[str] = []

    def import_module(name: str) -> None:  # each step: a module taking 10 ms to import
        order.append(name)
        if name == "first":  # a timer comes due meanwhile, as a click would arrive
            QTimer.singleShot(1, lambda: order.append("due during the first step"))
        time.sleep(0.01)

    monkeypatch.setattr(warm_up, "importlib", SimpleNamespace(import_module=import_module))
    steps = warm_up.WarmUp(["first", "second", "third"])
    steps.start()
    qtbot.waitUntil(lambda: steps.done, timeout=5000)
    assert order == ["first", "due during the first step", "second", "third"]

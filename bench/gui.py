"""Benchmark: every screen's open and refresh, sort, filter and dialog open, on the large
database, and the longest time the event loop was blocked during each action.

The first visits come after the idle warm-up (the other screens' modules imported one
per event-loop tick once the first screen shows its data); its longest tick is measured
too. Each action runs 5 times (open: the first visit once, then revisits); the figure is the
median wall time from the action to the event loop being idle again, and "blocked" the
longest gap between two ticks of a 5 ms timer during the action (for work sent to a
thread, that is what the user feels). Target: every action ≤ 50 ms. Offscreen Qt.
Prints figures; asserts nothing.

    .venv/bin/python bench/gui.py [--volunteers 300] [--years 10]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common  # noqa: E402

TARGET_MS = 50.0
RUNS = 5


class Heartbeat:
    """A 5 ms timer on the GUI thread: the longest gap between ticks is the longest block."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def settle(app, until: Callable[[], bool] | None = None, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Process events until idle (and ``until()`` holds, for work sent to a thread)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        app.processEvents()
        if until is None or until():
            app.processEvents()
            return
        time.sleep(0.001)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_size_options(parser)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = str(common.CACHE / "config")
    print(f"machine: {common.machine()}")
    path = common.large_database(args.volunteers, args.years)
    print(f"database: {args.volunteers} volunteers, {args.years} years ({path})")

    from PySide6.QtCore import QSettings, Qt, QThreadPool
    from PySide6.QtWidgets import QApplication, QDialog

    from ui.app import open_db
    from ui.main_window import MainWindow
    from ui.screens.registry import SCREENS

    app = QApplication(sys.argv[:1])
    settings = QSettings(str(common.CACHE / "gui-bench.ini"), QSettings.Format.IniFormat)
    settings.clear()
    db = open_db(path, False)
    window = MainWindow(db, open_db, settings)
    window.warm_up.freeze_gc = True  # as run_app sets it
    window.resize(1400, 900)
    window.show()
    settle(app)
    beat = Heartbeat()
    results: list[tuple[str, float, float]] = []

    def measure(name: str, action: Callable[[], None], runs: int = RUNS, until=None) -> None:  # type: ignore[no-untyped-def]
        walls, blocks = [], []
        for _ in range(runs):
            beat.start()
            t0 = time.perf_counter()
            action()
            settle(app, until)
            if not window.stack.updatesEnabled():
                # A first visit paints the new screen once Qt's own zero timers have run
                # (MainWindow._show_page): the figure runs to that paint, however late.
                settle(app, window.stack.updatesEnabled)
            walls.append(time.perf_counter() - t0)
            blocks.append(beat.stop())
            # Work an earlier action sent to a thread (a report loading) must not run on
            # into the next action's figures: wait for it here, outside the timing.
            settle(app, lambda: not any(s.settling() for s in window.pages.values()))
            QThreadPool.globalInstance().waitForDone()
            settle(app)
        wall, block = common.median(walls) * 1000, max(blocks) * 1000
        results.append((name, wall, block))
        worst = max(wall, block)
        print(
            f"{name:<44} {wall:7.1f} ms   blocked {block:7.1f} ms   "
            f"{common.verdict(worst, TARGET_MS)}",
            flush=True,
        )

    # Once the first screen shows its data the window imports the other screens' modules,
    # one per idle tick; a person looks at the first screen for longer than that takes.
    # The figure is the longest tick (what a click during the warm-up may wait).
    beat.start()
    began = time.perf_counter()
    settle(app, until=lambda: window.warm_up.done)
    warm_wall, warm_block = (time.perf_counter() - began) * 1000, beat.stop() * 1000
    longest = window.warm_up.longest * 1000
    results.append(("warm-up: longest idle step", longest, warm_block))
    print(
        f"{'warm-up: longest idle step':<44} {longest:7.1f} ms   blocked {warm_block:7.1f} ms   "
        f"{common.verdict(max(longest, warm_block), TARGET_MS)}  (all {warm_wall:.0f} ms; "
        f"longest: {window.warm_up.longest_module})",
        flush=True,
    )
    keys = [entry.key for entry in SCREENS]
    for key in keys:  # the first visit: build and fill
        other = keys[0] if key != keys[0] else keys[1]
        measure(f"{key}: open (first visit)", lambda key=key: window.show_page(key), runs=1)
        window.show_page(other)
        settle(app)
    for key in keys:
        # the Now screen's weeks, pages and list follow its holders' frame: counted too
        screen = window.pages[key]
        measure(
            f"{key}: refresh",
            lambda key=key: (window.show_page(key), window.refresh_all()),
            until=lambda screen=screen: not getattr(screen, "rest_due", False),
        )
    for key in keys:

        def revisit(key: str = key) -> None:
            window.show_page(keys[0] if key != keys[0] else keys[1])
            window.show_page(key)

        measure(f"{key}: switch to it (nothing changed)", revisit)

    volunteers = window.pages["volunteers"]
    window.show_page("volunteers")
    settle(app)
    orders = [Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder]
    state = {"n": 0}

    def sort_volunteers() -> None:
        state["n"] += 1
        volunteers.table.sortByColumn(state["n"] % 7, orders[state["n"] % 2])

    measure("volunteers: sort by a column", sort_volunteers)

    def type_search() -> None:
        volunteers.search.setText("v01" if volunteers.search.text() != "v01" else "")

    measure("volunteers: filter (search text)", type_search)
    volunteers.search.setText("")
    rest = window.pages["rest"]
    window.show_page("rest")
    settle(app)
    from PySide6.QtWidgets import QTableView

    rest_tables = rest.findChildren(QTableView)

    def sort_rest() -> None:
        state["n"] += 1
        for table in rest_tables:
            table.sortByColumn(state["n"] % 3, orders[state["n"] % 2])

    measure("rest: sort every table", sort_rest)

    # The audit log (2,000 entries a year): read a page at a time, filtered in SQL.
    audit = window.pages["audit"]
    window.show_page("audit")
    settle(app)

    def search_audit() -> None:
        audit.search.setText("v01" if audit.search.text() != "v01" else "")

    measure("audit: filter (search text)", search_audit)
    audit.search.setText("")
    settle(app)

    def sort_audit() -> None:
        state["n"] += 1
        audit.table.sortByColumn(1 + state["n"] % 5, orders[state["n"] % 2])

    measure("audit: sort by a column", sort_audit)
    audit.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    settle(app)
    measure("audit: scroll to the end (next page read)", audit.table.scrollToBottom)

    # The page log: read a page at a time, searched and sorted in SQL.
    pages_screen = window.pages["pages"]
    window.show_page("pages")
    settle(app)
    for label, needle in (("search text", "v01"), ("search a time", "03:15")):

        def search_pages(needle: str = needle) -> None:
            pages_screen.search.setText(needle if pages_screen.search.text() != needle else "")

        measure(f"pages: filter ({label})", search_pages)
        pages_screen.search.setText("")
        settle(app)

    def sort_pages() -> None:
        state["n"] += 1
        pages_screen.table.sortByColumn(state["n"] % 8, orders[state["n"] % 2])

    measure("pages: sort by a column", sort_pages)

    def sort_pages_by_name() -> None:
        state["n"] += 1
        pages_screen.table.sortByColumn(1, orders[state["n"] % 2])

    measure("pages: sort by name", sort_pages_by_name)

    # Dialogs: from the action to the dialog on screen (exec shows it; we close it there).
    shown: dict[str, float] = {}

    def quick_exec(dialog: QDialog) -> int:
        dialog.show()
        app.processEvents()
        shown["at"] = time.perf_counter()
        dialog.close()
        return int(QDialog.DialogCode.Rejected)

    QDialog.exec = quick_exec  # type: ignore[method-assign]
    window.show_page("volunteers")
    settle(app)
    measure("dialog: Edit > Settings", window.settings_action.trigger)
    measure("dialog: Add volunteer", volunteers.add_button.click)
    measure("dialog: Print rota (options)", window.output_actions.preview_action.trigger)
    measure("dialog: Export calendar", window.output_actions.ics_action.trigger)

    over = [r for r in results if max(r[1], r[2]) > TARGET_MS]
    print(
        f"{len(results) - len(over)} of {len(results)} actions within {TARGET_MS:g} ms"
        + (f"; over: {', '.join(r[0] for r in over)}" if over else "")
    )
    db.close()


if __name__ == "__main__":
    main()

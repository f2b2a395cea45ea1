"""Benchmark: process start → main window painted, and → the first screen's data on screen.

Against the yardstick of a bare PySide6 script showing an empty QMainWindow, in the same
run: 7 runs of each, interleaved, medians. Targets: window painted ≤ 1.5× the bare window,
first data ≤ 6×. On the large database (bench/payroll.py's builder). Prints figures;
asserts nothing.

    .venv/bin/python bench/startup.py [--runs 7] [--volunteers 300] [--years 10]

Each run is a new process started the way ``planner`` starts (``ui.cli.main`` with no
command); a probe in that process records the wall-clock time of the window's first paint,
of the first paint of the first screen after it was filled (who is on call), and of the
window's frame once the Now screen's later rows (weeks, pages, the coordinator's list)
are in (printed without a target), then exits.

The probe watches the first paint with an event filter on the main window itself, put there
as the window is shown, in both scripts alike. An application-wide Python event filter
would see every event of every object, private Qt objects included (the gesture manager a
list view makes): PySide then builds every Qt class it has, some 130 enum types (making a
QListWidget took 35 ms of CPU instead of 0.3), which the app does not do before it paints.
The data mark needs every widget's paints: that filter goes on the application once the
window has painted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

WINDOW_TARGET, DATA_TARGET = 1.5, 6.0


def _probe_bare() -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                print(f"painted {time.time()!r}", flush=True)
                os._exit(0)
            return False

    probe = FirstPaint()
    window.installEventFilter(probe)
    window.resize(1200, 760)
    window.show()
    app.exec()


def _probe_app(db: str) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])  # run_app uses the running application
    marks: dict[str, float] = {}

    class Probe(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802
            if "rest" in marks and event.type() == QEvent.Type.UpdateRequest:
                QTimer.singleShot(0, _whole)  # once the frame this request draws is drawn
                return False
            if event.type() != QEvent.Type.Paint:
                return False
            now = time.time()
            if "painted" not in marks:
                marks["painted"] = now
                window = obj.window()
                window.screen_filled.connect(lambda _key: marks.setdefault("filled", time.time()))
                window.removeEventFilter(self)
                app.installEventFilter(self)  # the data shows in the screen's own widgets
            elif "filled" in marks and "data" not in marks and _in_screen(obj):
                marks["data"] = now  # the screen's paint, data in
                app.removeEventFilter(self)
                window = obj.window()
                rest_drawn.timeout.connect(lambda: _watch_rest(window))
                rest_drawn.start()
            return False

    def _whole() -> None:  # the window's next frame after the later rows came, drawn
        print(f"painted {marks['painted']!r} data {marks['data']!r} whole {time.time()!r}")
        sys.stdout.flush()
        os._exit(0)

    def _watch_rest(window) -> None:  # type: ignore[no-untyped-def]
        """The Now screen's later rows (weeks, pages, the coordinator's list) are in."""
        if not getattr(window.stack.currentWidget(), "rest_due", False):
            rest_drawn.stop()
            marks["rest"] = time.time()
            window.installEventFilter(probe)

    rest_drawn = QTimer()
    rest_drawn.setInterval(1)

    def _in_screen(obj) -> bool:  # type: ignore[no-untyped-def]
        """A widget of the screen shown (a new screen paints a tick after the window's
        other parts: MainWindow._show_page)."""
        stack = getattr(obj.window(), "stack", None) if isinstance(obj, QWidget) else None
        screen = stack.currentWidget() if stack is not None else None
        return screen is not None and (obj is screen or screen.isAncestorOf(obj))

    probe = Probe()
    from ui.main_window import MainWindow

    show = MainWindow.show

    def show_watched(window: MainWindow) -> None:  # as run_app shows it
        window.installEventFilter(probe)
        show(window)

    MainWindow.show = show_watched  # type: ignore[method-assign]
    from ui.cli import main

    main(["--db", db])


def run_once(kind: str, db: Path) -> dict[str, float]:
    args = [sys.executable, __file__, "--probe", kind, str(db)]
    start = time.time()
    out = subprocess.run(
        args, cwd=common.ROOT, env=common.child_env(), capture_output=True, text=True, timeout=120
    )
    words = out.stdout.split()
    if not words:
        raise SystemExit(f"probe {kind} failed:\n{out.stderr}")
    values = dict(zip(words[::2], (float(w) for w in words[1::2]), strict=True))
    return {k: v - start for k, v in values.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    common.add_size_options(parser)
    parser.add_argument("--probe", nargs=2, metavar=("KIND", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        kind, db = args.probe
        _probe_bare() if kind == "bare" else _probe_app(db)
        return
    print(f"machine: {common.machine()}")
    db = common.large_database(args.volunteers, args.years)
    print(f"database: {args.volunteers} volunteers, {args.years} years ({db})")
    run_once("bare", db), run_once("app", db)  # warm-up: bytecode cache, file cache
    bare, painted, data, whole = [], [], [], []
    for _ in range(args.runs):
        bare.append(run_once("bare", db)["painted"])
        app = run_once("app", db)
        painted.append(app["painted"])
        data.append(app["data"])
        whole.append(app["whole"])
    b, p, d = common.median(bare), common.median(painted), common.median(data)
    w = common.median(whole)
    print(f"bare QMainWindow painted       {b:6.3f} s   (median of {args.runs})")
    print(
        f"app: main window painted       {p:6.3f} s   {p / b:5.2f}x bare "
        f"(target <= {WINDOW_TARGET}x) {common.verdict(p / b, WINDOW_TARGET)}"
    )
    print(
        f"app: first screen's data shown {d:6.3f} s   {d / b:5.2f}x bare "
        f"(target <= {DATA_TARGET}x) {common.verdict(d / b, DATA_TARGET)}"
    )
    print(
        f"app: the whole first screen drawn {w:6.3f} s   {w / b:5.2f}x bare (its later rows; no target)"
    )


if __name__ == "__main__":
    main()

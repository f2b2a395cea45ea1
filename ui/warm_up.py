"""Warm-up: once the first screen shows its data, the other screens' modules are imported
while the window is idle, so a later first visit only builds and fills its screen.

One module per tick of the event loop: a screen's larger imports each on a tick of their
own, then the screen module, so a tick is a few milliseconds (with compiled bytecode, as
installed) and a click or a paint waits at most that long; the visit itself would have
paid it all at once. Modules already imported are skipped.

Each step is a timer due a millisecond after the previous one ended, not a zero timer:
the event loop then handles whatever became ready during a step (a click, a paint, a
timer) before the next step. A zero timer is ready at once, and the loop ran it in the
same pass as those, so two steps could run back to back before a click was seen.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("planner")

# The larger modules a screen imports, each a step of its own before the screen (a step
# is then one module's own code, a few milliseconds; a name here that no longer exists is
# skipped, and the screen's import brings whatever this list misses).
SPLIT_STEPS: dict[str, tuple[str, ...]] = {
    "volunteers_screen": (
        "dateutil.relativedelta",
        "dateutil.tz",
        "dateutil.parser",
        "planner.people.volunteers",
        "planner.people.intake",
        "ui.volunteer_form_dialog",
        "ui.status_dialog",
        "ui.import_wizard",
    ),
    "tours_screen": (
        "planner.people.stagger",
        "planner.people.timeline",
        "planner.people.forecast",
        "ui.tour_timeline_view",
    ),
    "rota_screen": (
        "planner.rota.eligibility",
        "planner.rota.allocation_solver.problem",
        "planner.rota.allocation_solver",
        "planner.rota.fairness",
        "planner.rota.weeks",
        "planner.rota.allocation",
        "planner.rota.covers",
        "ui.zoned_time",
        "ui.models.rota_table_model",
        "ui.rota_dialogs",
    ),
    "pay_screen": (
        "babel.numbers",
        "planner.core.money",
        "planner.pay.lines",
        "planner.pay.rest",
        "planner.pay.runs",
        "planner.pay.export",
        "planner.pay.rule_effects",
        "ui.fees_dialog",
    ),
    "rest_screen": ("planner.pay.pages",),
    "reports_screen": (
        "planner.outputs.calendar",
        "planner.outputs.report",
        "ui.printing.page_setup",
        "ui.printing.report_pages",
        "ui.printing.print_dialogs",
    ),
}
# Screens whose module has ``prepare_reads(db)``: run as a step of its own once the module
# is in (``MainWindow``), it runs the screen's reads once so their SQL is compiled.
PREPARE_READS = ("rota_screen", "pay_screen")
# Opened from the menus rather than a screen: the dialogs a coordinator opens most.
DIALOG_MODULES = ("planner.core.settings_service", "ui.settings_dialog")


def warm_up_modules(screen_modules: Iterable[str]) -> list[str]:
    """Every screen module (under ui.screens), its larger imports first, then the dialogs."""
    found: list[str] = []
    for module in screen_modules:
        found += [*SPLIT_STEPS.get(module, ()), f"ui.screens.{module}"]
    return found + list(DIALOG_MODULES)


# The wait between two steps, in milliseconds (see the module's docstring).
STEP_GAP_MS = 1


# A step: a module to import, or a callable to run (a screen's statements prepared).
Step = str | Callable[[], object]


class WarmUp(QObject):
    """Runs ``steps`` one per event-loop tick, in order: imports each module named (one
    already imported is skipped) and calls each callable."""

    finished = Signal()

    def __init__(self, steps: Iterable[Step], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending = [s for s in steps if not isinstance(s, str) or s not in sys.modules]
        self.running = False
        self.done = False
        self.longest = 0.0  # the longest step, in seconds (bench/gui.py prints it)
        self.longest_module = ""
        # Python's cyclic collector walks every object it tracks in a full collection:
        # ~150,000 once the first screen shows (modules, the window, its data), 90-250 ms
        # whenever an allocation tips it, in the middle of any click. ``gc.freeze()`` puts
        # what exists then out of its walk (it lives as long as the app anyway). The app
        # (run_app) freezes when the warm-up starts and when it ends; tests, building
        # hundreds of windows in one process, leave it off.
        self.freeze_gc = False

    def start(self) -> None:
        if not self.running and not self.done:
            self.running = True
            QTimer.singleShot(0, self, self._first_step)

    def _first_step(self) -> None:
        if self.freeze_gc:
            gc.freeze()  # what start-up made, the first screen's data included
        self._step()

    def _step(self) -> None:
        while self._pending and isinstance(self._pending[0], str):
            if self._pending[0] not in sys.modules:
                break
            self._pending.pop(0)  # a visit imported it meanwhile
        if not self._pending:
            self.running, self.done = False, True
            if self.freeze_gc:
                gc.freeze()  # the modules just imported too
            self.finished.emit()
            return
        began = time.perf_counter()
        step = self._pending.pop(0)
        name = step if isinstance(step, str) else getattr(step, "__qualname__", repr(step))
        try:
            if isinstance(step, str):
                importlib.import_module(step)
            else:
                step()
        except ImportError:  # renamed or gone: the screen's own import brings what it needs
            log.debug("warm-up: no module %s", name)
        except Exception:  # a warm-up never fails the app: the visit does it again
            log.exception("warm-up step %s failed", name)
        took = time.perf_counter() - began
        if took > self.longest:
            self.longest, self.longest_module = took, name
        QTimer.singleShot(STEP_GAP_MS, self, self._step)

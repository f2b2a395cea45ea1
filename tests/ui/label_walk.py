"""Walk every screen and every dialog of the app and name each word-wrapped label whose
lines do not fit in the height it was given (its last line cut off).

Run in a process of its own (the scale factor is read once per process)::

    QT_SCALE_FACTOR=2 LANG=de_DE.UTF-8 python -m tests.ui.label_walk DEMO.db

It prints one line per clipped label (nothing when every line shows) and exits 0.
tests/ui/test_wrapped_labels_fit.py runs it at 200 % under C and de_DE on a 960×540 screen
(a 1920×1080 screen at 200 %); with ``--shots DIR`` it also saves each window it checks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QWidget,
)
from shiboken6 import Shiboken


def settle() -> None:
    """Let the layouts settle: a wrapped label's new height changes its window's layout,
    which can change its width, and so on for a few rounds."""
    for _round in range(8):
        QApplication.processEvents()


def _scrolls(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _shown_height(label: QLabel) -> int:
    """The height of the label its ancestors leave uncovered, from its top down (a
    sibling laid over it, or a parent ending above its bottom, cuts it there)."""
    top = label.mapTo(label.window(), QPoint(0, 0)).y()
    bottom = top + label.height()
    parent = label.parentWidget()
    while parent is not None:
        parent_top = parent.mapTo(label.window(), QPoint(0, 0)).y() if not parent.isWindow() else 0
        bottom = min(bottom, parent_top + parent.height())
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return max(0, bottom - top)


def clipped_labels(root: QWidget, where: str, cut_by_parents: bool = True) -> list[str]:
    """The word-wrapped labels shown in ``root`` whose text needs more height, at the
    width each was given, than it has; and the word-wrapped lists that scroll sideways."""
    settle()
    found = []
    for label in root.findChildren(QLabel):
        if not label.wordWrap() or not label.text() or not label.isVisibleTo(root):
            continue
        need = label.heightForWidth(label.width())
        # what its window shows of it: a group box or a form squeezed below its minimum
        # cuts a label that has the height it needs (in a scroll area, it scrolls)
        scrolls = _scrolls(label, root) or not cut_by_parents
        shown = label.height() if scrolls else _shown_height(label)
        if need > min(label.height(), shown):
            text = " ".join(label.text().split())
            found.append(
                f"{where}: {label.objectName() or type(label.parentWidget()).__name__}"
                f" label {text[:60]!r} is {label.width()}×{label.height()}, shows {shown},"
                f" its lines need {need}"
            )
    for view in root.findChildren(QListView):
        if view.wordWrap() and view.isVisibleTo(root) and view.horizontalScrollBar().isVisible():
            found.append(f"{where}: list {view.accessibleName()!r} shows a horizontal scrollbar")
    return found


LONG = (
    "Refused: row 3, field 'Fee per shift', value '12,345' is not an amount in EUR; nothing"
    " was changed. Type it as 123.45 or 123,45 and the effect on the open pay runs shows here."
)


class Walk:
    def __init__(self, shots: Path | None) -> None:
        self.found: list[str] = []
        self.seen: list[str] = []
        self.shots = shots

    def check(self, window: QWidget, where: str) -> None:
        """As shown, then made as small as it lets itself be (a small screen, a user's drag)."""
        settle()
        self._shot(window, where)
        self.found += clipped_labels(window, where)
        size = window.size()
        window.resize(1, 1)  # the window's minimum size stops it
        settle()
        self._shot(window, f"{where} (smallest)")
        # the main window at its very smallest squeezes a screen's panels (they are cut
        # there, whole labels and all): only each label's own height counts
        squeezed = window.isWindow() and not isinstance(window, QDialog)
        self.found += clipped_labels(window, f"{where} (smallest)", not squeezed)
        window.resize(size)
        QApplication.processEvents()

    def check_long_lines(self, window: QWidget, where: str, within: QWidget | None = None) -> None:
        """What its refusals, errors, effects and notes could say: a long line in every
        wrapped label of ours shown (or hidden until there is something to say)."""
        within = within or window
        for label in within.findChildren(QLabel):
            holder = label.parentWidget()
            ours = Shiboken.createdByPython(label)  # not Qt's own (a wizard's subtitle)
            if ours and label.wordWrap() and (holder is within or holder.isVisibleTo(within)):
                label.setText(LONG)
                label.show()
        self.check(window, f"{where} (long lines)")

    def _shot(self, window: QWidget, where: str) -> None:
        if self.shots is not None:
            name = "".join(c if c.isalnum() else "-" for c in where).strip("-")
            window.grab().save(str(self.shots / f"{len(self.seen):02d}-{name}.png"))

    def dialog_exec(self, dialog: QDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        where = dialog.windowTitle() or type(dialog).__name__
        self.seen.append(where)
        self.check(dialog, where)
        self.check_long_lines(dialog, where)
        dialog.reject()
        return int(QDialog.DialogCode.Rejected)


def _no_one_waits(walk: Walk) -> None:
    """Every dialog that would be shown is checked instead, then cancelled; questions are
    answered No and file choosers cancelled."""
    no = QMessageBox.StandardButton.No
    QDialog.exec = lambda dialog: walk.dialog_exec(dialog)  # type: ignore[method-assign]
    for name in ("question", "warning", "information", "critical"):
        setattr(QMessageBox, name, staticmethod(lambda *a, **k: no))
    QMessageBox.about = staticmethod(lambda *a, **k: None)  # type: ignore[method-assign]
    for name in ("getSaveFileName", "getOpenFileName"):
        setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: "")  # type: ignore[method-assign]
    QInputDialog.getInt = staticmethod(lambda *a, **k: (0, False))  # type: ignore[method-assign]


def walk(db_path: Path, shots: Path | None) -> Walk:
    from datetime import UTC, datetime

    from planner.core.db import open_database
    from planner.people import stagger
    from tests.ui.screen_dialogs import open_screens_dialogs
    from ui.help_dialog import show_guide
    from ui.main_window import MainWindow
    from ui.tour_plan_dialog import TourPlanDialog
    from ui.welcome_dialog import WelcomeDialog

    result = Walk(shots)
    _no_one_waits(result)
    database = open_database(db_path)
    window = MainWindow(database, lambda path, create: open_database(path, create=create))
    window.resize(1024, 640)
    window.show()
    for key in window.pages:
        window.show_page(key)
        result.check(window, key)
    for key in window.pages:  # then with long lines, which the next refresh puts right
        window.show_page(key)
        result.check_long_lines(window, key, window.pages[key])

    opened: list[Callable[[], object]] = [
        window.backups_action.trigger,
        window.settings_action.trigger,
        window.rules_action.trigger,
    ]
    for run in opened:
        run()
    guide = show_guide(window)
    result.check(guide, "The weekly routine")
    guide.close()

    now = datetime.now(UTC)
    open_screens_dialogs(window, lambda cell: cell.slot_start > now)  # a shift to come

    WelcomeDialog(window).exec()
    with database.session() as session:
        plan = stagger.propose(session, now.date())
    proposal = TourPlanDialog(lambda: database, plan, window.pages["tours"])
    proposal.show()
    result.check(proposal, proposal.windowTitle())
    proposal.close()
    return result


def main(argv: list[str]) -> int:
    app = QApplication([])
    shots = Path(argv[argv.index("--shots") + 1]) if "--shots" in argv else None
    result = walk(Path(argv[0]), shots)
    print(f"seen {len(result.seen)} dialogs: {', '.join(result.seen)}", file=sys.stderr)
    for line in result.found:
        print(line)
    app.closeAllWindows()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

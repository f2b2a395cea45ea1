"""Every control reachable by keyboard in reading order, with a name a screen reader says:
on every screen, and in every dialog the menus and the screens' buttons open.

For each one: every input (line edits, combo boxes, spin and date boxes, check boxes,
buttons, tables and lists) has an accessible name and takes the focus by Tab; pressing Tab
from the first control visits every enabled control once, top to bottom and left to right
(a part never goes back up above the one before it, unless it starts a column to its
right), and comes back round to the first (no table or text box keeps the keyboard).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from tests.ui.screen_dialogs import open_screens_dialogs
from ui.accessibility import INPUTS, apply_reading_order, inner_part, position

NAMED = INPUTS
STEPPED = (QDateTimeEdit, QLabel, QTextBrowser)  # Tab steps through their parts first


def _owner(widget: QWidget | None) -> QWidget | None:
    """The control that has the keyboard when a part of it (a spin box's line edit) has."""
    while widget is not None and widget.parentWidget() is not None:
        parent = widget.parentWidget()
        if inner_part(widget) or isinstance(parent, QAbstractSpinBox | QComboBox):
            widget = parent
        elif isinstance(parent.parentWidget(), QAbstractItemView) and not isinstance(
            widget, QAbstractItemView
        ):
            widget = parent.parentWidget()  # a view's viewport
        else:
            break
    return widget


def _rect(widget: QWidget, root: QWidget) -> QRect:
    return QRect(position(widget, root), widget.size())


def problems_of(root: QWidget, where: str) -> list[str]:
    """What is wrong with ``root``'s keyboard habits (empty: nothing)."""
    QApplication.processEvents()
    order = apply_reading_order(root)
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, NAMED) or inner_part(widget) or not widget.isVisibleTo(root):
            continue
        label = f"{where}: {type(widget).__name__} {widget.accessibleName()!r}"
        if not widget.accessibleName():
            found.append(f"{label} has no accessible name")
        if widget not in order:
            found.append(f"{label} is not reached by Tab")
    # reading order: each control below the one before, or on its row to the right, or at
    # the top of a column to its right
    for first, second in zip(order, order[1:], strict=False):
        a, b = _rect(first, root), _rect(second, root)
        if b.bottom() < a.top() and b.left() < a.right() - 4:
            found.append(
                f"{where}: Tab goes back up from {first.accessibleName() or type(first).__name__}"
                f" to {second.accessibleName() or type(second).__name__}"
            )
    # a tab widget hands the focus to its tab bar
    enabled = [w for w in order if w.isEnabled() and not isinstance(w, QTabWidget)]
    if not enabled:
        return found
    window = root.window()
    window.activateWindow()
    enabled[0].setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    visited: list[QWidget] = []
    stays = 0
    for _step in range(4 * len(enabled) + 10):
        current = _owner(QApplication.focusWidget())
        if current is None or not root.isAncestorOf(current):
            break
        if visited and current is visited[0] and current is not visited[-1]:
            break  # round to the first again
        if visited and current is visited[-1]:
            # a date box's day, month and year, a label's links: Tab goes through, then on
            stays += 1
            if not isinstance(current, STEPPED) or stays > 8:
                found.append(f"{where}: Tab stays in {current.accessibleName()!r}")
                break
        else:
            stays = 0
            visited.append(current)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    expected = [w.accessibleName() or type(w).__name__ for w in enabled]
    got = [w.accessibleName() or type(w).__name__ for w in visited]
    if got != expected:
        found.append(f"{where}: Tab visits {got}, reading order is {expected}")
    return found


def test_every_screen_is_in_reading_order_with_names(main_window) -> None:
    found: list[str] = []
    for key in main_window.pages:
        main_window.show_page(key)
        found += problems_of(main_window.pages[key], key)
    assert found == [], "\n".join(found)


@dataclass
class Visits:
    problems: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # the dialogs' titles


@pytest.fixture
def dialogs(monkeypatch) -> Visits:  # type: ignore[no-untyped-def]
    """Every dialog that would be shown is checked instead (then cancelled); questions are
    answered No and file choosers cancelled, so nothing waits for a person."""
    visits = Visits()
    found, seen = visits.problems, visits.seen

    def check(dialog: QDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        seen.append(dialog.windowTitle())
        found.extend(problems_of(dialog, dialog.windowTitle() or type(dialog).__name__))
        dialog.reject()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", check)
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
        )
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))
    for name in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (0, False)))
    return visits


def test_every_dialog_is_in_reading_order_with_names(main_window, dialogs) -> None:
    window = main_window
    opened: list[Callable[[], object]] = [
        window.backups_action.trigger,
        window.settings_action.trigger,
        window.rules_action.trigger,
        window.output_actions.preview_action.trigger,
        window.output_actions.pdf_action.trigger,
        window.output_actions.ics_action.trigger,
    ]
    for run in opened:
        run()
    guide = __import__("ui.help_dialog", fromlist=["show_guide"]).show_guide(window)
    dialogs.problems.extend(problems_of(guide, "The weekly routine"))
    guide.close()

    open_screens_dialogs(window, lambda cell: cell.state != "worked")

    for title in ("Settings", "Fees", "Log a page", "Import volunteers"):
        assert title in dialogs.seen
    assert len(dialogs.seen) >= 20, dialogs.seen
    assert dialogs.problems == [], "\n".join(dialogs.problems)


def test_the_swap_welcome_tour_plan_and_print_preview_dialogs_too(
    main_window, demo_db, dialogs, qtbot
) -> None:
    """Dialogs opened otherwise than by a plain exec from a menu or a button: the Swap
    dialog (only for a shift that has not started), the Welcome dialog (an empty
    database), the proposal of the tours planner (not modal, shown) and the print preview
    (shown once its pages were prepared in a worker)."""
    from datetime import UTC, datetime

    from planner.people import stagger
    from ui.printing.print_dialogs import make_preview
    from ui.tour_plan_dialog import TourPlanDialog
    from ui.welcome_dialog import WelcomeDialog

    window = main_window
    window.show_page("rota")
    rota = window.pages["rota"]
    now = datetime.now(UTC)
    row, column = next(
        (r, c)
        for r in range(rota.model.rowCount())
        for c in range(1, rota.model.columnCount())
        if (cell := rota.model.cell(r, c)) is not None
        and cell.slot_start > now
        and cell.volunteer_id is not None
    )
    rota.table.setCurrentIndex(rota.model.index(row, column))
    rota.swap_button.click()
    assert "Swap shifts" in dialogs.seen

    welcome = WelcomeDialog(window)
    welcome.exec()

    with demo_db.session() as session:
        plan = stagger.propose(session, now.date())
    proposal = TourPlanDialog(lambda: demo_db, plan, window.pages["tours"])
    qtbot.addWidget(proposal)
    proposal.show()
    qtbot.waitExposed(proposal)
    dialogs.problems.extend(problems_of(proposal, proposal.windowTitle()))
    proposal.close()

    preview = make_preview(window, True, lambda device: 1, "on-call rota")
    preview.exec()
    assert dialogs.seen[-2:] == ["Welcome to On-call Tour Planner", preview.windowTitle()]
    assert dialogs.problems == [], "\n".join(dialogs.problems)

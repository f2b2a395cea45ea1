"""The tour planner's proposal, shown for acceptance: nothing is written until Accept.

The dialog is not modal: the proposal is hatched on the Tours timeline, which stays
scrollable while the coordinator reads both.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.people import stagger
from planner.people.stagger import Plan
from ui import palette, user_locale
from ui.edits import edits_for
from ui.models.tour_plan_table_model import TourPlanTableModel
from ui.screens.base import DatabaseGetter
from ui.wrapped_label import WrappedLabel


class TourPlanDialog(QDialog):
    def __init__(self, get_db: DatabaseGetter, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.plan = plan
        self.created = 0
        self.setWindowTitle("Proposed tours")
        self.setModal(False)
        self.resize(760, 300)
        layout = QVBoxLayout(self)
        if plan.proposals:
            intro = (
                f"<b>{len(plan.proposals)} tour(s) proposed</b>, staggered by the team-size "
                "band, the joins and leaves per month and the experienced-member rule. "
                "They are hatched on the timeline, which you can scroll while this "
                "window is open; move it aside if it is in the way."
            )
        else:
            intro = "<b>No tours to propose.</b> Every approved volunteer has a tour."
        label = WrappedLabel(intro)
        layout.addWidget(label)
        self.model = TourPlanTableModel(self)
        self.model.set_rows(plan.proposals)
        table = QTableView()
        table.setAccessibleName("Proposed tours")
        table.setModel(self.model)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table, 1)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Needs your attention")
        for unplaced in plan.unplaced:
            self.problems.addItem(f"Not placed: {unplaced.name} — {unplaced.reason}")
        for breach in plan.breaches:
            self.problems.addItem(f"Still broken: {breach.message}")
        if self.problems.count():
            attention = QLabel("<b>Needs your attention</b>")
            palette.ink(attention, "error")  # follows a switch to dark while the dialog is open
            layout.addWidget(attention)
            self.problems.setMaximumHeight(120)
            layout.addWidget(self.problems)
        self.error = QLabel()
        palette.ink(self.error, "error")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = self.buttons.addButton(
            "Accept tours", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setEnabled(bool(plan.proposals))
        self.buttons.accepted.connect(self.accept_plan)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept_plan(self) -> None:
        try:
            plan, locale = self.plan, user_locale.name()
            self.created = len(
                edits_for(self, self.get_db).run(
                    f"{len(plan.proposals)} tour(s) planned",
                    lambda session: stagger.accept(session, plan, locale),
                )
            )
        except PlannerError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

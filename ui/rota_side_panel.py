"""Beside the rota: the fairness score, each volunteer's load, the warnings, the legend."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.rota.allocation import Plan
from planner.rota.eligibility import rule_of
from planner.rota.fairness import balance_text
from planner.rota.shifts import GAP_RULE
from planner.rota.weeks import RotaRow
from ui import palette, user_locale
from ui.headings import bold_label
from ui.models.rota_table_model import tint
from ui.rule_tips import LEGEND, rule_tip
from ui.wrapped_label import WrappedLabel
from ui.wrapping_list import WrappingList


class RotaSidePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score_label = WrappedLabel()
        self.score_label.setTextFormat(Qt.TextFormat.RichText)
        self.loads = QTableWidget(0, 5)
        self.loads.setHorizontalHeaderLabels(["Volunteer", "Rotation", "Shifts", "Fair", "Tour"])
        self.loads.verticalHeader().hide()
        self.loads.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.loads.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.loads.horizontalHeader()
        # The columns are fitted once the rows are in (show_plan), not measured again at
        # every layout as ResizeToContents does; the name takes the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.loads.setToolTip(
            "Shifts in the range; Fair: the range's slots shared in proportion to the weeks "
            "each volunteer can hold one; Tour: shifts in the whole tour against its target"
        )
        self.warnings = WrappingList()
        self.warnings.setAccessibleName("Warnings")
        self._shown: tuple[Plan, bool, tuple[RotaRow, ...], int] | None = None
        self.legend = WrappedLabel()  # wraps: never widens the panel past the rota grid
        self.legend.setProperty(LEGEND, True)  # site colours, not warnings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bold_label("Fairness"))
        layout.addWidget(self.score_label)
        layout.addWidget(bold_label("Load per volunteer"))
        layout.addWidget(self.loads, 3)
        layout.addWidget(bold_label("Warnings"))
        layout.addWidget(self.warnings, 1)
        layout.addWidget(self.legend)

    def show_legend(self, sites: Sequence[tuple[str, str]]) -> None:
        swatches = "  ".join(
            f"<span style='background:{colour or palette.NEUTRAL_SITE}; "
            f"color:{palette.readable_on(palette.site_colour(colour)).name()}'>"
            f"&nbsp;{palette.site_letter(name)}&nbsp;</span> {name}"
            for name, colour in sites
        )
        self.legend.setText(
            f"Sites: {swatches}<br><i>Pale and italic: draft · strong colour: published · "
            "grey text: worked · red, “Uncovered”: nobody on call · red text: a broken rule</i>"
        )

    def show_plan(self, plan: Plan, proposal: bool, cells: Sequence[RotaRow]) -> None:
        """The score and loads of ``plan``; warnings: its uncovered slots and those of
        ``cells`` (the shown shifts a proposal does not replace)."""
        shown = (plan, proposal, tuple(cells), QGuiApplication.palette().cacheKey())
        if shown == self._shown:
            return  # a refresh that changed nothing (nor the palette): the tables stay
        self._shown = shown
        kind = "Proposal" if proposal else "Current rota"
        colour = palette.current().ok if plan.score.coverage >= 0.999 else palette.current().error
        extra = (
            f"<br>Solver: {plan.status}, {plan.seconds:.2f} s · {plan.moved} draft shift(s) move"
            if proposal
            else ""
        )
        short = plan.score.coverage < 0.999
        self.score_label.setToolTip(
            rule_tip(f"{plan.score.coverage:.0%} of the out-of-hours time has a holder", GAP_RULE)
            if short
            else ""
        )
        big = "font-size:15pt"
        self.score_label.setText(
            f"{kind}: <span style='color:{colour}; {big}'><b>{plan.score.coverage:.0%}</b>"
            f"</span> covered, <span style='{big}'><b>{balance_text(plan.score.balance)}</b></span>"
            f" balance{extra}"
        )
        loads = sorted(plan.loads, key=lambda x: (x.rotation, -x.shifts, x.name))
        self.loads.setRowCount(len(loads))
        for row, load in enumerate(loads):
            items = [
                QTableWidgetItem(load.name),  # the site is the colour (legend below)
                QTableWidgetItem(load.rotation),
                QTableWidgetItem(f"{load.shifts}"),
                QTableWidgetItem(f"{load.fair_share:.1f}"),
                QTableWidgetItem(f"{load.tour_shifts} of {load.target_min}–{load.target_max}"),
            ]
            items[0].setBackground(QBrush(tint(load.colour, 0.7)))
            items[0].setToolTip(f"{load.name} ({load.site})")
            if load.state != "on target":
                items[4].setForeground(QBrush(palette.qcolor("error")))
                items[4].setToolTip(rule_tip(f"{load.name}: {load.state}", load.rule))
            for column, item in enumerate(items):
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.loads.setItem(row, column, item)
        self.loads.resizeColumnsToContents()  # once, after filling: per cell is quadratic
        self.warnings.clear()
        to_plan = [t for t in plan.uncovered if "not planned yet" in t]
        found: list[tuple[str, str]] = []  # (warning, the rule it breaks)
        if to_plan:
            found.append((f"{len(to_plan)} slot(s) to plan: use “Plan range…”", GAP_RULE))
        for text in plan.uncovered:
            if text not in to_plan:
                found.append((f"Uncovered — {text}", GAP_RULE))
        for cell in cells:
            if cell.volunteer_id is not None:
                for w in cell.warnings:
                    week = user_locale.short_date(cell.week)
                    found.append((f"{cell.rotation}, week of {week}: {w}", rule_of(w)))
        for text, rule in found:
            entry = QListWidgetItem(text)
            entry.setToolTip(rule_tip(text, rule))
            entry.setForeground(QBrush(palette.qcolor("error")))
            self.warnings.addItem(entry)
        if self.warnings.count() == 0:
            self.warnings.addItem("No warnings")

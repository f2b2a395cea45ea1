"""The Tours screen: the staggered tours on a timeline, per rotation, with the team size
per month and every stagger rule breach; edit, end early, extend; plan new tours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.core import home
from planner.core.errors import PlannerError
from planner.people import stagger, tours
from planner.people.forecast import Forecast, forecast
from planner.people.timeline import Timeline, timeline
from planner.people.tours import TourRow
from ui import palette, user_locale
from ui.forecast_panel import ForecastPanel
from ui.rule_tips import LEGEND, rule_tip
from ui.screens.base import DatabaseGetter, Screen
from ui.table_menu import build_menu, install_row_menu
from ui.table_search import mark_search
from ui.tour_dates_dialog import TourDatesDialog
from ui.tour_plan_dialog import TourPlanDialog
from ui.tour_timeline_view import LABEL_W, MONTH_W, ROW_H, TourTimelineView
from ui.worker import Operation, failure_text
from ui.wrapping_list import WrappingList

if TYPE_CHECKING:
    from planner.core.db import Session


class ToursScreen(Screen):
    title = "Tours"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.today: date | None = None  # tests pin the date; None means the real today
        self.timeline: Timeline | None = None
        self.forecast: Forecast | None = None
        self.plan: stagger.Plan | None = None
        self.planning = False  # a proposal is being computed in the background
        self.plan_dialog: TourPlanDialog | None = None  # open while a proposal is reviewed
        self._proposed: list[stagger.Candidate] = []  # hatched on the timeline meanwhile

        self.plan_button = QPushButton("Plan tours…")
        self.plan_button.setToolTip(
            "Propose staggered start dates for approved volunteers without a tour"
        )
        self.plan_button.clicked.connect(self.plan_tours)
        self.edit_button = QPushButton("Edit dates…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.end_button = QPushButton("End early…")
        self.end_button.clicked.connect(self.end_selected_early)
        self.extend_button = QPushButton("Extend…")
        self.extend_button.clicked.connect(self.extend_selected)
        self.summary = QLabel()
        self.legend = QLabel()
        self.legend.setProperty(LEGEND, True)  # site colours, not warnings

        self.view = TourTimelineView()
        self.view.tourSelected.connect(self._selected)
        self.view.editRequested.connect(lambda tour_id: self.edit_tour(tour_id))
        self.view.moveRequested.connect(self.move_tour)
        self.view.menuRequested.connect(lambda _tour, where: self.tour_menu().exec(where))
        self.search = mark_search(QLineEdit(placeholderText="Find a volunteer's tour…"))
        self.search.setAccessibleName("Find a volunteer's tour")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)  # the whole hint shows
        self.search.setMaximumWidth(260)
        self.search.textChanged.connect(self.find_tour)
        self.search.returnPressed.connect(self.edit_selected)
        scroll = QScrollArea()
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.timeline_scroll = scroll
        # the name column is drawn frozen at the visible left edge: repaint on scroll
        scroll.horizontalScrollBar().valueChanged.connect(self.view.update)

        self.problems = WrappingList()  # a long line wraps: never a horizontal scrollbar
        self.problems.setAccessibleName("Stagger rules")
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(QLabel("<b>Stagger rules</b> (from today on)"))
        problems_layout.addWidget(self.problems, 1)
        self.forecast_panel = ForecastPanel()
        install_row_menu(self.forecast_panel.table, lambda: [self.plan_button])
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(problems_box)
        bottom.addWidget(self.forecast_panel)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 230])
        self._scrolled = False

        bar = QHBoxLayout()
        bar.addWidget(self.plan_button)
        bar.addSpacing(16)
        for button in (self.edit_button, self.end_button, self.extend_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.legend)
        # the verdict on its own line: a long one wraps instead of widening the window
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        verdict = QHBoxLayout()  # beside the verdict, which wraps: the tool bar stays narrow
        verdict.addWidget(self.summary, 1)
        verdict.addWidget(self.search)
        layout.addLayout(verdict)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    def reset(self) -> None:
        """Another database: no proposal under review, the timeline scrolled to today again."""
        if self.plan_dialog is not None:
            dialog, self.plan_dialog = self.plan_dialog, None
            dialog.finished.disconnect()
            dialog.close()
        self.plan = None
        self._proposed = []
        self._scrolled = False
        self.view.selected_tour = None
        self.summary.clear()
        self.problems.clear()
        self._update_buttons()

    def day(self, session: Any = None) -> date:
        """Today at the home site (not the computer's: at 06:30 on a Monday in Dublin a
        computer in San Francisco says Sunday), unless a test pinned it."""
        if self.today is not None:
            return self.today
        if session is not None:
            return home.home_today(session)
        with self.get_db().session() as fresh:
            return home.home_today(fresh)

    # -- data ---------------------------------------------------------------------------
    def refresh(self, extra: list[stagger.Candidate] | None = None) -> None:
        extra = self._proposed if extra is None else extra
        with self.get_db().session() as session:
            # the teams as they stand: read once for both, unless proposals are drawn too
            teams = None if extra else stagger.teams(session)
            self.timeline = timeline(session, self.day(), extra, teams, user_locale.name())
            sites = [(s.name, s.colour) for s in home.sites(session)]
            self.forecast = forecast(session, self.day(), teams=teams)
        self.forecast_panel.set_forecast(self.forecast)
        self.view.set_timeline(self.timeline)
        if not self._scrolled:
            QTimer.singleShot(0, self._scroll_to_today)
        self.legend.setText(
            "  ".join(f"{palette.site_chip(name, colour)} {name}" for name, colour in sites)
            + "  "
            + palette.span("today", "│")
            + " Today"
        )
        self.problems.clear()
        for lane in self.timeline.lanes:
            for month in sorted(lane.breach_months):
                for message in lane.breach_months[month]:
                    item = QListWidgetItem(f"⚠ {message}")
                    item.setToolTip(rule_tip(message, stagger.stagger_rule(message)))
                    item.setForeground(palette.qcolor("error"))
                    self.problems.addItem(item)
            if lane.runs_out:
                item = QListWidgetItem(
                    f"ℹ {lane.name}: with no more tours planned, the team falls below the "
                    f"band from {user_locale.short_date(lane.runs_out)} — recruit and plan "
                    "more volunteers."
                )
                item.setForeground(palette.qcolor("muted"))
                self.problems.addItem(item)
        forming = [lane.forming for lane in self.timeline.lanes if lane.forming]
        for state in forming:
            item = QListWidgetItem(f"⚠ {state.message}")
            item.setToolTip(rule_tip(state.message, stagger.BAND_RULE))
            item.setForeground(palette.qcolor("caution"))
            self.problems.insertItem(0, item)
        count = len(self.timeline.breaches)
        parts = [f"{count} stagger breach(es)"] if count else []
        parts += [f"below its band: {state.short}" for state in forming]
        rules = dict.fromkeys(
            [stagger.stagger_rule(m) for m in self.timeline.breaches]
            + [stagger.BAND_RULE for _state in forming]
        )
        self.summary.setToolTip(
            "\n".join(f"Rule: {rule}" for rule in rules) + "\n(each one listed below)"
            if parts
            else ""
        )
        if parts:
            self.summary.setText("⚠ " + " · ".join(parts))
            palette.ink(self.summary, "error" if count else "caution", " font-weight: bold;")
        else:
            self.summary.setText("✓ No stagger breach; every team in its band")
            palette.ink(self.summary, "ok", " font-weight: bold;")
        if not any(lane.bars for lane in self.timeline.lanes):
            self.problems.addItem(
                "No tours yet: approve volunteers on the Volunteers screen, then Plan tours."
            )
        self._update_buttons()

    def _scroll_to_today(self) -> None:
        """Open with today a few months in, so the recent past and the plan both show."""
        if self.timeline is None or not self.isVisible() or self._scrolled:
            return
        x = int(self.view.x_of(self.timeline.today))
        self.timeline_scroll.horizontalScrollBar().setValue(max(0, x - 190 - 4 * 62))
        self._scrolled = True

    def selected_tour(self) -> TourRow | None:
        tour_id = self.view.selected_tour
        if tour_id is None:
            return None
        with self.get_db().session() as session:
            for row in tours.list_tours(session, self.day(session)):
                if row.id == tour_id:
                    return row
        return None

    def _selected(self, tour_id: int) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.view.selected_tour is not None
        reviewing = self.plan_dialog is not None  # edits wait until the proposal is settled
        for button in (self.edit_button, self.end_button, self.extend_button):
            button.setEnabled(chosen and not reviewing)
        self.plan_button.setEnabled(not reviewing and not self.planning)

    def find_tour(self, text: str) -> bool:
        """Select and show the first tour whose volunteer's name holds ``text``."""
        where = self.view.find_tour(text)
        if where is None:
            return False
        self.timeline_scroll.ensureVisible(where.center().x(), where.center().y(), 200, 60)
        return True

    def tour_menu(self) -> QMenu:
        """The selected tour's actions (right-click a bar): the buttons' own."""
        return build_menu(
            self,
            [self.edit_button, self.end_button, self.extend_button, None, self.plan_button],
        )

    # -- editing ------------------------------------------------------------------------
    def edit_tour(self, tour_id: int, mode: str = TourDatesDialog.EDIT) -> None:
        if self.plan_dialog is not None:
            return  # accept or cancel the proposed tours first
        self.view.selected_tour = tour_id
        tour = self.selected_tour()
        if tour is None:
            return
        dialog = TourDatesDialog(self.get_db, tour, mode, self, self.day())
        if dialog.exec():
            self.refresh()

    def edit_selected(self) -> None:
        if self.view.selected_tour is not None:
            self.edit_tour(self.view.selected_tour)

    def end_selected_early(self) -> None:
        if self.view.selected_tour is not None:
            self.edit_tour(self.view.selected_tour, TourDatesDialog.END_EARLY)

    def extend_selected(self) -> None:
        tour = self.selected_tour()
        if tour is None:
            return
        months, ok = QInputDialog.getInt(
            self, "Extend tour", f"Extend the tour of {tour.name} by months:", 1, 1, 12
        )
        if ok:
            locale = user_locale.name()
            self._apply(
                lambda s: tours.extend(s, tour.id, months, locale=locale),
                "Tour not extended",
                f"extension of the tour of {tour.name}",
            )

    def move_tour(self, tour_id: int, start: date, end: date) -> None:
        """A dragged bar: the same checks as the edit dialog; refused moves snap back."""
        if self.plan_dialog is not None:
            self.refresh()  # no moves while the proposal is open: the bar snaps back
            return
        locale = user_locale.name()
        self._apply(
            lambda s: tours.change_dates(s, tour_id, start, end, locale=locale),
            "Tour not moved",
            f"move of a tour to {user_locale.day_month_year(start)}",
        )

    def _apply(self, change: Callable[[Session], object], title: str, name: str) -> None:
        """An edit, undoable as ``name``."""
        try:
            self.edits.run(name, change)
        except PlannerError as exc:
            QMessageBox.warning(self, title, str(exc))
        self.refresh()

    # -- planning -----------------------------------------------------------------------
    def plan_tours(self) -> None:
        self.planning = True
        self._update_buttons()
        self.summary.setText("Planning…")
        get_db, today, locale = self.get_db, self.day(), user_locale.name()

        def work() -> stagger.Plan:
            with get_db().session() as session:
                return stagger.propose(session, today, locale=locale)

        Operation(work).success(self.show_plan).failure(self._plan_failed).run_in_background()

    def _plan_failed(self, exc: Exception) -> None:
        self.planning = False
        self._update_buttons()
        QMessageBox.warning(self, "Tours not planned", failure_text(exc, "planning tours"))
        self.refresh()

    def show_plan(self, plan: stagger.Plan) -> None:
        """Show the proposal hatched on the timeline, scrolled into view, and ask for
        acceptance in a window that is not modal, so the timeline can still be scrolled."""
        self.plan = plan
        self.planning = False
        self._proposed = [stagger.Candidate(p.volunteer_id, p.start, p.end) for p in plan.proposals]
        dialog = TourPlanDialog(self.get_db, plan, self)
        dialog.finished.connect(self._plan_closed)
        self.plan_dialog = dialog
        self.refresh()
        self._scroll_to_proposal()
        window = self.window()
        corner = window.geometry().bottomRight()
        dialog.move(
            max(0, corner.x() - dialog.width() - 24), max(0, corner.y() - dialog.height() - 48)
        )
        dialog.show()

    def _scroll_to_proposal(self) -> None:
        """Bring the first hatched bar to the upper part of the timeline's view."""
        rects = self.view.proposed_rects()
        if not rects:
            return
        first = min(rects, key=lambda r: (r.top(), r.left()))
        hbar = self.timeline_scroll.horizontalScrollBar()
        vbar = self.timeline_scroll.verticalScrollBar()
        hbar.setValue(max(0, first.left() - LABEL_W - MONTH_W))
        vbar.setValue(max(0, first.top() - 2 * ROW_H))
        self._scrolled = True

    def _plan_closed(self, _result: int) -> None:
        self.plan_dialog = None
        self._proposed = []
        self.refresh()

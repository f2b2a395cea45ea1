"""The Rota screen: weeks × rotations with assignee, site colour, covers, state and warnings;
plan a range in the background, accept or discard the proposal, assign, cover, swap,
publish and re-open. The fairness score and each volunteer's load sit beside the grid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.core.home import home_calendar, home_today, rotations
from planner.core.models import Rotation, Volunteer
from planner.core.models.types import utc_now
from planner.core.out_of_hours import slots
from planner.rota import allocation, covers
from planner.rota.eligibility import range_context
from planner.rota.weeks import (
    CoverRow,
    PublishPreview,
    RotaRow,
    ensure_slots,
    legend_sites,
    list_rota,
    publish,
    publish_preview,
    reopen,
)
from ui import user_locale
from ui.elided_label import ElidedLabel
from ui.flow_layout import flow_row
from ui.models.rota_table_model import Proposed, RotaTableModel
from ui.qt_dates import from_qdate, to_qdate
from ui.rota_dialogs import AssignDialog, CoverDialog, SwapDialog
from ui.rota_month_view import RotaMonthView
from ui.rota_side_panel import RotaSidePanel
from ui.screens.base import DatabaseGetter, Screen
from ui.table_menu import install_row_menu
from ui.table_search import search_tabs
from ui.worker import Operation, failure_text
from ui.zoned_time import zone_name

if TYPE_CHECKING:
    from planner.core.db import Database, Session


def publish_question(preview: PublishPreview, start: date, weeks: int) -> str:
    """The question Publish asks: what it publishes, then every gap and rule break."""
    text = (
        f"Publish {preview.ready} draft shift(s) of the {weeks} week(s) from {user_locale.day_month_year(start)}?\n"
        "Re-planning never moves a published shift unless you re-open it."
    )
    if preview.uncovered:
        text += (
            f"\n\n{len(preview.uncovered)} UNCOVERED — nobody on call; they stay gaps, red and "
            "marked “Uncovered” on the rota, the printout and the team calendar:\n"
            + "\n".join(f"  • {gap}" for gap in preview.uncovered)
        )
    if preview.broken:
        text += f"\n\n{len(preview.broken)} rule break(s) would be published:\n" + "\n".join(
            f"  • {rule}" for rule in preview.broken
        )
    if preview.ended:
        text += (
            "\n\nAlready ended, left as drafts (publishing would pay them at once):\n"
            + "\n".join(f"  • {week}" for week in preview.ended)
        )
    return text


def prepare_reads(db: Database) -> None:
    """The statements ``RotaScreen.refresh`` reads with, prepared while the window is idle
    (a warm-up step): its reads of this week, results dropped. SQLAlchemy compiles a
    statement the first time it runs, a dozen of them here, and keeps it for the
    database's later sessions; the screen's first visit then only runs them."""
    start = date.today()  # any day will do: nothing read here is shown or kept
    with db.session() as session:
        ctx = range_context(session, start, 1)
        list_rota(session, start, 1, ctx=ctx)
        allocation.summary(session, start, 1, ctx=ctx)
        legend_sites(session)


class RotaScreen(Screen):
    title = "Rota"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.plan: allocation.Plan | None = None
        self.summary: allocation.Plan | None = None
        self.tz: Any = None
        self.busy = False

        self.model = RotaTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Rota weeks")
        self.table.setModel(self.model)
        # Rows as tall as their lines, fitted once per reset of the grid (new rows or a
        # proposal laid over them), not on every layout, nor when a refresh changed nothing.
        self.model.modelReset.connect(self.table.resizeRowsToContents)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(120)
        self.table.horizontalHeader().setSectionResizeMode(
            RotaTableModel.COL_WEEK, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.doubleClicked.connect(lambda _i: self.assign_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

        # -- the range and the actions -------------------------------------------------
        self.from_edit = QDateEdit()
        self.from_edit.setCalendarPopup(True)
        self.from_edit.setAccessibleName("Range from")
        self.from_edit.setDisplayFormat("ddd dd MMM yyyy")
        self.from_edit.setDate(to_qdate(self.home_today() - timedelta(days=7)))
        self.weeks_spin = QSpinBox(minimum=1, maximum=104, value=12, suffix=" weeks")
        self.weeks_spin.setAccessibleName("Weeks in the range")
        self.from_edit.dateChanged.connect(lambda _d: self.refresh())
        self.weeks_spin.valueChanged.connect(lambda _v: self.refresh())
        self.plan_button = QPushButton("&Plan range…")
        self.plan_button.setToolTip("Allocate the draft slots of the range (HiGHS)")
        self.plan_button.clicked.connect(self.run_planner)
        self.accept_button = QPushButton("&Accept proposal")
        self.accept_button.clicked.connect(self.accept_plan)
        self.discard_button = QPushButton("&Discard")
        self.discard_button.clicked.connect(self.discard_plan)
        self.publish_button = QPushButton("P&ublish range")
        self.publish_button.clicked.connect(self.publish_range)
        self.reopen_button = QPushButton("Re-&open range")
        self.reopen_button.clicked.connect(self.reopen_range)
        self.assign_button = QPushButton("A&ssign…")
        self.assign_button.clicked.connect(self.assign_selected)
        self.cover_button = QPushButton("&Cover…")
        self.cover_button.clicked.connect(self.cover_selected)
        self.swap_button = QPushButton("S&wap…")
        self.swap_button.clicked.connect(self.swap_selected)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.status = ElidedLabel()  # a long message never widens the window

        # Groups of controls that wrap onto another row on a narrow window, so every control
        # shows whole at any width (a tool bar folded Publish away at 1024 pixels).
        def group(*widgets: QWidget) -> QWidget:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 12, 0)
            for widget in widgets:
                row.addWidget(widget)
            return box

        controls = flow_row(
            group(QLabel("From"), self.from_edit, self.weeks_spin),
            group(self.plan_button, self.accept_button, self.discard_button, self.progress),
            group(self.assign_button, self.cover_button, self.swap_button),
            group(self.publish_button, self.reopen_button),
        )

        self.side = RotaSidePanel()

        # The Month tab's calendar is built when that tab is first shown (``month_view``).
        self._month_view: RotaMonthView | None = None
        self.month_page = QWidget()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Weeks")
        self.tabs.addTab(self.month_page, "Month")
        self.search = search_tabs(self.tabs, [self.table], "weeks, people, sites")
        self.tabs.currentChanged.connect(lambda _i: self._refresh_month())
        loads = self.side.loads
        loads.setAccessibleName("Load per volunteer")
        install_row_menu(
            loads,
            lambda: (
                [(f"Show the weeks of {who}", self.show_weeks_of_load)]
                if (who := self._load_name())
                else []
            ),
            edit=self.show_weeks_of_load,
        )
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 420])

        layout = QVBoxLayout(self)
        layout.addWidget(controls)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self._update_actions()

    @property
    def month_view(self) -> RotaMonthView:
        """The month calendar, built on first use (most visits never open the Month tab)."""
        if self._month_view is None:
            self._month_view = RotaMonthView(self._month_rows, self.home_today())
            box = QVBoxLayout(self.month_page)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(self._month_view)
        return self._month_view

    def home_today(self) -> date:
        """Today at the home site, not on the computer (at 06:30 on a Monday in Dublin a
        computer in San Francisco says Sunday)."""
        with self.get_db().session() as session:
            return home_today(session)

    # -- range and data ---------------------------------------------------------------
    def range(self) -> tuple[date, int]:
        return from_qdate(self.from_edit.date()), self.weeks_spin.value()

    def set_range(self, start: date, weeks: int) -> None:
        self.weeks_spin.blockSignals(True)
        self.weeks_spin.setValue(weeks)
        self.weeks_spin.blockSignals(False)
        self.from_edit.setDate(to_qdate(start))  # refreshes

    def refresh(self) -> None:
        start, weeks = self.range()
        with self.get_db().session() as session:
            # Once, for the rows and the score: what the range needs, not the whole rota.
            ctx = range_context(session, start, weeks)
            locale = user_locale.name()  # the warnings' and reasons' days in it
            rows = list_rota(session, start, weeks, ctx=ctx, locale=locale)
            self.summary = allocation.summary(session, start, weeks, ctx=ctx, locale=locale)
            sites = legend_sites(session)
        cal = ctx.cal
        self.tz = cal.tz
        rots = [(r.id, r.name) for r in ctx.rotations.values()]  # in the rotations' order
        weeks_shown = [s0.astimezone(cal.tz).date() for s0, _e in slots(cal, start, weeks)]
        self.model.set_rows(rows, rots, self.tz, weeks_shown)  # no reset if nothing changed
        self.side.show_legend(sites)
        self._show_side()
        self._update_actions()
        self._refresh_month()

    def show_undo(self, said: str) -> None:
        self.status.setText(said)  # "Published 10 shift(s)" no longer, once undone

    def reset(self) -> None:
        """Another database: no proposal, no message, the month calendar back to today."""
        self.plan = None
        self.summary = None
        self.model.set_proposal({})
        self.status.setText("")
        if self._month_view is not None:
            self._month_view.month = self.home_today().replace(day=1)
        self.table.clearSelection()
        self._update_actions()

    def _month_rows(
        self, first: date, last: date
    ) -> tuple[list[RotaRow], list[tuple[int, str]], ZoneInfo]:
        with self.get_db().session() as session:
            cal = home_calendar(session)
            weeks = (last - first).days // 7 + 2
            rows = list_rota(session, first, weeks, locale=user_locale.name())
            rots = [(r.id or 0, r.name) for r in rotations(session)]
        return rows, rots, cal.tz

    def _refresh_month(self) -> None:
        if self.tabs.currentWidget() is self.month_page:
            start, _weeks = self.range()
            if not (self.month_view.month.year, self.month_view.month.month) >= (
                start.year,
                start.month,
            ):
                self.month_view.month = start.replace(day=1)
            self.month_view.refresh()

    def _show_side(self) -> None:
        shown = self.plan or self.summary
        if shown is None:
            return
        replaced = set(self.model.proposal()) if self.plan else set()
        cells = [
            cell
            for r in range(self.model.rowCount())
            for c in range(1, self.model.columnCount())
            if (cell := self.model.cell(r, c)) is not None and cell.shift_id not in replaced
        ]
        self.side.show_plan(shown, self.plan is not None, cells)

    def selected_cell(self) -> RotaRow | None:
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return None
        return self.model.cell(indexes[0].row(), indexes[0].column())

    def _update_actions(self) -> None:
        has_plan = self.plan is not None
        cell = self.selected_cell()
        for button in (self.accept_button, self.discard_button):
            button.setEnabled(has_plan and not self.busy)
        self.plan_button.setEnabled(not self.busy and not has_plan)
        for tool in (self.assign_button, self.cover_button, self.swap_button):
            tool.setEnabled(cell is not None and not self.busy and not has_plan)
        for button in (self.publish_button, self.reopen_button):
            button.setEnabled(not self.busy and not has_plan)
        # The proposal is for the range it was planned on: keep that range on screen.
        for edit in (self.from_edit, self.weeks_spin):
            edit.setEnabled(not self.busy and not has_plan)

    def _error(self, title: str, exc: Exception) -> None:
        QMessageBox.warning(self, title, str(exc))

    # -- planning in the background --------------------------------------------------
    def run_planner(self) -> None:
        start, weeks = self.range()
        db = self.get_db()
        try:
            with db.transaction() as session:
                ensure_slots(session, start, weeks)
        except PlannerError as exc:
            self._error("Cannot plan", exc)
            return

        locale = user_locale.name()  # read here, on the GUI thread

        def work() -> allocation.Plan:
            with db.session() as session:
                return allocation.propose(session, start, weeks, locale=locale)

        self.busy = True
        self.progress.show()
        self.status.setText(f"Planning {weeks} week(s) from {user_locale.day_month_year(start)}…")
        self._update_actions()
        Operation(work).success(self._plan_ready).failure(self._plan_failed).run_in_background()

    def _plan_ready(self, plan: allocation.Plan) -> None:
        self.busy = False
        self.progress.hide()
        self.refresh()
        self.plan = plan
        people = self._people()
        self.model.set_proposal(
            {
                shift_id: (Proposed(*people[who]) if who is not None and who in people else None)
                for shift_id, who in plan.changes.items()
            }
        )
        self.status.setText(
            f"Proposal: {len(plan.changes)} change(s), {len(plan.uncovered)} uncovered. "
            "Accept to write it as draft shifts, or discard."
        )
        self._show_side()
        self._update_actions()

    def _plan_failed(self, exc: Exception) -> None:
        self.busy = False
        self.progress.hide()
        self.status.setText("Planning failed")
        self._update_actions()
        QMessageBox.warning(self, "Planning failed", failure_text(exc, "planning the rota"))

    def _people(self) -> dict[int, tuple[str, str, str]]:
        with self.get_db().session() as session:
            return {p.id: (p.name, p.site, p.colour) for p in covers.active_people(session)}

    def accept_plan(self) -> None:
        if self.plan is None:
            return
        try:
            plan, locale = self.plan, user_locale.name()
            count = self.edits.run(
                f"plan of {len(plan.changes)} shift(s)",
                lambda session: allocation.accept(session, plan, locale=locale),
            )
        except PlannerError as exc:
            self._error("Proposal not accepted", exc)
            return
        self.discard_plan()
        self.status.setText(f"Proposal accepted: {count} draft shift(s) written")

    def discard_plan(self) -> None:
        self.plan = None
        self.model.set_proposal({})
        self.status.setText("")
        self.refresh()

    # -- publish / reopen -------------------------------------------------------------
    def publish_range(self) -> None:
        """Tell what publishing would do (the gaps and the rule breaks first) and ask."""
        start, weeks = self.range()
        locale = user_locale.name()
        try:
            with self.get_db().session() as session:
                preview = publish_preview(session, start, weeks, locale=locale)
        except PlannerError as exc:
            self._error("Not published", exc)
            return
        if not self.ask("Publish", publish_question(preview, start, weeks)):
            return
        try:
            result = self.edits.run(
                f"publish of {weeks} week(s) from {user_locale.day_month(start)}",
                lambda session: publish(session, start, weeks, locale=locale),
            )
        except PlannerError as exc:
            self._error("Not published", exc)
            return
        left = (
            f"; {len(result.uncovered)} week(s) still uncovered (shown red, “Uncovered”)"
            if result.uncovered
            else ""
        )
        self.status.setText(f"Published {result.published} shift(s){left}")
        self.refresh()

    def reopen_range(self) -> None:
        start, weeks = self.range()
        now, locale = utc_now(), user_locale.name()
        going = [
            f"  • {cell.rotation} week of {user_locale.day_month_year(cell.week)}: {cell.assignee_name or 'nobody'}"
            for r in range(self.model.rowCount())
            for c in range(1, self.model.columnCount())
            if (cell := self.model.cell(r, c)) is not None
            and cell.state == "published"
            and cell.slot_start > now
        ]
        if not self.ask(
            "Re-open",
            f"Make these {len(going)} published shift(s) draft again?\n"
            + "\n".join(going)
            + "\n\nThe planner may then move them; people may have planned around them. "
            "Shifts that have started stay published.",
        ):
            return
        try:
            count = self.edits.run(
                f"re-open of {weeks} week(s) from {user_locale.day_month(start)}",
                lambda session: reopen(session, start, weeks, locale=locale),
            )
        except PlannerError as exc:
            self._error("Not re-opened", exc)
            return
        self.status.setText(f"Re-opened {count} shift(s) as draft")
        self.refresh()

    # -- hand edits -------------------------------------------------------------------
    def _run(self, title: str, change: Callable[[Session], str], name: str) -> bool:
        """A hand edit, undoable as ``name`` (Edit › Undo ``name``)."""
        try:
            message = self.edits.run(name, change)
        except PlannerError as exc:
            self._error(title, exc)
            return False
        self.status.setText(message or "")
        self.refresh()
        return True

    def _load_name(self) -> str:
        item = self.side.loads.item(self.side.loads.currentRow(), 0)
        return item.text() if item is not None else ""

    def show_weeks_of_load(self) -> None:
        """The Weeks tab, searched for the volunteer chosen in Load per volunteer."""
        if who := self._load_name():
            self.tabs.setCurrentWidget(self.table)
            self.search.setText(who)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        cell = self.model.cell(index.row(), index.column()) if index.isValid() else None
        if cell is None or self.plan is not None:
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("Assign…", self.assign_selected)
        menu.addAction("Cover…", self.cover_selected)
        menu.addAction("Swap…", self.swap_selected)
        for cover in cell.covers:
            menu.addAction(
                f"Remove cover by {cover.name}…",
                self._cover_remover(cell, cover),
            )
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def assign_selected(self) -> None:
        cell = self.selected_cell()
        if cell is None or self.plan is not None:
            return
        locale = user_locale.name()
        with self.get_db().session() as session:
            found = covers.candidates(session, cell.shift_id, locale)
        dialog = AssignDialog(cell, self.tz, found, self)
        # A refusal shows the reason, then the dialog again with the choice as it was.
        while dialog.exec() == QDialog.DialogCode.Accepted:
            who = dialog.volunteer_id()
            override = dialog.override.isChecked()

            def change(session: Session, who: int | None = who, override: bool = override) -> str:
                volunteer = session.get(Volunteer, who) if who else None
                broken = covers.assign(
                    session, cell.shift_id, volunteer, override=override, locale=locale
                )
                return "Assigned" + (f" with warnings: {'; '.join(broken)}" if broken else "")

            name = dialog.person.currentText().split(" — ")[0] if who else "nobody"
            if self._run(
                "Not assigned",
                change,
                f"assignment of {name} to {cell.rotation}, week of {user_locale.day_month(cell.week)}",
            ):
                return

    def cover_selected(self) -> None:
        cell = self.selected_cell()
        if cell is None:
            return
        db, locale = self.get_db(), user_locale.name()

        def eligible(start, end):  # type: ignore[no-untyped-def]
            with db.session() as session:
                return covers.cover_candidates(session, cell.shift_id, start, end, locale)

        dialog = CoverDialog(cell, self.tz, eligible, self)
        # A refusal shows the reason, then the dialog again with the times and note kept.
        while dialog.exec() == QDialog.DialogCode.Accepted:
            who, (start, end) = dialog.volunteer_id(), dialog.range()
            note = dialog.note.text()

            def change(
                session: Session,
                who: int | None = who,
                start: datetime = start,
                end: datetime = end,
                note: str = note,
            ) -> str:
                rotation = session.get(Rotation, cell.rotation_id)
                volunteer = session.get(Volunteer, who) if who is not None else None
                if rotation is None or volunteer is None:
                    raise PlannerError("choose who covers")
                result = covers.add_cover(
                    session, rotation, volunteer, start, end, note, locale=locale
                )
                return "Cover recorded" + "".join(f"; warning: {w}" for w in result.warnings)

            name = dialog.person.currentText().split(" — ")[0] or "a volunteer"
            if self._run(
                "Cover not recorded",
                change,
                f"cover of {name}, {user_locale.day_month(start.astimezone(self.tz))}",
            ):
                return

    def ask(self, title: str, text: str) -> bool:
        """Yes or Cancel (Cancel the default): every change that undoes something asks."""
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _cover_remover(self, cell: RotaRow, cover: CoverRow) -> Callable[[], None]:
        def remove() -> None:
            self.remove_cover(cell, cover)

        return remove

    def remove_cover(self, cell: RotaRow, cover: CoverRow) -> bool:
        tz = self.tz
        text = (
            f"Remove the cover by {cover.name} of {cell.rotation}, "
            f"{user_locale.day_time(cover.start.astimezone(tz))} → {user_locale.day_time(cover.end.astimezone(tz))}"
            f" ({zone_name(tz)})?\n\n"
            + (
                f"{cell.assignee_name} holds that time again."
                if cell.assignee_name
                else "That time is uncovered again."
            )
        )
        if not self.ask("Remove cover", text):
            return False

        def change(session: Session) -> str:
            covers.delete_cover(session, cover.id)
            return "Cover removed"

        return self._run(
            "Cover not removed",
            change,
            f"removal of the cover by {cover.name}, {user_locale.day_month(cover.start.astimezone(tz))}",
        )

    def swap_selected(self) -> None:
        cell = self.selected_cell()
        if cell is None:
            return
        locale = user_locale.name()
        try:
            with self.get_db().session() as session:
                options = covers.swap_candidates(session, cell.shift_id, locale=locale)
        except PlannerError as exc:
            self._error("Cannot swap", exc)
            return
        dialog = SwapDialog(cell, self.tz, options, self)
        # A refusal shows the reason, then the dialog again to pick another shift.
        while dialog.exec() == QDialog.DialogCode.Accepted:
            option = dialog.chosen()
            if option is None:
                continue
            if not self.ask(
                "Swap shifts",
                f"Swap these {cell.rotation} shifts?\n\n"
                f"Week of {user_locale.day_month_year(option.week)}: {option.assignee_name} → "
                f"{cell.assignee_name or 'nobody'}\n"
                f"Week of {user_locale.day_month_year(cell.week)}: {cell.assignee_name or 'nobody'} → "
                f"{option.assignee_name}",
            ):
                continue  # back to the list

            def change(session: Session, other: int = option.shift_id) -> str:
                covers.swap(session, cell.shift_id, other, locale=locale)
                return "Shifts swapped"

            if self._run(
                "Swap refused",
                change,
                f"swap of {cell.rotation}, week of {user_locale.day_month(cell.week)}",
            ):
                return

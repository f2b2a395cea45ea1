"""The Timeline screen: the rota drawn as a schedule (rotations across time, covers over
the shifts they cut, a final "who is on call" row, gaps in red, a line at now), zoomed from
a day to a quarter. Dragging across a shift records a cover of that span through the
Cover dialog; hovering says who, when in each site's time, and why a gap has nobody."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.db import Session
from planner.core.errors import PlannerError
from planner.core.home import home_calendar, rotations, sites
from planner.core.models import Rotation, Volunteer
from planner.core.models.types import utc_now
from planner.core.out_of_hours import local_to_utc, office_intervals
from planner.rota import covers
from planner.rota.on_call import GAP_RULE, Stretch, gap_reason, stretches
from planner.rota.weeks import list_rota
from ui import palette, user_locale
from ui.qt_dates import from_qdate, to_qdate
from ui.rota_dialogs import CoverDialog
from ui.rota_timeline_view import ZOOMS, Hit, Lane, RotaTimelineView, TimelineData
from ui.rule_tips import rule_tip
from ui.screens.base import DatabaseGetter, Screen
from ui.table_menu import Entry, build_menu


class TimelineScreen(Screen):
    title = "Timeline"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.tz: Any = None
        self.now: datetime | None = None  # None: the live clock (tests may fix it)
        self._reasons: dict[tuple[int, datetime | None], str] = {}
        self.last_dialog: CoverDialog | None = None

        self.zoom_box = QComboBox()
        for name, _span in ZOOMS:
            self.zoom_box.addItem(name)
        self.zoom_box.setCurrentIndex(1)
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.setToolTip("How much time the timeline shows: a day to a quarter (+/−)")
        self.from_edit = QDateEdit()
        self.from_edit.setCalendarPopup(True)
        self.from_edit.setDisplayFormat("ddd dd MMM yyyy")
        self.from_edit.setAccessibleName("Timeline starts on")
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setAccessibleName("Earlier")
        self.previous_button.setToolTip("Earlier (Page Up on the timeline)")
        self.today_button = QToolButton()
        self.today_button.setText("Today")
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setAccessibleName("Later")
        self.next_button.setToolTip("Later (Page Down on the timeline)")
        self.range_label = QLabel()
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.view = RotaTimelineView()
        self.view.explain = self._explain
        self.view.pan = self.pan
        self.view.zoom = self._zoom_step
        self.view.coverRequested.connect(self.request_cover)
        self.view.menuRequested.connect(lambda hit, where: self.row_menu(hit).exec(where))
        self.view.editRequested.connect(self.cover_at)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show"))
        bar.addWidget(self.zoom_box)
        bar.addWidget(QLabel("from"))
        bar.addWidget(self.from_edit)
        for widget in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.range_label)
        layout.addWidget(self.legend)
        layout.addWidget(self.view)
        layout.addStretch(1)
        layout.addWidget(self.status)

        self._placed = False  # the first refresh puts today on screen (home site's day)
        self.zoom_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.from_edit.dateChanged.connect(lambda _d: self.refresh())
        self.previous_button.clicked.connect(lambda: self.pan(-1))
        self.next_button.clicked.connect(lambda: self.pan(1))
        self.today_button.clicked.connect(lambda: self.go_today())

    def reset(self) -> None:
        """Another database: back to today in its home zone, no message, no reasons kept."""
        self.tz = None
        self._placed = False
        self._reasons = {}
        self.status.setText("")
        self.last_dialog = None

    def show_undo(self, said: str) -> None:
        """The cover this screen said it recorded may be the edit undone."""
        self.status.setText(said)

    # -- the range shown --------------------------------------------------------------
    def at(self) -> datetime:
        return self.now or utc_now()

    def span(self) -> timedelta:
        return ZOOMS[self.zoom_box.currentIndex()][1]

    def set_view(self, zoom: str, first_day: date) -> None:
        """Show ``zoom`` (a name of ZOOMS) from the home site's midnight of ``first_day``."""
        names = [name for name, _ in ZOOMS]
        self.zoom_box.blockSignals(True)
        self.zoom_box.setCurrentIndex(names.index(zoom))
        self.zoom_box.blockSignals(False)
        self._placed = True
        self.from_edit.blockSignals(True)
        self.from_edit.setDate(to_qdate(first_day))
        self.from_edit.blockSignals(False)
        self.refresh()

    def go_today(self, refresh: bool = True) -> None:
        """Start the view a little before today (the home site's today)."""
        if self.tz is None:
            with self.get_db().session() as session:
                self.tz = home_calendar(session).tz
        today = self.at().astimezone(self.tz).date()
        lead = 0 if self.span() <= timedelta(days=1) else max(1, self.span().days // 7)
        self._placed = True
        self.from_edit.blockSignals(True)
        self.from_edit.setDate(to_qdate(today - timedelta(days=lead)))
        self.from_edit.blockSignals(False)
        if refresh:
            self.refresh()

    def pan(self, steps: int) -> None:
        days = max(1, self.span().days)
        self.from_edit.setDate(self.from_edit.date().addDays(steps * days))

    def _zoom_step(self, steps: int) -> None:
        index = min(len(ZOOMS) - 1, max(0, self.zoom_box.currentIndex() + steps))
        self.zoom_box.setCurrentIndex(index)

    # -- loading ----------------------------------------------------------------------
    def refresh(self) -> None:
        if not self._placed:
            self.go_today(refresh=False)
        first = from_qdate(self.from_edit.date())
        now = self.at()
        with self.get_db().session() as session:
            cal = home_calendar(session)
            self.tz = cal.tz
            start = local_to_utc(cal.tz, first, time(0))
            end = local_to_utc(cal.tz, first + timedelta(days=max(1, self.span().days)), time(0))
            found = stretches(session, start, end, now=now)
            lanes = [
                Lane(r.id or 0, r.name, tuple(found.get(r.id or 0, []))) for r in rotations(session)
            ]
            office = office_intervals(cal, start, end)
            zones = [(s.name, s.timezone) for s in sites(session)]
            legend = sorted({(s.name, s.colour) for s in sites(session)})
        self._reasons = {}
        self.view.set_data(TimelineData(start, end, cal.tz, now, lanes, office, zones))
        self.range_label.setText(
            f"{user_locale.day_year_time(start.astimezone(cal.tz))} → "
            f"{user_locale.day_year_time(end.astimezone(cal.tz))} ({cal.tz})"
        )
        chips = " &nbsp; ".join(
            f"<span style='background:{palette.site_colour(c).name()}; "
            f"color:{palette.readable_on(palette.site_colour(c)).name()}'>&nbsp;"
            f"{palette.site_letter(n)}&nbsp;</span>&nbsp;{n}"
            for n, c in legend
        )
        self.legend.setToolTip(rule_tip("Red: nobody on call (a gap)", GAP_RULE))
        self.legend.setText(
            f"{chips} &nbsp;·&nbsp; {palette.span('error', '■ red: nobody on call')}"
            " &nbsp;·&nbsp; ↻ a cover, drawn over the shift it cuts &nbsp;·&nbsp; dashed: draft"
            " &nbsp;·&nbsp; shaded: office hours (product teams carry pages)"
            " &nbsp;·&nbsp; drag across a shift to record a cover"
        )

    def _explain(self, stretch: Stretch) -> str:
        key = (stretch.rotation_id, stretch.start)
        if key not in self._reasons:
            with self.get_db().session() as session:
                self._reasons[key] = gap_reason(session, stretch, now=self.at())
        return self._reasons[key]

    # -- a row's menu and double-click -----------------------------------------------
    def row_menu(self, hit: Hit) -> QMenu:
        """What can be done with the shift or gap under the pointer."""
        s = hit.stretch
        entries: list[Entry] = []
        if s is not None and s.shift_id is not None and not hit.final:
            who = s.holder.name if s.holder is not None else "nobody"
            entries.append((f"Cover… (now {who})", lambda: self.cover_at(hit)))
        if s is not None and s.holder is None:
            entries.append(("Why is nobody on call?", lambda: self.say_why(hit)))
        entries += [
            None,
            ("Open the Rota screen", lambda: self.navigate.emit("rota")),
        ]
        return build_menu(self, entries)

    def cover_at(self, hit: Hit) -> None:
        """The Cover dialog for the stretch under the pointer (double-click, or the menu)."""
        s = hit.cover or hit.stretch
        if s is None or s.start is None or s.end is None:
            return
        start = max(s.start, self.view.data.start) if self.view.data else s.start
        self.request_cover(hit.rotation_id, start, s.end)

    def say_why(self, hit: Hit) -> None:
        if hit.stretch is not None:
            self.status.setText(f"{hit.rotation}: nobody on call — {self._explain(hit.stretch)}")

    # -- a cover by dragging ----------------------------------------------------------
    def request_cover(self, rotation_id: int, start: datetime, end: datetime) -> None:
        """Open the Cover dialog for the shift under ``start``, filled with the span."""
        data = self.view.data
        lane = next((x for x in data.lanes if x.rotation_id == rotation_id), None) if data else None
        under = next(
            (s for s in (lane.stretches if lane else ())
             if s.start is not None and s.end is not None and s.start <= start < s.end),
            None,
        )  # fmt: skip
        if under is None or under.shift_id is None or under.slot_start is None:
            self.status.setText(
                "No shift there to cover: plan that range on the Rota screen first."
            )
            return
        tz = self.tz
        db, locale = self.get_db(), user_locale.name()
        shift_id = under.shift_id
        with db.session() as session:
            week = under.slot_start.astimezone(tz).date()
            rows = list_rota(session, week, 1, now=self.at(), locale=locale)
            cell = next(r for r in rows if r.shift_id == shift_id)

        def eligible(a: datetime, b: datetime):  # type: ignore[no-untyped-def]
            with db.session() as session:
                return covers.cover_candidates(session, shift_id, a, b, locale)

        dialog = CoverDialog(cell, tz, eligible, self)
        dialog.start.set_instant(start)
        dialog.end.set_instant(end)
        self.last_dialog = dialog
        # A refusal shows the reason, then the dialog again with the times and note kept.
        while dialog.exec() == QDialog.DialogCode.Accepted:
            who, (a, b), note = dialog.volunteer_id(), dialog.range(), dialog.note.text()
            if self._record_cover(rotation_id, who, a, b, note, dialog.person.currentText()):
                return

    def _record_cover(
        self, rotation_id: int, who: int | None, start: datetime, end: datetime, note: str,
        label: str,
    ) -> bool:  # fmt: skip
        name = label.split(" — ")[0]
        day = start.astimezone(self.tz)
        locale = user_locale.name()  # a refusal's days and times in it

        def change(session: Session) -> covers.CoverResult:
            rotation = session.get(Rotation, rotation_id)
            volunteer = session.get(Volunteer, who)
            if volunteer is None:
                raise PlannerError("choose who covers")
            if rotation is None:
                raise PlannerError(f"no rotation with id {rotation_id}")
            return covers.add_cover(session, rotation, volunteer, start, end, note, locale)

        try:
            edits = getattr(self, "edits", None)
            if edits is not None:
                result = edits.run(f"cover of {name}, {user_locale.day_month(day)}", change)
            else:
                with self.get_db().transaction() as session:
                    result = change(session)
        except PlannerError as exc:
            QMessageBox.warning(self, "Cover not recorded", str(exc))
            return False
        self.status.setText(
            f"Cover recorded: {name}, {user_locale.day_time(day)} → "
            f"{user_locale.day_time(end.astimezone(self.tz))} ({self.tz})"
            + "".join(f"; warning: {w}" for w in result.warnings)
        )
        self.refresh()
        return True

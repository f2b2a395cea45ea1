"""The Now screen, the app's first: who holds each rotation at this moment (or who covers),
in their own time and site; since and until when; who is next and the countdown to the
handover; the next four weeks with every gap in red; this week's pages; and what needs the
coordinator. Every item links to the screen where it is dealt with."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.core.dates import utc_now
from planner.core.rows import home_calendar
from planner.rota.on_call import (
    GAP_RULE,
    Holder,
    NowRow,
    PlannedShift,
    Stretch,
    explain_gaps,
    gap_reason,
    gaps,
    local_time,
    planned_shifts,
    read_on_call_at,
)
from ui import palette, user_locale
from ui.next_frame import after_next_frame
from ui.rule_tips import rule_tip
from ui.screens.base import DatabaseGetter, Screen
from ui.table_menu import install_row_menu
from ui.table_search import searchable

if TYPE_CHECKING:
    from planner.outputs.attention import Attention
    from planner.pay.pages import PageRow

WEEKS_AHEAD = 4
REFRESH_MS = 30_000
REST_EVERY_TICKS = 10


def when(instant: datetime | None, tz: Any) -> str:
    """An instant in the zone ``tz`` as the screen shows it: 'Fri 04 Dec 18:00'."""
    return user_locale.day_time(instant.astimezone(tz)) if instant else "—"


def countdown(delta: timedelta) -> str:
    """'4 d 19 h', '3 h 12 min', '12 min'."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


def chip(holder: Holder) -> str:
    """The site's colour with its letter, then the site's name (rich text)."""
    fill = palette.site_colour(holder.colour)
    ink = palette.readable_on(fill).name()
    letter = palette.site_letter(holder.site)
    return (
        f"<span style='background:{fill.name()}; color:{ink}'>&nbsp;{letter}&nbsp;</span>"
        f"&nbsp;{html.escape(holder.site)}"
    )


def _link(key: str, text: str) -> str:
    """A link to a screen, in the palette's accent (readable on light and dark)."""
    return palette.link(f"screen:{key}", html.escape(text))


class RotationCard(QFrame):
    """One rotation: the holder now, their time and site, since/until, next, countdown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.holder = QLabel()
        self.holder.setTextFormat(Qt.TextFormat.RichText)
        self.holder.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.covering = QLabel()
        self.local = QLabel()
        self.span = QLabel()
        self.next = QLabel()
        self.countdown = QLabel()
        self.countdown.setStyleSheet("font-weight: 600;")
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.open = QLabel()
        layout = QVBoxLayout(self)
        for label in (self.title, self.holder, self.covering, self.local, self.span,
                      self.next, self.countdown, self.reason, self.open):  # fmt: skip
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        # only the link takes the keyboard (Tab to it, Enter follows it)
        self.open.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout.addStretch(1)

    def show_row(self, row: NowRow, tz: Any) -> None:
        self.title.setText(f"<b>{html.escape(row.rotation)}</b>")
        gap = row.holder is None
        palette.follow(
            self, lambda: f"RotationCard {{ {palette.css_fill('error_fill')} }}" if gap else ""
        )
        why = f" — {row.reason}" if row.reason else ""  # the planner's reason may follow
        gap_tip = rule_tip(f"Gap: nobody holds {row.rotation} now{why}", GAP_RULE) if gap else ""
        for label in (self.holder, self.reason):
            label.setToolTip(gap_tip)
        if row.holder is None:
            self.holder.setText(palette.span("error", "Nobody on call — a gap"))
            self.local.setText("")
        else:
            self.holder.setText(f"{html.escape(row.holder.name)} &nbsp; {chip(row.holder)}")
            mine = local_time(row.holder, row.at)
            self.local.setText(
                f"Their time: {user_locale.weekday_clock(mine)} ({row.holder.timezone}), {row.holder.site}"
            )
        self.covering.setVisible(row.covering)
        if row.covering:
            whose = row.covering_for.name if row.covering_for else "an empty slot"
            self.covering.setText(f"Covering for {whose}")
        self.span.setText(f"Since {when(row.since, tz)} · until {when(row.until, tz)} ({tz})")
        if row.until is None:
            self.next.setText("Next: nothing planned yet")
            self.countdown.setText("")
        else:
            nxt = row.next_holder
            who = (
                f"{html.escape(nxt.name)} &nbsp; {chip(nxt)}"
                if nxt
                else palette.span("error", "nobody (a gap)")
            )
            self.next.setText(f"Next: {who}")
            self.next.setToolTip(
                ""
                if nxt
                else rule_tip(f"Gap: nobody holds {row.rotation} after the handover", GAP_RULE)
            )
            self.countdown.setText(f"Handover in {countdown(row.until - row.at)}")
        self.reason.setVisible(gap and bool(row.reason))
        self.reason.setText(palette.span("error", f"Why: {html.escape(row.reason)}"))
        self.open.setText(_link("timeline", "See it on the timeline"))


class NowScreen(Screen):
    title = "Now"

    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(get_db, parent)
        self.moment: datetime | None = None  # None: the live clock
        self.rows: list[NowRow] = []
        self.items: list[Attention] = []
        self.gap_list: list[Stretch] = []

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.office = QLabel()
        self.office.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setAccessibleName("Refresh the Now screen")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)

        self.cards_box = QHBoxLayout()
        self.cards: dict[str, RotationCard] = {}

        # One item per thing waiting; Enter or a double-click opens the screen where it is
        # dealt with, the tooltip states the rule behind it.
        self.attention = QListWidget()
        self.attention.setAccessibleName("What needs the coordinator")
        self.attention.setWordWrap(True)
        self.attention.itemActivated.connect(self._open_item)
        install_row_menu(
            self.attention,
            lambda: (
                [(f"Open the {title} screen", self.open_attention)]
                if (title := self._attention_title())
                else []
            ),
        )
        attention_box = QGroupBox("What needs the coordinator")
        QVBoxLayout(attention_box).addWidget(self.attention)

        self.weeks = QTableWidget()
        self.weeks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.weeks.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.weeks.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.weeks.setAccessibleName("The next four weeks")
        install_row_menu(
            self.weeks,
            lambda: [
                ("Open the Rota screen", lambda: self.navigate.emit("rota")),
                ("Open the Timeline", lambda: self.navigate.emit("timeline")),
            ],
            edit=lambda: self.navigate.emit("rota"),
        )
        self.weeks.setToolTip("Double-click to open the Rota screen")
        self.gaps_label = QLabel()
        self.gaps_label.setWordWrap(True)
        self.gaps_label.linkActivated.connect(self._follow)
        weeks_box = QGroupBox("The next four weeks")
        weeks_layout = QVBoxLayout(weeks_box)
        weeks_layout.addWidget(searchable(self.weeks, "the next four weeks"))
        self.search = self.weeks.search  # type: ignore[attr-defined]
        weeks_layout.addWidget(self.gaps_label)
        weeks_layout.addStretch(1)  # the search, the weeks and the gaps together at the top

        self.pages = QLabel()
        self.pages.setWordWrap(True)
        self.pages.setTextFormat(Qt.TextFormat.RichText)
        self.pages.linkActivated.connect(self._follow)
        pages_box = QGroupBox("This week's pages")
        QVBoxLayout(pages_box).addWidget(self.pages)

        body = QWidget()
        grid = QGridLayout(body)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.office, 1, 0, 1, 2)
        grid.addLayout(self.cards_box, 2, 0, 1, 2)
        grid.addWidget(weeks_box, 3, 0)
        grid.addWidget(attention_box, 3, 1)
        grid.addWidget(pages_box, 4, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(5, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.rest_timer = QTimer(self)
        self.rest_timer.setSingleShot(True)
        self.rest_timer.setInterval(0)
        self.rest_timer.timeout.connect(self._show_rest)
        self.rest_due = False  # the weeks, pages and list still to come (after the holders)

    def reset(self) -> None:
        """Another database: the live clock again; its rotations replace these cards."""
        self.moment = None
        self.rows, self.items, self.gap_list = [], [], []

    # -- the moment shown -------------------------------------------------------------
    def set_moment(self, at: datetime | None) -> None:
        """Show the desk at ``at`` (None: the live clock, refreshed every 30 s), all of it."""
        self.moment = at
        self._show_now()
        self._show_rest()

    def settling(self) -> bool:
        return self.rest_due

    def at(self) -> datetime:
        return self.moment or utc_now()

    def _tick(self) -> None:
        """Live: the holders and countdowns every 30 s; the weeks, pages and the
        coordinator's list (pay runs checked for staleness) every 5 minutes."""
        if self.moment is None and self.isVisible():
            self._ticks += 1
            if self._ticks % REST_EVERY_TICKS == 0:
                self.refresh()
            else:
                self._show_now(explain=True)

    def _follow(self, link: str) -> None:
        if link.startswith("screen:"):
            self.navigate.emit(link.removeprefix("screen:"))

    # -- loading ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Who is on call at once; the weeks, pages and the coordinator's list just after
        (they need the calendar, the page log and the pay runs): once the holders are on
        screen (at once when the screen is hidden)."""
        self._show_now()
        self.rest_due = True
        after_next_frame(self, self.rest_timer.start)

    def _show_now(self, explain: bool = False) -> None:
        """Who holds each rotation, read with plain SQL: the app's first data shows before
        the ORM loads. A gap the planner must explain (a slot with no assignee) gets its
        reason with the rest (``_show_rest``), or here when ``explain``."""
        at = self.at()
        with self.get_db().reading() as conn:
            tz = home_calendar(conn).tz
            self.rows = read_on_call_at(conn, at)
        if explain and any(r.gap is not None and not r.reason for r in self.rows):
            with self.get_db().session() as session:
                self.rows = explain_gaps(session, self.rows)
        self.heading.setText(
            f"<h2>On call now</h2>{user_locale.long_day_time(at.astimezone(tz))} ({tz})"
            + ("" if self.moment is None else " — a chosen moment, not the live clock")
        )
        self._show_cards(tz)

    def _show_rest(self) -> None:
        from planner.core.home import home_calendar as calendar_of
        from planner.core.out_of_hours import office_intervals, slot_containing, slots
        from planner.outputs.attention import needs_coordinator
        from planner.pay.pages import list_pages

        self.rest_timer.stop()
        at = self.at()
        with self.get_db().session() as session:
            explained = explain_gaps(session, self.rows)
            cal = calendar_of(session)
            tz = cal.tz
            week_start, week_end = slot_containing(cal, at)
            first_day = week_start.astimezone(tz).date()
            weeks = slots(cal, first_day, WEEKS_AHEAD)
            columns = [s0 for s0, _s1 in weeks]
            rota = planned_shifts(session, weeks[0][0], weeks[-1][1], now=at)
            horizon = week_start + timedelta(weeks=WEEKS_AHEAD)
            self.gap_list = gaps(session, week_start, horizon, now=at)
            reasons = [gap_reason(session, g, now=at) for g in self.gap_list]
            page_rows = list_pages(session, week_start, min(week_end, at + timedelta(seconds=1)))
            self.items = needs_coordinator(session, at, user_locale.name())
            in_office = bool(office_intervals(cal, at, at + timedelta(minutes=1)))
            office_end = cal.office_end
        if explained != self.rows:
            self.rows = explained
            self._show_cards(tz)
        self.office.setVisible(in_office)
        self.office.setText(
            f"Office hours at the home site: product teams carry their own pages until "
            f"{user_locale.clock(office_end)}; the holders below take over out of hours."
        )
        self._show_weeks(rota, columns, tz, reasons)
        self._show_pages(page_rows, week_start, tz)
        self._show_attention()
        self.rest_due = False

    def _show_cards(self, tz: Any) -> None:
        names = [r.rotation for r in self.rows]
        if list(self.cards) != names:
            for card in self.cards.values():
                card.deleteLater()
            self.cards = {}
            for name in names:
                card = RotationCard()
                card.open.linkActivated.connect(self._follow)
                self.cards[name] = card
                self.cards_box.addWidget(card, 1)
        for row in self.rows:
            self.cards[row.rotation].show_row(row, tz)

    def _show_weeks(
        self, rota: list[PlannedShift], columns: list[datetime], tz: Any, reasons: list[str]
    ) -> None:
        rotations = [r.rotation for r in self.rows]
        self.weeks.clear()
        self.weeks.setRowCount(len(rotations))
        self.weeks.setColumnCount(len(columns))
        self.weeks.setVerticalHeaderLabels(rotations)
        self.weeks.setHorizontalHeaderLabels(
            [f"Week of\n{user_locale.day(s.astimezone(tz))}" for s in columns]
        )
        cells = {(r.rotation, r.slot_start): r for r in rota}
        for row, rotation in enumerate(rotations):
            for column, start in enumerate(columns):
                shift = cells.get((rotation, start))
                end = start + timedelta(weeks=1)
                holes = [
                    (g, why)
                    for g, why in zip(self.gap_list, reasons, strict=True)
                    if g.rotation == rotation and g.start is not None and g.end is not None
                    and g.start < (shift.slot_end if shift else end)
                    and (shift.slot_start if shift else start) < g.end
                ]  # fmt: skip
                if shift is None:
                    text = "not planned"
                else:
                    text = shift.assignee_name or "nobody"
                    if shift.covers:
                        text += f" (+{shift.covers} cover{'s' * (shift.covers > 1)})"
                    if shift.state == "draft":
                        text += " · draft"
                item = QTableWidgetItem(text)
                if holes:
                    item.setBackground(palette.qcolor("error_fill"))
                    item.setForeground(palette.qcolor("error"))
                    item.setToolTip(
                        rule_tip(
                            "\n".join(
                                f"Gap: nobody holds {rotation} {when(g.start, tz)} → "
                                f"{when(g.end, tz)} ({tz}): {why}"
                                for g, why in holes
                            ),
                            GAP_RULE,
                        )
                    )
                    item.setData(Qt.ItemDataRole.UserRole, "gap")
                self.weeks.setItem(row, column, item)
        self.weeks.resizeRowsToContents()
        height = self.weeks.horizontalHeader().sizeHint().height() + sum(
            self.weeks.rowHeight(r) for r in range(self.weeks.rowCount())
        )
        self.weeks.setFixedHeight(height + 4)
        if self.gap_list:
            lines = [
                palette.span(
                    "error",
                    f"Gap in {html.escape(g.rotation)}: {when(g.start, tz)} → {when(g.end, tz)}"
                    f" ({tz}) — {html.escape(why)}",
                )
                for g, why in zip(self.gap_list, reasons, strict=True)
            ]
            self.gaps_label.setText(
                "<br>".join(lines) + "<br>" + _link("timeline", "Open the timeline")
            )
            self.gaps_label.setToolTip(rule_tip(f"{len(self.gap_list)} gap(s)", GAP_RULE))
        else:
            self.gaps_label.setToolTip("")
            self.gaps_label.setText(palette.span("ok", "No gaps: every minute has a holder."))

    def _show_pages(self, rows: list[PageRow], week_start: datetime, tz: Any) -> None:
        if not rows:
            self.pages.setText(
                f"No pages since the handover of {when(week_start, tz)} ({tz}). "
                + _link("rest", "Page log")
            )
            return
        lines = []
        for p in sorted(rows, key=lambda p: p.at, reverse=True):
            night = " · " + palette.span("night", "night") if p.night else ""
            off = "" if p.on_call else " · " + palette.span("error", "not on call")
            lines.append(
                f"{user_locale.day_time(p.local_at())} ({p.timezone}) · {html.escape(p.name)} · "
                f"{user_locale.number(p.minutes)} min{night}{off} · {html.escape(p.summary)}"
            )
        from planner.pay.pages import NOT_ON_CALL_RULE  # with the page log, not before

        strays = [p for p in rows if not p.on_call]
        self.pages.setToolTip(
            rule_tip(f"{len(strays)} page(s) answered by someone not on call", NOT_ON_CALL_RULE)
            if strays
            else ""
        )
        self.pages.setText(
            f"{user_locale.number(len(rows))} page(s) since the handover of {when(week_start, tz)} ({tz}):<br>"
            + "<br>".join(lines)
            + "<br>"
            + _link("rest", "Page log and rest")
        )

    def _show_attention(self) -> None:
        self.attention.clear()
        if not self.items:
            done = QListWidgetItem("✓ Nothing waiting. All in order.")
            done.setForeground(palette.qcolor("ok"))
            self.attention.addItem(done)
            return
        for item in self.items:
            entry = QListWidgetItem(f"⚠ {item.text} — open {item.screen.capitalize()}")
            entry.setToolTip(f"{item.text}\nRule: {item.rule}")
            entry.setData(Qt.ItemDataRole.UserRole, item.screen)
            entry.setForeground(palette.qcolor("caution"))
            self.attention.addItem(entry)

    def _attention_title(self) -> str:
        current = self.attention.currentItem()
        screen = current.data(Qt.ItemDataRole.UserRole) if current else None
        return str(screen).capitalize() if screen else ""

    def open_attention(self) -> None:
        """The screen where the selected item is dealt with."""
        current = self.attention.currentItem()
        if current is not None:
            self._open_item(current)

    def _open_item(self, item: QListWidgetItem) -> None:
        screen = item.data(Qt.ItemDataRole.UserRole)
        if screen:
            self.navigate.emit(str(screen))

"""The month calendar of the Rota screen: each day shows who holds each rotation that
evening (20:00 home time, the zone named), covers marked, coloured by the Primary holder's
site; today (the home site's) marked."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.dates import utc_now
from planner.rota.shifts import GAP_RULE
from planner.rota.weeks import RotaRow
from ui import palette, user_locale
from ui.models.rota_table_model import UNCOVERED, tint
from ui.rule_tips import rule_tip

EVENING = time(20, 0)


def holder_at(
    rows: Sequence[RotaRow], rotation_id: int, instant: datetime
) -> tuple[str, str, bool, str]:
    """(name, colour, is a cover, site) of who holds the rotation at ``instant``: ("", "",
    False, "") where no shift is planned, (UNCOVERED, "", False, "") where a shift has
    nobody."""
    for row in rows:
        if row.rotation_id == rotation_id and row.slot_start <= instant < row.slot_end:
            for cover in row.covers:
                if cover.start <= instant < cover.end:
                    return cover.name, cover.colour, True, cover.site
            if row.volunteer_id is None:
                return UNCOVERED, "", False, ""
            return row.assignee_name, row.colour, False, row.site
    return "", "", False, ""


class RotaMonthView(QWidget):
    """A month grid; ``load(first_day, last_day)`` returns the rota rows to show. It starts
    on ``month`` (the caller's: the home site's month, never the computer's)."""

    def __init__(self, load: Callable[[date, date], tuple[list[RotaRow], list[tuple[int, str]], Any]],
                 month: date, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._load = load
        self.month = month.replace(day=1)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        prev_button = QToolButton()
        prev_button.setText("◀")
        prev_button.clicked.connect(lambda: self.step(-1))
        next_button = QToolButton()
        next_button.setText("▶")
        next_button.clicked.connect(lambda: self.step(1))
        top = QHBoxLayout()
        top.addWidget(prev_button)
        top.addWidget(self.title, 1)
        top.addWidget(next_button)
        self.grid = QTableWidget(6, 7)
        monday = date(2024, 1, 1)  # the locale's short weekday names, Monday first
        self.grid.setHorizontalHeaderLabels(
            [user_locale.weekday_abbr(monday + timedelta(days=n)) for n in range(7)]
        )
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)

    def step(self, months: int) -> None:
        index = self.month.year * 12 + self.month.month - 1 + months
        self.show_month(date(index // 12, index % 12 + 1, 1))

    def show_month(self, first: date) -> None:
        self.month = first.replace(day=1)
        self.refresh()

    def refresh(self) -> None:
        first = self.month
        days_in = calendar.monthrange(first.year, first.month)[1]
        last = first + timedelta(days=days_in - 1)
        rows, rotations, tz = self._load(first - timedelta(days=7), last + timedelta(days=1))
        self.title.setText(
            f"<b>{user_locale.month_year(first)}</b> — who holds out-of-hours at "
            f"{user_locale.clock(EVENING)} ({tz})"
        )
        today = utc_now().astimezone(tz).date()  # the home site's, not the computer's
        self.grid.clearContents()
        offset = first.weekday()
        for n in range(days_in):
            day = first + timedelta(days=n)
            instant = datetime.combine(day, EVENING, tz)
            lines = [f"{day.day}"]
            background = ""
            gaps = []
            for rotation_id, name in rotations:
                who, colour, cover, site = holder_at(rows, rotation_id, instant)
                short = "L2" if "L2" in name else name
                if who == UNCOVERED:
                    gaps.append(name)
                    lines.append(f"{short}: {UNCOVERED}")  # short enough not to be cut
                    continue
                # the site's letter with the name: the cell's colour is the site's
                letter = f" ({palette.site_letter(site)})" if who and site else ""
                lines.append(f"{short}: {who or '—'}{letter}" + (" (cover)" if cover else ""))
                if not background and who:
                    background = colour
            item = QTableWidgetItem("\n".join(lines))
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if gaps:  # a gap outweighs the site colour: red, and the word, never just a tint
                item.setBackground(QBrush(palette.qcolor("gap_fill")))
                item.setForeground(QBrush(palette.qcolor("error")))
                item.setToolTip(
                    rule_tip(f"{UNCOVERED}: nobody holds {', '.join(gaps)} that evening", GAP_RULE)
                )
            elif background:
                item.setBackground(QBrush(tint(background, 0.7)))
            if day == today and not gaps:
                item.setForeground(QBrush(palette.qcolor("highlight_text")))
            cell = offset + n
            self.grid.setItem(cell // 7, cell % 7, item)

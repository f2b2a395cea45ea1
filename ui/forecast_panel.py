"""The recruitment forecast panel of the Tours screen: per rotation and month, the team the
planned tours leave, the band, the shortfall and the date by which to approve volunteers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.people.forecast import SHORTFALL_RULE, Forecast
from ui import palette, user_locale
from ui.rule_tips import rule_tip
from ui.wrapped_label import WrappedLabel

HEADERS = ("Rotation", "Month", "Team", "Band", "Short", "Recruit by")


def headline(result: Forecast) -> str:
    """One line per rotation: its first short month and the date to approve volunteers by."""
    firsts = result.first_short()
    if not firsts:
        return "✓ The tours planned keep every rotation in its band for the months shown."
    parts = []
    for name, row in firsts.items():
        by = row.recruit_by
        late = by is not None and by < result.today
        when = f"approve {row.shortfall} by {_day(by)}" + (" (late)" if late else "")
        parts.append(f"⚠ {name}: short from {user_locale.month_year(row.month)} — {when}")
    return "<br>".join(parts)


class ForecastPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("<b>Recruitment forecast</b>")
        self.summary = WrappedLabel()
        self.note = WrappedLabel()
        palette.ink(self.note, "muted")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setAccessibleName("Recruitment forecast")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def set_forecast(self, result: Forecast) -> None:
        self.summary.setText(headline(result))
        self.summary.setToolTip(
            rule_tip("A rotation falls short of its band", SHORTFALL_RULE) if result.short else ""
        )
        short = result.short
        palette.follow(self.summary, lambda: "" if short else palette.css_color("ok"))
        note = (
            f"Team: the smallest team on any day of the month from the tours planned. "
            f"Recruit by: approve volunteers by then ({result.lead_weeks} weeks' intake lead "
            f"time, at most the joins a month the stagger rules allow)."
        )
        if result.waiting:
            note += (
                f" {result.waiting} approved volunteer(s) wait for a tour and are not counted:"
                " Plan tours first."
            )
        self.note.setText(note)
        # Columns fit their contents once, after the fill: fitting them on every item set
        # (ResizeToContents while filling) cost ~5 ms an item.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setRowCount(len(result.rows))
        for n, row in enumerate(result.rows):
            late = row.recruit_by is not None and row.recruit_by < result.today
            values = (
                row.rotation,
                user_locale.month_year(row.month),
                str(row.team_size),
                f"{row.band_min}–{row.band_max}",
                str(row.shortfall) if row.shortfall else "",
                _by_text(row.recruit_by, late),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if row.shortfall:
                    item.setForeground(palette.qcolor("error"))
                    if late:
                        item.setBackground(palette.qcolor("error_fill"))
                    item.setToolTip(
                        rule_tip(
                            f"{row.rotation} needs {row.shortfall} more from {row.short_from}: "
                            f"band {row.band_min}–{row.band_max}, approve by {row.recruit_by}",
                            SHORTFALL_RULE,
                        )
                    )
                self.table.setItem(n, col, item)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        first = next((n for n, r in enumerate(result.rows) if r.shortfall), None)
        if first is not None:  # once laid out: the first short month at the top
            QTimer.singleShot(0, self, lambda: self._scroll_to_row(first))

    def _scroll_to_row(self, row: int) -> None:
        if row < self.table.rowCount():
            index = self.table.model().index(row, 0)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)


def _day(day: date | None) -> str:
    """A day in the user's locale (ISO under the C locale)."""
    return "" if day is None else user_locale.short_date(day)


def _by_text(day: date | None, late: bool) -> str:
    if day is None:
        return ""
    return f"{_day(day)} (late)" if late else _day(day)

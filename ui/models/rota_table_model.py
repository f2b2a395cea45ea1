"""The rota grid: one row per week, one column per rotation (after the week column).

Each cell is a :class:`planner.rota.weeks.RotaRow` (or None when the week has no shift of that
rotation). A proposal from the planner can be laid over the grid: proposed assignees show
in their place, marked, until the proposal is accepted or discarded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication

from planner.rota.eligibility import rule_of
from planner.rota.shifts import GAP_RULE
from planner.rota.weeks import RotaRow
from ui import palette, user_locale
from ui.rule_tips import rule_line

Index = QModelIndex | QPersistentModelIndex
CELL_ROLE = Qt.ItemDataRole.UserRole + 1

_PALETTE_ROLES = frozenset(
    {
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)
STATE_LABELS = {"draft": "Draft", "published": "Published", "worked": "Worked"}
# A gap is unmistakable in every view: this red, and the word, never a tint alone.
UNCOVERED = "Uncovered"


@dataclass(frozen=True)
class Proposed:
    """A proposed assignee of one slot."""

    name: str
    site: str
    colour: str


@dataclass(frozen=True)
class WeekRow:
    week: date
    cells: tuple[RotaRow | None, ...]
    holiday: str = ""


def weeks_from(
    rows: Sequence[RotaRow], rotations: Sequence[tuple[int, str]], weeks: Sequence[date] = ()
) -> list[WeekRow]:
    """Group rota rows into weeks (every one of ``weeks``, even with no shift yet), cells
    in the order of ``rotations``."""
    by_week: dict[date, dict[int, RotaRow]] = {week: {} for week in weeks}
    for row in rows:
        by_week.setdefault(row.week, {})[row.rotation_id] = row
    return [
        WeekRow(week, tuple(cells.get(rid) for rid, _name in rotations))
        for week, cells in sorted(by_week.items())
    ]


SHORT_WARNINGS = (
    ("cover", "is on leave", "cover on leave"),
    ("cover", "outside a tour", "cover outside a tour"),
    ("", "gap must be", "gap rule broken"),
    ("", "is away", "on leave"),
    ("", "not on tour", "outside a tour"),
    ("", "already holds", "double-booked"),
    ("", "takes", "wrong role"),
    ("", "not a site of", "wrong site"),
)


def short_warning(text: str) -> str:
    """A few words for a cell; the full sentence is in the tooltip and the warnings list."""
    for prefix, needle, short in SHORT_WARNINGS:
        if text.startswith(prefix) and needle in text:
            return short
    return text


def tint(colour: str, amount: float = 0.80) -> QColor:
    """A site colour mixed toward the window: readable behind text in light and dark."""
    return palette.site_fill(colour, amount)


def _site(site: str) -> str:
    """A site with its letter, the same letter its colour carries in legends and bars."""
    return f"{site} ({palette.site_letter(site)})" if site else ""


def _short(instant_text: str) -> str:
    return instant_text


class RotaTableModel(QAbstractTableModel):
    COL_WEEK = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rotations: list[tuple[int, str]] = []
        self._weeks: list[WeekRow] = []
        self._proposal: dict[int, Proposed | None] = {}  # shift id -> proposed assignee
        self._tz: Any = None
        # (row, column, role, palette) -> value: the view asks for each cell's roles again on every
        # paint and size hint; the text is formatted once per reset.
        self._cache: dict[tuple[int, int, int, int], Any] = {}

    # -- feeding --------------------------------------------------------------------------
    def set_rows(
        self,
        rows: Sequence[RotaRow],
        rotations: Sequence[tuple[int, str]],
        tz: Any,
        weeks: Sequence[date] = (),
    ) -> bool:
        """Show ``rows``; False (and no reset: the selection, the scroll position and the
        row heights stay) when that is what the grid shows already."""
        shown = weeks_from(rows, rotations, weeks)
        if (shown, list(rotations), tz) == (self._weeks, self._rotations, self._tz):
            return False
        self.beginResetModel()
        self._rotations = list(rotations)
        self._weeks = shown
        self._tz = tz
        self._cache.clear()
        self.endResetModel()
        return True

    def set_proposal(self, proposal: dict[int, Proposed | None]) -> None:
        self.beginResetModel()
        self._proposal = dict(proposal)
        self._cache.clear()
        self.endResetModel()

    def proposal(self) -> dict[int, Proposed | None]:
        return dict(self._proposal)

    def cell(self, row: int, column: int) -> RotaRow | None:
        if column == self.COL_WEEK or not 0 <= row < len(self._weeks):
            return None
        return self._weeks[row].cells[column - 1]

    def week_at(self, row: int) -> date:
        return self._weeks[row].week

    def rotations(self) -> list[tuple[int, str]]:
        return list(self._rotations)

    # -- Qt -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._weeks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 1 + len(self._rotations)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return "Week" if section == 0 else self._rotations[section - 1][1]

    def _local(self, row: RotaRow, which: str) -> str:
        instant: datetime = getattr(row, which)
        return user_locale.day_time(instant.astimezone(self._tz))

    def display(self, row: int, column: int) -> str:
        week = self._weeks[row]
        if column == self.COL_WEEK:
            return f"{user_locale.day_year(week.week)}\nto {user_locale.day(week.week + timedelta(days=7))}"
        cell = week.cells[column - 1]
        if cell is None:
            return "Not planned yet"
        proposed = (
            self._proposal.get(cell.shift_id, cell) if cell.shift_id in self._proposal else None
        )
        lines: list[str] = []
        if isinstance(proposed, Proposed) or (cell.shift_id in self._proposal and proposed is None):
            who = proposed.name if isinstance(proposed, Proposed) else "(uncovered)"
            site = _site(proposed.site) if isinstance(proposed, Proposed) else ""
            lines.append(f"{who}  → proposed")
            lines.append(
                " · ".join(x for x in (site, f"was {cell.assignee_name or 'nobody'}") if x)
            )
        else:
            lines.append(cell.assignee_name or UNCOVERED)
            lines.append(
                " · ".join(
                    x for x in (_site(cell.site), STATE_LABELS.get(cell.state, cell.state)) if x
                )
            )
        for cover in cell.covers:
            lines.append(
                f"↳ {cover.name}: {user_locale.weekday_clock(cover.start.astimezone(self._tz))}–"
                f"{user_locale.weekday_clock(cover.end.astimezone(self._tz))}"
            )
        if cell.shift_id in self._proposal:
            return "\n".join(lines)  # the warnings are about the assignee being replaced
        shown = list(dict.fromkeys(short_warning(w) for w in cell.warnings if w != "uncovered"))
        if shown:
            lines.append("⚠ " + ", ".join(shown))
        return "\n".join(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        # Colours (and the tooltip's coloured words) follow the system palette as it is now:
        # they are kept per palette, the rest per reset.
        palette_key = QGuiApplication.palette().cacheKey() if role in _PALETTE_ROLES else 0
        key = (index.row(), index.column(), role, palette_key)
        if key in self._cache:
            return self._cache[key]
        value = self._cache[key] = self._data(index.row(), index.column(), role)
        return value

    def _data(self, r: int, c: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(r, c)
        if role == CELL_ROLE:
            return self.cell(r, c)
        cell = self.cell(r, c)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if c == self.COL_WEEK:
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if cell is None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(palette.qcolor("muted"))
            return None
        proposed = cell.shift_id in self._proposal
        if role == Qt.ItemDataRole.BackgroundRole:
            if proposed:
                p = self._proposal[cell.shift_id]
                return QBrush(tint(p.colour, 0.65) if p else palette.qcolor("gap_fill"))
            if cell.volunteer_id is None:
                return QBrush(palette.qcolor("gap_fill"))
            return QBrush(tint(cell.colour, 0.55 if cell.state == "published" else 0.82))
        if role == Qt.ItemDataRole.ForegroundRole:
            if cell.warnings and not proposed:
                return QBrush(palette.qcolor("error"))
            if cell.state == "worked":
                return QBrush(palette.qcolor("muted"))
            return None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(cell.state == "draft" and not proposed)
            font.setBold(proposed)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(cell)
        return None

    def tooltip(self, cell: RotaRow) -> str:
        lines = [
            f"<b>{cell.rotation}</b>, week of {user_locale.day_month_year(cell.week)}",
            f"{self._local(cell, 'slot_start')} → {self._local(cell, 'slot_end')}"
            f" · {user_locale.measure(cell.out_of_hours_hours)} out-of-hours hours",
            f"{cell.assignee_name or 'Uncovered'}"
            + (f" ({cell.site})" if cell.site else "")
            + f" · {STATE_LABELS.get(cell.state, cell.state)}",
        ]
        for cover in cell.covers:
            lines.append(
                f"Covered by {cover.name}: {user_locale.day_time(cover.start.astimezone(self._tz))} → "
                f"{user_locale.day_time(cover.end.astimezone(self._tz))}"
            )
        for warning in cell.warnings:
            lines += [palette.span("error", f"⚠ {warning}"), rule_line(rule_of(warning))]
        proposed = self._proposal.get(cell.shift_id, False) if cell.shift_id else False
        if proposed is None:  # the proposal leaves it uncovered
            lines += [palette.span("error", "⚠ uncovered in the proposal"), rule_line(GAP_RULE)]
        return "<br>".join(lines)

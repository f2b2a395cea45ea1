"""The import wizard's preview: one row per line of the file, new / update / error."""

from __future__ import annotations

import re

from planner.people.intake import RowPreview
from ui import palette
from ui.models.row_table_model import RowTableModel

_LINE_PREFIX = re.compile(r"^line \d+, column ")


def _short(message: str) -> str:
    """The Line column already says which line: 'line 6, column Email: x' -> 'Email: x'."""
    return _LINE_PREFIX.sub("", message)


ACTION_LABELS = {"new": "New", "update": "Update", "unchanged": "Unchanged", "error": "Error"}
ACTION_FILLS = {
    "new": "new_fill",
    "update": "update_fill",
    "unchanged": None,
    "error": "error_fill",
}


class IntakePreviewTableModel(RowTableModel[RowPreview]):
    COL_LINE, COL_ACTION, COL_NAME, COL_EMAIL, COL_OFFICE, COL_ROLE, COL_DETAIL = range(7)
    COLUMNS = (
        ("Line", lambda r: r.line, None),
        ("Action", lambda r: ACTION_LABELS[r.action], None),
        ("Name", lambda r: r.name, None),
        ("Email", lambda r: r.email, None),
        ("Site", lambda r: r.office, None),
        ("Role", lambda r: r.role.capitalize(), None),
        ("What happens", lambda r: "; ".join(_short(e) for e in r.errors or r.changes), None),
    )
    HEADER_TOOLTIPS = {COL_OFFICE: "The site, from the file's Office column"}

    def background(self, row: RowPreview, column: int) -> object:
        fill = ACTION_FILLS[row.action]
        return palette.qcolor(fill) if fill else None

    def foreground(self, row: RowPreview, column: int) -> object:
        if row.action == "error" and column in (self.COL_ACTION, self.COL_DETAIL):
            return palette.qcolor("error")
        return None

    def tooltip(self, row: RowPreview, column: int) -> object:
        return "\n".join(row.errors or row.changes) or None

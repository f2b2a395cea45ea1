"""The Audit screen's table: one row per change, newest first, times in the home zone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from planner.core.audit_log import AuditRow
from ui.models.row_table_model import RowTableModel

Columns = Sequence[tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None]]


def _about(row: AuditRow) -> str:
    if row.subject:
        return row.subject
    return "" if row.entity_id is None else f"#{row.entity_id}"


class AuditTableModel(RowTableModel[AuditRow]):
    COL_AT, COL_ACTION, COL_KIND, COL_ABOUT, COL_DETAIL, COL_USER = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz: Any = None  # the home site's zone, set before the rows
        # An attribute, built once: data() reads it for every cell (``_at`` reads the zone
        # when called, so it follows ``tz``).
        self.COLUMNS: Columns = (
            ("When", self._at, lambda r: (r.at, r.id)),
            ("Action", lambda r: r.action, None),
            ("Kind", lambda r: r.entity.replace("_", " "), None),
            ("About", _about, None),
            ("Details", lambda r: r.detail_text(), None),
            ("By", lambda r: r.os_user, None),
        )

    def _at(self, row: AuditRow) -> str:
        local = row.at.astimezone(self.tz) if self.tz else row.at
        return f"{local:%Y-%m-%d %H:%M:%S}"

    def tooltip(self, row: AuditRow, column: int) -> Any:
        return row.detail_text() if column == self.COL_DETAIL else None

"""The volunteers table."""

from __future__ import annotations

from planner.core.text import name_key
from planner.people.volunteers import VolunteerRow
from ui.models.row_table_model import RowTableModel

STATUS_LABELS = {
    "applied": "Applied",
    "approved": "Approved",
    "on_tour": "On tour",
    "alumni": "Alumni",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
}


class VolunteersTableModel(RowTableModel[VolunteerRow]):
    COL_NAME, COL_EMAIL, COL_SITE, COL_TEAM, COL_ROLE, COL_MANAGER, COL_STATUS = range(7)
    COLUMNS = (
        ("Name", lambda v: v.name, lambda v: name_key(v.name)),
        ("Email", lambda v: v.email, None),
        ("Site", lambda v: v.site, None),
        ("Team", lambda v: v.team, None),
        ("Role", lambda v: v.role.capitalize(), None),
        ("Manager", lambda v: v.manager, None),
        ("Status", lambda v: STATUS_LABELS.get(v.status, v.status), None),
    )
    HEADER_TOOLTIPS = {COL_SITE: "The office the volunteer works from"}

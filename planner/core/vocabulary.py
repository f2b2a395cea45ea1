"""The fixed words of the domain (roles, statuses, per-rotation setting keys, audit kinds).

Kept apart from the tables so the command line can offer them as choices (and print
``--help``) without importing SQLModel.
"""

from __future__ import annotations

ROLES = ("engineer", "leader")
STATUSES = ("applied", "approved", "on_tour", "alumni", "declined", "withdrawn")
ROTATION_KEYS = ("team_min", "team_max", "min_experienced", "min_gap_weeks")
AUDIT_KINDS = (
    "database",
    "page",
    "pay_run",
    "rotation",
    "setting",
    "shift",
    "site",
    "tour",
    "volunteer",
)

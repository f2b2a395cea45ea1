"""The tables. Importing this package registers every table on ``SQLModel.metadata``."""

from planner.core.models.activity import Page, RestEntry
from planner.core.models.audit import AuditEntry, Setting
from planner.core.models.feed import FeedEvent
from planner.core.models.pay import PayLine, PayRun
from planner.core.models.people import ROLES, STATUSES, Site, Tour, Unavailability, Volunteer
from planner.core.models.rota import (
    Cover,
    Rotation,
    RotationFee,
    RotationSite,
    RotationWindow,
    Shift,
)
from planner.core.models.types import UTCDateTime, metadata, utc_now

__all__ = [
    "ROLES",
    "STATUSES",
    "AuditEntry",
    "Cover",
    "FeedEvent",
    "Page",
    "PayLine",
    "PayRun",
    "RestEntry",
    "Rotation",
    "RotationFee",
    "RotationSite",
    "RotationWindow",
    "Setting",
    "Shift",
    "Site",
    "Tour",
    "UTCDateTime",
    "Unavailability",
    "Volunteer",
    "metadata",
    "utc_now",
]

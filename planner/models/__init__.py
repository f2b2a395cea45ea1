"""The tables. Importing this package registers every table on ``SQLModel.metadata``."""

from planner.models.activity import Page, RestEntry
from planner.models.audit import AuditEntry, Setting
from planner.models.feed import FeedEvent
from planner.models.pay import PayLine, PayRun
from planner.models.people import ROLES, STATUSES, Site, Tour, Unavailability, Volunteer
from planner.models.rota import (
    Cover,
    Rotation,
    RotationFee,
    RotationSite,
    RotationWindow,
    Shift,
)
from planner.models.types import UTCDateTime, metadata, utc_now

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

"""The tables, each declared when it is first named (a command reading volunteers does not
pay for declaring the rota, pay and page tables).

``from planner.core.models import Volunteer`` imports the module declaring it (and the
modules its foreign keys point to); :func:`load_all` declares every table on
``SQLModel.metadata``, as Alembic and anything comparing the schema need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from planner.core.models.types import UTCDateTime, metadata, utc_now
from planner.core.vocabulary import ROLES, STATUSES

if TYPE_CHECKING:
    from planner.core.models.activity import Page, RestEntry
    from planner.core.models.audit import AuditEntry, Setting
    from planner.core.models.feed import FeedEvent
    from planner.core.models.pay import PayLine, PayRun
    from planner.core.models.people import Site, Tour, Unavailability, Volunteer
    from planner.core.models.rota import (
        Cover,
        Rotation,
        RotationFee,
        RotationSite,
        RotationWindow,
        Shift,
    )

# Each table's class and the module declaring it.
_MODULE_OF = {
    "Page": "activity",
    "RestEntry": "activity",
    "AuditEntry": "audit",
    "Setting": "audit",
    "FeedEvent": "feed",
    "PayLine": "pay",
    "PayRun": "pay",
    "Site": "people",
    "Tour": "people",
    "Unavailability": "people",
    "Volunteer": "people",
    "Cover": "rota",
    "Rotation": "rota",
    "RotationFee": "rota",
    "RotationSite": "rota",
    "RotationWindow": "rota",
    "Shift": "rota",
}
MODULES = ("activity", "audit", "feed", "pay", "people", "rota")


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def load_all() -> None:
    """Declare every table on ``SQLModel.metadata``."""
    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")


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
    "load_all",
    "metadata",
    "utc_now",
]

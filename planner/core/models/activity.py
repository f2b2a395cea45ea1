"""What happened on call: pages and the rest-day log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

import planner.core.models.people  # noqa: F401  (tables its foreign keys point to)
import planner.core.models.rota  # noqa: F401  (tables its foreign keys point to)
from planner.core.models.types import UTCDateTime, fk_column

FOLLOW_UP_STATES = ("open", "done")


class Page(SQLModel, table=True):
    """An out-of-hours page. ``source_id``: the incident id in the paging tool (PagerDuty),
    unique, so an incident imported twice is skipped. Its follow-up: the owning team, the
    link of the issue opened for it, and its state (None: no follow-up yet, open, done)."""

    __table_args__ = (
        CheckConstraint("minutes >= 0 AND minutes <= 1440", name="minutes_sane"),
        CheckConstraint(
            "follow_up_state IS NULL OR follow_up_state IN ('open', 'done')",
            name="follow_up_state_known",
        ),
        UniqueConstraint("source_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    responder_id: int = Field(sa_column=fk_column("volunteer.id"))
    minutes: int = 0
    summary: str = ""
    link: str = ""
    night: bool = False
    shift_id: int | None = Field(default=None, sa_column=fk_column("shift.id", "SET NULL", True))
    source_id: str | None = None
    service: str = ""
    follow_up_team: str = ""
    follow_up_link: str = ""
    follow_up_state: str | None = None


class RestEntry(SQLModel, table=True):
    """A rest day entitled (with its reason) or taken. ``half_days``: 2 = one full day."""

    __tablename__ = "rest_entry"

    __table_args__ = (
        CheckConstraint("kind IN ('entitled', 'taken')", name="kind_known"),
        CheckConstraint("reason IN ('night_page', 'travel', 'manual', '')", name="reason_known"),
        CheckConstraint("half_days > 0", name="half_days_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(sa_column=fk_column("volunteer.id", ondelete="CASCADE"))
    kind: str
    day: date
    half_days: int = 2
    reason: str = ""
    page_id: int | None = Field(default=None, sa_column=fk_column("page.id", "SET NULL", True))
    note: str = ""

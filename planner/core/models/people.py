"""Sites, volunteers, their unavailability and their tours."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from planner.core.models.types import UTCDateTime, fk_column, utc_now
from planner.core.vocabulary import ROLES, STATUSES

__all__ = ["ROLES", "STATUSES", "Site", "Tour", "Unavailability", "Volunteer"]


class Site(SQLModel, table=True):
    """An office: its time zone, currency and public-holiday calendar."""

    __table_args__ = (
        CheckConstraint("length(currency) = 3 AND currency = upper(currency)", name="currency_iso"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    timezone: str
    currency: str = Field(max_length=3)
    holiday_country: str
    holiday_subdivision: str | None = None
    is_home: bool = False
    colour: str = "#888888"


class Volunteer(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("role IN ('engineer', 'leader')", name="role_known"),
        CheckConstraint(
            "status IN ('applied', 'approved', 'on_tour', 'alumni', 'declined', 'withdrawn')",
            name="status_known",
        ),
        CheckConstraint("email = lower(email) AND email LIKE '%_@_%'", name="email_form"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    email: str = Field(unique=True)
    site_id: int = Field(sa_column=fk_column("site.id"))
    team: str = ""
    role: str = "engineer"
    manager: str = ""
    status: str = "applied"
    available_from: date | None = None
    notes: str = ""
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Unavailability(SQLModel, table=True):
    """Dates a volunteer is away: first to last day, inclusive."""

    __table_args__ = (CheckConstraint("last_day >= first_day", name="dates_in_order"),)

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(sa_column=fk_column("volunteer.id", ondelete="CASCADE"))
    first_day: date
    last_day: date
    reason: str = ""


class Tour(SQLModel, table=True):
    """One volunteer's stint. ``end`` is exclusive: the tour is over when that day begins."""

    __table_args__ = (
        CheckConstraint('"end" > start', name="end_after_start"),
        CheckConstraint("target_min >= 0 AND target_max >= target_min", name="targets_in_order"),
        UniqueConstraint("volunteer_id", "start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(sa_column=fk_column("volunteer.id", ondelete="CASCADE"))
    start: date
    end: date = Field(index=True)  # the Rota screen's tours running in a range
    target_min: int = 3
    target_max: int = 4
    note: str = ""

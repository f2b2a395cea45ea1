"""What happened on call: pages and the rest-day log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from planner.core.models.types import UTCDateTime, fk_column


class Page(SQLModel, table=True):
    __table_args__ = (CheckConstraint("minutes >= 0 AND minutes <= 1440", name="minutes_sane"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    responder_id: int = Field(sa_column=fk_column("volunteer.id"))
    minutes: int = 0
    summary: str = ""
    link: str = ""
    night: bool = False
    shift_id: int | None = Field(default=None, sa_column=fk_column("shift.id", "SET NULL", True))


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

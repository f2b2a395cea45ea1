"""Pay runs and pay lines. Money is integer minor units with an ISO 4217 currency."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

import planner.core.models.people  # noqa: F401  (tables its foreign keys point to)
import planner.core.models.rota  # noqa: F401  (tables its foreign keys point to)
from planner.core.models.types import MonthText, UTCDateTime, fk_column
from planner.core.month import Month


class PayRun(SQLModel, table=True):
    """One month's pay lines: draft -> exported -> closed. A closed run never changes."""

    __tablename__ = "pay_run"

    __table_args__ = (
        CheckConstraint("state IN ('draft', 'exported', 'closed')", name="state_known"),
        CheckConstraint("month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'", name="month_form"),
    )

    id: int | None = Field(default=None, primary_key=True)
    month: Month = Field(sa_type=MonthText, unique=True)
    state: str = "draft"
    built_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    exported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PayLine(SQLModel, table=True):
    __tablename__ = "pay_line"

    __table_args__ = (
        CheckConstraint("kind IN ('shift', 'holiday', 'adjustment')", name="kind_known"),
        CheckConstraint("length(currency) = 3 AND currency = upper(currency)", name="currency_iso"),
        CheckConstraint("minutes >= 0", name="minutes_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pay_run_id: int = Field(sa_column=fk_column("pay_run.id", ondelete="CASCADE"))
    volunteer_id: int = Field(sa_column=fk_column("volunteer.id"))
    shift_id: int | None = Field(default=None, sa_column=fk_column("shift.id", "SET NULL", True))
    rotation_id: int = Field(sa_column=fk_column("rotation.id"))
    slot_start: datetime = Field(sa_type=UTCDateTime)
    kind: str = "shift"
    minutes: int = 0
    amount_minor: int
    currency: str = Field(max_length=3)
    pay_month: Month = Field(sa_type=MonthText)
    reason: str = ""

"""Rotations (layers of the rota), their fees and windows; shifts and covers."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

import planner.core.models.people  # noqa: F401  (tables its foreign keys point to)
from planner.core.models.types import UTCDateTime, fk_column


class Rotation(SQLModel, table=True):
    """A layer of the rota. ``eligible_roles`` is a comma-separated list of roles."""

    __table_args__ = (CheckConstraint("min_gap_weeks >= 0", name="gap_not_negative"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    eligible_roles: str = "engineer"
    min_gap_weeks: int = 3
    position: int = 0
    # Staggering band and experience rule for this rotation; None: the global setting.
    team_min: int | None = None
    team_max: int | None = None
    min_experienced: int | None = None
    # Retired: no slot of this rotation starts on or after this day (home time).
    retired_from: date | None = None

    def roles(self) -> list[str]:
        return [r.strip() for r in self.eligible_roles.split(",") if r.strip()]


class RotationSite(SQLModel, table=True):
    """Sites eligible for a rotation. A rotation with no rows here takes every site."""

    __tablename__ = "rotation_site"

    rotation_id: int = Field(
        sa_column=Column(Integer, ForeignKey("rotation.id", ondelete="CASCADE"), primary_key=True)
    )
    site_id: int = Field(
        sa_column=Column(Integer, ForeignKey("site.id", ondelete="CASCADE"), primary_key=True)
    )


class RotationWindow(SQLModel, table=True):
    """A daily window (restriction) in the home site's local time; end <= start wraps midnight."""

    __tablename__ = "rotation_window"

    id: int | None = Field(default=None, primary_key=True)
    rotation_id: int = Field(sa_column=fk_column("rotation.id", ondelete="CASCADE"))
    start: time
    end: time


class RotationFee(SQLModel, table=True):
    """The fee per shift in one currency, in force from ``effective_from`` on."""

    __tablename__ = "rotation_fee"

    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="fee_positive"),
        CheckConstraint("holiday_supplement_minor >= 0", name="supplement_not_negative"),
        CheckConstraint("length(currency) = 3 AND currency = upper(currency)", name="currency_iso"),
        UniqueConstraint("rotation_id", "currency", "effective_from"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rotation_id: int = Field(sa_column=fk_column("rotation.id", ondelete="CASCADE"))
    currency: str = Field(max_length=3)
    amount_minor: int
    holiday_supplement_minor: int = 0
    effective_from: date


class Shift(SQLModel, table=True):
    """A slot of a rotation, [slot_start, slot_end), with its assignee (None: uncovered).

    ``state`` is draft or published; a published shift whose slot has ended is worked.
    """

    __table_args__ = (
        CheckConstraint("slot_end > slot_start", name="end_after_start"),
        CheckConstraint("state IN ('draft', 'published')", name="state_known"),
        UniqueConstraint("rotation_id", "slot_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rotation_id: int = Field(sa_column=fk_column("rotation.id"))
    slot_start: datetime = Field(sa_type=UTCDateTime, index=True)
    slot_end: datetime = Field(sa_type=UTCDateTime, index=True)
    volunteer_id: int | None = Field(
        default=None, sa_column=fk_column("volunteer.id", nullable=True)
    )
    state: str = "draft"


class Cover(SQLModel, table=True):
    """Part of a shift, [start, end), taken by another volunteer."""

    __table_args__ = (CheckConstraint('"end" > start', name="end_after_start"),)

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(sa_column=fk_column("shift.id", ondelete="CASCADE"))
    volunteer_id: int = Field(sa_column=fk_column("volunteer.id"))
    start: datetime = Field(sa_type=UTCDateTime)
    end: datetime = Field(sa_type=UTCDateTime)
    note: str = ""

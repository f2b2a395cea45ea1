"""The audit log and the key/value settings."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from planner.core.models.types import UTCDateTime, utc_now


class AuditEntry(SQLModel, table=True):
    """One change: when, which OS user, what (action on an entity, with details as JSON)."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, index=True)
    os_user: str = ""
    action: str
    entity: str = ""
    entity_id: int | None = None
    detail: str = ""


class Setting(SQLModel, table=True):
    """A setting; ``value`` holds JSON."""

    key: str = Field(primary_key=True)
    value: str

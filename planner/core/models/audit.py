"""The audit log and the key/value settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from planner.core.models.types import UTCDateTime, utc_now


class AuditEntry(SQLModel, table=True):
    """One change: when, which OS user, what (action on an entity, with details as JSON)."""

    __tablename__ = "audit_log"
    # A volunteer's history and a shift's last change look entries up by what they are about.
    __table_args__ = (Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, index=True)
    os_user: str = ""
    action: str
    entity: str = ""
    entity_id: int | None = None
    detail: str = ""
    # The details as the Audit screen shows them (``key=value`` pairs), for its sort and
    # search: written by the database itself (triggers of migration f31a07), from ``detail``.
    detail_text: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Setting(SQLModel, table=True):
    """A setting; ``value`` holds JSON."""

    key: str = Field(primary_key=True)
    value: str

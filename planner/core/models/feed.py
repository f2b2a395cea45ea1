"""What each calendar feed last said about each event, so re-exports update or cancel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from planner.core.models.types import UTCDateTime


class FeedEvent(SQLModel, table=True):
    """One event as last exported in one feed ("team" or "volunteer:<id>").

    A later export that no longer has the event (the shift went to someone else, the cover
    was removed) sends it again as cancelled, with a higher ``sequence``.
    """

    __tablename__ = "feed_event"
    __table_args__ = (UniqueConstraint("feed", "uid"),)

    id: int | None = Field(default=None, primary_key=True)
    feed: str = Field(index=True)
    uid: str
    start: datetime = Field(sa_type=UTCDateTime)
    end: datetime = Field(sa_type=UTCDateTime)
    summary: str = ""
    fingerprint: str = ""
    sequence: int = 0
    cancelled: bool = False

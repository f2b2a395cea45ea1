"""Column types shared by the tables: UTC instants, months and the metadata naming convention."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, MetaData
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from planner.core.dates import utc_now as utc_now  # where it always was
from planner.core.month import Month

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: stored as naive UTC, always returned timezone-aware in UTC.

    Naive datetimes are refused so that a local wall-clock time can never be stored by
    mistake as if it were UTC.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"instant {value.isoformat()} has no time zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class MonthText(TypeDecorator[Month]):
    """A calendar month: stored as the text "YYYY-MM" (as it always was), returned as a
    ``Month``. The database is one of the edges where a month is parsed."""

    impl = AutoString
    cache_ok = True

    def process_bind_param(self, value: Month | str | None, dialect: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):  # a month typed into a query by hand: checked here
            value = Month.parse(value)
        return str(value)

    def process_result_value(self, value: str | None, dialect: object) -> Month | None:
        return None if value is None else Month.parse(value)


def fk_column(target: str, ondelete: str = "RESTRICT", nullable: bool = False) -> Column[int]:
    """An indexed integer foreign key column."""
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)

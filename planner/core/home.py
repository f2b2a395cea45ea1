"""The home site and its calendar: office hours, holidays and handover from the settings."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from planner.core import settings
from planner.core.errors import PlannerError
from planner.core.models import Site
from planner.core.models.types import utc_now
from planner.core.out_of_hours import DailyWindow, HomeCalendar

if TYPE_CHECKING:  # the rota's tables are declared when a rota query first runs
    from planner.core.models import Rotation


def home_site(session: Session) -> Site:
    site = session.exec(select(Site).where(Site.is_home == True)).first()  # noqa: E712
    if site is None:
        raise PlannerError("no home site is set")
    return site


def home_today(session: Session, now: datetime | None = None) -> date:
    """Today's date at the home site (not the computer's): what statuses are derived from."""
    return (now or utc_now()).astimezone(ZoneInfo(home_site(session).timezone)).date()


def home_calendar(session: Session) -> HomeCalendar:
    """The home site's calendar with the office hours and handover of the settings."""
    site = home_site(session)
    return HomeCalendar(
        timezone=site.timezone,
        holiday_country=site.holiday_country,
        holiday_subdivision=site.holiday_subdivision,
        office_days=frozenset(settings.get(session, "office_days")),
        office_start=settings.get_time(session, "office_start"),
        office_end=settings.get_time(session, "office_end"),
        handover_weekday=settings.get(session, "handover_weekday"),
        handover_time=settings.get_time(session, "handover_time"),
    )


def rotation_windows(session: Session, rotation: Rotation) -> tuple[DailyWindow, ...]:
    from planner.core.models import RotationWindow

    rows = session.exec(
        select(RotationWindow)
        .where(RotationWindow.rotation_id == rotation.id)
        .order_by(col(RotationWindow.start))
    ).all()
    return tuple(
        DailyWindow(time.fromisoformat(str(w.start)), time.fromisoformat(str(w.end))) for w in rows
    )


def rotations(session: Session) -> list[Rotation]:
    from planner.core.models import Rotation

    return list(
        session.exec(select(Rotation).order_by(col(Rotation.position), col(Rotation.id))).all()
    )


def rotation_by_name(session: Session, name: str) -> Rotation:
    for rotation in rotations(session):
        if rotation.name.lower() == name.strip().lower():
            return rotation
    known = ", ".join(r.name for r in rotations(session))
    raise PlannerError(f"unknown rotation {name!r}; expected one of {known}")


def sites(session: Session) -> list[Site]:
    """Every site (office), in the order they were set up."""
    return list(session.exec(select(Site).order_by(col(Site.id))).all())


def site_currencies(session: Session) -> list[str]:
    """The currencies the sites pay in, sorted."""
    return sorted({s.currency for s in sites(session)})

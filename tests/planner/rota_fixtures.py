"""Small teams built in a real database for the rota and allocation tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from planner.core.models import Volunteer
from planner.people import tours, volunteers

# A Monday; the first handover on or after it is Friday 2027-03-05 18:00 Dublin (= UTC).
START = date(2027, 3, 1)
FIRST_HANDOVER = date(2027, 3, 5)
BEFORE = datetime(2027, 1, 1, tzinfo=UTC)  # "now" in these tests: before every slot


def person(
    session: Session,
    name: str,
    site: str = "Dublin",
    role: str = "engineer",
    tour: tuple[date, date] | None = (date(2027, 1, 1), date(2027, 12, 1)),
    targets: tuple[int, int] = (3, 12),
) -> Volunteer:
    email = name.lower().replace(" ", ".") + "@example.com"
    v = volunteers.create(session, name=name, email=email, site=site, role=role, status="on_tour")
    if tour:
        tours.create_tour(session, v, tour[0], tour[1], targets[0], targets[1])
    return v


def freeze_now(monkeypatch, instant: datetime) -> None:  # type: ignore[no-untyped-def]
    """Make the rota services see ``instant`` as now (so tests never depend on the clock)."""
    for module in (
        "planner.rota.weeks",
        "planner.rota.allocation",
        "planner.rota.covers",
        "planner.rota.shifts",
    ):
        monkeypatch.setattr(f"{module}.utc_now", lambda: instant)


def freeze_computer_date(monkeypatch, instant: datetime, *modules: str) -> None:  # type: ignore[no-untyped-def]
    """Make ``date.today()`` in ``modules`` answer as the computer would at ``instant``: that
    instant's day in the process's own zone (``TZ``; e.g. ``computer_in_san_francisco``).
    With the home site's clock frozen too, code that asks the computer shows its day."""

    class ComputerDate(date):
        @classmethod
        def today(cls) -> date:
            return instant.astimezone().date()

    for module in modules:
        monkeypatch.setattr(f"{module}.date", ComputerDate, raising=False)

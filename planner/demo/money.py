"""Demo step: pages (some at night, across sites), rest entries, closed pay runs.

Runs after the rota step and works from whatever worked shifts exist: with none it adds
nothing but a travel entitlement. Pay runs are closed for every month before last month;
last month's run is built and left a draft for the coordinator to export and close.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, select

from planner.core.home import home_calendar, rotations
from planner.core.models import Cover, Shift, Site, Volunteer
from planner.core.month import Month
from planner.core.out_of_hours import HomeCalendar
from planner.pay import pages, rest
from planner.pay import runs as pay_runs
from planner.pay.lines import pay_month_of
from planner.rota.shifts import effective_state, holdings

SUMMARIES = [
    ("Checkout latency above SLO", "https://status.example.com/inc/"),
    ("Disk 92% full on db-eu-3", "https://status.example.com/inc/"),
    ("Payment webhook retries piling up", "https://status.example.com/inc/"),
    ("Messenger push backlog", "https://status.example.com/inc/"),
    ("Certificate expiring in 48 h", "https://status.example.com/inc/"),
    ("Login error rate 4%", "https://status.example.com/inc/"),
]
CLOSE_BEFORE_MONTHS = 1


def _local(tz: str, day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(tz)).astimezone(UTC)


def build(session: Session, today: date) -> None:
    rng = random.Random(20261126)
    now = datetime.combine(today, time(0), UTC)
    cal = home_calendar(session)
    tz_of = {
        v.id: s.timezone
        for v, s in session.exec(
            select(Volunteer, Site).join(Site, col(Site.id) == col(Volunteer.site_id))
        )
    }
    worked = [
        s
        for s in session.exec(
            select(Shift).where(Shift.slot_end <= now).order_by(col(Shift.slot_start))
        )
        if effective_state(s, now) == "worked"
    ]
    count = 0
    for shift in worked:
        covers = list(session.exec(select(Cover).where(Cover.shift_id == shift.id)))
        quiet = 0.25 if shift.rotation_id != rotations(session)[0].id else 1.0  # L2 is rarer
        for holding in holdings(shift, covers):
            tz = tz_of[holding.volunteer_id]
            first = holding.start.astimezone(ZoneInfo(tz)).date()
            for offset in range((holding.end - holding.start).days + 2):
                day = first + timedelta(days=offset)
                # Nights more often on the Primary rotation; evenings now and then.
                for hour in (2, 21):
                    if rng.random() > quiet * (0.12 if hour == 2 else 0.08):
                        continue
                    at = _local(tz, day, hour, rng.randrange(0, 60, 5))
                    if not holding.start <= at < holding.end:
                        continue
                    summary, link = SUMMARIES[count % len(SUMMARIES)]
                    holder = session.get(Volunteer, holding.volunteer_id)
                    assert holder is not None  # holdings name stored volunteers
                    email = holder.email
                    pages.add_page(
                        session,
                        at,
                        email,
                        rng.choice([10, 15, 25, 40, 75]),
                        summary,
                        f"{link}{1000 + count}",
                    )
                    count += 1
    _rest_taken(session, rng, today)
    _close_early_months(session, cal, worked, today, now)


def _rest_taken(session: Session, rng: random.Random, today: date) -> None:
    """Most people take their rest within a couple of weeks; some let it go stale."""
    for entry in rest.rest_log(session, end=today):
        if entry.kind != "entitled" or rng.random() > 0.75:
            continue
        volunteer = session.exec(select(Volunteer).where(Volunteer.email == entry.email)).one()
        day = min(entry.day + timedelta(days=rng.randint(1, 6)), today)
        rest.add_entry(session, volunteer, "taken", day, entry.days, note="rest after the night")
    on_tour = session.exec(
        select(Volunteer).where(Volunteer.status == "on_tour").order_by(Volunteer.name)
    ).all()
    for volunteer in on_tour[:2]:
        rest.add_entry(
            session,
            volunteer,
            "entitled",
            today - timedelta(days=20),
            1,
            "travel",
            "flight home cancelled after the offsite",
        )


def _close_early_months(
    session: Session,
    cal: HomeCalendar,
    worked: list[Shift],
    today: date,
    now: datetime,
) -> None:
    limit = Month.of(today.replace(day=1) - relativedelta(months=CLOSE_BEFORE_MONTHS))
    months = sorted({pay_month_of(cal, s.slot_end) for s in worked})
    for month in months:
        if month > limit:
            break
        pay_runs.build_run(session, month, now)
        if month < limit:  # last month's run stays a draft for the coordinator to export
            pay_runs.mark_exported(session, month, now)
            pay_runs.close_run(session, month, now)

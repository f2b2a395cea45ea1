"""The tour timeline the Tours screen draws: tours per rotation, team size, breaches.

It stands on both ``tours`` (the stored tours) and ``stagger`` (team figures and the
band's rules), so neither of those needs the other's reverse import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from planner.core.models import Site, Tour, Volunteer
from planner.people import stagger, tours
from planner.people.stagger import Candidate, MonthFigures


@dataclass(frozen=True)
class TimelineBar:
    tour_id: int
    volunteer_id: int
    name: str
    email: str
    site: str
    colour: str
    start: date
    end: date  # exclusive
    status: str


@dataclass(frozen=True)
class RotationLane:
    name: str
    bars: list[TimelineBar]
    months: list[MonthFigures]  # one per month of the timeline
    breach_months: dict[date, list[str]]  # month -> breach messages
    runs_out: date | None
    forming: stagger.Forming | None = None  # below its band before it first formed


@dataclass(frozen=True)
class Timeline:
    first: date  # first of the first month shown
    last: date  # first of the month after the last shown
    today: date
    lanes: list[RotationLane]

    @property
    def breaches(self) -> list[str]:
        return [m for lane in self.lanes for ms in lane.breach_months.values() for m in ms]


def timeline(
    session: Session,
    today: date,
    extra: Sequence[Candidate] = (),
    teams: dict[str, stagger.Team] | None = None,
    locale: str | None = None,
) -> Timeline:
    """What the Tours screen draws: per rotation its tours, team size per month, breaches.

    ``extra`` are proposed tours shown as if accepted; ``teams``, ``stagger.teams(session,
    extra)`` if the caller has it already (read once for the timeline and the forecast).
    The breaches' months and days in ``locale`` (the app passes the user's; none: ISO).
    """

    rules_by_rotation = stagger.rules_by_rotation(session)
    teams = stagger.teams(session, extra) if teams is None else teams
    starts = [m.start for t in teams.values() for m in t.members]
    first = stagger.month_of(min([today - relativedelta(months=3), *starts]))
    first = max(first, stagger.month_of(today - relativedelta(months=12)))
    last = stagger.month_of(stagger.horizon_end(teams, today)) + relativedelta(months=1)
    # Only the volunteers with a bar, and only the columns a bar shows.
    members = {m.volunteer_id for team in teams.values() for m in team.members}
    people = {
        vid: (who, email, site, colour)
        for vid, who, email, site, colour in session.connection().execute(
            sa_select(
                col(Volunteer.id),
                col(Volunteer.name),
                col(Volunteer.email),
                col(Site.name),
                col(Site.colour),
            )
            .join(Site, col(Site.id) == col(Volunteer.site_id))
            .where(col(Volunteer.id).in_(members))
        )
    }
    tour_ids = {
        (volunteer_id, start): tour_id
        for tour_id, volunteer_id, start in session.exec(
            select(col(Tour.id), col(Tour.volunteer_id), col(Tour.start))
        ).all()
    }
    lanes = []
    for name, team in teams.items():
        rules = rules_by_rotation[name]
        bars = []
        for m in sorted(team.members, key=lambda m: (m.start, people[m.volunteer_id][0])):
            who, email, site_name, colour = people[m.volunteer_id]
            probe = Tour(volunteer_id=m.volunteer_id, start=m.start, end=m.end)
            bars.append(
                TimelineBar(
                    tour_ids.get((m.volunteer_id, m.start)) or 0,
                    m.volunteer_id,
                    who,
                    email,
                    site_name,
                    colour,
                    m.start,
                    m.end,
                    tours.tour_status(probe, today)
                    if (m.volunteer_id, m.start) in tour_ids
                    else "proposed",
                )
            )
        breach_months: dict[date, list[str]] = {}
        for b in team.breaches(rules, today, last, locale):
            breach_months.setdefault(b.month, []).append(b.message)
        lanes.append(
            RotationLane(
                name,
                bars,
                [team.month_figures(m) for m in stagger.months_between(first, last)],
                breach_months,
                team.runs_out(rules, today),
                team.forming(rules, today, locale),
            )
        )
    return Timeline(first, last, today, lanes)

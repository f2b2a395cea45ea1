"""Demo step: volunteers across the three offices, staggered tours and some leave.

Engineers join on the first of a month in a repeating 1, 1, 2, 1, 1, 1 pattern, so
about seven are on a six-month tour at any time; leaders join every other month.
Tours run from eleven months before ``today`` to about seven months after it.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from planner.core.models import Volunteer
from planner.people import tours, volunteers

ENGINEERS = [
    # name, office, team, manager
    ("Aoife Byrne", "Dublin", "Messenger", "Ciara Nolan"),
    ("Tom Whitaker", "London", "Billing", "Priya Shah"),
    ("Maria Gonzalez", "San Francisco", "Platform", "Kevin Brooks"),
    ("Cian O'Sullivan", "Dublin", "Inbox", "Ciara Nolan"),
    ("Hannah Clarke", "London", "Data", "Priya Shah"),
    ("Darragh Kelly", "Dublin", "Platform", "Fiona Walsh"),
    ("Wei Chen", "San Francisco", "Messenger", "Kevin Brooks"),
    ("Niamh Murphy", "Dublin", "Billing", "Fiona Walsh"),
    ("Oliver Bennett", "London", "Inbox", "Priya Shah"),
    ("Siobhan Doyle", "Dublin", "Data", "Ciara Nolan"),
    ("Jamal Washington", "San Francisco", "Billing", "Kevin Brooks"),
    ("Eoin Fitzgerald", "Dublin", "Messenger", "Fiona Walsh"),
    ("Grace Thompson", "London", "Platform", "Priya Shah"),
    ("Ruairi McCarthy", "Dublin", "Inbox", "Ciara Nolan"),
    ("Priyanka Iyer", "San Francisco", "Data", "Kevin Brooks"),
    ("Sean Gallagher", "Dublin", "Platform", "Fiona Walsh"),
    ("Emily Hughes", "London", "Messenger", "Priya Shah"),
    ("Orla Brennan", "Dublin", "Billing", "Ciara Nolan"),
    ("Lucas Silva", "San Francisco", "Inbox", "Kevin Brooks"),
    ("Roisin Quinn", "Dublin", "Data", "Fiona Walsh"),
    ("Callum Reid", "London", "Billing", "Priya Shah"),
]
LEADERS = [
    ("Ciara Nolan", "Dublin", "Engineering", "Mark Daly"),
    ("Priya Shah", "London", "Engineering", "Mark Daly"),
    ("Kevin Brooks", "San Francisco", "Engineering", "Mark Daly"),
    ("Fiona Walsh", "Dublin", "Engineering", "Mark Daly"),
    ("Mark Daly", "Dublin", "Engineering", "Board"),
    ("Alex Morgan", "London", "Engineering", "Mark Daly"),
    ("Dana Whitfield", "San Francisco", "Engineering", "Mark Daly"),
    ("Brendan Keane", "Dublin", "Engineering", "Mark Daly"),
    ("Sarah Lynch", "Dublin", "Engineering", "Mark Daly"),
]
# Applicants with no tour yet: the tour planner proposes their start dates.
APPLICANTS = [
    ("Conor Walsh", "Dublin", "Messenger", "Ciara Nolan", "approved"),
    ("Isabel Moreno", "San Francisco", "Platform", "Kevin Brooks", "approved"),
    ("Freya Adams", "London", "Data", "Priya Shah", "applied"),
    ("Patrick Hayes", "Dublin", "Inbox", "Fiona Walsh", "declined"),
]
JOIN_PATTERN = [1, 1, 2, 1, 1, 1]
FIRST_JOIN_MONTHS_AGO = 11


def email_for(name: str) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")
    return f"{local}@example.com"


def _walk_pipeline(session: Session, volunteer: Volunteer, start: date, today: date) -> None:
    """applied -> approved (a month before the tour) -> on tour -> alumni, as dates pass."""
    approved_on = min(start - relativedelta(months=1), today)
    volunteers.change_status(session, volunteer, "approved", approved_on, "manager agreed")
    volunteers.sync_statuses(session, today)


def _starts(count: int, first: date, pattern: list[int], step_months: int) -> list[date]:
    starts: list[date] = []
    month = 0
    while len(starts) < count:
        for _ in range(
            pattern[(month // step_months) % len(pattern)] if month % step_months == 0 else 0
        ):
            starts.append(first + relativedelta(months=month))
        month += 1
    return starts[:count]


def build(session: Session, today: date) -> None:
    first = today.replace(day=1) - relativedelta(months=FIRST_JOIN_MONTHS_AGO)
    engineer_starts = _starts(len(ENGINEERS), first, JOIN_PATTERN, 1)
    leader_starts = _starts(len(LEADERS), first, [1], 2)
    people = [(p, s, "engineer", 3, 4) for p, s in zip(ENGINEERS, engineer_starts, strict=True)]
    people += [(p, s, "leader", 6, 9) for p, s in zip(LEADERS, leader_starts, strict=True)]
    for index, ((name, office, team, manager), start, role, tmin, tmax) in enumerate(people):
        end = tours.default_end(session, start)
        volunteer = volunteers.create(
            session,
            name=name,
            email=email_for(name),
            site=office,
            role=role,
            team=team,
            manager=manager,
            status="applied",
            available_from=start,
        )
        tours.create_tour(session, volunteer, start, end, tmin, tmax)
        _walk_pipeline(session, volunteer, start, today)
        if index % 4 == 1:  # some leave in the middle of the tour
            leave = start + timedelta(days=40 + 7 * (index % 3))
            volunteers.add_unavailability(
                session, volunteer, leave, leave + timedelta(days=9), "annual leave"
            )
    for name, office, team, manager, status in APPLICANTS:
        volunteer = volunteers.create(
            session,
            name=name,
            email=email_for(name),
            site=office,
            team=team,
            manager=manager,
            status="applied",
            available_from=today + relativedelta(months=2),
        )
        if status != "applied":
            volunteers.change_status(
                session, volunteer, status, today - timedelta(days=3), "intake review"
            )

"""The configuration every new database starts with: three sites and two rotations."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from planner.core.models import Site

SITES = [
    # name, time zone, currency, holidays country, subdivision, home, colour
    ("Dublin", "Europe/Dublin", "EUR", "IE", None, True, "#2e7d32"),
    ("London", "Europe/London", "GBP", "GB", "ENG", False, "#1565c0"),
    ("San Francisco", "America/Los_Angeles", "USD", "US", "CA", False, "#e65100"),
]

# Demo figures the coordinator can change: a set fee per shift in each currency.
ROTATIONS = [
    # name, eligible roles, gap weeks, {currency: (fee, holiday supplement per day)},
    # staggering band and experienced members (None: the global settings, 6-8 and 3)
    (
        "Primary",
        "engineer",
        3,
        {"EUR": (50000, 5000), "GBP": (43000, 4300), "USD": (55000, 5500)},
        (None, None, None),
    ),
    (
        "Escalation L2",
        "leader",
        1,
        {"EUR": (20000, 0), "GBP": (17000, 0), "USD": (22000, 0)},
        (3, 5, 2),
    ),
]

FEES_FROM = date(2020, 1, 1)


def is_seeded(session: Session) -> bool:
    # Plain SQL: every command asks this when it opens the database, and an ORM query
    # would first configure every table's mapper and compile the statement.
    return session.connection().exec_driver_sql("SELECT 1 FROM site LIMIT 1").first() is not None


def ensure_seed(session: Session) -> bool:
    """Add the seed sites and rotations to a database that has none. True if it did."""
    if is_seeded(session):
        return False
    from planner.core.models import Rotation, RotationFee  # only a new database needs them

    for name, tz, currency, country, subdivision, home, colour in SITES:
        session.add(
            Site(
                name=name,
                timezone=tz,
                currency=currency,
                holiday_country=country,
                holiday_subdivision=subdivision,
                is_home=home,
                colour=colour,
            )
        )
    for position, (name, roles, gap, fees, band) in enumerate(ROTATIONS):
        rotation = Rotation(
            name=name,
            eligible_roles=roles,
            min_gap_weeks=gap,
            position=position,
            team_min=band[0],
            team_max=band[1],
            min_experienced=band[2],
        )
        session.add(rotation)
        session.flush()
        assert rotation.id is not None  # given by the flush
        for currency, (amount, supplement) in fees.items():
            session.add(
                RotationFee(
                    rotation_id=rotation.id,
                    currency=currency,
                    amount_minor=amount,
                    holiday_supplement_minor=supplement,
                    effective_from=FEES_FROM,
                )
            )
    return True

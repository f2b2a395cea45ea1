"""Editing sites: time zone (IANA), currency (ISO 4217), public-holiday calendar (what the
``holidays`` package supports) and which site is home.

Every value is checked before anything is written; a bad one raises SiteError naming the
site, the field and the value. The home site's time zone and the choice of home site draw
the slot boundaries, so they are fixed once shifts exist (like office hours). A change that
would alter what a closed pay run paid is refused by ``planner.pay.rule_effects``.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from functools import cache

from sqlmodel import Session, func, select

from planner.core import audit
from planner.core.errors import PlannerError
from planner.core.models import Shift, Site
from planner.core.money import CurrencyWithdrawn, check_currency


class SiteError(PlannerError):
    def __init__(self, message: str, site: str, field: str) -> None:
        super().__init__(message)
        self.site = site
        self.field = field


@dataclass(frozen=True)
class SiteValues:
    timezone: str
    currency: str
    holiday_country: str
    holiday_subdivision: str | None
    is_home: bool


@cache
def timezones() -> tuple[str, ...]:
    """The IANA time zones this computer knows (``zoneinfo.available_timezones``)."""
    return tuple(sorted(zoneinfo.available_timezones()))


@cache
def holiday_calendars() -> dict[str, tuple[str, ...]]:
    """Country code -> subdivisions, as the ``holidays`` package supports them."""
    import holidays  # on first use

    return {c: tuple(subs) for c, subs in sorted(holidays.list_supported_countries().items())}


def values_of(site: Site) -> SiteValues:
    return SiteValues(
        site.timezone, site.currency, site.holiday_country, site.holiday_subdivision, site.is_home
    )


def check_values(name: str, values: SiteValues, kept_currency: str | None = None) -> SiteValues:
    """The values cleaned up (upper-case codes), or SiteError naming the field. The currency
    must be in use today unless it is ``kept_currency``, the one the site already pays in
    (a currency withdrawn since, as BGN after 31 Jan 2026, stays until changed)."""

    def bad(field: str, value: object, why: str) -> SiteError:
        return SiteError(f"site {name}: {field} {value!r} is not valid: {why}", name, field)

    tz = values.timezone.strip()
    if tz not in timezones():
        raise bad("timezone", values.timezone, "expected an IANA time zone like Europe/Dublin")
    try:
        typed = (values.currency or "").strip().upper()
        currency = typed if typed == kept_currency else check_currency(values.currency)
    except CurrencyWithdrawn as err:
        raise bad("currency", values.currency, str(err)) from None
    except PlannerError:
        raise bad("currency", values.currency, "expected an ISO 4217 code like EUR") from None
    country = values.holiday_country.strip().upper()
    calendars = holiday_calendars()
    if country not in calendars:
        raise bad("holiday_country", values.holiday_country, "not a country `holidays` knows")
    sub = (values.holiday_subdivision or "").strip().upper() or None
    if sub is not None and sub not in calendars[country]:
        known = ", ".join(calendars[country][:12]) or "none"
        raise bad("holiday_subdivision", values.holiday_subdivision, f"{country} has {known}")
    return SiteValues(tz, currency, country, sub, values.is_home)


def _shifts_exist(session: Session) -> bool:
    return bool(session.exec(select(func.count()).select_from(Shift)).one())


def update_site(session: Session, name: str, values: SiteValues) -> list[str]:
    """Change one site; returns the names of the fields that changed (audit-logged)."""
    site = session.exec(select(Site).where(Site.name == name)).first()
    if site is None:
        raise PlannerError(f"unknown site {name!r}")
    new = check_values(name, values, site.currency)
    old = values_of(site)
    changed = [f for f in SiteValues.__dataclass_fields__ if getattr(old, f) != getattr(new, f)]
    if not changed:
        return []
    draws_slots = (site.is_home and "timezone" in changed) or "is_home" in changed
    if draws_slots and _shifts_exist(session):
        field = "is_home" if "is_home" in changed else "timezone"
        raise SiteError(
            f"site {name}: {field} cannot change once shifts exist: the home site's time zone "
            "sets the slot boundaries of shifts already planned or paid",
            name,
            field,
        )
    if not new.is_home and site.is_home:
        raise SiteError(
            f"site {name}: one site must be home; make another site home instead", name, "is_home"
        )
    if new.is_home and not site.is_home:
        for other in session.exec(select(Site).where(Site.is_home == True)).all():  # noqa: E712
            other.is_home = False
            session.add(other)
        session.flush()
    site.timezone, site.currency = new.timezone, new.currency
    site.holiday_country, site.holiday_subdivision = new.holiday_country, new.holiday_subdivision
    site.is_home = new.is_home
    session.add(site)
    session.flush()
    audit.record(
        session,
        "site.change",
        "site",
        site.id,
        site=name,
        **{f: [getattr(old, f), getattr(new, f)] for f in changed},
    )
    return changed

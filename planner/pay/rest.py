"""The rest-day log: entitlements (night page, disrupted travel, manual), rest taken, balances.

Amounts are half days (2 = one full day). A night page entitles its responder to one rest
entitlement per night (setting ``rest_per_night``: full or half day). A balance whose oldest
unused entitlement is older than ``rest_stale_days`` is stale (the screens highlight it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlmodel import Session, col, select

from planner.core import audit, locale_text, settings
from planner.core.errors import PlannerError
from planner.core.home import home_today
from planner.core.models import Page, RestEntry, Site, Volunteer

# The rules behind the Rest screen's warnings (their tooltips).
NIGHT_REST_RULE = (
    "a night page (00:00–07:00 in the responder's time) entitles its responder to rest"
)


def stale_rule(stale_days: int) -> str:
    """Why a balance is highlighted, with the setting's figure."""
    return (
        f"rest owed is taken within {stale_days} days of the entitlement "
        "(Settings: rest_stale_days); older unused rest is flagged"
    )


REASONS = ("night_page", "travel", "manual")
REASON_LABELS = {
    "night_page": "Night page",
    "travel": "Disrupted travel",
    "manual": "Manual",
    "": "",
}


@dataclass(frozen=True)
class RestRow:
    id: int
    day: date
    email: str
    name: str
    kind: str  # entitled or taken
    days: float
    reason: str
    note: str
    page_id: int | None = None  # the night page that earned it (reason night_page)


@dataclass(frozen=True)
class BalanceRow:
    email: str
    name: str
    site: str
    entitled_half_days: int
    taken_half_days: int
    oldest_unused: date | None
    stale: bool

    @property
    def balance_half_days(self) -> int:
        return self.entitled_half_days - self.taken_half_days

    def as_json(self) -> dict[str, object]:
        return {
            "email": self.email,
            "entitled_days": self.entitled_half_days / 2,
            "taken_days": self.taken_half_days / 2,
            "balance_days": self.balance_half_days / 2,
        }


def _half_days(days: float) -> int:
    half = days * 2
    if half != int(half) or half <= 0:
        raise PlannerError(f"rest of {days} days: use whole or half days, more than zero")
    return int(half)


def night_half_days(session: Session) -> int:
    return 2 if settings.get(session, "rest_per_night") == "full" else 1


def entitle_for_page(
    session: Session, page: Page, night_day: date, local_text: str = ""
) -> RestEntry | None:
    """One entitlement for the night of ``night_day`` unless the responder has one already."""
    existing = session.exec(
        select(RestEntry).where(
            RestEntry.volunteer_id == page.responder_id,
            RestEntry.kind == "entitled",
            RestEntry.reason == "night_page",
            RestEntry.day == night_day,
        )
    ).first()
    if existing is not None:
        return None
    entry = RestEntry(
        volunteer_id=page.responder_id,
        kind="entitled",
        day=night_day,
        half_days=night_half_days(session),
        reason="night_page",
        page_id=page.id,
        note=f"night page at {local_text or page.at.isoformat()}",
    )
    session.add(entry)
    session.flush()
    return entry


_NIGHT_NOTE = re.compile(r"night page at ([01]\d|2[0-3]):([0-5]\d) (.+ time)")


def note_text(note: str, locale: str | None = None) -> str:
    """A rest entry's note for a reader: the time of the night page that earned it in
    their ``locale`` ('night page at 2:10 AM Dublin time'); any other note as written."""
    found = _NIGHT_NOTE.fullmatch(note)
    if found is None or locale_text.babel_locale(locale) is None:
        return note
    at = time(int(found.group(1)), int(found.group(2)))
    return f"night page at {locale_text.clock(at, locale)} {found.group(3)}"


def balance_half_days(session: Session, volunteer_id: int) -> int:
    total = 0
    for e in session.exec(select(RestEntry).where(RestEntry.volunteer_id == volunteer_id)):
        total += e.half_days if e.kind == "entitled" else -e.half_days
    return total


def add_entry(
    session: Session,
    volunteer: Volunteer,
    kind: str,
    day: date,
    days: float = 1,
    reason: str = "",
    note: str = "",
    locale: str | None = None,
) -> RestEntry:
    """A manual entitlement (reason travel or manual) or rest taken. ``locale``: the
    reader's, for the days in a refusal (none: the fixed forms)."""
    if kind not in ("entitled", "taken"):
        raise PlannerError(f"unknown rest entry kind {kind!r}; expected entitled or taken")
    half = _half_days(days)
    if kind == "entitled":
        reason = reason or "manual"
        if reason not in ("travel", "manual"):
            raise PlannerError(
                f"rest reason {reason!r}: manual entitlements are for travel or manual"
            )
    else:
        reason = ""
        balance = balance_half_days(session, volunteer.id or 0)
        if half > balance:
            raise PlannerError(
                f"{volunteer.email} has {locale_text.measure(balance / 2, locale)} rest "
                f"day{'' if balance == 2 else 's'} to take; cannot take "
                f"{locale_text.measure(days, locale)}"
            )
    entry = RestEntry(
        volunteer_id=volunteer.id or 0, kind=kind, day=day, half_days=half, reason=reason, note=note
    )
    session.add(entry)
    session.flush()
    audit.record(session, f"rest {kind}", "volunteer", volunteer.id, day=day, half_days=half)
    return entry


def _entry(session: Session, entry_id: int) -> tuple[RestEntry, Volunteer]:
    entry = session.get(RestEntry, entry_id)
    if entry is None:
        raise PlannerError(f"no rest entry with id {entry_id}")
    volunteer = session.get(Volunteer, entry.volunteer_id)
    assert volunteer is not None  # the entry's volunteer (a foreign key)
    return entry, volunteer


def _check_balance(
    session: Session, volunteer: Volunteer, what: str, locale: str | None = None
) -> None:
    balance = balance_half_days(session, volunteer.id or 0)
    if balance < 0:
        raise PlannerError(
            f"{what} would leave {volunteer.email} with "
            f"{locale_text.measure(balance / 2, locale)} rest days "
            "(more taken than entitled); change the rest taken first"
        )


def update_entry(
    session: Session,
    entry_id: int,
    day: date,
    days: float,
    reason: str | None = None,
    note: str = "",
    locale: str | None = None,
) -> RestEntry:
    """Correct a rest entry: its day, days, reason (manual entitlements) and note.

    A night-page entitlement keeps its night (correct the page to move it); only its days
    and note change. Refused when more rest would be taken than entitled (the refusal's
    days in the reader's ``locale``). Audited.
    """
    entry, volunteer = _entry(session, entry_id)
    half = _half_days(days)
    was = {"day": entry.day, "half_days": entry.half_days, "reason": entry.reason}
    if entry.reason == "night_page":
        if day != entry.day or (reason not in (None, "night_page")):
            raise PlannerError(
                f"the rest entitlement of {locale_text.short_date(entry.day, locale)} comes "
                "from a night page; correct or delete the page to move it"
            )
    elif entry.kind == "entitled":
        reason = reason or entry.reason
        if reason not in ("travel", "manual"):
            raise PlannerError(
                f"rest reason {reason!r}: manual entitlements are for travel or manual"
            )
        entry.reason = reason
    entry.day, entry.half_days, entry.note = day, half, note.strip()
    session.add(entry)
    session.flush()
    _check_balance(
        session,
        volunteer,
        f"rest {entry.kind} of {locale_text.measure(days, locale)} day(s) on "
        f"{locale_text.short_date(day, locale)}",
        locale,
    )
    audit.record(
        session, f"rest {entry.kind} corrected", "volunteer", volunteer.id,
        entry=entry_id, day=day, half_days=half, was_day=was["day"],
        was_half_days=was["half_days"],
    )  # fmt: skip
    return entry


def delete_entry(session: Session, entry_id: int, locale: str | None = None) -> RestRow:
    """Delete a rest entry (taken, or a manual or travel entitlement). A night-page
    entitlement goes with its page, not alone. Refused when the rest taken would then
    exceed the entitlements (the refusal's days in the reader's ``locale``). Audited;
    returns what was deleted."""
    entry, volunteer = _entry(session, entry_id)
    if entry.reason == "night_page" and entry.page_id is not None:
        raise PlannerError(
            f"the rest entitlement of {locale_text.short_date(entry.day, locale)} comes from "
            "a night page; delete or correct the page instead"
        )
    row = RestRow(
        entry.id or 0, entry.day, volunteer.email, volunteer.name, entry.kind,
        entry.half_days / 2, entry.reason, entry.note, entry.page_id,
    )  # fmt: skip
    session.delete(entry)
    session.flush()
    _check_balance(
        session,
        volunteer,
        f"deleting the rest {entry.kind} of {locale_text.short_date(entry.day, locale)}",
        locale,
    )
    audit.record(
        session, f"rest {entry.kind} deleted", "volunteer", volunteer.id,
        entry=entry_id, day=entry.day, half_days=entry.half_days,
    )  # fmt: skip
    return row


def rest_log(session: Session, first: date | None = None, end: date | None = None) -> list[RestRow]:
    """Entries with first <= day < end (either bound optional), by day."""
    query = select(RestEntry, Volunteer).join(
        Volunteer, col(Volunteer.id) == col(RestEntry.volunteer_id)
    )
    if first is not None:
        query = query.where(RestEntry.day >= first)
    if end is not None:
        query = query.where(RestEntry.day < end)
    rows = session.exec(
        query.order_by(col(RestEntry.day), col(Volunteer.name), col(RestEntry.id))
    ).all()
    return [
        RestRow(
            id=e.id or 0,
            day=e.day,
            email=v.email,
            name=v.name,
            kind=e.kind,
            days=e.half_days / 2,
            reason=e.reason,
            note=e.note,
            page_id=e.page_id,
        )
        for e, v in rows
    ]


def balances(session: Session, today: date | None = None) -> list[BalanceRow]:
    """Every volunteer with a rest entry: entitled, taken, balance, stale flag."""
    today = today or home_today(session)  # the home site's day, not the computer's
    stale_days = int(settings.get(session, "rest_stale_days"))
    entries: dict[int, list[RestEntry]] = {}
    for e in session.exec(select(RestEntry).order_by(col(RestEntry.day), col(RestEntry.id))):
        entries.setdefault(e.volunteer_id, []).append(e)
    people = {  # only those with entries, and only the columns shown
        vid: (email, name, site)
        for vid, email, name, site in session.exec(
            select(Volunteer.id, Volunteer.email, Volunteer.name, Site.name)
            .join(Site, col(Site.id) == col(Volunteer.site_id))
            .where(col(Volunteer.id).in_(list(entries)))
        )
    }
    rows: list[BalanceRow] = []
    for vid, items in entries.items():
        email, name, site = people[vid]
        entitled = [e for e in items if e.kind == "entitled"]
        taken = sum(e.half_days for e in items if e.kind == "taken")
        # First in, first out: rest taken uses the oldest entitlements first.
        left, oldest = taken, None
        for e in entitled:
            if left >= e.half_days:
                left -= e.half_days
                continue
            oldest = e.day
            break
        rows.append(
            BalanceRow(
                email=email,
                name=name,
                site=site,
                entitled_half_days=sum(e.half_days for e in entitled),
                taken_half_days=taken,
                oldest_unused=oldest,
                stale=oldest is not None and today - oldest > timedelta(days=stale_days),
            )
        )
    return sorted(rows, key=lambda r: (r.name.lower(), r.email))


@dataclass(frozen=True)
class MonthRestRow:
    """One volunteer's rest in a month: entitled and taken in it, balance at its end."""

    email: str
    name: str
    entitled_half_days: int
    taken_half_days: int
    balance_half_days: int

    def as_json(self) -> dict[str, object]:
        return {
            "email": self.email,
            "entitled_days": self.entitled_half_days / 2,
            "taken_days": self.taken_half_days / 2,
            "balance_days": self.balance_half_days / 2,
        }


def month_rest(session: Session, first: date, end: date) -> list[MonthRestRow]:
    """Volunteers with rest entitled or taken on a day in [first, end); balance to ``end``."""
    entitled: dict[int, int] = {}
    taken: dict[int, int] = {}
    balance: dict[int, int] = {}
    for e in session.exec(select(RestEntry).where(RestEntry.day < end)):
        sign = 1 if e.kind == "entitled" else -1
        balance[e.volunteer_id] = balance.get(e.volunteer_id, 0) + sign * e.half_days
        if e.day >= first:
            bucket = entitled if e.kind == "entitled" else taken
            bucket[e.volunteer_id] = bucket.get(e.volunteer_id, 0) + e.half_days
    ids = set(entitled) | set(taken)
    people = {v.id: v for v in session.exec(select(Volunteer).where(col(Volunteer.id).in_(ids)))}
    rows = [
        MonthRestRow(
            email=people[vid].email,
            name=people[vid].name,
            entitled_half_days=entitled.get(vid, 0),
            taken_half_days=taken.get(vid, 0),
            balance_half_days=balance[vid],
        )
        for vid in ids
    ]
    return sorted(rows, key=lambda r: (r.name.lower(), r.email))


def rescale_night_rest(session: Session, since: date | None) -> dict[int, int]:
    """Night-page entitlements of nights on or after ``since`` (all when None) set to the
    rest rule now in force (``rest_per_night``); refused when a volunteer would then have
    taken more rest than they are entitled to. Returns the change per volunteer (half
    days). Audited."""
    half = night_half_days(session)
    query = select(RestEntry).where(
        RestEntry.kind == "entitled", RestEntry.reason == "night_page", RestEntry.half_days != half
    )
    if since is not None:
        query = query.where(col(RestEntry.day) >= since)
    delta: dict[int, int] = {}
    for entry in session.exec(query).all():
        delta[entry.volunteer_id] = delta.get(entry.volunteer_id, 0) + half - entry.half_days
        entry.half_days = half
        session.add(entry)
    session.flush()
    for volunteer_id in sorted(delta):
        balance = balance_half_days(session, volunteer_id)
        if balance < 0:
            volunteer = session.get(Volunteer, volunteer_id)
            email = volunteer.email if volunteer else str(volunteer_id)
            raise PlannerError(
                f"{email} has already taken {-balance / 2:g} day(s) more rest than their "
                f"entitlements would then add up to; remove that rest taken first"
            )
    if delta:
        audit.record(
            session, "night rest rescaled", "rest", None, half_days=half, volunteers=len(delta)
        )
    return delta

"""The page log: manual entry, CSV import with an all-or-nothing preview, attribution.

A page is attributed to the shift (and so the rotation) whose slot contains it, preferring
a shift the responder held at that instant; a page by someone not on call is kept but
flagged (``on_call`` false). A page dated in the future is refused. A night page starts at
or after ``night_start`` and before ``night_end`` (settings, default 00:00-07:00) in the
responder's own site time zone, and earns a rest entitlement: one per responder and night.

Pages can be corrected and deleted (audited); the night-page rest entitlements of the
nights involved follow (one entitlement while the responder has a page that night, none
otherwise). A change that would take away rest already taken is refused.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, cast, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from planner.core import audit, locale_text, settings, text
from planner.core.errors import PlannerError
from planner.core.home import rotations
from planner.core.models import Cover, Page, RestEntry, Shift, Site, Volunteer
from planner.core.models.activity import FOLLOW_UP_STATES
from planner.core.models.types import utc_now
from planner.pay import rest
from planner.rota.shifts import holdings, holds_at

# The rules behind the page log's warnings (their tooltips and the coordinator's list).
FOLLOW_UP_RULE = (
    "Every page should lead the owning team to open its highest-severity issue: record "
    "the team and the issue on the Pages screen, and mark it done when fixed."
)
NOT_ON_CALL_RULE = (
    "a page whose responder held no shift or cover at that instant is kept and marked not on call"
)
MAX_MINUTES = 24 * 60
COLUMNS = ("at", "responder", "minutes", "summary", "link")


@dataclass(frozen=True)
class PageRow:
    id: int
    at: datetime
    email: str
    name: str
    site: str
    timezone: str
    minutes: int
    night: bool
    summary: str
    link: str
    rotation: str
    on_call: bool
    source_id: str = ""
    service: str = ""
    follow_up_team: str = ""
    follow_up_link: str = ""
    follow_up_state: str | None = None  # None: no follow-up yet; open; done

    def local_at(self) -> datetime:
        return self.at.astimezone(ZoneInfo(self.timezone))

    @property
    def has_follow_up(self) -> bool:
        return self.follow_up_state is not None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "at": self.local_at().isoformat(),
            "responder": self.email,
            "minutes": self.minutes,
            "night": self.night,
            "on_call": self.on_call,
            "summary": self.summary,
            "link": self.link,
            "follow_up_team": self.follow_up_team or None,
            "follow_up_link": self.follow_up_link or None,
            "follow_up_state": self.follow_up_state,
        }


@dataclass(frozen=True)
class PageDraft:
    """A valid page before it is written."""

    line: int
    at: datetime
    email: str
    minutes: int
    summary: str
    link: str
    source_id: str | None = None  # PagerDuty's incident id
    service: str = ""
    label: str = ""  # how messages name it ("incident PT4KHLK"); default "line N"

    @property
    def where(self) -> str:
        return self.label or f"line {self.line}"


@dataclass
class PagePreview:
    """What an import would do: the pages to add, duplicates skipped, and every error.

    ``skipped``: (where, why) for rows deliberately not imported (e.g. low-urgency
    incidents, which did not page anyone)."""

    pages: list[PageDraft] = field(default_factory=list)
    duplicates: list[PageDraft] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    off_call: list[PageDraft] = field(default_factory=list)  # kept, marked not on call
    skipped: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "page log"  # page log, PagerDuty JSON or PagerDuty CSV

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_at(text: str) -> datetime:
    """An ISO 8601 instant with its UTC offset; a naive time is refused."""
    raw = (text or "").strip()
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise PlannerError(f"At {raw!r} is not a date and time (ISO 8601)") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise PlannerError(f"At {raw!r} has no UTC offset; write it like 2027-03-06T02:10+00:00")
    return value


def check_not_future(
    at: datetime, now: datetime | None = None, locale: str | None = None
) -> datetime:
    """``at`` unless it is later than now: a page is logged after it happened. ``locale``:
    the reader's, for the time in the message (its zone named); ISO without one."""
    now = now or utc_now()
    if at > now:
        when = at.isoformat(timespec="minutes")
        if locale_text.babel_locale(locale) is not None:
            when = f"{locale_text.day_year_time(at, locale)} {at:%Z}"
        raise PlannerError(f"At {when} is in the future; a page is logged after it happened")
    return at


def check_minutes(value: int | str) -> int:
    try:
        minutes = int(str(value).strip() or "0")
    except ValueError:
        raise PlannerError(f"Minutes {value!r} is not a whole number") from None
    if minutes < 0:
        raise PlannerError(f"Minutes {minutes} is negative")
    if minutes > MAX_MINUTES:
        raise PlannerError(f"Minutes {minutes} is more than 24 hours ({MAX_MINUTES})")
    return minutes


def _responder(session: Session, email: str) -> tuple[Volunteer, Site]:
    email = (email or "").strip().lower()
    row = session.exec(
        select(Volunteer, Site)
        .join(Site, col(Site.id) == col(Volunteer.site_id))
        .where(Volunteer.email == email)
    ).first()
    if row is None:
        raise PlannerError(f"Responder {email!r}: no volunteer has this email")
    return row[0], row[1]


def night_day(session: Session, at: datetime, timezone: str) -> date | None:
    """The date naming the night (its morning), when ``at`` is a night page in ``timezone``."""
    local = at.astimezone(ZoneInfo(timezone))
    start = time.fromisoformat(settings.get(session, "night_start"))
    end = time.fromisoformat(settings.get(session, "night_end"))
    clock = local.time().replace(tzinfo=None)
    if start <= end:
        return local.date() if start <= clock < end else None
    # A night across midnight (e.g. 22:00-07:00) is one night, named by its morning's date
    # as with the default 00:00-07:00: a page at 23:30 and one at 02:10 share one rest day.
    if clock >= start:
        return local.date() + timedelta(days=1)
    return local.date() if clock < end else None


def _attribute(session: Session, at: datetime, volunteer_id: int) -> tuple[Shift | None, bool]:
    """The shift whose slot contains ``at`` (the responder's if they held one), on call?"""
    shifts = session.exec(
        select(Shift).where(Shift.slot_start <= at).where(Shift.slot_end > at)
    ).all()
    order = {r.id: r.position for r in rotations(session)}
    shifts = sorted(shifts, key=lambda s: (order.get(s.rotation_id, 99), s.id or 0))
    for shift in shifts:
        covers = session.exec(select(Cover).where(Cover.shift_id == shift.id)).all()
        for h in holdings(shift, covers):
            if h.volunteer_id == volunteer_id and h.start <= at < h.end:
                return shift, True
    return (shifts[0] if shifts else None), False


def add_page(
    session: Session,
    at: datetime,
    responder: str,
    minutes: int,
    summary: str = "",
    link: str = "",
    now: datetime | None = None,
    source_id: str | None = None,
    service: str = "",
    locale: str | None = None,
) -> Page:
    """Log one page; a night page also entitles the responder to rest. ``locale``: the
    reader's, for the time in a refusal."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise PlannerError(f"At {at.isoformat()} has no UTC offset")
    check_not_future(at, now, locale)
    minutes = check_minutes(minutes)
    summary = text.check_line("Summary", summary, text.NOTE_MAX)
    link = text.check_line("Link", link, text.LINK_MAX)
    volunteer, site = _responder(session, responder)
    night = night_day(session, at, site.timezone)
    shift, _on_call = _attribute(session, at, volunteer.id or 0)
    page = Page(
        at=at,
        responder_id=volunteer.id or 0,
        minutes=minutes,
        summary=summary.strip(),
        link=link.strip(),
        night=night is not None,
        shift_id=shift.id if shift else None,
        source_id=source_id or None,
        service=service.strip(),
    )
    session.add(page)
    session.flush()
    if night is not None:
        local = at.astimezone(ZoneInfo(site.timezone))
        rest.entitle_for_page(session, page, night, f"{local:%H:%M} {site.name} time")
    audit.record(session, "page logged", "page", page.id, responder=volunteer.email, at=at)
    return page


def on_call_at(session: Session, at: datetime, responder: str) -> bool:
    """Did ``responder`` hold a shift or a cover at ``at``? (What a page would be marked.)"""
    volunteer, _site = _responder(session, responder)
    return _attribute(session, at, volunteer.id or 0)[1]


def _page(session: Session, page_id: int) -> Page:
    page = session.get(Page, page_id)
    if page is None:
        raise PlannerError(f"no page with id {page_id}")
    return page


def _night_of(session: Session, page: Page) -> date | None:
    if not page.night:
        return None
    volunteer = session.get(Volunteer, page.responder_id)
    site = session.get(Site, volunteer.site_id) if volunteer else None
    return night_day(session, page.at, site.timezone) if site else None


@dataclass(frozen=True)
class RestChange:
    """What a page correction did to rest: nights whose entitlement was added or removed."""

    added: tuple[tuple[str, date], ...] = ()  # (email, night)
    removed: tuple[tuple[str, date], ...] = ()

    def text(self, locale: str | None = None) -> str:
        """In words, each night in the reader's ``locale`` (ISO without one: the audit log
        and the command line)."""

        def night(d: date) -> str:
            return locale_text.short_date(d, locale)

        parts = [f"rest entitlement for the night of {night(d)} added ({e})" for e, d in self.added]
        parts += [
            f"rest entitlement for the night of {night(d)} removed ({e})" for e, d in self.removed
        ]
        return "; ".join(parts)


def _night_pages(
    session: Session, volunteer_id: int, night: date, exclude: int | None = None
) -> list[Page]:
    """The responder's night pages of that night (but ``exclude``), earliest first."""
    volunteer = session.get(Volunteer, volunteer_id)
    site = session.get(Site, volunteer.site_id) if volunteer else None
    if site is None:
        return []
    found = session.exec(
        select(Page)
        .where(Page.responder_id == volunteer_id, col(Page.night).is_(True))
        .order_by(col(Page.at), col(Page.id))
    ).all()
    return [
        p for p in found if p.id != exclude and night_day(session, p.at, site.timezone) == night
    ]


def _sync_night_rest(
    session: Session,
    nights: set[tuple[int, date]],
    exclude: int | None = None,
    locale: str | None = None,
) -> RestChange:
    """One night-page entitlement per (responder, night) that still has a page, none for
    those that have none; refused when a removal would take back rest already taken."""
    added: list[tuple[str, date]] = []
    removed: list[tuple[str, date]] = []
    for volunteer_id, night in sorted(nights):
        volunteer = session.get(Volunteer, volunteer_id)
        assert volunteer is not None  # a page's responder (a foreign key)
        that_night = _night_pages(session, volunteer_id, night, exclude)
        entry = session.exec(
            select(RestEntry).where(
                RestEntry.volunteer_id == volunteer_id,
                RestEntry.kind == "entitled",
                RestEntry.reason == "night_page",
                RestEntry.day == night,
            )
        ).first()
        if that_night and entry is None:
            first = that_night[0]
            site = session.get(Site, volunteer.site_id)
            assert site is not None  # a volunteer's site (a foreign key)
            local = first.at.astimezone(ZoneInfo(site.timezone))
            rest.entitle_for_page(session, first, night, f"{local:%H:%M} {site.name} time")
            added.append((volunteer.email, night))
        elif that_night and entry is not None and entry.page_id not in {p.id for p in that_night}:
            entry.page_id = that_night[0].id
            session.add(entry)
        elif not that_night and entry is not None:
            session.delete(entry)
            session.flush()
            balance = rest.balance_half_days(session, volunteer_id)
            if balance < 0:
                raise PlannerError(
                    f"{volunteer.email} has already taken the rest this page earned (the "
                    f"night of {locale_text.short_date(night, locale)}); remove that rest "
                    "taken first"
                )
            removed.append((volunteer.email, night))
    session.flush()
    return RestChange(tuple(added), tuple(removed))


def nights_since(session: Session, since: datetime | None) -> dict[int, date | None]:
    """Each page at or after ``since`` (every page when None): the night it counts for as
    stored, under the night window now in force (None: not a night page). Taken before the
    window changes, for ``reclassify_nights``."""
    query = select(Page, Site).join(Volunteer, col(Volunteer.id) == col(Page.responder_id))
    query = query.join(Site, col(Site.id) == col(Volunteer.site_id))
    if since is not None:
        query = query.where(col(Page.at) >= since)
    return {
        page.id or 0: night_day(session, page.at, site.timezone) if page.night else None
        for page, site in session.exec(query).all()
    }


def reclassify_nights(session: Session, before: Mapping[int, date | None]) -> RestChange:
    """Pages of ``before`` (their nights under the previous window) classified again under
    the night window now in force; the night-page rest of every night involved follows
    (refused when it would take back rest already taken). Audited."""
    nights: set[tuple[int, date]] = set()
    changed = 0
    for page_id, old in before.items():
        page, site = session.exec(
            select(Page, Site)
            .join(Volunteer, col(Volunteer.id) == col(Page.responder_id))
            .join(Site, col(Site.id) == col(Volunteer.site_id))
            .where(Page.id == page_id)
        ).one()
        new = night_day(session, page.at, site.timezone)
        if old == new:
            continue
        nights |= {(page.responder_id, n) for n in (old, new) if n is not None}
        if page.night != (new is not None):
            page.night = new is not None
            session.add(page)
            changed += 1
    session.flush()
    found = _sync_night_rest(session, nights)
    if changed or found.added or found.removed:
        audit.record(
            session,
            "pages reclassified",
            "page",
            None,
            pages=changed,
            rest_added=len(found.added),
            rest_removed=len(found.removed),
        )
    return found


def update_page(
    session: Session,
    page_id: int,
    at: datetime,
    responder: str,
    minutes: int,
    summary: str = "",
    link: str = "",
    now: datetime | None = None,
    locale: str | None = None,
) -> RestChange:
    """Correct a page: its time, responder, minutes, summary or link. Attribution, night
    and the night-page rest of the nights involved are recomputed; audited. ``locale``: the
    reader's, for the days and times in a refusal."""
    page = _page(session, page_id)
    if at.tzinfo is None or at.utcoffset() is None:
        raise PlannerError(f"At {at.isoformat()} has no UTC offset")
    check_not_future(at, now, locale)
    minutes = check_minutes(minutes)
    volunteer, site = _responder(session, responder)
    before = {(page.responder_id, n) for n in [_night_of(session, page)] if n is not None}
    old = {"at": page.at, "responder": page.responder_id, "minutes": page.minutes}
    night = night_day(session, at, site.timezone)
    shift, _on_call = _attribute(session, at, volunteer.id or 0)
    page.at = at
    page.responder_id = volunteer.id or 0
    page.minutes = minutes
    page.summary = summary.strip()
    page.link = link.strip()
    page.night = night is not None
    page.shift_id = shift.id if shift else None
    session.add(page)
    session.flush()
    after = {(page.responder_id, night)} if night is not None else set()
    change = _sync_night_rest(session, before | after, locale=locale)
    audit.record(
        session,
        "page corrected",
        "page",
        page.id,
        responder=volunteer.email,
        at=at,
        minutes=minutes,
        was_at=old["at"],
        was_minutes=old["minutes"],
        rest=change.text(),
    )
    return change


def delete_page(session: Session, page_id: int, locale: str | None = None) -> RestChange:
    """Delete a page; its night's rest entitlement goes unless another page of the same
    responder that night still earns it (refused, the night in the reader's ``locale``,
    when its rest is taken already). Audited."""
    page = _page(session, page_id)
    volunteer = session.get(Volunteer, page.responder_id)
    night = _night_of(session, page)
    nights = {(page.responder_id, night)} if night is not None else set()
    detail = {"responder": volunteer.email if volunteer else "", "at": page.at}
    session.delete(page)
    session.flush()
    change = _sync_night_rest(session, nights, exclude=page_id, locale=locale)
    audit.record(session, "page deleted", "page", page_id, **detail, rest=change.text())
    return change


def delete_preview(session: Session, page_id: int) -> RestChange:
    """What deleting the page would do to rest, without doing it."""
    page = _page(session, page_id)
    night = _night_of(session, page)
    if night is None or _night_pages(session, page.responder_id, night, exclude=page_id):
        return RestChange()
    volunteer = session.get(Volunteer, page.responder_id)
    return RestChange(removed=(((volunteer.email if volunteer else ""), night),))


def preview_csv(session: Session, path: Path | str, now: datetime | None = None) -> PagePreview:
    """Read a pages CSV and check every row; nothing is written."""
    path = Path(path)
    preview = PagePreview()
    now = now or utc_now()
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
            if "responder email" in header and "responder" not in header:
                header["responder"] = header["responder email"]
            missing = [c for c in ("at", "responder", "minutes") if c not in header]
            if missing:
                preview.errors.append(f"{path.name}: missing column(s) {', '.join(missing)}")
                return preview
            records = list(reader)
    except OSError as exc:
        raise PlannerError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PlannerError(f"{path.name} is not a readable CSV file: {exc}") from exc
    existing = {(p.at, p.responder_id) for p in session.exec(select(Page))}
    ids: dict[str, int] = {}
    for number, record in enumerate(records, start=2):

        def cell(name: str, record: dict[str, str] = record) -> str:
            key = header.get(name)
            return (record.get(key) or "").strip() if key else ""

        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        try:
            at = check_not_future(parse_at(cell("at")), now)
            email = cell("responder").lower()
            volunteer, _site = _responder(session, email)
            ids[email] = volunteer.id or 0
            draft = PageDraft(
                number, at, email, check_minutes(cell("minutes")), cell("summary"), cell("link")
            )
        except PlannerError as exc:
            preview.errors.append(f"line {number}: {exc}")
            continue
        if (at, ids[email]) in existing:
            preview.duplicates.append(draft)
        else:
            existing.add((at, ids[email]))
            preview.pages.append(draft)
            if not _attribute(session, at, ids[email])[1]:
                preview.off_call.append(draft)
    return preview


def import_csv(
    session: Session, path: Path | str, dry_run: bool = False, now: datetime | None = None
) -> PagePreview:
    """All rows valid or nothing written: raises with every bad row named."""
    now = now or utc_now()
    preview = preview_csv(session, path, now)
    if preview.errors:
        raise PlannerError(
            f"{len(preview.errors)} bad row(s), nothing imported: " + "; ".join(preview.errors)
        )
    if not dry_run:
        write_preview(session, preview, now)
    return preview


class _Slot(NamedTuple):
    """The columns of a shift that attribution reads (cheaper than a whole ``Shift``)."""

    id: int
    rotation_id: int
    slot_start: datetime
    slot_end: datetime
    volunteer_id: int | None


class _Cover(NamedTuple):
    shift_id: int
    volunteer_id: int
    start: datetime
    end: datetime


def _read_slots(session: Session, *where: ColumnElement[bool]) -> list[_Slot]:
    query = sa_select(
        col(Shift.id),
        col(Shift.rotation_id),
        col(Shift.slot_start),
        col(Shift.slot_end),
        col(Shift.volunteer_id),
    )
    return [_Slot._make(r) for r in session.connection().execute(query.where(*where))]


def _read_covers(session: Session, *where: ColumnElement[bool]) -> list[_Cover]:
    query = sa_select(
        col(Cover.shift_id), col(Cover.volunteer_id), col(Cover.start), col(Cover.end)
    )
    return [_Cover._make(r) for r in session.connection().execute(query.where(*where))]


def _containing(
    by_rotation: dict[int, tuple[list[datetime], list[_Slot]]], at: datetime
) -> list[_Slot]:
    """The shift of each rotation whose slot holds ``at`` (slots of a rotation never overlap;
    each rotation's shifts are sorted by start, ``starts`` beside them)."""
    found = []
    for starts, shifts in by_rotation.values():
        i = bisect_right(starts, at) - 1
        if i >= 0 and at < shifts[i].slot_end:
            found.append(shifts[i])
    return found


def count_pages(session: Session) -> tuple[int, int]:
    """How many pages are logged, and how many of them at night (counted in SQL)."""
    total, nights = session.exec(
        select(
            func.count(col(Page.id)),
            # summed as integers: a sum typed like the Boolean column came back as True (1)
            func.coalesce(func.sum(cast(col(Page.night), Integer)), 0),
        )
    ).one()
    return int(total), int(nights)


def write_preview(
    session: Session, preview: PagePreview, now: datetime | None = None
) -> list[Page]:
    """Add the previewed pages (the caller's transaction makes it all or nothing)."""
    return [
        add_page(
            session,
            d.at,
            d.email,
            d.minutes,
            d.summary,
            d.link,
            now,
            source_id=d.source_id,
            service=d.service,
        )  # fmt: skip
        for d in preview.pages
    ]


def list_pages(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> list[PageRow]:
    """The pages in [start, end) (all of them without bounds), in time order, each with
    whether its responder was on call (held its shift, a cover of it, or the same instant
    of another rotation). Read as plain columns: a few thousand pages in milliseconds."""
    bounds: list[ColumnElement[bool]] = []
    if start is not None:
        bounds.append(col(Page.at) >= start)
    if end is not None:
        bounds.append(col(Page.at) < end)
    query = (
        sa_select(
            col(Page.id), col(Page.at), col(Page.minutes), col(Page.night), col(Page.summary),
            col(Page.link), col(Page.shift_id), col(Page.source_id), col(Page.service),
            col(Page.follow_up_team), col(Page.follow_up_link), col(Page.follow_up_state),
            col(Volunteer.id), col(Volunteer.email), col(Volunteer.name), col(Site.name),
            col(Site.timezone),
        )
        .join(Volunteer, col(Volunteer.id) == col(Page.responder_id))
        .join(Site, col(Site.id) == col(Volunteer.site_id))
        .where(*bounds)
        .order_by(col(Page.at), col(Page.id))
    )  # fmt: skip
    rows = session.connection().execute(query).all()
    if not rows:
        return []
    # Every shift whose slot holds one of these pages (their own, and the other rotation's
    # at the same instants) and its covers: one read for the whole span of the pages.
    first, last = rows[0][1], rows[-1][1]
    spanning = (col(Shift.slot_start) <= last, col(Shift.slot_end) > first)
    others = _read_slots(session, *spanning)
    shifts: dict[int | None, _Slot] = {s.id: s for s in others}
    moved = {r[6] for r in rows if r[6] is not None and r[6] not in shifts}
    if moved:  # a page's own shift whose slot no longer holds it
        shifts.update((s.id, s) for s in _read_slots(session, col(Shift.id).in_(moved)))
    covers: dict[int, list[_Cover]] = {}
    in_span = sa_select(col(Shift.id)).where(*spanning)
    for c in _read_covers(
        session, or_(col(Cover.shift_id).in_(in_span), col(Cover.shift_id).in_(moved))
    ):
        covers.setdefault(c.shift_id, []).append(c)
    names = {r.id: r.name for r in rotations(session)}
    by_rotation: dict[int, tuple[list[datetime], list[_Slot]]] = {}
    for o in sorted(others, key=lambda o: o.slot_start):
        starts, held = by_rotation.setdefault(o.rotation_id, ([], []))
        starts.append(o.slot_start)
        held.append(o)
    result = []
    for (
        page_id, at, minutes, night, summary, link, shift_id, source_id, service, team,
        issue, state, volunteer_id, email, name, site, zone,
    ) in rows:  # fmt: skip
        shift = shifts.get(shift_id)
        on_call = shift is not None and (
            holds_at(shift, covers.get(shift.id, ()), volunteer_id, at)
            or any(
                holds_at(o, covers.get(o.id, ()), volunteer_id, at)
                for o in _containing(by_rotation, at)
            )
        )
        result.append(
            PageRow(
                page_id or 0,
                at,
                email,
                name,
                site,
                zone,
                minutes,
                night,
                summary,
                link,
                names.get(shift.rotation_id, "") if shift else "",
                on_call,
                source_id or "",
                service,
                team,
                issue,
                state,
            )  # fmt: skip
        )
    return result


# -- follow-ups ---------------------------------------------------------------------------
def set_follow_up(
    session: Session, page_id: int, team: str, link: str = "", state: str | None = "open"
) -> Page:
    """Record the follow-up of a page: the owning team, the issue's link, open or done.

    ``state`` None clears the follow-up (the page shows as without one again)."""
    page = session.get(Page, page_id)
    if page is None:
        raise PlannerError(f"no page with id {page_id}")
    team, link = (team or "").strip(), (link or "").strip()
    if state is None:
        team = link = ""
    else:
        state = state.strip().lower()
        if state not in FOLLOW_UP_STATES:
            raise PlannerError(
                f"follow-up state {state!r} is not valid: expected {' or '.join(FOLLOW_UP_STATES)}"
            )
        if not team:
            raise PlannerError(f"page {page_id}: a follow-up needs the owning team")
        if link and not link.lower().startswith(("https://", "http://")):
            raise PlannerError(
                f"page {page_id}: issue link {link!r} is not a web address (https://…)"
            )
    old = (page.follow_up_team, page.follow_up_link, page.follow_up_state)
    page.follow_up_team, page.follow_up_link, page.follow_up_state = team, link, state
    session.add(page)
    session.flush()
    audit.record(
        session,
        "page follow-up",
        "page",
        page.id,
        team=team,
        link=link,
        state=state,
        was=f"{old[0]} {old[2]}" if old[2] else "none",
    )
    return page


@dataclass(frozen=True)
class FollowUps:
    """Pages with no follow-up yet, and follow-ups still open grouped by owning team."""

    without: list[PageRow]
    open_by_team: dict[str, list[PageRow]]

    @property
    def open_count(self) -> int:
        return sum(len(v) for v in self.open_by_team.values())


def follow_ups(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> FollowUps:
    """Pages in [start, end) without a follow-up; every open follow-up, by team (the open
    ones are listed whatever their page's date: they are still to do)."""
    in_range = list_pages(session, start, end)
    every = in_range if start is None and end is None else list_pages(session)
    return follow_ups_of(in_range, every)


def follow_ups_of(in_range: list[PageRow], every: list[PageRow]) -> FollowUps:
    """``follow_ups`` of pages already read: ``in_range`` for the pages without one,
    ``every`` page for the open follow-ups."""
    by_team: dict[str, list[PageRow]] = {}
    for row in every:
        if row.follow_up_state == "open":
            by_team.setdefault(row.follow_up_team, []).append(row)
    return FollowUps(
        [r for r in in_range if not r.has_follow_up],
        dict(sorted(by_team.items(), key=lambda kv: kv[0].lower())),
    )


@dataclass(frozen=True)
class FollowUpCounts:
    """How many pages have no follow-up, and how many follow-ups are open per team."""

    without: int
    open_by_team: dict[str, int]


def follow_up_counts(session: Session, end: datetime | None = None) -> FollowUpCounts:
    """The counts of ``follow_ups(session, None, end)``, counted in SQL: pages before
    ``end`` without a follow-up; open follow-ups by owning team (any date), the teams in
    the same order."""
    # joined as list_pages joins: only pages whose responder and site are known count
    query = (
        select(func.count(col(Page.id)))
        .join(Volunteer, col(Volunteer.id) == col(Page.responder_id))
        .join(Site, col(Site.id) == col(Volunteer.site_id))
        .where(col(Page.follow_up_state).is_(None))
    )
    if end is not None:
        query = query.where(col(Page.at) < end)
    without = int(session.exec(query).one())
    teams = session.exec(
        select(Page.follow_up_team, func.count(col(Page.id)), func.min(col(Page.at)))
        .join(Volunteer, col(Volunteer.id) == col(Page.responder_id))
        .join(Site, col(Site.id) == col(Volunteer.site_id))
        .where(Page.follow_up_state == "open")
        .group_by(col(Page.follow_up_team))
    ).all()
    # follow_ups orders teams by name, ties (names differing in case) by their first page
    ordered = sorted(teams, key=lambda t: (t[0].lower(), t[2]))
    return FollowUpCounts(without, {team: int(count) for team, count, _first in ordered})


class FollowUpRow(NamedTuple):
    """A page as the Pages screen lists it: when, who, what, and its follow-up (read
    without working out who was on call, which that table does not show)."""

    id: int
    at: datetime
    name: str
    timezone: str  # the responder's site's zone
    service: str
    summary: str
    night: bool
    follow_up_team: str
    follow_up_link: str
    follow_up_state: str | None  # None: no follow-up yet; open; done

    def local_at(self) -> datetime:
        return self.at.astimezone(ZoneInfo(self.timezone))

    @property
    def has_follow_up(self) -> bool:
        return self.follow_up_state is not None


def known_teams(session: Session) -> list[str]:
    """Team names to offer for a follow-up: the volunteers' teams and those used before."""
    names = {t.strip() for t in session.exec(select(Volunteer.team).distinct()) if t.strip()}
    names |= {t.strip() for t in session.exec(select(Page.follow_up_team).distinct()) if t.strip()}
    return sorted(names, key=str.lower)

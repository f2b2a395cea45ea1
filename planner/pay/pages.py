"""The page log: manual entry, CSV import with an all-or-nothing preview, attribution.

A page is attributed to the shift (and so the rotation) whose slot contains it, preferring
a shift the responder held at that instant; a page by someone not on call is kept but
flagged. A night page starts at or after ``night_start`` and before ``night_end`` (settings,
default 00:00-07:00) in the responder's own site time zone, and earns a rest entitlement.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from planner.core import audit, settings
from planner.core.errors import PlannerError
from planner.core.home import rotations
from planner.core.models import Cover, Page, Shift, Site, Volunteer
from planner.pay import rest
from planner.rota.shifts import holdings

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

    def local_at(self) -> datetime:
        return self.at.astimezone(ZoneInfo(self.timezone))

    def as_json(self) -> dict[str, object]:
        return {
            "at": self.local_at().isoformat(),
            "responder": self.email,
            "minutes": self.minutes,
            "night": self.night,
            "summary": self.summary,
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


@dataclass
class PagePreview:
    """What an import would do: the pages to add, duplicates skipped, and every error."""

    pages: list[PageDraft] = field(default_factory=list)
    duplicates: list[PageDraft] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

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
) -> Page:
    """Log one page; a night page also entitles the responder to rest."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise PlannerError(f"At {at.isoformat()} has no UTC offset")
    minutes = check_minutes(minutes)
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
    )
    session.add(page)
    session.flush()
    if night is not None:
        local = at.astimezone(ZoneInfo(site.timezone))
        rest.entitle_for_page(session, page, night, f"{local:%H:%M} {site.name} time")
    audit.record(session, "page logged", "page", page.id, responder=volunteer.email, at=at)
    return page


def preview_csv(session: Session, path: Path | str) -> PagePreview:
    """Read a pages CSV and check every row; nothing is written."""
    path = Path(path)
    preview = PagePreview()
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
            at = parse_at(cell("at"))
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
    return preview


def import_csv(session: Session, path: Path | str, dry_run: bool = False) -> PagePreview:
    """All rows valid or nothing written: raises with every bad row named."""
    preview = preview_csv(session, path)
    if preview.errors:
        raise PlannerError(
            f"{len(preview.errors)} bad row(s), nothing imported: " + "; ".join(preview.errors)
        )
    if not dry_run:
        for draft in preview.pages:
            add_page(session, draft.at, draft.email, draft.minutes, draft.summary, draft.link)
    return preview


def list_pages(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> list[PageRow]:
    query = (
        select(Page, Volunteer, Site)
        .join(Volunteer, col(Volunteer.id) == col(Page.responder_id))
        .join(Site, col(Site.id) == col(Volunteer.site_id))
    )
    if start is not None:
        query = query.where(Page.at >= start)
    if end is not None:
        query = query.where(Page.at < end)
    rows = session.exec(query.order_by(col(Page.at), col(Page.id))).all()
    shift_ids = sorted({p.shift_id for p, _v, _s in rows if p.shift_id})
    shifts = {s.id: s for s in session.exec(select(Shift).where(col(Shift.id).in_(shift_ids)))}
    covers: dict[int, list[Cover]] = {}
    for c in session.exec(select(Cover).where(col(Cover.shift_id).in_(shift_ids))):
        covers.setdefault(c.shift_id, []).append(c)
    names = {r.id: r.name for r in rotations(session)}
    result = []
    for p, v, s in rows:
        shift = shifts.get(p.shift_id)
        on_call = False
        if shift is not None:
            held = holdings(shift, covers.get(shift.id or 0, []))
            on_call = any(h.volunteer_id == v.id and h.start <= p.at < h.end for h in held)
            if not on_call:  # maybe they held the other rotation's shift
                _other, on_call = _attribute(session, p.at, v.id or 0)
        result.append(
            PageRow(
                id=p.id or 0,
                at=p.at,
                email=v.email,
                name=v.name,
                site=s.name,
                timezone=s.timezone,
                minutes=p.minutes,
                night=p.night,
                summary=p.summary,
                link=p.link,
                rotation=names.get(shift.rotation_id, "") if shift else "",
                on_call=on_call,
            )
        )
    return result

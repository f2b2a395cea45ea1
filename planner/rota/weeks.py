"""The rota: one shift per rotation per week, listed with covers, state and warnings;
publishing and re-opening ranges of weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from planner.core import audit, locale_text
from planner.core.errors import PlannerError
from planner.core.models import Cover, Shift, Site, Volunteer
from planner.core.models.types import utc_now
from planner.core.out_of_hours import HomeCalendar, ooh_minutes, slots
from planner.rota.eligibility import (
    RotaContext,
    leave_in,
    load_context,
    problems,
    range_context,
    tour_covers,
)
from planner.rota.shifts import effective_state


@dataclass(frozen=True)
class CoverRow:
    id: int
    email: str
    name: str
    site: str
    colour: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class RotaRow:
    """One shift as the rota screen and ``planner rota`` show it."""

    shift_id: int
    rotation_id: int
    rotation: str
    week: date  # the local handover day
    slot_start: datetime
    slot_end: datetime
    out_of_hours_hours: float
    volunteer_id: int | None
    assignee_email: str | None
    assignee_name: str
    site: str
    colour: str
    state: str  # draft, published or worked
    covers: tuple[CoverRow, ...]
    warnings: tuple[str, ...]

    def as_json(self, cal: HomeCalendar) -> dict[str, object]:
        tz = cal.tz
        return {
            "rotation": self.rotation,
            "slot_start": self.slot_start.astimezone(tz).isoformat(),
            "slot_end": self.slot_end.astimezone(tz).isoformat(),
            "out_of_hours_hours": self.out_of_hours_hours,
            "assignee": self.assignee_email,
            "state": self.state,
            "covers": [
                {
                    "email": c.email,
                    "from": c.start.astimezone(tz).isoformat(),
                    "to": c.end.astimezone(tz).isoformat(),
                }
                for c in self.covers
            ],
        }


def week_range(cal: HomeCalendar, from_day: date, weeks: int) -> tuple[datetime, datetime]:
    """[first handover on or after ``from_day``, the handover ``weeks`` later)."""
    if weeks < 1:
        raise PlannerError(f"weeks must be at least 1, got {weeks}")
    found = slots(cal, from_day, weeks)
    return found[0][0], found[-1][1]


def ensure_slots(session: Session, from_day: date, weeks: int) -> int:
    """Create the missing draft shifts (no assignee) of every rotation for the weeks.

    Returns how many were created.
    """
    ctx = load_context(session)
    if weeks < 1:
        raise PlannerError(f"weeks must be at least 1, got {weeks}")
    existing = {(s.rotation_id, s.slot_start) for s in ctx.shifts}
    created = 0
    for start, end in slots(ctx.cal, from_day, weeks):
        for rotation in ctx.rotations.values():
            if (rotation.id, start) in existing:
                continue
            if rotation.retired_from and ctx.handover_day(start) >= rotation.retired_from:
                continue  # retired: no more slots
            if rotation.windows and ooh_minutes(ctx.cal, start, end, rotation.windows) == 0:
                continue  # the rotation's windows leave nothing to hold this week
            session.add(Shift(rotation_id=rotation.id, slot_start=start, slot_end=end))
            created += 1
    session.flush()
    return created


def context_for(
    session: Session, from_day: date, weeks: int, ctx: RotaContext | None = None
) -> RotaContext:
    """``ctx`` if it can judge the weeks (read whole, or for this very range), else the
    context of the range read now: only what the weeks need."""
    if ctx is not None and ctx.window is None:
        return ctx
    if ctx is not None and ctx.window == week_range(ctx.cal, from_day, weeks):
        return ctx
    return range_context(session, from_day, weeks)


def shifts_in(session: Session, start: datetime, end: datetime) -> list[Shift]:
    return list(
        session.exec(
            select(Shift)
            .where(Shift.slot_start >= start, Shift.slot_start < end)
            .order_by(col(Shift.slot_start), col(Shift.rotation_id))
        ).all()
    )


def shifts_of_range(
    session: Session, ctx: RotaContext, start: datetime, end: datetime
) -> list[Shift]:
    """The shifts of [start, end) in slot order: from ``ctx`` when it was read for that
    range (it holds them, read moments ago in the same session), else from the database.
    Read-only either way."""
    if ctx.window == (start, end):
        return sorted(
            (s for s in ctx.shifts if start <= s.slot_start < end),
            key=lambda s: (s.slot_start, s.rotation_id),
        )
    return shifts_in(session, start, end)


def shift_warnings(
    ctx: RotaContext, shift: Shift, covers: list[Cover], locale: str | None = None
) -> list[str]:
    """What the coordinator should see on a shift: uncovered, on leave, hard rules broken
    (days in ``locale``; none: ISO)."""
    if shift.volunteer_id is None:
        return ["uncovered"] if not covers else ["uncovered apart from covers"]
    found = problems(
        ctx, shift.volunteer_id, shift.rotation_id, shift.slot_start, shift.slot_end,
        ignore=frozenset({shift.id or 0}), locale=locale,
    )  # fmt: skip
    for cover in covers:
        person = ctx.people[cover.volunteer_id]
        if leave_in(ctx, cover.volunteer_id, cover.start, cover.end):
            found.append(f"cover {person.email} is on leave")
        if not tour_covers(ctx, cover.volunteer_id, cover.start, cover.end):
            found.append(f"cover {person.email} is outside a tour")
    return found


def list_rota(
    session: Session,
    from_day: date,
    weeks: int,
    now: datetime | None = None,
    ctx: RotaContext | None = None,
    locale: str | None = None,
) -> list[RotaRow]:
    """The shifts of every rotation in the weeks, in slot order, with covers and warnings.
    ``ctx``: the rules' context if the caller has it (read for these weeks, or whole);
    the warnings' days in ``locale`` (the app passes the user's; none: ISO)."""
    ctx = context_for(session, from_day, weeks, ctx)
    now = now or utc_now()
    start, end = week_range(ctx.cal, from_day, weeks)
    found = shifts_of_range(session, ctx, start, end)
    ids = [s.id for s in found]
    covers: dict[int, list[Cover]] = {}
    if ids:
        for c in session.exec(
            select(Cover).where(col(Cover.shift_id).in_(ids)).order_by(col(Cover.start))
        ).all():
            covers.setdefault(c.shift_id, []).append(c)
    rows: list[RotaRow] = []
    for shift in found:
        rotation = ctx.rotations[shift.rotation_id]
        person = ctx.people.get(shift.volunteer_id) if shift.volunteer_id else None
        shift_covers = covers.get(shift.id or 0, [])
        minutes = ctx.ooh_minutes(shift.slot_start, shift.slot_end, rotation.windows)
        rows.append(
            RotaRow(
                shift_id=shift.id or 0,
                rotation_id=rotation.id,
                rotation=rotation.name,
                week=ctx.handover_day(shift.slot_start),
                slot_start=shift.slot_start,
                slot_end=shift.slot_end,
                out_of_hours_hours=round(minutes / 60, 2),
                volunteer_id=shift.volunteer_id,
                assignee_email=person.email if person else None,
                assignee_name=person.name if person else "",
                site=person.site if person else "",
                colour=person.colour if person else "",
                state=effective_state(shift, now),
                covers=tuple(
                    CoverRow(
                        id=c.id or 0,
                        email=ctx.people[c.volunteer_id].email,
                        name=ctx.people[c.volunteer_id].name,
                        site=ctx.people[c.volunteer_id].site,
                        colour=ctx.people[c.volunteer_id].colour,
                        start=c.start,
                        end=c.end,
                    )
                    for c in shift_covers
                ),
                warnings=tuple(shift_warnings(ctx, shift, shift_covers, locale)),
            )
        )
    return rows


def legend_sites(session: Session) -> list[tuple[str, str]]:
    """(name, colour) of every site a volunteer works at, by name: the rota's legend."""
    rows = session.connection().execute(
        sa_select(col(Site.name), col(Site.colour))
        .join(Volunteer, col(Volunteer.site_id) == col(Site.id))
        .distinct()
    )
    return sorted((name, colour) for name, colour in rows)


def _planned_shifts(
    session: Session, ctx: RotaContext, start: datetime, end: datetime, locale: str | None = None
) -> list[Shift]:
    """The shifts of [start, end); a range with none (a mistyped year) is refused."""
    found = shifts_in(session, start, end)
    if not found:
        first = locale_text.short_date(ctx.handover_day(start), locale)
        raise PlannerError(f"no shifts in the weeks from {first}; plan them first")
    return found


@dataclass(frozen=True)
class PublishResult:
    published: int
    uncovered: tuple[str, ...]  # "Primary week of 2027-03-12" left as draft
    ended: tuple[str, ...] = ()  # draft weeks that ended unpublished: left as draft


@dataclass(frozen=True)
class PublishPreview:
    """What :func:`publish` would do to a range, told before it does it."""

    ready: int  # assigned draft shifts that would be published
    uncovered: tuple[str, ...]  # "Primary week of 2027-03-12": gaps, nobody on call
    broken: tuple[str, ...]  # "Primary week of 2027-03-12: <rule>" on a shift to publish
    ended: tuple[str, ...]  # draft weeks that have ended: left as drafts


def publish_preview(
    session: Session,
    from_day: date,
    weeks: int,
    now: datetime | None = None,
    locale: str | None = None,
) -> PublishPreview:
    """The gaps and rule breaks of a range's drafts, so the coordinator is asked before
    publishing them (the same selection as :func:`publish`; nothing is written). Days in
    ``locale`` (none: ISO)."""
    now = now or utc_now()
    ctx = load_context(session)
    start, end = week_range(ctx.cal, from_day, weeks)
    _planned_shifts(session, ctx, start, end, locale)  # a range with no shifts is refused too
    rows = list_rota(session, from_day, weeks, now, ctx, locale)
    drafts = [r for r in rows if r.state == "draft"]

    def name(r: RotaRow) -> str:
        return f"{r.rotation} week of {locale_text.short_date(r.week, locale)}"

    ready = [r for r in drafts if r.volunteer_id is not None and r.slot_end > now]
    return PublishPreview(
        ready=len(ready),
        uncovered=tuple(name(r) for r in drafts if r.volunteer_id is None),
        broken=tuple(f"{name(r)}: {w}" for r in ready for w in r.warnings),
        ended=tuple(name(r) for r in drafts if r.volunteer_id is not None and r.slot_end <= now),
    )


def publish(
    session: Session,
    from_day: date,
    weeks: int,
    now: datetime | None = None,
    locale: str | None = None,
) -> PublishResult:
    """Publish the assigned draft shifts of the weeks; slots with no assignee stay draft
    and are named in the result.

    A draft slot that has already ended is never published: it would become worked, and
    so paid, at once, for a week nobody was told about. It stays draft and is named; a
    range whose only drafts have ended is refused with nothing written. Days in the
    result and the refusal in ``locale`` (none: ISO).
    """
    now = now or utc_now()
    ctx = load_context(session)
    start, end = week_range(ctx.cal, from_day, weeks)
    drafts = [s for s in _planned_shifts(session, ctx, start, end, locale) if s.state == "draft"]

    def name(s: Shift) -> str:
        week = locale_text.short_date(ctx.handover_day(s.slot_start), locale)
        return f"{ctx.rotations[s.rotation_id].name} week of {week}"

    ended = [s for s in drafts if s.volunteer_id is not None and s.slot_end <= now]
    ready = [s for s in drafts if s.volunteer_id is not None and s.slot_end > now]
    if ended and not ready:
        raise PlannerError(
            f"{name(ended[0])} has ended"
            + (f" (and {len(ended) - 1} more draft week(s))" if len(ended) > 1 else "")
            + "; a week that ended as a draft cannot be published, as it would be paid at once"
        )
    uncovered = tuple(name(s) for s in drafts if s.volunteer_id is None)
    for shift in ready:
        shift.state = "published"
        session.add(shift)
    count = len(ready)
    audit.record(session, "rota published", "shift", None, start=start, weeks=weeks, count=count)
    return PublishResult(count, uncovered, tuple(name(s) for s in ended))


def reopen(
    session: Session,
    from_day: date,
    weeks: int,
    now: datetime | None = None,
    locale: str | None = None,
) -> int:
    """Make the published shifts of the weeks draft again, except those that have started
    (worked or in progress): they can no longer be re-planned or swapped."""
    now = now or utc_now()
    ctx = load_context(session)
    start, end = week_range(ctx.cal, from_day, weeks)
    shifts = _planned_shifts(session, ctx, start, end, locale)
    published = [s for s in shifts if s.state == "published"]
    future = [s for s in published if s.slot_start > now]
    if published and not future:
        raise PlannerError(
            "every published shift in that range has started or been worked; it stays"
        )
    for shift in future:
        shift.state = "draft"
        session.add(shift)
    audit.record(
        session, "rota reopened", "shift", None, start=start, weeks=weeks, count=len(future)
    )
    return len(future)

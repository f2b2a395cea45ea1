"""Changing the rota by hand: covers, swaps and manual assignment, with the hard rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from planner.core import audit, locale_text
from planner.core.errors import PlannerError
from planner.core.instants import whole_minute
from planner.core.models import Cover, Rotation, Shift, Volunteer
from planner.core.models.types import utc_now
from planner.core.out_of_hours import ooh_minutes
from planner.rota.eligibility import (
    INACTIVE_STATUSES,
    Person,
    RotaContext,
    leave_in,
    load_context,
    problems,
    role_and_site_ok,
    tour_covers,
)


@dataclass(frozen=True)
class CoverResult:
    covers: tuple[int, ...]  # ids of the Cover rows written (two when split at a handover)
    warnings: tuple[str, ...]


def _fmt(cal_tz: tzinfo, instant: datetime) -> str:
    return instant.astimezone(cal_tz).isoformat(timespec="minutes")


def _span(cal_tz: ZoneInfo, start: datetime, end: datetime, locale: str | None) -> str:
    """[start, end) in the home zone: ISO with offsets joined by '..' without a locale,
    else the locale's days and clock with the zone named: 'Sa., 13. März, 20:00 – So.,
    14. März, 08:00 (Europe/Dublin)'."""
    if locale_text.babel_locale(locale) is None:
        return f"{_fmt(cal_tz, start)}..{_fmt(cal_tz, end)}"
    a, b = (locale_text.day_time(t.astimezone(cal_tz), locale) for t in (start, end))
    return f"{a} – {b} ({cal_tz.key})"


def add_cover(
    session: Session,
    rotation: Rotation,
    volunteer: Volunteer,
    start: datetime,
    end: datetime,
    note: str = "",
    locale: str | None = None,
) -> CoverResult:
    """``volunteer`` takes [start, end) of the rotation's shifts, split across handovers.

    Refused (nothing written) when: the range is empty or reaches a week with no shift,
    the cover person holds that part already, is away on a day it touches, already holds
    another rotation or cover in an overlapping time, or the part is already covered.
    Outside a tour is only a warning. Days and times in the refusal in ``locale`` (the app
    passes the user's; none: ISO).
    """
    _check_range(start, end)
    ctx = load_context(session)
    pieces = _pieces_covering(ctx, rotation, start, end, locale)
    if volunteer.id not in ctx.people:
        raise PlannerError(f"no volunteer {volunteer.email}")
    existing = list(session.exec(select(Cover)).all())
    _check_not_covered(ctx, existing, pieces, start, end, locale)
    vid, rid = volunteer.id or 0, rotation.id or 0
    if blockers := cover_blockers(ctx, existing, vid, rid, start, end, locale):
        raise PlannerError(blockers[0])
    warnings = _cover_warnings(ctx, volunteer, rotation, start, end)
    ids = _write_pieces(session, pieces, volunteer, start, end, note)
    audit.record(
        session,
        "cover recorded",
        "shift",
        pieces[0].id,
        email=volunteer.email,
        start=start,
        end=end,
    )
    return CoverResult(tuple(ids), tuple(warnings))


def _check_range(start: datetime, end: datetime) -> None:
    """Aware, whole minutes, and not empty or backwards."""
    if start.tzinfo is None or end.tzinfo is None:
        raise PlannerError("cover times need a UTC offset, e.g. 2027-03-13T20:00+00:00")
    whole_minute(start, "cover start")
    whole_minute(end, "cover end")
    if end == start:
        raise PlannerError(f"cover is empty: it ends when it starts ({start.isoformat()})")
    if end < start:
        raise PlannerError(f"cover ends ({end.isoformat()}) before it starts ({start.isoformat()})")


def _pieces_covering(
    ctx: RotaContext,
    rotation: Rotation,
    start: datetime,
    end: datetime,
    locale: str | None = None,
) -> list[Shift]:
    """The rotation's shifts that [start, end) touches, with no gap and none missing."""
    pieces = _pieces(ctx, rotation.id or 0, start, end)
    covered_from = pieces[0].slot_start if pieces else end
    covered_to = pieces[-1].slot_end if pieces else start
    gaps = any(a.slot_end != b.slot_start for a, b in zip(pieces, pieces[1:], strict=False))
    if not pieces or covered_from > start or covered_to < end or gaps:
        raise PlannerError(
            f"{rotation.name} has no shift for part of {_span(ctx.cal.tz, start, end, locale)}"
            "; create the slots first (plan that range)"
        )
    return pieces


def _check_not_covered(
    ctx: RotaContext,
    existing: list[Cover],
    pieces: list[Shift],
    start: datetime,
    end: datetime,
    locale: str | None = None,
) -> None:
    """No part of [start, end) of these shifts is covered already."""
    piece_ids = {p.id for p in pieces}
    for c in existing:
        if c.start < end and start < c.end and c.shift_id in piece_ids:
            raise PlannerError(
                f"{_span(ctx.cal.tz, c.start, c.end, locale)} is already covered by "
                f"{ctx.people[c.volunteer_id].email}"
            )


def _cover_warnings(
    ctx: RotaContext, volunteer: Volunteer, rotation: Rotation, start: datetime, end: datetime
) -> list[str]:
    """What is allowed but worth saying: outside a tour, or no out-of-hours time."""
    warnings = []
    if not tour_covers(ctx, volunteer.id or 0, start, end):
        warnings.append(f"{volunteer.email} is not on tour for the whole cover")
    if ooh_minutes(ctx.cal, start, end, ctx.rotations[rotation.id or 0].windows) == 0:
        warnings.append("the cover holds no out-of-hours time, so it earns nothing")
    return warnings


def _write_pieces(
    session: Session,
    pieces: list[Shift],
    volunteer: Volunteer,
    start: datetime,
    end: datetime,
    note: str,
) -> list[int]:
    """One cover row per shift touched, clipped to it (a cover across a handover splits)."""
    ids = []
    assert volunteer.id is not None  # in ctx.people, so a stored row
    for piece in pieces:
        assert piece.id is not None  # a copy of a stored shift
        cover = Cover(
            shift_id=piece.id,
            volunteer_id=volunteer.id,
            start=max(start, piece.slot_start),
            end=min(end, piece.slot_end),
            note=note,
        )
        session.add(cover)
        session.flush()
        ids.append(cover.id or 0)
    return ids


def _pieces(ctx: RotaContext, rotation_id: int, start: datetime, end: datetime) -> list[Shift]:
    return sorted(
        (s for s in ctx.shifts if s.rotation_id == rotation_id and s.slot_start < end and start < s.slot_end),
        key=lambda s: s.slot_start,
    )  # fmt: skip


def cover_blockers(
    ctx: RotaContext,
    existing: Sequence[Cover],
    volunteer_id: int,
    rotation_id: int,
    start: datetime,
    end: datetime,
    locale: str | None = None,
) -> list[str]:
    """Every rule that stops ``volunteer_id`` covering [start, end) of a rotation: role and
    site, away on a day it touches, on call for another rotation or covering another in that
    time, or holding the shift already. (Outside a tour is not among them: see
    :func:`cover_candidates`.) Days in ``locale`` (none: ISO); the words stay, so
    :func:`planner.rota.eligibility.rule_of` reads the rule in every locale."""
    person = ctx.people[volunteer_id]
    rotation = ctx.rotations[rotation_id]
    email = person.email
    found: list[str] = []
    if why := role_and_site_ok(ctx, person, rotation):
        found.append(f"cannot cover {rotation.name}: {why}")
    if entry := leave_in(ctx, volunteer_id, start, end):
        away = locale_text.day_span(entry[0], entry[1], locale)
        found.append(f"{email} is away {away} ({entry[2] or 'unavailable'})")
    for other in ctx.shifts:
        if other.rotation_id != rotation_id and other.volunteer_id == volunteer_id:
            if other.slot_start < end and start < other.slot_end:
                name = ctx.rotations[other.rotation_id].name
                found.append(f"{email} is already on call for {name} in that time")
    shifts_by_id = {s.id: s for s in ctx.shifts}
    for c in existing:
        if c.volunteer_id == volunteer_id and c.start < end and start < c.end:
            other_rotation = shifts_by_id[c.shift_id].rotation_id
            if other_rotation != rotation_id:
                name = ctx.rotations[other_rotation].name
                found.append(f"{email} already covers {name} in that time")
    for piece in _pieces(ctx, rotation_id, start, end):
        if piece.volunteer_id == volunteer_id:
            found.append(
                f"{email} already holds the {rotation.name} shift of the week of "
                f"{locale_text.short_date(ctx.handover_day(piece.slot_start), locale)}"
            )
    return list(dict.fromkeys(found))


def cover_candidates(
    session: Session, shift_id: int, start: datetime, end: datetime, locale: str | None = None
) -> list[tuple[Person, list[str]]]:
    """Who could cover [start, end) of a shift's rotation: everyone of its roles and sites
    who is not inactive, each with what blocks them (empty: free to cover). Here, unlike
    :func:`add_cover`'s warning, being outside a tour for the cover blocks: the dialogs offer
    only people who can take the slot. Free people first, then by name. Days in ``locale``
    (none: ISO)."""
    ctx = load_context(session)
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise PlannerError(f"no shift with id {shift_id}")
    if end <= start:
        start, end = shift.slot_start, shift.slot_end
    rotation = ctx.rotations[shift.rotation_id]
    existing = list(session.exec(select(Cover)).all())
    found = []
    for person in ctx.people.values():
        if role_and_site_ok(ctx, person, rotation) is not None:
            continue
        blocked = cover_blockers(ctx, existing, person.id, rotation.id, start, end, locale)
        if not tour_covers(ctx, person.id, start, end):
            blocked.append(f"{person.email} is not on tour for the whole cover")
        found.append((person, blocked))
    found.sort(key=lambda pair: (bool(pair[1]), pair[0].name))
    return found


def delete_cover(session: Session, cover_id: int) -> None:
    cover = session.get(Cover, cover_id)
    if cover is None:
        raise PlannerError(f"no cover with id {cover_id}")
    session.delete(cover)
    audit.record(session, "cover removed", "shift", cover.shift_id, cover=cover_id)


def _future_shift(
    session: Session, shift_id: int, now: datetime, locale: str | None = None
) -> Shift:
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise PlannerError(f"no shift with id {shift_id}")
    if shift.slot_start <= now:
        day = locale_text.short_date(shift.slot_start.date(), locale)
        raise PlannerError(f"the shift of {day} has already started")
    return shift


def shift_in_week(session: Session, rotation: Rotation, day: date) -> Shift:
    """The rotation's shift whose slot starts on, or runs through, the local day ``day``."""
    ctx = load_context(session)
    for shift in ctx.shifts:
        if shift.rotation_id != rotation.id:
            continue
        first, last = ctx.slot_days(shift.slot_start, shift.slot_end)
        if first <= day < last:
            found = session.get(Shift, shift.id)
            assert found is not None  # ctx.shifts was just loaded from this session
            return found
    raise PlannerError(f"{rotation.name} has no shift in the week of {day}")


def swap(
    session: Session,
    first_id: int,
    second_id: int,
    now: datetime | None = None,
    locale: str | None = None,
) -> None:
    """Two future shifts exchange assignees, if the hard rules still hold for both (a
    refusal's days in ``locale``; none: ISO)."""
    now = now or utc_now()
    a = _future_shift(session, first_id, now, locale)
    b = _future_shift(session, second_id, now, locale)
    if a.id == b.id:
        raise PlannerError("a shift cannot be swapped with itself")
    if a.volunteer_id == b.volunteer_id:
        raise PlannerError("both shifts have the same assignee; nothing to swap")
    broken = swap_problems(load_context(session), a, b, locale)
    if broken:
        raise PlannerError("swap refused: " + "; ".join(dict.fromkeys(broken)))
    a.volunteer_id, b.volunteer_id = b.volunteer_id, a.volunteer_id
    session.add(a)
    session.add(b)
    audit.record(session, "shifts swapped", "shift", a.id, other=b.id)


def swap_problems(ctx: RotaContext, a: Shift, b: Shift, locale: str | None = None) -> list[str]:
    """Every hard rule broken if shifts ``a`` and ``b`` exchanged assignees (days in
    ``locale``; none: ISO)."""
    ignore = frozenset({a.id or 0, b.id or 0})
    after = [s for s in ctx.shifts if s.id not in ignore]
    after += [
        Shift(id=a.id, rotation_id=a.rotation_id, slot_start=a.slot_start, slot_end=a.slot_end, volunteer_id=b.volunteer_id),
        Shift(id=b.id, rotation_id=b.rotation_id, slot_start=b.slot_start, slot_end=b.slot_end, volunteer_id=a.volunteer_id),
    ]  # fmt: skip
    broken: list[str] = []
    for shift, newcomer in ((a, b.volunteer_id), (b, a.volunteer_id)):
        if newcomer is None:
            continue
        rest = [s for s in after if s.id != shift.id]
        broken += problems(
            ctx, newcomer, shift.rotation_id, shift.slot_start, shift.slot_end, others=rest,
            locale=locale,
        )  # fmt: skip
    return list(dict.fromkeys(broken))


@dataclass(frozen=True)
class SwapOption:
    """A future shift of the same rotation that a shift could exchange assignees with."""

    shift_id: int
    rotation: str
    week: date  # the local handover day
    assignee_name: str
    assignee_email: str
    problems: tuple[str, ...]  # empty: the swap keeps every hard rule


def swap_candidates(
    session: Session, shift_id: int, now: datetime | None = None, locale: str | None = None
) -> list[SwapOption]:
    """The future shifts of the rotation, held by someone else, that ``shift_id`` could
    swap with, in week order, each with the hard rules the swap would break (days in
    ``locale``; none: ISO)."""
    now = now or utc_now()
    shift = _future_shift(session, shift_id, now, locale)
    ctx = load_context(session)
    found = []
    for other in sorted(ctx.shifts, key=lambda s: s.slot_start):
        if (
            other.id == shift.id
            or other.rotation_id != shift.rotation_id
            or other.slot_start <= now
            or other.volunteer_id is None
            or other.volunteer_id == shift.volunteer_id
        ):
            continue
        person = ctx.people[other.volunteer_id]
        found.append(
            SwapOption(
                shift_id=other.id or 0,
                rotation=ctx.rotations[other.rotation_id].name,
                week=ctx.handover_day(other.slot_start),
                assignee_name=person.name,
                assignee_email=person.email,
                problems=tuple(swap_problems(ctx, shift, other, locale)),
            )
        )
    return found


def assign(
    session: Session,
    shift_id: int,
    volunteer: Volunteer | None,
    override: bool = False,
    now: datetime | None = None,
    locale: str | None = None,
) -> list[str]:
    """Put ``volunteer`` (or nobody) on a shift that has not ended.

    Hard rules are checked: broken ones refuse the change, unless ``override`` is set, in
    which case they are returned as warnings (and the rota shows them). Their days in
    ``locale`` (none: ISO).
    """
    now = now or utc_now()
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise PlannerError(f"no shift with id {shift_id}")
    if shift.slot_end <= now:
        raise PlannerError("that shift has been worked; it cannot change")
    broken: list[str] = []
    if volunteer is not None:
        ctx = load_context(session)
        broken = problems(
            ctx, volunteer.id or 0, shift.rotation_id, shift.slot_start, shift.slot_end,
            ignore=frozenset({shift.id or 0}), locale=locale,
        )  # fmt: skip
        if broken and not override:
            raise PlannerError("; ".join(broken))
    shift.volunteer_id = volunteer.id if volunteer else None
    session.add(shift)
    audit.record(
        session,
        "shift assigned",
        "shift",
        shift.id,
        email=volunteer.email if volunteer else None,
        override=bool(broken),
        slot_start=shift.slot_start,
    )
    return broken


def candidates(
    session: Session, shift_id: int, locale: str | None = None
) -> list[tuple[Person, list[str]]]:
    """Who could hold a shift: everyone of the rotation's roles and sites who is not
    inactive, each with the hard rules they would break (empty: free to assign; days in
    ``locale``, none: ISO)."""
    ctx = load_context(session)
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise PlannerError(f"no shift with id {shift_id}")
    rotation = ctx.rotations[shift.rotation_id]
    found = []
    for person in sorted(ctx.people.values(), key=lambda p: p.name):
        if role_and_site_ok(ctx, person, rotation) is not None:
            continue
        broken = problems(
            ctx, person.id, shift.rotation_id, shift.slot_start, shift.slot_end,
            ignore=frozenset({shift_id}), locale=locale,
        )  # fmt: skip
        found.append((person, broken))
    found.sort(key=lambda pair: (bool(pair[1]), pair[0].name))
    return found


def active_people(session: Session) -> list[Person]:
    """Volunteers who may cover: not applied, declined or withdrawn."""
    ctx = load_context(session)
    return sorted(
        (p for p in ctx.people.values() if p.status not in INACTIVE_STATUSES),
        key=lambda p: p.name,
    )

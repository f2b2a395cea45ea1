"""Editing rotations (layers of the rota): add, rename, retire; eligible roles and sites;
daily time windows (restrictions, home time: a follow-the-sun split is two rotations, each
with its sites and its window); the gap rule and the team band.

Each change is checked whole before anything is written (RotationError names the rotation,
the field and the value) and audit-logged. Retiring stops new slots from a day on and
removes the draft shifts from then; published shifts from then must be re-opened first.
Fees live in ``planner.pay.fees``; what a change does to drafts and pay runs is shown and
checked by ``planner.pay.rule_effects``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlmodel import Session, col, func, select

from planner.core import audit, locale_text
from planner.core.errors import PlannerError
from planner.core.home import home_calendar, rotation_windows, rotations
from planner.core.models import Rotation, RotationSite, RotationWindow, Shift, Site
from planner.core.out_of_hours import local_to_utc
from planner.core.vocabulary import ROLES


class RotationError(PlannerError):
    def __init__(self, message: str, rotation: str, field: str) -> None:
        super().__init__(message)
        self.rotation = rotation
        self.field = field


@dataclass(frozen=True)
class RotationSpec:
    """A rotation as the coordinator describes it (blank sites: every site)."""

    name: str
    roles: tuple[str, ...] = ("engineer",)
    sites: tuple[str, ...] = ()
    windows: tuple[tuple[time, time], ...] = ()
    gap_weeks: int = 3
    team_min: int | None = None
    team_max: int | None = None
    retired_from: date | None = None


def _bad(name: str, fld: str, value: object, why: str) -> RotationError:
    return RotationError(f"rotation {name}: {fld} {value!r} is not valid: {why}", name, fld)


def parse_windows(name: str, text: str) -> tuple[tuple[time, time], ...]:
    """``"18:00-02:00, 02:00-09:00"`` (home time; an end at or before the start wraps past
    midnight) -> windows; blank: no restriction."""
    found: list[tuple[time, time]] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            a, b = (x.strip() for x in part.replace("–", "-").split("-"))
            start, end = time.fromisoformat(a), time.fromisoformat(b)
        except ValueError:
            raise _bad(name, "windows", part, "expected HH:MM-HH:MM, e.g. 18:00-02:00") from None
        if start == end:
            raise _bad(name, "windows", part, "a window must not start and end at the same time")
        found.append((start, end))
    return tuple(found)


def windows_text(windows: tuple[tuple[time, time], ...]) -> str:
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in windows)


def spec_of(session: Session, rotation: Rotation) -> RotationSpec:
    site_names = {s.id: s.name for s in session.exec(select(Site)).all()}
    sites = session.exec(
        select(RotationSite.site_id).where(RotationSite.rotation_id == rotation.id)
    ).all()
    return RotationSpec(
        name=rotation.name,
        roles=tuple(rotation.roles()),
        sites=tuple(sorted(site_names[s] for s in sites)),
        windows=tuple((w.start, w.end) for w in rotation_windows(session, rotation)),
        gap_weeks=rotation.min_gap_weeks,
        team_min=rotation.team_min,
        team_max=rotation.team_max,
        retired_from=rotation.retired_from,
    )


def specs(session: Session) -> list[RotationSpec]:
    return [spec_of(session, r) for r in rotations(session)]


def _check(session: Session, spec: RotationSpec, current: Rotation | None) -> RotationSpec:
    name = spec.name.strip()
    label = current.name if current else name
    if not name:
        raise _bad(label, "name", spec.name, "a rotation needs a name")
    clash = session.exec(select(Rotation).where(func.lower(Rotation.name) == name.lower())).first()
    if clash is not None and clash is not current:
        raise _bad(label, "name", name, "another rotation has that name")
    roles = tuple(dict.fromkeys(r.strip().lower() for r in spec.roles if r.strip()))
    if not roles:
        raise _bad(label, "roles", ",".join(spec.roles), f"choose one or more of {ROLES}")
    for role in roles:
        if role not in ROLES:
            raise _bad(label, "roles", role, f"expected one of {', '.join(ROLES)}")
    known = {s.name.lower(): s.name for s in session.exec(select(Site)).all()}
    sites = []
    for site in spec.sites:
        if site.strip().lower() not in known:
            raise _bad(label, "sites", site, f"expected one of {', '.join(known.values())}")
        sites.append(known[site.strip().lower()])
    if not 0 <= spec.gap_weeks <= 52:
        raise _bad(label, "gap_weeks", spec.gap_weeks, "expected 0 to 52")
    for key in ("team_min", "team_max"):
        value = getattr(spec, key)
        if value is not None and not 1 <= value <= 100:
            raise _bad(label, key, value, "expected 1 to 100, or blank for the global setting")
    if spec.team_min and spec.team_max and spec.team_min > spec.team_max:
        raise _bad(label, "team_min", spec.team_min, f"must not exceed team_max {spec.team_max}")
    return RotationSpec(
        name,
        roles,
        tuple(sorted(sites)),
        spec.windows,
        spec.gap_weeks,
        spec.team_min,
        spec.team_max,
        spec.retired_from,
    )


def _write(session: Session, rotation: Rotation, spec: RotationSpec) -> None:
    rotation.name = spec.name
    rotation.eligible_roles = ",".join(spec.roles)
    rotation.min_gap_weeks = spec.gap_weeks
    rotation.team_min, rotation.team_max = spec.team_min, spec.team_max
    session.add(rotation)
    session.flush()
    assert rotation.id is not None
    site_ids = {s.name: s.id for s in session.exec(select(Site)).all()}
    for row in session.exec(select(RotationSite).where(RotationSite.rotation_id == rotation.id)):
        session.delete(row)
    for window in session.exec(
        select(RotationWindow).where(RotationWindow.rotation_id == rotation.id)
    ).all():
        session.delete(window)
    session.flush()
    for site in spec.sites:
        session.add(RotationSite(rotation_id=rotation.id, site_id=site_ids[site] or 0))
    for start, end in spec.windows:
        session.add(RotationWindow(rotation_id=rotation.id, start=start, end=end))
    session.flush()


def add_rotation(session: Session, spec: RotationSpec) -> Rotation:
    """A new rotation, after the others in the rota. Give it a fee (``pay.fees``) to pay it."""
    spec = _check(session, spec, None)
    position = session.exec(select(func.max(Rotation.position))).one() or 0
    rotation = Rotation(name=spec.name, position=position + 1)
    _write(session, rotation, spec)
    audit.record(
        session,
        "rotation.add",
        "rotation",
        rotation.id,
        rotation=spec.name,
        roles=spec.roles,
        sites=spec.sites,
        windows=windows_text(spec.windows),
        gap_weeks=spec.gap_weeks,
    )
    return rotation


def update_rotation(session: Session, name: str, spec: RotationSpec) -> list[str]:
    """Rename and change a rotation; returns the names of the fields that changed."""
    rotation = _by_name(session, name)
    old = spec_of(session, rotation)
    new = _check(session, spec, rotation)
    changed = [
        f
        for f in ("name", "roles", "sites", "windows", "gap_weeks", "team_min", "team_max")
        if getattr(old, f) != getattr(new, f)
    ]
    if not changed:
        return []
    _write(session, rotation, new)
    audit.record(
        session,
        "rotation.change",
        "rotation",
        rotation.id,
        rotation=name,
        **{f: [str(getattr(old, f)), str(getattr(new, f))] for f in changed},
    )
    return changed


def _by_name(session: Session, name: str) -> Rotation:
    found = session.exec(
        select(Rotation).where(func.lower(Rotation.name) == name.strip().lower())
    ).first()
    if found is None:
        known = ", ".join(r.name for r in rotations(session))
        raise PlannerError(f"unknown rotation {name!r}; expected one of {known}")
    return found


def retire_rotation(
    session: Session, name: str, from_day: date | None, locale: str | None = None
) -> int:
    """No slot of the rotation starts on or after ``from_day`` (None: un-retire). Draft
    shifts from then are removed; returns how many. Published ones must be re-opened first
    (the refusal's day in ``locale``; none: ISO)."""
    rotation = _by_name(session, name)
    removed = 0
    if from_day is not None:
        cal = home_calendar(session)
        cut = local_to_utc(cal.tz, from_day, time(0, 0))
        later = session.exec(
            select(Shift)
            .where(Shift.rotation_id == rotation.id)
            .where(col(Shift.slot_start) >= cut)
        ).all()
        published = [s for s in later if s.state == "published"]
        if published:
            raise RotationError(
                f"rotation {rotation.name}: cannot retire from "
                f"{locale_text.short_date(from_day, locale)}: "
                f"{len(published)} published shift(s) from then; re-open them first",
                rotation.name,
                "retired_from",
            )
        for shift in later:
            session.delete(shift)
            removed += 1
    old = rotation.retired_from
    rotation.retired_from = from_day
    session.add(rotation)
    session.flush()
    audit.record(
        session,
        "rotation.retire" if from_day else "rotation.unretire",
        "rotation",
        rotation.id,
        rotation=rotation.name,
        old=old,
        new=from_day,
        drafts_removed=removed,
    )
    return removed

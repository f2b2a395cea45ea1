"""Calendar feeds (.ics, the ``icalendar`` package): the team feed and one per volunteer.

Every event has a UID derived from the shift or cover id and the database's identity, so a
calendar app that imports a later export updates the event instead of adding a second one.
Times carry the home site's zone (TZID plus a VTIMEZONE). Each feed remembers what it last
said (table ``feed_event``): an event that has left a feed since — the shift went to someone
else, the cover was removed, a draft was not asked for — is sent again as cancelled, and a
changed event gets a higher SEQUENCE.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import icalendar
from sqlmodel import Session, select

from planner import __version__
from planner.core import names
from planner.core.db import Database
from planner.core.errors import OutputError, PlannerError
from planner.core.home import home_calendar, rotation_windows, rotations
from planner.core.models import FeedEvent, Setting, Shift, Volunteer
from planner.core.models.types import utc_now
from planner.core.out_of_hours import HomeCalendar, ooh_minutes, week_label
from planner.core.progress import Progress, no_progress
from planner.core.safe_write import StagedFile, stage_file
from planner.core.text import one_line
from planner.outputs.calendar import covers_by_shift, visible_shifts

DATABASE_ID_KEY = "database_id"
_NOTE_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]+")  # every control but \n
_FAR_PAST = datetime(1970, 1, 1, tzinfo=UTC)
_FAR_FUTURE = datetime(2200, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedItem:
    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str
    status: str  # CONFIRMED, TENTATIVE (a draft) or CANCELLED

    @property
    def fingerprint(self) -> str:
        text = "\n".join(
            [self.start.isoformat(), self.end.isoformat(), self.summary, self.description,
             self.status]
        )  # fmt: skip
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def database_id(session: Session) -> str:
    """This database's identity (made once, kept in the settings table)."""
    row = session.get(Setting, DATABASE_ID_KEY)
    if row is None:
        row = Setting(key=DATABASE_ID_KEY, value=f'"{uuid.uuid4().hex}"')
        session.add(row)
        session.flush()
    return row.value.strip('"')


def shift_uid(shift_id: int, db_id: str) -> str:
    return f"shift-{shift_id}-{db_id}@oncall-tour-planner"


def cover_uid(cover_id: int, db_id: str) -> str:
    return f"cover-{cover_id}-{db_id}@oncall-tour-planner"


def _fmt_local(cal: HomeCalendar, instant: datetime) -> str:
    local = instant.astimezone(cal.tz)  # English names whatever the C locale (Qt sets it)
    return f"{names.day_abbr(local)} {local:%d} {names.month_abbr(local)} {local:%H:%M}"


def current_items(
    session: Session, volunteer: Volunteer | None, include_drafts: bool
) -> list[FeedItem]:
    """The events a feed holds now: every visible shift and cover, or one volunteer's."""
    cal = home_calendar(session)
    db_id = database_id(session)
    shifts = visible_shifts(session, _FAR_PAST, _FAR_FUTURE, include_drafts)
    covers = covers_by_shift(session, [s.id for s in shifts if s.id is not None])
    people = {v.id: v for v in session.exec(select(Volunteer)).all()}
    rots = {r.id: r for r in rotations(session)}
    windows = {r.id: rotation_windows(session, r) for r in rots.values()}
    by_week: dict[datetime, list[Shift]] = {}
    for s in shifts:
        by_week.setdefault(s.slot_start, []).append(s)

    def name(vid: int | None) -> str:
        return one_line(people[vid].name) if vid is not None and vid in people else "uncovered"

    def others_line(shift: Shift) -> list[str]:
        lines = []
        for other in by_week.get(shift.slot_start, []):
            if other.rotation_id != shift.rotation_id:
                who = people.get(other.volunteer_id) if other.volunteer_id else None
                label = f"{one_line(who.name)} <{one_line(who.email)}>" if who else "uncovered"
                lines.append(f"{rots[other.rotation_id].name} this week: {label}")
        return lines

    items: list[FeedItem] = []
    for shift in shifts:
        assert shift.id is not None
        rot = rots[shift.rotation_id]
        gap = shift.volunteer_id is None  # a gap is always shown, and never as a draft
        draft = shift.state == "draft" and not gap
        prefix = "[Draft] " if draft else ""
        status = "TENTATIVE" if draft else "CONFIRMED"
        week = f"{rot.name} on call, {week_label(cal, shift.slot_start)}"
        hours = ooh_minutes(cal, shift.slot_start, shift.slot_end, windows[rot.id]) / 60
        shift_covers = sorted(covers.get(shift.id, []), key=lambda c: c.start)
        if volunteer is None or shift.volunteer_id == volunteer.id:
            lines = [week, f"Out-of-hours hours: {hours:g}", *others_line(shift)]
            if gap:
                lines.insert(
                    0,
                    f"UNCOVERED: nobody is on call for {rot.name} this week"
                    + (" apart from the covers below" if shift_covers else "")
                    + ". Tell the coordinator if you can take it.",
                )
            lines += [
                f"Cover: {name(c.volunteer_id)} {_fmt_local(cal, c.start)}–{_fmt_local(cal, c.end)}"
                for c in shift_covers
            ]
            if draft:
                lines.append("Draft: not yet published; it may still change.")
            items.append(
                FeedItem(
                    shift_uid(shift.id, db_id),
                    shift.slot_start,
                    shift.slot_end,
                    f"UNCOVERED: {rot.name} on call, nobody"
                    if gap
                    else f"{prefix}{rot.name} on call: {name(shift.volunteer_id)}",
                    "\n".join(lines),
                    status,
                )
            )
        for cover in shift_covers:
            if volunteer is not None and cover.volunteer_id != volunteer.id:
                continue
            assert cover.id is not None
            lines = [
                f"Covering part of {name(shift.volunteer_id)}'s {week}",
                *others_line(shift),
            ]
            if cover.note:
                lines.append(_NOTE_CONTROLS.sub(" ", cover.note))
            items.append(
                FeedItem(
                    cover_uid(cover.id, db_id),
                    cover.start,
                    cover.end,
                    f"{prefix}{rot.name} cover: {name(cover.volunteer_id)} "
                    f"(for {name(shift.volunteer_id)})",
                    "\n".join(lines),
                    status,
                )
            )
    return items


def feed_key(volunteer: Volunteer | None) -> str:
    return "team" if volunteer is None else f"volunteer:{volunteer.id}"


def volunteer_by_email(session: Session, email: str) -> Volunteer:
    found = session.exec(select(Volunteer).where(Volunteer.email == email.strip().lower())).first()
    if found is None:
        raise PlannerError(f"no volunteer with email {email!r}")
    return found


def export_feed(
    session: Session,
    volunteer_email: str | None = None,
    include_drafts: bool = False,
    now: datetime | None = None,
    progress: Progress = no_progress,
) -> bytes:
    """The feed as .ics bytes; records what it said so the next export can cancel/update.

    Run it in a transaction and commit once the file is written. ``progress`` hears how
    many events are written (and may raise to stop: the transaction then rolls back).
    """
    now = now or utc_now()
    progress(0, 0, "Reading the rota…")
    volunteer = volunteer_by_email(session, volunteer_email) if volunteer_email else None
    cal = home_calendar(session)
    key = feed_key(volunteer)
    items = {i.uid: i for i in current_items(session, volunteer, include_drafts)}
    known = {r.uid: r for r in session.exec(select(FeedEvent).where(FeedEvent.feed == key)).all()}
    out: list[tuple[FeedItem, int]] = []
    for uid, item in items.items():
        row = known.get(uid)
        if row is None:
            row = FeedEvent(feed=key, uid=uid, start=item.start, end=item.end)
        elif row.fingerprint != item.fingerprint or row.cancelled:
            row.sequence += 1
        row.start, row.end, row.summary = item.start, item.end, item.summary
        row.fingerprint, row.cancelled = item.fingerprint, False
        session.add(row)
        out.append((item, row.sequence))
    for uid, row in known.items():
        if uid in items:
            continue
        if not row.cancelled:
            row.cancelled = True
            row.sequence += 1
            session.add(row)
        out.append(
            (
                FeedItem(uid, row.start, row.end, f"Cancelled: {row.summary}",
                         "No longer on this calendar (reassigned, removed or unpublished).",
                         "CANCELLED"),
                row.sequence,
            )
        )  # fmt: skip
    session.flush()
    title = "On-call rota" if volunteer is None else f"On call: {one_line(volunteer.name)}"
    ordered = sorted(out, key=lambda p: (p[0].start, p[0].uid))
    return _to_ical(cal, title, ordered, now, progress)


PROGRESS_EVERY = 100  # events between two progress reports


def _to_ical(
    cal: HomeCalendar,
    title: str,
    items: list[tuple[FeedItem, int]],
    now: datetime,
    progress: Progress = no_progress,
) -> bytes:
    ical = icalendar.Calendar()
    ical.add("prodid", f"-//On-call Tour Planner//{__version__}//EN")
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("method", "PUBLISH")
    ical.add("x-wr-calname", title)
    ical.add("x-wr-timezone", cal.timezone)
    for index, (item, sequence) in enumerate(items):
        if index % PROGRESS_EVERY == 0:
            progress(index, len(items), f"Writing event {index + 1} of {len(items)}…")
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", item.start.astimezone(cal.tz))
        event.add("dtend", item.end.astimezone(cal.tz))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("status", item.status)
        event.add("sequence", sequence)
        event.add("transp", "TRANSPARENT")
        ical.add_component(event)
    ical.add_missing_timezones()
    data: bytes = ical.to_ical()
    return data


def count_events(path: Path) -> int:
    """The VEVENTs of an .ics file, parsed (raises OutputError when it does not parse)."""
    try:
        parsed = icalendar.Calendar.from_ical(path.read_bytes())
    except Exception as exc:  # any parse failure: the file is not what we meant to write
        raise OutputError(f"the calendar written cannot be read back ({exc})") from exc
    return sum(1 for c in parsed.walk() if c.name == "VEVENT")


def write_feed(
    db: Database,
    target: Path | str,
    volunteer_email: str | None = None,
    include_drafts: bool = False,
    now: datetime | None = None,
    progress: Progress = no_progress,
) -> int:
    """Write the feed to ``target`` whole or not at all; returns the number of events.

    The file is written and checked (parsed back) inside the transaction that records what
    the feed said, and renamed into place only after that commit: when the commit fails (a
    full disk) the file is not replaced and the feed's memory is unchanged. When
    ``progress`` raises (the user cancelled), likewise: no file, the feed's memory (each
    event's SEQUENCE) as it was.
    """
    target = Path(target)
    if target.suffix.lower() != ".ics":
        raise PlannerError(f"output file {target} should end in .ics")
    staged: StagedFile | None = None
    expected: list[int] = []

    def check(path: Path) -> None:
        found = count_events(path)
        if found != expected[0]:
            raise OutputError(f"the calendar written holds {found} events, not {expected[0]}")

    try:
        with db.transaction() as session:
            data = export_feed(session, volunteer_email, include_drafts, now, progress)
            progress(0, 0, "Checking the calendar…")
            parsed = icalendar.Calendar.from_ical(data)
            expected.append(sum(1 for c in parsed.walk() if c.name == "VEVENT"))
            staged = stage_file(target, lambda temp: temp.write_bytes(data), check)
            progress(expected[0], expected[0], "Saving…")  # the last chance to stop
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    staged.publish()
    return expected[0]

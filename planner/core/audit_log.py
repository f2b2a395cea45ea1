"""Reading the audit log: every change, newest first, filtered by kind, person and date.

Dates are days of the home site (a day starts at local midnight there), never of the
computer the app runs on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from planner.core.errors import PlannerError
from planner.core.home import home_calendar
from planner.core.models import AuditEntry, PayRun, Rotation, Shift, Tour, Volunteer
from planner.core.out_of_hours import local_to_utc
from planner.core.vocabulary import AUDIT_KINDS

# The kinds of entity the app records changes to; a database may hold more (later releases).
KINDS = AUDIT_KINDS


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    os_user: str
    action: str
    entity: str
    entity_id: int | None
    detail_json: str  # as stored; ``detail`` reads it when first asked (a long log is
    # listed without parsing every entry's details)
    subject: str = ""  # what the entry is about, in words: a name, a shift's week, a month

    @cached_property
    def detail(self) -> dict[str, Any]:
        return _detail(self.detail_json)

    def as_json(self, tz: Any) -> dict[str, object]:
        return {
            "at": self.at.astimezone(tz).isoformat(timespec="seconds"),
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "detail": self.detail,
        }

    @cached_property
    def _detail_text(self) -> str:
        return ", ".join(f"{k}={_value(v)}" for k, v in sorted(self.detail.items()))

    def detail_text(self) -> str:
        """The details on one line: ``key=value`` pairs in key order (worked out once: a
        table asks for it each time it paints the row)."""
        return self._detail_text


def _value(value: object) -> str:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _detail(text: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        found = json.loads(text)
    except ValueError:
        return {"text": text}  # written by hand or by an old version: shown as it is
    return found if isinstance(found, dict) else {"value": found}


_LOG = "audit_log"
# The kinds in the log, each found by one look in the (entity, entity_id) index: the next
# kind after the last one found (a long log is not read for its few kinds).
_STORED_KINDS = f"""WITH RECURSIVE found(entity) AS (SELECT min(entity) FROM {_LOG}
    UNION ALL SELECT (SELECT min(entity) FROM {_LOG} WHERE entity > found.entity)
    FROM found WHERE found.entity IS NOT NULL)
    SELECT entity FROM found WHERE entity IS NOT NULL"""


def kinds(session: Session) -> list[str]:
    """Every kind the app records, and any other kind already in this database."""
    stored = session.connection().exec_driver_sql(_STORED_KINDS).scalars().all()
    return sorted(set(KINDS) | {k for k in stored if k})


def check_kind(session: Session, kind: str) -> str:
    known = kinds(session)
    if kind not in known:
        raise PlannerError(f"unknown entity kind {kind!r}; expected one of {', '.join(known)}")
    return kind


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list. ``since``/``until`` are home-site days, both included;
    ``entity`` a kind (see :func:`kinds`); ``email`` keeps the entries about that volunteer:
    their record, their tours, and every entry whose details name their email; ``search``
    keeps the entries whose action, kind, subject, details or OS user hold the text (any
    case; the time is chosen with ``since``/``until``): the details as stored ('half_days=2')
    or as shown in ``locale`` ('Rest: 1 day', '550,00 €', ``audit_text.stored_forms``)."""

    since: date | None = None
    until: date | None = None
    entity: str | None = None
    email: str | None = None
    search: str = ""
    locale: str | None = None  # the search's: a value typed as the screen shows it


# What a list can be sorted by (the Audit screen's columns, in order); ties: newest first.
SORTS = ("at", "action", "kind", "about", "detail", "os_user")

_WHITESPACE = " \t\n\r\x0b\x0c"
# What an entry is about, in words (as ``_Subjects`` names it), in SQL: for sorting and
# searching. A shift's week is its slot's start in UTC here (the same order as the home
# day); a search for a shift's week goes through the shifts' own names (``_shifts_named``).
_SUBJECT = f"""CASE {_LOG}.entity
    WHEN 'volunteer' THEN (SELECT v.name FROM volunteer v WHERE v.id = {_LOG}.entity_id)
    WHEN 'tour' THEN (SELECT coalesce(v.name, '?') || '''s tour from ' || t.start
        FROM tour t LEFT JOIN volunteer v ON v.id = t.volunteer_id WHERE t.id = {_LOG}.entity_id)
    WHEN 'rotation' THEN (SELECT r.name FROM rotation r WHERE r.id = {_LOG}.entity_id)
    WHEN 'pay_run' THEN (SELECT 'pay run ' || p.month FROM pay_run p WHERE p.id = {_LOG}.entity_id)
    WHEN 'shift' THEN (SELECT coalesce(r.name, '?') || ' week of ' || s.slot_start
        FROM shift s LEFT JOIN rotation r ON r.id = s.rotation_id WHERE s.id = {_LOG}.entity_id)
    END"""
_ABOUT = f"coalesce(nullif({_SUBJECT}, ''), '#' || {_LOG}.entity_id, '')"
# The details as the screen shows them (``AuditRow.detail_text``): key=value pairs, stored
# with each entry (the database fills it from the JSON: migration f31a07's triggers).
_DETAIL_TEXT = f"{_LOG}.detail_text"
_KIND = f"replace({_LOG}.entity, '_', ' ')"
_SORT_KEYS = {
    "action": f"{_LOG}.action",
    "kind": _KIND,
    "about": _ABOUT,
    "detail": _DETAIL_TEXT,
    "os_user": f"{_LOG}.os_user",
}
# Whether the details name an email (any value, at any depth, any case, spaces around).
_NAMES_EMAIL = f"""CASE WHEN json_valid({_LOG}.detail)
    THEN EXISTS (SELECT 1 FROM json_tree({_LOG}.detail) j WHERE j.type = 'text'
        AND lower(trim(j.value, :audit_ws)) = :audit_email)
    ELSE lower(trim({_LOG}.detail, :audit_ws)) = :audit_email END"""


def _person_filter(session: Session, email: str) -> tuple[int, str]:
    email = email.strip().lower()
    volunteer = session.exec(select(Volunteer).where(Volunteer.email == email)).first()
    if volunteer is None or volunteer.id is None:
        raise PlannerError(f"no volunteer with email {email!r}")
    return volunteer.id, email


def _about_person(session: Session, email: str) -> ColumnElement[bool]:
    """Entries about the volunteer: their record, a tour of theirs, or details that name
    their email."""
    volunteer_id, email = _person_filter(session, email)
    names = _NAMES_EMAIL
    if email.isascii() and email.isprintable() and '"' not in email and "\\" not in email:
        # written as it is in the stored JSON: a quick look before reading it
        names = f"(instr(lower({_LOG}.detail), :audit_email) > 0 AND {_NAMES_EMAIL})"
    return or_(
        and_(col(AuditEntry.entity) == "volunteer", col(AuditEntry.entity_id) == volunteer_id),
        and_(
            col(AuditEntry.entity) == "tour",
            col(AuditEntry.entity_id).in_(
                sa_select(col(Tour.id)).where(col(Tour.volunteer_id) == volunteer_id)
            ),
        ),
        text(names).bindparams(audit_email=email, audit_ws=_WHITESPACE),
    )


def _named(session: Session, tz: Any, needle: str) -> dict[str, list[int]]:
    """The people, tours, rotations, pay runs and shifts whose name (as ``_Subjects``
    names them) holds ``needle``: each table read once, the log not at all."""
    connection = session.connection()
    found = {
        kind: [
            int(i)
            for (i,) in connection.execute(
                text(f"SELECT id FROM ({query}) WHERE instr(fold(name), :needle) > 0"),
                {"needle": needle},
            )
        ]
        for kind, query in (
            ("volunteer", "SELECT v.id, v.name FROM volunteer v"),
            (
                "tour",
                "SELECT t.id, coalesce(v.name, '?') || '''s tour from ' || t.start AS name "
                "FROM tour t LEFT JOIN volunteer v ON v.id = t.volunteer_id",
            ),
            ("rotation", "SELECT r.id, r.name FROM rotation r"),
            ("pay_run", "SELECT p.id, 'pay run ' || p.month AS name FROM pay_run p"),
        )
    }
    # a shift's week is a home day: named here, not in SQL
    shifts = connection.exec_driver_sql(
        "SELECT s.id, coalesce(r.name, '?'), s.slot_start FROM shift s "
        "LEFT JOIN rotation r ON r.id = s.rotation_id"
    )
    by_rotation: dict[str, list[tuple[int, str]]] = {}
    for shift_id, rotation, start in shifts:
        by_rotation.setdefault(rotation, []).append((int(shift_id), start))
    days: dict[str, str] = {}  # slot start (as stored) -> its home day

    def day(start: str) -> str:
        if start not in days:
            at = datetime.fromisoformat(start).replace(tzinfo=UTC)
            days[start] = f"{at.astimezone(tz):%Y-%m-%d}"
        return days[start]

    found["shift"] = []
    for rotation, listed in by_rotation.items():
        named = f"{rotation} week of ".lower()
        if needle in named:  # every week of the rotation
            found["shift"] += [shift_id for shift_id, _start in listed]
        elif _reaches_the_day(named, needle):
            found["shift"] += [i for i, start in listed if needle in named + day(start)]
    return found


_DAY_CHARACTERS = "0123456789-"


def _reaches_the_day(named: str, needle: str) -> bool:
    """Whether ``needle`` may be in ``named`` followed by a day (YYYY-MM-DD) without being
    in ``named`` alone: it ends with the day's characters, and what comes before them (if
    anything) ends ``named``. A search for a name or a word then names no day at all."""
    digits = len(needle) - len(needle.rstrip(_DAY_CHARACTERS))
    return digits == len(needle) or any(
        named.endswith(needle[: len(needle) - n]) for n in range(1, digits + 1)
    )


def _says(session: Session, tz: Any, search: str, locale: str | None = None) -> ColumnElement[bool]:
    """Entries whose action, kind, subject, details (as stored or as shown) or OS user hold
    the text."""
    needle = search.strip().lower()
    # worked out once per session: a count and a page of the same search share them
    cache = session.info.setdefault("audit_log.named", {})
    if (needle, str(tz)) not in cache:
        cache[(needle, str(tz))] = (kinds(session), _named(session, tz, needle))
    known, named = cache[(needle, str(tz))]
    kinds_named = [k for k in known if needle in k.replace("_", " ")]
    # LIKE folds the case of ASCII letters only, as SQLite's lower() does, and copies
    # nothing: the quickest test of a column that is shown as it is stored
    like = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    shown = (f"{_LOG}.action", f"{_LOG}.os_user", _DETAIL_TEXT)
    if needle.isascii():
        terms = [f"{column} LIKE :audit_like ESCAPE '\\'" for column in shown]
    else:  # a letter beyond A-Z: folded by Python (``fold``), as the screen shows it, and
        # only in a text that has such a letter (Python's lower case of A-Z is ASCII)
        terms = [
            f"(length({column}) <> length(CAST({column} AS BLOB)) "
            f"AND instr(fold({column}), :audit_needle) > 0)"
            for column in shown
        ]
    if kinds_named:
        terms.append(f"{_LOG}.entity IN ({', '.join(_quoted(k) for k in kinds_named)})")
    for kind, ids in named.items():
        if ids:
            listed = ", ".join(str(i) for i in ids)
            terms.append(f"({_LOG}.entity = '{kind}' AND {_LOG}.entity_id IN ({listed}))")
    if re.fullmatch(r"#?[0-9]*", needle):  # the number of an entry about something unnamed
        # (a named subject holding the digits is found above): the number first, the
        # subject worked out only for the entries whose number holds them
        number = f"instr('#' || {_LOG}.entity_id, :audit_needle) > 0"
        terms.append(f"({number} AND coalesce({_SUBJECT}, '') = '')")
    as_shown, given = _shown_details(search, locale, tz)
    terms += as_shown
    sql = "(" + " OR ".join(terms) + ")"
    given |= {"audit_needle": needle, "audit_like": like}
    return and_(text(sql).bindparams(**{k: v for k, v in given.items() if f":{k}" in sql}))


def _shown_details(search: str, locale: str | None, tz: Any) -> tuple[list[str], dict[str, Any]]:
    """The search typed as the details are shown ('Rest: 1 day'), as SQL terms over the
    stored text (``audit_text.stored_forms``), and their values."""
    from planner.core import audit_text  # it names rows of this module

    stored = f"lower(', ' || {_LOG}.detail_text || ',')"
    terms: list[str] = []
    given: dict[str, Any] = {}
    for n, form in enumerate(dict.fromkeys(audit_text.stored_forms(search, locale, tz))):
        parts = []
        for m, piece in enumerate(form.pieces):
            given[f"audit_shown_{n}_{m}"] = piece
            parts.append(f"instr({stored}, :audit_shown_{n}_{m}) > 0")
        if form.within is not None:
            key, low, high = form.within
            given |= {f"audit_path_{n}": f"$.{key}", f"audit_low_{n}": low}
            given[f"audit_high_{n}"] = high
            figure = (
                f"(CASE WHEN json_valid({_LOG}.detail) "
                f"THEN json_extract({_LOG}.detail, :audit_path_{n}) END)"
            )
            parts.append(f"{figure} >= :audit_low_{n} AND {figure} < :audit_high_{n}")
        if form.entity:
            parts.append(f"{_LOG}.entity = {_quoted(form.entity)}")
        if parts:
            terms.append("(" + " AND ".join(parts) + ")")
    return terms, given


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _where(session: Session, tz: Any, chosen: AuditFilter) -> list[ColumnElement[bool]]:
    since, until = chosen.since, chosen.until
    if since is not None and until is not None and until < since:
        raise PlannerError(f"the last day ({until}) is before the first ({since})")
    where: list[ColumnElement[bool]] = []
    if since is not None:
        where.append(col(AuditEntry.at) >= local_to_utc(tz, since, time(0)))
    if until is not None:
        where.append(col(AuditEntry.at) < local_to_utc(tz, until + timedelta(days=1), time(0)))
    if chosen.entity is not None:
        where.append(col(AuditEntry.entity) == check_kind(session, chosen.entity))
    if chosen.email:
        where.append(_about_person(session, chosen.email))
    if chosen.search.strip():
        where.append(_says(session, tz, chosen.search, chosen.locale))
    return where


def count(session: Session, chosen: AuditFilter, tz: Any = None) -> int:
    """How many entries the filter keeps (counted in SQL: no entry is read). ``tz``: the
    home site's zone, if the caller has it."""
    tz = tz or home_calendar(session).tz
    query = sa_select(func.count()).select_from(AuditEntry).where(*_where(session, tz, chosen))
    return int(session.connection().execute(query).scalar_one())


def page(
    session: Session,
    chosen: AuditFilter,
    offset: int = 0,
    limit: int | None = None,
    sort: str = "at",
    descending: bool = True,
    tz: Any = None,
    kept: int | None = None,
    among: Sequence[int] | None = None,
) -> list[AuditRow]:
    """The entries the filter keeps, sorted by ``sort`` (one of :data:`SORTS`; ties newest
    first), from the ``offset``-th, at most ``limit`` of them (``None``: every one). Only
    those entries are read, and only their subjects named. ``tz``: the home site's zone, if
    the caller has it; ``kept``: what :func:`count` said, if the caller asked (it chooses
    how the log is read, never what is listed); ``among``: the ids of every entry the
    filter keeps, if the caller has them (they are read instead of the filter)."""
    if sort not in SORTS:
        raise PlannerError(f"unknown audit sort {sort!r}; expected one of {', '.join(SORTS)}")
    tz = tz or home_calendar(session).tz
    where: list[ColumnElement[bool]] = (
        _where(session, tz, chosen) if among is None else [col(AuditEntry.id).in_(among)]
    )
    if sort == "about" and among is None and limit is not None:
        window = _about_window(session, where, offset, limit, descending)
        if window is None:
            return []
        restrict, before = window
        where, offset = [*where, restrict], offset - before
    query = sa_select(
        col(AuditEntry.id),
        col(AuditEntry.at),
        col(AuditEntry.os_user),
        col(AuditEntry.action),
        col(AuditEntry.entity),
        col(AuditEntry.entity_id),
        col(AuditEntry.detail),
    ).where(*where)  # columns, not ORM objects
    at: Any = col(AuditEntry.at)
    if (
        kept is not None
        and (chosen.search.strip() or chosen.email or among is not None)
        and (limit is None or kept <= 4 * (offset + limit))
    ):
        # Few entries match a search: reading the log in its stored order and sorting
        # those few is quicker than walking the time index and looking up each entry.
        at = literal_column(f"+{_LOG}.at")
    newest: list[Any] = [at.desc(), col(AuditEntry.id).desc()]
    if sort == "at":
        order = newest if descending else [at.asc(), col(AuditEntry.id).asc()]
    else:
        key: Any = literal_column(_SORT_KEYS[sort])
        order = [key.desc() if descending else key.asc(), *newest]
    query = query.order_by(*order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    found = session.connection().execute(query).all()
    subjects = _Subjects(session, tz, [(e[4], e[5]) for e in found]) if found else None
    return [
        AuditRow(
            entry_id or 0,
            at,
            os_user,
            action,
            entity,
            entity_id,
            detail,
            subjects.name(entity, entity_id) if subjects else "",
        )  # fmt: skip
        for entry_id, at, os_user, action, entity, entity_id, detail in found
    ]


def _about_window(
    session: Session, where: list[ColumnElement[bool]], offset: int, limit: int, descending: bool
) -> tuple[ColumnElement[bool], int] | None:
    """The entries that can be the ``offset``-th to the ``offset + limit``-th in the order of
    what they are about, as a condition, and how many entries come before them (None: the
    filter keeps fewer than ``offset`` entries).

    The subject of each thing the kept entries are about is worked out once (a long log
    names the same person or shift many times), the things sorted by it with how many
    entries each has; the entries of the subjects that reach into the page are read."""
    things = (
        sa_select(col(AuditEntry.entity), col(AuditEntry.entity_id), func.count().label("n"))
        .where(*where)
        .group_by(col(AuditEntry.entity), col(AuditEntry.entity_id))
        .subquery(_LOG)
    )
    about: Any = literal_column("about")
    named = sa_select(
        things.c.entity, things.c.entity_id, things.c.n, literal_column(_ABOUT).label("about")
    ).order_by(about.desc() if descending else about.asc())
    found = session.connection().execute(named).all()
    end, reached, at, before = offset + limit, 0, 0, None
    wanted: list[tuple[str, int | None]] = []
    while at < len(found) and reached < end:
        subject, entries, first = found[at][3], 0, at
        while at < len(found) and found[at][3] == subject:  # things named alike go together
            entries += found[at][2]
            at += 1
        if reached + entries > offset:
            before = reached if before is None else before
            wanted += [(entity, entity_id) for entity, entity_id, _n, _a in found[first:at]]
        reached += entries
    if before is None:
        return None
    numbers: dict[str, list[int]] = {}
    for entity, entity_id in wanted:
        numbers.setdefault(entity, [])
        if entity_id is not None:
            numbers[entity].append(entity_id)
    terms = []  # each looked up in the (entity, entity_id) index
    for entity, ids in numbers.items():
        if ids:
            listed = ", ".join(str(int(i)) for i in ids)
            terms.append(f"({_LOG}.entity = {_quoted(entity)} AND {_LOG}.entity_id IN ({listed}))")
    if unnumbered := sorted(e for e, i in wanted if i is None):
        kinds = ", ".join(_quoted(e) for e in unnumbered)
        terms.append(f"({_LOG}.entity IN ({kinds}) AND {_LOG}.entity_id IS NULL)")
    return and_(text("(" + " OR ".join(terms) + ")")), before


def first_page(
    session: Session,
    chosen: AuditFilter,
    limit: int,
    sort: str = "at",
    descending: bool = True,
    tz: Any = None,
) -> tuple[list[AuditRow], int]:
    """What a screen shows first: the first ``limit`` entries the filter keeps, as
    :func:`page` lists them, and how many it keeps in all, as :func:`count` says.

    A search or a person filter reads the log once when it keeps few entries (at most
    ``4 * limit``): the ids of the entries it keeps, in the log's stored order, then the
    first page of those; when it keeps more, that look stops at the first ``4 * limit``
    and the filter is counted, then the page read through the time index."""
    tz = tz or home_calendar(session).tz
    if chosen.search.strip() or chosen.email:
        few = 4 * limit
        ids = sa_select(col(AuditEntry.id)).where(*_where(session, tz, chosen)).limit(few + 1)
        kept = [i for i in session.connection().execute(ids).scalars() if i is not None]
        if len(kept) <= few:
            if not kept:
                return [], 0
            found = page(session, chosen, 0, limit, sort, descending, tz, len(kept), kept)
            return found, len(kept)
    total = count(session, chosen, tz)
    return page(session, chosen, 0, limit, sort, descending, tz, total), total


def entries(
    session: Session,
    since: date | None = None,
    until: date | None = None,
    entity: str | None = None,
    email: str | None = None,
) -> list[AuditRow]:
    """The whole log the filter keeps (see :class:`AuditFilter`), newest first."""
    return page(session, AuditFilter(since, until, entity, email))


# SQLite takes at most this many values in one IN (...) (its oldest limit, 999)
_CHUNK = 900


def _chunks(ids: set[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), _CHUNK):
        yield ordered[i : i + _CHUNK]


class _Subjects:
    """Names for what entries are about (people, tours, shifts, pay runs): only those the
    entries name, each table read once."""

    def __init__(self, session: Session, tz: Any, about: Iterable[tuple[str, int | None]]) -> None:
        wanted: dict[str, set[int]] = {}
        for entity, entity_id in about:
            if entity_id is not None:
                wanted.setdefault(entity, set()).add(entity_id)
        tours = [
            t
            for chunk in _chunks(wanted.get("tour", set()))
            for t in session.exec(
                select(col(Tour.id), col(Tour.volunteer_id), col(Tour.start)).where(
                    col(Tour.id).in_(chunk)
                )
            )
        ]
        people = wanted.get("volunteer", set()) | {volunteer_id for _id, volunteer_id, _s in tours}
        self.people = {
            vid: name
            for chunk in _chunks(people)
            for vid, name in session.exec(
                select(Volunteer.id, Volunteer.name).where(col(Volunteer.id).in_(chunk))
            )
        }
        self.tours = {
            tid: f"{self.people.get(volunteer_id, '?')}'s tour from {start.isoformat()}"
            for tid, volunteer_id, start in tours
        }
        rotations = {r.id: r.name for r in session.exec(select(Rotation)).all()}
        self.rotations = rotations
        self.shifts = {
            sid: f"{rotations.get(rotation_id, '?')} week of "
            f"{slot_start.astimezone(tz).date().isoformat()}"
            for chunk in _chunks(wanted.get("shift", set()))
            for sid, rotation_id, slot_start in session.exec(
                select(Shift.id, Shift.rotation_id, Shift.slot_start).where(
                    col(Shift.id).in_(chunk)
                )
            )
        }
        self.runs = {
            rid: f"pay run {month}"
            for chunk in _chunks(wanted.get("pay_run", set()))
            for rid, month in session.exec(
                select(PayRun.id, col(PayRun.month)).where(col(PayRun.id).in_(chunk))
            )
        }

    def name(self, entity: str, entity_id: int | None) -> str:
        if entity_id is None:
            return ""
        table = {
            "volunteer": self.people,
            "tour": self.tours,
            "shift": self.shifts,
            "rotation": self.rotations,
            "pay_run": self.runs,
        }.get(entity, {})
        return table.get(entity_id, "")

"""The Pages screen's list, read a page at a time: the follow-up state and a search text
filter in SQL, the order is SQL's, and only the rows asked for are read (a long page log is
never read whole to show its newest rows).

A search finds the pages whose responder, follow-up ('no follow-up', 'open', 'done'),
owning team, issue link, service or summary holds the text (case-insensitive), 'night'
finds the night pages, a day or month ('2026-11-27', '2026-11', or as the table shows it
in the user's locale: '27 Nov 2026', en_US 'Nov 27, 2026'; or a day without its year: '27
Nov', en_US 'Nov 27') the pages of that day or month in their responder's time, and a time as the table shows it ('03:15', '3:15', en_US
'3:15 AM', '03:'), alone or after a day ('Fri 27 Nov 2026 03:15'), the pages whose
responder's wall clock showed it (a part of the shown time matches, as any text does: '3:15'
finds 03:15 and 13:15). A time needs its separator: '0315' or '15' alone is not one."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session

from planner.core import locale_text
from planner.pay.pages import FollowUpCounts, FollowUpRow

STATES = ("all", "none", "open", "done")
# the column keys a list is sorted by, in the Pages table's column order
SORTS = ("at", "name", "state", "team", "link", "service", "summary", "night")
STATE_TEXT = {None: "No follow-up", "open": "Open", "done": "Done"}

_STATE_KEY = "CASE p.follow_up_state WHEN 'open' THEN 1 WHEN 'done' THEN 2 ELSE 0 END"
_SORT_KEYS = {
    "at": "p.at",
    "name": "name_key(v.name)",  # as every list sorts names (text.name_key)
    "state": _STATE_KEY,
    "team": "lower(p.follow_up_team)",
    "link": "p.follow_up_link",
    "service": "lower(p.service)",
    "summary": "p.summary",
    "night": "p.night",
}
# what a search looks in: the columns' texts, one line each
_SEARCHED = (
    "lower(v.name || char(10) || p.follow_up_team || char(10) || p.follow_up_link || char(10)"
    " || p.service || char(10) || p.summary || char(10) || CASE p.follow_up_state"
    " WHEN 'open' THEN 'open' WHEN 'done' THEN 'done' ELSE 'no follow-up' END"
    " || char(10) || CASE WHEN p.night THEN 'night' ELSE '' END)"
)
# joined as list_pages joins: only pages whose responder and site are known are listed
_FROM = "FROM page p JOIN volunteer v ON v.id = p.responder_id JOIN site s ON s.id = v.site_id"
_COLUMNS = """p.id, p.at, v.name, s.timezone, p.service, p.summary, p.night,
    p.follow_up_team, p.follow_up_link, p.follow_up_state"""
_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")  # a 24-hour time, in any locale


class FollowUpFilter(NamedTuple):
    """What the Pages screen shows: a follow-up state (a key of ``STATES``) and a search,
    with the locale the table shows days and times in (None: the fixed forms)."""

    state: str = "all"
    search: str = ""
    locale: str | None = None


def _stored(at: datetime) -> str:
    """An instant as the page log stores it (naive UTC, ISO with microseconds)."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _days(search: str) -> tuple[date, date] | None:
    """The days [first, end) an ISO day or month names; None when the text is neither."""
    found = _ISO.fullmatch(search)
    if found is None:
        return None
    year, month, day = int(found[1]), int(found[2]), found[3]
    try:
        if day is not None:
            first = date(year, month, int(day))
            return first, first + timedelta(days=1)
        first = date(year, month, 1)
    except ValueError:
        return None
    return first, (first + timedelta(days=31)).replace(day=1)


# the fixed forms' days ('Fri 27 Nov 2026') are read with their English names (CLDR's 'en')
_FIXED_DAYS = "en"


def _read_days(text: str, locale: str | None) -> tuple[date, date] | None:
    """The days an ISO day or month, or one as the table shows it, names."""
    return _days(text) or _days(locale_text.read_day(text, locale or _FIXED_DAYS) or "")


def _folded(text: str) -> str:
    # en_US shows '3:15\u202fAM': a narrow (or no-break) space is typed as a space
    return text.replace("\u202f", " ").replace("\xa0", " ").casefold()


@cache
def _clock_texts(locale: str | None) -> tuple[str, ...]:
    """Each minute of the day as the table shows its time ('03:15', en_US '3:15 AM'),
    folded for searching; the index is the minute of the day."""
    hours = [locale_text.clock(time(hour, 59), locale) for hour in range(24)]
    if all(text.count("59") == 1 for text in hours):  # each hour once, its minutes put in
        texts = [hours[m // 60].replace("59", f"{m % 60:02d}") for m in range(24 * 60)]
    else:  # digits of another script: every minute formatted
        texts = [locale_text.clock(time(m // 60, m % 60), locale) for m in range(24 * 60)]
    return tuple(_folded(text) for text in texts)


def _minutes(text: str, locale: str | None) -> list[int]:
    """The minutes of the day whose time, as the table shows it, holds ``text``, or the
    one a 24-hour time names ('02:25' in a locale that shows '2:25 AM'); none when the text
    is no part of a time with its separator (no digit, or digits alone)."""
    if text.isdigit() or not any(c.isdigit() for c in text):
        return []
    needle = _folded(text)
    found = [m for m, shown in enumerate(_clock_texts(locale)) if needle in shown]
    clock = _CLOCK.fullmatch(text)
    if clock is not None and int(clock[1]) < 24 and int(clock[2]) < 60:
        found = sorted({*found, int(clock[1]) * 60 + int(clock[2])})
    return found


def _clock_term(minutes: list[int]) -> tuple[str, list[Any]]:
    """The pages whose responder's wall clock showed one of ``minutes``. Every zone's
    offset from UTC is whole quarter hours (in the tz database since 1980), so only the
    stored instants whose minute of the hour is one of the quarters' shifts of those
    minutes are converted to their zone (``local_wall``, db.py)."""
    shown = [f"{m // 60:02d}:{m % 60:02d}" for m in minutes]
    quarters = sorted({f"{(m - q) % 60:02d}" for m in minutes for q in (0, 15, 30, 45)})
    term = (
        f"(substr(p.at, 15, 2) IN ({', '.join('?' * len(quarters))})"
        f" AND substr(local_wall(p.at, s.timezone), 12, 5)"
        f" IN ({', '.join('?' * len(shown))}))"
    )
    return term, [*quarters, *shown]


def _day_term(session: Session, days: tuple[date, date]) -> tuple[str, list[Any]]:
    """The pages of those days in each responder's own zone."""
    terms: list[str] = []
    params: list[Any] = []
    zones = session.connection().exec_driver_sql("SELECT DISTINCT timezone FROM site")
    for (zone,) in zones.fetchall():
        tz = ZoneInfo(zone)
        start, end = (datetime.combine(d, time(), tz) for d in days)
        terms.append("(s.timezone = ? AND p.at >= ? AND p.at < ?)")
        params += [zone, _stored(start), _stored(end)]
    return "(" + (" OR ".join(terms) or "0") + ")", params


def _day_month_term(month: int, day: int) -> tuple[str, list[Any]]:
    """The pages of that day of any year in each responder's own zone: only the stored
    instants whose UTC day is that day or either side of it are converted (a zone is less
    than a day from UTC)."""
    near = {
        f"{when + timedelta(days=shift):%m-%d}"
        for year in (2000, 2001)  # a leap year and one not: 1 March follows either February
        if (month, day) != (2, 29) or year == 2000
        for when in [date(year, month, day)]
        for shift in (-1, 0, 1)
    }
    term = (
        f"(substr(p.at, 6, 5) IN ({', '.join('?' * len(near))})"
        " AND substr(local_wall(p.at, s.timezone), 6, 5) = ?)"
    )
    return term, [*sorted(near), f"{month:02d}-{day:02d}"]


def _day_text_term(session: Session, text: str, locale: str | None) -> tuple[str, list[Any]] | None:
    """A day, month, or day without its year ('27 Nov', en_US 'Nov 27'), as the table shows
    it; None when the text is none of them."""
    days = _read_days(text, locale)
    if days is not None:
        return _day_term(session, days)
    day_month = locale_text.read_day_month(text, locale or _FIXED_DAYS)
    return None if day_month is None else _day_month_term(*day_month)


def _day_and_clock(
    session: Session, search: str, locale: str | None
) -> tuple[str, list[Any]] | None:
    """A day then a time, as the table shows them ('Fri 27 Nov 2026 03:15', en_US
    'Fri, Nov 27, 2026, 3:15 AM', '27 Nov 03:15'); None when the text is not."""
    words = search.split()
    for cut in range(len(words) - 1, 0, -1):
        minutes = _minutes(" ".join(words[cut:]), locale)
        day = (
            _day_text_term(session, " ".join(words[:cut]).rstrip(","), locale) if minutes else None
        )
        if day is not None:
            clock_term, clock_values = _clock_term(minutes)
            return f"({day[0]} AND {clock_term})", day[1] + clock_values
    return None


def _where(session: Session, chosen: FollowUpFilter) -> tuple[str, list[Any]]:
    terms: list[str] = []
    params: list[Any] = []
    if chosen.state == "none":
        terms.append("p.follow_up_state IS NULL")
    elif chosen.state in ("open", "done"):
        terms.append("p.follow_up_state = ?")
        params.append(chosen.state)
    search = chosen.search.strip()
    if search:
        # SQLite's lower() folds A-Z only; a letter beyond them is folded by Python's
        # ``fold`` (db.py), so 'órla' finds 'Órla' (dearer per row: only when needed)
        folded = _SEARCHED if search.isascii() else _SEARCHED.replace("lower(", "fold(", 1)
        either = ["instr(" + folded + ", ?) > 0"]
        params.append(search.lower())
        day = _day_text_term(session, search, chosen.locale)
        minutes = _minutes(search, chosen.locale)
        both = None if day or minutes else _day_and_clock(session, search, chosen.locale)
        found = [
            day,  # the day or month in each responder's own zone
            _clock_term(minutes) if minutes else None,  # the time on their wall clock
            both,  # a day and a time
        ]
        for term, values in (f for f in found if f is not None):
            either.append(term)
            params += values
        terms.append("(" + " OR ".join(either) + ")")
    return (" WHERE " + " AND ".join(terms)) if terms else "", params


def count(session: Session, chosen: FollowUpFilter) -> int:
    """How many pages the filter keeps."""
    where, params = _where(session, chosen)
    found = session.connection().exec_driver_sql(f"SELECT count(*) {_FROM}{where}", tuple(params))
    return int(found.scalar_one())


def page(
    session: Session,
    chosen: FollowUpFilter,
    offset: int,
    limit: int,
    sort: str = "at",
    descending: bool = True,
) -> list[FollowUpRow]:
    """``limit`` of the pages the filter keeps, from ``offset``, in the order of ``sort``
    (a key of ``SORTS``; ties in time order, the same direction)."""
    if sort not in _SORT_KEYS:
        raise ValueError(f"no such order: {sort}")
    where, params = _where(session, chosen)
    way = "DESC" if descending else "ASC"
    order = f"{_SORT_KEYS[sort]} {way}, p.at {way}, p.id {way}"
    found = session.connection().exec_driver_sql(
        f"SELECT {_COLUMNS} {_FROM}{where} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [
        FollowUpRow(
            page_id,
            datetime.fromisoformat(at).replace(tzinfo=UTC),
            name,
            zone,
            service,
            summary,
            bool(night),
            team,
            link,
            state,
        )
        for page_id, at, name, zone, service, summary, night, team, link, state in found
    ]


def first_page(
    session: Session, chosen: FollowUpFilter, limit: int, sort: str = "at", descending: bool = True
) -> tuple[list[FollowUpRow], int]:
    """The first ``limit`` rows and how many the filter keeps (not counted again when the
    first page already holds them all)."""
    rows = page(session, chosen, 0, limit, sort, descending)
    total = len(rows) if len(rows) < limit else count(session, chosen)
    return rows, total


def logged(session: Session) -> int:
    """How many pages the log holds (as listed: responder and site known)."""
    return count(session, FollowUpFilter())


_COUNTS = f"""SELECT p.follow_up_state, p.follow_up_team, count(*), min(p.at) {_FROM}
    WHERE p.follow_up_state IS NULL OR p.follow_up_state = 'open'
    GROUP BY p.follow_up_state, p.follow_up_team"""


def counts(session: Session) -> tuple[FollowUpCounts, int]:
    """The whole log's ``follow_up_counts`` (pages without a follow-up; open follow-ups by
    owning team, teams ordered as it orders them) and how many pages it holds, in two
    plain statements."""
    connection = session.connection()
    without = 0
    teams = []
    for state, team, n, first in connection.exec_driver_sql(_COUNTS).fetchall():
        if state is None:
            without += int(n)
        else:
            teams.append((team, int(n), first))
    teams.sort(key=lambda t: (t[0].lower(), t[2]))
    logged = int(connection.exec_driver_sql(f"SELECT count(*) {_FROM}").scalar_one())
    return FollowUpCounts(without, {team: n for team, n, _first in teams}), logged

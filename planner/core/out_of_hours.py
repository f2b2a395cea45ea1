"""Out-of-hours time, rotation windows and weekly slots of the home site.

Pure domain code: no Qt, no database. Instants are aware datetimes; every interval this
module returns is a half-open ``[start, end)`` pair of aware **UTC** datetimes, sorted and
merged (no two intervals overlap or touch).

Local wall-clock times of the home site are turned into instants per calendar day with
:func:`local_to_utc`:

* an *ambiguous* local time (the repeated hour when clocks go back) uses ``fold=0``, the
  first occurrence;
* a *nonexistent* local time (inside the gap when clocks go forward) maps forward to the
  first instant after the gap, i.e. the transition itself. A window or office-hours
  boundary inside the gap therefore covers exactly the wall-clock times that exist.

Slots are built from local handovers (``handover_weekday`` at ``handover_time`` home time),
so a slot across a DST change is 167 or 169 hours long.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Interval = tuple[datetime, datetime]  # aware UTC datetimes, half-open [start, end)

_ONE_DAY = timedelta(days=1)
_ONE_WEEK = timedelta(days=7)
_ONE_MINUTE = timedelta(minutes=1)
_MIDNIGHT = time(0, 0)

__all__ = [
    "DailyWindow",
    "HomeCalendar",
    "Interval",
    "clip",
    "first_handover_on_or_after",
    "handover_day_of",
    "handover_at",
    "intersect",
    "local_to_utc",
    "merge",
    "office_intervals",
    "ooh_minutes",
    "out_of_hours",
    "paid_intervals",
    "slot_containing",
    "slot_for_handover",
    "slots",
    "subtract",
    "to_local",
    "total_minutes",
    "week_label",
    "window_intervals",
]


# ---------------------------------------------------------------------------
# Calendar


@dataclass(frozen=True)
class DailyWindow:
    """A rotation restriction: a daily window in the home site's local time, start..end;
    end <= start means it wraps past midnight (e.g. 18:00-02:00). start == end means all day."""

    start: time
    end: time

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, time):
                raise TypeError(f"DailyWindow.{name} must be a datetime.time, got {value!r}")
            if value.tzinfo is not None:
                raise ValueError(f"DailyWindow.{name} must be a naive wall-clock time")

    @property
    def all_day(self) -> bool:
        return self.start == self.end

    @property
    def wraps(self) -> bool:
        """True when the window runs past midnight into the next local day."""
        return self.end < self.start

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


@lru_cache(maxsize=512)
def _holiday_table(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """Public holidays of one calendar year as a plain dict (fast lookups).

    Neighbouring years are populated too, so an observed day that the package files under
    the adjacent year (e.g. New Year's Day observed on 31 December) is not lost. Kept on
    disk between runs (``holiday_store``), so a later run need not import the package.
    """
    from planner.core import holiday_store

    stored = holiday_store.lookup(country, subdivision, year)
    if stored is not None:
        return stored
    import holidays  # imported on first use: a screen without holidays never pays for it

    table = holidays.country_holidays(country, subdiv=subdivision, years=[year - 1, year, year + 1])
    found = {day: name for day, name in table.items() if day.year == year}
    holiday_store.store(country, subdivision, year, found)
    return found


@dataclass(frozen=True)
class HomeCalendar:
    """Office hours, public holidays and handover of the home site."""

    timezone: str  # IANA name of the home site, e.g. "Europe/Dublin"
    holiday_country: str = "IE"  # for holidays.country_holidays
    holiday_subdivision: str | None = None
    office_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday=0
    office_start: time = time(9, 0)
    office_end: time = time(18, 0)
    handover_weekday: int = 4  # Friday
    handover_time: time = time(18, 0)

    def __post_init__(self) -> None:
        _zone(self.timezone)  # raises ValueError for an unknown zone
        given: Iterable[int] = self.office_days  # a caller may pass a set or a list
        if not isinstance(given, frozenset):
            object.__setattr__(self, "office_days", frozenset(given))
        if any(not 0 <= d <= 6 for d in self.office_days):
            raise ValueError(f"office_days must be weekdays 0..6 (Monday=0): {self.office_days}")
        if not 0 <= self.handover_weekday <= 6:
            raise ValueError(f"handover_weekday must be 0..6 (Monday=0): {self.handover_weekday}")
        if self.office_end < self.office_start:
            raise ValueError(
                f"office hours must not wrap past midnight: {self.office_start}-{self.office_end}"
            )

    @property
    def tz(self) -> ZoneInfo:
        return _zone(self.timezone)

    def _table(self, year: int) -> dict[date, str]:
        return _holiday_table(self.holiday_country, self.holiday_subdivision, year)

    def is_holiday(self, day: date) -> bool:
        return day in self._table(day.year)

    def holiday_name(self, day: date) -> str | None:
        return self._table(day.year).get(day)

    def holidays_between(self, start: date, end: date) -> list[date]:
        """Public holidays in [start, end), sorted."""
        if end <= start:
            return []
        found: list[date] = []
        for year in range(start.year, end.year + 1):
            found.extend(d for d in self._table(year) if start <= d < end)
        return sorted(found)

    def is_office_day(self, day: date) -> bool:
        """A day with office hours: an office weekday that is not a public holiday."""
        return day.weekday() in self.office_days and not self.is_holiday(day)


# ---------------------------------------------------------------------------
# Local time <-> UTC


def _require_aware(name: str, value: datetime) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def _check_range(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    s = _require_aware("start", start)
    e = _require_aware("end", end)
    if e < s:
        raise ValueError(f"end {e.isoformat()} is before start {s.isoformat()}")
    return s, e


def _first_instant_after_gap(tz: ZoneInfo, wall: datetime) -> datetime:
    """The transition instant of the spring-forward gap that contains the naive ``wall``."""
    # fold=1 reads the wall time with the offset after the change (an instant before the
    # transition); fold=0 with the offset before it (an instant after the transition).
    lo = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    hi = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if hi < lo:  # not a forward gap after all
        lo, hi = hi, lo
    after = hi.astimezone(tz).utcoffset()
    # Binary search, at one-second resolution, for the first instant with the new offset.
    lo_s, hi_s = 0, int((hi - lo).total_seconds())
    while lo_s < hi_s:
        mid = (lo_s + hi_s) // 2
        if (lo + timedelta(seconds=mid)).astimezone(tz).utcoffset() == after:
            hi_s = mid
        else:
            lo_s = mid + 1
    return lo + timedelta(seconds=lo_s)


def local_to_utc(tz: ZoneInfo | str, day: date, wall: time) -> datetime:
    """The UTC instant of local wall-clock ``wall`` on ``day`` in ``tz``.

    Ambiguous times (clocks going back) take the first occurrence (fold=0); nonexistent
    times (clocks going forward) map forward to the first instant after the gap.
    """
    zone = _zone(tz) if isinstance(tz, str) else tz
    return _local_to_utc(zone, day, wall)


def _compute_local_to_utc(tz: ZoneInfo, day: date, wall: time) -> datetime:
    naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
    instant = naive.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != naive:  # falls in a gap
        instant = _first_instant_after_gap(tz, naive)
    return instant


# Cached by wrapping rather than decorating, so mutation testing (which leaves decorated
# functions alone) covers the rule; tests/conftest.py clears the caches between tests.
_local_to_utc = lru_cache(maxsize=65536)(_compute_local_to_utc)


def to_local(cal: HomeCalendar, instant: datetime) -> datetime:
    """``instant`` in the home site's local time."""
    return _require_aware("instant", instant).astimezone(cal.tz)


def _local_days(cal: HomeCalendar, start: datetime, end: datetime) -> list[date]:
    """Local calendar dates touched by [start, end] (both ends inclusive)."""
    first = start.astimezone(cal.tz).date()
    last = end.astimezone(cal.tz).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# ---------------------------------------------------------------------------
# Interval arithmetic


def merge(intervals: list[Interval]) -> list[Interval]:
    """Sort and merge intervals; drops empty ones, joins overlapping or touching ones."""
    items = sorted((s, e) for s, e in intervals if s < e)
    merged: list[Interval] = []
    for s, e in items:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """Intervals covered by both ``a`` and ``b`` (sorted, merged)."""
    a, b = merge(a), merge(b)
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s = max(a[i][0], b[j][0])
        e = min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return merge(out)


def subtract(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """Parts of ``a`` not covered by ``b`` (sorted, merged)."""
    a, b = merge(a), merge(b)
    out: list[Interval] = []
    j = 0
    for s, e in a:
        cur = s
        while j < len(b) and b[j][1] <= cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] < e:
            if b[k][0] > cur:
                out.append((cur, b[k][0]))
            cur = max(cur, b[k][1])
            if cur >= e:
                break
            k += 1
        if cur < e:
            out.append((cur, e))
    return merge(out)


def clip(intervals: list[Interval], start: datetime, end: datetime) -> list[Interval]:
    """The parts of ``intervals`` inside [start, end) (sorted, merged, UTC)."""
    s, e = _check_range(start, end)
    return merge([(max(a, s), min(b, e)) for a, b in intervals if a < e and b > s])


def total_minutes(intervals: list[Interval]) -> int:
    """Whole minutes covered by ``intervals`` (exact; any leftover seconds are dropped)."""
    total = timedelta(0)
    for s, e in merge(list(intervals)):
        total += e - s
    return total // _ONE_MINUTE


# ---------------------------------------------------------------------------
# Out-of-hours and windows


def _compute_office_interval(cal: HomeCalendar, day: date) -> Interval | None:
    if not cal.is_office_day(day) or cal.office_start == cal.office_end:
        return None
    tz = cal.tz
    s = _local_to_utc(tz, day, cal.office_start)
    e = _local_to_utc(tz, day, cal.office_end)
    return (s, e) if s < e else None


_office_interval = lru_cache(maxsize=65536)(_compute_office_interval)


def office_intervals(cal: HomeCalendar, start: datetime, end: datetime) -> list[Interval]:
    """Office hours (office days that are not public holidays) inside [start, end), UTC."""
    s, e = _check_range(start, end)
    if s == e:
        return []
    found = [iv for day in _local_days(cal, s, e) if (iv := _office_interval(cal, day))]
    return clip(found, s, e)


def out_of_hours(cal: HomeCalendar, start: datetime, end: datetime) -> list[Interval]:
    """Out-of-hours time inside [start, end): everything except office hours on office days
    that are not public holidays of the home site. Sorted, merged UTC intervals."""
    s, e = _check_range(start, end)
    if s == e:
        return []
    return subtract([(s, e)], office_intervals(cal, s, e))


def _window_on(cal: HomeCalendar, window: DailyWindow, day: date) -> Interval:
    tz = cal.tz
    if window.all_day:
        return (_local_to_utc(tz, day, _MIDNIGHT), _local_to_utc(tz, day + _ONE_DAY, _MIDNIGHT))
    end_day = day + _ONE_DAY if window.wraps else day
    return (_local_to_utc(tz, day, window.start), _local_to_utc(tz, end_day, window.end))


def window_intervals(
    cal: HomeCalendar, windows: tuple[DailyWindow, ...], start: datetime, end: datetime
) -> list[Interval]:
    """UTC intervals inside [start, end) covered by the daily windows (home local time);
    with no windows, the whole [start, end)."""
    s, e = _check_range(start, end)
    if s == e:
        return []
    if not windows:
        return [(s, e)]
    days = _local_days(cal, s, e)
    days.insert(0, days[0] - _ONE_DAY)  # a wrapping window of the day before reaches in
    found = [_window_on(cal, w, day) for day in days for w in windows]
    return clip(found, s, e)


def paid_intervals(
    cal: HomeCalendar, start: datetime, end: datetime, windows: tuple[DailyWindow, ...] = ()
) -> list[Interval]:
    """Out-of-hours time inside [start, end) that the rotation's windows also cover."""
    ooh = out_of_hours(cal, start, end)
    if not windows:
        return ooh
    return intersect(ooh, window_intervals(cal, tuple(windows), start, end))


def ooh_minutes(
    cal: HomeCalendar, start: datetime, end: datetime, windows: tuple[DailyWindow, ...] = ()
) -> int:
    """Out-of-hours minutes inside [start, end) (within the windows, if any)."""
    return total_minutes(paid_intervals(cal, start, end, windows))


# ---------------------------------------------------------------------------
# Handovers and slots


def handover_at(cal: HomeCalendar, day: date) -> datetime:
    """UTC instant of ``handover_time`` (home local time) on ``day``."""
    return _local_to_utc(cal.tz, day, cal.handover_time)


def first_handover_on_or_after(cal: HomeCalendar, day: date) -> date:
    """The first date >= ``day`` whose weekday is the handover weekday."""
    return day + timedelta(days=(cal.handover_weekday - day.weekday()) % 7)


def slot_for_handover(cal: HomeCalendar, handover_day: date) -> Interval:
    """[handover on ``handover_day``, handover 7 local days later), in UTC.

    Both ends come from local wall-clock handovers, so a slot across a DST change is
    167 or 169 hours long. ``handover_day`` must fall on the handover weekday.
    """
    if handover_day.weekday() != cal.handover_weekday:
        raise ValueError(
            f"{handover_day.isoformat()} is a {handover_day:%A}, not the handover weekday"
        )
    return handover_at(cal, handover_day), handover_at(cal, handover_day + _ONE_WEEK)


def slots(cal: HomeCalendar, from_day: date, weeks: int) -> list[Interval]:
    """``weeks`` consecutive slots, the first starting at the first handover on or after
    ``from_day``."""
    if weeks < 0:
        raise ValueError(f"weeks must not be negative: {weeks}")
    first = first_handover_on_or_after(cal, from_day)
    starts = [handover_at(cal, first + i * _ONE_WEEK) for i in range(weeks + 1)]
    return list(zip(starts[:-1], starts[1:], strict=True))


def slot_containing(cal: HomeCalendar, instant: datetime) -> Interval:
    """The slot [h, next h) with h <= ``instant`` < next h."""
    at = _require_aware("instant", instant)
    local_day = at.astimezone(cal.tz).date()
    day = local_day - timedelta(days=(local_day.weekday() - cal.handover_weekday) % 7)
    while handover_at(cal, day) > at:
        day -= _ONE_WEEK
    while handover_at(cal, day + _ONE_WEEK) <= at:
        day += _ONE_WEEK
    return slot_for_handover(cal, day)


def handover_day_of(cal: HomeCalendar, slot_start: datetime) -> date:
    """The local handover date of a slot starting at ``slot_start``."""
    return to_local(cal, slot_start).date()


def week_label(cal: HomeCalendar, slot_start: datetime) -> str:
    """'week of 2027-03-12': the slot's local handover date."""
    return f"week of {handover_day_of(cal, slot_start).isoformat()}"

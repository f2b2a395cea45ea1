"""Changing settings: describe them, parse and validate the coordinator's input, write with audit.

GUI and CLI both call these. ``change_many`` validates every change (including rules across
keys, e.g. ``team_min <= team_max``) before writing anything; a bad value raises PlannerError
naming the key and the value.

Office hours and the handover cannot change once any shift exists: they draw the slot
boundaries and the out-of-hours minutes of shifts that may already be paid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from sqlmodel import Session, func, select

from planner.core import audit, names, settings
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name, rotations
from planner.core.models import Rotation, Shift
from planner.core.vocabulary import ROTATION_KEYS

SLOT_KEYS = ("office_days", "office_start", "office_end", "handover_weekday", "handover_time")
WEEKDAYS = list(names.DAY_NAMES)  # Monday .. Sunday, in English whatever the C locale


@dataclass(frozen=True)
class SettingInfo:
    label: str
    help: str
    group: str
    kind: str  # time | weekday | weekdays | int | choice | folder
    low: int = 0
    high: int = 0
    choices: tuple[str, ...] = ()


INFO: dict[str, SettingInfo] = {
    "office_days": SettingInfo(
        "Office days",
        "Weekdays of office hours; every other day is out-of-hours.",
        "Office hours & handover",
        "weekdays",
    ),
    "office_start": SettingInfo(
        "Office start",
        "Start of office hours (HH:MM, home time).",
        "Office hours & handover",
        "time",
    ),
    "office_end": SettingInfo(
        "Office end",
        "End of office hours (HH:MM, home time), after the start.",
        "Office hours & handover",
        "time",
    ),
    "handover_weekday": SettingInfo(
        "Handover day", "Weekday of the weekly handover.", "Office hours & handover", "weekday"
    ),
    "handover_time": SettingInfo(
        "Handover time",
        "Time of the weekly handover (HH:MM, home time).",
        "Office hours & handover",
        "time",
    ),
    "team_min": SettingInfo(
        "Team minimum", "Fewest members on tour per rotation.", "Staggering", "int", 1, 100
    ),
    "team_max": SettingInfo(
        "Team maximum", "Most members on tour per rotation.", "Staggering", "int", 1, 100
    ),
    "max_joins_per_month": SettingInfo(
        "Joins per month", "Most tours starting in one month.", "Staggering", "int", 1, 50
    ),
    "max_leaves_per_month": SettingInfo(
        "Leaves per month", "Most tours ending in one month.", "Staggering", "int", 1, 50
    ),
    "min_experienced": SettingInfo(
        "Experienced members",
        "Fewest members on tour for a month or more.",
        "Staggering",
        "int",
        0,
        100,
    ),
    "intake_lead_weeks": SettingInfo(
        "Intake lead time",
        "Weeks from approving a volunteer to the start of their tour; the recruitment "
        "forecast's recruit-by date is this far before the tour must start.",
        "Staggering",
        "int",
        0,
        52,
    ),
    "tour_months": SettingInfo("Tour length", "Months in a tour.", "Tours", "int", 1, 36),
    "target_min": SettingInfo(
        "Target shifts minimum", "Fewest shifts a member aims for per tour.", "Tours", "int", 0, 200
    ),
    "target_max": SettingInfo(
        "Target shifts maximum", "Most shifts a member aims for per tour.", "Tours", "int", 1, 200
    ),
    "night_start": SettingInfo(
        "Night start", "Pages from this time (HH:MM) earn rest.", "Pages & rest", "time"
    ),
    "night_end": SettingInfo(
        "Night end", "Pages until this time (HH:MM) earn rest.", "Pages & rest", "time"
    ),
    "rest_per_night": SettingInfo(
        "Rest per night",
        "Rest earned for a night paged: a full or a half day.",
        "Pages & rest",
        "choice",
        choices=("full", "half"),
    ),
    "rest_stale_days": SettingInfo(
        "Stale balance after (days)",
        "A rest balance untouched this long is flagged.",
        "Pages & rest",
        "int",
        1,
        3650,
    ),
    "backups_kept": SettingInfo(
        "Backups kept",
        "Automatic copies of the database kept in its backups folder (newest first).",
        "Backups",
        "int",
        1,
        1000,
    ),
    "feed_folder": SettingInfo(
        "Calendar feed folder",
        "A folder (say, in a synced drive) where every publish, cover, swap or assignment "
        "rewrites team.ics and each volunteer's feed; empty: none.",
        "Calendars",
        "folder",
    ),
}
GROUPS = (
    "Office hours & handover", "Staggering", "Tours", "Pages & rest", "Backups", "Calendars",
)  # fmt: skip


@dataclass(frozen=True)
class SettingRow:
    key: str
    value: Any
    default: Any
    label: str
    help: str
    group: str

    def as_json(self) -> dict[str, object]:
        return {"key": self.key, "value": self.value, "default": self.default}


@dataclass(frozen=True)
class RotationRow:
    name: str
    team_min: int | None
    team_max: int | None
    min_experienced: int | None
    min_gap_weeks: int

    def as_json(self) -> dict[str, object]:
        return {
            "rotation": self.name,
            "team_min": self.team_min,
            "team_max": self.team_max,
            "min_experienced": self.min_experienced,
            "min_gap_weeks": self.min_gap_weeks,
        }


def describe(session: Session) -> list[SettingRow]:
    return [
        SettingRow(
            key, settings.get(session, key), settings.DEFAULTS[key], i.label, i.help, i.group
        )
        for key, i in INFO.items()
    ]


def rotation_rows(session: Session) -> list[RotationRow]:
    return [
        RotationRow(r.name, r.team_min, r.team_max, r.min_experienced, r.min_gap_weeks)
        for r in rotations(session)
    ]


def shifts_exist(session: Session) -> bool:
    return bool(session.exec(select(func.count()).select_from(Shift)).one())


SLOT_LOCK_REASON = (
    "office hours and the handover are fixed once shifts exist; "
    "they set slot boundaries and the out-of-hours hours of shifts already planned or paid"
)


def display(key: str, value: Any) -> str:
    """A setting's value as the coordinator types it (weekday names, comma lists)."""
    kind = INFO[key].kind
    if kind == "weekday":
        return WEEKDAYS[int(value)]
    if kind == "weekdays":
        return ", ".join(WEEKDAYS[int(d)][:3] for d in value)
    return str(value)


# -- parsing ------------------------------------------------------------------------------
class SettingError(PlannerError):
    """A bad value; ``key`` (and ``rotation`` for an override) say where, for inline display."""

    def __init__(self, message: str, key: str, rotation: str = "") -> None:
        super().__init__(message)
        self.key = key
        self.rotation = rotation


def _bad(key: str, raw: object, why: str) -> SettingError:
    return SettingError(f"setting {key}: {raw!r} is not valid: {why}", key)


def _time(key: str, raw: str) -> str:
    try:
        hh, mm = raw.strip().split(":")
        return time(int(hh), int(mm)).strftime("%H:%M")
    except ValueError:
        raise _bad(key, raw, "expected a time HH:MM") from None


def _weekday(key: str, raw: str) -> int:
    text = raw.strip()
    if text.isdigit() and 0 <= int(text) <= 6:
        return int(text)
    for n, name in enumerate(WEEKDAYS):
        if len(text) >= 3 and name.lower().startswith(text.lower()):
            return n
    raise _bad(key, raw, "expected a weekday 0-6 (Monday is 0) or a name like Friday")


def _weekdays(key: str, raw: str) -> list[int]:
    parts = [p for p in raw.replace(";", ",").replace(" ", ",").split(",") if p]
    if not parts:
        raise _bad(key, raw, "expected at least one weekday, e.g. Mon,Tue,Wed,Thu,Fri")
    days: set[int] = set()
    for p in parts:
        try:
            days.add(_weekday(key, p))
        except PlannerError:
            raise _bad(key, raw, f"{p!r} is not a weekday (0-6 or a name like Friday)") from None
    return sorted(days)


def _folder(key: str, raw: str) -> str:
    """A folder that exists, kept as typed (~ allowed); empty turns the feature off."""
    from pathlib import Path

    text = raw.strip()
    if text and not Path(text).expanduser().is_dir():
        raise _bad(key, raw, "no such folder (create it first, or leave empty for none)")
    return text


def _int(key: str, raw: str, low: int, high: int) -> int:
    try:
        n = int(raw.strip())
    except ValueError:
        raise _bad(key, raw, "expected a whole number") from None
    if not low <= n <= high:
        raise _bad(key, raw, f"expected {low} to {high}")
    return n


def parse(key: str, raw: str) -> Any:
    """The stored value for ``raw`` (str) or PlannerError naming key and value."""
    if key not in INFO:
        raise PlannerError(f"unknown setting {key!r}; known: {', '.join(INFO)}")
    info = INFO[key]
    raw = str(raw)
    parsers: dict[str, Callable[[], Any]] = {
        "time": lambda: _time(key, raw),
        "weekday": lambda: _weekday(key, raw),
        "weekdays": lambda: _weekdays(key, raw),
        "int": lambda: _int(key, raw, info.low, info.high),
        "folder": lambda: _folder(key, raw),
    }
    if info.kind == "choice":
        if raw.strip().lower() not in info.choices:
            raise _bad(key, raw, f"expected one of {', '.join(info.choices)}")
        return raw.strip().lower()
    return parsers[info.kind]()


def _check_together(values: Mapping[str, Any], changed: Mapping[str, Any]) -> None:
    """Rules across keys, checked on the settings as they would be after the change."""

    def fail(key_a: str, key_b: str, why: str) -> SettingError:
        key = key_a if key_a in changed else key_b
        return _bad(key, display(key, values[key]), why)

    if values["office_start"] >= values["office_end"]:
        raise fail(
            "office_start",
            "office_end",
            f"office_start ({values['office_start']}) must be before office_end "
            f"({values['office_end']})",
        )
    if values["team_min"] > values["team_max"]:
        raise fail(
            "team_min",
            "team_max",
            f"team_min ({values['team_min']}) must not exceed team_max ({values['team_max']})",
        )
    if values["target_min"] > values["target_max"]:
        raise fail(
            "target_min",
            "target_max",
            f"target_min ({values['target_min']}) must not exceed target_max "
            f"({values['target_max']})",
        )
    if values["min_experienced"] > values["team_max"]:
        raise fail(
            "min_experienced",
            "team_max",
            f"min_experienced ({values['min_experienced']}) must not exceed team_max "
            f"({values['team_max']})",
        )
    if values["night_start"] == values["night_end"]:
        raise fail("night_start", "night_end", "night_start and night_end must differ")


def _plan_settings(
    session: Session, raw_values: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(current values, parsed values that differ) or SettingError; writes nothing."""
    parsed = {key: parse(key, raw) for key, raw in raw_values.items()}
    current = {key: settings.get(session, key) for key in INFO}
    changed = {k: v for k, v in parsed.items() if v != current[k]}
    if any(k in SLOT_KEYS for k in changed) and shifts_exist(session):
        key = next(k for k in changed if k in SLOT_KEYS)
        raise SettingError(
            f"setting {key}: cannot change to {display(key, changed[key])!r}: {SLOT_LOCK_REASON}",
            key,
        )
    _check_together({**current, **changed}, changed)
    return current, changed


def _plan_rotations(
    session: Session, raw: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, int | None]]:
    pending: dict[str, dict[str, int | None]] = {}
    for name, values in raw.items():
        rotation_by_name(session, name)  # PlannerError for an unknown name
        for key, text in values.items():
            if key not in ROTATION_KEYS:
                raise PlannerError(f"unknown rotation setting {key!r}")
            pending.setdefault(name, {})[key] = parse_rotation_value(name, key, text)
    return pending


def apply(
    session: Session,
    setting_values: Mapping[str, str],
    rotation_values: Mapping[str, Mapping[str, str]],
    dry_run: bool = False,
) -> int:
    """Validate settings and per-rotation overrides together (the coordinator's text), then
    write what differs, one audit entry per value. Returns how many values changed.

    Any bad value raises before anything is written; ``dry_run`` only validates."""
    current, changed = _plan_settings(session, setting_values)
    pending = _plan_rotations(session, rotation_values)
    _check_rotations(session, {**current, **changed}, pending)
    if dry_run:
        return 0
    for key, value in changed.items():
        settings.put(session, key, value)
        audit.record(
            session, "setting.change", "setting", None, key=key, old=current[key], new=value
        )
    count = len(changed)
    for name, values in pending.items():
        rotation: Rotation = rotation_by_name(session, name)
        for key, new in values.items():
            old = getattr(rotation, key)
            if old == new:
                continue
            setattr(rotation, key, new)
            session.add(rotation)
            audit.record(
                session, "rotation.setting", "rotation", rotation.id, key=key, old=old, new=new
            )
            count += 1
    return count


def change_many(session: Session, raw_values: Mapping[str, str]) -> int:
    """Several settings at once: all valid or nothing written."""
    return apply(session, raw_values, {})


def change(session: Session, key: str, raw_value: str) -> Any:
    """Set one setting from the coordinator's text; returns the stored value."""
    change_many(session, {key: raw_value})
    return settings.get(session, key)


# -- per rotation -------------------------------------------------------------------------
def _check_rotations(
    session: Session, values: Mapping[str, Any], pending: Mapping[str, Mapping[str, Any]]
) -> None:
    for r in rotations(session):
        own = {k: getattr(r, k) for k in ROTATION_KEYS} | dict(pending.get(r.name, {}))
        tmin = values["team_min"] if own["team_min"] is None else own["team_min"]
        tmax = values["team_max"] if own["team_max"] is None else own["team_max"]
        exp = (
            values["min_experienced"] if own["min_experienced"] is None else own["min_experienced"]
        )
        if tmin > tmax:
            key = "team_min" if "team_min" in pending.get(r.name, {}) else "team_max"
            raise SettingError(
                f"rotation {r.name}: team_min {tmin} must not exceed team_max {tmax}", key, r.name
            )
        if exp > tmax:
            raise SettingError(
                f"rotation {r.name}: min_experienced {exp} must not exceed team_max {tmax}",
                "min_experienced",
                r.name,
            )


ROTATION_BOUNDS = {
    "team_min": (1, 100),
    "team_max": (1, 100),
    "min_experienced": (0, 100),
    "min_gap_weeks": (0, 52),
}


def parse_rotation_value(name: str, key: str, raw: str) -> int | None:
    """An override (None: blank or 'default', the global setting) or PlannerError."""
    text = str(raw).strip()
    if key != "min_gap_weeks" and text.lower() in ("", "default", "-"):
        return None
    low, high = ROTATION_BOUNDS[key]
    try:
        n = int(text)
    except ValueError:
        raise SettingError(
            f"rotation {name}: {key} {raw!r} is not valid: expected a whole number"
            + (" or 'default'" if key != "min_gap_weeks" else ""),
            key,
            name,
        ) from None
    if not low <= n <= high:
        raise SettingError(
            f"rotation {name}: {key} {raw!r} is not valid: expected {low} to {high}", key, name
        )
    return n


def change_rotations(session: Session, raw: Mapping[str, Mapping[str, str]]) -> int:
    """Per-rotation overrides {rotation name: {key: text}}; returns how many values changed."""
    return apply(session, {}, raw)


def change_rotation(session: Session, name: str, **values: str) -> int:
    return change_rotations(session, {name: values})

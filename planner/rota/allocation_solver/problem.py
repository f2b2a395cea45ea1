"""What the allocation engine is given and what it returns: the problem and solution
dataclasses, the engine's constants, and the check of a problem before it is modelled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

STATUS_OPTIMAL = "optimal"
STATUS_TIME_LIMIT = "time limit (feasible)"
STATUS_NO_SOLUTION = "time limit (no solution)"
STATUS_INFEASIBLE = "infeasible"

#: weight of one shift outside a person's tour target, relative to one shift of
#: deviation from the fair share (both in tier 2)
TARGET_WEIGHT = 2

#: fair shares are rounded to 1/SHARE_GRID of a shift inside the model, so that every
#: tier is an integer in its own unit and each stage's optimum is held exactly
SHARE_GRID = 100
G = SHARE_GRID


@dataclass(frozen=True)
class SlotSpec:
    key: int  # slot/shift id
    rotation: str  # rotation name
    week: int  # week index; the same index across rotations is the same week
    ooh_minutes: int  # out-of-hours minutes of the slot (for the caller's balance score)
    holiday_week: bool = False  # contains a home-site public holiday
    fixed: int | None = None  # person who must keep it (published or past): not decided
    previous: int | None = None  # person of the previous draft (to keep changes minimal)


@dataclass(frozen=True)
class PersonSpec:
    key: int
    site: str
    target_min: int = 3  # tour's target shifts (all rotations together)
    target_max: int = 4
    already: int = 0  # shifts already held in the current tour outside the given slots


@dataclass
class Problem:
    slots: list[SlotSpec]
    people: list[PersonSpec]
    # (person key, slot key) pairs allowed by the hard per-slot rules
    eligible: set[tuple[int, int]]
    # rotation -> weeks that must be clear between two shifts of one person
    min_gap_weeks: dict[str, int]
    # (person, rotation) -> weeks of that person's shifts just before the horizon
    history: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    time_limit: float = 30.0


@dataclass
class Solution:
    assignment: dict[int, int | None]  # slot key -> person key or None (uncovered)
    status: str  # "optimal", "time limit (feasible)", "time limit (no solution)", ...
    optimal: bool
    uncovered: list[int]  # slot keys left empty, in slot order (week, rotation, key)
    solve_seconds: float
    # stage A's value in shifts: W1 / SHARE_GRID * uncovered + fair share deviation
    # + TARGET_WEIGHT * target deviation (lower is better)
    objective: float
    # additions: the value of each tier (keys: uncovered, fair_share_deviation,
    # target_deviation, site_deviation, holiday_excess, changes) ...
    tiers: dict[str, float] = field(default_factory=dict)
    # ... and, for each uncovered slot, why nobody could take it
    reasons: dict[int, str] = field(default_factory=dict)


def _check(problem: Problem) -> None:
    slot_keys = [s.key for s in problem.slots]
    if len(set(slot_keys)) != len(slot_keys):
        raise ValueError("duplicate slot keys")
    person_keys = [p.key for p in problem.people]
    if len(set(person_keys)) != len(person_keys):
        raise ValueError("duplicate person keys")
    known_slots, known_people = set(slot_keys), set(person_keys)
    for p, s in problem.eligible:
        if p not in known_people:
            raise ValueError(f"eligible pair names unknown person {p}")
        if s not in known_slots:
            raise ValueError(f"eligible pair names unknown slot {s}")
    for rotation, gap in problem.min_gap_weeks.items():
        if gap < 0:
            raise ValueError(f"negative minimum gap for rotation {rotation!r}")
    for person in problem.people:
        if person.target_min > person.target_max:
            raise ValueError(f"person {person.key}: target_min > target_max")
    if not problem.time_limit > 0:
        raise ValueError("time_limit must be positive")


def _sorted_slots(slots: Iterable[SlotSpec]) -> list[SlotSpec]:
    return sorted(slots, key=lambda s: (s.week, s.rotation, s.key))

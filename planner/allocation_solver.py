"""Exact allocation of draft slots: a mixed-integer programme solved with HiGHS.

Pure optimisation engine: no database, no Qt.  The caller describes the slots to
fill, the volunteers and which (volunteer, slot) pairs the hard per-slot rules
allow; :func:`solve` returns the optimal assignment.  There is no greedy loop:
every decision is the MILP optimum.

Model
-----
Variables: a binary ``x[p, s]`` for every allowed pair of a volunteer ``p`` and a
non-fixed slot ``s``.  Pairs that a fixed (published or past) shift or the
``history`` already rules out are not created at all, so the hard rows only ever
hold decision variables and fixed shifts can never make the model infeasible.

Hard constraints (never relaxed):

* each slot has at most one person (an empty slot is *uncovered*, which is soft);
* one shift per person per week across all rotations (fixed shifts occupy
  their week);
* the minimum gap of a rotation: for every person, rotation and window of
  ``gap + 1`` consecutive weeks at most one shift of that rotation, counting
  fixed shifts and the ``history`` before the horizon.

Soft objectives, in strict priority order, each an integer in its own unit:

1. coverage: the number of uncovered slots;
2. fairness: ``sum |count(p, r) - fair_share(p, r)|`` over people and rotations
   plus ``TARGET_WEIGHT`` (2) x (shortfall below ``target_min`` + excess above
   ``target_max``) of each person's total shifts (``already`` + fixed in the
   horizon + new).  Unit: 1/``SHARE_GRID`` of a shift (shares are rounded to
   1/100 of a shift inside the model);
3. site balance: per rotation, ``sum |count(site) - share(site)|`` where a
   site's share is the sum of its members' fair shares (same unit);
4. holiday spread: ``sum max(0, holiday weeks(p) - 1)`` (fixed shifts count);
5. minimal change: the number of slots whose ``previous`` person is not kept.

How the tiers are made strict: two MILP solves on one HiGHS model
(lexicographic in stages, exact weights within a stage).

* Stage A minimises ``W1 * uncovered + fairness`` with ``W1`` = an upper bound
  of the fairness term + 1 (fairness <= 2 N + 2 (N + shortfall at zero shifts),
  N = slots to fill).  Uncovered is an integer, so one more covered slot always
  beats any fairness gain.
* Stage B adds the rows ``covered >= optimum`` and ``fairness <= optimum``
  (integers, held exactly) and minimises
  ``W3 * site + (P + 1) * holiday + changes``: ``P`` is the number of slots whose
  previous person is still a candidate, so changes lie in ``[0, P]``; holiday
  excess moves by at most one per holiday slot, so it lies in a range of ``H``
  (holiday slots with candidates) and ``W3 = (P + 1) H + P + 1`` makes site
  balance dominate both.  Stage B starts from stage A's solution (a MIP start)
  and is skipped when it has nothing to decide.

Deviations use count columns and the convex-hull rows of ``|G c - share|`` over
integer counts, which keeps the LP relaxation tight (a fractional count is not
free) and the solves fast.

HiGHS runs with ``threads=1``, ``random_seed=0`` and ``mip_rel_gap=0``, and the
model is built in a fixed order (slots by week, rotation, key; people by key),
so the same problem always gives the same assignment.  ``Problem.time_limit``
is the budget for both stages together.
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import highspy
import numpy as np

__all__ = [
    "HIGHS_OPTIONS",
    "PersonSpec",
    "Problem",
    "SHARE_GRID",
    "STATUS_INFEASIBLE",
    "STATUS_NO_SOLUTION",
    "STATUS_OPTIMAL",
    "STATUS_TIME_LIMIT",
    "SlotSpec",
    "Solution",
    "TARGET_WEIGHT",
    "balance_score",
    "coverage_score",
    "fair_shares",
    "hard_rule_violations",
    "solve",
]

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

#: HiGHS options for both stages (``time_limit`` is set per stage from the budget left)
HIGHS_OPTIONS: dict[str, bool | float | str] = {
    "output_flag": False,
    "threads": 1,
    "random_seed": 0,
    "mip_rel_gap": 0.0,
    "presolve": "on",
}


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


# --------------------------------------------------------------------------- scores


def balance_score(hours: dict[int, float], overlap_weight: dict[int, float] | None = None) -> float:
    """Grafana OnCall's balance: the mean over pairs of ``min(d_i, d_j) / max(d_i, d_j)``.

    ``d`` is each person's out-of-hours hours, divided by their weight (tour
    overlap with the period) when ``overlap_weight`` is given; people with a
    weight of zero or less (or missing from ``overlap_weight``) are left out.
    A pair where both are 0 counts as 1; fewer than two people give 1.0.
    """
    if overlap_weight is None:
        values = [float(hours[k]) for k in sorted(hours)]
    else:
        values = [
            float(hours[k]) / float(overlap_weight[k])
            for k in sorted(hours)
            if overlap_weight.get(k, 0) > 0
        ]
    if len(values) < 2:
        return 1.0
    total = 0.0
    pairs = 0
    for a, b in combinations(values, 2):
        hi = max(a, b)
        total += 1.0 if hi <= 0 else min(a, b) / hi
        pairs += 1
    return total / pairs


def coverage_score(assignment: dict[int, int | None]) -> float:
    """Share of slots with an assignee (1.0 when there are no slots)."""
    if not assignment:
        return 1.0
    return sum(1 for v in assignment.values() if v is not None) / len(assignment)


# ------------------------------------------------------------------ problem helpers


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


def fair_shares(problem: Problem) -> dict[tuple[int, str], float]:
    """(person, rotation) -> fair share of that rotation's slots in the horizon.

    The slots counted are the non-fixed ones and the fixed ones held by one of the
    people (a published shift of the team is part of the plan; one of an alumnus is
    not). They are divided in proportion to the number of distinct weeks in which each
    person is eligible for one of them or holds one. The model compares each share
    with the person's new *and* fixed shifts, so publishing part of an optimal plan
    leaves the rest optimal: re-planning after a publish moves nothing. Every person
    and every rotation of the slots has an entry (0.0 when not eligible).
    """
    people = {p.key for p in problem.people}
    counted = [s for s in problem.slots if s.fixed is None or s.fixed in people]
    rotations = sorted({s.rotation for s in problem.slots})
    count = dict.fromkeys(rotations, 0)
    for s in counted:
        count[s.rotation] += 1
    by_key = {s.key: s for s in counted}
    weeks: dict[tuple[int, str], set[int]] = defaultdict(set)
    for p, k in problem.eligible:
        slot = by_key.get(k)
        if slot is not None and p in people:
            weeks[(p, slot.rotation)].add(slot.week)
    for slot in counted:
        if slot.fixed is not None:
            weeks[(slot.fixed, slot.rotation)].add(slot.week)
    total = dict.fromkeys(rotations, 0)
    for (_, r), ws in weeks.items():
        total[r] += len(ws)
    shares: dict[tuple[int, str], float] = {}
    for person in sorted(problem.people, key=lambda p: p.key):
        for r in rotations:
            w = len(weeks.get((person.key, r), ()))
            shares[(person.key, r)] = count[r] * w / total[r] if total[r] else 0.0
    return shares


def hard_rule_violations(problem: Problem, assignment: dict[int, int | None]) -> list[str]:
    """Every hard rule that ``assignment`` breaks (an empty list when none).

    Checks: fixed slots keep their person, other assignees are eligible, one
    shift per person per week, and the minimum gap per rotation (with history).
    """
    out: list[str] = []
    slots = {s.key: s for s in problem.slots}
    for s in _sorted_slots(problem.slots):
        who = assignment.get(s.key)
        if s.fixed is not None:
            if who != s.fixed:
                out.append(f"slot {s.key}: fixed to {s.fixed}, got {who}")
        elif who is not None and (who, s.key) not in problem.eligible:
            out.append(f"slot {s.key}: person {who} is not eligible")
    weeks: dict[int, list[int]] = defaultdict(list)
    shifts: dict[tuple[int, str], list[int]] = defaultdict(list)
    for k, who in assignment.items():
        if who is None or k not in slots:
            continue
        weeks[who].append(slots[k].week)
        shifts[(who, slots[k].rotation)].append(slots[k].week)
    for who, ws in sorted(weeks.items()):
        for w in sorted({w for w in ws if ws.count(w) > 1}):
            out.append(f"person {who}: {ws.count(w)} shifts in week {w}")
    for (who, r), ws in sorted(shifts.items()):
        gap = problem.min_gap_weeks.get(r, 0)
        in_horizon = sorted(ws)
        before = sorted(problem.history.get((who, r), []))
        for i, a in enumerate(in_horizon):
            for b in in_horizon[i + 1 :]:
                if 0 < b - a <= gap:
                    out.append(f"person {who}, {r}: weeks {a} and {b} closer than gap {gap}")
            for b in before:
                if abs(a - b) <= gap:
                    out.append(f"person {who}, {r}: week {a} too close to history week {b}")
    return out


# ---------------------------------------------------------------------------- model


class _Model:
    """The MILP in HiGHS column/row form, with the bookkeeping to read it back."""

    def __init__(self, problem: Problem) -> None:
        self.slots = _sorted_slots(problem.slots)
        self.people = sorted(problem.people, key=lambda p: p.key)
        self.free = [s for s in self.slots if s.fixed is None]
        rotations = sorted({s.rotation for s in self.slots})
        self.rotations = rotations
        self.gap = {r: int(problem.min_gap_weeks.get(r, 0)) for r in rotations}
        self.shares = fair_shares(problem)
        self.grid_shares = {k: round(v * G) for k, v in self.shares.items()}

        # what fixed shifts and history already occupy
        fixed_weeks: dict[int, set[int]] = defaultdict(set)
        blocked: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.fixed_count: dict[int, int] = defaultdict(int)
        self.fixed_holidays: dict[int, int] = defaultdict(int)
        # (person, rotation) -> fixed shifts: they count against the fair share
        self.fixed_in: dict[tuple[int, str], int] = defaultdict(int)
        for s in self.slots:
            if s.fixed is not None:
                self.fixed_in[(s.fixed, s.rotation)] += 1
                fixed_weeks[s.fixed].add(s.week)
                blocked[(s.fixed, s.rotation)].append(s.week)
                self.fixed_count[s.fixed] += 1
                self.fixed_holidays[s.fixed] += int(s.holiday_week)
        for (p, r), ws in problem.history.items():
            blocked[(p, r)].extend(ws)

        # one column per candidate pair that no fixed shift or history rules out
        eligible_by_slot: dict[int, list[int]] = defaultdict(list)
        for p, k in problem.eligible:
            eligible_by_slot[k].append(p)
        self.eligible_count: dict[int, int] = {}
        self.blocked_count: dict[int, int] = {}
        self.vars: list[tuple[int, SlotSpec]] = []  # column j -> (person, slot)
        for s in self.free:
            candidates = sorted(eligible_by_slot.get(s.key, []))
            self.eligible_count[s.key] = len(candidates)
            gap = self.gap[s.rotation]
            kept = 0
            for p in candidates:
                if s.week in fixed_weeks.get(p, ()):
                    continue
                if any(abs(s.week - b) <= gap for b in blocked.get((p, s.rotation), ())):
                    continue
                self.vars.append((p, s))
                kept += 1
            self.blocked_count[s.key] = len(candidates) - kept
        self.n_x = len(self.vars)

        self.col_upper: list[float] = [1.0] * self.n_x
        self.rows: list[tuple[float, float, list[int], list[float]]] = []
        self.count_terms: list[tuple[int, list[int]]] = []  # count column, x columns
        self._build_hard_rows()
        self._build_fairness()
        self._build_site_balance()
        self._build_holidays_and_changes()

    # -- columns and rows -------------------------------------------------------

    @property
    def n_cols(self) -> int:
        return len(self.col_upper)

    def _new_col(self, upper: float = math.inf) -> int:
        self.col_upper.append(upper)
        return len(self.col_upper) - 1

    def _row(self, lower: float, upper: float, idx: list[int], val: list[float]) -> None:
        self.rows.append((lower, upper, idx, val))

    def _count(self, parts: list[int], x_cols: list[int]) -> int:
        """A column equal to the sum of columns ``parts``, which count ``x_cols``.

        Counting once and referring to the count keeps the deviation rows short.
        """
        n = self._new_col(float(len(x_cols)))
        self._row(0.0, 0.0, [*parts, n], [1.0] * len(parts) + [-1.0])
        self.count_terms.append((n, x_cols))
        return n

    def _deviation(self, count: int, share: int) -> int:
        """A column ``dev >= |G * count - share|`` (share in 1/G of a shift).

        Besides the two halves of the absolute value, the row through the integer
        points on either side of the share makes the LP relaxation the convex
        hull of the deviation over integer counts: a fractional count is not free.
        """
        dev = self._new_col()
        self._row(-share, math.inf, [dev, count], [1.0, -G])  # dev >= G c - share
        self._row(share, math.inf, [dev, count], [1.0, G])  # dev >= share - G c
        below, r = divmod(share, G)
        if r:
            # dev >= r + (G - 2 r) (c - below), exact at c = below and below + 1
            slope = G - 2 * r
            self._row(r - slope * below, math.inf, [dev, count], [1.0, -slope])
        return dev

    def _build_hard_rows(self) -> None:
        by_slot: dict[int, list[int]] = defaultdict(list)
        by_person_week: dict[tuple[int, int], list[int]] = defaultdict(list)
        by_person_rotation: dict[tuple[int, str], list[int]] = defaultdict(list)
        for j, (p, s) in enumerate(self.vars):
            by_slot[s.key].append(j)
            by_person_week[(p, s.week)].append(j)
            by_person_rotation[(p, s.rotation)].append(j)
        for s in self.free:
            cols = by_slot.get(s.key, [])
            if len(cols) > 1:
                self._row(-math.inf, 1.0, cols, [1.0] * len(cols))
        for key in sorted(by_person_week):
            cols = by_person_week[key]
            if len(cols) > 1:
                self._row(-math.inf, 1.0, cols, [1.0] * len(cols))
        # gap windows [w, w + gap]: the maximal cliques of the conflict graph
        for person_rotation in sorted(by_person_rotation):
            gap = self.gap[person_rotation[1]]
            if gap <= 0:
                continue
            cols = sorted(
                by_person_rotation[person_rotation], key=lambda j: (self.vars[j][1].week, j)
            )
            weeks = [self.vars[j][1].week for j in cols]
            last_end = -1
            for i, w in enumerate(weeks):
                end = i
                while end + 1 < len(weeks) and weeks[end + 1] <= w + gap:
                    end += 1
                if end > i and end > last_end:
                    window = cols[i : end + 1]
                    self._row(-math.inf, 1.0, window, [1.0] * len(window))
                    last_end = end
        self.by_person_rotation = by_person_rotation

    def _build_fairness(self) -> None:
        """Tier 2: deviation from the fair share and from the tour target."""
        self.fair_cols: list[int] = []
        self.fair_terms: list[tuple[list[int], int, int]] = []  # x cols, share, deviation
        self.counts: dict[tuple[int, str], int] = {}  # (person, rotation) -> count column
        for person in self.people:
            for r in self.rotations:
                cols = self.by_person_rotation.get((person.key, r), [])
                if not cols:
                    continue
                share = self.grid_shares[(person.key, r)] - G * self.fixed_in[(person.key, r)]
                count = self._count(cols, cols)
                self.counts[(person.key, r)] = count
                dev = self._deviation(count, share)
                self.fair_terms.append((cols, share, dev))
                self.fair_cols.append(dev)
        self.target_cols: list[int] = []
        self.target_terms: list[tuple[list[int], int, int, int, int, int]] = []
        by_person: dict[int, list[int]] = defaultdict(list)
        for j, (p, _) in enumerate(self.vars):
            by_person[p].append(j)
        shortfall_bound = 0
        for person in self.people:
            cols = by_person.get(person.key, [])
            if not cols:
                continue
            base = person.already + self.fixed_count.get(person.key, 0)
            short, excess = self._new_col(), self._new_col()
            parts = [
                self.counts[(person.key, r)]
                for r in self.rotations
                if (person.key, r) in self.counts
            ]
            n = len(parts)
            # short >= target_min - base - count ; excess >= base + count - target_max
            self._row(person.target_min - base, math.inf, [*parts, short], [1.0] * n + [1.0])
            self._row(-math.inf, person.target_max - base, [*parts, excess], [1.0] * n + [-1.0])
            self.target_terms.append(
                (cols, base, person.target_min, person.target_max, short, excess)
            )
            self.target_cols += [short, excess]
            shortfall_bound += max(0, person.target_min - base)
        # upper bound of the fairness term (in 1/G of a shift): sum |c - share| <= sum c
        # + sum share <= 2 N; shortfall <= its value at zero shifts; excess <= sum c <= N
        n_free = len(self.free)
        # shares and fixed shifts are over the whole horizon: |c + f - share| <= c + f + share
        n_all = len(self.slots)
        bound = G * (2 * n_all + TARGET_WEIGHT * (shortfall_bound + n_free))
        self.w1 = float(bound + 1)

    def _build_site_balance(self) -> None:
        """Tier 3: per rotation, each site's shifts against its members' shares."""
        self.site_cols: list[int] = []
        self.site_terms: list[tuple[list[int], int, int]] = []
        for r in self.rotations:
            cols_by_site: dict[str, list[int]] = defaultdict(list)
            parts_by_site: dict[str, list[int]] = defaultdict(list)
            share_by_site: dict[str, int] = defaultdict(int)
            for person in self.people:
                share_by_site[person.site] += (
                    self.grid_shares[(person.key, r)] - G * self.fixed_in[(person.key, r)]
                )
                if (person.key, r) in self.counts:
                    cols_by_site[person.site] += self.by_person_rotation[(person.key, r)]
                    parts_by_site[person.site].append(self.counts[(person.key, r)])
            if not parts_by_site:
                continue  # nobody can take a slot of the rotation: nothing to decide
            for site in sorted(share_by_site):
                if not parts_by_site.get(site):
                    continue  # a constant deviation: nothing to decide
                cols = sorted(cols_by_site[site])
                target = share_by_site[site]
                dev = self._deviation(self._count(parts_by_site[site], cols), target)
                self.site_terms.append((cols, target, dev))
                self.site_cols.append(dev)

    def _build_holidays_and_changes(self) -> None:
        """Tier 4 (holiday weeks above one per person) and tier 5 (previous kept)."""
        self.holiday_cols: list[int] = []
        self.holiday_terms: list[tuple[list[int], int, int]] = []
        self.holiday_constant = 0
        by_person: dict[int, list[int]] = defaultdict(list)
        for j, (p, s) in enumerate(self.vars):
            if s.holiday_week:
                by_person[p].append(j)
        for person in self.people:
            fixed = self.fixed_holidays.get(person.key, 0)
            cols = by_person.get(person.key, [])
            if fixed + len(cols) <= 1:
                continue
            if not cols:
                self.holiday_constant += fixed - 1
                continue
            e = self._new_col()
            # e >= fixed + sum x - 1
            self._row(fixed - 1.0, math.inf, [e, *cols], [1.0] + [-1.0] * len(cols))
            self.holiday_terms.append((cols, fixed, e))
            self.holiday_cols.append(e)
        self.holiday_slots = len(
            {self.vars[j][1].key for cols, _, _ in self.holiday_terms for j in cols}
        )
        self.keep_cols = [j for j, (p, s) in enumerate(self.vars) if s.previous == p]
        self.changes_constant = sum(1 for s in self.free if s.previous is not None) - len(
            self.keep_cols
        )

    # -- objectives -------------------------------------------------------------

    def cost_stage_a(self) -> np.ndarray:
        """``W1 * uncovered + fairness`` (less a constant)."""
        c = np.zeros(self.n_cols)
        c[: self.n_x] = -self.w1
        c[self.fair_cols] = 1.0
        c[self.target_cols] = TARGET_WEIGHT * G
        return c

    def cost_stage_b(self) -> np.ndarray:
        """``W3 * site + (P + 1) * holiday + changes`` (less a constant)."""
        p = len(self.keep_cols)
        c = np.zeros(self.n_cols)
        c[self.site_cols] = (p + 1.0) * self.holiday_slots + p + 1.0
        c[self.holiday_cols] = p + 1.0
        c[self.keep_cols] = -1.0
        return c

    def integrality(self, aux_integer: bool) -> list[highspy.HighsVarType]:
        aux = highspy.HighsVarType.kInteger if aux_integer else highspy.HighsVarType.kContinuous
        return [highspy.HighsVarType.kInteger] * self.n_x + [aux] * (self.n_cols - self.n_x)

    # -- exact values of a 0/1 assignment ---------------------------------------

    def complete(self, x: np.ndarray) -> np.ndarray:
        """Full column vector for the 0/1 vector ``x``, auxiliaries at their optimum."""
        col = np.zeros(self.n_cols)
        col[: self.n_x] = x
        for n, cols in self.count_terms:
            col[n] = float(x[cols].sum())
        for cols, share, dev in self.fair_terms + self.site_terms:
            col[dev] = abs(G * float(x[cols].sum()) - share)
        for cols, base, tmin, tmax, short, excess in self.target_terms:
            total = base + float(x[cols].sum())
            col[short], col[excess] = max(0.0, tmin - total), max(0.0, total - tmax)
        for cols, fixed, e in self.holiday_terms:
            col[e] = max(0.0, fixed + float(x[cols].sum()) - 1)
        return col

    def tiers(self, col: np.ndarray) -> dict[str, float]:
        """Each tier's value (in shifts) for the full column vector ``col``."""
        fair_constant = sum(  # people who cannot take any slot of the rotation
            abs(share - G * self.fixed_in[key])
            for key, share in sorted(self.grid_shares.items())
            if key not in self.counts
        )
        target_constant = 0
        with_cols = {p for p, _ in self.vars}
        for person in self.people:
            if person.key not in with_cols:
                base = person.already + self.fixed_count.get(person.key, 0)
                target_constant += max(0, person.target_min - base)
                target_constant += max(0, base - person.target_max)
        return {
            "uncovered": float(len(self.free) - int(round(col[: self.n_x].sum()))),
            "fair_share_deviation": (float(col[self.fair_cols].sum()) + fair_constant) / G,
            "target_deviation": float(col[self.target_cols].sum()) + target_constant,
            "site_deviation": float(col[self.site_cols].sum()) / G,
            "holiday_excess": float(col[self.holiday_cols].sum()) + self.holiday_constant,
            "changes": float(len(self.keep_cols) - col[self.keep_cols].sum())
            + self.changes_constant,
        }

    # -- HiGHS ------------------------------------------------------------------

    def lp(self) -> highspy.HighsLp:
        """Stage A's model; the auxiliary columns are continuous in it."""
        lp = highspy.HighsLp()
        lp.num_col_ = self.n_cols
        lp.num_row_ = len(self.rows)
        lp.col_cost_ = self.cost_stage_a()
        lp.col_lower_ = np.zeros(self.n_cols)
        lp.col_upper_ = np.array(self.col_upper)
        lp.row_lower_ = np.array([r[0] for r in self.rows], dtype=float)
        lp.row_upper_ = np.array([r[1] for r in self.rows], dtype=float)
        starts = np.zeros(len(self.rows) + 1, dtype=np.int32)
        np.cumsum([len(r[2]) for r in self.rows], out=starts[1:])
        nnz = int(starts[-1])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = lp.num_col_
        lp.a_matrix_.num_row_ = lp.num_row_
        lp.a_matrix_.start_ = starts
        lp.a_matrix_.index_ = np.fromiter(
            (j for r in self.rows for j in r[2]), dtype=np.int32, count=nnz
        )
        lp.a_matrix_.value_ = np.fromiter(
            (v for r in self.rows for v in r[3]), dtype=float, count=nnz
        )
        lp.integrality_ = self.integrality(aux_integer=False)
        return lp

    def hold_stage_a(self, h: highspy.Highs, col: np.ndarray) -> None:
        """Rows keeping stage A's tiers (coverage, fairness) at the values of ``col``."""
        everything = np.arange(self.n_x, dtype=np.int32)
        h.addRow(float(col[: self.n_x].sum()), math.inf, self.n_x, everything, np.ones(self.n_x))
        idx = np.array(self.fair_cols + self.target_cols, dtype=np.int32)
        if len(idx):
            val = np.array(
                [1.0] * len(self.fair_cols) + [TARGET_WEIGHT * G] * len(self.target_cols)
            )
            bound = float((col[idx] * val).sum())
            # fairness is an integer in its unit: + 0.5 holds the optimum exactly
            h.addRow(-math.inf, bound + 0.5, len(idx), idx, val)


# --------------------------------------------------------------------------- HiGHS

_BANNER_LOCK = threading.Lock()
_banner_shown = False


def _new_highs() -> highspy.Highs:
    """A Highs instance; the first one's copyright banner is kept off stdout.

    (HiGHS prints it once per process when the first instance is made, before
    ``output_flag`` can be set; it would spoil ``--format json`` output.)
    """
    global _banner_shown
    with _BANNER_LOCK:
        if _banner_shown:
            return highspy.Highs()
        _banner_shown = True
        try:
            sys.stdout.flush()
            saved = os.dup(1)
        except (OSError, ValueError, AttributeError):
            return highspy.Highs()
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                return highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(devnull)
        finally:
            os.close(saved)


_STOPPED = {
    "kTimeLimit",
    "kIterationLimit",
    "kSolutionLimit",
    "kInterrupt",
    "kHighsInterrupt",
    "kObjectiveBound",
    "kObjectiveTarget",
    "kMemoryLimit",
    "kUnknown",
}


def _run(h: highspy.Highs, seconds: float) -> tuple[str | None, np.ndarray | None]:
    """Run HiGHS; (None when optimal else a status, the 0/1 solution or None)."""
    h.setOptionValue("time_limit", float(max(seconds, 0.001)))
    h.run()
    model_status = h.getModelStatus()
    x = None
    if h.getInfo().primal_solution_status == highspy.kSolutionStatusFeasible:
        x = (np.asarray(h.getSolution().col_value) > 0.5).astype(float)
    if model_status == highspy.HighsModelStatus.kOptimal:
        return None, x
    if model_status.name in _STOPPED:
        return STATUS_TIME_LIMIT, x
    if model_status == highspy.HighsModelStatus.kInfeasible:
        return STATUS_INFEASIBLE, x
    return h.modelStatusToString(model_status).lower(), x


def solve(problem: Problem) -> Solution:
    """The optimal allocation of ``problem`` (see the module doc for the model)."""
    started = time.perf_counter()
    _check(problem)
    m = _Model(problem)

    def left() -> float:
        return problem.time_limit - (time.perf_counter() - started)

    x = np.zeros(m.n_x)
    status = STATUS_OPTIMAL
    if m.n_x:
        h = _new_highs()
        for name, value in HIGHS_OPTIONS.items():
            h.setOptionValue(name, value)
        h.passModel(m.lp())
        stopped, found = _run(h, left())
        if found is not None:
            x = found[: m.n_x]
        if stopped is not None:
            no_solution = found is None and stopped == STATUS_TIME_LIMIT
            status = STATUS_NO_SOLUTION if no_solution else stopped
        elif m.site_cols or m.holiday_cols or m.keep_cols:
            if left() <= 0:
                status = STATUS_TIME_LIMIT
            else:
                col = m.complete(x)
                m.hold_stage_a(h, col)
                everything = np.arange(m.n_cols, dtype=np.int32)
                h.changeColsIntegrality(
                    m.n_cols,
                    everything,
                    np.ones(m.n_cols, dtype=np.uint8),  # kInteger
                )
                h.changeColsCost(m.n_cols, everything, m.cost_stage_b())
                # No warm start from stage A's answer: HiGHS (1.15) took that start as
                # optimal in stage B even where a better site balance existed.
                stopped, found = _run(h, left())
                if found is not None:
                    x = found[: m.n_x]
                if stopped is not None:
                    status = stopped

    assignment: dict[int, int | None] = {s.key: s.fixed for s in m.slots}
    for j in np.flatnonzero(x > 0.5):
        p, s = m.vars[j]
        assignment[s.key] = p
    tiers = m.tiers(m.complete(x))
    uncovered = [s.key for s in m.slots if assignment[s.key] is None]
    reasons = {}
    for k in uncovered:
        n = m.eligible_count[k]
        if n == 0:
            reasons[k] = "nobody eligible"
        elif m.blocked_count[k] == n:
            reasons[k] = (
                f"{n} eligible, all held by a published or earlier shift "
                "(same week or within the minimum gap)"
            )
        elif status == STATUS_OPTIMAL:
            reasons[k] = f"{n} eligible, all on another shift that week or within the minimum gap"
        else:
            reasons[k] = f"{n} eligible, not filled before the solver stopped ({status})"
    objective = (
        m.w1 / G * tiers["uncovered"]
        + tiers["fair_share_deviation"]
        + TARGET_WEIGHT * tiers["target_deviation"]
    )
    return Solution(
        assignment=assignment,
        status=status,
        optimal=status == STATUS_OPTIMAL,
        uncovered=uncovered,
        solve_seconds=time.perf_counter() - started,
        objective=objective,
        tiers=tiers,
        reasons=reasons,
    )

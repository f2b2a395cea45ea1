"""Measures of a problem and an assignment: fair shares, balance, coverage, hard rules."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from planner.rota.allocation_solver.problem import Problem, _sorted_slots


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

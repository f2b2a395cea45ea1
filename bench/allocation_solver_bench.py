"""Solve times of the allocation MILP on random instances (prints figures, asserts nothing).

Run: ``.venv/bin/python bench/allocation_solver_bench.py [--seeds N] [--json]``

Instances (seeded, so every run solves the same models; 9 holiday weeks a year,
two DST weeks, gaps Primary 3 and Escalation L2 1, targets 3-4):

* ``26w x 2 rot, 12 vol``: 12 volunteers, both rotations, 26 weeks.
* ``52w x 2 rot, 40 vol, 15% off``: 40 volunteers, both rotations, 52 weeks,
  each (volunteer, week) unavailable with probability 0.15.
* ``team: 26w``: the 12 split into leaders (Escalation L2, a third) and
  engineers (Primary).
* ``team: 52w``: the 40 split the same way, staggered 26-week tours, the first
  4 weeks published (fixed), some history before the horizon.
* each 52-week instance re-solved with the first solution as the previous draft
  and one volunteer withdrawn (the "re-plan" case: minimal change).

The two instances as specified put every volunteer in both rotations for the
whole horizon (the densest model: 12 x 52 and about 40 x 104 x 0.85 candidate
pairs); the ``team:`` rows are shaped like a real team and are smaller.

``run()`` returns the rows, so bench/allocation.py can reuse them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.rota.allocation_solver import (  # noqa: E402
    PersonSpec,
    Problem,
    SlotSpec,
    Solution,
    balance_score,
    coverage_score,
    hard_rule_violations,
    solve,
)

SITES = ("Dublin", "London", "San Francisco")
ROTATIONS = ("Primary", "Escalation L2")
GAPS = {"Primary": 3, "Escalation L2": 1}
BASE_OOH_MINUTES = 128 * 60  # weekend + weeknights
HOLIDAY_MINUTES = 9 * 60


def make_instance(
    weeks: int,
    volunteers: int,
    *,
    unavailability: float = 0.0,
    seed: int = 0,
    tour_weeks: int | None = None,
    pool: bool = False,
    published_weeks: int = 0,
    time_limit: float = 30.0,
) -> Problem:
    """A random allocation problem shaped like a real team's year."""
    rng = random.Random(seed)
    holiday_weeks = set(rng.sample(range(weeks), k=max(1, round(weeks * 9 / 52))))
    dst_weeks = {round(weeks * 0.25): -60, round(weeks * 0.8): 60}
    people: list[PersonSpec] = []
    tours: dict[int, tuple[int, int]] = {}
    roles: dict[int, set[str]] = {}
    for key in range(1, volunteers + 1):
        leader = key % 3 == 0
        roles[key] = set(ROTATIONS) if pool else {"Escalation L2" if leader else "Primary"}
        if tour_weeks is None:
            start, end = 0, weeks
        else:
            start = rng.randrange(-tour_weeks // 2, weeks - tour_weeks // 2)
            end = start + tour_weeks
        tours[key] = (start, end)
        people.append(
            PersonSpec(
                key=key,
                site=rng.choice(SITES),
                already=rng.randint(0, 2) if start < 0 else 0,
            )
        )
    slots: list[SlotSpec] = []
    key = 1000
    for week in range(weeks):
        for rotation in ROTATIONS:
            minutes = BASE_OOH_MINUTES + dst_weeks.get(week, 0)
            if week in holiday_weeks:
                minutes += HOLIDAY_MINUTES
            slots.append(SlotSpec(key, rotation, week, minutes, week in holiday_weeks))
            key += 1
    eligible: set[tuple[int, int]] = set()
    for person in people:
        start, end = tours[person.key]
        off = {w for w in range(weeks) if rng.random() < unavailability}
        for slot in slots:
            if slot.rotation in roles[person.key] and start <= slot.week < end:
                if slot.week not in off:
                    eligible.add((person.key, slot.key))
    history: dict[tuple[int, str], list[int]] = {}
    for person in people:
        if tours[person.key][0] < 0 and rng.random() < 0.5:
            for rotation in sorted(roles[person.key]):
                history[(person.key, rotation)] = [-rng.randint(1, 3)]
    problem = Problem(slots, people, eligible, dict(GAPS), history, time_limit)
    if published_weeks:
        # publish the first weeks as the solver would have filled them
        head = Problem(
            [s for s in slots if s.week < published_weeks],
            people,
            {(p, s) for p, s in eligible if s < 1000 + 2 * published_weeks},
            dict(GAPS),
            history,
            time_limit,
        )
        fixed = solve(head).assignment
        problem.slots = [
            replace(s, fixed=fixed.get(s.key)) if s.week < published_weeks else s for s in slots
        ]
        problem.slots = [
            s for s in problem.slots if s.week >= published_weeks or s.fixed is not None
        ]
        kept = {s.key for s in problem.slots}
        problem.eligible = {(p, s) for p, s in eligible if s in kept}
    return problem


def replan(problem: Problem, first: Solution, withdrawn: int) -> Problem:
    """The same problem with ``first`` as the previous draft and one volunteer gone."""
    slots = [
        s if s.fixed is not None else replace(s, previous=first.assignment[s.key])
        for s in problem.slots
    ]
    fixed_slots = {s.key for s in slots if s.fixed is not None}
    eligible = {(p, s) for p, s in problem.eligible if p != withdrawn or s in fixed_slots}
    return Problem(
        slots, problem.people, eligible, problem.min_gap_weeks, problem.history, problem.time_limit
    )


def describe(kind: str, seed: int, problem: Problem, solution: Solution) -> dict:
    hours: dict[int, float] = {p.key: 0.0 for p in problem.people}
    minutes = {s.key: s.ooh_minutes for s in problem.slots}
    for slot, person in solution.assignment.items():
        if person is not None and person in hours:
            hours[person] += minutes[slot] / 60
    free = {s.key for s in problem.slots if s.fixed is None}
    return {
        "instance": kind,
        "seed": seed,
        "slots_to_fill": len(free),
        "candidate_pairs": sum(1 for _, s in problem.eligible if s in free),
        "status": solution.status,
        "optimal": solution.optimal,
        "seconds": round(solution.solve_seconds, 3),
        "uncovered": len(solution.uncovered),
        "coverage": round(coverage_score(solution.assignment), 3),
        "balance": round(balance_score({k: v for k, v in hours.items() if v > 0}), 3),
        "violations": len(hard_rule_violations(problem, solution.assignment)),
        "tiers": {k: round(v, 3) for k, v in solution.tiers.items()},
    }


SPEC_SMALL = "26w x 2 rot, 12 vol"
SPEC_LARGE = "52w x 2 rot, 40 vol, 15% off"


def run(seeds: int = 3) -> list[dict]:
    """Solve every kind of instance for seeds 0..seeds-1; one row per solve."""
    rows: list[dict] = []

    def add(kind: str, seed: int, problem: Problem) -> Solution:
        solution = solve(problem)
        rows.append(describe(kind, seed, problem, solution))
        return solution

    for seed in range(seeds):
        # as specified: everyone eligible for every slot (less unavailability)
        add(SPEC_SMALL, seed, make_instance(26, 12, seed=seed, pool=True))
        large = make_instance(52, 40, unavailability=0.15, seed=seed, pool=True)
        first = add(SPEC_LARGE, seed, large)
        withdrawn = next(p for p in first.assignment.values() if p is not None)
        add(SPEC_LARGE + ", re-plan", seed, replan(large, first, withdrawn))
        # shaped like a real team: roles, staggered 26-week tours, 4 weeks published
        add("team: 26w, 12 vol, roles", seed, make_instance(26, 12, seed=seed))
        team = make_instance(
            52, 40, unavailability=0.15, seed=seed, tour_weeks=26, published_weeks=4
        )
        first = add("team: 52w, 40 vol, tours, 15% off", seed, team)
        withdrawn = next(p for p in first.assignment.values() if p is not None)
        add("team: 52w, re-plan", seed, replan(team, first, withdrawn))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="random instances of each kind")
    parser.add_argument("--json", action="store_true", help="print JSON rows")
    args = parser.parse_args(argv)
    rows = run(args.seeds)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(
        f"{'instance':<36} {'seed':>4} {'slots':>5} {'pairs':>5} {'seconds':>8}  "
        f"{'status':<22} {'uncov':>5} {'balance':>7} {'viol':>4}"
    )
    for r in rows:
        print(
            f"{r['instance']:<36} {r['seed']:>4} {r['slots_to_fill']:>5} "
            f"{r['candidate_pairs']:>5} {r['seconds']:>8.3f}  {r['status']:<22} "
            f"{r['uncovered']:>5} {r['balance']:>7.3f} {r['violations']:>4}"
        )
    print()
    print(f"{'instance':<36} {'solves':>6} {'optimal':>7} {'median s':>8} {'max s':>8}")
    for kind in dict.fromkeys(r["instance"] for r in rows):
        times = sorted(r["seconds"] for r in rows if r["instance"] == kind)
        optimal = sum(1 for r in rows if r["instance"] == kind and r["optimal"])
        print(
            f"{kind:<36} {len(times):>6} {optimal:>7} {statistics.median(times):>8.3f} "
            f"{times[-1]:>8.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

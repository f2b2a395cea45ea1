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

Modules
-------
``problem`` (the dataclasses, constants and the check of a problem), ``scores``
(fair shares, balance, coverage, hard-rule check), ``model`` (the MILP), ``highs``
(HiGHS options and runner) and ``stages`` (:func:`solve`).  Import from this package:
its names are the public API.
"""

from typing import TYPE_CHECKING, Any

from planner.rota.allocation_solver.problem import (
    SHARE_GRID,
    STATUS_INFEASIBLE,
    STATUS_NO_SOLUTION,
    STATUS_OPTIMAL,
    STATUS_TIME_LIMIT,
    TARGET_WEIGHT,
    PersonSpec,
    Problem,
    SlotSpec,
    Solution,
)
from planner.rota.allocation_solver.scores import (
    balance_score,
    coverage_score,
    fair_shares,
    hard_rule_violations,
)

if TYPE_CHECKING:
    from planner.rota.allocation_solver.highs import HIGHS_OPTIONS
    from planner.rota.allocation_solver.stages import solve


def __getattr__(name: str) -> Any:
    """``solve`` and ``HIGHS_OPTIONS`` load HiGHS and NumPy (a few hundred milliseconds):
    imported on first use, so reading and scoring a rota never pays for the solver."""
    if name == "solve":
        from planner.rota.allocation_solver.stages import solve

        return solve
    if name == "HIGHS_OPTIONS":
        from planner.rota.allocation_solver.highs import HIGHS_OPTIONS

        return HIGHS_OPTIONS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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

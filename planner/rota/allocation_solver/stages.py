"""solve(): stage A, stage B on the same HiGHS model, and the Solution read back."""

from __future__ import annotations

import time

import numpy as np

from planner.rota.allocation_solver.highs import HIGHS_OPTIONS, _new_highs, _run
from planner.rota.allocation_solver.model import _Model
from planner.rota.allocation_solver.problem import (
    STATUS_NO_SOLUTION,
    STATUS_OPTIMAL,
    STATUS_TIME_LIMIT,
    TARGET_WEIGHT,
    G,
    Problem,
    Solution,
    _check,
)


def solve(problem: Problem) -> Solution:
    """The optimal allocation of ``problem`` (see the package doc for the model)."""
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

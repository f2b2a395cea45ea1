"""Running HiGHS: the options, a Highs instance without its banner, one solve's status."""

from __future__ import annotations

import os
import sys
import threading

import highspy
import numpy as np

from planner.rota.allocation_solver.problem import STATUS_INFEASIBLE, STATUS_TIME_LIMIT

#: HiGHS options for both stages (``time_limit`` is set per stage from the budget left)
HIGHS_OPTIONS: dict[str, bool | float | str] = {
    "output_flag": False,
    "threads": 1,
    "random_seed": 0,
    "mip_rel_gap": 0.0,
    "presolve": "on",
}

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

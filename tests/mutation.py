"""What `make mutate` (mutmut, tests/MUTANTS.md) changes in the tests: nothing but the
number of examples a hypothesis test tries.

mutmut runs a mutant's tests once per mutant, thousands of times, with
``MUTANT_UNDER_TEST`` in the environment (set before any test module is imported). There
a property test tries a quarter of its examples (at least ten), derandomised so a mutant's
verdict is the same on every run; the explicit ``@example`` cases always run. An ordinary
test run is unchanged.
"""

from __future__ import annotations

import os

UNDER_MUTATION = "MUTANT_UNDER_TEST" in os.environ


def examples(n: int) -> int:
    """The number of examples for a property test that tries ``n`` in an ordinary run."""
    return max(10, n // 4) if UNDER_MUTATION else n


# ---------------------------------------------------------------------------
# The score `make mutate` reports: ``python -m tests.mutation`` after ``mutmut run``.

# The money and time code (tests/MUTANTS.md says why): whole modules, or the named
# functions of one ("Class.method" for a method).
MONEY_AND_TIME: dict[str, tuple[str, ...] | None] = {
    "planner/core/money.py": None,
    "planner/core/days.py": None,
    "planner/core/out_of_hours.py": None,
    "planner/pay/fees.py": None,
    "planner/pay/lines.py": None,
    "planner/pay/pages.py": (
        "PageRow.local_at",
        "parse_at",
        "check_not_future",
        "night_day",
        "_attribute",
        "on_call_at",
        "_night_of",
        "_night_pages",
        "_sync_night_rest",
        "_containing",
    ),
}
# mutmut's verdicts that count as killed: a test failed, the type checker refused the
# mutant, it ran too long (an endless loop) or crashed the interpreter.
KILLED = {"killed", "caught by type check", "timeout", "segfault"}


def _function(key: str) -> str:
    """'planner.pay.pages.x_night_day__mutmut_3' -> 'night_day';
    'planner.pay.pages.xǁPageRowǁlocal_at__mutmut_1' -> 'PageRow.local_at'."""
    name = key.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[1]
    if name.startswith("xǁ"):
        return ".".join(name[2:].split("ǁ"))
    return name[2:]


def score_rows(mutants_dir: str = "mutants") -> list[tuple[str, int, int, int, int, int]]:
    """(module, mutants, killed, survived, no test, not run) from mutmut's result files."""
    import json
    from pathlib import Path

    from mutmut.stats import status_by_exit_code

    rows = []
    for source in sorted(Path(mutants_dir).glob("planner/**/*.py.meta")):
        module = source.relative_to(mutants_dir).as_posix().removesuffix(".meta")
        codes = json.loads(source.read_text(encoding="utf-8"))["exit_code_by_key"]
        parts = [(module, None)]
        if module in MONEY_AND_TIME and MONEY_AND_TIME[module] is not None:
            parts = [(module + " (money and time)", MONEY_AND_TIME[module])]
        for label, functions in parts:
            chosen = [c for k, c in codes.items() if functions is None or _function(k) in functions]
            verdicts = [status_by_exit_code[c] for c in chosen]
            killed = sum(v in KILLED for v in verdicts)
            survived = verdicts.count("survived")
            no_tests = verdicts.count("no tests")
            not_run = verdicts.count("not checked")
            rows.append((label, len(chosen), killed, survived, no_tests, not_run))
    return rows


def main() -> None:
    print(
        f"{'module':48} {'mutants':>7} {'killed':>6} {'alive':>6} {'no test':>7} "
        f"{'not run':>7} {'score':>6}"
    )
    for module, total, killed, survived, no_tests, not_run in score_rows():
        tried = total - not_run
        score = f"{100 * killed / tried:.1f}%" if tried else "-"
        print(f"{module:48} {total:7} {killed:6} {survived:6} {no_tests:7} {not_run:7} {score:>6}")
    print("score = killed / mutants run; a module is measured when 'not run' is 0")


if __name__ == "__main__":
    main()

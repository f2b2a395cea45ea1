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

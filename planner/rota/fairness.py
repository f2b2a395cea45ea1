"""The fairness of a plan: coverage, balance, and each volunteer's load against their share.

Coverage is the share of slots with an assignee. Balance follows Grafana OnCall's
schedule quality: the mean over pairs of volunteers of min(d_i, d_j) / max(d_i, d_j), where
d is a volunteer's out-of-hours hours divided by the weeks they were eligible in the range
(so someone whose tour only overlaps half the range is not "unfair" for doing half).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.rota.allocation_solver import balance_score


@dataclass(frozen=True)
class Load:
    """One volunteer's part of a plan in one rotation."""

    volunteer_id: int
    email: str
    name: str
    site: str
    colour: str
    rotation: str
    shifts: int
    hours: float
    eligible_weeks: int
    fair_share: float
    target_min: int
    target_max: int
    tour_shifts: int  # shifts in the whole tour (inside and outside the range)

    @property
    def rule(self) -> str:
        """The rule ``state`` measures, with this tour's figures."""
        return (
            f"each volunteer does {self.target_min}–{self.target_max} shifts in a tour "
            f"(the tour's target); {self.tour_shifts} planned"
        )

    @property
    def state(self) -> str:
        if self.tour_shifts < self.target_min:
            return "below target"
        if self.tour_shifts > self.target_max:
            return "above target"
        return "on target"


def balance_text(value: float | None) -> str:
    """The one way a balance is shown, on screen, in print and in text: '55 %', or '–'
    when there is no figure (fewer than two people to compare)."""
    from planner.core.locale_text import balance  # babel: loaded when first shown

    return balance(value)


@dataclass(frozen=True)
class Score:
    """A plan's (or the rota's) coverage and balance over a range of weeks.

    This is the app's only balance figure: the Rota screen shows it for the range on
    screen, the monthly report for the weeks of its window, both through
    :func:`balance_text`. ``by_rotation``: each rotation's balance (None with fewer than two
    people); ``balance`` is their mean.
    """

    coverage: float  # 0..1
    balance: float  # 0..1
    by_rotation: tuple[tuple[str, float | None], ...] = ()

    def text(self) -> str:
        return f"coverage {self.coverage:.0%}, balance {balance_text(self.balance)}"

    def rotation_balance(self, rotation: str) -> float | None:
        return dict(self.by_rotation).get(rotation)


def balance(per_week: Sequence[float]) -> float:
    """Mean over pairs of min/max of the per-week loads; 1.0 with fewer than two people."""
    return balance_score(dict(enumerate(per_week)))


def score(slots_total: int, slots_covered: int, loads: Iterable[Load]) -> Score:
    """Coverage over all slots; balance per rotation, averaged over rotations."""
    by_rotation: dict[str, list[float]] = defaultdict(list)
    for load in loads:
        if load.eligible_weeks > 0:
            by_rotation[load.rotation].append(load.hours / load.eligible_weeks)
    coverage = 1.0 if slots_total == 0 else slots_covered / slots_total
    parts = [balance(v) for v in by_rotation.values()]
    each = tuple(
        (name, balance(v) if len(v) >= 2 else None) for name, v in sorted(by_rotation.items())
    )
    return Score(coverage, sum(parts) / len(parts) if parts else 1.0, each)

"""The MILP of an allocation problem in HiGHS column/row form (see the package doc)."""

from __future__ import annotations

import math
from collections import defaultdict

import highspy
import numpy as np

from planner.rota.allocation_solver.problem import (
    TARGET_WEIGHT,
    G,
    Problem,
    SlotSpec,
    _sorted_slots,
)
from planner.rota.allocation_solver.scores import fair_shares


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

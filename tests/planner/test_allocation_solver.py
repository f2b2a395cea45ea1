"""The allocation engine: hard rules always hold, and the soft tiers come in order."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.rota.allocation_solver import (
    SHARE_GRID,
    TARGET_WEIGHT,
    PersonSpec,
    Problem,
    SlotSpec,
    balance_score,
    coverage_score,
    fair_shares,
    hard_rule_violations,
    solve,
)

P, L2 = "Primary", "Escalation L2"
WEEK_MINUTES = 128 * 60


def weekly_slots(weeks: int, rotation: str = P, first_key: int = 100, **kw) -> list[SlotSpec]:
    return [SlotSpec(first_key + w, rotation, w, WEEK_MINUTES, **kw) for w in range(weeks)]


def everyone(people: list[PersonSpec], slots: list[SlotSpec]) -> set[tuple[int, int]]:
    return {(p.key, s.key) for p in people for s in slots}


def counts(assignment: dict[int, int | None]) -> Counter:
    return Counter(p for p in assignment.values() if p is not None)


# ------------------------------------------------------------------------ known optima


def test_small_instance_with_a_unique_optimum():
    # full coverage is only possible as 1 -> week 0, 2 -> week 1, 3 -> week 2
    slots = weekly_slots(3)
    people = [PersonSpec(1, "Dublin"), PersonSpec(2, "Dublin"), PersonSpec(3, "London")]
    eligible = {(1, 100), (2, 100), (2, 101), (3, 101), (3, 102)}
    sol = solve(Problem(slots, people, eligible, {P: 0}))
    assert sol.status == "optimal" and sol.optimal
    assert sol.assignment == {100: 1, 101: 2, 102: 3}
    assert sol.uncovered == []
    assert sol.tiers["uncovered"] == 0


def test_alternation_follows_the_previous_draft():
    # gap 1 between two people allows ABAB or BABA; the previous draft picks one
    slots = [
        SlotSpec(100 + w, L2, w, WEEK_MINUTES, previous=2 if w % 2 == 0 else 1) for w in range(4)
    ]
    people = [PersonSpec(1, "Dublin"), PersonSpec(2, "Dublin")]
    sol = solve(Problem(slots, people, everyone(people, slots), {L2: 1}))
    assert sol.assignment == {100: 2, 101: 1, 102: 2, 103: 1}
    assert sol.tiers["changes"] == 0


def test_uncovered_slot_when_nobody_is_eligible_is_reported_not_raised():
    slots = weekly_slots(3)
    people = [PersonSpec(1, "Dublin"), PersonSpec(2, "London")]
    eligible = {(1, 100), (2, 100), (1, 102), (2, 102)}  # nobody for week 1
    sol = solve(Problem(slots, people, eligible, {P: 0}))
    assert sol.status == "optimal"
    assert sol.assignment[101] is None
    assert sol.uncovered == [101]
    assert sol.reasons[101] == "nobody eligible"
    assert sol.assignment[100] is not None and sol.assignment[102] is not None
    assert coverage_score(sol.assignment) == pytest.approx(2 / 3)


def test_nothing_to_decide():
    sol = solve(Problem(weekly_slots(2), [PersonSpec(1, "Dublin")], set(), {P: 3}))
    assert sol.status == "optimal"
    assert sol.assignment == {100: None, 101: None}
    assert sol.uncovered == [100, 101]


# ---------------------------------------------------------------------------- hard rules


def test_gap_rule_is_respected_across_the_horizon_boundary():
    # only person 1 can do Primary; they did week -1, so with 3 weeks clear the
    # first week they can take again is week 3, then week 7
    slots = weekly_slots(8)
    people = [PersonSpec(1, "Dublin", target_min=0, target_max=8)]
    sol = solve(Problem(slots, people, everyone(people, slots), {P: 3}, {(1, P): [-1]}))
    assert [k for k, v in sol.assignment.items() if v == 1] == [103, 107]
    assert sol.uncovered == [100, 101, 102, 104, 105, 106]
    assert sol.reasons[100].startswith("1 eligible, all held by a published or earlier shift")
    assert sol.reasons[104] == (
        "1 eligible, all on another shift that week or within the minimum gap"
    )


def test_gap_rule_lets_shifts_exactly_gap_plus_one_apart():
    slots = weekly_slots(5)
    people = [PersonSpec(1, "Dublin", target_min=0, target_max=5)]
    sol = solve(Problem(slots, people, everyone(people, slots), {P: 3}))
    # weeks 0 and 4 are fine (3 clear weeks between them); w and w+3 never are
    assert sol.assignment == {100: 1, 101: None, 102: None, 103: None, 104: 1}


def test_one_rotation_per_person_per_week():
    slots = weekly_slots(2, P, 100) + weekly_slots(2, L2, 200)
    people = [PersonSpec(1, "Dublin", target_min=0, target_max=9)]
    sol = solve(Problem(slots, people, everyone(people, slots), {P: 0, L2: 0}))
    weeks = Counter(s.week for s in slots if sol.assignment[s.key] == 1)
    assert weeks == {0: 1, 1: 1}
    assert len(sol.uncovered) == 2
    assert (
        hard_rule_violations(Problem(slots, people, everyone(people, slots), {}), sol.assignment)
        == []
    )


def test_fixed_shifts_are_untouched_and_occupy_their_week_and_gap():
    # person 1 holds a published Primary week 1 (even though no longer eligible)
    slots = [
        SlotSpec(100, P, 0, WEEK_MINUTES),
        SlotSpec(101, P, 1, WEEK_MINUTES, fixed=1),
        SlotSpec(102, P, 2, WEEK_MINUTES),
        SlotSpec(201, L2, 1, WEEK_MINUTES),
        SlotSpec(103, P, 3, WEEK_MINUTES, fixed=99),  # an alumnus, not among the people
    ]
    people = [PersonSpec(1, "Dublin", target_min=0, target_max=9)]
    eligible = {(1, 100), (1, 102), (1, 201)}
    sol = solve(Problem(slots, people, eligible, {P: 1, L2: 0}))
    assert sol.assignment[101] == 1 and sol.assignment[103] == 99
    # weeks 0 and 2 are within the Primary gap of week 1; L2 week 1 is the same week
    assert sol.assignment[100] is None and sol.assignment[102] is None
    assert sol.assignment[201] is None
    assert sol.uncovered == [100, 201, 102]
    assert coverage_score(sol.assignment) == pytest.approx(2 / 5)


def test_bad_input_is_refused():
    slots = weekly_slots(1)
    with pytest.raises(ValueError, match="unknown person"):
        solve(Problem(slots, [], {(7, 100)}, {P: 0}))
    with pytest.raises(ValueError, match="unknown slot"):
        solve(Problem(slots, [PersonSpec(7, "Dublin")], {(7, 999)}, {P: 0}))
    with pytest.raises(ValueError, match="duplicate slot"):
        solve(Problem(slots + slots, [], set(), {P: 0}))


# ------------------------------------------------------------------------- soft tiers


def test_fair_split_four_people_eight_slots():
    slots = weekly_slots(8)
    people = [PersonSpec(k, "Dublin") for k in (1, 2, 3, 4)]
    problem = Problem(slots, people, everyone(people, slots), {P: 1})
    assert fair_shares(problem) == {(k, P): 2.0 for k in (1, 2, 3, 4)}
    sol = solve(problem)
    assert sol.optimal
    assert counts(sol.assignment) == {1: 2, 2: 2, 3: 2, 4: 2}
    assert hard_rule_violations(problem, sol.assignment) == []


def test_fair_share_is_proportional_to_eligible_weeks():
    slots = weekly_slots(6)
    people = [PersonSpec(1, "Dublin", 0, 6), PersonSpec(2, "Dublin", 0, 6)]  # no target
    eligible = {(1, s.key) for s in slots} | {(2, s.key) for s in slots[:3]}
    shares = fair_shares(Problem(slots, people, eligible, {P: 0}))
    assert shares == {(1, P): 4.0, (2, P): 2.0}
    sol = solve(Problem(slots, people, eligible, {P: 0}))
    assert counts(sol.assignment) == {1: 4, 2: 2}


def test_coverage_comes_before_fairness():
    # person 2 is eligible only in week 0; person 1 must do the rest
    slots = weekly_slots(3)
    people = [PersonSpec(1, "Dublin"), PersonSpec(2, "Dublin")]
    eligible = {(1, 100), (1, 101), (1, 102), (2, 100)}
    sol = solve(Problem(slots, people, eligible, {P: 0}))
    assert sol.uncovered == []
    assert counts(sol.assignment) == {1: 2, 2: 1}


def test_tour_target_counts_shifts_already_held():
    # shares are 2 each; person 1 already has 3 of a 3-4 target, person 2 has none:
    # one shift for 1 and three for 2 minimise |share| deviation + 2 x target deviation
    slots = weekly_slots(4)
    people = [PersonSpec(1, "Dublin", already=3), PersonSpec(2, "Dublin")]
    sol = solve(Problem(slots, people, everyone(people, slots), {P: 0}))
    assert counts(sol.assignment) == {1: 1, 2: 3}
    assert sol.tiers["target_deviation"] == 0
    assert sol.tiers["fair_share_deviation"] == 2


def test_sites_are_balanced_when_fairness_ties():
    # shares are 1.5 each, so two people get two shifts: one per site
    slots = weekly_slots(6)
    people = [
        PersonSpec(1, "Dublin"),
        PersonSpec(2, "Dublin"),
        PersonSpec(3, "London"),
        PersonSpec(4, "London"),
    ]
    sol = solve(Problem(slots, people, everyone(people, slots), {P: 0}))
    c = counts(sol.assignment)
    assert c[1] + c[2] == 3 and c[3] + c[4] == 3
    assert sorted(c.values()) == [1, 1, 2, 2]
    assert sol.tiers["site_deviation"] == 0


def test_public_holiday_weeks_are_spread_even_against_the_previous_draft():
    slots = [
        SlotSpec(
            100 + w,
            P,
            w,
            WEEK_MINUTES + (540 if w < 2 else 0),
            holiday_week=w < 2,
            previous=1 if w < 2 else 2,
        )
        for w in range(4)
    ]
    people = [PersonSpec(1, "Dublin"), PersonSpec(2, "Dublin")]
    sol = solve(Problem(slots, people, everyone(people, slots), {P: 0}))
    assert {sol.assignment[100], sol.assignment[101]} == {1, 2}
    assert counts(sol.assignment) == {1: 2, 2: 2}
    assert sol.tiers["holiday_excess"] == 0
    assert sol.tiers["changes"] == 2  # one holiday week and one ordinary week swap


def test_resolving_after_a_withdrawal_moves_only_the_slots_that_must_move():
    # engineers 1-4 share 8 Primary weeks (2 each); leaders 5-6 alternate on L2
    primary, l2 = weekly_slots(8, P, 100), weekly_slots(8, L2, 200)
    engineers = [PersonSpec(k, "Dublin" if k % 2 else "London") for k in (1, 2, 3, 4)]
    leaders = [PersonSpec(5, "Dublin", 4, 4), PersonSpec(6, "London", 4, 4)]
    eligible = everyone(engineers, primary) | everyone(leaders, l2)
    problem = Problem(primary + l2, engineers + leaders, eligible, {P: 0, L2: 1})
    first = solve(problem)
    assert first.optimal and first.uncovered == []
    assert counts(first.assignment) == {1: 2, 2: 2, 3: 2, 4: 2, 5: 4, 6: 4}

    drafted = [
        SlotSpec(s.key, s.rotation, s.week, s.ooh_minutes, previous=first.assignment[s.key])
        for s in problem.slots
    ]
    # nothing changed: the draft stays exactly as it is
    same = solve(Problem(drafted, problem.people, eligible, problem.min_gap_weeks))
    assert same.assignment == first.assignment and same.tiers["changes"] == 0

    # engineer 3 withdraws: their two weeks go to two of the others (3, 3, 2),
    # and nothing else moves
    must_move = {k for k, v in first.assignment.items() if v == 3}
    without_3 = {(p, s) for p, s in eligible if p != 3}
    again = solve(Problem(drafted, problem.people, without_3, problem.min_gap_weeks))
    moved = {k for k in first.assignment if again.assignment[k] != first.assignment[k]}
    assert moved == must_move
    assert again.uncovered == [] and again.tiers["changes"] == 2
    assert sorted(counts(again.assignment).values()) == [2, 3, 3, 4, 4]


def test_solving_prints_nothing(capfd):
    slots = weekly_slots(2)
    people = [PersonSpec(1, "Dublin"), PersonSpec(2, "London")]
    solve(Problem(slots, people, everyone(people, slots), {P: 0}))
    out, _ = capfd.readouterr()
    assert out == ""


# ----------------------------------------------------------------------- scores by hand


def test_balance_score_examples():
    assert balance_score({1: 10, 2: 10}) == 1.0
    assert balance_score({1: 10, 2: 5}) == 0.5
    # pairs: 5/10 = 0.5, 0/10 = 0, 0/5 = 0 -> 0.5 / 3
    assert balance_score({1: 10, 2: 5, 3: 0}) == pytest.approx(0.5 / 3)
    # pairs: 6/12, 8/12, 6/8 -> (0.5 + 0.6667 + 0.75) / 3
    assert balance_score({1: 12, 2: 6, 3: 8}) == pytest.approx((0.5 + 2 / 3 + 0.75) / 3)
    assert balance_score({1: 0, 2: 0}) == 1.0
    assert balance_score({1: 40}) == 1.0
    assert balance_score({}) == 1.0
    # normalised by tour overlap: 5 h over half the period is as much as 10 h over all
    assert balance_score({1: 10, 2: 5}, {1: 1.0, 2: 0.5}) == 1.0
    # 12 / 1 vs 3 / 0.5 = 6 -> 0.5; a person without overlap is left out
    assert balance_score({1: 12, 2: 3, 3: 7}, {1: 1.0, 2: 0.5, 3: 0}) == 0.5


def test_coverage_score_examples():
    assert coverage_score({1: 5, 2: None, 3: 7, 4: None}) == 0.5
    assert coverage_score({1: 5}) == 1.0
    assert coverage_score({}) == 1.0


# --------------------------------------------------------------------- random instances


@st.composite
def problems(draw, weeks=(1, 4), n_people=(1, 4)) -> Problem:
    weeks = draw(st.integers(*weeks))
    rotations = draw(st.sampled_from([[P], [P, L2]]))
    n_people = draw(st.integers(*n_people))
    people = [
        PersonSpec(
            key=k,
            site=draw(st.sampled_from(["Dublin", "London"])),
            target_min=(lo := draw(st.integers(0, 2))),
            target_max=lo + draw(st.integers(0, 2)),
            already=draw(st.integers(0, 2)),
        )
        for k in range(1, n_people + 1)
    ]
    keys = [p.key for p in people]
    slots = []
    for w in range(weeks):
        for i, r in enumerate(rotations):
            fixed = draw(st.one_of(st.none(), st.none(), st.sampled_from([*keys, 99])))
            slots.append(
                SlotSpec(
                    key=100 * (i + 1) + w,
                    rotation=r,
                    week=w,
                    ooh_minutes=WEEK_MINUTES,
                    holiday_week=draw(st.booleans()),
                    fixed=fixed,
                    previous=draw(st.one_of(st.none(), st.sampled_from(keys))),
                )
            )
    pairs = [(p, s.key) for p in keys for s in slots]
    # each pair allowed with probability 3/4
    chosen = draw(st.lists(st.integers(0, 3), min_size=len(pairs), max_size=len(pairs)))
    eligible = {pair for pair, keep in zip(pairs, chosen, strict=True) if keep}
    gaps = {r: draw(st.integers(0, 2)) for r in rotations}
    history = {}
    for p in keys:
        for r in rotations:
            if draw(st.booleans()):
                history[(p, r)] = [draw(st.integers(-3, -1))]
    return Problem(slots, people, eligible, gaps, history)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def inherent(problem: Problem) -> set[str]:
    """Hard-rule breaches among the fixed shifts and history alone."""
    return set(hard_rule_violations(problem, {s.key: s.fixed for s in problem.slots}))


@FAST
@given(problems())
def test_random_instances_never_break_a_hard_rule_and_are_deterministic(problem):
    first = solve(problem)
    assert first.optimal, first.status
    # fixed shifts may clash among themselves (input); the solver adds no clash
    assert set(hard_rule_violations(problem, first.assignment)) <= inherent(problem)
    assert set(first.assignment) == {s.key for s in problem.slots}
    assert first.uncovered == [k for k, v in first.assignment.items() if v is None]
    again = solve(
        Problem(
            list(reversed(problem.slots)),
            list(reversed(problem.people)),
            set(problem.eligible),
            dict(problem.min_gap_weeks),
            dict(problem.history),
        )
    )
    assert again.assignment == first.assignment
    assert again.tiers == first.tiers


def lexicographic_tiers(problem: Problem, assignment: dict[int, int | None]) -> tuple:
    """The five tiers computed from their definitions (independently of the model)."""
    shares = fair_shares(problem)
    free = [s for s in problem.slots if s.fixed is None]
    uncovered = sum(1 for s in free if assignment[s.key] is None)
    new = Counter((assignment[s.key], s.rotation) for s in free if assignment[s.key] is not None)
    fixed = Counter(s.fixed for s in problem.slots if s.fixed is not None)
    rotations = sorted({s.rotation for s in problem.slots})
    fixed_in = Counter((s.fixed, s.rotation) for s in problem.slots if s.fixed is not None)
    fair = sum(
        abs(
            SHARE_GRID * (new[(p.key, r)] + fixed_in[(p.key, r)])
            - round(SHARE_GRID * shares[(p.key, r)])
        )
        for p in problem.people
        for r in rotations
    )
    target = 0
    for p in problem.people:
        total = p.already + fixed[p.key] + sum(new[(p.key, r)] for r in rotations)
        target += max(0, p.target_min - total) + max(0, total - p.target_max)
    site = 0
    for r in rotations:
        for name in sorted({p.site for p in problem.people}):
            members = [p.key for p in problem.people if p.site == name]
            share = sum(round(SHARE_GRID * shares[(k, r)]) for k in members)
            held = sum(new[(k, r)] + fixed_in[(k, r)] for k in members)
            site += abs(SHARE_GRID * held - share)
    holidays = Counter(assignment[s.key] for s in problem.slots if s.holiday_week)
    holiday = sum(max(0, holidays[p.key] - 1) for p in problem.people)
    changes = sum(1 for s in free if s.previous is not None and assignment[s.key] != s.previous)
    return uncovered, fair + TARGET_WEIGHT * SHARE_GRID * target, site, holiday, changes


def all_feasible(problem: Problem):
    """Every assignment that keeps the hard rules (backtracking over free slots)."""
    slots = sorted(problem.slots, key=lambda s: (s.week, s.rotation, s.key))
    free = [s for s in slots if s.fixed is None]
    base = {s.key: s.fixed for s in slots}
    allowed = inherent(problem)

    def extend(i: int, assignment: dict[int, int | None]):
        if i == len(free):
            yield dict(assignment)
            return
        slot = free[i]
        for who in [None] + sorted(p for p, k in problem.eligible if k == slot.key):
            assignment[slot.key] = who
            if who is None or set(hard_rule_violations(problem, assignment)) <= allowed:
                yield from extend(i + 1, assignment)
        assignment[slot.key] = None

    yield from extend(0, {**base, **{s.key: None for s in free}})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(weeks=(2, 3), n_people=(2, 3)))
def test_random_small_instances_reach_the_lexicographic_optimum(problem):
    # the same problem, with site balance over every site (as the definitions say)
    best = min(lexicographic_tiers(problem, a) for a in all_feasible(problem))
    sol = solve(problem)
    assert lexicographic_tiers(problem, sol.assignment) == best


def test_site_balance_is_optimal_when_a_fixed_shift_is_held_by_someone_ineligible() -> None:
    # Found by hypothesis: person 1 (London) holds a fixed Primary shift but may only
    # take Escalation L2 slots. Stage B used to return stage A's answer (site deviation
    # 2.27 shifts) although swapping who covers week 1 gives 1.73 with the same coverage
    # and fairness.
    def slot(key: int, rotation: str, week: int, fixed: int | None = None) -> SlotSpec:
        return SlotSpec(key=key, rotation=rotation, week=week, ooh_minutes=7680, fixed=fixed)

    problem = Problem(
        slots=[
            slot(100, "Primary", 0, 1),
            slot(200, "Escalation L2", 0),
            slot(101, "Primary", 1),
            slot(201, "Escalation L2", 1),
        ],
        people=[
            PersonSpec(1, "London", 0, 2),
            PersonSpec(2, "Dublin", 0, 1),
            PersonSpec(3, "London", 1, 2),
        ],
        eligible={
            (1, 200),
            (1, 201),
            (2, 100),
            (2, 101),
            (2, 200),
            (2, 201),
            (3, 100),
            (3, 101),
            (3, 200),
            (3, 201),
        },
        min_gap_weeks={"Primary": 0, "Escalation L2": 0},
    )
    best = min(lexicographic_tiers(problem, a) for a in all_feasible(problem))
    assert lexicographic_tiers(problem, solve(problem).assignment) == best

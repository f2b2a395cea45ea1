"""Benchmark: plan the issue's two instances through the allocation service and print the
solver's time and status.

1. 26 weeks × 2 rotations with 12 volunteers (8 engineers, 4 leaders);
2. 52 weeks × 2 rotations with 40 volunteers (28 engineers, 12 leaders) and 15% random
   unavailability (each volunteer away on a random 15% of the weeks).

Each instance is built in a fresh database (seed sites and rotations; staggered tours that
overlap the horizon), then ``allocation.propose`` runs. "solve" is the HiGHS time reported
by the solver; "propose" the whole service call (reading the database, eligibility, solve,
scoring, reasons for uncovered slots). Then the growth curve: weeks 13/26/52/104 x
volunteers 12/40/240, solve time and whether the solver proved the plan optimal.
Run: ``.venv/bin/python bench/allocation.py [--no-growth]``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.core.db import open_database  # noqa: E402
from planner.core.models.types import utc_now  # noqa: E402
from planner.people import tours, volunteers  # noqa: E402
from planner.rota.allocation import propose  # noqa: E402

START = date(2031, 1, 3)  # far in the future, so nothing is "past"
SITES = ["Dublin", "London", "San Francisco"]


def build(path: Path, weeks: int, engineers: int, leaders: int, away: float, seed: int) -> None:
    rng = random.Random(seed)
    db = open_database(path, create=True)
    with db.transaction() as s:
        for i in range(engineers + leaders):
            role = "engineer" if i < engineers else "leader"
            v = volunteers.create(
                s,
                name=f"Person {i:02d}",
                email=f"p{i:02d}@example.com",
                site=SITES[i % 3],
                role=role,
                status="on_tour",
            )
            # Staggered tours: most cover the whole horizon, some start or end inside it.
            shift_in = rng.choice([0, 0, 0, 4, 8, -8])
            start = START - timedelta(weeks=4) + timedelta(weeks=max(0, shift_in))
            end = START + timedelta(weeks=weeks + 4 + min(0, shift_in))
            tours.create_tour(s, v, start, end, 3, 4 if weeks <= 26 else 8)
            if away:
                for w in range(weeks):
                    if rng.random() < away:
                        day = START + timedelta(weeks=w)
                        volunteers.add_unavailability(
                            s, v, day + timedelta(days=1), day + timedelta(days=3), "away"
                        )
    db.close()


def run(label: str, weeks: int, engineers: int, leaders: int, away: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        build(path, weeks, engineers, leaders, away, seed=7)
        db = open_database(path)
        with db.session() as s:
            t0 = time.perf_counter()
            plan = propose(s, START, weeks, now=utc_now())
            total = time.perf_counter() - t0
        db.close()
    print(
        f"{label:<44} status {plan.status:<8} solve {plan.seconds:6.3f} s   "
        f"propose {total:6.3f} s   {plan.score.text()}, {len(plan.uncovered)} uncovered"
    )


GROWTH_WEEKS = (13, 26, 52, 104)
GROWTH_VOLUNTEERS = (12, 40, 240)


def growth() -> None:
    """Solve time and optimality as the horizon and the team grow (a tenth leaders, 15%
    away). Today's figure to keep: 104 weeks x 240 volunteers optimal in about 3.7 s."""
    print(f"growth curve: weeks {GROWTH_WEEKS} x volunteers {GROWTH_VOLUNTEERS}")
    print(f"{'':>8}" + "".join(f"{n:>14} vol" for n in GROWTH_VOLUNTEERS))
    for weeks in GROWTH_WEEKS:
        cells = []
        for people in GROWTH_VOLUNTEERS:
            leaders = max(2, people // 10)
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "bench.db"
                build(path, weeks, people - leaders, leaders, 0.15, seed=7)
                db = open_database(path)
                with db.session() as s:
                    plan = propose(s, START, weeks, now=utc_now())
                db.close()
            cells.append(f"{plan.seconds:7.2f} s {plan.status[:7]:<7}")
        print(f"{weeks:>4} wks" + "".join(f"{c:>18}" for c in cells), flush=True)


def main() -> None:
    run("26 weeks x 2 rotations, 12 volunteers", 26, 8, 4, 0.0)
    run("52 weeks x 2 rotations, 40 volunteers, 15% away", 52, 28, 12, 0.15)
    if "--no-growth" not in sys.argv:
        growth()


if __name__ == "__main__":
    main()

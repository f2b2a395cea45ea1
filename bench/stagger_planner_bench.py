"""How long the tour planner takes for a growing waiting list. Prints figures; not a test.

Run: .venv/bin/python bench/stagger_planner_bench.py
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from planner.core.db import open_database
from planner.people import stagger, volunteers

TODAY = date(2026, 11, 26)


def run(waiting: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.db", create=True)
        with db.transaction() as session:
            for n in range(waiting):
                v = volunteers.create(
                    session,
                    name=f"Volunteer {n}",
                    email=f"v{n}@example.com",
                    site=("Dublin", "London", "San Francisco")[n % 3],
                    role="leader" if n % 4 == 0 else "engineer",
                    available_from=TODAY + timedelta(days=7 * (n % 10)),
                )
                volunteers.change_status(session, v, "approved", TODAY)
        with db.session() as session:
            started = time.perf_counter()
            plan = stagger.propose(session, TODAY)
            seconds = time.perf_counter() - started
        db.close()
    return seconds, len(plan.proposals), len(plan.unplaced)


if __name__ == "__main__":
    print("waiting  seconds  proposed  unplaced")
    for waiting in (10, 20, 40):
        seconds, proposed, unplaced = run(waiting)
        print(f"{waiting:7d}  {seconds:7.2f}  {proposed:8d}  {unplaced:8d}")

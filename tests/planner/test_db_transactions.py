"""Write transactions run one after the other: what one reads cannot change under it."""

from __future__ import annotations

import threading
import time

from sqlmodel import select

from planner.core.db import open_database
from planner.core.models import Setting


def test_a_second_writer_waits_for_the_first_and_sees_its_change(db) -> None:
    other = open_database(db.path)
    seen: list[str] = []
    first_has_lock = threading.Event()

    def second_writer() -> None:
        first_has_lock.wait(5)
        with other.transaction() as s:  # blocks until the first transaction commits
            row = s.get(Setting, "counter")
            seen.append(row.value if row else "missing")
            row.value = str(int(row.value) + 1)
            s.add(row)

    thread = threading.Thread(target=second_writer)
    thread.start()
    with db.transaction() as s:
        first_has_lock.set()
        time.sleep(0.3)  # the second writer is now waiting for the lock
        s.add(Setting(key="counter", value="1"))
    thread.join(10)
    other.close()
    assert seen == ["1"]
    with db.session() as s:
        assert s.exec(select(Setting.value).where(Setting.key == "counter")).one() == "2"


def test_a_failed_transaction_leaves_nothing_behind(db) -> None:
    try:
        with db.transaction() as s:
            s.add(Setting(key="half", value="1"))
            s.flush()
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.session() as s:
        assert s.get(Setting, "half") is None

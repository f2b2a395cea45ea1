"""The crash campaign: a real ``planner`` process killed (SIGKILL) at a random moment, again
and again; after each kill the database passes ``PRAGMA integrity_check`` and holds either
everything the command meant to write or nothing of it.

By default each command is killed twice (fast enough for CI). A longer campaign:
``PLANNER_CRASH_RUNS=50 pytest tests/faults/test_crash.py`` (or ``--crash-runs 50``).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


@pytest.fixture
def runs(request: pytest.FixtureRequest) -> int:
    option = request.config.getoption("--crash-runs", default=None)
    return int(option or os.environ.get("PLANNER_CRASH_RUNS", "2"))


def _start(db: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "planner", "--db", str(db), *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )


def _run(db: Path, *args: str) -> float:
    """Run to the end; returns how long it took."""
    began = time.monotonic()
    done = _start(db, *args)
    _out, err = done.communicate(timeout=600)
    assert done.returncode == 0, err.decode()[-2000:]
    return time.monotonic() - began


def _kill_after(db: Path, delay: float, *args: str) -> None:
    proc = _start(db, *args)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _integrity(db: Path) -> None:
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]


def _digest(db: Path, sql: str) -> str:
    return hashlib.sha256(repr(_query(db, sql)).encode()).hexdigest()


def _campaign(
    runs: int,
    duration: float,
    prepare: Callable[[int], Path],
    kill: Callable[[Path, float], None],
    check: Callable[[Path], None],
) -> None:
    rng = random.Random(int(os.environ.get("PLANNER_CRASH_SEED", "0")) or None)
    for n in range(runs):
        db = prepare(n)
        kill(db, rng.uniform(0.05, duration * 1.1))
        check(db)


def test_demo_killed_leaves_nothing_or_everything(tmp_path: Path, runs: int) -> None:
    reference = tmp_path / "reference.db"
    duration = _run(reference, "demo")
    full = _query(reference, "SELECT count(*) FROM volunteer")[0][0]

    def prepare(n: int) -> Path:
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        return folder / "planner.db"

    def check(db: Path) -> None:
        if db.exists():
            _integrity(db)
            assert _query(db, "PRAGMA application_id")[0][0] != 0
            assert _query(db, "SELECT count(*) FROM volunteer")[0][0] in (0, full)
        _run(db, "init")  # the next command works, and clears what the kill left
        assert sorted(p.name for p in db.parent.iterdir()) == ["planner.db"]

    _campaign(runs, duration, prepare, lambda db, d: _kill_after(db, d, "demo"), check)


SHIFTS = "SELECT id, rotation_id, slot_start, volunteer_id, state FROM shift ORDER BY id"


def test_plan_104_weeks_killed_is_all_or_nothing(
    tmp_path: Path, _demo_template: Path, runs: int
) -> None:
    args = ("plan", "--from", "2026-12-04", "--weeks", "104")
    reference = tmp_path / "reference.db"
    shutil.copy(_demo_template, reference)
    before = _digest(reference, SHIFTS)
    duration = _run(reference, *args)
    after = _digest(reference, SHIFTS)

    def prepare(n: int) -> Path:
        db = tmp_path / f"run{n}.db"
        shutil.copy(_demo_template, db)
        return db

    def check(db: Path) -> None:
        _integrity(db)
        assert _digest(db, SHIFTS) in (before, after)

    _campaign(runs, duration, prepare, lambda db, d: _kill_after(db, d, *args), check)


VOLUNTEERS = "SELECT email, name, status FROM volunteer ORDER BY email"


def test_import_volunteers_killed_is_all_or_nothing(
    tmp_path: Path, _demo_template: Path, runs: int
) -> None:
    sample = tmp_path / "intake.csv"
    sample.write_text(
        "Name,Email,Office,Role,Team,Unavailable\n"
        + "".join(
            f"Crash Person {n},crash{n}@example.com,{('Dublin', 'London')[n % 2]},engineer,"
            f"Team {n % 5},2027-02-01..2027-02-14\n"
            for n in range(200)
        ),
        encoding="utf-8",
    )
    reference = tmp_path / "reference.db"
    shutil.copy(_demo_template, reference)
    before = _digest(reference, VOLUNTEERS)
    duration = _run(reference, "import-volunteers", str(sample))
    after = _digest(reference, VOLUNTEERS)
    assert after != before

    def prepare(n: int) -> Path:
        db = tmp_path / f"run{n}.db"
        shutil.copy(_demo_template, db)
        return db

    def check(db: Path) -> None:
        _integrity(db)
        assert _digest(db, VOLUNTEERS) in (before, after)

    _campaign(
        runs,
        duration,
        prepare,
        lambda db, d: _kill_after(db, d, "import-volunteers", str(sample)),
        check,
    )


def test_payroll_close_killed_never_leaves_a_closed_workbook_for_a_draft_run(
    tmp_path: Path, _demo_template: Path, runs: int
) -> None:
    month = "2026-10"
    reference = tmp_path / "reference.db"
    shutil.copy(_demo_template, reference)
    args = ("payroll", "--month", month, "--close", "-o")
    duration = _run(reference, *args, str(tmp_path / "reference.xlsx"))

    def prepare(n: int) -> Path:
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        shutil.copy(_demo_template, folder / "planner.db")
        return folder / "planner.db"

    def check(db: Path) -> None:
        _integrity(db)
        (state,) = _query(db, f"SELECT state FROM pay_run WHERE month = '{month}'")[0]
        workbook = db.parent / "pay.xlsx"
        assert state in ("draft", "closed")
        if workbook.exists():
            about = openpyxl.load_workbook(workbook)["About"]
            said = {r[0]: r[1] for r in about.iter_rows(values_only=True) if r and r[0]}
            assert said["State"] == "closed" and state == "closed"
        others = [p.name for p in db.parent.iterdir() if "xlsx" in p.name]
        assert others in ([], ["pay.xlsx"]) or all(p.endswith(".partial") for p in others)

    _campaign(
        runs,
        duration,
        prepare,
        lambda db, d: _kill_after(db, d, *args, str(db.parent / "pay.xlsx")),
        check,
    )

"""What the benchmarks share: the large database (bench/payroll.py's builder, cached per
size), a child-process environment like an installed app's, medians, and the machine.

Child processes run with bytecode caching on (``PYTHONPYCACHEPREFIX`` in a temporary
folder), as an installed app has its ``.pyc`` files: a checkout run with
``PYTHONDONTWRITEBYTECODE`` would otherwise recompile every planner module on each start.
"""

from __future__ import annotations

import atexit
import os
import platform
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "planner-bench"
FIRST_DAY = date(2020, 1, 1)  # the seed fees are in force from 2020-01-01
# Bumped when the builder changes, so a database cached by an older builder is not reused
# (2: an audit log of 2,000 entries a year).
BUILDER = 2


def add_size_options(parser) -> None:  # type: ignore[no-untyped-def]
    parser.add_argument("--volunteers", type=int, default=300, help="default 300")
    parser.add_argument("--years", type=int, default=10, help="default 10")


def large_database(volunteers: int = 300, years: int = 10) -> Path:
    """A fresh copy of the large database (built once per size, then copied)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    built = CACHE / f"large-{volunteers}x{years}-b{BUILDER}.db"
    if not built.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        sys.path.insert(0, str(ROOT))
        from payroll import build_database

        partial = built.with_suffix(".partial")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        build_database(partial, volunteers, years, FIRST_DAY)
        import sqlite3

        with sqlite3.connect(partial) as conn:  # fold the WAL in: one file to copy
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        partial.replace(built)
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy = folder / "large.db"
    shutil.copyfile(built, copy)
    return copy


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(CACHE / "config")  # no saved window state or last screen
    env.pop("PLANNER_DB", None)
    # this checkout's code, whichever checkout the virtual environment was installed from
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or platform.machine()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average {load:.2f} at the start"
    )


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER TARGET"

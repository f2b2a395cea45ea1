"""Benchmark: the command line's start-up, against the interpreter's own.

``planner --version`` against ``python -c pass`` (target ≤ 3×), and a read command,
``planner volunteers --format json`` on the large database, against ``python -c pass``
(target ≤ 18×; the yardstick ``python -c "import sqlmodel"`` is printed beside it).
Also ``print-rota --months 12`` as a whole process (target ≤ 0.5 s). Medians of 9 runs,
interleaved. Prints figures; asserts nothing.

    .venv/bin/python bench/cli.py [--runs 9] [--volunteers 300] [--years 10]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

VERSION_TARGET, READ_TARGET, PRINT_TARGET = 3.0, 18.0, 0.5


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=common.ROOT, env=common.child_env(), capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{result.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    common.add_size_options(parser)
    args = parser.parse_args()
    print(f"machine: {common.machine()}")
    db = common.large_database(args.volunteers, args.years)
    print(f"database: {args.volunteers} volunteers, {args.years} years ({db})")
    py = sys.executable
    # `python -m planner` is the `planner` script's code path (ui.cli.main) without the
    # console-script wrapper, which differs between pip versions.
    planner = [py, "-m", "planner", "--db", str(db)]
    pdf = db.parent / "rota.pdf"  # removed with the database's copy at exit
    commands = {
        "python -c pass": [py, "-c", "pass"],
        'python -c "import sqlmodel"': [py, "-c", "import sqlmodel"],
        "planner --version": [py, "-m", "planner", "--version"],
        "planner volunteers --format json": [*planner, "volunteers", "--format", "json"],
        "planner print-rota --months 12": [
            *planner,
            "print-rota",
            "--from",
            "2026-01",
            "--months",
            "12",
            "-o",
            str(pdf),
        ],
    }
    for argv in commands.values():  # warm-up: bytecode cache, file cache
        timed(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(timed(argv))
    med = {name: common.median(values) for name, values in times.items()}
    base = med["python -c pass"]
    print(f"(medians of {args.runs} runs)")
    for name, value in med.items():
        line = f"{name:<36} {value:6.3f} s  {value / base:5.1f}x python -c pass"
        if name == "planner --version":
            line += (
                f"  (target <= {VERSION_TARGET}x) {common.verdict(value / base, VERSION_TARGET)}"
            )
        elif name.startswith("planner volunteers"):
            line += f"  (target <= {READ_TARGET}x) {common.verdict(value / base, READ_TARGET)}"
        elif name.startswith("planner print-rota"):
            line += f"  (target <= {PRINT_TARGET} s) {common.verdict(value, PRINT_TARGET)}"
        print(line)


if __name__ == "__main__":
    main()

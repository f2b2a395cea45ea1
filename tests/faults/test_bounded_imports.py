"""Imports are bounded: a hostile .xlsx or .csv is refused with one sentence, quickly and in
little memory, and nothing is written."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.db import Database
from tests.faults import hostile
from tests.ui.cli.conftest import digest

ROOT = Path(__file__).resolve().parents[2]


def _run_capped(db_path: Path, file: Path) -> subprocess.CompletedProcess[str]:
    """``planner import-volunteers`` in a process limited to 1 GB of address space."""

    def cap() -> None:
        limit = 1024 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "planner", "--db", str(db_path), "import-volunteers", str(file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=cap,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize("maker", [hostile.make_huge_dimension_xlsx, hostile.make_many_rows_xlsx])
def test_an_xlsx_past_the_limits_is_refused_in_little_memory(
    db: Database, db_path: Path, tmp_path: Path, maker
) -> None:  # type: ignore[no-untyped-def]
    db.close()
    file = maker(tmp_path / "intake.xlsx")
    before = digest(db_path)
    done = _run_capped(db_path, file)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "intake.xlsx" in done.stderr and "at most" in done.stderr
    assert digest(db_path) == before


def test_a_declared_range_is_named_in_the_message(cli, db: Database, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db.close()
    file = hostile.make_huge_dimension_xlsx(tmp_path / "intake.xlsx")
    result = cli("--db", db_path, "import-volunteers", file)
    assert result.code == 2
    assert "A1:XFD1048576" in result.err


def test_a_csv_field_over_128_kb_is_one_sentence(cli, db: Database, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db.close()
    file = hostile.make_long_field_csv(tmp_path / "intake.csv")
    before = digest(db_path)
    result = cli("--db", db_path, "import-volunteers", file)
    assert result.code == 2
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert "line 2" in result.err and "128 KB" in result.err
    assert digest(db_path) == before


def test_a_pages_csv_field_over_128_kb_is_one_sentence(
    cli, db: Database, db_path, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db.close()
    file = tmp_path / "pages.csv"
    file.write_text(
        "At,Responder,Minutes,Summary,Link\n"
        f'2026-01-01T02:00:00+00:00,a@example.com,5,"{"x" * 200_000}",\n'
    )
    result = cli("--db", db_path, "import-pages", file)
    assert result.code == 2
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1

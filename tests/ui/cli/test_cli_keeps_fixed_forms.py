"""The command line prints ISO days and the fixed forms whatever the user's locale: the
app's screens and printed report follow it, `planner audit` and `planner report` do not."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale


@pytest.fixture
def german() -> Iterator[None]:
    """The desktop's locale is German while the command runs (then C again)."""
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(QLocale.c())


def test_planner_audit_prints_the_same_in_any_locale(cli, demo_db, german) -> None:  # type: ignore[no-untyped-def]
    german_out = cli("--db", demo_db.path, "audit", "--entity", "tour")
    QLocale.setDefault(QLocale.c())
    fixed = cli("--db", demo_db.path, "audit", "--entity", "tour")
    assert german_out.code == fixed.code == 0
    assert german_out.out == fixed.out
    assert re.search(r"First day: \d{4}-\d{2}-\d{2}", fixed.out)  # ISO days


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def masked(raw: str) -> str:
    """A PDF's text with the time it was printed masked (it differs from run to run)."""
    return re.sub(r"printed \d{4}-\d{2}-\d{2} \d{2}:\d{2}", "printed …", raw)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_planner_report_prints_the_same_in_any_locale(cli, demo_db, german, tmp_path) -> None:  # type: ignore[no-untyped-def]
    in_german, in_c = tmp_path / "de.pdf", tmp_path / "c.pdf"
    assert cli("--db", demo_db.path, "report", "--month", "2026-10", "-o", in_german).code == 0
    QLocale.setDefault(QLocale.c())
    assert cli("--db", demo_db.path, "report", "--month", "2026-10", "-o", in_c).code == 0
    fixed = masked(_pdf_text(in_c))
    assert masked(_pdf_text(in_german)) == fixed
    assert "On-call report — October 2026" in fixed
    assert re.search(r"week of 2026-\d{2}-\d{2}", fixed)
    assert re.search(r"\b2027-\d{2}\b", fixed)  # a forecast month, ISO


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_planner_print_rota_prints_the_same_in_any_locale(cli, demo_db, german, tmp_path) -> None:  # type: ignore[no-untyped-def]
    in_german, in_c = tmp_path / "de.pdf", tmp_path / "c.pdf"
    args = ("--db", demo_db.path, "print-rota", "--from", "2026-11", "--months", "1", "-o")
    assert cli(*args, in_german).code == 0
    QLocale.setDefault(QLocale.c())
    assert cli(*args, in_c).code == 0
    raw = _pdf_text(in_c)
    assert masked(_pdf_text(in_german)) == masked(raw)
    assert "Monday" in raw and "On-call rota — November 2026" in raw
    # printed when, in the home site's time with its zone named, never the computer's clock
    # (the GUI tests run again with the computer in San Francisco)
    home_day = datetime.now(ZoneInfo("Europe/Dublin")).date()
    assert re.search(rf"printed {home_day.isoformat()} \d{{2}}:\d{{2}} (GMT|IST)\b", raw), raw

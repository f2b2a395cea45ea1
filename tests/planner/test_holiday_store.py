"""Public-holiday tables kept between runs: the same table as the package's, no package
import once stored, and a damaged file only means the table is built again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest

from planner.core import holiday_store
from planner.core.out_of_hours import HomeCalendar

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, sys
from datetime import date
from planner.core.out_of_hours import HomeCalendar

cal = HomeCalendar("Europe/London", "GB", "ENG")
names = {d.isoformat(): cal.holiday_name(d) for d in cal.holidays_between(date(2026, 1, 1), date(2027, 1, 1))}
print(json.dumps({"names": names, "imported": "holidays" in sys.modules}))
"""


def _run(cache: Path) -> dict[str, object]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    report: dict[str, object] = json.loads(out.stdout)
    return report


def _package_table(country: str, subdivision: str | None, year: int) -> dict[str, str]:
    table = holidays.country_holidays(country, subdiv=subdivision, years=[year - 1, year, year + 1])
    return {d.isoformat(): n for d, n in sorted(table.items()) if d.year == year}


def test_a_later_run_reads_the_stored_table_without_the_package(tmp_path: Path) -> None:
    first, second = _run(tmp_path), _run(tmp_path)
    assert first["imported"] is True and second["imported"] is False
    assert first["names"] == second["names"] == _package_table("GB", "ENG", 2026)


def test_a_damaged_file_is_built_again(tmp_path: Path) -> None:
    _run(tmp_path)
    (stored,) = tmp_path.glob("*/holidays-*.json")
    stored.write_text('{"GB/ENG/2026": {"2026-01-01": ', encoding="utf-8")
    again = _run(tmp_path)
    assert again["imported"] is True
    assert again["names"] == _package_table("GB", "ENG", 2026)
    json.loads(stored.read_text(encoding="utf-8"))  # written whole again


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(holiday_store, "_tables", None)
    holiday_store.store("IE", None, 2040, {date(2040, 1, 1): "New Year's Day"})  # no error
    assert holiday_store.lookup("IE", None, 2030) is None
    assert HomeCalendar("Europe/Dublin").holiday_name(date(2031, 3, 17)) == "Saint Patrick's Day"

"""Qt sets the C library's locale from the desktop's when the app's QApplication (or the
print commands' QGuiApplication) is made; the app puts the time names back to C's, so the
day and month names Python takes from the C library stay English in the desktop app as on
the command line (tests/planner/test_fixed_names.py: the files that used them)."""

from __future__ import annotations

import locale
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import calendar, sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(["planner"])
print(calendar.day_name[4], calendar.month_name[12])
from ui.c_locale import keep_time_names_fixed
keep_time_names_fixed()
print(calendar.day_name[4], calendar.month_name[12])
"""


def test_the_app_keeps_the_c_librarys_time_names_english_under_a_german_desktop() -> None:
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("the de_DE.UTF-8 locale is not installed")
    finally:
        locale.setlocale(locale.LC_TIME, before)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "de_DE.UTF-8",
        "LC_ALL": "de_DE.UTF-8",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    qt_set, kept = done.stdout.splitlines()
    assert qt_set == "Freitag Dezember"  # what Qt's start did to the C library's names
    assert kept == "Friday December"

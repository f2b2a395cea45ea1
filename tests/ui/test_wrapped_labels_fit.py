"""At 200 % on a 1920×1080 screen, in English and in German, every word-wrapped label on
every screen and in every dialog shows all its lines: as the window opens, made as small
as it goes, and (in a dialog) with a long line in each of its refusals, errors and effects.

Qt bounds a window by its layout's minimum size, which leaves a wrapped label's
height-for-width out: the Backups, Swap, Fees and proposed-tours dialogs cut their
wrapped lines when made small, the Tours screen's forecast note lost its last line as
opened, and the Settings, volunteer, tour-dates, Assign and Welcome dialogs squeezed a
long refusal into a line or less; Settings' group boxes, asked for height-for-width, still
cut a long refusal at their bottom edge. ``WrappedLabel`` asks for its lines' height at its
width and gives it to layouts as a plain height.

The scale factor is read once per process: tests/ui/label_walk.py walks the app in one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.db import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["C.UTF-8", "de_DE.UTF-8"])
def test_every_wrapped_label_shows_all_its_lines_at_200_percent(
    lang: str, demo_db: Database, tmp_path: Path
) -> None:
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080, "dpr": 1}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": "2",
        "LANG": lang,
        "LC_ALL": lang,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.label_walk", str(demo_db.path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = next(line for line in done.stderr.splitlines() if line.startswith("seen "))
    assert int(seen.split()[1]) >= 19, seen  # every dialog was opened
    assert done.stdout == "", done.stdout

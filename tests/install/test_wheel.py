"""The distribution a user installs: a wheel, in a clean virtual environment, run from
another folder. Its migrations and resources must travel inside it (issue 10: the wheel
used to fail at ``init`` because they were found relative to the source tree)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from datetime import date
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    (built,) = out.glob("oncall_tour_planner-*.whl")
    return built


def test_wheel_carries_migrations_and_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = {n for n in names if n.startswith("planner/_data/alembic/versions/")}
    in_repo = {p.name for p in (ROOT / "alembic" / "versions").glob("*.py")}
    assert {Path(n).name for n in migrations} == in_repo
    assert "planner/_data/alembic/env.py" in names
    assert "planner/_data/resources/samples/volunteer-intake.csv" in names
    icons = {Path(n).name for n in names if n.startswith("planner/_data/resources/icons/")}
    assert icons == {p.name for p in (ROOT / "resources" / "icons").glob("*.svg")}
    assert not any(n.startswith("tests/") for n in names)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with only the wheel installed (no editable checkout).

    Its dependencies come from the running environment's site-packages through a .pth
    line (so the test needs no download); .pth files found there are not processed, so
    the checkout's editable install does not leak in."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [py, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=600,
    )
    return env_dir


def _run(env_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ""}
    env.pop("PLANNER_DB", None)
    return subprocess.run(
        [str(env_dir / "bin" / "planner"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_installed_wheel_runs_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [
            installed / "bin" / "python",
            "-c",
            "import planner, ui; print(planner.__file__, ui.__file__)",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(ROOT) not in where and str(installed) in where

    db = "team.db"
    for args in (("init",), ("demo",)):
        r = _run(installed, tmp_path, "--db", db, *args)
        assert r.returncode == 0, r.stderr
    vols = json.loads(
        _run(installed, tmp_path, "--db", db, "volunteers", "--format", "json").stdout
    )
    assert len(vols) > 10

    last_month = (date.today() - relativedelta(months=1)).strftime("%Y-%m")
    r = _run(installed, tmp_path, "--db", db, "payroll", "--month", last_month, "-o", "pay.xlsx")
    assert r.returncode == 0, r.stderr
    assert zipfile.is_zipfile(tmp_path / "pay.xlsx")

    r = _run(
        installed,
        tmp_path,
        "--db",
        db,
        "print-rota",
        "--from",
        last_month,
        "--months",
        "2",
        "-o",
        "rota.pdf",
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "rota.pdf").read_bytes().startswith(b"%PDF")
    made = {p.name for p in tmp_path.iterdir()} - {"team.db", "team.db-wal", "team.db-shm"}
    assert made == {"pay.xlsx", "rota.pdf"}


ICON_SCRIPT = """
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
import ui.icons
app = QApplication([])
pix = ui.icons.icon("undo").pixmap(QSize(24, 24), 2.0)
print(ui.icons.svg_text.__wrapped__ is not None, pix.width(), pix.isNull())
from planner.core.paths import bundled
print(bundled("resources"))
"""


def test_installed_wheel_draws_its_icons(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ""}
    done = subprocess.run(
        [installed / "bin" / "python", "-c", ICON_SCRIPT],
        cwd=tmp_path, env=env, check=False, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, folder = done.stdout.strip().splitlines()
    assert first == "True 48 False"
    assert str(installed) in folder and str(ROOT) not in folder

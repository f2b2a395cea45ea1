from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from planner.rota.weeks import ensure_slots
from tests.conftest import TODAY
from tests.planner.rota_fixtures import BEFORE, START, freeze_now, person
from ui.cli import main


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self):  # type: ignore[no-untyped-def]
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], qapp: object) -> Callable[..., Result]:
    """Run ``planner ARGS`` in-process; returns exit code, stdout and stderr.

    The session's QApplication first (pytest-qt's ``qapp``): a print command alone makes a
    QGuiApplication, on which the GUI tests run later in this process could build no widget.
    """

    def run(*args: str) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def digest(path: Path) -> str:
    """A database's content (the main file after a checkpoint, and its WAL)."""
    h = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def team_db(db, monkeypatch):  # type: ignore[no-untyped-def]
    """Ann, Bob and Cat on tour, six weeks of empty slots from START, now frozen before."""
    freeze_now(monkeypatch, BEFORE)
    with db.transaction() as s:
        for name in ("Ann", "Bob", "Cat"):
            person(s, name)
        ensure_slots(s, START, 6)
    return db


@pytest.fixture
def demo_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo was built for TODAY: the services see noon of that day as now."""
    freeze_now(monkeypatch, datetime.combine(TODAY, time(12), UTC))

"""Every file is written whole or not at all: a full disk, a device, an unwritable folder
or a failed commit is one sentence and leaves no partial file (PRODUCT.md "Outputs")."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import openpyxl
import pytest

from planner.core.db import Database
from tests.faults.conftest import fill

MONTH = "2026-10"  # a draft pay run of the demo, with pay lines and rest days

OUTPUTS = [
    ("print-rota", ["--from", "2026-10", "--months", "12"], "rota.pdf"),
    ("report", ["--month", "2026-10"], "report.pdf"),
    ("payroll", ["--month", MONTH], "pay.xlsx"),
    ("ics", [], "team.ics"),
    ("backup", [], "copy.db"),
]


def _one_sentence(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(("command", "options", "name"), OUTPUTS)
def test_a_full_disk_is_one_sentence_and_leaves_no_file(
    cli, demo_db: Database, demo_now: None, small_disk: Path, command, options, name
) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    fill(small_disk, leave=2 * 1024)
    before = sorted(p.name for p in small_disk.iterdir())
    result = cli("--db", demo_db.path, command, *options, "-o", small_disk / name)
    assert result.code == 2, result.out
    _one_sentence(result.err)
    assert "full" in result.err and name in result.err
    assert sorted(p.name for p in small_disk.iterdir()) == before  # no partial, no 0 bytes


@pytest.mark.parametrize(("command", "options", "name"), OUTPUTS)
def test_a_device_is_never_written_over(
    cli, demo_db: Database, demo_now: None, command, options, name
) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    device = Path("/dev/full")
    if not device.exists():
        pytest.skip("no /dev/full here")
    result = cli("--db", demo_db.path, command, *options, "-o", device)
    assert result.code == 2
    _one_sentence(result.err)
    assert stat.S_ISCHR(device.stat().st_mode)


@pytest.mark.parametrize(("command", "options", "name"), OUTPUTS)
def test_an_unwritable_folder_is_one_sentence(
    cli, demo_db: Database, demo_now: None, read_only_folder, command, options, name
) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    folder = read_only_folder({"keep.txt": b"x"})
    result = cli("--db", demo_db.path, command, *options, "-o", folder / name)
    assert result.code == 2
    _one_sentence(result.err)
    assert name in result.err
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


def test_ics_whose_commit_fails_keeps_the_old_file_and_says_why(
    cli, demo_db: Database, demo_now: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A nearly full disk: the feed would fit but the database's commit does not."""
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    demo_db.close()
    target = tmp_path / "team.ics"
    target.write_bytes(b"yesterday's feed")

    def full(self: Session) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(Session, "commit", full)
    result = cli("--db", demo_db.path, "ics", "-o", target)
    assert result.code == 2
    _one_sentence(result.err)
    assert "full" in result.err
    assert target.read_bytes() == b"yesterday's feed"
    assert sorted(p.name for p in tmp_path.iterdir() if "ics" in p.name) == ["team.ics"]


def test_payroll_close_interrupted_before_its_commit_leaves_no_closed_workbook(
    cli, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A kill between writing the workbook and the commit: no workbook says "closed" for a
    run that is still a draft."""
    from planner.pay import runs

    demo_db.close()
    real_close = runs.close_run

    def killed(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_close(*args, **kwargs)
        raise KeyboardInterrupt  # the process dies before the commit

    monkeypatch.setattr(runs, "close_run", killed)
    target = tmp_path / "pay.xlsx"
    with pytest.raises(KeyboardInterrupt):
        cli("--db", demo_db.path, "payroll", "--month", MONTH, "-o", target, "--close")
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if "pay.xlsx" in p.name]
    monkeypatch.setattr(runs, "close_run", real_close)
    result = cli("--db", demo_db.path, "pay", "--month", MONTH)
    assert f"{MONTH} (run draft)" in result.out


def test_payroll_close_records_the_checksum_of_the_file_it_wrote(
    cli, demo_db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import hashlib
    import json

    demo_db.close()
    target = tmp_path / "pay.xlsx"
    result = cli("--db", demo_db.path, "payroll", "--month", MONTH, "-o", target, "--close")
    assert result.code == 0, result.err
    about = openpyxl.load_workbook(target)["About"]
    assert [r for r in about.iter_rows(values_only=True) if r[0] == "State"][0][1] == "closed"
    conn = sqlite3.connect(demo_db.path)
    (detail,) = conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'payroll workbook written'"
    ).fetchone()
    conn.close()
    assert json.loads(detail)["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()

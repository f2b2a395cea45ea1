"""Review of the command-line contract (PRODUCT.md, "Command line"): bad input gets a
one-line reason, a non-zero exit and the database (or file) exactly as before."""

from __future__ import annotations

from pathlib import Path


def _one_line_refusal(result) -> None:  # type: ignore[no-untyped-def]
    assert result.code != 0
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_an_empty_file_is_not_a_database_and_stays_empty(cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.touch()
    result = cli("--db", path, "volunteers")
    _one_line_refusal(result)
    assert "no database at" in result.err
    assert path.stat().st_size == 0


def test_backup_refuses_a_folder_a_missing_folder_a_foreign_file_and_the_database(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "p.db"
    assert cli("--db", path, "init").code == 0
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    cases = {
        tmp_path: "is a folder",
        tmp_path / "missing" / "b.db": "does not exist",
        notes: "not a database",
        path: "is the database itself",
    }
    for target, reason in cases.items():
        result = cli("--db", path, "backup", "-o", target)
        _one_line_refusal(result)
        assert reason in result.err and str(target) in result.err
    assert notes.read_text() == "my notes\n"
    assert not (tmp_path / "missing").exists()
    again = cli("--db", path, "backup", "-o", tmp_path / "copy.db")
    assert again.code == 0 and cli("--db", tmp_path / "copy.db", "volunteers").code == 0

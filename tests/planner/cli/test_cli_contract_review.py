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

"""No spreadsheet cell from people's text is ever a formula (Summary, Lines, Rest days,
Adjustments), however it starts."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

import openpyxl

from planner.core.db import Database
from tests.faults.hostile import FORMULA_NAMES


def test_formula_looking_names_notes_and_reasons_stay_text(
    cli, demo_db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    conn = sqlite3.connect(demo_db.path)
    ids = [r[0] for r in conn.execute("SELECT id FROM volunteer ORDER BY id")]
    for n, vid in enumerate(ids):
        conn.execute(
            "UPDATE volunteer SET name = ? WHERE id = ?",
            (FORMULA_NAMES[n % len(FORMULA_NAMES)] + f" {n}", vid),
        )
    conn.execute("UPDATE rest_entry SET note = ?", ("=1+2",))
    conn.commit()
    conn.close()
    target = tmp_path / "pay.xlsx"
    result = cli("--db", demo_db.path, "payroll", "--month", "2026-10", "-o", target)
    assert result.code == 0, result.err

    with zipfile.ZipFile(target) as book:
        formulas = [
            f.decode()
            for name in book.namelist()
            if name.startswith("xl/worksheets/")
            for f in re.findall(rb"<f>(.*?)</f>", book.read(name))
        ]
    assert formulas and all(re.fullmatch(r"SUM\([A-Z]+\d+:[A-Z]+\d+\)", f) for f in formulas)

    wb = openpyxl.load_workbook(target)
    seen = set()
    for title in ("Summary", "Lines", "Rest days", "Adjustments"):
        for row in wb[title].iter_rows():
            for cell in row:
                text = cell.value
                if isinstance(text, str) and text.startswith(("=", "+", "-", "@")):
                    if text.startswith("=SUM("):
                        continue
                    assert cell.data_type == "s", (title, cell.coordinate, text)
                    assert cell.quotePrefix, (title, cell.coordinate, text)
                    seen.add(title)
    assert {"Summary", "Lines", "Rest days"} <= seen

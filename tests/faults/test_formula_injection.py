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


def test_an_adjustment_reason_and_a_rest_note_are_never_formulas() -> None:
    from datetime import UTC, date, datetime

    from planner.pay.lines import LineData
    from planner.pay.rest import RestRow
    from planner.pay.workbook import WorkbookInfo, build_workbook

    start = datetime(2026, 10, 2, 17, tzinfo=UTC)
    evil = "=cmd|' /C calc'!A0"
    line = LineData(
        1, "a@example.com", "@SUM(A1)", "Dublin", "EUR", 1, "Primary", None,
        start, datetime(2026, 10, 9, 17, tzinfo=UTC), "adjustment", 60, -500, "2026-10", evil,
    )  # fmt: skip
    info = WorkbookInfo(
        "2026-10", "exported", date(2026, 10, 1), date(2026, 10, 31), "Europe/Dublin", start
    )
    rest = RestRow(1, date(2026, 10, 3), "a@example.com", "-Ann", "taken", 1.0, "manual", "+1+1")
    wb = build_workbook(info, [line], [rest])
    for title, texts in (("Adjustments", [evil, "@SUM(A1)"]), ("Rest days", ["-Ann", "+1+1"])):
        cells = {c.value: c for row in wb[title].iter_rows() for c in row}
        for text in texts:
            assert cells[text].data_type == "s" and cells[text].quotePrefix, (title, text)

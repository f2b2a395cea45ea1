"""Hostile files for the fault tests, made on demand (nothing big is committed).

    python -m tests.faults.hostile DIR     # writes every file below into DIR

Each ``make_*`` function writes one file and returns its path.
"""

from __future__ import annotations

import io
import re
import sqlite3
import sys
import zipfile
from pathlib import Path

FORMULA_NAMES = [
    '=HYPERLINK("http://evil.example/","click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
]


def make_foreign_sqlite(path: Path, application_id: int = 0) -> Path:
    """Another program's SQLite database: a table of notes, maybe its own application id."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('keep me')")
    if application_id:
        conn.execute(f"PRAGMA application_id = {application_id}")
    conn.commit()
    conn.close()
    return path


def make_empty_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")  # writes the header: a valid, table-less file
    conn.commit()
    conn.close()
    return path


def make_half_built(path: Path) -> Path:
    """What an interrupted first migration of an older version left: some planner tables,
    an empty alembic_version."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT)")
    conn.execute("CREATE TABLE site (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    return path


def _intake_workbook() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Name", "Email", "Office", "Role"])
    ws.append(["Ann Example", "ann@example.com", "Dublin", "engineer"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def make_huge_dimension_xlsx(path: Path) -> Path:
    """A few KB of .xlsx whose sheet declares the range A1:XFD1048576."""
    source = zipfile.ZipFile(io.BytesIO(_intake_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            target.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


def make_many_rows_xlsx(path: Path, rows: int = 20_000) -> Path:
    """A sheet with more rows than an intake file has (no declared dimension)."""
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>P{r}</t></is></c></row>'
        for r in range(1, rows + 1)
    )
    source = zipfile.ZipFile(io.BytesIO(_intake_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
                data = re.sub(
                    rb"<sheetData>.*</sheetData>",
                    b"<sheetData>" + body.encode() + b"</sheetData>",
                    data,
                    flags=re.S,
                )
            target.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


def make_long_field_csv(path: Path, size: int = 200_000) -> Path:
    path.write_text(
        "Name,Email,Office,Role,Notes\n"
        f'Ann Example,ann@example.com,Dublin,engineer,"{"x" * size}"\n',
        encoding="utf-8",
    )
    return path


def make_formula_names_csv(path: Path) -> Path:
    lines = ["Name,Email,Office,Role,Tour start"]
    for n, name in enumerate(FORMULA_NAMES):
        quoted = '"' + name.replace('"', '""') + '"'
        lines.append(f"{quoted},f{n}@example.com,Dublin,engineer,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        make_foreign_sqlite(folder / "foreign.db"),
        make_foreign_sqlite(folder / "foreign-appid.db", application_id=0x12345678),
        make_empty_sqlite(folder / "empty-sqlite.db"),
        make_half_built(folder / "half-built.db"),
        make_huge_dimension_xlsx(folder / "huge-dimension.xlsx"),
        make_many_rows_xlsx(folder / "many-rows.xlsx"),
        make_long_field_csv(folder / "long-field.csv"),
        make_formula_names_csv(folder / "formula-names.csv"),
    ]


if __name__ == "__main__":
    for made in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")):
        print(made)

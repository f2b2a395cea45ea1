"""The payroll workbook: stored values, SUM only in total rows, safe writes, recalculation."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.month import Month
from planner.pay import pages
from planner.pay import runs as pay_runs
from planner.pay.export import export_payroll
from tests.planner.pay_helpers import NOW, cover, person, shift


def _month(db: Database) -> None:
    with db.transaction() as session:
        ann, tom = person(session, "Ann A"), person(session, "Tom W", "London")
        sam = person(session, "Sam S", "San Francisco")
        s = shift(session, date(2027, 3, 5), ann)
        cover(
            session,
            s,
            tom,
            datetime(2027, 3, 6, 10, tzinfo=UTC),
            datetime(2027, 3, 6, 22, tzinfo=UTC),
        )
        shift(session, date(2027, 3, 12), sam)
        shift(session, date(2027, 3, 19), tom)
        pages.add_page(session, datetime(2027, 3, 7, 2, tzinfo=UTC), ann.email, 20, "disk", now=NOW)


def _export(db: Database, path: Path, close: bool = False) -> None:
    export_payroll(db, Month(2027, 3), path, close=close, now=NOW)


def test_every_figure_is_stored_and_formulas_are_sums_in_total_rows(
    db: Database, tmp_path: Path
) -> None:
    _month(db)
    path = tmp_path / "march.xlsx"
    _export(db, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Lines", "Adjustments", "Rest days", "About"]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.value.startswith("=SUM(")
                    assert str(
                        ws.cell(row=cell.row, column=1).value
                        or ws.cell(row=cell.row, column=2).value
                    ).startswith("Total")
    lines = wb["Lines"]
    assert lines.freeze_panes == "A2" and lines.auto_filter.ref.startswith("A1:")
    assert isinstance(lines["E2"].value, datetime)
    assert "€" in lines["J2"].number_format
    about = {r[0]: r[1:] for r in wb["About"].iter_rows(values_only=True) if r[0]}
    # Ann kept 111 of the slot's 123 hours in EUR; Tom's 12 are paid from the GBP fee.
    assert about["EUR"] == (451.22, 45122)
    assert about["GBP"][1] == 4195 + 43000
    assert about["State"][0] == "exported"
    with db.session() as session:
        assert pay_runs.run_info(session, Month(2027, 3)).state == "exported"


def test_export_to_an_unwritable_place_leaves_nothing_behind(db: Database, tmp_path: Path) -> None:
    _month(db)
    out = tmp_path / "out"
    out.mkdir()
    blocked = out / "march.xlsx"
    blocked.mkdir()  # a folder in the way: like a file another program holds open
    with pytest.raises(PlannerError, match="cannot write"):
        _export(db, blocked)
    assert [p.name for p in out.iterdir()] == ["march.xlsx"]  # no temporary file left
    if os.geteuid() != 0:  # root can write anywhere, so a read-only folder proves nothing
        readonly = tmp_path / "ro"
        readonly.mkdir()
        readonly.chmod(0o500)
        with pytest.raises(PlannerError, match="cannot write"):
            _export(db, readonly / "march.xlsx")
        assert list(readonly.iterdir()) == []
    with db.session() as session:
        assert pay_runs.run_info(session, Month(2027, 3)).state == "none"  # nothing marked exported


def test_a_read_only_folder_or_a_locked_file_gives_a_clear_message_and_no_leftovers(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated, because the suite may run as root (who can write anywhere) and on Linux
    an open file does not block a rename as it does on Windows."""
    import planner.core.safe_write as safe_write

    _month(db)

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patch:
        patch.setattr(safe_write.os, "open", read_only)
        with pytest.raises(PlannerError, match="cannot write .*permission denied"):
            _export(db, tmp_path / "march.xlsx")
    with db.session() as session:  # the file could not be made: the run is as it was
        assert pay_runs.run_info(session, Month(2027, 3)).state == "none"
    existing = tmp_path / "march.xlsx"
    existing.write_bytes(b"last month's good copy")
    with monkeypatch.context() as patch:
        patch.setattr(safe_write.os, "replace", read_only)
        with pytest.raises(PlannerError, match="open in another program"):
            _export(db, existing)
    assert existing.read_bytes() == b"last month's good copy"
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.suffix != ".db" and "db-" not in p.name
    ) == ["march.xlsx"]
    with db.session() as session:  # the rename comes after the commit (close is atomic)
        assert pay_runs.run_info(session, Month(2027, 3)).state == "exported"


def test_export_and_close_then_reexport_of_a_closed_run(db: Database, tmp_path: Path) -> None:
    _month(db)
    _export(db, tmp_path / "a.xlsx", close=True)
    _export(db, tmp_path / "b.xlsx")
    with db.session() as session:
        assert pay_runs.run_info(session, Month(2027, 3)).state == "closed"
    a = openpyxl.load_workbook(tmp_path / "a.xlsx")["Lines"]
    b = openpyxl.load_workbook(tmp_path / "b.xlsx")["Lines"]
    assert [r for r in a.iter_rows(values_only=True)] == [r for r in b.iter_rows(values_only=True)]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; `make test` installs it where apt is available",
)
def test_libreoffice_recalculation_matches_stored_totals_and_planner_pay(
    db: Database, tmp_path: Path
) -> None:
    _month(db)
    path = tmp_path / "march.xlsx"
    _export(db, path)
    out = tmp_path / "recalculated"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    wb = openpyxl.load_workbook(out / "march.xlsx", data_only=True)
    with db.session() as session:
        lines = pay_runs.month_lines(session, Month(2027, 3), NOW)
    expected: dict[str, int] = {}
    for line in lines:
        expected[line.currency] = expected.get(line.currency, 0) + line.amount_minor
    stored = {r[0]: r[2] for r in wb["About"].iter_rows(values_only=True) if r[0] in expected}
    assert stored == expected
    recalculated = {
        r[8]: (round(Decimal(str(r[9])) * 100), r[10])
        for r in wb["Lines"].iter_rows(min_row=2, values_only=True)
        if r[0] and str(r[0]).startswith("Total")
    }
    assert recalculated == {c: (t, t) for c, t in expected.items()}
    summary = {
        r[3]: round(Decimal(str(r[8])) * 100)
        for r in wb["Summary"].iter_rows(min_row=2, values_only=True)
        if r[0] and str(r[0]).startswith("Total")
    }
    assert summary == expected


def _totals(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, dict[str, float]]:
    """Each 'Total CUR' row's SUMs, evaluated over the stored cells, by column header."""
    headers = [c.value for c in ws[1]]
    found: dict[str, dict[str, float]] = {}
    for row in ws.iter_rows(min_row=2):
        label = row[0].value
        if not (isinstance(label, str) and label.startswith("Total ")):
            continue
        sums = found.setdefault(label[6:], {})
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("=SUM("):
                first, last = cell.value[5:-1].split(":")
                cells = ws[first:last]
                sums[str(headers[cell.column - 1])] = sum(float(c[0].value or 0) for c in cells)
    return found


def test_hours_totals_do_not_count_holiday_hours_twice(db: Database, tmp_path: Path) -> None:
    # Sam's slot holds St Patrick's Day: a holiday line with the day's 24 hours besides the
    # shift line. Those hours are already in the shift line's hours, so a total of the
    # Lines sheet's hours column would say more hours than were worked.
    _month(db)
    path = tmp_path / "march.xlsx"
    _export(db, path)
    wb = openpyxl.load_workbook(path)
    summary, lines = _totals(wb["Summary"]), _totals(wb["Lines"])
    assert summary["USD"]["Out-of-hours hours"] == 132  # 123 + the holiday's 9 office hours
    for currency, sums in lines.items():
        if "Out-of-hours hours" in sums:
            assert sums["Out-of-hours hours"] == summary[currency]["Out-of-hours hours"]
        assert sums["Amount"] == summary[currency]["Total"]

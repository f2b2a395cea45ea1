"""import-volunteers, set-status, tours plan and tours list from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.ui.cli.conftest import digest

SAMPLES = Path(__file__).parents[3] / "resources" / "samples"
TODAY = "2026-11-26"


def _fixed_sample(tmp_path: Path) -> Path:
    """The sample export with the four flagged rows fixed as a coordinator would."""
    text = (SAMPLES / "volunteer-intake.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    fixed = [rows[0]]
    for row in rows[1:]:
        if row[-1] == "Submitted twice by mistake":
            continue
        row = [
            c.replace("liam.obrien@example", "liam.obrien@example.com")
            .replace("Berlin", "London")
            .replace("2027-03-14..2027-03-02", "2027-03-02..2027-03-14")
            for c in row
        ]
        fixed.append(row)
    out = io.StringIO()
    csv.writer(out).writerows(fixed)
    path = tmp_path / "fixed.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_sample_flow_import_fix_approve_plan_accept(cli, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    cli("--db", db, "init")
    flawed = cli(
        "--db", db, "import-volunteers", SAMPLES / "volunteer-intake.csv", "--today", TODAY
    )
    assert flawed.code == 2
    assert "nothing imported; 4 row(s) with errors" in flawed.err
    assert "line 6, column Email: malformed email" in flawed.out
    assert cli("--db", db, "volunteers", "--format", "json").json() == []

    fixed = _fixed_sample(tmp_path)
    dry = cli("--db", db, "import-volunteers", fixed, "--dry-run", "--format", "json")
    assert dry.code == 0 and {r["action"] for r in dry.json()} == {"new"}
    assert cli("--db", db, "volunteers", "--format", "json").json() == []

    done = cli("--db", db, "import-volunteers", fixed, "--today", TODAY)
    assert done.code == 0 and "19 new" in done.out
    assert cli("--db", db, "set-status", "approved", "--all-applied", "--on", TODAY).code == 0

    proposal = cli("--db", db, "tours", "plan", "--today", TODAY, "--format", "json")
    assert proposal.code == 0 and len(proposal.json()) == 17  # two came with a tour start
    assert "stagger breach" not in proposal.err and "not placed" not in proposal.err
    assert len(cli("--db", db, "tours", "list", "--format", "json").json()) == 2  # not applied

    accepted = cli("--db", db, "tours", "plan", "--today", TODAY, "--accept")
    assert accepted.code == 0 and "created 17 tour(s)" in accepted.err
    listed = cli("--db", db, "tours", "list", "--today", TODAY, "--format", "json").json()
    assert len(listed) == 19
    assert set(listed[0]) == {"email", "start", "end", "target_shifts", "status"}
    assert {t["status"] for t in listed} == {"planned"}
    again = cli("--db", db, "tours", "plan", "--today", TODAY, "--format", "json")
    assert again.json() == [] and "stagger breach" not in again.err


def test_import_xlsx_sample_refused_with_database_unchanged(cli, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    cli("--db", db, "demo")
    cli("--db", db, "volunteers")
    before = digest(db)
    result = cli("--db", db, "import-volunteers", SAMPLES / "volunteer-intake.xlsx")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "line 6, column Email" in result.err
    assert digest(db) == before


def test_import_a_pdf_is_refused_in_one_line(cli, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    cli("--db", db, "init")
    pdf = tmp_path / "export.csv"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n")
    result = cli("--db", db, "import-volunteers", pdf)
    assert result.code == 2
    assert result.err.strip() == "planner: export.csv is not a CSV or XLSX file (it is a PDF)"


def test_import_missing_file(cli, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    cli("--db", db, "init")
    result = cli("--db", db, "import-volunteers", tmp_path / "nope.csv")
    assert result.code == 2 and "no such file" in result.err


def test_tours_list_of_the_demo(cli, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    cli("--db", db, "demo")
    rows = cli("--db", db, "tours", "list", "--today", TODAY, "--format", "json").json()
    assert {r["status"] for r in rows} == {"planned", "active", "finished"}
    active = cli("--db", db, "tours", "list", "--status", "active", "--today", TODAY).out
    assert "aoife.byrne" not in active  # her tour ended in 2026-06


def test_set_status_refuses_an_impossible_change(cli, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    cli("--db", db, "demo")
    result = cli("--db", db, "set-status", "alumni", "freya.adams@example.com")
    assert result.code == 2 and "cannot go from applied to alumni" in result.err

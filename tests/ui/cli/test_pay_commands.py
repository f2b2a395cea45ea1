"""``import-pages``, ``pages``, ``rest``, ``pay``, ``payroll`` from the command line."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl

from planner.core.db import Database
from tests.planner.pay_helpers import cover, person, shift
from tests.ui.cli.conftest import digest

PAY_KEYS = {
    "email",
    "currency",
    "rotation",
    "slot_start",
    "hours",
    "amount_minor",
    "pay_month",
    "kind",
}


def _march_2026(db: Database) -> None:
    """Shifts well in the past, so they are worked whenever the suite runs."""
    with db.transaction() as session:
        ann, tom = person(session, "Ann A"), person(session, "Tom W", "London")
        s = shift(session, date(2026, 3, 6), ann)
        cover(
            session,
            s,
            tom,
            datetime(2026, 3, 7, 10, tzinfo=UTC),
            datetime(2026, 3, 7, 22, tzinfo=UTC),
        )
        shift(session, date(2026, 3, 13), tom)
    db.close()


def test_pay_prints_lines_with_the_documented_keys_and_totals(
    cli, db: Database, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _march_2026(db)
    result = cli("--db", db_path, "pay", "--month", "2026-03", "--format", "json")
    assert result.code == 0, result.err
    rows = result.json()
    assert rows and all(set(r) == PAY_KEYS for r in rows)
    assert (
        sum(r["amount_minor"] for r in rows if r["currency"] == "GBP") == 43000 + 4195 + 4300
    )  # St Patrick's Day supplement
    table = cli("--db", db_path, "pay", "--month", "2026-03")
    assert "total EUR: €451.22" in table.out


def test_payroll_exports_closes_and_refuses_a_bad_path(
    cli, db: Database, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _march_2026(db)
    before = digest(db_path)
    bad = cli("--db", db_path, "payroll", "--month", "2026-03", "-o", tmp_path / "nope" / "m.xlsx")
    assert bad.code == 2 and "does not exist" in bad.err
    assert digest(db_path) == before
    out = tmp_path / "m.xlsx"
    ok = cli("--db", db_path, "payroll", "--month", "2026-03", "-o", out, "--close")
    assert ok.code == 0, ok.err
    assert "closed" in ok.out
    about = {r[0]: r[2] for r in openpyxl.load_workbook(out)["About"].iter_rows(values_only=True)}
    assert about["GBP"] == 43000 + 4195 + 4300
    again = cli("--db", db_path, "payroll", "--month", "2026-03x", "-o", out)
    assert again.code == 2 and "YYYY-MM" in again.err


def test_import_pages_is_all_or_nothing(cli, db: Database, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _march_2026(db)
    good = tmp_path / "good.csv"
    good.write_text(
        "At,Responder,Minutes,Summary,Link\n2026-03-08T02:30+00:00,ann.a@example.com,15,queue,\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(good.read_text() + "2026-03-08 03:30,ann.a@example.com,15,queue,\n")
    before = digest(db_path)
    failed = cli("--db", db_path, "import-pages", bad)
    assert failed.code == 2 and "line 3" in failed.err and "no UTC offset" in failed.err
    assert digest(db_path) == before
    assert cli("--db", db_path, "import-pages", good, "--dry-run").code == 0
    assert cli("--db", db_path, "pages", "--format", "json").json() == []
    assert cli("--db", db_path, "import-pages", good).code == 0
    page = cli("--db", db_path, "pages", "--format", "json").json()
    assert page == [
        {
            "id": page[0]["id"],
            "at": "2026-03-08T02:30:00+00:00",
            "responder": "ann.a@example.com",
            "minutes": 15,
            "night": True,
            "on_call": True,
            "summary": "queue",
            "link": "",
            "follow_up_team": None,
            "follow_up_link": None,
            "follow_up_state": None,
        }
    ]
    assert isinstance(page[0]["id"], int)
    rest = cli("--db", db_path, "rest", "--format", "json").json()
    assert rest == [
        {"email": "ann.a@example.com", "entitled_days": 1.0, "taken_days": 0.0, "balance_days": 1.0}
    ]


def test_a_bad_month_is_one_line_naming_it_exit_2_and_nothing_written(
    cli, db: Database, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _march_2026(db)
    before = digest(db_path)
    target = tmp_path / "m.xlsx"
    for command in (
        ["pay", "--month", "2026-13"],
        ["pages", "--month", "2026-13"],
        ["rest", "--month", "2026-13"],
        ["payroll", "--month", "2026-13", "-o", target],
        ["payroll", "--month", "2026-13", "-o", target, "--close"],
    ):
        result = cli("--db", db_path, *command)
        assert result.code == 2, command
        assert result.err == "planner: month '2026-13' is not in the form YYYY-MM\n", command
        assert result.out == ""
    assert digest(db_path) == before and not target.exists()


def test_a_month_with_spaces_around_it_means_that_month_for_pay_pages_and_rest(
    cli, db: Database, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """``rest --month ' 2026-03 '`` stepped to the next month from the raw text and
    refused it as the year 0202; every command now reads the month once."""
    _march_2026(db)
    for command in ("pay", "pages", "rest"):
        plain = cli("--db", db_path, command, "--month", "2026-03", "--format", "json")
        spaced = cli("--db", db_path, command, "--month", " 2026-03 ", "--format", "json")
        assert (spaced.code, spaced.err, spaced.out) == (0, "", plain.out), command

"""Review of the command-line contract (PRODUCT.md, "Command line"): bad input gets a
one-line reason, a non-zero exit and the database (or file) exactly as before."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.ui.cli.conftest import digest
from ui.cli import build_parser, main


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


INTAKE_HEADER = "Name,Email,Office,Team,Role,Manager,Available from,Unavailable,Tour start,Notes\n"


def test_import_volunteers_refuses_month_13_instead_of_reading_it_day_first(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    intake = tmp_path / "intake.csv"
    intake.write_text(
        INTAKE_HEADER + "Zoe Ng,zoe.ng@example.com,Dublin,Data,Engineer,M,2027-13-01,,,\n"
    )
    before = digest(path)
    result = cli("--db", path, "import-volunteers", intake)
    assert result.code != 0 and "Traceback" not in result.err
    assert "line 2, column Available from" in result.err and "2027-13-01" in result.err
    assert digest(path) == before


def test_import_volunteers_reads_a_year_first_date_without_padding_as_year_month_day(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    intake = tmp_path / "intake.csv"
    intake.write_text(
        INTAKE_HEADER + "Zoe Ng,zoe.ng@example.com,Dublin,Data,Engineer,M,2027-1-5,,2027-2-1,\n"
    )
    assert cli("--db", path, "import-volunteers", intake, "--today", "2026-11-26").code == 0
    (tour,) = cli("--db", path, "tours", "list", "--format", "json").json()
    assert tour["start"] == "2027-02-01"  # not 2 January


def test_plan_leaves_weeks_that_have_started_alone(cli, tmp_path: Path) -> None:
    """Past and started shifts stay fixed: planning them would invent a rota history."""
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    before = digest(path)
    past = cli("--db", path, "plan", "--from", "2020-01-01", "--weeks", "2")
    assert past.code != 0 and past.err.count("\n") == 1
    assert "started" in past.err and "2020-01-01" in past.err
    assert digest(path) == before

    last_week = (date.today() - timedelta(days=7)).isoformat()
    assert cli("--db", path, "plan", "--from", last_week, "--weeks", "3").code == 0
    rows = cli("--db", path, "rota", "--from", last_week, "--weeks", "3", "--format", "json")
    starts = {datetime.fromisoformat(r["slot_start"]) for r in rows.json()}
    assert starts and min(starts) > datetime.now(UTC)


def test_a_bad_decision_date_or_today_is_one_line_not_a_traceback(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "demo")
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    for command in (
        ["set-status", "withdrawn", "conor.walsh@example.com", "--on", "2027-13-01"],
        ["tours", "list", "--today", "2027-13-01"],
        ["tours", "plan", "--today", "31/01/2027"],
    ):
        result = cli("--db", path, *command)
        _one_line_refusal(result)
        assert "not a date" in result.err and command[-1] in result.err
    assert digest(path) == before


def test_a_usage_error_is_one_line_naming_the_argument_and_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.db"
    for args, named in (
        (["rota", "--from", "2027-01-01", "--weeks", "x"], "--weeks"),
        (["volunteers", "--status", "bogus"], "bogus"),
        (["tours", "lst"], "lst"),
        (["pay"], "--month"),
    ):
        with pytest.raises(SystemExit) as stop:
            main(["--db", str(path), *args])
        err = capsys.readouterr().err
        assert stop.value.code == 2
        assert err.count("\n") == 1 and named in err and err.startswith("planner ")
        assert "--help" in err
    assert not path.exists()


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers(sub)
    return found


REVIEWED = (
    "init demo import-volunteers tours plan publish reopen rota cover swap assign set-status "
    "import-pages pages rest pay payroll volunteers backup restore print-rota ics report"
).split()


def test_every_option_and_argument_says_what_it_is_in_help() -> None:
    missing = [
        f"{p.prog} {'/'.join(a.option_strings) or a.dest}"
        for p in _parsers(build_parser())
        if p.prog == "planner" or p.prog.split()[1] in REVIEWED
        for a in p._actions
        if not isinstance(a, argparse._HelpAction | argparse._SubParsersAction) and a.help is None
    ]
    assert missing == []


def _ordinary_future_week(cli, path: Path) -> list[dict]:  # type: ignore[type-arg]
    """The two shifts of a published or draft week two to six weeks ahead with no public
    holiday and no clock change (123 out-of-hours hours), in a demo built for today."""
    cli("--db", path, "demo")
    start = (date.today() + timedelta(days=14)).isoformat()
    rows = cli("--db", path, "rota", "--from", start, "--weeks", "4", "--format", "json").json()
    week = next(r["slot_start"] for r in rows if r["out_of_hours_hours"] == 123.0)
    return sorted(
        (r for r in rows if r["slot_start"] == week), key=lambda r: r["rotation"] != "Primary"
    )


def test_cover_and_swap_refusals_read_right(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    primary, l2 = _ordinary_future_week(cli, path)
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    cover = ["cover", "--rotation", "Primary", "--volunteer", l2["assignee"]]
    at = primary["slot_start"][:10] + "T20:00:00+00:00"
    empty = cli("--db", path, *cover, "--from", at, "--to", at)
    _one_line_refusal(empty)
    assert "cover is empty: it ends when it starts" in empty.err
    summer = cli("--db", path, *cover, "--from", "2035-07-01T10:00+00:00",
                 "--to", "2035-07-01T12:00+00:00")  # fmt: skip
    _one_line_refusal(summer)
    assert "2035-07-01T11:00+01:00..2035-07-01T13:00+01:00" in summer.err  # times with offset
    week = primary["slot_start"][:10]
    swap = cli("--db", path, "swap", "--rotation", "Primary", "--week", week,
               "--with-week", week, "--with-rotation", "Escalation L2")  # fmt: skip
    _one_line_refusal(swap)
    assert "is an engineer" in swap.err and "is a leader" in swap.err
    assert digest(path) == before


def test_payroll_close_refuses_a_month_that_has_not_ended(cli, tmp_path: Path) -> None:
    """Closed is for ever: closing this month now would turn its later shifts into
    adjustments. Nothing is written, neither the workbook nor the database."""
    path = tmp_path / "p.db"
    cli("--db", path, "demo")
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    this_month = date.today().strftime("%Y-%m")
    out = tmp_path / "now.xlsx"
    result = cli("--db", path, "payroll", "--month", this_month, "-o", out, "--close")
    _one_line_refusal(result)
    assert this_month in result.err and "not ended" in result.err
    assert not out.exists() and digest(path) == before
    exported = cli("--db", path, "payroll", "--month", this_month, "-o", out)
    assert exported.code == 0 and out.exists()  # exporting a month so far is fine


def test_plan_refuses_a_horizon_longer_than_two_years_at_once(cli, tmp_path: Path) -> None:
    """A slip of the keyboard (--weeks 100000) is refused at once, not left to run for
    hours creating centuries of empty shifts; the rota screen stops at 104 weeks too."""
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    before = digest(path)
    start = (date.today() + timedelta(days=14)).isoformat()
    result = cli("--db", path, "plan", "--from", start, "--weeks", "100000")
    _one_line_refusal(result)
    assert "at most 104" in result.err and "100000" in result.err
    assert digest(path) == before
    assert cli("--db", path, "plan", "--from", start, "--weeks", "104").code == 0


def test_plan_as_csv_still_names_the_score_and_every_uncovered_slot(cli, tmp_path: Path) -> None:
    """The csv on stdout stays clean; the score and reasons go to stderr."""
    path = tmp_path / "p.db"
    cli("--db", path, "init")  # nobody to plan: every slot is uncovered
    start = (date.today() + timedelta(days=14)).isoformat()
    result = cli("--db", path, "plan", "--from", start, "--weeks", "1", "--format", "csv")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "rotation,week,assignee,out_of_hours_hours,state" and len(lines) == 3
    assert "coverage 0%" in result.err
    assert result.err.count("uncovered: ") == 2 and "nobody eligible" in result.err


def test_a_cover_wholly_in_office_hours_is_recorded_with_a_warning(cli, tmp_path: Path) -> None:
    """Monday 10:00-16:00 UTC is office hours in Dublin (GMT or IST): the cover earns
    nothing, which the coordinator should be told rather than find out on payday."""
    path = tmp_path / "p.db"
    primary, _l2 = _ordinary_future_week(cli, path)
    friday = date.fromisoformat(primary["slot_start"][:10])
    monday = friday + timedelta(days=3)
    volunteers = cli("--db", path, "volunteers", "--status", "on_tour", "--format", "json")
    engineers = [
        v["email"] for v in volunteers.json()
        if v["role"] == "engineer" and v["email"] != primary["assignee"]
    ]  # fmt: skip
    for coverer in engineers:  # the first one not away that day
        cover = ["cover", "--rotation", "Primary", "--volunteer", coverer]
        office = cli("--db", path, *cover, "--from", f"{monday}T10:00+00:00",
                     "--to", f"{monday}T16:00+00:00")  # fmt: skip
        if office.code == 0:
            break
    assert office.code == 0 and "no out-of-hours time" in office.out
    evening = cli("--db", path, *cover, "--from", f"{monday}T19:00+00:00",
                  "--to", f"{monday}T22:00+00:00")  # fmt: skip
    assert evening.code == 0 and "out-of-hours" not in evening.out


def test_restore_refuses_a_backup_from_a_newer_version_and_keeps_the_database(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    newer = tmp_path / "newer.db"
    assert cli("--db", path, "backup", "-o", newer).code == 0
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    result = cli("--db", path, "restore", newer)
    _one_line_refusal(result)
    assert "newer version" in result.err
    assert digest(path) == before
    assert cli("--db", path, "volunteers").code == 0


def test_publish_and_reopen_refuse_a_range_with_no_shifts(cli, demo_db) -> None:
    """--from 2030 for 2026 is a typo: say so rather than 'published 0 shift(s)'."""
    path = demo_db.path
    demo_db.close()
    cli("--db", path, "volunteers")  # settle the WAL
    before = digest(path)
    for command in ("publish", "reopen"):
        result = cli("--db", path, command, "--from", "2030-01-01", "--weeks", "2")
        _one_line_refusal(result)
        assert "no shifts" in result.err and "2030-01-04" in result.err
    assert digest(path) == before


def test_import_volunteers_as_json_prints_json_on_stdout(cli, tmp_path: Path) -> None:
    """--format json means stdout parses as JSON: the rows imported; the summary on stderr."""
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    intake = tmp_path / "intake.csv"
    intake.write_text(INTAKE_HEADER + "Zoe Ng,zoe.ng@example.com,Dublin,Data,Engineer,M,,,,\n")
    result = cli("--db", path, "import-volunteers", intake, "--format", "json")
    assert result.code == 0
    (row,) = result.json()
    assert (row["email"], row["action"]) == ("zoe.ng@example.com", "new")
    assert "imported intake.csv: 1 new" in result.err
    table = cli("--db", path, "import-volunteers", intake)
    assert table.code == 0 and "imported intake.csv: 1 unchanged" in table.out


def test_reopen_leaves_the_week_in_progress_published(cli, tmp_path: Path) -> None:
    """A started shift cannot be re-planned or swapped; re-opening it would only take the
    person on call off the calendars and, left draft, off the payroll."""
    path = tmp_path / "p.db"
    cli("--db", path, "demo")
    last_week = (date.today() - timedelta(days=8)).isoformat()
    rows = cli("--db", path, "rota", "--from", last_week, "--weeks", "3", "--format", "json")
    now = datetime.now(UTC)
    current = [
        r for r in rows.json()
        if datetime.fromisoformat(r["slot_start"]) <= now < datetime.fromisoformat(r["slot_end"])
    ]  # fmt: skip
    assert {r["state"] for r in current} == {"published"}
    week = current[0]["slot_start"][:10]
    only_current = cli("--db", path, "reopen", "--from", week, "--weeks", "1")
    _one_line_refusal(only_current)
    assert "started" in only_current.err
    assert cli("--db", path, "reopen", "--from", week, "--weeks", "2").code == 0
    after = cli("--db", path, "rota", "--from", week, "--weeks", "2", "--format", "json").json()
    assert [r["state"] for r in after] == ["published"] * len(current) + ["draft"] * (
        len(after) - len(current)
    )


def test_a_read_command_runs_while_the_app_holds_the_write_lock(cli, tmp_path: Path) -> None:
    """Opening the database only reads when it is already seeded, so `volunteers` does not
    wait for (and fail on) a write the desktop app has in progress."""
    path = tmp_path / "p.db"
    cli("--db", path, "demo")
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # the app, mid-write
        result = cli("--db", path, "volunteers", "--format", "json")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.code == 0, result.err
    assert len(result.json()) > 10

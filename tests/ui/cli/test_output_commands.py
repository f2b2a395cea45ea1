"""`planner print-rota`, `ics` and `report`: what each writes, checked from the file."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from planner.core.models import Shift, Volunteer
from tests.planner import rota_rows
from tests.planner.rota_rows import add_cover, fill_rota

team_db = rota_rows.team_db  # the fixture

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def _pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@needs_pdftotext
def test_three_months_three_pages_every_assignee_named(team_db, cli, tmp_path) -> None:
    with team_db.transaction() as s:
        shifts = fill_rota(s, date(2027, 1, 1), 13)  # to 2 April
        coverer = s.exec(select(Volunteer).where(Volunteer.name == "Jamal Washington")).one()
        add_cover(s, shifts[4], coverer, 30, 5)
    with team_db.session() as s:
        names = {
            v.name
            for v in s.exec(select(Volunteer).join(Shift, Shift.volunteer_id == Volunteer.id))
        } | {"Jamal Washington"}
    out = tmp_path / "rota.pdf"
    result = cli(
        "--db", team_db.path, "print-rota", "--from", "2027-01", "--months", "3", "-o", out
    )
    assert result.code == 0, result.err
    pages = _pdf_pages(out)
    assert len(pages) == 3
    text = "\n".join(pages)
    for name in names:
        assert name in text, name
    assert "January 2027" in pages[0] and "March 2027" in pages[2]
    assert "Saint Patrick's Day" in pages[2]
    assert "Page 3 of 3" in pages[2]


@needs_pdftotext
def test_drafts_printed_only_when_asked(team_db, cli, tmp_path) -> None:
    with team_db.transaction() as s:
        fill_rota(s, date(2027, 5, 1), 4, state="draft")
    out = tmp_path / "rota.pdf"
    assert cli("--db", team_db.path, "print-rota", "--from", "2027-05", "-o", out).code == 0
    assert "draft" not in _pdf_pages(out)[0].lower()
    code = cli(
        "--db", team_db.path, "print-rota", "--from", "2027-05", "-o", out, "--include-drafts"
    ).code
    assert code == 0
    assert "draft" in _pdf_pages(out)[0].lower()


def test_bad_month_is_refused_plainly(team_db, cli, tmp_path) -> None:
    result = cli("--db", team_db.path, "print-rota", "--from", "2027/01", "-o", tmp_path / "r.pdf")
    assert result.code == 2
    assert "2027/01" in result.err
    assert not (tmp_path / "r.pdf").exists()


def test_ics_team_and_volunteer_feeds_with_stable_uids(team_db, cli, tmp_path) -> None:
    import icalendar

    with team_db.transaction() as s:
        shifts = fill_rota(s, date(2027, 1, 1), 6)
        email = s.get(Volunteer, shifts[0].volunteer_id).email
        mine = sum(x.volunteer_id == shifts[0].volunteer_id for x in shifts)
    out = tmp_path / "team.ics"
    result = cli("--db", team_db.path, "ics", "-o", out)
    assert result.code == 0, result.err
    first = [e["uid"] for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    assert len(first) == 12
    assert cli("--db", team_db.path, "ics", "-o", out).code == 0
    second = [e["uid"] for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    assert first == second
    own = tmp_path / "mine.ics"
    assert cli("--db", team_db.path, "ics", "--volunteer", email, "-o", own).code == 0
    events = list(icalendar.Calendar.from_ical(own.read_bytes()).walk("VEVENT"))
    assert len(events) == mine
    assert {e["uid"] for e in events} <= set(first)


def test_ics_unknown_volunteer_is_refused(team_db, cli, tmp_path) -> None:
    out = tmp_path / "x.ics"
    result = cli("--db", team_db.path, "ics", "--volunteer", "nobody@example.com", "-o", out)
    assert result.code == 2
    assert "nobody@example.com" in result.err
    assert not out.exists()


@needs_pdftotext
def test_report_pdf_has_its_figures_and_names(team_db, cli, tmp_path) -> None:
    with team_db.transaction() as s:
        fill_rota(s, date(2026, 12, 4), 9)
    with team_db.session() as s:
        from planner.outputs.report import monthly_report

        report = monthly_report(s, date(2027, 1, 1))
    out = tmp_path / "report.pdf"
    result = cli("--db", team_db.path, "report", "--month", "2027-01", "-o", out)
    assert result.code == 0, result.err
    pages = _pdf_pages(out)
    assert len(pages) == 3
    text = "\n".join(pages)
    assert "On-call report — January 2027" in pages[0]
    for person in report.people:
        assert person.name in text
    assert f"{report.ooh_hours:g}" in text
    assert "Pages per on-call week" in pages[0] and "Fairness" in pages[1]
    assert "Pages without a follow-up" in pages[2] and "Recruitment forecast" in pages[2]


def test_print_commands_run_headless_in_a_fresh_process(team_db, tmp_path) -> None:
    """No display and no QT_QPA_PLATFORM: the command picks offscreen and exits cleanly."""
    import os
    import sys

    with team_db.transaction() as s:
        fill_rota(s, date(2027, 1, 1), 13)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    for args in (
        ["print-rota", "--from", "2027-01", "--months", "3", "-o", str(tmp_path / "r.pdf")],
        ["report", "--month", "2027-02", "-o", str(tmp_path / "m.pdf")],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "planner", "--db", str(team_db.path), *args],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "wrote" in done.stdout
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")


@needs_pdftotext
def test_a_long_name_is_shortened_in_the_days_but_printed_whole_in_the_legend(
    team_db, cli, tmp_path
) -> None:
    long_name = "Maximiliana Wolfeschlegelsteinhausen-Bergdorff"
    with team_db.transaction() as s:
        shifts = fill_rota(s, date(2027, 1, 1), 5)
        holder = s.get(Volunteer, shifts[0].volunteer_id)
        holder.name = long_name
        s.add(holder)
    out = tmp_path / "rota.pdf"
    result = cli(
        "--db", team_db.path, "print-rota", "--from", "2027-01", "--months", "1", "-o", out
    )
    assert result.code == 0, result.err
    text = _pdf_pages(out)[0]
    # a day cell: shortened with an ellipsis (at the smaller size, when even that is too long)
    assert re.search(r"Maximiliana Wolf\w*…", text)
    assert long_name in text  # the legend: the full name

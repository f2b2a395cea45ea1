"""`planner update` drafts the monthly update; its figures are the report's and the other
commands'; the Reports screen offers the same draft with Copy."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from planner.outputs.report import monthly_report
from planner.outputs.update import monthly_update
from tests.pagerduty_files import sample, write_json
from tests.ui.cli.conftest import digest

TEAM = [
    ("Jamal Washington", "jamal.washington@example.com"),
    ("Oliver Bennett", "oliver.bennett@example.com"),
    ("Siobhan Doyle", "siobhan.doyle@example.com"),
]


def _section(text: str, title: str) -> str:
    part = text.split(f"## {title}", 1)[1]
    return part.split("\n## ", 1)[0]


def test_update_draft_agrees_with_pages_report_and_forecast(cli, demo_db, tmp_path: Path) -> None:
    path = write_json(tmp_path / "i.json", sample(TEAM, datetime(2026, 10, 2, tzinfo=UTC)))
    assert cli("--db", demo_db.path, "import-pages", path).code == 0
    october = cli("--db", demo_db.path, "pages", "--month", "2026-10", "--format", "json").json()
    cli("--db", demo_db.path, "follow-up", october[0]["id"], "--team", "Payments",
        "--link", "https://issues.example.com/PAY-9")  # fmt: skip
    folder = tmp_path / "drafts"
    folder.mkdir()
    out = folder / "update.md"
    before = digest(demo_db.path)
    result = cli("--db", demo_db.path, "update", "--month", "2026-10", "-o", out)
    assert result.code == 0, result.err
    assert digest(demo_db.path) == before  # a read: the database is as it was
    assert [p.name for p in folder.iterdir()] == ["update.md"]  # no temporary file left
    text = out.read_text(encoding="utf-8")
    nights = sum(p["night"] for p in october)
    assert text.startswith("# Out-of-hours on call — October 2026")
    assert f"**{len(october)} pages** this month" in text
    assert f"**{nights} night pages**" in text
    paged = _section(text, "What paged")
    assert "| Checkout API |" in paged and "| Search indexer |" in paged
    rows = [line for line in paged.splitlines() if line.startswith("| ") and "---" not in line]
    assert sum(int(r.split("|")[2]) for r in rows[1:]) == len(october)
    assert "**Payments** (1): https://issues.example.com/PAY-9" in _section(text, "Follow-ups")
    with demo_db.session() as s:
        report = monthly_report(s, date(2026, 10, 1))
    thanks = _section(text, "Thank you")
    for person in report.people:
        assert (person.name in thanks) == bool(person.shifts or person.ooh_hours)
    tours = cli("--db", demo_db.path, "tours", "list", "--format", "json").json()
    joining = [t for t in tours if t["start"].startswith("2026-11")]
    assert len(_section(text, "Joining and leaving in November 2026").split("Joining:")) - 1 == len(
        joining
    )
    forecast = cli(
        "--db", demo_db.path, "forecast", "--today", "2026-11-01", "--format", "json"
    ).json()
    short = [f for f in forecast if f["shortfall"]]
    assert ("## Call for volunteers" in text) == bool(short)
    first = short[0]
    assert f"approved by {first['recruit_by']}" in text


def test_update_refuses_a_bad_month_or_file_name(cli, demo_db, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    bad = cli("--db", demo_db.path, "update", "--month", "2026-13", "-o", folder / "u.md")
    assert bad.code == 2 and "2026-13" in bad.err
    wrong = cli("--db", demo_db.path, "update", "--month", "2026-10", "-o", folder / "u.txt")
    assert wrong.code == 2 and "should end in .md" in wrong.err
    assert list(folder.iterdir()) == []


def test_reports_screen_offers_the_same_draft_with_copy(main_window, demo_db, monkeypatch) -> None:
    from ui.update_dialog import UpdateDialog

    main_window.show_page("reports")
    screen = main_window.pages["reports"]
    screen.set_month(date(2026, 10, 1))
    opened: list[UpdateDialog] = []
    monkeypatch.setattr(UpdateDialog, "exec", lambda d: opened.append(d) or 0)
    screen.update_button.click()
    (dialog,) = opened
    with demo_db.session() as s:
        expected = monthly_update(s, date(2026, 10, 1))
    assert dialog.text() == expected
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == expected

"""`planner import-pages` reads PagerDuty's incident files; `follow-up` records a page's
follow-up and `pages` shows it (PRODUCT.md keys)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.pagerduty_files import sample, write_csv, write_json
from tests.ui.cli.conftest import digest

TEAM = [
    ("Jamal Washington", "jamal.washington@example.com"),
    ("Oliver Bennett", "oliver.bennett@example.com"),
    ("Siobhan Doyle", "siobhan.doyle@example.com"),
]
FIRST = datetime(2026, 10, 2, tzinfo=UTC)
KEYS = {
    "id", "at", "responder", "minutes", "night", "on_call", "summary", "link",
    "follow_up_team", "follow_up_link", "follow_up_state",
}  # fmt: skip


def test_import_pagerduty_json_dry_run_then_for_real_then_again(cli, demo_db, tmp_path) -> None:
    path = write_json(tmp_path / "incidents.json", sample(TEAM, FIRST))
    before = digest(demo_db.path)
    dry = cli("--db", demo_db.path, "import-pages", path, "--dry-run")
    assert dry.code == 0, dry.err
    assert "would add 12 page(s) from PagerDuty JSON" in dry.out
    assert "skipped incident Q013LOW: low urgency" in dry.out
    assert digest(demo_db.path) == before
    done = cli("--db", demo_db.path, "import-pages", path)
    assert done.code == 0 and "added 12 page(s)" in done.out
    again = cli("--db", demo_db.path, "import-pages", path)
    assert again.code == 0 and "added 0 page(s) from PagerDuty JSON; 12 already logged" in again.out
    rows = cli("--db", demo_db.path, "pages", "--format", "json").json()
    assert all(set(r) == KEYS for r in rows)
    imported = [r for r in rows if r["link"].startswith("https://acme.pagerduty.com/incidents/")]
    assert len(imported) == 12
    assert {r["follow_up_state"] for r in imported} == {None}


def test_import_pagerduty_csv(cli, demo_db, tmp_path) -> None:
    path = write_csv(tmp_path / "incidents.csv", sample(TEAM, FIRST))
    out = cli("--db", demo_db.path, "import-pages", path)
    assert out.code == 0, out.err
    assert "added 12 page(s) from PagerDuty CSV" in out.out
    assert "line 2 (incident Q001PDX)" in out.out


def test_bad_pagerduty_files_exit_2_with_one_line_and_nothing_written(
    cli, demo_db, tmp_path
) -> None:
    bad = sample([*TEAM[:2], ("Nobody Known", "nobody@elsewhere.example")], FIRST)
    cases = {
        "not-json.json": "{not json",
        "shape.json": '{"data": []}',
        "missing.json": '{"incidents": [{"id": "P1", "assignments": []}]}',
    }
    paths = [tmp_path / name for name in cases]
    for p, text in zip(paths, cases.values(), strict=True):
        p.write_text(text)
    paths.append(write_json(tmp_path / "unmatched.json", bad))
    before = digest(demo_db.path)
    for p in paths:
        out = cli("--db", demo_db.path, "import-pages", p)
        assert out.code == 2, (p.name, out.out)
        assert out.err.startswith("planner: ") and out.err.count("\n") == 1, out.err
        assert out.out == ""
        assert digest(demo_db.path) == before
    last = cli("--db", demo_db.path, "import-pages", paths[-1])
    assert "incident Q003PDX: resolved by 'Nobody Known': no volunteer has this email" in last.err


def test_follow_up_is_recorded_shown_and_filtered(cli, demo_db) -> None:
    rows = cli("--db", demo_db.path, "pages", "--format", "json").json()
    assert rows, "the demo has pages"
    page = rows[0]["id"]
    link = "https://issues.example.com/PAY-123"
    out = cli("--db", demo_db.path, "follow-up", page, "--team", "Payments", "--link", link)
    assert out.code == 0, out.err
    shown = {r["id"]: r for r in cli("--db", demo_db.path, "pages", "--format", "json").json()}
    assert (shown[page]["follow_up_team"], shown[page]["follow_up_link"]) == ("Payments", link)
    assert shown[page]["follow_up_state"] == "open"
    without = cli("--db", demo_db.path, "pages", "--follow-up", "none", "--format", "json").json()
    opened = cli("--db", demo_db.path, "pages", "--follow-up", "open", "--format", "json").json()
    assert [r["id"] for r in opened] == [page] and page not in [r["id"] for r in without]
    assert len(without) == len(rows) - 1
    cli("--db", demo_db.path, "follow-up", page, "--team", "Payments", "--state", "done")
    done = cli("--db", demo_db.path, "pages", "--follow-up", "done", "--format", "json").json()
    assert [r["id"] for r in done] == [page]


def test_a_bad_follow_up_changes_nothing(cli, demo_db) -> None:
    page = cli("--db", demo_db.path, "pages", "--format", "json").json()[0]["id"]
    before = digest(demo_db.path)
    for args, words in [
        ((page, "--link", "https://x.example/1"), "needs the owning team"),
        ((page, "--team", "Payments", "--link", "PAY-1"), "is not a web address"),
        ((999999, "--team", "Payments"), "no page with id 999999"),
    ]:
        out = cli("--db", demo_db.path, "follow-up", *args)
        assert out.code == 2 and words in out.err, out.err
    assert digest(demo_db.path) == before

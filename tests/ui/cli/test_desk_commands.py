"""``planner now [--at ISO]`` and ``planner audit`` on the demo database."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.ui.cli.conftest import digest


def _run(cli, db, *args):  # type: ignore[no-untyped-def]
    return cli("--db", db.path, *args)


def _rota(cli, db):  # type: ignore[no-untyped-def]
    rows = _run(cli, db, "rota", "--from", "2026-07-01", "--weeks", "60", "--format", "json")
    return rows.json()


def _iso(text: str, delta: timedelta = timedelta()) -> str:
    return (datetime.fromisoformat(text) + delta).isoformat()


def _now(cli, db, at: str) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    result = _run(cli, db, "now", "--at", at, "--format", "json")
    assert result.code == 0, result.err
    return {row["rotation"]: row for row in result.json()}


def test_now_during_a_cover_names_the_volunteer_covering(cli, demo_db) -> None:
    rota = _rota(cli, demo_db)
    shift = next(r for r in rota if r["covers"])
    cover = shift["covers"][0]
    now = _now(cli, demo_db, _iso(cover["from"], timedelta(minutes=30)))
    row = now[shift["rotation"]]
    assert row["email"] == cover["email"]
    assert row["covering"] is True
    assert (row["since"], row["until"]) == (cover["from"], cover["to"])
    assert row["next_email"] == shift["assignee"]  # the assignee takes it back
    assert set(row) == {
        "rotation", "email", "name", "site", "covering", "since", "until", "next_email"
    }  # fmt: skip


def test_now_at_a_handover_is_the_incoming_holder(cli, demo_db) -> None:
    rota = [r for r in _rota(cli, demo_db) if r["rotation"] == "Escalation L2"]
    before, after, later = rota[10], rota[11], rota[12]
    assert not after["covers"]
    at_handover = _now(cli, demo_db, after["slot_start"])["Escalation L2"]
    assert at_handover["email"] == after["assignee"]
    assert (at_handover["since"], at_handover["until"]) == (after["slot_start"], after["slot_end"])
    assert at_handover["next_email"] == later["assignee"]
    just_before = _now(cli, demo_db, _iso(after["slot_start"], -timedelta(minutes=1)))
    assert just_before["Escalation L2"]["email"] == before["assignee"]
    assert just_before["Escalation L2"]["until"] == after["slot_start"]
    assert just_before["Escalation L2"]["next_email"] == after["assignee"]


def test_now_in_a_gap_is_nobody_until_the_next_holder(cli, demo_db, demo_now) -> None:
    rota = [r for r in _rota(cli, demo_db) if r["rotation"] == "Primary"]
    drafts = [r for r in rota if r["state"] == "draft"]
    gap, following = drafts[2], drafts[3]
    week = gap["slot_start"][:10]
    assert _run(cli, demo_db, "assign", "--rotation", "Primary", "--week", week,
                "--volunteer", "none").code == 0  # fmt: skip
    row = _now(cli, demo_db, _iso(gap["slot_start"], timedelta(days=2)))["Primary"]
    assert row["email"] is None and row["name"] is None and row["covering"] is False
    assert (row["since"], row["until"]) == (gap["slot_start"], gap["slot_end"])
    assert row["next_email"] == following["assignee"]
    # After the last planned week nobody holds it and nothing is known to come.
    beyond = _now(cli, demo_db, _iso(rota[-1]["slot_end"], timedelta(days=1)))["Primary"]
    assert beyond["email"] is None
    assert (beyond["since"], beyond["until"], beyond["next_email"]) == (
        rota[-1]["slot_end"], None, None
    )  # fmt: skip


def test_now_refuses_an_instant_without_offset(cli, demo_db) -> None:
    before = digest(demo_db.path)
    result = _run(cli, demo_db, "now", "--at", "2026-12-01T10:00")
    assert result.code == 2
    assert result.err.strip() == (
        "planner: --at: '2026-12-01T10:00' needs a UTC offset, e.g. 2026-12-01T10:00+00:00"
    )
    assert digest(demo_db.path) == before


def test_now_table_lists_every_rotation(cli, demo_db) -> None:
    out = _run(cli, demo_db, "now", "--at", "2026-12-01T10:00+00:00").out
    assert out.splitlines()[0].split()[:3] == ["rotation", "email", "name"]
    assert "Primary" in out and "Escalation L2" in out


def test_audit_newest_first_filtered_by_kind_and_date(cli, demo_db, demo_now) -> None:
    rota = [r for r in _rota(cli, demo_db) if r["rotation"] == "Primary"]
    draft = next(r for r in rota if r["state"] == "draft")
    volunteers = _run(cli, demo_db, "volunteers", "--status", "on_tour", "--format", "json")
    for person in volunteers.json():  # the first on tour whom the hard rules allow
        if person["email"] == draft["assignee"]:
            continue
        result = _run(cli, demo_db, "cover", "--rotation", "Primary",
                      "--volunteer", person["email"], "--from", draft["slot_start"],
                      "--to", _iso(draft["slot_start"], timedelta(hours=6)))  # fmt: skip
        if result.code == 0:
            break
    assert result.code == 0, result.err
    every = _run(cli, demo_db, "audit", "--format", "json").json()
    assert every[0]["action"] == "cover recorded"
    assert every[0]["entity"] == "shift"
    assert every[0]["detail"]["start"].startswith(draft["slot_start"][:10])
    ats = [datetime.fromisoformat(e["at"]) for e in every]
    assert ats == sorted(ats, reverse=True)
    assert set(every[0]) == {"at", "action", "entity", "entity_id", "detail"}
    pay_runs = _run(cli, demo_db, "audit", "--entity", "pay_run", "--format", "json").json()
    assert pay_runs and {e["entity"] for e in pay_runs} == {"pay_run"}
    assert _run(cli, demo_db, "audit", "--since", "2999-01-01", "--format", "json").json() == []
    email = every[0]["detail"]["email"]
    mine = _run(cli, demo_db, "audit", "--volunteer", email, "--format", "json").json()
    assert mine[0]["action"] == "cover recorded"
    assert all(email in str(e) or e["entity"] in ("volunteer", "tour") for e in mine)


def test_audit_refuses_an_unknown_kind_and_a_bad_date(cli, demo_db) -> None:
    result = _run(cli, demo_db, "audit", "--entity", "shifts")
    assert result.code == 2
    assert result.err.startswith("planner: unknown entity kind 'shifts'; expected one of ")
    result = _run(cli, demo_db, "audit", "--since", "2026-13-01")
    assert (result.code, result.err.strip()) == (
        2, "planner: --since: not a date (YYYY-MM-DD): '2026-13-01'"
    )  # fmt: skip


def test_audit_table_reads_in_words_while_json_and_csv_keep_the_stored_values(cli, demo_db) -> None:  # type: ignore[no-untyped-def]
    table = _run(cli, demo_db, "audit", "--entity", "volunteer").out
    rest_line = next(line for line in table.splitlines() if "rest entitled" in line)
    assert "Rest: 1 day" in rest_line and "half_days" not in rest_line
    assert "Status was: " in table and "status_from" not in table
    as_csv = _run(cli, demo_db, "audit", "--entity", "volunteer", "--format", "csv").out
    assert "half_days=2" in as_csv and "Rest: " not in as_csv  # for scripts: as stored
    as_json = _run(cli, demo_db, "audit", "--entity", "volunteer", "--format", "json").json()
    rest = next(e for e in as_json if e["action"] == "rest entitled")
    assert rest["detail"]["half_days"] == 2

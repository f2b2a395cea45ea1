"""planner settings: list, set KEY VALUE, set-rotation; errors exit 2 with one line."""

from __future__ import annotations


def test_set_then_list_json_round_trip(cli, tmp_path) -> None:
    path = tmp_path / "p.db"
    assert cli("--db", path, "init").code == 0
    result = cli("--db", path, "settings", "set", "handover_weekday", "Thursday")
    assert result.code == 0, result.err
    assert cli("--db", path, "settings", "set", "office_days", "Mon,Tue,Wed,Thu").code == 0
    rows = {r["key"]: r for r in cli("--db", path, "settings", "--format", "json").json()}
    assert set(rows["handover_weekday"]) == {"key", "value", "default"}
    assert rows["handover_weekday"]["value"] == 3 and rows["handover_weekday"]["default"] == 4
    assert rows["office_days"]["value"] == [0, 1, 2, 3]
    table = cli("--db", path, "settings").out
    line = next(x for x in table.splitlines() if x.startswith("handover_weekday"))
    assert line.split()[:3] == ["handover_weekday", "Thursday", "Friday"]


def test_bad_value_exits_2_with_one_line_naming_key_and_value(cli, tmp_path) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    before = cli("--db", path, "settings", "--format", "csv").out
    result = cli("--db", path, "settings", "set", "office_end", "25:99")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "office_end" in result.err and "25:99" in result.err
    assert cli("--db", path, "settings", "--format", "csv").out == before


def test_set_rotation_changes_only_the_options_given(cli, tmp_path) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    first = cli("--db", path, "settings", "rotations", "--format", "json").json()[0]
    name = first["rotation"]
    result = cli(
        "--db", path, "settings", "set-rotation", name, "--team-max", "7", "--min-gap-weeks", "2"
    )
    assert result.code == 0, result.err
    after = cli("--db", path, "settings", "rotations", "--format", "json").json()[0]
    assert after == {**first, "team_max": 7, "min_gap_weeks": 2}
    bad = cli("--db", path, "settings", "set-rotation", name, "--team-min", "8")
    assert bad.code == 2 and "team_min 8 must not exceed team_max 7" in bad.err
    assert cli("--db", path, "settings", "rotations", "--format", "json").json()[0] == after


def test_set_rotation_without_options_says_what_to_give(cli, tmp_path) -> None:
    path = tmp_path / "p.db"
    cli("--db", path, "init")
    result = cli("--db", path, "settings", "set-rotation", "Primary")
    assert result.code == 2 and "--team-min" in result.err


def test_set_prints_what_the_change_did_in_the_settings_dialogs_words(
    cli, demo_db, monkeypatch
) -> None:
    from datetime import UTC, datetime

    monkeypatch.setattr(
        "planner.pay.settings_effects.utc_now", lambda: datetime(2026, 11, 26, 12, tzinfo=UTC)
    )
    path = demo_db.path
    demo_db.close()
    result = cli("--db", path, "settings", "set", "night_start", "21:00")
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert lines[0] == "night_start = 21:00"
    assert lines[1] == "Night window 00:00–07:00 → 21:00–07:00 (each responder's local time)."
    assert "6 become night pages" in lines[2] and "Rest owed +4 day(s)" in lines[3]
    bad = cli("--db", path, "settings", "set", "tour_months", "0")
    assert bad.code == 2
    assert bad.err == "planner: setting tour_months: '0' is not valid: expected 1 to 36\n"

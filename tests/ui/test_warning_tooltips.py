"""Every warning on the screens says the rule behind it: on the demo database, each table
cell, list item and label drawn in a warning colour (a gap, a broken rule, a stale run or
balance, a team short of its band, a page with no follow-up …) has a tooltip with
"Rule: …", in the words of the planner service that decides the warning."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QListView

from planner.pay.rest import stale_rule
from planner.rota.eligibility import HARD_RULES, INACTIVE_RULE, rule_of
from tests.conftest import TODAY
from tests.planner.rota_fixtures import freeze_now
from ui import palette
from ui.cli import main
from ui.rule_tips import LEGEND

WARNING_COLOURS = (
    "error",
    "error_fill",
    "gap_fill",
    "caution",
    "stale_fill",
    "stale_text",
    "warning_fill",
    "warning_text",
)
MAX_ROWS = 300  # per table: enough to meet every kind of warning, quick to walk


@pytest.fixture
def frozen(monkeypatch) -> datetime:  # type: ignore[no-untyped-def]
    instant = datetime.combine(TODAY, time(12), UTC)
    freeze_now(monkeypatch, instant)
    return instant


def _colour(value: object) -> str | None:
    if isinstance(value, QBrush):
        return value.color().name()
    if isinstance(value, QColor):
        return value.name()
    return None


def _warning_hexes() -> set[str]:
    current = palette.current()
    return {QColor(getattr(current, name)).name() for name in WARNING_COLOURS}


def _unexplained_cells(view: QAbstractItemView, where: str) -> tuple[int, list[str]]:
    warnings = _warning_hexes()
    model = view.model()
    seen, missing = 0, []
    columns = 1 if isinstance(view, QListView) else model.columnCount()
    for row in range(min(model.rowCount(), MAX_ROWS)):
        for column in range(columns):
            index = model.index(row, column)
            colours = {
                _colour(index.data(Qt.ItemDataRole.ForegroundRole)),
                _colour(index.data(Qt.ItemDataRole.BackgroundRole)),
            }
            if not colours & warnings:
                continue
            seen += 1
            tip = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
            if "Rule: " not in tip:
                missing.append(f"{where} {view.accessibleName()} ({row}, {column}): {tip!r}")
    return seen, missing


def _unexplained_labels(root, where: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    warnings = _warning_hexes()
    seen, missing = 0, []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text().strip() or label.property(LEGEND):
            continue
        drawn = label.styleSheet() + label.text()
        if not any(hexa in drawn for hexa in warnings) and "⚠" not in label.text():
            continue
        seen += 1
        if "Rule: " not in label.toolTip():
            missing.append(f"{where} label {label.text()[:80]!r}")
    return seen, missing


def _leave_a_gap(db, capsys) -> None:  # type: ignore[no-untyped-def]
    """A Primary week in the next four weeks left with nobody (``planner assign``)."""
    args = ["--db", str(db.path), "rota", "--from", TODAY.isoformat(), "--weeks", "4"]
    assert main([*args, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    week = next(
        r
        for r in rows[2:]
        if r["rotation"] == "Primary" and r["state"] != "worked" and r["assignee"]
    )
    start = week["slot_start"][:10]
    assign = ["assign", "--rotation", "Primary", "--week", start, "--volunteer", "none"]
    assert main(["--db", str(db.path), *assign]) == 0
    capsys.readouterr()


def test_every_warning_on_every_screen_states_its_rule(
    main_window, demo_db, frozen, capsys
) -> None:
    _leave_a_gap(demo_db, capsys)
    found: dict[str, int] = {}
    missing: list[str] = []
    main_window.pages["now"].set_moment(frozen)
    main_window.pages["timeline"].now = frozen
    for key in main_window.pages:
        main_window.show_page(key)
        page = main_window.pages[key]
        if key == "rest":
            page.tabs.setCurrentIndex(page.TAB_PAGES)  # the page log is read on its tab
        if key == "now":
            page._show_rest()
        count = 0
        for view in page.findChildren(QAbstractItemView):
            if view.model() is not None and not isinstance(view, QHeaderView):  # every tab's
                seen, lost = _unexplained_cells(view, key)
                count += seen
                missing += lost
        seen, lost = _unexplained_labels(page, key)
        count += seen
        missing += lost
        found[key] = count
    assert missing == [], "\n".join(missing)
    # the demo shows warnings on these screens: the walk met them
    for key in ("now", "rota", "rest", "pages"):
        assert found[key] > 0, found


def test_every_hard_rule_problem_names_its_rule() -> None:
    """The planner's own problem texts map to their rule (not the catch-all)."""
    examples = {
        "a@x.ie is not on tour for the whole slot": "tours",
        "a@x.ie is away 2027-01-01..2027-01-07 (leave)": "unavailable",
        "a@x.ie already holds Escalation L2 that week": "one rotation per person per week",
        "a@x.ie also holds Primary in the week of 2027-01-01: the gap must be 3 clear week(s)": (
            "minimum gap"
        ),
        "a@x.ie works at Dublin, not a site of Primary": "eligible sites",
        "a@x.ie is an engineer; Escalation L2 takes leader": "eligible roles",
        "uncovered": "holder",
        "a@x.ie is withdrawn": "approved",
    }
    for problem, words in examples.items():
        assert words in rule_of(problem), problem
    assert rule_of("a@x.ie is withdrawn") == INACTIVE_RULE
    assert len({rule for _w, rule in HARD_RULES}) >= 8
    assert "14 days" in stale_rule(14)


def test_a_correction_taken_back_on_the_pay_screen_states_the_rule(qtbot) -> None:
    """The demo's months have no negative adjustment: the Pay model's own case."""
    from planner.pay.lines import SummaryRow
    from planner.pay.runs import ADJUSTMENT_RULE
    from ui.models.pay_table_models import PaySummaryTableModel

    model = PaySummaryTableModel()
    model.set_rows([SummaryRow("Ann", "ann@x.ie", "Dublin", "EUR", 600, 10000, 0, -2500)])
    index = model.index(0, model.COL_ADJ)
    assert _colour(index.data(Qt.ItemDataRole.ForegroundRole)) in _warning_hexes()
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Ann" in tip and f"Rule: {ADJUSTMENT_RULE}" in tip


def test_the_stale_run_banner_carries_its_rule(main_window) -> None:
    """Shown only when the run is stale (never in the demo): its tooltip is there all the same."""
    from planner.pay.runs import STALE_RUN_RULE

    main_window.show_page("pay")
    assert f"Rule: {STALE_RUN_RULE}" in main_window.pages["pay"].warning_label.toolTip()

"""The coordinator's desk: the Now screen against ``planner now --at``, a cover made by
dragging on the timeline, the timeline's gaps and tooltips, and the Audit screen."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from planner.rota import covers
from tests.conftest import TODAY
from tests.planner.rota_fixtures import freeze_now
from ui import palette
from ui.cli import main
from ui.models.audit_table_model import AuditTableModel
from ui.rota_dialogs import CoverDialog
from ui.screens.now_screen import countdown

DUBLIN = ZoneInfo("Europe/Dublin")


@pytest.fixture
def planner(capsys):  # type: ignore[no-untyped-def]
    """``planner --db DB ARGS --format json`` in-process, parsed."""

    def run(db, *args: str):  # type: ignore[no-untyped-def]
        code = main(["--db", str(db.path), *args])
        out = capsys.readouterr()
        assert code == 0, out.err
        return json.loads(out.out) if "--format" in args else out.out

    return run


@pytest.fixture
def frozen(monkeypatch) -> datetime:  # type: ignore[no-untyped-def]
    """The demo was built for TODAY: the services see noon of that day as now."""
    instant = datetime.combine(TODAY, time(12), UTC)
    freeze_now(monkeypatch, instant)
    return instant


def _rota(planner, db):  # type: ignore[no-untyped-def]
    return planner(db, "rota", "--from", "2026-07-01", "--weeks", "60", "--format", "json")


def _shown(text: str | None) -> str:
    """An ISO instant as the Now screen shows it (home time)."""
    return (
        datetime.fromisoformat(text).astimezone(DUBLIN).strftime("%a %d %b %H:%M") if text else "—"
    )


def _make_gap(planner, db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Leave a future draft Primary week with nobody; returns that week's rota row."""
    drafts = [r for r in _rota(planner, db) if r["rotation"] == "Primary" and r["state"] == "draft"]
    gap = drafts[2]
    planner(db, "assign", "--rotation", "Primary", "--week", gap["slot_start"][:10],
            "--volunteer", "none")  # fmt: skip
    return gap


def _moments(planner, db) -> dict[str, datetime]:  # type: ignore[no-untyped-def]
    rota = _rota(planner, db)
    cover = next(r for r in rota if r["covers"])["covers"][0]
    handover = [r for r in rota if r["rotation"] == "Escalation L2"][11]["slot_start"]
    gap = _make_gap(planner, db)
    return {
        "during a cover": datetime.fromisoformat(cover["from"]) + timedelta(minutes=30),
        "at a handover": datetime.fromisoformat(handover),
        "in a gap": datetime.fromisoformat(gap["slot_start"]) + timedelta(days=2, hours=5),
    }


def test_the_now_screen_agrees_with_planner_now(main_window, demo_db, planner, frozen) -> None:
    assert main_window.stack.currentWidget() is main_window.pages["now"]  # the first screen
    screen = main_window.pages["now"]
    names = {v["email"]: v["name"] for v in planner(demo_db, "volunteers", "--format", "json")}
    for moment, at in _moments(planner, demo_db).items():
        screen.set_moment(at)
        expected = planner(demo_db, "now", "--at", at.isoformat(), "--format", "json")
        assert list(screen.cards) == [row["rotation"] for row in expected]
        for row in expected:
            card = screen.cards[row["rotation"]]
            where = f"{moment}, {row['rotation']}"
            if row["email"] is None:
                assert "Nobody on call" in card.holder.text(), where
                assert card.reason.isVisibleTo(card) and "Why:" in card.reason.text(), where
            else:
                assert html.escape(row["name"]) in card.holder.text(), where
                assert row["site"] in card.holder.text(), where
                assert row["site"] in card.local.text(), where
            assert card.covering.isVisibleTo(card) == row["covering"], where
            assert card.span.text() == (
                f"Since {_shown(row['since'])} · until {_shown(row['until'])} (Europe/Dublin)"
            ), where
            if row["next_email"]:
                assert html.escape(names[row["next_email"]]) in card.next.text(), where
            until = datetime.fromisoformat(row["until"])
            assert card.countdown.text() == f"Handover in {countdown(until - at)}", where
        covering = [r for r in expected if r["covering"]]
        assert bool(covering) == (moment == "during a cover")
        assert any(r["email"] is None for r in expected) == (moment == "in a gap")
    # in the gap, the next four weeks show that week in red, with the reason
    gap_cells = [
        screen.weeks.item(r, c)
        for r in range(screen.weeks.rowCount())
        for c in range(screen.weeks.columnCount())
        if screen.weeks.item(r, c).data(Qt.ItemDataRole.UserRole) == "gap"
    ]
    assert gap_cells and gap_cells[0].background().color() == palette.qcolor("error_fill")
    assert "Gap in Primary" in screen.gaps_label.text()


def test_the_now_screen_links_to_where_things_are_dealt_with(main_window, frozen, qtbot) -> None:
    screen = main_window.pages["now"]
    screen.set_moment(frozen)
    texts = [item.text for item in screen.items]
    assert any(t.startswith("Pay run for October 2026") for t in texts), texts
    pay = next(
        screen.attention.item(n)
        for n in range(screen.attention.count())
        if screen.attention.item(n).text().startswith("⚠ Pay run for October 2026")
    )
    assert "Rule: " in pay.toolTip()
    screen.attention.setCurrentItem(pay)
    qtbot.keyClick(screen.attention, Qt.Key.Key_Return)  # Enter opens where it is dealt with
    assert main_window.stack.currentWidget() is main_window.pages["pay"]
    main_window.show_page("now")
    screen.cards["Primary"].open.linkActivated.emit("screen:timeline")
    assert main_window.stack.currentWidget() is main_window.pages["timeline"]


def _free_candidate(demo_db, shift_id: int, start: datetime, end: datetime) -> str:
    with demo_db.session() as session:
        found = covers.cover_candidates(session, shift_id, start, end)
    return next(p.name for p, broken in found if not broken)


def test_a_cover_dragged_on_the_timeline_is_recorded(
    main_window, demo_db, planner, frozen, monkeypatch
) -> None:
    main_window.show_page("timeline")
    screen = main_window.pages["timeline"]
    screen.now = frozen
    draft = next(
        r for r in _rota(planner, demo_db) if r["rotation"] == "Primary" and r["state"] == "draft"
    )
    slot_start = datetime.fromisoformat(draft["slot_start"])
    screen.set_view("Week", slot_start.astimezone(DUBLIN).date())
    view = screen.view
    lane = next(i for i, x in enumerate(view.data.lanes) if x.rotation == "Primary")
    shift_id = next(s.shift_id for s in view.data.lanes[lane].stretches if s.shift_id)
    start = slot_start + timedelta(days=1, hours=2)  # Saturday 20:00 home time
    end = start + timedelta(hours=6)
    who = _free_candidate(demo_db, shift_id, start, end)
    seen: dict[str, object] = {}

    def fake_exec(dialog: CoverDialog) -> int:
        seen["range"] = dialog.range()
        dialog.person.setCurrentIndex(dialog.person.findText(who, Qt.MatchFlag.MatchStartsWith))
        dialog.note.setText("dragged on the timeline")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CoverDialog, "exec", fake_exec)
    y = view.lane_rect(lane).center().y()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(view.x_of(start), y))  # fmt: skip
    QTest.mouseMove(view, QPoint(view.x_of(start + timedelta(hours=3)), y))
    QTest.mouseMove(view, QPoint(view.x_of(end), y))
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(view.x_of(end), y))  # fmt: skip
    assert seen["range"] == (start, end)  # the dialog opened filled with the span dragged
    rota = planner(demo_db, "rota", "--from", draft["slot_start"][:10], "--weeks", "1",
                   "--format", "json")  # fmt: skip
    primary = next(r for r in rota if r["rotation"] == "Primary")
    emails = {v["name"]: v["email"] for v in planner(demo_db, "volunteers", "--format", "json")}
    assert {"email": emails[who], "from": start.isoformat(), "to": end.isoformat()} in [
        {**c, "from": datetime.fromisoformat(c["from"]).astimezone(UTC).isoformat(),
         "to": datetime.fromisoformat(c["to"]).astimezone(UTC).isoformat()}
        for c in primary["covers"]
    ]  # fmt: skip
    assert screen.status.text().startswith(f"Cover recorded: {who}")
    # the cover is now drawn over the shift, and holds the "who is on call" row
    covering = [s for s in view.data.lanes[lane].stretches if s.covering]
    assert [(s.holder.name, s.start, s.end) for s in covering] == [(who, start, end)]
    # Edit › Undo takes it away: the message no longer says it is recorded
    main_window.undo_action.trigger()
    assert not any(s.covering for s in view.data.lanes[lane].stretches)
    assert screen.status.text().startswith(f"Undone: cover of {who}")
    assert main_window.statusBar().currentMessage() == screen.status.text()
    main_window.redo_action.trigger()
    assert [s.holder.name for s in view.data.lanes[lane].stretches if s.covering] == [who]
    assert screen.status.text().startswith(f"Redone: cover of {who}")


def test_the_timeline_shows_gaps_in_red_and_says_why(main_window, demo_db, planner, frozen) -> None:
    gap = _make_gap(planner, demo_db)
    main_window.show_page("timeline")
    screen = main_window.pages["timeline"]
    screen.now = frozen
    start = datetime.fromisoformat(gap["slot_start"])
    screen.set_view("2 weeks", start.astimezone(DUBLIN).date())
    view = screen.view
    lane = next(i for i, x in enumerate(view.data.lanes) if x.rotation == "Primary")
    holes = [s for s in view.data.lanes[lane].stretches if s.is_gap]
    assert [(h.start, h.end) for h in holes] == [(start, datetime.fromisoformat(gap["slot_end"]))]
    middle = start + timedelta(days=2, hours=6)
    point = QPoint(view.x_of(middle), view.lane_rect(lane).center().y())
    hit = view.hit(point)
    assert hit is not None and hit.stretch is not None and hit.stretch.is_gap
    text = view.describe(hit)
    assert "Nobody on call" in text and "Why:" in text
    assert "Rule: every out-of-hours minute needs a holder in each rotation" in text
    assert f"Primary week of {gap['slot_start'][:10]}" not in text  # the reason, not the label
    la = start.astimezone(ZoneInfo("America/Los_Angeles"))
    assert f"San Francisco: {la:%a %d %b %H:%M}" in text
    # a shift's tooltip gives its holder and its times in every site's zone
    held = view.hit(QPoint(view.x_of(middle), view.lane_rect(1 - lane).center().y()))
    assert held is not None and held.stretch is not None and held.stretch.holder is not None
    described = view.describe(held)
    assert held.stretch.holder.name in described
    assert all(site in described for site in ("Dublin:", "London:", "San Francisco:"))
    # zoom from a day to a quarter
    spans = []
    for index in range(screen.zoom_box.count()):
        screen.zoom_box.setCurrentIndex(index)
        first, last = (t.astimezone(DUBLIN) for t in (view.data.start, view.data.end))
        assert first.time() == last.time() == time(0)  # home midnights, across a clock change
        spans.append((last.date() - first.date()).days)
    assert spans == [1, 7, 14, 31, 91]


def _every_row(screen):  # type: ignore[no-untyped-def]
    """Every entry the Audit screen's filters keep, read page by page as scrolling does."""
    model = screen.model
    while model.canFetchMore():
        model.fetchMore()
    return model.rows()


def test_the_audit_screen_filters_by_kind_person_and_date(
    main_window, demo_db, planner, frozen, qtbot, monkeypatch
) -> None:
    # pages of 40 entries: the demo's log (some 200) spans several, as a long log does
    monkeypatch.setattr(AuditTableModel, "PAGE", 40)
    gap = _make_gap(planner, demo_db)
    main_window.show_page("audit")
    screen = main_window.pages["audit"]
    everything = planner(demo_db, "audit", "--format", "json")
    assert len(everything) > 2 * AuditTableModel.PAGE
    assert len(screen.model.rows()) == AuditTableModel.PAGE  # one page read so far
    assert screen.model.total == len(everything)
    shown = _every_row(screen)
    assert [(r.action, r.entity) for r in shown] == [(e["action"], e["entity"]) for e in everything]
    assert shown[0].action == "shift assigned"  # the newest first
    screen.kind.setCurrentIndex(screen.kind.findData("pay_run"))
    expected = planner(demo_db, "audit", "--entity", "pay_run", "--format", "json")
    assert [r.action for r in _every_row(screen)] == [e["action"] for e in expected]
    assert {r.entity for r in _every_row(screen)} == {"pay_run"}
    screen.kind.setCurrentIndex(0)
    email = gap["assignee"]
    screen.person.setCurrentIndex(screen.person.findData(email))
    mine = planner(demo_db, "audit", "--volunteer", email, "--format", "json")
    assert len(_every_row(screen)) == len(mine) > 0
    screen.person.setCurrentIndex(0)
    screen.use_since.setChecked(True)
    screen.since.setDate(screen.since.date().addYears(5))
    assert _every_row(screen) == []
    screen.use_since.setChecked(False)
    screen.table.selectRow(0)
    details = screen.detail.toPlainText()
    assert "shift assigned" in details and "Week of" in details  # labelled, not the stored key
    assert f"Primary week of {gap['slot_start'][:10]}" in details


def test_opening_another_database_resets_the_desk_screens(main_window, demo_db, tmp_path) -> None:
    import shutil

    other = tmp_path / "other.db"
    shutil.copy(demo_db.path, other)
    main_window.show_page("audit")
    audit = main_window.pages["audit"]
    audit.kind.setCurrentIndex(audit.kind.findData("pay_run"))
    audit.search.setText("2026-09")
    main_window.show_page("timeline")
    timeline = main_window.pages["timeline"]
    timeline.status.setText("Cover recorded: someone in the old database")
    now = main_window.pages["now"]
    now.set_moment(datetime(2026, 12, 1, 3, tzinfo=UTC))
    main_window.switch_database(other, False)
    main_window.show_page("audit")
    assert audit.kind.currentData() is None and audit.search.text() == ""
    assert len(audit.model.rows()) > 100  # every kind again
    main_window.show_page("timeline")
    assert timeline.status.text() == ""
    assert now.moment is None  # back to the live clock


def test_the_live_now_screen_follows_the_clock(main_window, monkeypatch) -> None:
    screen = main_window.pages["now"]
    first = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
    monkeypatch.setattr("ui.screens.now_screen.utc_now", lambda: first)
    screen.set_moment(None)
    before = screen.cards["Primary"].countdown.text()
    assert "Tuesday 01 December 2026, 21:00 (Europe/Dublin)" in screen.heading.text()
    monkeypatch.setattr("ui.screens.now_screen.utc_now", lambda: first + timedelta(minutes=1))
    screen._tick()  # the 30-second timer
    assert "21:01 (Europe/Dublin)" in screen.heading.text()
    assert screen.cards["Primary"].countdown.text() != before


def test_a_gap_shows_the_planner_s_reason_once_the_screen_is_drawn_and_on_each_tick(
    main_window, demo_db, planner, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The holders are read first (plain SQL, the app's first data); why nobody holds a
    slot with no assignee comes from the planner, just after, and stays through the live
    clock's ticks."""
    from planner.rota.on_call import on_call_at

    gap = _make_gap(planner, demo_db)
    at = datetime.fromisoformat(gap["slot_start"]) + timedelta(days=2, hours=5)
    with demo_db.session() as session:
        reason = next(r.reason for r in on_call_at(session, at) if r.rotation == "Primary")
    assert reason and "Primary" not in reason  # the planner's words, not the slot's label
    monkeypatch.setattr("ui.screens.now_screen.utc_now", lambda: at)
    screen = main_window.pages["now"]
    screen.reset()
    screen.refresh()  # as on a visit: the holders at once, the rest once they are drawn
    card = screen.cards["Primary"]
    assert "Nobody on call" in card.holder.text()
    qtbot.waitUntil(lambda: card.reason.isVisibleTo(card))
    assert html.escape(reason) in card.reason.text()
    screen._tick()  # the 30-second timer: the holders again, the reason kept
    assert card.reason.isVisibleTo(card) and html.escape(reason) in card.reason.text()


def test_refresh_re_reads_the_weeks_and_list_when_the_holders_are_unchanged(
    main_window, demo_db, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A refresh redraws the screen, so its later rows are read again although nothing on
    the holders' cards changed (they waited for a frame that never came)."""
    at = datetime(2026, 12, 1, 21, tzinfo=UTC)
    monkeypatch.setattr("ui.screens.now_screen.utc_now", lambda: at)
    screen = main_window.pages["now"]
    screen.refresh()
    qtbot.waitUntil(lambda: not screen.rest_due)

    def waiting() -> list[str]:
        return [screen.attention.item(n).text() for n in range(screen.attention.count())]

    assert any("without a follow-up" in text for text in waiting())
    with demo_db.transaction() as session:  # the command line, say, logged follow-ups
        session.connection().exec_driver_sql("DELETE FROM page")
    main_window.refresh_all()  # as after an undo (Ctrl+Z): no button drawn pressed
    qtbot.waitUntil(lambda: not screen.rest_due)
    assert not any("without a follow-up" in text for text in waiting())

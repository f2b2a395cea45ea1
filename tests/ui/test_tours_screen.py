"""The Tours screen: timeline per rotation, breaches, editing with validation, planning."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication
from sqlmodel import select

from planner.core.db import open_database
from planner.core.models import Rotation, Tour, Volunteer
from planner.people import volunteers
from tests.conftest import TODAY
from tests.planner.intake_helpers import snapshot
from ui.main_window import MainWindow
from ui.tour_dates_dialog import TourDatesDialog
from ui.tour_timeline_view import LABEL_W


def _tours_page(window: MainWindow):
    window.show_page("tours")
    page = window.pages["tours"]
    page.today = TODAY
    page.refresh()
    return page


def test_timeline_groups_every_tour_by_rotation_and_marks_breaches(main_window, demo_db) -> None:
    page = _tours_page(main_window)
    lanes = {lane.name: lane for lane in page.timeline.lanes}
    assert list(lanes) == ["Primary", "Escalation L2"]
    with demo_db.session() as s:
        tours = s.exec(select(Tour)).all()
    assert sum(len(lane.bars) for lane in lanes.values()) == len(tours)
    assert page.timeline.today == TODAY
    nov = next(m for m in lanes["Primary"].months if m.month == date(2026, 11, 1))
    assert 6 <= nov.size_min <= nov.size_max <= 8
    # the demo's leaders are three at a time, inside Escalation L2's own 3-5 band
    assert lanes["Escalation L2"].breach_months == {}
    assert page.view.width() > 1000 and page.view.height() > 400
    # a narrower band for the leaders makes their team of 3 a breach, flagged on screen
    with demo_db.transaction() as s:
        l2 = s.exec(select(Rotation).where(Rotation.name == "Escalation L2")).one()
        l2.team_min, l2.team_max = 4, 6
        s.add(l2)
    page.refresh()
    lanes = {lane.name: lane for lane in page.timeline.lanes}
    assert lanes["Escalation L2"].breach_months
    assert "stagger breach" in page.summary.text()
    assert any(
        "Escalation L2: team of 3" in page.problems.item(i).text()
        for i in range(page.problems.count())
    )


def _first_tour(demo_db, email: str):
    with demo_db.session() as s:
        v = volunteers.by_email(s, email)
        return s.exec(select(Tour).where(Tour.volunteer_id == v.id)).one()


def test_edit_dialog_refuses_last_day_before_first(main_window, demo_db, qtbot) -> None:
    page = _tours_page(main_window)
    tour = _first_tour(demo_db, "ruairi.mccarthy@example.com")
    page.view.selected_tour = tour.id
    dialog = TourDatesDialog(page.get_db, page.selected_tour(), parent=page, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.last_day.setDate(dialog.start.date().addDays(-3))
    assert "before the first day" in dialog.error.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_end_early_from_the_dialog(main_window, demo_db, qtbot) -> None:
    page = _tours_page(main_window)
    tour = _first_tour(demo_db, "ruairi.mccarthy@example.com")
    page.view.selected_tour = tour.id
    dialog = TourDatesDialog(
        page.get_db, page.selected_tour(), TourDatesDialog.END_EARLY, page, TODAY
    )
    qtbot.addWidget(dialog)
    dialog.last_day.setDate(dialog.last_day.date().fromString("2027-01-31", "yyyy-MM-dd"))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert _first_tour(demo_db, "ruairi.mccarthy@example.com").end == date(2027, 2, 1)


def test_dragging_onto_another_tour_is_refused_and_changes_nothing(
    qtbot, tmp_path, qsettings, monkeypatch
) -> None:
    db = open_database(tmp_path / "p.db", create=True)
    with db.transaction() as s:
        v = volunteers.create(s, name="Ann", email="ann@example.com", site="Dublin")
        from planner.people import tours

        first = tours.create_tour(s, v, date(2027, 1, 1)).id
        tours.create_tour(s, v, date(2027, 8, 1))
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    page = _tours_page(window)
    warnings = []
    monkeypatch.setattr(
        "ui.screens.tours_screen.QMessageBox.warning", lambda *a: warnings.append(a[2])
    )
    before = snapshot(db)
    page.move_tour(first, date(2027, 3, 1), date(2027, 9, 1))
    assert warnings and "overlaps the tour 2027-08-01" in warnings[0]
    assert snapshot(db) == before
    page.move_tour(first, date(2027, 1, 15), date(2027, 7, 15))
    with db.session() as s:
        assert s.get(Tour, first).start == date(2027, 1, 15)
    db.close()


def test_plan_tours_shows_the_proposal_and_accepting_creates_them(
    qtbot, db, qsettings, monkeypatch
) -> None:
    with db.transaction() as s:
        for n in range(8):
            v = volunteers.create(
                s,
                name=f"Eng {n}",
                email=f"e{n}@example.com",
                site="London",
                available_from=date(2026, 12, 1),
            )
            volunteers.change_status(s, v, "approved", TODAY)
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    page = _tours_page(window)
    page.plan_tours()
    qtbot.waitUntil(lambda: page.plan_dialog is not None and page.plan_dialog.isVisible())
    dialog = page.plan_dialog
    assert dialog.model.rowCount() == 8
    hatched = [b for lane in page.timeline.lanes for b in lane.bars if b.status == "proposed"]
    assert len(hatched) == 8
    with db.session() as s:
        assert s.exec(select(Tour)).all() == []  # nothing written before Accept
    # the proposal can be reviewed: no modal window, the first hatched bar scrolled into view
    assert QApplication.activeModalWidget() is None and not dialog.isModal()
    first = min(page.view.proposed_rects(), key=lambda r: (r.top(), r.left()))
    left, top = (
        page.timeline_scroll.horizontalScrollBar().value(),
        page.timeline_scroll.verticalScrollBar().value(),
    )
    viewport = page.timeline_scroll.viewport().size()
    assert left + LABEL_W <= first.left() < left + viewport.width()  # right of the names
    assert top <= first.top() and first.bottom() < top + viewport.height()
    assert not page.plan_button.isEnabled()  # one proposal at a time
    dialog.accept_plan()
    qtbot.waitUntil(lambda: page.plan_dialog is None and page.plan_button.isEnabled())
    with db.session() as s:
        assert len(s.exec(select(Tour)).all()) == 8
    # no breach, but the team is still forming (nobody on tour before December): said so
    assert "stagger breach" not in page.summary.text()
    assert "below its band: Primary: forming, 0 of 6–8 today" in page.summary.text()
    assert all(b.status == "planned" for lane in page.timeline.lanes for b in lane.bars)


def test_cancelling_the_proposal_writes_nothing(qtbot, demo_db, main_window) -> None:
    page = _tours_page(main_window)
    before = snapshot(demo_db)
    page.plan_tours()
    qtbot.waitUntil(lambda: page.plan_dialog is not None and page.plan_dialog.isVisible())
    assert page.plan_dialog.model.rowCount() == 2  # the demo's two approved volunteers
    page.plan_dialog.reject()
    qtbot.waitUntil(lambda: page.plan_dialog is None and page.plan_button.isEnabled())
    assert snapshot(demo_db) == before
    assert not page.view.proposed_rects()  # the hatching is gone
    with demo_db.session() as s:
        assert s.exec(select(Volunteer).where(Volunteer.status == "approved")).first()


def test_tours_cannot_be_moved_while_a_proposal_is_open(qtbot, demo_db, main_window) -> None:
    page = _tours_page(main_window)
    page.plan_tours()
    qtbot.waitUntil(lambda: page.plan_dialog is not None)
    first = _first_tour(demo_db, "alex.morgan@example.com")
    before = snapshot(demo_db)
    page.move_tour(first, date(2027, 1, 15), date(2027, 7, 15))
    assert snapshot(demo_db) == before
    page.plan_dialog.reject()


def test_dragging_a_bar_moves_the_tour_by_the_dragged_days(main_window, demo_db, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from ui.tour_timeline_view import MONTH_W

    page = _tours_page(main_window)
    view = page.view
    row = next(r for r in view._rows if r.bar and r.bar.email == "callum.reid@example.com")
    rect = view.bar_rect(row)
    moved = []
    view.moveRequested.disconnect()
    view.moveRequested.connect(lambda *args: moved.append(args))
    start = rect.center()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(MONTH_W, 0))
    QTest.mouseRelease(
        view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(MONTH_W, 0)
    )
    ((tour_id, new_start, new_end),) = moved
    assert tour_id == row.bar.tour_id and view.selected_tour == tour_id
    assert 28 <= (new_start - row.bar.start).days <= 31
    assert (new_end - new_start) == (row.bar.end - row.bar.start)


def test_a_bug_while_planning_says_so_plainly_and_logs_the_traceback(
    qtbot, main_window, monkeypatch, caplog
) -> None:
    page = _tours_page(main_window)
    warnings: list[str] = []
    monkeypatch.setattr(
        "ui.screens.tours_screen.QMessageBox.warning", lambda *a: warnings.append(a[2])
    )

    def broken(session, today, **_options):  # type: ignore[no-untyped-def]
        return {}["no such key"]

    monkeypatch.setattr("planner.people.stagger.propose", broken)
    with caplog.at_level("ERROR", logger="planner"):
        page.plan_tours()
        qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert warnings == [
        "Something went wrong while planning tours; the details were written to the log."
    ]
    assert "KeyError: 'no such key'" in caplog.text and "Traceback" in caplog.text
    assert page.plan_button.isEnabled()


def test_the_screen_keeps_qwidget_scroll(main_window) -> None:
    """The timeline's scroll area once shadowed QWidget.scroll: calling it raised TypeError."""
    page = _tours_page(main_window)
    page.scroll(0, 0)  # QWidget.scroll(dx, dy): scrolls the screen's own contents
    assert page.timeline_scroll.widget() is page.view


def test_a_refresh_reads_the_teams_once_for_the_timeline_and_the_forecast(
    main_window, demo_db, monkeypatch
) -> None:
    from planner.people import stagger
    from planner.people.forecast import forecast
    from planner.people.timeline import timeline

    page = _tours_page(main_window)
    calls: list[object] = []
    real = stagger.teams
    monkeypatch.setattr(stagger, "teams", lambda *a, **k: calls.append(a) or real(*a, **k))
    page.refresh()
    assert len(calls) == 1
    with demo_db.session() as session:  # each read on its own gives the same
        assert page.timeline == timeline(session, page.day())
        assert page.forecast == forecast(session, page.day())

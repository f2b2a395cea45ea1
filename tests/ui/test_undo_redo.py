"""Undo and redo of every kind of edit: the database is back exactly as it was.

Each edit runs through the window's Edits (what the screens and dialogs use); undo and
redo go through the Edit menu's actions. The comparison is a dump of every table but the
audit log, read with sqlite3 directly, not with the code under test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from sqlmodel import col, select

from planner.core import home, sites
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.models import Cover, Page, RestEntry, Shift, Tour, Volunteer
from planner.core.month import Month
from planner.pay import fees, pages, rest, rule_effects, runs, settings_effects
from planner.people import intake, stagger, tours, volunteers
from planner.rota import allocation, covers, rotations
from planner.rota.weeks import ensure_slots, publish, reopen
from tests.conftest import TODAY

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "volunteer-intake.csv"
NOW = datetime.now(UTC)


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] not in ("audit_log", "alembic_version") and not r[0].startswith("sqlite_")
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


def _future_shifts(s, rotation: str = "Primary", assigned: bool = True) -> list[Shift]:  # type: ignore[no-untyped-def]
    rot = rotation_by_name(s, rotation)
    found = [
        sh
        for sh in s.exec(
            select(Shift).where(Shift.rotation_id == rot.id).order_by(Shift.slot_start)
        )
        if sh.slot_start > NOW + timedelta(days=7) and (sh.volunteer_id is not None) == assigned
    ]
    return found


def _cover(s):  # type: ignore[no-untyped-def]
    shift = _future_shifts(s)[0]
    other = next(
        v
        for v in s.exec(select(Volunteer).where(Volunteer.role == "engineer"))
        if v.id != shift.volunteer_id and v.status == "on_tour"
    )
    start = shift.slot_start + timedelta(days=1)
    return covers.add_cover(
        s, rotation_by_name(s, "Primary"), other, start, start + timedelta(hours=6), "dentist"
    )


def _remove_cover(s):  # type: ignore[no-untyped-def]
    cover = s.exec(select(Cover).order_by(col(Cover.id).desc())).first()
    covers.delete_cover(s, cover.id)


def _swap(s):  # type: ignore[no-untyped-def]
    shifts = _future_shifts(s) + _future_shifts(s, "Escalation L2")
    for a in shifts:
        for b in shifts:
            if a.id < b.id and a.rotation_id == b.rotation_id and a.volunteer_id != b.volunteer_id:
                try:
                    with s.begin_nested():
                        covers.swap(s, a.id, b.id)
                    return
                except PlannerError:  # a pair the rules refuse: try the next
                    continue
    raise AssertionError("no swappable pair")


def _assign(s):  # type: ignore[no-untyped-def]
    shift = _future_shifts(s)[-1]
    covers.assign(s, shift.id, None)


def _publish(s):  # type: ignore[no-untyped-def]
    return publish(s, NOW.date() + timedelta(days=60), 8)


def _reopen(s):  # type: ignore[no-untyped-def]
    return reopen(s, NOW.date() + timedelta(days=7), 4)


def _plan(s):  # type: ignore[no-untyped-def]
    start = NOW.date() + timedelta(days=200)
    ensure_slots(s, start, 4)
    return allocation.accept(s, allocation.propose(s, start, 4))


def _new_volunteer(s):  # type: ignore[no-untyped-def]
    v = volunteers.create(s, name="Nora Quinn", email="nora@example.com", site="Dublin")
    volunteers.add_unavailability(s, v, date(2027, 2, 1), date(2027, 2, 5), "leave")


def _edit_volunteer(s):  # type: ignore[no-untyped-def]
    v = volunteers.by_email(s, volunteers.list_volunteers(s)[0].email)
    site = volunteers.site_names(s)[-1]
    volunteers.update(s, v, name=v.name + " Jr", email=v.email, site=site, role=v.role)


def _status(s):  # type: ignore[no-untyped-def]
    v = next(v for v in s.exec(select(Volunteer)) if v.status == "applied")
    volunteers.change_status(s, v, "approved", TODAY, "interviewed")


def _tour_dates(s):  # type: ignore[no-untyped-def]
    tour = s.exec(select(Tour).order_by(col(Tour.end).desc())).first()
    tours.change_dates(s, tour.id, tour.start, tour.end - timedelta(days=40), "shorter")


def _extend(s):  # type: ignore[no-untyped-def]
    tour = s.exec(select(Tour).order_by(col(Tour.end).desc())).first()
    tours.extend(s, tour.id, 1)


def _end_early(s):  # type: ignore[no-untyped-def]
    tour = s.exec(select(Tour).order_by(col(Tour.end).desc())).first()
    tours.end_early(s, tour.id, tour.start + timedelta(days=60), "moved team")


def _plan_tours(s):  # type: ignore[no-untyped-def]
    v = next(v for v in s.exec(select(Volunteer)) if v.status == "applied")
    volunteers.change_status(s, v, "approved", TODAY)
    return stagger.accept(s, stagger.propose(s, TODAY))


def _fee(s):  # type: ignore[no-untyped-def]
    fees.add_fee(s, rotation_by_name(s, "Primary"), "EUR", 61000, date(2027, 6, 1), 6000)


def _settings(s):  # type: ignore[no-untyped-def]
    # as Edit › Settings… saves it: the open months' pages are classified again (a window
    # from 21:00 makes six of them night pages and earns rest)
    settings_effects.apply(
        s,
        {"tour_months": "5", "night_start": "21:00", "night_end": "06:30"},
        {"Primary": {"team_max": "9"}},
    )


def _rest(s):  # type: ignore[no-untyped-def]
    v = next(v for v in s.exec(select(Volunteer)) if v.status == "on_tour")
    rest.add_entry(s, v, "taken", TODAY, 1, "", "day off")


def _page(s):  # type: ignore[no-untyped-def]
    v = next(v for v in s.exec(select(Volunteer)) if v.status == "on_tour")
    pages.add_page(s, datetime(2026, 11, 21, 2, 30, tzinfo=UTC), v.email, 25, "disk full")


def _import(s):  # type: ignore[no-untyped-def]
    good = "\n".join(
        line for n, line in enumerate(SAMPLE.read_text("utf-8-sig").splitlines()) if n < 4
    )
    path = Path(s.get_bind().url.database).with_name("intake.csv")
    path.write_text(good + "\n", "utf-8")
    preview = intake.preview_file(s, path, TODAY)
    return intake.apply_preview(s, preview, TODAY)


def _pay_run(s):  # type: ignore[no-untyped-def]
    month = next(m for m in runs.pay_months(s) if runs.run_info(s, m).state != "closed")
    return runs.build_run(s, month)


def _delete_page(s):  # type: ignore[no-untyped-def]
    page = s.exec(select(Page).where(Page.night == True)).first()  # noqa: E712
    pages.delete_page(s, page.id)


def _delete_rest(s):  # type: ignore[no-untyped-def]
    entry = s.exec(select(RestEntry).where(RestEntry.kind == "entitled")).first()
    if entry.reason == "night_page":
        entry = next(e for e in s.exec(select(RestEntry).where(RestEntry.kind == "taken")).all())
    rest.delete_entry(s, entry.id)


def _follow_up(s):  # type: ignore[no-untyped-def]
    page = s.exec(select(Page)).first()
    pages.set_follow_up(s, page.id, "Payments", "https://issues.example.com/1", "open")


def _new_rotation(s):  # type: ignore[no-untyped-def]
    spec = rotations.RotationSpec(
        "Follow the sun SF", ("engineer",), ("San Francisco",), ((time(2), time(9)),), 1
    )
    rule_effects.apply(s, lambda x: rotations.add_rotation(x, spec))
    ensure_slots(s, NOW.date() + timedelta(days=30), 2)


def _site(s):  # type: ignore[no-untyped-def]
    london = next(x for x in home.sites(s) if x.name == "London")
    values = sites.values_of(london)
    new = sites.SiteValues("Europe/London", values.currency, "GB", "SCT", False)
    rule_effects.apply(s, lambda x: sites.update_site(x, "London", new))


def _retire(s):  # type: ignore[no-untyped-def]
    day = NOW.date() + timedelta(days=300)
    ensure_slots(s, day - timedelta(days=14), 4)
    rotations.retire_rotation(s, "Escalation L2", day)


EDITS: dict[str, Callable[..., object]] = {
    "cover": _cover,
    "removal of a cover": _remove_cover,
    "swap": _swap,
    "assignment": _assign,
    "publish": _publish,
    "re-open": _reopen,
    "plan accepted": _plan,
    "new volunteer": _new_volunteer,
    "volunteer edit": _edit_volunteer,
    "status change": _status,
    "tour dates": _tour_dates,
    "tour extension": _extend,
    "tour ended early": _end_early,
    "tours planned": _plan_tours,
    "fee": _fee,
    "settings": _settings,
    "rest entry": _rest,
    "page": _page,
    "volunteer import": _import,
    "pay run build": _pay_run,
    "new rotation": _new_rotation,
    "site change": _site,
    "rotation retired": _retire,
    "page deleted": _delete_page,
    "rest entry deleted": _delete_rest,
    "follow-up": _follow_up,
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_undo_puts_the_database_back_exactly_and_redo_does_it_again(
    main_window, demo_db, kind
) -> None:
    before = dump(demo_db.path)
    main_window.edits.run(kind, EDITS[kind])
    after = dump(demo_db.path)
    assert after != before, "the edit changed nothing"
    assert main_window.undo_action.isEnabled()
    assert main_window.undo_action.text() == f"&Undo {kind}"

    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before
    assert main_window.redo_action.text() == f"&Redo {kind}"

    main_window.redo_action.trigger()
    assert dump(demo_db.path) == after
    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before


def test_a_cover_recorded_in_the_rota_screen_is_undone_from_the_edit_menu(
    main_window, demo_db, monkeypatch
) -> None:
    main_window.show_page("rota")
    page = main_window.pages["rota"]
    page.set_range(NOW.date() + timedelta(days=14), 4)
    row, column = 0, 1
    cell = page.model.cell(row, column)
    assert cell is not None and cell.volunteer_id is not None
    before = dump(demo_db.path)
    chosen: list[str] = []

    def fill(dialog):  # type: ignore[no-untyped-def]
        if chosen:
            return QDialog.DialogCode.Rejected
        dialog.person.setCurrentIndex(1)
        chosen.append(dialog.person.currentText().split(" — ")[0])
        dialog.start.setDateTime(dialog.start.dateTime().addSecs(24 * 3600))
        dialog.end.setDateTime(dialog.start.dateTime().addSecs(4 * 3600))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr("ui.rota_dialogs.CoverDialog.exec", fill)
    page.table.setCurrentIndex(page.model.index(row, column))
    page.cover_selected()
    assert chosen and chosen[0] in page.model.display(row, column)
    day = (cell.slot_start + timedelta(days=1)).astimezone(page.tz)
    assert main_window.undo_action.text() == f"&Undo cover of {chosen[0]}, {day:%d %b}"

    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before
    assert chosen[0] not in page.model.display(row, column)  # the screen shows it at once
    assert page.status.text() == f"Undone: cover of {chosen[0]}, {day:%d %b}"
    main_window.redo_action.trigger()
    assert chosen[0] in page.model.display(row, column)
    assert page.status.text() == f"Redone: cover of {chosen[0]}, {day:%d %b}"


def test_an_undo_that_would_overwrite_a_later_change_is_refused(
    main_window, demo_db, monkeypatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *a: warned.append(a[2]))
    main_window.edits.run("cover", _cover)
    with demo_db.transaction() as s:  # the command line removes that cover meanwhile
        _remove_cover(s)
    after_cli = dump(demo_db.path)
    main_window.undo_action.trigger()
    assert warned and "has changed since" in warned[0]
    assert dump(demo_db.path) == after_cli  # nothing overwritten
    assert not main_window.undo_action.isEnabled()


def test_closing_a_pay_run_cannot_be_undone_nor_anything_before_it(main_window, demo_db) -> None:
    main_window.edits.run("rest entry", _rest)
    assert main_window.undo_action.isEnabled()
    with demo_db.transaction() as s:  # last month's run, built and exported
        month = max(
            m
            for m in runs.pay_months(s)
            if runs.run_info(s, m).state != "closed" and m < Month.of(NOW)
        )
        runs.build_run(s, month)
        runs.mark_exported(s, month)
    main_window.edits.run_final(lambda s: runs.close_run(s, month))
    with demo_db.session() as s:
        assert runs.run_info(s, month).state == "closed"
    assert not main_window.undo_action.isEnabled()

"""The printed rota's data: who holds each rotation on each day, handovers, covers, drafts."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import select

from planner.core.models import Volunteer
from planner.outputs.calendar import build_rota_calendar
from tests.planner import rota_rows
from tests.planner.rota_rows import add_cover, fill_rota

team_db = rota_rows.team_db  # the fixture


def _day(page, day):  # type: ignore[no-untyped-def]
    return next(d for week in page.weeks for d in week if d.day == day and d.in_month)


def test_each_day_names_the_holders_and_the_handover_day_both(team_db) -> None:
    with team_db.transaction() as s:
        shifts = fill_rota(s, date(2027, 1, 1), 6)
        names = {v.id: v.name for v in s.exec(select(Volunteer)).all()}
    with team_db.session() as s:
        data = build_rota_calendar(s, date(2027, 1, 1), 1)
    page = data.months[0]
    assert page.title == "January 2027"
    assert sum(d.in_month for w in page.weeks for d in w) == 31
    primary = [x for x in shifts if x.rotation_id == shifts[0].rotation_id]
    saturday = _day(page, date(2027, 1, 2))
    held = saturday.rotations[0].holders
    assert [(h.kind, h.name) for h in held] == [("holder", names[primary[0].volunteer_id])]
    friday = _day(page, date(2027, 1, 8))
    assert friday.handover == time(18, 0)
    outgoing, incoming = friday.rotations[0].holders
    assert (outgoing.kind, outgoing.name, outgoing.times) == (
        "outgoing", names[primary[0].volunteer_id], "–18:00",
    )  # fmt: skip
    assert (incoming.kind, incoming.name, incoming.times) == (
        "incoming", names[primary[1].volunteer_id], "18:00–",
    )  # fmt: skip
    assert friday.rotations[1].rotation == "Escalation L2"


def test_covers_are_marked_with_their_local_times(team_db) -> None:
    with team_db.transaction() as s:
        shifts = fill_rota(s, date(2027, 1, 1), 2)
        coverer = s.exec(select(Volunteer).where(Volunteer.name == "Tom Whitaker")).one()
        add_cover(s, shifts[0], coverer, 2, 6)  # Friday 20:00 to Saturday 02:00 Dublin time
    with team_db.session() as s:
        page = build_rota_calendar(s, date(2027, 1, 1), 1).months[0]
    friday = [h for h in _day(page, date(2027, 1, 1)).rotations[0].holders if h.kind == "cover"]
    saturday = [h for h in _day(page, date(2027, 1, 2)).rotations[0].holders if h.kind == "cover"]
    assert [(h.name, h.times) for h in friday] == [("Tom Whitaker", "20:00–")]
    assert [(h.name, h.times) for h in saturday] == [("Tom Whitaker", "–02:00")]
    assert "Tom Whitaker" in {e.name for e in page.legend}


def test_drafts_only_when_asked_and_holidays_marked(team_db) -> None:
    with team_db.transaction() as s:
        fill_rota(s, date(2027, 3, 1), 5, state="draft")
    with team_db.session() as s:
        without = build_rota_calendar(s, date(2027, 3, 1), 1).months[0]
        with_drafts = build_rota_calendar(s, date(2027, 3, 1), 1, include_drafts=True).months[0]
    assert without.names() == set() and not without.has_drafts
    assert with_drafts.names() and with_drafts.has_drafts
    named = [h for w in with_drafts.weeks for d in w for r in d.rotations for h in r.holders
             if h.name]  # fmt: skip
    assert named and all(h.draft for h in named)
    kinds = {h.kind for w in without.weeks for d in w for r in d.rotations for h in r.holders}
    assert kinds == {"unpublished"}  # said plainly on the page, not left blank
    assert _day(without, date(2027, 3, 17)).holiday == "Saint Patrick's Day"


def test_handover_stays_at_18_local_across_the_clock_changes(team_db) -> None:
    with team_db.transaction() as s:
        fill_rota(s, date(2027, 3, 19), 3)  # Europe springs forward on Sunday 28 March
        fill_rota(s, date(2027, 10, 22), 3)  # and falls back on Sunday 31 October
    with team_db.session() as s:
        spring = build_rota_calendar(s, date(2027, 3, 1), 2)
        autumn = build_rota_calendar(s, date(2027, 10, 1), 2)
    for data, fridays in (
        (spring, [date(2027, 3, 26), date(2027, 4, 2)]),
        (autumn, [date(2027, 10, 29), date(2027, 11, 5)]),
    ):
        days = {d.day: d for page in data.months for w in page.weeks for d in w if d.in_month}
        for friday in fridays:
            assert days[friday].handover == time(18, 0)
            kinds = [h.kind for h in days[friday].rotations[0].holders]
            assert kinds == ["outgoing", "incoming"]
        sunday = next(d for d in days if d.weekday() == 6 and fridays[0] < d < fridays[1])
        assert [h.kind for h in days[sunday].rotations[0].holders] == ["holder"]


def test_the_command_line_reads_what_the_app_reads(demo_db) -> None:
    """``print-rota`` reads with sqlite3 (no SQLAlchemy to import): the same shifts, covers,
    home calendar and pages as the app's session and its ORM queries, drafts or not, with
    settings changed from their defaults."""
    from datetime import UTC, datetime

    from planner.core import rows as core_rows
    from planner.core import settings
    from planner.core.home import home_calendar
    from planner.outputs import calendar_rows
    from planner.outputs.calendar import covers_by_shift, rota_calendar, visible_shifts

    with demo_db.transaction() as s:
        settings.put(s, "handover_time", "17:30")
        settings.put(s, "office_days", [0, 1, 2, 3])
        shifts = visible_shifts(
            s, datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC), True
        )
        add_cover(s, shifts[3], s.get(Volunteer, shifts[5].volunteer_id), 30, 40)
    start, end = datetime(2026, 9, 1, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)
    for drafts in (False, True):
        with demo_db.session() as s:
            orm = visible_shifts(s, start, end, drafts)
            orm_covers = covers_by_shift(s, [x.id or 0 for x in orm])
            cal = home_calendar(s)
            app = build_rota_calendar(s, date(2026, 7, 1), 12, drafts)
        with demo_db.reading() as conn:
            rows = calendar_rows.visible_shifts(conn, start, end, drafts)
            covers = core_rows.covers_of(conn, rows)
            assert core_rows.home_calendar(conn) == cal
        assert [
            (r.id, r.rotation_id, r.slot_start, r.slot_end, r.volunteer_id, r.state) for r in rows
        ] == [(x.id, x.rotation_id, x.slot_start, x.slot_end, x.volunteer_id, x.state) for x in orm]
        assert {
            k: [(c.id, c.volunteer_id, c.start, c.end) for c in v] for k, v in covers.items()
        } == {k: [(c.id, c.volunteer_id, c.start, c.end) for c in v] for k, v in orm_covers.items()}
        assert rota_calendar(demo_db, date(2026, 7, 1), 12, drafts) == app
    assert cal.handover_time == time(17, 30) and cal.office_days == frozenset({0, 1, 2, 3})
    assert sum(len(v) for v in covers.values()) >= 2
    assert {r.state for r in rows} == {"draft", "published"}

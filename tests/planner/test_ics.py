"""Calendar feeds: parse with icalendar, stable UIDs, local times across DST, cancellations."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlmodel import select

from planner.core.models import Shift, Volunteer
from planner.outputs.ics import export_feed
from tests.planner import rota_rows
from tests.planner.rota_rows import add_cover, fill_rota

team_db = rota_rows.team_db  # the fixture

DUBLIN = ZoneInfo("Europe/Dublin")


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def _export(db, email=None, drafts=False) -> list[icalendar.Event]:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return _events(export_feed(s, email, drafts))


def test_team_feed_has_every_shift_and_cover_with_stable_uids(team_db) -> None:
    with team_db.transaction() as s:
        shifts = fill_rota(s, date(2027, 1, 1), 4)
        fill_rota(s, date(2027, 2, 1), 2, state="draft")
        coverer = s.exec(select(Volunteer).where(Volunteer.name == "Tom Whitaker")).one()
        add_cover(s, shifts[0], coverer, 2, 6)
    first = _export(team_db)
    assert len(first) == 8 + 1  # 4 weeks x 2 rotations, one cover; drafts left out
    second = _export(team_db)
    assert [e["uid"] for e in first] == [e["uid"] for e in second]
    assert len({e["uid"] for e in first}) == 9
    summaries = [str(e["summary"]) for e in first]
    assert sum(s.startswith("Primary on call: ") for s in summaries) == 4
    assert sum(s.startswith("Escalation L2 on call: ") for s in summaries) == 4
    assert any(s.startswith("Primary cover: Tom Whitaker") for s in summaries)
    primary = next(e for e in first if str(e["summary"]).startswith("Primary on call"))
    assert "Escalation L2 this week: " in str(primary["description"])
    with_drafts = _export(team_db, drafts=True)
    assert len(with_drafts) == 9 + 4
    assert sum(str(e["status"]) == "TENTATIVE" for e in with_drafts) == 4


def test_local_times_are_right_across_the_clock_change(team_db) -> None:
    with team_db.transaction() as s:
        fill_rota(s, date(2027, 3, 19), 3)  # Europe springs forward on 28 March 2027
    events = [e for e in _export(team_db) if str(e["summary"]).startswith("Primary")]
    starts = [e.decoded("dtstart") for e in events]
    ends = [e.decoded("dtend") for e in events]
    assert all(str(s.tzinfo) == "Europe/Dublin" for s in starts)
    assert [s.replace(tzinfo=None) for s in starts] == [
        datetime(2027, 3, 19, 18), datetime(2027, 3, 26, 18), datetime(2027, 4, 2, 18),
    ]  # fmt: skip
    utc = ZoneInfo("UTC")
    assert ends[1].astimezone(utc) - starts[1].astimezone(utc) == timedelta(
        hours=167
    )  # the week the clocks go forward
    assert starts[1].astimezone(ZoneInfo("UTC")).hour == 18
    assert starts[2].astimezone(ZoneInfo("UTC")).hour == 17


def test_feed_has_a_vtimezone_for_the_home_zone(team_db) -> None:
    with team_db.transaction() as s:
        fill_rota(s, date(2027, 1, 1), 1)
    with team_db.transaction() as s:
        cal = icalendar.Calendar.from_ical(export_feed(s))
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Dublin"]
    assert b"DTSTART;TZID=Europe/Dublin:20270101T180000" in cal.to_ical()


def test_a_reassigned_shift_is_cancelled_in_the_old_holders_feed(team_db) -> None:
    with team_db.transaction() as s:
        shift = fill_rota(s, date(2027, 1, 1), 1)[0]
        old = s.get(Volunteer, shift.volunteer_id)
        new = s.exec(
            select(Volunteer).where(Volunteer.role == "engineer", Volunteer.id != old.id)
        ).first()
        old_email, new_email, shift_id = old.email, new.email, shift.id
    before = _export(team_db, old_email)
    assert [str(e["status"]) for e in before] == ["CONFIRMED"]
    with team_db.transaction() as s:
        row = s.get(Shift, shift_id)
        row.volunteer_id = new.id
        s.add(row)
    after = _export(team_db, old_email)
    assert [(e["uid"], str(e["status"])) for e in after] == [(before[0]["uid"], "CANCELLED")]
    assert after[0]["sequence"] > before[0]["sequence"]
    assert after[0].decoded("dtstart") == before[0].decoded("dtstart")
    theirs = _export(team_db, new_email)
    assert [(e["uid"], str(e["status"])) for e in theirs] == [(before[0]["uid"], "CONFIRMED")]


def test_a_changed_event_gets_a_higher_sequence(team_db) -> None:
    with team_db.transaction() as s:
        shifts = fill_rota(s, date(2027, 1, 1), 1)
    first = {e["uid"]: e["sequence"] for e in _export(team_db)}
    with team_db.transaction() as s:
        coverer = s.exec(select(Volunteer).where(Volunteer.name == "Tom Whitaker")).one()
        add_cover(s, shifts[0], coverer, 2, 6)
    second = {e["uid"]: e["sequence"] for e in _export(team_db)}
    changed = [uid for uid in first if second[uid] != first[uid]]
    assert len(changed) == 1  # the covered shift's description now names the cover
    assert second[changed[0]] > first[changed[0]]  # SEQUENCE only ever goes up
    assert len(second) == len(first) + 1


def test_a_removed_cover_is_cancelled_in_the_coverers_feed(team_db) -> None:
    from planner.core.models import Cover

    with team_db.transaction() as s:
        shift = fill_rota(s, date(2027, 1, 1), 1)[0]
        coverer = s.exec(select(Volunteer).where(Volunteer.name == "Tom Whitaker")).one()
        cover_id = add_cover(s, shift, coverer, 2, 6).id
        email = coverer.email
    before = _export(team_db, email)
    assert [str(e["summary"]).startswith("Primary cover: Tom Whitaker") for e in before] == [True]
    with team_db.transaction() as s:
        s.delete(s.get(Cover, cover_id))
    after = _export(team_db, email)
    assert [(e["uid"], str(e["status"])) for e in after] == [(before[0]["uid"], "CANCELLED")]
    again = _export(team_db, email)  # stays cancelled, same sequence: nothing changed since
    assert [(str(e["status"]), e["sequence"]) for e in again] == [
        ("CANCELLED", after[0]["sequence"])
    ]


def test_a_shift_given_back_is_confirmed_again_with_a_still_higher_sequence(team_db) -> None:
    with team_db.transaction() as s:
        shift = fill_rota(s, date(2027, 1, 1), 1)[0]
        old = s.get(Volunteer, shift.volunteer_id)
        new = s.exec(
            select(Volunteer).where(Volunteer.role == "engineer", Volunteer.id != old.id)
        ).first()
        old_id, new_id, old_email, shift_id = old.id, new.id, old.email, shift.id

    def give(volunteer_id: int) -> list[icalendar.Event]:
        with team_db.transaction() as s:
            row = s.get(Shift, shift_id)
            row.volunteer_id = volunteer_id
            s.add(row)
        return _export(team_db, old_email)

    first = _export(team_db, old_email)
    away = give(new_id)
    back = give(old_id)
    assert [str(e["status"]) for e in (*first, *away, *back)] == [
        "CONFIRMED",
        "CANCELLED",
        "CONFIRMED",
    ]
    assert first[0]["sequence"] < away[0]["sequence"] < back[0]["sequence"]
    assert back[0]["uid"] == first[0]["uid"]


def test_what_a_calendar_shows_of_a_week_with_covers_a_gap_and_a_draft(db) -> None:
    # the week of Europe's clock change and Easter Monday (a Dublin holiday), the computer
    # in Tokyo: covers are named in home time, given in the order they happen; a rotation
    # on call at night only counts its nights' hours
    from datetime import UTC, time

    from planner.core.models import RotationWindow
    from tests.planner.pay_helpers import computer_zone, cover, person, shift

    with db.transaction() as s:
        ann, bea, carl = (person(s, n) for n in ("Ann A", "Bea B", "Carl C"))
        primary = shift(s, date(2027, 3, 26), ann)
        gap = shift(s, date(2027, 3, 26), None, "Escalation L2")
        # Escalation L2 is on call at night only (22:00-06:00 home time)
        s.add(RotationWindow(rotation_id=gap.rotation_id, start=time(22), end=time(6)))
        lea = person(s, "Lea L", role="leader")
        cover(
            s,
            gap,
            lea,
            datetime(2027, 3, 30, 21, tzinfo=UTC),
            datetime(2027, 3, 31, 5, tzinfo=UTC),
        )
        cover(
            s,
            primary,
            bea,
            datetime(2027, 3, 29, 9, tzinfo=UTC),
            datetime(2027, 3, 29, 13, tzinfo=UTC),
        )
        cover(
            s,
            primary,
            carl,
            datetime(2027, 3, 27, 10, tzinfo=UTC),
            datetime(2027, 3, 27, 20, tzinfo=UTC),
        )
        draft = shift(s, date(2027, 4, 2), ann)
        draft.state = "draft"
    with computer_zone("Asia/Tokyo"):
        shown = [(str(e["summary"]), str(e["description"]).split("\n"), str(e["status"]))
                 for e in _export(db, drafts=True)]  # fmt: skip
    week = "week of 2027-03-26"
    assert shown == [
        ("Primary on call: Ann A", [
            f"Primary on call, {week}",
            "Out-of-hours hours: 131",  # 167 h less four office days of 9 h
            "Escalation L2 this week: uncovered",
            "Cover: Carl C Sat 27 Mar 10:00–Sat 27 Mar 20:00",
            "Cover: Bea B Mon 29 Mar 10:00–Mon 29 Mar 14:00",
        ], "CONFIRMED"),
        ("UNCOVERED: Escalation L2 on call, nobody", [
            "UNCOVERED: nobody is on call for Escalation L2 this week apart from the covers "
            "below. Tell the coordinator if you can take it.",
            f"Escalation L2 on call, {week}",
            "Out-of-hours hours: 55",  # seven nights of 8 h, one an hour short (spring forward)
            "Primary this week: Ann A <ann.a@example.com>",
            "Cover: Lea L Tue 30 Mar 22:00–Wed 31 Mar 06:00",
        ], "CONFIRMED"),
        ("Primary cover: Carl C (for Ann A)", [
            f"Covering part of Ann A's Primary on call, {week}",
            "Escalation L2 this week: uncovered",
        ], "CONFIRMED"),
        ("Primary cover: Bea B (for Ann A)", [
            f"Covering part of Ann A's Primary on call, {week}",
            "Escalation L2 this week: uncovered",
        ], "CONFIRMED"),
        ("Escalation L2 cover: Lea L (for uncovered)", [
            f"Covering part of uncovered's Escalation L2 on call, {week}",
            "Primary this week: Ann A <ann.a@example.com>",
        ], "CONFIRMED"),
        ("[Draft] Primary on call: Ann A", [
            "Primary on call, week of 2027-04-02",
            "Out-of-hours hours: 123",
            "Draft: not yet published; it may still change.",
        ], "TENTATIVE"),
    ]  # fmt: skip


def test_a_feed_for_an_unknown_email_is_refused_by_name(db) -> None:
    import pytest

    from planner.core.errors import PlannerError

    with pytest.raises(PlannerError) as error, db.transaction() as s:
        export_feed(s, " Nobody@Example.com ")
    assert str(error.value) == "no volunteer with email ' Nobody@Example.com '"

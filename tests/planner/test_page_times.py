"""When a page happened, and whose shift it fell in: the time rules of the page log, each
at its edges (the night rules are in test_night_boundaries.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.pay import pages
from tests.planner.pay_helpers import NOW, computer_zone, cover, person, shift


def test_an_instant_is_read_with_its_offset_and_z_is_utc() -> None:
    assert pages.parse_at(" 2027-03-06T02:10Z ") == datetime(2027, 3, 6, 2, 10, tzinfo=UTC)
    at = pages.parse_at("2027-03-06T02:10-08:00")
    assert at.utcoffset() == timedelta(hours=-8)
    assert at == datetime(2027, 3, 6, 10, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("6 March", "At '6 March' is not a date and time (ISO 8601)"),
        ("", "At '' is not a date and time (ISO 8601)"),
        (
            " 2027-03-06T02:10 ",
            "At '2027-03-06T02:10' has no UTC offset; write it like 2027-03-06T02:10+00:00",
        ),
    ],
)
def test_what_is_not_an_instant_is_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(PlannerError) as error:
        pages.parse_at(text)
    assert str(error.value) == message


def test_a_page_may_be_logged_the_moment_it_happened_but_not_before() -> None:
    now = datetime(2027, 3, 6, 2, 10, tzinfo=UTC)
    assert pages.check_not_future(now, now) == now
    later = now + timedelta(seconds=1)
    with pytest.raises(PlannerError) as error:
        pages.check_not_future(later, now)
    assert str(error.value) == (
        "At 2027-03-06T02:10+00:00 is in the future; a page is logged after it happened"
    )
    # the instant is shown with its own offset
    with pytest.raises(PlannerError, match=r"^At 2027-03-05T18:10-08:00 is in the future"):
        pages.check_not_future(later.astimezone(timezone(timedelta(hours=-8))), now)


def test_on_call_is_holding_the_shift_or_a_cover_at_that_instant(db: Database) -> None:
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        carl = person(session, "Carl C")
        s = shift(session, date(2027, 3, 5), ann)  # Fri 5 March 18:00 UTC to Fri 12 18:00
        start = datetime(2027, 3, 6, 10, tzinfo=UTC)
        cover(session, s, bea, start, start + timedelta(hours=12))
        session.flush()
        asked = {
            (who, at): pages.on_call_at(session, at, f"{who}@example.com")
            for who in ("ann.a", "bea.b", "carl.c")
            for at in (
                s.slot_start - timedelta(seconds=1),
                s.slot_start,
                start - timedelta(seconds=1),
                start,
                start + timedelta(hours=12) - timedelta(seconds=1),
                start + timedelta(hours=12),
                s.slot_end - timedelta(seconds=1),
                s.slot_end,
            )
        }
    on = {key for key, value in asked.items() if value}
    hour = timedelta(hours=12)
    assert on == {
        ("ann.a", s.slot_start),
        ("ann.a", start - timedelta(seconds=1)),
        ("bea.b", start),
        ("bea.b", start + hour - timedelta(seconds=1)),
        ("ann.a", start + hour),
        ("ann.a", s.slot_end - timedelta(seconds=1)),
    }
    assert carl.id  # asked about, never on call


def test_a_page_falls_in_the_responders_shift_else_the_first_rotations(db: Database) -> None:
    with db.transaction() as session:
        ann, lea = person(session, "Ann A"), person(session, "Lea L", role="leader")
        outsider = person(session, "Olly O")
        l2 = shift(session, date(2027, 3, 5), lea, "Escalation L2")
        primary = shift(session, date(2027, 3, 5), ann)
        at = datetime(2027, 3, 7, 2, 10, tzinfo=UTC)
        by_lea = pages.add_page(session, at, "lea.l@example.com", 5, now=at)
        by_ann = pages.add_page(session, at, "ann.a@example.com", 5, now=at)
        by_olly = pages.add_page(session, at, "olly.o@example.com", 5, now=at)
        before = pages.add_page(
            session, primary.slot_start - timedelta(days=30), "ann.a@example.com", 5, now=at
        )
        assert (by_lea.shift_id, by_ann.shift_id) == (l2.id, primary.id)
        assert by_olly.shift_id == primary.id  # Primary comes first among the rotations
        assert before.shift_id is None
        rows = {r.id: r for r in pages.list_pages(session)}
    assert (rows[by_lea.id or 0].on_call, rows[by_olly.id or 0].on_call) == (True, False)
    assert (rows[by_olly.id or 0].rotation, rows[before.id or 0].rotation) == ("Primary", "")
    assert outsider.id


def test_a_pages_time_is_shown_in_its_responders_zone_across_the_clock_change(
    db: Database,
) -> None:
    # 14 March 2027: San Francisco's clocks go forward at 02:00 PST (10:00 UTC)
    with db.transaction() as session:
        person(session, "Sam S", "San Francisco")
        for at in (
            datetime(2027, 3, 14, 9, 30, tzinfo=UTC),
            datetime(2027, 3, 14, 10, 30, tzinfo=UTC),
        ):
            pages.add_page(session, at, "sam.s@example.com", 5, now=NOW)
        rows = pages.list_pages(session)
    with computer_zone("Asia/Tokyo"):
        shown = [
            (r.local_at().isoformat(), r.as_json()["at"], str(r.local_at().tzinfo)) for r in rows
        ]
    assert shown == [
        ("2027-03-14T01:30:00-08:00", "2027-03-14T01:30:00-08:00", "America/Los_Angeles"),
        ("2027-03-14T03:30:00-07:00", "2027-03-14T03:30:00-07:00", "America/Los_Angeles"),
    ]
    assert [r.night for r in rows] == [True, True]


def test_a_cover_recorded_after_the_page_puts_its_responder_on_call(db: Database) -> None:
    with db.transaction() as session:
        ann, bob = person(session, "Ann A"), person(session, "Bob B", role="leader")
        lea = person(session, "Lea L", role="leader")
        escalation = [shift(session, date(2027, 3, d), bob, "Escalation L2") for d in (5, 12)]
        for d in (5, 12):
            shift(session, date(2027, 3, d), ann)
        # Lea is paged on both Saturdays, before her covers of Bob's shifts are recorded
        ats = [s.slot_start + timedelta(hours=8) for s in escalation]
        for at in ats:
            pages.add_page(session, at, "lea.l@example.com", 5, now=NOW)
        before = [r.on_call for r in pages.list_pages(session)]
        for s, at in zip(escalation, ats, strict=True):
            cover(session, s, lea, at - timedelta(hours=2), at + timedelta(hours=2))
        after = [r.on_call for r in pages.list_pages(session)]
        asked = [pages.on_call_at(session, at, "lea.l@example.com") for at in ats]
    assert (before, after, asked) == ([False, False], [True, True], [True, True])


def test_a_page_at_the_handover_falls_in_the_shift_that_starts_then(db: Database) -> None:
    # the week across Dublin's clock change (28 March 2027) ends at 18:00 Irish summer time
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B")
        person(session, "Carl C")
        ending = shift(session, date(2027, 3, 26), ann)
        starting = shift(session, date(2027, 4, 2), bea)
        at = ending.slot_end
        logged = {
            who: pages.add_page(session, at, f"{who}@example.com", 5, now=NOW)
            for who in ("ann.a", "bea.b", "carl.c")
        }
        found = {who: (p.shift_id, pages.on_call_at(session, at, f"{who}@example.com"))
                 for who, p in logged.items()}  # fmt: skip
    assert at == starting.slot_start == datetime(2027, 4, 2, 17, 0, tzinfo=UTC)
    assert found == {
        "ann.a": (starting.id, False),  # her week ended at that instant
        "bea.b": (starting.id, True),
        "carl.c": (starting.id, False),
    }

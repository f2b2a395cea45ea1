"""The desk screens' quicker reads give the answers of the whole computations they replace:
who holds a shift at an instant, the pages' on-call flags, the follow-up counts of the Now
screen's list, and who is on call read around the instant instead of over all history."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from planner.core.db import Database
from planner.core.models import Cover, Page, Shift, Volunteer
from planner.core.month import Month
from planner.pay import page_list, pages
from planner.rota import on_call
from planner.rota.shifts import holdings, holds_at
from tests.conftest import TODAY
from tests.planner.pay_helpers import person
from tests.planner.pay_helpers import shift as pay_shift

NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)


@dataclass
class _Shift:
    id: int
    slot_start: datetime
    slot_end: datetime
    volunteer_id: int | None


@dataclass
class _Cover:
    id: int
    volunteer_id: int
    start: datetime
    end: datetime


def test_holds_at_answers_as_the_holdings_do() -> None:
    rng = random.Random(12)
    week = datetime(2027, 3, 5, 17, tzinfo=UTC)
    for case in range(400):
        shift = _Shift(case, week, week + timedelta(days=7), rng.choice([None, 1, 2, 3]))
        covers = [
            _Cover(
                n, rng.choice([1, 2, 3, 4]), start, start + timedelta(hours=rng.randrange(1, 60))
            )
            for n in range(rng.randrange(0, 4))
            for start in [week + timedelta(hours=rng.randrange(-30, 180))]
        ]
        parts = holdings(shift, covers)  # type: ignore[arg-type]
        for _ in range(12):
            at = week + timedelta(minutes=rng.randrange(-600, 11000))
            for who in (1, 2, 3, 4):
                expected = any(h.volunteer_id == who and h.start <= at < h.end for h in parts)
                assert holds_at(shift, covers, who, at) == expected, (case, at, who)


def test_the_follow_up_counts_match_the_follow_up_lists(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        every = pages.list_pages(session)
        assert len(every) > 6
        pages.set_follow_up(session, every[0].id, "Payments", "https://issues.example.com/P-1")
        pages.set_follow_up(session, every[1].id, "search", "https://issues.example.com/S-1")
        pages.set_follow_up(session, every[2].id, "Payments")
        pages.set_follow_up(session, every[3].id, "Search")
        pages.set_follow_up(session, every[4].id, "Payments", state="done")
        pages.set_follow_up(session, every[-1].id, "Apps")
    with demo_db.session() as session:
        for end in (None, NOON, every[3].at, every[-1].at + timedelta(seconds=1)):
            lists = pages.follow_ups(session, None, end)
            counts = pages.follow_up_counts(session, end)
            assert counts.without == len(lists.without), end
            assert counts.open_by_team == {t: len(r) for t, r in lists.open_by_team.items()}
            assert list(counts.open_by_team) == list(lists.open_by_team)
    assert counts.open_by_team == {"Apps": 1, "Payments": 2, "search": 1, "Search": 1}


def _on_call_the_long_way(session, page: Page) -> bool:  # type: ignore[no-untyped-def]
    """The page's responder held its shift, or any shift whose slot holds the page."""
    own = session.get(Shift, page.shift_id) if page.shift_id else None
    if own is None:
        return False
    at_that_time = session.exec(
        select(Shift).where(Shift.slot_start <= page.at).where(Shift.slot_end > page.at)
    ).all()
    for shift in [own, *at_that_time]:
        held = session.exec(select(Cover).where(Cover.shift_id == shift.id)).all()
        if any(
            h.volunteer_id == page.responder_id and h.start <= page.at < h.end
            for h in holdings(shift, held)
        ):
            return True
    return False


def test_list_pages_marks_on_call_as_the_whole_computation_does(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        every = session.exec(select(Page).order_by(Page.at)).all()
        assert len(every) > 6
        # Another volunteer's page in someone's week, a cover over a page, and a page whose
        # shift was moved afterwards (its slot no longer holds the page).
        other = session.exec(select(Volunteer).where(Volunteer.id != every[0].responder_id)).first()
        assert other is not None
        every[0].responder_id = other.id or 0
        shift = session.get(Shift, every[1].shift_id)
        assert shift is not None
        session.add(
            Cover(
                shift_id=shift.id or 0,
                volunteer_id=other.id or 0,
                start=every[1].at - timedelta(hours=1),
                end=every[1].at + timedelta(hours=1),
            )
        )
        last = every[-1]
        moved = session.get(Shift, last.shift_id)
        assert moved is not None
        beside = session.exec(
            select(Shift)
            .where(Shift.slot_start <= last.at, Shift.slot_end > last.at)
            .where(Shift.id != moved.id)
        ).first()
        assert beside is not None  # the other rotation's shift: its cover was the responder
        hour = timedelta(hours=1)
        session.add(Cover(shift_id=beside.id or 0, volunteer_id=last.responder_id,
                          start=last.at - hour, end=last.at + hour))  # fmt: skip
        moved.slot_start += timedelta(days=400)
        moved.slot_end += timedelta(days=400)
        session.flush()
        expected = {p.id: _on_call_the_long_way(session, p) for p in every}
        window = (every[2].at, every[-2].at)
        for rows in (pages.list_pages(session), pages.list_pages(session, *window)):
            assert rows and {r.id: r.on_call for r in rows} == {r.id: expected[r.id] for r in rows}
    assert expected[last.id] and False in expected.values()


def _whole_history_answer(session, at: datetime) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """Who holds each rotation at ``at``, worked out over every shift ever planned."""
    found = []
    for items in on_call.all_stretches(session, now=at).values():
        index = next(
            i for i, s in enumerate(items)
            if (s.start is None or s.start <= at) and (s.end is None or at < s.end)
        )  # fmt: skip
        first, last = on_call._merged_around(items, index)
        following = items[last + 1] if last + 1 < len(items) else None
        found.append(
            (items[index].holder, items[first].start, items[last].end,
             following.holder if following else None)
        )  # fmt: skip
    return found


def _answer(rows: list[on_call.NowRow]) -> list[tuple[object, ...]]:
    return [(r.holder, r.since, r.until, r.next_holder) for r in rows]


def test_on_call_reads_around_the_instant_and_answers_as_the_whole_history(db: Database) -> None:
    with db.transaction() as session:
        ann, bob = person(session, "Ann A"), person(session, "Bob B")
        first = date(2027, 1, 1)
        # Ann holds 20 weeks on end (longer than what is read at first), then Bob, a week
        # with nobody, Bob again; Escalation L2 is planned for two weeks only.
        weeks = [ann] * 20 + [bob, None, bob, ann]
        made = [pay_shift(session, first + timedelta(weeks=n), who) for n, who in enumerate(weeks)]
        pay_shift(session, first + timedelta(weeks=10), bob, "Escalation L2")
        pay_shift(session, first + timedelta(weeks=11), bob, "Escalation L2")
        start = made[0].slot_start
        instants = [start - timedelta(days=30), start, start + timedelta(weeks=21, hours=3)]
        instants += [start + timedelta(hours=h) for h in range(5, 26 * 7 * 24, 53)]
        for at in instants:
            assert _answer(on_call.on_call_at(session, at)) == _whole_history_answer(session, at)
        during = on_call.on_call_at(session, start + timedelta(weeks=15))
        assert (during[0].holder, during[0].since) == (on_call.holders(session)[ann.id], start)


def test_stretches_in_a_range_are_the_whole_historys_clipped(demo_db: Database) -> None:
    with demo_db.session() as session:
        for offset in range(-70, 400, 23):
            start = NOON + timedelta(days=offset)
            end = start + timedelta(days=offset % 40 + 1)
            whole = {
                rotation: [s for s in items if (s.start or start) < end and start < (s.end or end)]
                for rotation, items in on_call.all_stretches(session, now=NOON).items()
            }
            clipped = on_call.stretches(session, start, end, now=NOON)
            assert {r: [(s.start, s.end, s.holder, s.shift_id) for s in items]
                    for r, items in clipped.items()} == {
                r: [(max(s.start or start, start), min(s.end or end, end), s.holder, s.shift_id)
                    for s in items] for r, items in whole.items()
            }  # fmt: skip


def test_experience_aggregated_in_sql_is_the_shift_by_shift_answer(demo_db: Database) -> None:
    from zoneinfo import ZoneInfo

    from planner.core.home import home_site
    from planner.people.stagger import _Experience

    with demo_db.transaction() as session:
        draft = session.exec(select(Shift).where(Shift.slot_end < NOON)).first()
        assert draft is not None
        draft.state = "draft"  # a past draft does not count
        session.flush()
        zone = ZoneInfo(home_site(session).timezone)
        first: dict[tuple[int, int], date] = {}
        last: dict[int, date] = {}
        for s in session.exec(select(Shift)).all():
            day = s.slot_end.astimezone(zone).date()
            last[s.rotation_id] = max(last.get(s.rotation_id, day), day)
            if s.volunteer_id is not None and (s.state == "published" or s.slot_end > NOON):
                key = (s.rotation_id, s.volunteer_id)
                first[key] = min(first.get(key, day), day)
        everyone = {v.id for v in session.exec(select(Volunteer)).all() if v.id is not None}
        experience = _Experience(session, NOON)
        some = set(sorted(everyone)[::3])  # read for the members of the teams only
        theirs = _Experience(session, NOON, some)
    assert experience.first == first and experience.last_shift_day == last
    assert theirs.first == {k: d for k, d in first.items() if k[1] in some}
    assert theirs.last_shift_day == last  # a rotation's last shift, whoever held it


def test_the_now_screens_weeks_are_the_rotas_rows(demo_db: Database) -> None:
    from planner.core.home import home_calendar
    from planner.core.out_of_hours import slots
    from planner.rota.weeks import list_rota

    with demo_db.session() as session:
        cal = home_calendar(session)
        seen = 0
        for offset in range(-120, 120, 10):
            day = TODAY + timedelta(days=offset)
            weeks = slots(cal, day, 4)
            rota = list_rota(session, day, 4, now=NOON)
            seen += len(rota)
            shown = on_call.planned_shifts(session, weeks[0][0], weeks[-1][1], now=NOON)
            assert [
                (r.rotation, r.slot_start, r.slot_end, r.assignee_name, r.covers, r.state)
                for r in shown
            ] == [
                (r.rotation, r.slot_start, r.slot_end, r.assignee_name, len(r.covers), r.state)
                for r in rota
            ]
    assert seen > 20


def _subject_the_long_way(session, tz, entity: str, entity_id: int | None) -> str:  # type: ignore[no-untyped-def]
    from planner.core.models import PayRun, Rotation, Tour

    if entity_id is None:
        return ""
    if entity == "volunteer":
        v = session.get(Volunteer, entity_id)
        return v.name if v else ""
    if entity == "tour":
        t = session.get(Tour, entity_id)
        if t is None:
            return ""
        v = session.get(Volunteer, t.volunteer_id)
        return f"{v.name if v else '?'}'s tour from {t.start.isoformat()}"
    if entity == "shift":
        s = session.get(Shift, entity_id)
        if s is None:
            return ""
        r = session.get(Rotation, s.rotation_id)
        day = s.slot_start.astimezone(tz).date().isoformat()
        return f"{r.name if r else '?'} week of {day}"
    if entity == "rotation":
        r = session.get(Rotation, entity_id)
        return r.name if r else ""
    if entity == "pay_run":
        run = session.get(PayRun, entity_id)
        return f"pay run {run.month}" if run else ""
    return ""


def test_the_audit_log_names_what_each_entry_is_about(demo_db: Database) -> None:
    from planner.core import audit_log
    from planner.core.home import home_calendar
    from planner.pay import runs

    with demo_db.transaction() as session:
        runs.build_run(session, Month(2026, 10), NOON)
    with demo_db.session() as session:
        tz = home_calendar(session).tz
        rows = audit_log.entries(session)
        kinds = {r.entity for r in rows if r.subject}
        assert {"volunteer", "tour", "pay_run"} <= kinds
        assert [r.subject for r in rows] == [
            _subject_the_long_way(session, tz, r.entity, r.entity_id) for r in rows
        ]


def test_the_pages_screens_list_is_the_page_logs(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        every = pages.list_pages(session)
        pages.set_follow_up(session, every[0].id, "Payments", "https://issues.example.com/P-1")
        pages.set_follow_up(session, every[1].id, "search", state="done")
        pages.set_follow_up(session, every[2].id, "Search")
        pages.set_follow_up(session, every[3].id, "search")
    with demo_db.session() as session:
        logged = pages.list_pages(session)
        whole = pages.follow_ups(session)
    fields = ("id", "at", "name", "timezone", "service", "summary", "night",
              "follow_up_team", "follow_up_link", "follow_up_state")  # fmt: skip
    # read a page at a time, newest first, the counts of the whole log in SQL
    with demo_db.session() as session:
        first, total = page_list.first_page(session, page_list.FollowUpFilter(), 3)
        rest_of = page_list.page(session, page_list.FollowUpFilter(), 3, len(logged))
        counts, how_many = page_list.counts(session)
        done = page_list.first_page(session, page_list.FollowUpFilter("done"), 3)
        by_team = page_list.first_page(session, page_list.FollowUpFilter("all", "SEARCH"), 9)
    assert total == how_many == len(logged)
    listed = (first + rest_of)[::-1]
    assert [tuple(getattr(r, f) for f in fields) for r in logged] == [tuple(r) for r in listed]
    assert [r.local_at() for r in logged] == [r.local_at() for r in listed]
    # the counts above the table are the follow-up lists' (teams in the same order)
    assert counts.without == len(whole.without)
    assert list(counts.open_by_team.items()) == [
        (team, len(rows)) for team, rows in whole.open_by_team.items()
    ]
    assert [r.id for r in done[0]] == [every[1].id] and done[1] == 1
    assert {r.id for r in by_team[0]} >= {every[1].id, every[2].id, every[3].id}


def test_a_pages_search_for_a_day_is_the_responders_day(demo_db: Database) -> None:
    """A search for an ISO day or month finds each page by the day it was in its
    responder's zone (as the Pages table shows it), and only pages of that day or month."""
    with demo_db.session() as session:
        every = pages.list_pages(session)
        for row in every[:10]:
            day = row.local_at().date()
            found = page_list.page(
                session, page_list.FollowUpFilter("all", day.isoformat()), 0, 10_000
            )
            assert row.id in [r.id for r in found]
            assert all(r.local_at().date() == day for r in found)
            month = f"{day:%Y-%m}"
            found = page_list.page(session, page_list.FollowUpFilter("all", month), 0, 10_000)
            assert all(f"{r.local_at():%Y-%m}" == month for r in found) and found


def test_a_pages_search_folds_every_letters_case(demo_db: Database) -> None:
    """'órla' finds a page whose responder is 'Órla' and 'PAIEMENTS' a follow-up team
    typed 'Paiements': every letter's case folded, not only A-Z (SQLite's lower())."""
    with demo_db.transaction() as session:
        every = session.exec(select(Page).order_by(Page.id)).all()
        responder = session.get(Volunteer, every[0].responder_id)
        assert responder is not None
        other = next(p for p in every if p.responder_id != responder.id)
        responder.name = "Órla Ní Bhriain"
        session.add(responder)
        pages.set_follow_up(session, other.id or 0, "Équipe Paiements")
        hers = {p.id for p in every if p.responder_id == responder.id}
    with demo_db.session() as session:

        def found(needle: str) -> set[int]:
            rows = page_list.page(session, page_list.FollowUpFilter("all", needle), 0, 10_000)
            return {r.id for r in rows}

        assert found("órla") == found("ÓRLA") == found("Órla ní") == hers
        assert found("équipe paiements") == found("ÉQUIPE") == {other.id}
        assert found("rla n") == hers  # an ASCII needle as before
        assert page_list.count(session, page_list.FollowUpFilter("all", "órla")) == len(hers)


def test_a_pages_search_for_a_time_is_the_responders_wall_clock(demo_db: Database) -> None:
    """A time as the Pages table shows it finds each page by its responder's wall clock,
    on either side of a change of the clocks, and only pages shown at that time; a day
    and a time together ('Nov 27, 2026, 2:10 AM' in en_US) find the pages of that minute."""
    with demo_db.session() as session:
        every = pages.list_pages(session)
        offsets = {r.local_at().utcoffset() for r in every}
        assert len(offsets) >= 4  # summer and winter time, in Europe and in California

        def found(needle: str, locale: str | None = None) -> list[pages.FollowUpRow]:
            chosen = page_list.FollowUpFilter("all", needle, locale)
            return page_list.page(session, chosen, 0, 10_000)

        for row in every:
            local = row.local_at()
            clock = f"{local:%H:%M}"
            rows = found(clock)
            assert row.id in [r.id for r in rows], clock
            assert all(f"{r.local_at():%H:%M}" == clock for r in rows), clock
            twelve = f"{local:%I:%M}".lstrip("0") + f" {local:%p}"  # '2:10 AM'
            for needle in (twelve, twelve.replace(" ", "\u202f"), twelve.lower(), clock):
                rows = found(needle, "en_US")
                assert row.id in [r.id for r in rows], needle
                assert all(f"{r.local_at():%H:%M}" == clock for r in rows), needle
            day_time = f"{local:%b} {local.day}, {local.year}, {twelve}"
            rows = found(day_time, "en_US")
            assert [r.local_at() for r in rows] == [local] * len(rows) and rows, day_time
            assert row.id in [r.id for r in found(f"{local:%Y-%m-%d %H:%M}", "de_DE")]
            for needle, locale in ((f"{local:%b} {local.day}", "en_US"), (f"{local:%d %b}", None)):
                rows = found(needle, locale)  # a day without its year, as shown
                assert row.id in [r.id for r in rows], needle
                assert all(f"{r.local_at():%m-%d}" == f"{local:%m-%d}" for r in rows), needle
        assert found("0210") == []  # digits alone are no time

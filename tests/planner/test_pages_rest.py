"""The page log and the rest-day log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from planner.core import locale_text as lt
from planner.core import settings
from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.models import AuditEntry, Page, RestEntry, Volunteer
from planner.pay import pages, rest
from tests.planner.pay_helpers import NOW, computer_zone, person, shift


@pytest.fixture(autouse=True)
def _now_after_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """These pages are logged in March 2027: the services see 1 June 2027 as now."""
    monkeypatch.setattr("planner.pay.pages.utc_now", lambda: NOW)


def _people(db: Database) -> None:
    with db.transaction() as session:
        ann = person(session, "Ann A")
        person(session, "Sam S", "San Francisco")
        shift(session, date(2027, 3, 5), ann)


def test_a_night_page_is_attributed_and_earns_one_rest_day_per_night(db: Database) -> None:
    _people(db)
    with db.transaction() as session:
        pages.add_page(session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 25)
        pages.add_page(session, datetime(2027, 3, 7, 4, 0, tzinfo=UTC), "ann.a@example.com", 10)
        rows = pages.list_pages(session)
        balance = rest.balances(session, date(2027, 3, 8))
    assert [(r.night, r.rotation, r.on_call) for r in rows] == [(True, "Primary", True)] * 2
    assert [(b.email, b.entitled_half_days, b.balance_half_days) for b in balance] == [
        ("ann.a@example.com", 2, 2)
    ]


def test_night_is_in_the_responders_own_time_zone(db: Database) -> None:
    _people(db)
    with db.transaction() as session:
        # 09:00 UTC is 01:00 in San Francisco (night) and 09:00 in Dublin (not night).
        at = datetime(2027, 3, 6, 9, 0, tzinfo=UTC)
        sam = pages.add_page(session, at, "sam.s@example.com", 5)
        ann = pages.add_page(session, at, "ann.a@example.com", 5)
        assert (sam.night, ann.night) == (True, False)
        flagged = {r.email: r.on_call for r in pages.list_pages(session)}
    assert flagged == {"sam.s@example.com": False, "ann.a@example.com": True}


def test_a_half_day_setting_gives_half_a_day(db: Database) -> None:
    _people(db)
    with db.transaction() as session:
        settings.put(session, "rest_per_night", "half")
        pages.add_page(session, datetime(2027, 3, 7, 2, 0, tzinfo=UTC), "ann.a@example.com", 5)
        entry = session.exec(select(RestEntry)).one()
    assert entry.half_days == 1 and entry.reason == "night_page"


@pytest.mark.parametrize(
    ("at", "who", "minutes", "message"),
    [
        ("2027-03-07 02:10", "ann.a@example.com", "5", "has no UTC offset"),
        ("2027-03-07T02:10+00:00", "nobody@example.com", "5", "no volunteer has this email"),
        ("2027-03-07T02:10+00:00", "ann.a@example.com", "-3", "is negative"),
        ("2027-03-07T02:10+00:00", "ann.a@example.com", "1441", "more than 24 hours"),
        ("2099-03-07T02:10+00:00", "ann.a@example.com", "5", "is in the future"),
    ],
)
def test_a_bad_row_imports_nothing_and_names_its_line(
    db: Database, tmp_path: Path, at: str, who: str, minutes: str, message: str
) -> None:
    _people(db)
    path = tmp_path / "pages.csv"
    path.write_text(
        "At,Responder,Minutes,Summary,Link\n"
        "2027-03-06T23:30+00:00,ann.a@example.com,12,disk full,https://x/1\n"
        f"{at},{who},{minutes},bad one,\n"
    )
    with pytest.raises(PlannerError, match=f"line 3: .*{message}"), db.transaction() as s:
        pages.import_csv(s, path)
    with db.session() as session:
        assert session.exec(select(Page)).all() == []


def test_import_preview_writes_nothing_and_reimport_skips_duplicates(
    db: Database, tmp_path: Path
) -> None:
    _people(db)
    path = tmp_path / "pages.csv"
    path.write_text(
        "at,responder email,minutes,summary\n2027-03-07T03:00+01:00,ann.a@example.com,9,x\n"
    )
    with db.transaction() as session:
        assert len(pages.import_csv(session, path, dry_run=True).pages) == 1
        assert session.exec(select(Page)).all() == []
        pages.import_csv(session, path)
        again = pages.import_csv(session, path)
    assert (len(again.pages), len(again.duplicates)) == (0, 1)


def test_rest_taken_travel_and_stale_balances(db: Database) -> None:
    _people(db)
    with db.transaction() as session:
        sam = session.exec(
            select(pages.Volunteer).where(pages.Volunteer.email == "sam.s@example.com")
        ).one()
        rest.add_entry(session, sam, "entitled", date(2027, 1, 4), 1, "travel", "flight cancelled")
        rest.add_entry(session, sam, "entitled", date(2027, 3, 1), 0.5, "manual")
        rest.add_entry(session, sam, "taken", date(2027, 1, 10), 1)
        with pytest.raises(PlannerError, match="has 0.5 rest days to take"):
            rest.add_entry(session, sam, "taken", date(2027, 3, 10), 1)
        fresh = rest.balances(session, date(2027, 3, 20))[0]
        stale = rest.balances(session, date(2027, 5, 1))[0]
        log = rest.rest_log(session, date(2027, 1, 1), date(2027, 2, 1))
    assert (fresh.balance_half_days, fresh.oldest_unused, fresh.stale) == (
        1,
        date(2027, 3, 1),
        False,
    )
    assert stale.stale
    assert [(r.kind, r.days, r.reason) for r in log] == [
        ("entitled", 1.0, "travel"),
        ("taken", 1.0, ""),
    ]


def test_a_night_across_midnight_earns_one_rest_day_not_two(db: Database) -> None:
    # With a night setting of 22:00-07:00, pages at 23:30 and 02:10 are the same night.
    _people(db)
    with db.transaction() as session:
        settings.put(session, "night_start", "22:00")
        pages.add_page(session, datetime(2027, 3, 6, 23, 30, tzinfo=UTC), "ann.a@example.com", 5)
        pages.add_page(session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 5)
        entries = session.exec(select(RestEntry)).all()
    assert [(e.day, e.half_days) for e in entries] == [(date(2027, 3, 7), 2)]


def _rest(session) -> list[tuple[str, date, str, float]]:  # type: ignore[no-untyped-def]
    return [(r.email, r.day, r.kind, r.days) for r in rest.rest_log(session)]


def test_a_page_dated_in_the_future_is_refused(db: Database) -> None:
    _people(db)
    with pytest.raises(PlannerError, match="in the future"), db.transaction() as session:
        pages.add_page(session, datetime(2099, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 5)
    with db.session() as session:
        assert pages.list_pages(session) == [] and _rest(session) == []


def test_correcting_a_night_page_moves_or_removes_its_rest_and_is_audited(db: Database) -> None:
    _people(db)
    with db.transaction() as session:
        page = pages.add_page(
            session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 25
        )
        page_id = page.id or 0
    with db.transaction() as session:  # a typo: it was the next night
        change = pages.update_page(
            session, page_id, datetime(2027, 3, 8, 2, 10, tzinfo=UTC), "ann.a@example.com", 30,
            "disk full", "https://x/1",
        )  # fmt: skip
        assert _rest(session) == [("ann.a@example.com", date(2027, 3, 8), "entitled", 1.0)]
        assert change.added == (("ann.a@example.com", date(2027, 3, 8)),)
        assert change.removed == (("ann.a@example.com", date(2027, 3, 7)),)
        row = pages.list_pages(session)[0]
        assert (row.minutes, row.summary, row.link, row.night) == (
            30,
            "disk full",
            "https://x/1",
            True,
        )
    with db.transaction() as session:  # and in the afternoon, not at night
        change = pages.update_page(
            session, page_id, datetime(2027, 3, 8, 14, 0, tzinfo=UTC), "ann.a@example.com", 30
        )
        assert _rest(session) == [] and not pages.list_pages(session)[0].night
    with db.session() as session:
        actions = [
            e.action for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "page"))
        ]
    assert actions.count("page corrected") == 2


def test_deleting_one_of_two_pages_of_a_night_keeps_the_rest_deleting_both_removes_it(
    db: Database,
) -> None:
    _people(db)
    with db.transaction() as session:
        first = pages.add_page(
            session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 5
        )
        second = pages.add_page(
            session, datetime(2027, 3, 7, 4, 0, tzinfo=UTC), "ann.a@example.com", 5
        )
        ids = first.id or 0, second.id or 0
    with db.transaction() as session:
        assert pages.delete_preview(session, ids[0]).removed == ()
        pages.delete_page(session, ids[0])
        assert _rest(session) == [("ann.a@example.com", date(2027, 3, 7), "entitled", 1.0)]
        assert session.exec(select(RestEntry)).one().page_id == ids[1]
    with db.transaction() as session:
        assert pages.delete_preview(session, ids[1]).removed == (
            ("ann.a@example.com", date(2027, 3, 7)),
        )
        pages.delete_page(session, ids[1])
        assert _rest(session) == [] and pages.list_pages(session) == []


def test_a_page_whose_rest_was_taken_cannot_be_deleted_until_the_rest_taken_is(
    db: Database,
) -> None:
    _people(db)
    with db.transaction() as session:
        page = pages.add_page(
            session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 5
        )
        ann = session.exec(select(Volunteer).where(Volunteer.email == "ann.a@example.com")).one()
        taken = rest.add_entry(session, ann, "taken", date(2027, 3, 8), 1)
        ids = page.id or 0, taken.id or 0
    with pytest.raises(PlannerError, match="already taken"), db.transaction() as session:
        pages.delete_page(session, ids[0])
    with db.transaction() as session:
        assert len(pages.list_pages(session)) == 1 and len(_rest(session)) == 2
        night_entry = next(r for r in rest.rest_log(session) if r.reason == "night_page")
        with pytest.raises(PlannerError, match="comes from a night page"):
            rest.delete_entry(session, night_entry.id)
    with db.transaction() as session:
        rest.delete_entry(session, ids[1])
        pages.delete_page(session, ids[0])
        assert _rest(session) == []


def test_rest_entries_are_corrected_and_deleted_within_the_balance(db: Database) -> None:
    _people(db)
    with db.transaction() as session:
        ann = session.exec(select(Volunteer).where(Volunteer.email == "ann.a@example.com")).one()
        travel = rest.add_entry(session, ann, "entitled", date(2027, 3, 1), 2, "travel")
        taken = rest.add_entry(session, ann, "taken", date(2027, 3, 3), 1)
        ids = travel.id or 0, taken.id or 0
    with db.transaction() as session:
        rest.update_entry(session, ids[1], date(2027, 3, 4), 2, note="both days")
        assert _rest(session)[-1] == ("ann.a@example.com", date(2027, 3, 4), "taken", 2.0)
    for change in (
        lambda s: rest.update_entry(s, ids[0], date(2027, 3, 1), 1, "travel"),
        lambda s: rest.delete_entry(s, ids[0]),
    ):
        with (
            pytest.raises(PlannerError, match="more taken than entitled"),
            db.transaction() as session,
        ):
            change(session)
    with db.transaction() as session:
        rest.delete_entry(session, ids[1])
        rest.update_entry(session, ids[0], date(2027, 3, 2), 1.5, "manual", "fixed")
        assert _rest(session) == [("ann.a@example.com", date(2027, 3, 2), "entitled", 1.5)]
        actions = {e.action for e in session.exec(select(AuditEntry))}
    assert {"rest taken corrected", "rest taken deleted", "rest entitled corrected"} <= actions


@pytest.fixture
def computer_in_tokyo() -> Iterator[None]:
    with computer_zone("Asia/Tokyo"):
        yield


def _entitled(session: Session) -> list[tuple[str, date, str, int | None, str]]:
    return [
        (r.email, r.day, r.reason, r.page_id, r.note)
        for r in rest.rest_log(session)
        if r.kind == "entitled"
    ]


def test_a_wider_night_gives_one_rest_day_per_responder_and_night_from_its_earliest_page(
    db: Database, computer_in_tokyo: None
) -> None:
    _people(db)
    with db.transaction() as session:
        sam = session.exec(select(Volunteer).where(Volunteer.email == "sam.s@example.com")).one()
        person(session, "Bea B")
        # rest Sam already has: a night page (01:00 San Francisco time) and a travel day
        first = pages.add_page(
            session, datetime(2027, 3, 1, 9, 0, tzinfo=UTC), "sam.s@example.com", 5
        )
        rest.add_entry(session, sam, "entitled", date(2027, 3, 14), 1, "travel")
        # Bea's night page of 14 March (02:00 in Dublin)
        bea = pages.add_page(
            session, datetime(2027, 3, 14, 2, 0, tzinfo=UTC), "bea.b@example.com", 5
        )
        # 14 March 2027, the morning US clocks go forward (02:00 PST -> 03:00 PDT): Sam
        # is paged at 07:30 and 07:10 PDT, the later page logged first. Not night pages
        # while the night ends at 07:00.
        late = pages.add_page(
            session, datetime(2027, 3, 14, 14, 30, tzinfo=UTC), "sam.s@example.com", 5
        )
        early = pages.add_page(
            session, datetime(2027, 3, 14, 14, 10, tzinfo=UTC), "sam.s@example.com", 5
        )
        assert (late.night, early.night) == (False, False)
        ids = first.id, bea.id, early.id
    with db.transaction() as session:
        before = pages.nights_since(session, None)
        settings.put(session, "night_end", "08:00")
        change = pages.reclassify_nights(session, before)
        assert change == pages.RestChange(added=(("sam.s@example.com", date(2027, 3, 14)),))
        assert _entitled(session) == [
            ("sam.s@example.com", date(2027, 3, 1), "night_page", ids[0],
             "night page at 01:00 San Francisco time"),
            ("bea.b@example.com", date(2027, 3, 14), "night_page", ids[1],
             "night page at 02:00 Dublin time"),
            ("sam.s@example.com", date(2027, 3, 14), "travel", None, ""),
            # earned by the earlier page, named in Sam's own (summer) time
            ("sam.s@example.com", date(2027, 3, 14), "night_page", ids[2],
             "night page at 07:10 San Francisco time"),
        ]  # fmt: skip


def test_a_night_page_corrected_within_its_night_keeps_its_one_rest_day(db: Database) -> None:
    _people(db)
    with db.transaction() as session:
        page = pages.add_page(
            session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 25
        )
        page_id = page.id
    for at, minutes in (
        (datetime(2027, 3, 7, 2, 10, tzinfo=UTC), 40),
        (datetime(2027, 3, 7, 4, 0, tzinfo=UTC), 40),
    ):
        with db.transaction() as session:
            change = pages.update_page(session, page_id or 0, at, "ann.a@example.com", minutes)
            assert (change, change.text()) == (pages.RestChange(), "")
            assert [(e[0], e[1], e[3]) for e in _entitled(session)] == [
                ("ann.a@example.com", date(2027, 3, 7), page_id)
            ]


def test_deleting_a_night_page_takes_only_its_own_responders_rest(db: Database) -> None:
    _people(db)
    with db.transaction() as session:
        person(session, "Bea B")
        ann = pages.add_page(
            session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 5
        )
        pages.add_page(session, datetime(2027, 3, 7, 3, 0, tzinfo=UTC), "bea.b@example.com", 5)
        ann_id = ann.id or 0
    with db.transaction() as session:
        assert pages.delete_page(session, ann_id).removed == (
            ("ann.a@example.com", date(2027, 3, 7)),
        )
        assert _rest(session) == [("bea.b@example.com", date(2027, 3, 7), "entitled", 1.0)]


def test_a_closed_months_day_page_earns_no_rest_when_that_nights_page_is_deleted(
    db: Database,
) -> None:
    _people(db)
    with db.transaction() as session:
        night = pages.add_page(
            session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 5
        )
        day = pages.add_page(
            session, datetime(2027, 3, 7, 7, 30, tzinfo=UTC), "ann.a@example.com", 5
        )
        ids = night.id or 0, day.id or 0
    with db.transaction() as session:
        # the night now ends at 08:00, from April (March is paid and keeps its pages' class)
        before = pages.nights_since(session, datetime(2027, 4, 1, tzinfo=UTC))
        settings.put(session, "night_end", "08:00")
        assert pages.reclassify_nights(session, before) == pages.RestChange()
    with db.transaction() as session:
        change = pages.delete_page(session, ids[0])
        assert change.removed == (("ann.a@example.com", date(2027, 3, 7)),)
        assert _rest(session) == []
        assert [(r.id, r.night) for r in pages.list_pages(session)] == [(ids[1], False)]


def test_refusals_give_their_days_in_the_readers_locale_and_iso_without_one(
    db: Database,
) -> None:
    """The Rest screen and its dialogs pass the user's locale; the command line none."""
    _people(db)
    with db.transaction() as session:
        page = pages.add_page(
            session, datetime(2027, 3, 7, 2, 10, tzinfo=UTC), "ann.a@example.com", 5
        )
        ann = session.exec(select(Volunteer).where(Volunteer.email == "ann.a@example.com")).one()
        rest.add_entry(session, ann, "taken", date(2027, 3, 8), 1)
        page_id = page.id or 0
    night = date(2027, 3, 7)
    for locale in ("de_DE", None):
        with pytest.raises(PlannerError) as refused, db.transaction() as session:
            pages.delete_page(session, page_id, locale)
        assert f"(the night of {lt.short_date(night, locale)});" in str(refused.value)
        with db.transaction() as session:
            entry = next(r for r in rest.rest_log(session) if r.reason == "night_page")
        with pytest.raises(PlannerError) as refused, db.transaction() as session:
            rest.delete_entry(session, entry.id, locale)
        said = f"the rest entitlement of {lt.short_date(night, locale)} comes from a night page"
        assert str(refused.value).startswith(said)
        with pytest.raises(PlannerError) as refused, db.transaction() as session:
            rest.add_entry(session, ann, "taken", date(2027, 3, 9), 1.5, locale=locale)
        assert str(refused.value).endswith(f"cannot take {lt.measure(1.5, locale)}")

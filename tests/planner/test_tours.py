"""Tours: default length, no overlap, end early (releasing draft shifts), extend; statuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.models import AuditEntry, Shift, Tour, Volunteer
from planner.people import tours, volunteers
from tests.planner.intake_helpers import snapshot


def _person(session, email="ann@example.com", role="engineer") -> Volunteer:
    return volunteers.create(session, name="Ann Lee", email=email, site="Dublin", role=role)


def test_default_tour_is_six_calendar_months(db) -> None:
    with db.transaction() as s:
        tour = tours.create_tour(s, _person(s), date(2026, 8, 31))
        assert tour.end == date(2027, 2, 28)  # relativedelta clips to the month's end
        assert (tour.target_min, tour.target_max) == (3, 4)


def test_tour_status_follows_the_dates() -> None:
    tour = Tour(volunteer_id=1, start=date(2027, 1, 1), end=date(2027, 7, 1))
    assert tours.tour_status(tour, date(2026, 12, 31)) == "planned"
    assert tours.tour_status(tour, date(2027, 6, 30)) == "active"
    assert tours.tour_status(tour, date(2027, 7, 1)) == "finished"


def test_overlapping_tours_are_refused_and_nothing_changes(db) -> None:
    with db.transaction() as s:
        tours.create_tour(s, _person(s), date(2027, 1, 1))
    before = snapshot(db)
    with pytest.raises(PlannerError, match="overlaps the tour 2027-01-01..2027-06-30"):
        with db.transaction() as s:
            v = volunteers.by_email(s, "ann@example.com")
            tours.create_tour(s, v, date(2027, 6, 30))
    assert snapshot(db) == before


def _shift(session, rotation_id, volunteer_id, start: datetime, state="draft") -> Shift:
    shift = Shift(
        rotation_id=rotation_id,
        slot_start=start,
        slot_end=start + timedelta(days=7),
        volunteer_id=volunteer_id,
        state=state,
    )
    session.add(shift)
    session.flush()
    return shift


def test_ending_early_releases_later_draft_shifts_only(db) -> None:
    with db.transaction() as s:
        v = _person(s)
        tour = tours.create_tour(s, v, date(2027, 1, 1))
        primary = rotation_by_name(s, "Primary").id
        kept = _shift(s, primary, v.id, datetime(2027, 2, 5, 18, tzinfo=UTC))
        published = _shift(s, primary, v.id, datetime(2027, 4, 2, 17, tzinfo=UTC), "published")
        freed = _shift(s, primary, v.id, datetime(2027, 4, 9, 17, tzinfo=UTC))
        ids = (tour.id, kept.id, published.id, freed.id)
    with db.transaction() as s:
        released = tours.end_early(s, ids[0], date(2027, 3, 31), "moved team")
    assert released == 1
    with db.session() as s:
        assert s.get(Tour, ids[0]).end == date(2027, 4, 1)
        assert s.get(Shift, ids[1]).volunteer_id is not None
        assert s.get(Shift, ids[2]).volunteer_id is not None  # published stays
        assert s.get(Shift, ids[3]).volunteer_id is None
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "tour changed")).one()
        assert "moved team" in entry.detail and '"released_shifts": 1' in entry.detail


def test_ending_early_releases_a_draft_shift_that_straddles_the_new_end(db) -> None:
    # The allocator needs the whole slot inside a tour, so a slot that starts before the
    # new end but ends after it can no longer be held: it is released for re-planning.
    with db.transaction() as s:
        v = _person(s)
        tour = tours.create_tour(s, v, date(2027, 1, 1))
        primary = rotation_by_name(s, "Primary").id
        straddling = _shift(s, primary, v.id, datetime(2027, 3, 26, 18, tzinfo=UTC))
        ids = (tour.id, straddling.id)
    with db.transaction() as s:
        assert tours.end_early(s, ids[0], date(2027, 3, 31)) == 1
    with db.session() as s:
        assert s.get(Shift, ids[1]).volunteer_id is None


def test_end_early_must_be_before_the_current_end(db) -> None:
    with db.transaction() as s:
        tour_id = tours.create_tour(s, _person(s), date(2027, 1, 1)).id
    with pytest.raises(PlannerError, match="not before the tour's last day 2027-06-30"):
        with db.transaction() as s:
            tours.end_early(s, tour_id, date(2027, 7, 15))


def test_extend_checks_the_next_tour(db) -> None:
    with db.transaction() as s:
        v = _person(s)
        first = tours.create_tour(s, v, date(2027, 1, 1)).id
        tours.create_tour(s, v, date(2027, 8, 1))
    with db.transaction() as s:
        tours.extend(s, first, 1)
        assert s.get(Tour, first).end == date(2027, 8, 1)
    with pytest.raises(PlannerError, match="overlaps"):
        with db.transaction() as s:
            tours.extend(s, first, 1)


def test_change_dates_refuses_end_before_start(db) -> None:
    with db.transaction() as s:
        tour_id = tours.create_tour(s, _person(s), date(2027, 1, 1)).id
    before = snapshot(db)
    with pytest.raises(PlannerError, match="ends .* before it starts"):
        with db.transaction() as s:
            tours.change_dates(s, tour_id, date(2027, 3, 1), date(2027, 2, 1))
    assert snapshot(db) == before


def test_status_pipeline_with_date_and_note_in_the_audit_log(db) -> None:
    with db.transaction() as s:
        v = _person(s)
        volunteers.change_status(s, v, "approved", date(2026, 11, 20), "manager agreed")
        history = volunteers.history(s, v.id)
    assert history[-1].action == "status changed"
    assert history[-1].text == "applied → approved on 2026-11-20: manager agreed"


def test_the_history_says_its_days_in_the_readers_locale(db) -> None:
    """The detail pane passes the user's locale; the command line and files pass none."""
    with db.transaction() as s:
        v = _person(s)
        volunteers.change_status(s, v, "approved", date(2026, 11, 20), "manager agreed")
        tours.create_tour(s, v, date(2027, 1, 1))
        german = [h.text for h in volunteers.history(s, v.id, "de_DE")]
        american = [h.text for h in volunteers.history(s, v.id, "en_US")]
        fixed = [h.text for h in volunteers.history(s, v.id)]
    assert "applied → approved on 20. Nov. 2026: manager agreed" in german
    assert "1. Jan. 2027 to 30. Juni 2027" in german
    assert "applied → approved on Nov 20, 2026: manager agreed" in american
    assert "2027-01-01 to 2027-06-30" in fixed


def test_the_history_says_rest_in_days_not_its_stored_half_days(db) -> None:
    # 'rest entitled: day 10. Nov. 2026, half_days 2' before: the record's field names.
    from planner.pay import rest

    with db.transaction() as s:
        v = _person(s)
        entry = rest.add_entry(s, v, "entitled", date(2026, 11, 10), 1)
        rest.add_entry(s, v, "taken", date(2026, 11, 12), 0.5)
        rest.update_entry(s, entry.id, date(2026, 11, 11), 1.5)
        german = {h.action: h.text for h in volunteers.history(s, v.id, "de_DE")}
        fixed = {h.action: h.text for h in volunteers.history(s, v.id)}
    assert german["rest entitled"] == "1 day on 10. Nov. 2026"
    assert german["rest taken"] == "half a day on 12. Nov. 2026"
    assert (
        german["rest entitled corrected"]
        == "1,5 days on 11. Nov. 2026 (was 1 day on 10. Nov. 2026)"
    )
    assert fixed["rest entitled"] == "1 day on 2026-11-10"
    assert not any("half_days" in text for text in german.values())


def test_an_impossible_status_change_is_refused(db) -> None:
    with db.transaction() as s:
        _person(s)
    with pytest.raises(PlannerError, match="cannot go from applied to alumni"):
        with db.transaction() as s:
            volunteers.change_status(
                s, volunteers.by_email(s, "ann@example.com"), "alumni", date(2026, 11, 1)
            )


def test_statuses_follow_the_tour_dates(db) -> None:
    with db.transaction() as s:
        v = _person(s)
        volunteers.change_status(s, v, "approved", date(2026, 1, 1))
        tours.create_tour(s, v, date(2026, 2, 1))
        volunteers.sync_statuses(s, date(2026, 3, 1))
        assert v.status == "on_tour"
        volunteers.sync_statuses(s, date(2026, 8, 1))
        assert v.status == "alumni"


def test_form_checks_name_each_bad_field(db) -> None:
    with db.transaction() as s:
        _person(s)
        problems = volunteers.check_fields(
            s, name=" ", email="ANN@example.com", site="Paris", role="boss"
        )
    assert set(problems) == {"name", "email", "site", "role"}
    assert "already exists" in problems["email"]


def test_update_changes_fields_and_keeps_the_email_unique(db) -> None:
    with db.transaction() as s:
        ann = _person(s)
        _person(s, "bo@example.com")
        changed = volunteers.update(
            s, ann, name="Ann Lee", email="ann@example.com", site="London", role="leader"
        )
        assert set(changed) == {"site_id", "role"}
    with pytest.raises(PlannerError, match="already exists"):
        with db.transaction() as s:
            ann = volunteers.by_email(s, "ann@example.com")
            volunteers.update(
                s, ann, name="A", email="bo@example.com", site="Dublin", role="engineer"
            )

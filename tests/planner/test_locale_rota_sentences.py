"""The rota's, tours' and stagger rules' sentences give their days in the reader's locale
when one is passed (the desktop app passes the user's), and ISO without one (the command
line, scripts): the English words stay, so the rule behind each warning is read the same
in every locale (eligibility.rule_of, stagger.stagger_rule)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from planner.core import settings
from planner.core.errors import PlannerError
from planner.core.home import rotation_by_name
from planner.core.locale_text import day_span, day_time, iso_month, short_date, weekday_clock
from planner.outputs.service_record import service_record
from planner.people import stagger, tours, volunteers
from planner.people.stagger import Member, Rules, Team, stagger_rule
from planner.rota import allocation, covers, rotations
from planner.rota.eligibility import rule_of
from planner.rota.weeks import ensure_slots, list_rota, publish_preview
from tests.planner.rota_fixtures import BEFORE, START, person

LOCALES = [None, "de_DE", "en_US", "fr_FR"]
DUBLIN = "Europe/Dublin"


def _assign(s, week: date, name: str) -> int:  # type: ignore[no-untyped-def]
    shift = covers.shift_in_week(s, rotation_by_name(s, "Primary"), week)
    shift.volunteer_id = volunteers.by_email(s, f"{name}@example.com").id
    s.add(shift)
    return shift.id or 0


@pytest.fixture
def team(db):  # type: ignore[no-untyped-def]
    """Dan holds the week of 12 March but is away on the 13th and 14th; Ann holds the
    weeks of 5 and 19 March, closer than Primary's gap of 3 weeks; nobody can hold
    Escalation L2 (no leader)."""
    with db.transaction() as s:
        for name in ("Ann", "Bob", "Cat", "Dan"):
            person(s, name)
        dan = volunteers.by_email(s, "dan@example.com")
        volunteers.add_unavailability(s, dan, date(2027, 3, 13), date(2027, 3, 14), "wedding")
        ensure_slots(s, START, 6)
        _assign(s, date(2027, 3, 12), "dan")
        _assign(s, date(2027, 3, 5), "ann")
        _assign(s, date(2027, 3, 19), "ann")
    return db


@pytest.mark.parametrize("locale", LOCALES)
def test_rota_warnings_give_days_in_the_locale_and_keep_their_rule(team, locale) -> None:
    with team.session() as s:
        rows = {(r.rotation, r.week): r for r in list_rota(s, START, 6, BEFORE, locale=locale)}
        plain = {(r.rotation, r.week): r.warnings for r in list_rota(s, START, 6, BEFORE)}
    away = day_span(date(2027, 3, 13), date(2027, 3, 14), locale)
    assert (
        f"dan@example.com is away {away} (wedding)" in rows[("Primary", date(2027, 3, 12))].warnings
    )
    gap = (
        f"ann@example.com also holds Primary in the week of {short_date(date(2027, 3, 5), locale)}"
        ": the gap must be 3 clear week(s)"
    )
    assert gap in rows[("Primary", date(2027, 3, 19))].warnings
    for key, row in rows.items():  # each warning breaks the rule its ISO form breaks
        assert [rule_of(w) for w in row.warnings] == [rule_of(w) for w in plain[key]]
        if locale is not None:
            assert not any("2027-" in w for w in row.warnings), row.warnings
    rules = {rule_of(w) for ws in plain.values() for w in ws}
    assert len(rules) >= 3  # leave, gap, holder: each mapped, none the catch-all


def test_without_a_locale_the_rota_warnings_are_as_the_command_line_always_wrote_them(
    team,
) -> None:
    with team.session() as s:
        rows = {(r.rotation, r.week): r for r in list_rota(s, START, 6, BEFORE)}
    assert rows[("Primary", date(2027, 3, 12))].warnings == (
        "dan@example.com is away 2027-03-13..2027-03-14 (wedding)",
    )
    assert rows[("Primary", date(2027, 3, 5))].warnings == (
        "ann@example.com also holds Primary in the week of 2027-03-19: the gap must be 3 "
        "clear week(s)",
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_uncovered_reasons_and_the_publish_question_name_weeks_in_the_locale(team, locale) -> None:
    with team.session() as s:
        plan = allocation.summary(s, START, 6, now=BEFORE, locale=locale)
        preview = publish_preview(s, START, 6, now=BEFORE, locale=locale)
    first = short_date(date(2027, 3, 5), locale)
    reason = f"Escalation L2 week of {first}: nobody eligible is on tour for the whole week"
    assert reason in plan.uncovered
    assert f"Escalation L2 week of {first}" in preview.uncovered
    away = day_span(date(2027, 3, 13), date(2027, 3, 14), locale)
    twelfth = short_date(date(2027, 3, 12), locale)
    assert f"Primary week of {twelfth}: dan@example.com is away {away} (wedding)" in preview.broken


@pytest.mark.parametrize("locale", LOCALES)
def test_cover_refusals_and_blockers_in_the_locale(team, locale) -> None:
    with team.transaction() as s:
        primary = rotation_by_name(s, "Primary")
        shift_id = covers.shift_in_week(s, primary, date(2027, 3, 5)).id or 0
        start, end = datetime(2027, 3, 13, 20, tzinfo=UTC), datetime(2027, 3, 14, 8, tzinfo=UTC)
        blocked = dict(
            (p.email, why) for p, why in covers.cover_candidates(s, shift_id, start, end, locale)
        )
        away = day_span(date(2027, 3, 13), date(2027, 3, 14), locale)
        assert f"dan@example.com is away {away} (wedding)" in blocked["dan@example.com"]
        bob = volunteers.by_email(s, "bob@example.com")
        covers.add_cover(s, primary, bob, start, end)
        cat = volunteers.by_email(s, "cat@example.com")
        with pytest.raises(PlannerError) as refused:
            covers.add_cover(s, primary, cat, start, end, locale=locale)
    if locale is None:
        span = "2027-03-13T20:00+00:00..2027-03-14T08:00+00:00"
    else:
        span = f"{day_time(start, locale)} – {day_time(end, locale)} ({DUBLIN})"
    assert str(refused.value) == f"{span} is already covered by bob@example.com"


@pytest.mark.parametrize("locale", LOCALES)
def test_assign_and_swap_refusals_in_the_locale(team, locale) -> None:
    with team.transaction() as s:
        shift_id = covers.shift_in_week(s, rotation_by_name(s, "Primary"), date(2027, 3, 26)).id
        ann = volunteers.by_email(s, "ann@example.com")
        with pytest.raises(PlannerError) as refused:
            covers.assign(s, shift_id or 0, ann, now=BEFORE, locale=locale)
        first = short_date(date(2027, 3, 19), locale)
        assert f"also holds Primary in the week of {first}: the gap" in str(refused.value)
        week_of_12 = covers.shift_in_week(s, rotation_by_name(s, "Primary"), date(2027, 3, 12))
        after = datetime(2027, 3, 20, tzinfo=UTC)
        with pytest.raises(PlannerError) as started:
            covers.swap_candidates(s, week_of_12.id or 0, now=after, locale=locale)
    twelfth = short_date(date(2027, 3, 12), locale)
    assert str(started.value) == f"the shift of {twelfth} has already started"


@pytest.mark.parametrize("locale", LOCALES)
def test_tour_refusals_in_the_locale(db, locale) -> None:
    with db.transaction() as s:
        ann = person(s, "Ann", tour=(date(2027, 1, 1), date(2027, 7, 1)))
        tours.create_tour(s, ann, date(2027, 7, 1), date(2028, 1, 1))
        first, second = tours.list_tours(s, date(2027, 1, 1), ann.id)
        with pytest.raises(PlannerError) as overlap:
            tours.change_dates(s, second.id, date(2027, 6, 1), date(2028, 1, 1), locale=locale)
        with pytest.raises(PlannerError) as late:
            tours.end_early(s, first.id, date(2027, 6, 30), locale=locale)
        with pytest.raises(PlannerError) as retire:
            ensure_slots(s, START, 2)
            shift = covers.shift_in_week(s, rotation_by_name(s, "Primary"), date(2027, 3, 12))
            shift.state = "published"
            s.add(shift)
            rotations.retire_rotation(s, "Primary", date(2027, 3, 6), locale)
    one = day_span(date(2027, 6, 1), date(2027, 12, 31), locale)
    other = day_span(date(2027, 1, 1), date(2027, 6, 30), locale)
    assert str(overlap.value) == f"tour {one} overlaps the tour {other}"
    last = short_date(date(2027, 6, 30), locale)
    assert str(late.value) == f"{last} is not before the tour's last day {last}"
    assert f"cannot retire from {short_date(date(2027, 3, 6), locale)}: 1 published" in str(
        retire.value
    )
    if locale is None:
        assert str(overlap.value) == (
            "tour 2027-06-01..2027-12-31 overlaps the tour 2027-01-01..2027-06-30"
        )


@pytest.mark.parametrize("locale", LOCALES)
def test_stagger_breaches_give_months_and_days_in_the_locale_and_keep_their_rule(
    locale,
) -> None:
    rules = Rules(team_min=2, team_max=3, max_joins=1, max_leaves=1, min_experienced=1)
    july = date(2027, 7, 1)
    team = Team(
        "Primary",
        [Member(i, july, date(2028, 1, 1), date(2027, 8, 1)) for i in range(4)],
    )
    found = team.breaches(rules, date(2027, 6, 1), date(2027, 9, 1), locale)
    plain = team.breaches(rules, date(2027, 6, 1), date(2027, 9, 1))
    messages: dict[str, str] = {}
    for breach in found:  # in month order: each rule's first month
        messages.setdefault(breach.rule, breach.message)
    assert messages["joins"] == f"Primary: 4 join in {iso_month(july, locale)} (at most 1)"
    assert messages["too big"] == f"Primary: team of 4 on {short_date(july, locale)} (band 2-3)"
    assert [stagger_rule(b.message) for b in found] == [stagger_rule(b.message) for b in plain]
    assert messages["experienced"] == (
        f"Primary: 0 experienced on {short_date(july, locale)} (at least 1)"
    )
    assert len({stagger_rule(b.message) for b in found}) == 3  # joins, band, experienced
    if locale is None:
        assert messages["joins"] == "Primary: 4 join in 2027-07 (at most 1)"
        assert messages["too big"] == "Primary: team of 4 on 2027-07-01 (band 2-3)"
    forming = Team("Primary", [Member(0, july, date(2028, 1, 1), july)]).forming(
        Rules(1, 3, 1, 1, 1), date(2027, 6, 1), locale
    )
    assert forming is not None
    assert forming.message.endswith(f"bring it to 1 on {short_date(july, locale)}.")


@pytest.mark.parametrize("locale", LOCALES)
def test_an_unplaced_volunteers_reason_gives_its_day_and_months_in_the_locale(db, locale) -> None:
    with db.transaction() as s:
        settings.put(s, "max_joins_per_month", 0)  # nobody may join: Eve fits no month
        volunteers.create(s, name="Eve", email="eve@example.com", site="Dublin", status="approved")
        s.flush()
        plan = stagger.propose(s, date(2027, 1, 15), horizon_months=2, locale=locale)
    (eve,) = plan.unplaced
    months = ", ".join(iso_month(date(2027, m, 1), locale) for m in (1, 2, 3))
    assert eve.reason == (
        f"no start from {short_date(date(2027, 1, 15), locale)} within 2 months fits: "
        f"too many joins in Primary ({months})"
    )
    if locale is None:
        assert "(2027-01, 2027-02, 2027-03)" in eve.reason


@pytest.mark.parametrize("locale", LOCALES)
def test_a_service_records_cover_notes_in_the_locale(team, locale) -> None:
    with team.transaction() as s:
        primary = rotation_by_name(s, "Primary")
        start, end = datetime(2027, 3, 6, 20, tzinfo=UTC), datetime(2027, 3, 7, 8, tzinfo=UTC)
        covers.add_cover(s, primary, volunteers.by_email(s, "bob@example.com"), start, end)
        shift = covers.shift_in_week(s, primary, date(2027, 3, 5))
        shift.state = "published"
        s.add(shift)
    with team.session() as s:
        record = service_record(s, "ann@example.com", datetime(2027, 4, 1, tzinfo=UTC), locale)
    (line,) = [w for w in record.worked if w.own]
    # Dublin is on UTC in early March: the wall clock is the instant's
    when = f"{weekday_clock(start, locale)}–{weekday_clock(end, locale)}"
    assert line.note == f"covered by Bob {when}"
    if locale is None:
        assert line.note == "covered by Bob Sat 20:00–Sun 08:00"

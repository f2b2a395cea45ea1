"""Pay runs: repeatable builds, export before close, closed is for ever, adjustments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from planner.core.db import Database
from planner.core.errors import PlannerError
from planner.core.models import PayLine
from planner.core.month import Month
from planner.pay import runs as pay_runs
from tests.planner.pay_helpers import NOW, cover, person, shift


def _t(day: int, hour: int) -> datetime:
    return datetime(2027, 3, day, hour, tzinfo=UTC)


def _march(db: Database) -> None:
    with db.transaction() as session:
        ann, bea = person(session, "Ann A"), person(session, "Bea B", "London")
        s = shift(session, date(2027, 3, 5), ann)
        cover(session, s, bea, _t(6, 10), _t(6, 22))
        shift(session, date(2027, 3, 19), bea)


def _lines(db: Database, month: Month) -> list[tuple[object, ...]]:
    with db.session() as session:
        run = pay_runs.get_run(session, month)
        assert run is not None
        return [x.key() for x in pay_runs.stored_lines(session, run)]


def test_rebuilding_a_draft_run_gives_identical_lines(db: Database) -> None:
    _march(db)
    with db.transaction() as session:
        pay_runs.build_run(session, Month(2027, 3), NOW)
    first = _lines(db, Month(2027, 3))
    with db.session() as session:
        ids = [p.id for p in session.exec(select(PayLine))]
    with db.transaction() as session:
        pay_runs.build_run(session, Month(2027, 3), NOW)
    assert _lines(db, Month(2027, 3)) == first and len(first) == 3
    with db.session() as session:
        assert [p.id for p in session.exec(select(PayLine))] == ids


def test_closing_needs_an_export_of_the_current_lines(db: Database) -> None:
    _march(db)
    with db.transaction() as session:
        pay_runs.build_run(session, Month(2027, 3), NOW)
    with pytest.raises(PlannerError, match="not exported"), db.transaction() as session:
        pay_runs.close_run(session, Month(2027, 3), NOW)
    with db.transaction() as session:
        pay_runs.mark_exported(session, Month(2027, 3), NOW)
        ann = session.exec(select(PayLine)).first()
        assert ann is not None
        cover(
            session, _shift_of(session, ann.shift_id), person(session, "Cat C"), _t(7, 1), _t(7, 3)
        )
    with pytest.raises(PlannerError, match="changes since it was exported"), db.transaction() as s:
        pay_runs.close_run(s, Month(2027, 3), NOW)
    with db.session() as session:
        assert pay_runs.run_info(session, Month(2027, 3)).state == "exported"


def _shift_of(session, shift_id):  # type: ignore[no-untyped-def]
    from planner.core.models import Shift

    return session.get(Shift, shift_id)


def _close(db: Database, month: Month) -> None:
    with db.transaction() as session:
        pay_runs.build_run(session, month, NOW)
        pay_runs.mark_exported(session, month, NOW)
        pay_runs.close_run(session, month, NOW)


def test_a_closed_run_cannot_change_even_behind_the_services_back(db: Database) -> None:
    _march(db)
    _close(db, Month(2027, 3))
    with pytest.raises(PlannerError, match="closed"), db.transaction() as session:
        pay_runs.build_run(session, Month(2027, 3), NOW)
    with pytest.raises(IntegrityError, match="pay run is closed"), db.transaction() as session:
        session.connection().execute(text("UPDATE pay_line SET amount_minor = 1"))


def test_a_late_cover_in_a_closed_month_lands_as_adjustments_in_the_next_run(
    db: Database,
) -> None:
    _march(db)
    _close(db, Month(2027, 3))
    closed = _lines(db, Month(2027, 3))
    with db.transaction() as session:
        from planner.core.models import Shift

        first = session.exec(select(Shift).order_by(Shift.slot_start)).first()
        cover(session, first, person(session, "Cat C", "San Francisco"), _t(7, 10), _t(7, 22))
        pay_runs.build_run(session, Month(2027, 4), NOW)
        april = pay_runs.stored_lines(session, pay_runs.get_run(session, Month(2027, 4)))
    assert _lines(db, Month(2027, 3)) == closed
    adjustments = {(x.email, x.currency): x for x in april if x.kind == "adjustment"}
    assert adjustments[("cat.c@example.com", "USD")].amount_minor > 0
    assert adjustments[("ann.a@example.com", "EUR")].amount_minor < 0
    assert "closed run 2027-03" in adjustments[("ann.a@example.com", "EUR")].reason
    assert ("bea.b@example.com", "GBP") not in adjustments  # Bea's hours did not change
    # Rebuilding April is stable; once April is closed, nothing is owed twice in May.
    _close(db, Month(2027, 4))
    with db.session() as session:
        assert [x for x in pay_runs.desired_lines(session, Month(2027, 5), NOW)] == []


def test_a_corrected_assignee_moves_the_whole_fee(db: Database) -> None:
    _march(db)
    _close(db, Month(2027, 3))
    with db.transaction() as session:
        from planner.core.models import Shift

        last = session.exec(select(Shift).order_by(Shift.slot_start.desc())).first()  # type: ignore[attr-defined]
        last.volunteer_id = person(session, "Dan D").id
        session.add(last)
        session.flush()
        lines = pay_runs.desired_lines(session, Month(2027, 4), NOW)
    amounts = {(x.email, x.currency): x.amount_minor for x in lines}
    assert amounts == {("dan.d@example.com", "EUR"): 50000, ("bea.b@example.com", "GBP"): -43000}


def test_month_pay_says_when_a_run_is_stale_and_a_closed_one_never_is(db: Database) -> None:
    _march(db)
    with db.session() as session:
        preview = pay_runs.month_pay(session, Month(2027, 3), NOW)
    assert (preview.state, preview.stale, preview.built) == ("none", False, False)
    with db.transaction() as session:
        pay_runs.build_run(session, Month(2027, 3), NOW)
    with db.session() as session:
        built = pay_runs.month_pay(session, Month(2027, 3), NOW)
        run = pay_runs.get_run(session, Month(2027, 3))
        assert run is not None and not pay_runs.is_stale(session, run, NOW)
    assert (built.state, built.stale, built.built) == ("draft", False, True)
    assert [x.key() for x in built.lines] == [x.key() for x in preview.lines]
    with db.transaction() as session:
        first = session.exec(select(PayLine)).first()
        assert first is not None
        cover(
            session,
            _shift_of(session, first.shift_id),
            person(session, "Cat C"),
            _t(7, 1),
            _t(7, 3),
        )
    with db.session() as session:
        assert pay_runs.month_pay(session, Month(2027, 3), NOW).stale
    _close(db, Month(2027, 3))  # rebuilt, exported, closed: then a later change is an adjustment
    with db.transaction() as session:
        first = session.exec(select(PayLine)).first()
        assert first is not None
        cover(
            session,
            _shift_of(session, first.shift_id),
            person(session, "Dan D"),
            _t(7, 5),
            _t(7, 6),
        )
    with db.session() as session:
        closed = pay_runs.month_pay(session, Month(2027, 3), NOW)
    assert (closed.state, closed.stale) == ("closed", False)


def test_corrections_land_in_the_first_month_after_a_run_of_closed_ones() -> None:
    closed = {Month(2027, 1), Month(2027, 2), Month(2027, 4)}
    assert pay_runs._source_months(closed, Month(2027, 3)) == [Month(2027, 1), Month(2027, 2)]
    assert pay_runs._source_months(closed, Month(2027, 5)) == [Month(2027, 4)]
    assert pay_runs._source_months(closed, Month(2027, 4)) == []  # closed itself: nothing lands
    assert pay_runs._source_months(closed, Month(2027, 6)) == []


def test_paid_so_far_sums_every_closed_run_and_signs_adjustment_minutes(db: Database) -> None:
    _march(db)
    _close(db, Month(2027, 3))
    with db.session() as session:
        paid = pay_runs._paid_so_far(session, [Month(2027, 3)])
        lines = pay_runs.stored_lines(session, pay_runs.get_run(session, Month(2027, 3)))
    assert sum(paid.amount.values()) == sum(x.amount_minor for x in lines)
    assert sum(paid.minutes.values()) == sum(x.minutes for x in lines if x.kind == "shift")
    assert paid.shift_ids_of_sources == {x.shift_id for x in lines}
    assert set(paid.pay_month.values()) == {Month(2027, 3)}

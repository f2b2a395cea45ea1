"""Who holds a shift when, once covers are taken out."""

from __future__ import annotations

from datetime import UTC, datetime

from planner.core.models import Cover, Shift
from planner.rota.shifts import effective_state, holdings


def _t(day: int, hour: int) -> datetime:
    return datetime(2027, 3, day, hour, tzinfo=UTC)


def test_cover_in_the_middle_splits_the_assignee_time_in_two() -> None:
    shift = Shift(
        id=1,
        rotation_id=1,
        slot_start=_t(5, 18),
        slot_end=_t(12, 18),
        volunteer_id=7,
        state="published",
    )
    cover = Cover(id=1, shift_id=1, volunteer_id=9, start=_t(7, 0), end=_t(7, 12))
    parts = [(h.volunteer_id, h.start, h.end, h.cover) for h in holdings(shift, [cover])]
    assert parts == [
        (7, _t(5, 18), _t(7, 0), False),
        (9, _t(7, 0), _t(7, 12), True),
        (7, _t(7, 12), _t(12, 18), False),
    ]


def test_a_cover_past_the_slot_is_clipped_and_an_empty_slot_has_only_covers() -> None:
    shift = Shift(id=1, rotation_id=1, slot_start=_t(5, 18), slot_end=_t(12, 18))
    cover = Cover(id=1, shift_id=1, volunteer_id=9, start=_t(12, 0), end=_t(13, 0))
    assert [(h.start, h.end) for h in holdings(shift, [cover])] == [(_t(12, 0), _t(12, 18))]


def test_state_becomes_worked_once_a_published_slot_has_ended() -> None:
    shift = Shift(rotation_id=1, slot_start=_t(5, 18), slot_end=_t(12, 18), state="published")
    assert effective_state(shift, _t(12, 17)) == "published"
    assert effective_state(shift, _t(12, 18)) == "worked"
    shift.state = "draft"
    assert effective_state(shift, _t(20, 0)) == "draft"

"""Who holds a shift when: the assignee's time less any covers, and the covers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from planner.core.dates import utc_now
from planner.core.out_of_hours import Interval, merge, subtract

# The rule behind every gap (out-of-hours time nobody holds) the app and the command line
# show: the Now screen, the rota, the timeline, the planner's uncovered slots.
GAP_RULE = "every out-of-hours minute needs a holder in each rotation"


def effective_state(shift: StatedSlot, now: datetime | None = None) -> str:
    """draft, published, or worked (published and the slot has ended)."""
    now = now or utc_now()
    if shift.state == "published" and shift.slot_end <= now:
        return "worked"
    return shift.state


@dataclass(frozen=True)
class Holding:
    """One stretch of a shift held by one volunteer; ``cover`` marks a cover."""

    volunteer_id: int
    start: datetime
    end: datetime
    cover: bool


def holdings(shift: SlotLike, covers: Iterable[NumberedCover]) -> list[Holding]:
    """The shift split into who held it: covers first take their part, the assignee the rest.

    Covers are clipped to the slot. An uncovered slot (no assignee) yields only its covers.
    """
    parts: list[Holding] = []
    taken: list[Interval] = []
    for cover in sorted(covers, key=lambda c: (c.start, c.id or 0)):
        start, end = max(cover.start, shift.slot_start), min(cover.end, shift.slot_end)
        if start < end:
            parts.append(Holding(cover.volunteer_id, start, end, True))
            taken.append((start, end))
    if shift.volunteer_id is not None:
        rest = subtract([(shift.slot_start, shift.slot_end)], merge(taken))
        parts += [Holding(shift.volunteer_id, s, e, False) for s, e in rest]
    return sorted(parts, key=lambda h: h.start)


class SlotLike(Protocol):
    """A shift's slot and assignee (a ``Shift``, or a row read with only those columns)."""

    @property
    def slot_start(self) -> datetime: ...
    @property
    def slot_end(self) -> datetime: ...
    @property
    def volunteer_id(self) -> int | None: ...


class StatedSlot(Protocol):
    """A shift's state and the end of its slot (a ``Shift``, or a row read with sqlite3)."""

    @property
    def state(self) -> str: ...
    @property
    def slot_end(self) -> datetime: ...


class CoverLike(Protocol):
    """A cover's time and volunteer (a ``Cover``, or a row read with only those columns)."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def volunteer_id(self) -> int: ...


class NumberedCover(CoverLike, Protocol):
    """A cover with its id (covers starting together are split in the order entered)."""

    @property
    def id(self) -> int | None: ...


def holds_at(shift: SlotLike, covers: Iterable[CoverLike], volunteer_id: int, at: datetime) -> bool:
    """Whether ``volunteer_id`` holds ``shift`` at the instant ``at``: the answer
    ``holdings`` gives (a cover holds its part of the slot, the assignee the rest), without
    splitting the whole slot."""
    if not shift.slot_start <= at < shift.slot_end:
        return False
    covered = False
    for cover in covers:
        if cover.start <= at < cover.end:
            if cover.volunteer_id == volunteer_id:
                return True
            covered = True
    return not covered and shift.volunteer_id == volunteer_id

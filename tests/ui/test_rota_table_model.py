"""The rota grid model without a window: weeks × rotations, colours, proposals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from planner.rota.weeks import CoverRow, RotaRow
from ui import palette
from ui.models.rota_table_model import Proposed, RotaTableModel, tint

DUBLIN = ZoneInfo("Europe/Dublin")


def _row(shift_id: int, rotation_id: int, day: int, name: str = "", **extra) -> RotaRow:  # type: ignore[no-untyped-def]
    fields = dict(
        shift_id=shift_id, rotation_id=rotation_id,
        rotation="Primary" if rotation_id == 1 else "Escalation L2",
        week=date(2027, 3, day), slot_start=datetime(2027, 3, day, 18, tzinfo=UTC),
        slot_end=datetime(2027, 3, day + 7, 18, tzinfo=UTC), out_of_hours_hours=123.0,
        volunteer_id=7 if name else None, assignee_email=f"{name.lower()}@x.org" if name else None,
        assignee_name=name, site="London" if name else "", colour="#1565c0" if name else "",
        state="published", covers=(), warnings=() if name else ("uncovered",),
    )  # fmt: skip
    fields.update(extra)
    return RotaRow(**fields)  # type: ignore[arg-type]


def _model() -> RotaTableModel:
    cover = CoverRow(1, "cat@x.org", "Cat", "Dublin", "#2e7d32",
                     datetime(2027, 3, 6, 20, tzinfo=UTC), datetime(2027, 3, 7, 8, tzinfo=UTC))  # fmt: skip
    rows = [
        _row(1, 1, 5, "Tom", covers=(cover,)),
        _row(2, 2, 5, state="draft"),
        _row(
            3, 1, 12, "Tom", state="draft", warnings=("tom@x.org is away 2027-03-13..2027-03-14",)
        ),
    ]
    model = RotaTableModel()
    model.set_rows(rows, [(1, "Primary"), (2, "Escalation L2")], DUBLIN,
                   [date(2027, 3, 5), date(2027, 3, 12), date(2027, 3, 19)])  # fmt: skip
    return model


def test_weeks_are_rows_and_every_week_of_the_range_shows() -> None:
    model = _model()
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    assert model.display(0, 1) == "Tom\nLondon (L) · Published\n↳ Cat: Sat 20:00–Sun 08:00"
    assert model.display(0, 2) == "Uncovered\nDraft"
    assert model.display(1, 1) == "Tom\nLondon (L) · Draft\n⚠ on leave"
    assert model.display(2, 1) == "Not planned yet"


def test_colours_say_site_state_and_trouble() -> None:
    model = _model()
    background = Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(0, 1), background).color() == tint("#1565c0", 0.55)
    assert model.data(model.index(1, 1), background).color() == tint("#1565c0", 0.82)
    assert model.data(model.index(0, 2), background).color().name() == palette.LIGHT.gap_fill
    assert (
        model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole).color().name()
        == palette.LIGHT.error
    )
    assert "is away 2027-03-13..2027-03-14" in model.data(
        model.index(1, 1), Qt.ItemDataRole.ToolTipRole
    )


def test_a_proposal_is_laid_over_the_grid_until_discarded() -> None:
    model = _model()
    model.set_proposal({2: Proposed("Ann", "Dublin", "#2e7d32"), 3: None})
    assert model.display(0, 2) == "Ann  → proposed\nDublin (D) · was nobody"
    assert model.display(1, 1) == "(uncovered)  → proposed\nwas Tom"  # its warning is gone
    model.set_proposal({})
    assert model.display(0, 2) == "Uncovered\nDraft"


def test_the_same_rows_again_leave_the_grid_alone_and_new_rows_show() -> None:
    model = _model()
    display = Qt.ItemDataRole.DisplayRole
    first = model.data(model.index(0, 1), display)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    rows = [model.cell(r, c) for r in range(model.rowCount()) for c in (1, 2)]
    same = [row for row in rows if row is not None]
    weeks = [model.week_at(r) for r in range(model.rowCount())]
    assert model.set_rows(same, model.rotations(), DUBLIN, weeks) is False
    assert resets == [] and model.data(model.index(0, 1), display) == first
    # What the view shows (through data(), asked again on every paint) follows each change.
    changed = [_row(1, 1, 5, "Una")] + same[1:]
    assert model.set_rows(changed, model.rotations(), DUBLIN, weeks) is True
    assert resets == [1]
    assert model.data(model.index(0, 1), display).startswith("Una\n")
    model.set_proposal({1: Proposed("Ann", "Dublin", "#2e7d32")})
    assert model.data(model.index(0, 1), display).startswith("Ann  → proposed")
    model.set_proposal({})
    assert model.data(model.index(0, 1), display).startswith("Una\n")

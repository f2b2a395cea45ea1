"""A row filter that chooses nothing looks at no row: a long list is shown without a call
per row; once a filter or a search chooses, every row is looked at again."""

from __future__ import annotations

from typing import Any

from ui.models.row_table_model import RowProxyModel, RowTableModel


class _Numbers(RowTableModel[int]):
    COLUMNS = (("n", lambda r: str(r), None),)


class _EvenOnly(RowProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.even = False
        self.looked = 0

    def set_even(self, even: bool) -> None:
        self._change(lambda: setattr(self, "even", even))

    def accepts_every_row(self) -> bool:
        return not self.even

    def accepts(self, row: int) -> bool:
        self.looked += 1
        return not self.even or row % 2 == 0


def test_a_filter_that_chooses_nothing_looks_at_no_row(qapp) -> None:  # type: ignore[no-untyped-def]
    model = _Numbers()
    proxy = _EvenOnly()
    proxy.setSourceModel(model)
    model.set_rows(list(range(1000)))
    assert proxy.rowCount() == 1000 and proxy.looked == 0
    proxy.set_even(True)
    assert proxy.rowCount() == 500 and proxy.looked == 1000
    proxy.setFilterFixedString("99")  # 99, 199, ... 990-999: the even ones
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())][:3] == ["990", "992", "994"]
    proxy.set_even(False)
    proxy.setFilterFixedString("")
    looked = proxy.looked
    model.set_rows(list(range(2000)))
    assert proxy.rowCount() == 2000 and proxy.looked == looked

"""On the printed rota a draft shift is hatched (and a published one is not), so a draft is
told apart on paper even in black and white."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from planner.outputs.calendar import Holder
from ui.printing.rota_pages import _holder_line


def _colours(draft: bool) -> set[int]:
    """The colours painted in a name line with no name and no times: its fill and marks."""
    image = QImage(200, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    holder = Holder(kind="holder", name="", site="Dublin", colour="#1f77b4", draft=draft)
    _holder_line(painter, QRectF(0, 0, 200, 20), "P", holder, show_tag=False)
    painter.end()
    # the part right of the site chip and the tag: only the fill (and a hatch) are there
    return {image.pixel(x, y) for x in range(40, 200) for y in range(20)}


def test_a_draft_line_is_hatched_and_a_published_one_is_plain() -> None:
    assert len(_colours(draft=False)) == 1  # one flat tint
    assert len(_colours(draft=True)) >= 2  # the tint crossed by hatch lines

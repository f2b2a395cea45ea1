"""A word-wrapped label that is never given less height than its lines need.

Qt bounds a window by its layout's minimum size, which leaves height-for-width out: a
wrapped label in a dialog shrunk by the user, or clamped to a small screen at 200 %, was
squeezed and its lines cut top and bottom. This label asks, at each width it is given and
each text it shows, for the height its wrapped lines take."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self._fit()

    def clear(self) -> None:
        super().clear()
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        # its height is its lines' at the width it has: a plain height to every layout
        # (a form or a group box asked for height-for-width short-changed it)
        return False

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        if self.text():
            hint.setHeight(self.minimumHeight())
        return hint

    def _fit(self) -> None:
        need = self.heightForWidth(self.width()) if self.text() else 0
        if need != self.minimumHeight():
            self.setMinimumHeight(max(need, 0))
            self.updateGeometry()  # its size hint too

"""A list of sentences that wrap at its width: never a horizontal scrollbar.

QListView wraps an item's text at the width its items were last laid out at, and lays
them out again only 100 ms after a resize, or not at all when the resize came while a
layout was pending: a list filled before its screen's layout settled (or just as its
vertical scrollbar came or went) could keep lines measured for another width, and show
a horizontal scrollbar for lines that fit. This list lays its items out again at each new
width, at once, and has no horizontal scrollbar to show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QListView, QListWidget, QWidget


class WrappingList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._laid_out_at = -1  # the viewport width the items were wrapped at
        self._laying_out = False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)  # the viewport's size: its width is the lines' width
        self._wrap_at_width()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._wrap_at_width()

    def doItemsLayout(self) -> None:  # noqa: N802
        width = self.viewport().width()
        self._laying_out = True
        try:
            super().doItemsLayout()
        finally:
            self._laying_out = False
        self._laid_out_at = width

    def _wrap_at_width(self) -> None:
        # laying out shows or hides the vertical scrollbar, which resizes the viewport
        # and comes back here: that new width is laid out once the first is done
        if self._laying_out or not self.isVisible():
            return
        for _again in range(3):
            if self._laid_out_at == self.viewport().width():
                return
            self.doItemsLayout()

"""Headings as plain-text labels in a bold (and, for a screen's title, larger) font.

They look exactly as the rich-text ``<b>…</b>`` and ``<h2 style='margin:0'>…</h2>`` labels
they replace (the same pixels), but a plain label draws its text directly, where a rich-text
one lays out a text document, and finishing that layout during the first paint asked for a
second paint of the screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

# What rich text's <h2> does to the font: 1.5 times the size, bold.
H2_SCALE = 1.5


def bold_label(text: str, parent: QWidget | None = None) -> QLabel:
    """``text`` in bold: a section's heading."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def title_label(text: str, parent: QWidget | None = None) -> QLabel:
    """``text`` as a screen's title (rich text's <h2>, no margin)."""
    label = bold_label(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * H2_SCALE)
    label.setFont(font)
    return label

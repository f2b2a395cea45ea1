"""Tours › Stagger rules: every line wraps at the list's width, whatever width the screen
gets and whenever the list was filled: no horizontal scrollbar, no line running past the
right edge."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QListWidget, QStyle
from sqlmodel import select

from planner.core.models import Rotation
from tests.conftest import TODAY

WIDTHS = (1600, 1100, 800, 1400, 900, 1250)


def _narrow_bands(db) -> None:
    """A band the demo's teams all break: a long list, so the vertical scrollbar shows."""
    with db.transaction() as session:
        for rotation in session.exec(select(Rotation)).all():
            rotation.team_min, rotation.team_max = 9, 12
            session.add(rotation)


def _runs_off(rules: QListWidget) -> list[str]:
    """The lines that do not fit: past the right edge, or cut at the bottom."""
    found = []
    shown = rules.viewport().width()
    metrics = rules.fontMetrics()
    # the style's margin either side of an item's text (QCommonStyle's viewItemSize)
    margin = 2 * (rules.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    for i in range(rules.count()):
        item = rules.item(i)
        rect = rules.visualItemRect(item)
        lines = metrics.boundingRect(
            QRect(0, 0, rect.width() - margin, 10_000), Qt.TextFlag.TextWordWrap, item.text()
        )
        if rect.right() >= shown or rect.height() < lines.height():
            found.append(f"{item.text()[:50]!r}: {rect} in a list {shown} wide needs {lines}")
    return found


def test_the_stagger_rules_wrap_at_every_width_without_a_horizontal_scrollbar(
    main_window, demo_db, qtbot
) -> None:
    _narrow_bands(demo_db)
    page = main_window.pages["tours"]
    page.today = TODAY
    page.refresh()  # filled before the screen is shown: its layout not settled yet
    main_window.resize(WIDTHS[0], 800)
    main_window.show_page("tours")
    rules = page.problems
    assert rules.count() > 10 and any(len(rules.item(i).text()) > 80 for i in range(rules.count()))
    for width in WIDTHS:
        main_window.resize(width, 760)
        QApplication.processEvents()
        assert rules.verticalScrollBar().isVisible()  # long enough to need one
        assert not rules.horizontalScrollBar().isVisible(), width
        assert _runs_off(rules) == [], width
        page.refresh()  # filled again at this width: the same
        QApplication.processEvents()
        assert not rules.horizontalScrollBar().isVisible(), width
        assert _runs_off(rules) == [], width

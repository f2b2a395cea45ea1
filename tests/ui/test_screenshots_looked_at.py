"""What the screenshots showed: text drawn by hand never runs into other text, a
calendar's headings are in the user's language, and a site's colour comes with its letter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import QLocale, QRect
from PySide6.QtGui import QPainter

from tests.conftest import TODAY
from tests.planner.rota_fixtures import freeze_now
from ui import user_locale
from ui.rota_timeline_view import HEADER_H, ZOOMS


@pytest.fixture
def frozen(monkeypatch) -> datetime:  # type: ignore[no-untyped-def]
    instant = datetime.combine(TODAY, time(12), UTC)
    freeze_now(monkeypatch, instant)
    return instant


@pytest.fixture(params=["C", "de_DE"])
def locale(request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    QLocale.setDefault(QLocale(request.param))
    yield request.param
    QLocale.setDefault(QLocale.c())


def _texts_drawn(monkeypatch, widget) -> list[tuple[QRect, str]]:  # type: ignore[no-untyped-def]
    """Each text ``widget`` paints with ``drawText(rect, flags, text)`` and the rectangle
    its letters take."""
    drawn: list[tuple[QRect, str]] = []
    original = QPainter.drawText

    def record(painter: QPainter, *args: object) -> None:
        if len(args) == 3 and isinstance(args[0], QRect) and isinstance(args[2], str):
            rect, flags, text = args
            clip = painter.fontMetrics().boundingRect(rect, int(flags), text)  # type: ignore[call-overload]
            drawn.append((clip.intersected(rect), text))
        original(painter, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(QPainter, "drawText", record)
    widget.grab()
    monkeypatch.setattr(QPainter, "drawText", original)
    return drawn


def test_the_timeline_header_labels_never_overlap(main_window, frozen, locale, monkeypatch) -> None:
    main_window.resize(1280, 800)
    main_window.show_page("timeline")
    screen = main_window.pages["timeline"]
    screen.now = frozen
    for zoom, span in ZOOMS:
        # now near the left edge, where the month is named
        screen.set_view(zoom, TODAY - timedelta(days=0 if span <= timedelta(days=1) else 1))
        header = [
            (rect, text)
            for rect, text in _texts_drawn(monkeypatch, screen.view)
            if rect.top() < HEADER_H and text.strip()
        ]
        assert any(text == "now" for _, text in header), zoom
        clashes = [
            f"{zoom}: {a!r} runs into {b!r}"
            for n, (ra, a) in enumerate(header)
            for rb, b in header[n + 1 :]
            if ra.intersects(rb)
        ]
        assert clashes == []
    # a month that begins in the view is named where it begins
    screen.set_view("Month", TODAY.replace(day=20))
    texts = [text for _, text in _texts_drawn(monkeypatch, screen.view)]
    following = (TODAY.replace(day=28) + timedelta(days=5)).replace(day=1)
    assert user_locale.month_year(following) in texts


def test_the_rota_month_calendar_names_weekdays_in_the_users_language(main_window, locale) -> None:
    main_window.show_page("rota")
    screen = main_window.pages["rota"]
    screen.tabs.setCurrentWidget(screen.month_page)
    grid = screen.month_view.grid
    names = [grid.horizontalHeaderItem(n).text() for n in range(7)]
    expected = {"C": "Mon", "de_DE": "Mo"}[locale]
    assert names[0] == expected
    assert names[6] == {"C": "Sun", "de_DE": "So"}[locale]


def test_the_rota_month_calendar_names_each_holders_site_letter(main_window) -> None:
    """A cell takes its holder's site colour: the site's letter says it too."""
    main_window.show_page("rota")
    screen = main_window.pages["rota"]
    screen.tabs.setCurrentWidget(screen.month_page)
    grid = screen.month_view.grid
    holders = [
        line
        for r in range(grid.rowCount())
        for c in range(grid.columnCount())
        if (item := grid.item(r, c)) is not None
        for line in item.text().splitlines()[1:]
        if not line.endswith(("—", "Uncovered"))
    ]
    assert holders
    unlettered = [
        line
        for line in holders
        if not line.removesuffix(" (cover)").endswith(("(D)", "(L)", "(SF)"))
    ]
    assert unlettered == []

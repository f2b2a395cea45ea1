"""What the screenshots showed: text drawn by hand never runs into other text, a
calendar's headings are in the user's language, and a site's colour comes with its letter."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import QLocale, QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from tests.conftest import TODAY
from tests.planner.rota_fixtures import freeze_now
from ui import user_locale
from ui.rota_timeline_view import HEADER_H, ZOOMS
from ui.tour_timeline_view import LABEL_W


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


def _bar_labels(monkeypatch, view) -> tuple[QImage, list[tuple[QRect, str, QColor]]]:  # type: ignore[no-untyped-def]
    """The tour timeline as grabbed, and each tour bar's label: where its letters are,
    the text, and the colour it was drawn in."""
    drawn: list[tuple[QRect, str, QColor]] = []
    original = QPainter.drawText

    def record(painter: QPainter, *args: object) -> None:
        if len(args) == 3 and isinstance(args[0], QRect) and isinstance(args[2], str):
            rect, flags, text = args
            if re.match(r"^(D|L|SF) · ", text):
                letters = painter.fontMetrics().boundingRect(rect, int(flags), text)  # type: ignore[call-overload]
                drawn.append((letters, text, painter.pen().color()))
        original(painter, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(QPainter, "drawText", record)
    image = view.grab().toImage()
    monkeypatch.setattr(QPainter, "drawText", original)
    return image, drawn


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_tour_bar_label_is_whole_and_readable(
    main_window, monkeypatch, qtbot, scheme
) -> None:
    """Past tours' bars are faded: their dates still read (black on a pale tint, white on a
    deep shade), and a bar that begins left of the view has its label in the part shown,
    never cut by the frozen name column."""
    from tests.ui.test_dark_readable import _dark, contrast

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    if scheme == "dark":
        app.setPalette(_dark())
    try:
        main_window.resize(1280, 800)
        main_window.show_page("tours")
        screen = main_window.pages["tours"]
        qtbot.waitUntil(lambda: screen.view.timeline is not None)
        qtbot.wait(100)
        view = screen.view
        image, labels = _bar_labels(monkeypatch, view)
        seen = view.visibleRegion().boundingRect()
        assert len(labels) > 5
        poor = []
        for letters, text, ink in labels:
            if letters.left() < seen.left() + LABEL_W or letters.right() > seen.right():
                poor.append(f"{text!r} cut at {letters.left()}..{letters.right()}")
            # the bar's fill beside the letters (the most common of four pixels: the
            # today line may cross one of them)
            y = letters.center().y()
            beside = [image.pixelColor(x, y) for x in (letters.left() - 2, letters.left() - 4,
                                                      letters.right() + 2, letters.right() + 4)]  # fmt: skip
            behind = QColor(Counter(c.name() for c in beside).most_common(1)[0][0])
            if contrast(ink, behind) < 4.5:
                poor.append(f"{text!r}: {ink.name()} on {behind.name()}")
        assert poor == []
    finally:
        app.setPalette(light)


def test_settings_name_the_days_in_the_users_language_and_save_them(qtbot, db, locale) -> None:
    """Office days and the handover day read 'Mo … So', 'Freitag' under de_DE; what is
    saved is the day itself."""
    from PySide6.QtWidgets import QComboBox, QDialog

    from planner.core import settings
    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(lambda: db)
    qtbot.addWidget(dialog)
    days = [box.text() for box in dialog.fields["office_days"].days]
    handover = dialog.fields["handover_weekday"].widget
    assert isinstance(handover, QComboBox)
    if locale == "de_DE":
        assert (days[0], days[4], handover.currentText()) == ("Mo", "Fr", "Freitag")
    else:
        assert (days[0], days[4], handover.currentText()) == ("Mon", "Fri", "Friday")
    handover.setCurrentIndex(3)  # Thursday, as shown
    dialog.fields["office_days"].days[5].setChecked(True)  # and Saturday
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.session() as s:
        assert settings.get(s, "handover_weekday") == 3
        assert 5 in settings.get(s, "office_days")


def test_the_reports_figures_line_is_shown_whole(main_window, qtbot) -> None:
    """Under de_DE at 1280 pixels the month's figures ran past the window's edge
    ('… balance 66 % over the weeks' cut): the line wraps instead."""
    from PySide6.QtCore import Qt

    QLocale.setDefault(QLocale("de_DE"))
    try:
        main_window.resize(1280, 800)
        main_window.show_page("reports")
        status = main_window.pages["reports"].status
        qtbot.waitUntil(lambda: " h on call" in status.text(), timeout=20000)
        qtbot.wait(50)
        room = status.contentsRect()
        needed = status.fontMetrics().boundingRect(
            room, int(Qt.TextFlag.TextWordWrap), status.text()
        )
        assert needed.height() <= room.height() and needed.width() <= room.width()
    finally:
        QLocale.setDefault(QLocale.c())


def test_every_chip_reads_at_the_normal_text_contrast() -> None:
    """A status or pay-run chip is small bold text: white on its fill at WCAG's 4.5:1 (the
    Pay screen's orange 'Draft' was 3.1:1, 'no run' 3.3:1)."""
    from tests.ui.test_dark_readable import contrast
    from ui import palette

    white = QColor(palette.CHIP_TEXT)
    poor = {
        name: round(contrast(white, QColor(fill)), 2)
        for name, fill in {**palette.STATUS_CHIPS, **palette.PAY_RUN_CHIPS}.items()
        if contrast(white, QColor(fill)) < 4.5
    }
    assert poor == {}


def test_the_calendar_folder_field_shows_its_hint_whole(qtbot, db) -> None:
    """Settings' Calendar feed folder showed 'none: type or pas…'."""
    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(lambda: db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    line = dialog.fields["feed_folder"].widget
    hint = line.placeholderText()
    assert hint and line.fontMetrics().horizontalAdvance(hint) <= line.width() - 24

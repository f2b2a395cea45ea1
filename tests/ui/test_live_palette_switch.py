"""The desktop switches from light to dark while the app runs: everything follows at once —
a gap's cell, a site's colour with its letter, the Now screen's warnings, the drawn
Timeline and Tours timeline, labels styled in a warning colour — and back again."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from planner.core.home import rotation_by_name
from planner.rota import covers
from tests.conftest import TODAY
from tests.planner.rota_fixtures import freeze_now
from tests.ui.test_dark_readable import _dark, contrast, unreadable
from ui import palette
from ui.main_window import MainWindow

GAP_WEEK = date(2026, 12, 11)  # a future Primary week of the demo, left with nobody
NOW = datetime.combine(TODAY, time(12), UTC)
# Ordinary text wants 4.5:1 (WCAG AA); the checks below hold the new colours to it.
AA = 4.5


def _light() -> QPalette:
    light = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, QColor(239, 239, 239)),
        (QPalette.ColorRole.WindowText, QColor(0, 0, 0)),
        (QPalette.ColorRole.Base, QColor(255, 255, 255)),
        (QPalette.ColorRole.AlternateBase, QColor(247, 247, 247)),
        (QPalette.ColorRole.Text, QColor(0, 0, 0)),
        (QPalette.ColorRole.Button, QColor(239, 239, 239)),
        (QPalette.ColorRole.ButtonText, QColor(0, 0, 0)),
    ):
        light.setColor(role, colour)
    return light


@pytest.fixture
def app() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(_light())
    yield app
    app.setPalette(before)


@pytest.fixture
def window(app, main_window, demo_db, monkeypatch, qtbot) -> MainWindow:
    """The demo with a gap in the week of 11 December, every screen visited in light."""
    freeze_now(monkeypatch, NOW)
    with demo_db.transaction() as session:
        shift = covers.shift_in_week(session, rotation_by_name(session, "Primary"), GAP_WEEK)
        covers.assign(session, shift.id, None, now=NOW)
    for key in main_window.pages:
        main_window.show_page(key)
        qtbot.wait(20)
    now = main_window.pages["now"]
    now.set_moment(NOW)  # type: ignore[attr-defined]
    timeline = main_window.pages["timeline"]
    timeline.now = NOW  # type: ignore[attr-defined]
    timeline.set_view("2 weeks", GAP_WEEK - timedelta(days=3))  # type: ignore[attr-defined]
    assert palette.current() is palette.LIGHT
    return main_window


def _switch(app: QApplication, window: MainWindow, qtbot, to: QPalette) -> None:  # type: ignore[no-untyped-def]
    app.setPalette(to)
    qtbot.waitUntil(lambda: window._looks is palette.current())
    qtbot.wait(20)


def _light_palette(colours: QPalette) -> bool:
    light = _light()
    return any(
        colours.color(role) == light.color(role)
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText)
    )


def _rota_cells(window: MainWindow) -> Iterator[QModelIndex]:
    window.show_page("rota")
    model = window.pages["rota"].model  # type: ignore[attr-defined]
    for r in range(model.rowCount()):
        for c in range(1, model.columnCount()):
            yield model.index(r, c)


def _gap_cell(window: MainWindow) -> tuple[QColor, QColor]:
    """The rota's cell for the gap week: its text and background colours."""
    cell = next(i for i in _rota_cells(window) if str(i.data()).startswith("Uncovered"))
    return (
        cell.data(Qt.ItemDataRole.ForegroundRole).color(),
        cell.data(Qt.ItemDataRole.BackgroundRole).color(),
    )


def _held_cell(window: MainWindow) -> tuple[str, QColor]:
    """A rota cell held by someone: its text (name and site letter) and site-tinted fill."""
    cell = next(i for i in _rota_cells(window) if "(L)" in str(i.data()))
    return str(cell.data()), cell.data(Qt.ItemDataRole.BackgroundRole).color()


def _now_gap_item(window: MainWindow) -> tuple[QColor, QColor]:
    weeks = window.pages["now"].weeks  # type: ignore[attr-defined]
    items = [weeks.item(r, c) for r in range(weeks.rowCount()) for c in range(weeks.columnCount())]
    gap = next(i for i in items if i is not None and i.data(Qt.ItemDataRole.UserRole) == "gap")
    return gap.foreground().color(), gap.background().color()


def _most_common(image: QImage) -> QColor:
    counts = Counter(
        image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    )
    return QColor.fromRgb(counts.most_common(1)[0][0])


def _count(image: QImage, colour: str) -> int:
    """How many pixels of ``image`` are exactly ``colour`` (text's smoothed edges make a
    few of any colour)."""
    wanted = QColor(colour).rgb()
    return sum(
        image.pixel(x, y) == wanted for x in range(image.width()) for y in range(image.height())
    )


def test_switching_to_dark_while_running_recolours_every_screen(app, window, qtbot) -> None:
    light_gap = _now_gap_item(window)
    assert light_gap == (QColor(palette.LIGHT.error), QColor(palette.LIGHT.error_fill))
    warning = QLabel("Something is wrong")  # a dialog's error line, open during the switch
    palette.ink(warning, "error")
    qtbot.addWidget(warning)
    window.show_page("now")

    _switch(app, window, qtbot, _dark())
    assert palette.current() is palette.DARK
    dark = palette.DARK

    # a gap's cell: the strong dark red with light red text, on the Rota and Now screens
    fg, bg = _gap_cell(window)
    assert (fg, bg) == (QColor(dark.error), QColor(dark.gap_fill))
    assert contrast(fg, bg) >= AA
    window.show_page("now")
    qtbot.waitUntil(lambda: _now_gap_item(window) == (QColor(dark.error), QColor(dark.error_fill)))

    # a site's colour with its letter: a deep shade of London's colour under light text
    text, fill = _held_cell(window)
    assert "London (L)" in text
    assert fill.lightnessF() < 0.35
    assert contrast(fill, app.palette().color(QPalette.ColorRole.Text)) >= AA

    # the Now screen's warnings: what needs the coordinator, and the gap named in red
    now = window.pages["now"]
    window.show_page("now")
    attention = now.attention  # type: ignore[attr-defined]
    base = attention.palette().color(QPalette.ColorRole.Base)
    items = [attention.item(i) for i in range(attention.count())]
    assert items and all(i.foreground().color() == QColor(dark.caution) for i in items)
    assert all(contrast(i.foreground().color(), base) >= AA for i in items)
    gaps = now.gaps_label.text()  # type: ignore[attr-defined]
    assert "Gap in Primary" in gaps and dark.error in gaps and palette.LIGHT.error not in gaps

    # a label styled once, in an open dialog
    assert dark.error in warning.styleSheet()

    # the drawn views: the Timeline's canvas and its gap, the Tours timeline's canvas
    window.show_page("timeline")
    drawn = window.pages["timeline"].view.grab().toImage()  # type: ignore[attr-defined]
    assert _most_common(drawn) == QColor(dark.canvas)
    assert _count(drawn, dark.error_fill) > 1000 and _count(drawn, palette.LIGHT.error_fill) < 20
    window.show_page("tours")
    tours = window.pages["tours"].view.grab().toImage()  # type: ignore[attr-defined]
    assert _most_common(tours) in (QColor(dark.canvas), QColor(dark.stripe))
    assert _count(tours, dark.lane_fill) > 1000 and _count(tours, palette.LIGHT.lane_fill) < 20

    # and nothing on any screen is left light-on-light or dark-on-dark, nor keeps the light
    # palette (a widget with a style sheet, even one naming only a font size, did)
    poor: list[str] = []
    for key in window.pages:
        window.show_page(key)
        qtbot.wait(20)
        poor += unreadable(key, window.pages[key])
        poor += [
            f"{key}: {type(w).__name__} {w.objectName()!r} kept the light palette"
            for w in [window.nav, *window.pages[key].findChildren(QWidget)]
            if w.isVisibleTo(window) and _light_palette(w.palette())
        ]
    assert poor == []

    # back to light: the same cells in the light set's colours
    _switch(app, window, qtbot, _light())
    fg, bg = _gap_cell(window)
    assert (fg, bg) == (QColor(palette.LIGHT.error), QColor(palette.LIGHT.gap_fill))
    assert contrast(fg, bg) >= AA
    window.show_page("now")
    qtbot.waitUntil(lambda: _now_gap_item(window) == light_gap)  # the weeks fill just after
    assert palette.LIGHT.error in warning.styleSheet()


def test_restyle_passes_over_what_qt_deleted(qtbot, monkeypatch) -> None:
    """A window closed in an earlier moment can leave Qt's list of widgets naming memory
    another object now holds (PySide then hands back that object's type): a switch to dark
    restyles the live widgets and does not stop at the stale one."""
    from PySide6.QtWidgets import QApplication, QLabel, QWidgetItem

    from ui import palette

    live = QLabel("London (L)")
    qtbot.addWidget(live)
    live.setStyleSheet("font-size: 15pt;")
    stale = QWidgetItem(QLabel())
    monkeypatch.setattr(QApplication, "allWidgets", staticmethod(lambda: [stale, live]))
    assert palette.restyle() >= 1
    assert live.styleSheet() == "font-size: 15pt;"


class _Deaf(QObject):
    """Keeps palette events from one widget: that window hears of the switch only from
    the desktop's colour scheme signal."""

    def __init__(self, deaf: QWidget) -> None:
        super().__init__()
        self.deaf = deaf

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kinds = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        return watched is self.deaf and event.type() in kinds


def _links(window: MainWindow) -> list[str]:
    """The Now screen's labels holding a link to another screen."""
    labels = window.pages["now"].findChildren(QLabel)
    return [label.text() for label in labels if "href='screen:" in label.text()]


def _desktop_switches(app: QApplication, scheme: Qt.ColorScheme, to: QPalette) -> None:
    """What Qt does when the desktop changes its colour scheme: the application palette
    becomes the platform's new one, then the style hints tell of the new scheme (the
    offscreen platform used by the tests has no scheme of its own to change)."""
    app.setPalette(to)
    QGuiApplication.styleHints().colorSchemeChanged.emit(scheme)


def _pixels(widget: QWidget, colour: str) -> int:
    return _count(widget.grab().toImage(), colour)


def test_a_colour_scheme_switch_recolours_open_dialogs_and_their_rich_text(
    app, main_window, demo_db, monkeypatch, tmp_path, qtbot
) -> None:
    """The desktop goes dark while the Fees dialog shows a bad value in red and the import
    wizard shows a file's errors (a red summary, red cells): their text, the Rota table's,
    the Now screen's links and the Tours legend's site chips take the dark set's colours
    and stay readable; back to light, the light set again."""
    import shutil
    from pathlib import Path

    from ui.fees_dialog import FeesDialog
    from ui.import_wizard import ImportWizard

    freeze_now(monkeypatch, NOW)
    main_window.show_page("now")
    main_window.pages["now"].set_moment(NOW)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(_links(main_window)) > 0)
    main_window.show_page("tours")
    deaf = _Deaf(main_window)
    app.installEventFilter(deaf)  # the window learns of the switch from the signal alone

    fees = FeesDialog(lambda: demo_db, main_window)
    qtbot.addWidget(fees)
    fees.show()
    fees.amount.setText("six hundred")
    fees.currency.setCurrentText("EUR")
    assert not fees.add_rate()
    assert fees.error.text() and fees.error.isVisible()

    samples = Path(__file__).parents[2] / "resources" / "samples"
    intake = tmp_path / "volunteer-intake.csv"
    shutil.copy(samples / "volunteer-intake.csv", intake)
    wizard = ImportWizard(lambda: demo_db, main_window, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(intake))
    wizard.next()
    summary = wizard.preview_page.summary
    assert "row(s) with errors" in summary.text()
    errors_table = wizard.preview_page.model
    bad = next(
        errors_table.index(r, errors_table.COL_ACTION)
        for r in range(errors_table.rowCount())
        if errors_table.rows()[r].action == "error"
    )

    def seen(looks: palette.Colours) -> dict[str, object]:
        window = fees.palette().color(QPalette.ColorRole.Window)
        return {
            "fees error": _pixels(fees.error, looks.error) > 0,
            "summary": looks.error in summary.text() and _pixels(summary, looks.error) > 0,
            "cell": QColor(bad.data(Qt.ItemDataRole.ForegroundRole)) == QColor(looks.error),
            "now links": {f"color:{looks.accent}" in link for link in _links(main_window)}
            == {True},
            "readable": contrast(QColor(looks.error), window) >= AA,
        }

    light = palette.LIGHT
    shown = seen(light)
    assert shown == dict.fromkeys(shown, True)

    _desktop_switches(app, Qt.ColorScheme.Dark, _dark())
    qtbot.waitUntil(lambda: main_window._looks is palette.DARK)
    shown = seen(palette.DARK)
    assert shown == dict.fromkeys(shown, True)
    assert light.error not in summary.text() and _pixels(fees.error, light.error) == 0
    # the Rota table's cells: ordinary text on a site's deep shade, readable
    text, fill = _held_cell(main_window)
    assert "(L)" in text and fill.lightnessF() < 0.35
    assert contrast(fill, app.palette().color(QPalette.ColorRole.Text)) >= AA
    # a site's chip in the Tours legend: its letter, black or white on the site's colour
    main_window.show_page("tours")
    legend = main_window.pages["tours"].legend.text()  # type: ignore[attr-defined]
    chips = re.findall(r"background:(#[0-9a-f]{6}); color:(#[0-9a-f]{6})'>&nbsp;(\w+)", legend)
    assert {letter for _f, _i, letter in chips} >= {"D", "L", "SF"}
    assert all(contrast(QColor(f), QColor(i)) >= AA for f, i, _letter in chips)
    assert f"color:{palette.DARK.today}" in legend

    _desktop_switches(app, Qt.ColorScheme.Light, _light())
    qtbot.waitUntil(lambda: main_window._looks is palette.LIGHT)
    shown = seen(light)
    assert shown == dict.fromkeys(shown, True)
    assert palette.DARK.error not in summary.text()
    app.removeEventFilter(deaf)


def test_a_dark_scheme_the_style_keeps_light_keeps_the_light_colours(
    app, main_window, qtbot
) -> None:
    """Some styles keep their light palette when the desktop goes dark (Windows' own
    style): the scheme's signal alone changes nothing, so no dark-set colour ends up on a
    light window."""
    fees_error = QLabel("Bad fee")
    palette.ink(fees_error, "error")
    qtbot.addWidget(fees_error)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.wait(20)
    assert palette.current() is palette.LIGHT and main_window._looks is palette.LIGHT
    assert palette.LIGHT.error in fees_error.styleSheet()
    window = app.palette().color(QPalette.ColorRole.Window)
    assert contrast(QColor(palette.LIGHT.error), window) >= AA

"""Icons from resources/icons: every screen and main action has one, drawn at the screen's
device pixels (crisp at 200 %), in the palette's colours (visible on light and dark)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from planner.core.paths import bundled
from ui import icons, palette

ROOT = Path(__file__).resolve().parents[2]
FOLDER = bundled("resources") / "icons"


def _ink(image: QImage) -> list[QColor]:
    """The colours of the fully drawn pixels."""
    return [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    ]


def test_every_icon_named_is_an_svg_drawn_in_current_colour() -> None:
    names = {
        *icons.SCREEN_ICONS.values(),
        *icons.WINDOW_ACTIONS.values(),
        *icons.OUTPUT_ACTIONS.values(),
        *icons.SCREEN_BUTTONS.values(),
    }
    for name in names:
        text = (FOLDER / f"{name}.svg").read_text()
        assert "currentColor" in text, name
        assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgb\(", text), f"{name}: a fixed colour"


def test_an_icon_at_200_percent_is_drawn_at_device_pixels(qapp) -> None:
    icon = icons.icon("undo")
    double = icon.pixmap(QSize(24, 24), 2.0)
    assert not double.isNull()
    assert (double.width(), double.height(), double.devicePixelRatio()) == (48, 48, 2.0)
    image = double.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    direct = icons.render("undo", QSize(48, 48), palette.current().text)
    assert image == direct.convertToFormat(QImage.Format.Format_ARGB32)  # not a scaled 24 px
    blown_up = icon.pixmap(QSize(24, 24)).toImage().scaled(48, 48)
    assert image != blown_up.convertToFormat(QImage.Format.Format_ARGB32)
    assert len(_ink(image)) > 4 * len(_ink(icon.pixmap(QSize(24, 24)).toImage())) * 0.8


def test_icons_follow_the_light_and_dark_palettes(qapp) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    icon = icons.icon("find")
    on_light = _ink(icon.pixmap(QSize(32, 32)).toImage())
    selected = _ink(icon.pixmap(QSize(32, 32), QIcon.Mode.Selected).toImage())
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, QColor(30, 31, 33)),
        (QPalette.ColorRole.WindowText, QColor(232, 232, 232)),
    ):
        dark.setColor(role, colour)
    app.setPalette(dark)
    try:
        on_dark = _ink(icon.pixmap(QSize(32, 32)).toImage())
        disabled = _ink(icon.pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage())
    finally:
        app.setPalette(light)
    assert {c.name() for c in selected} == {
        light.color(QPalette.ColorRole.HighlightedText).name()
    }  # readable on the selection's colour (the current navigation entry)
    assert {c.name() for c in on_light} == {palette.LIGHT.text}
    assert {c.name() for c in on_dark} == {palette.DARK.text}
    assert {c.name() for c in disabled} == {palette.DARK.muted}
    # dark ink on a light window, light ink on a dark one
    assert (
        QColor(palette.LIGHT.text).lightness() < light.color(QPalette.ColorRole.Window).lightness()
    )
    assert QColor(palette.DARK.text).lightness() > dark.color(QPalette.ColorRole.Window).lightness()


def test_the_window_gives_every_screen_and_main_action_an_icon(main_window, qtbot) -> None:
    qtbot.waitUntil(lambda: not main_window.nav.item(0).icon().isNull())  # after 1st paint
    for row in range(main_window.nav.count()):
        assert not main_window.nav.item(row).icon().pixmap(QSize(20, 20)).isNull()
    for attribute in icons.WINDOW_ACTIONS:
        assert not getattr(main_window, attribute).icon().isNull(), attribute
    for attribute in icons.OUTPUT_ACTIONS:
        assert not getattr(main_window.output_actions, attribute).icon().isNull(), attribute
    main_window.show_page("rota")
    rota = main_window.pages["rota"]
    for attribute in ("plan_button", "publish_button", "cover_button"):
        assert not getattr(rota, attribute).icon().isNull(), attribute


SCRIPT = """
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from planner.core.db import open_database
from ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(None, lambda path, create: open_database(path, create=create))
window.show()
while window.nav.item(0).icon().isNull():  # set just after the first paint
    app.processEvents()
ratio = window.devicePixelRatio()
pix = window.nav.item(0).icon().pixmap(window.nav.iconSize(), ratio)
print(ratio, pix.width(), pix.height(), pix.devicePixelRatio(), pix.isNull())
"""


def test_a_window_at_200_percent_draws_its_icons_at_twice_the_pixels(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2.0", "40", "40", "2.0", "False"]

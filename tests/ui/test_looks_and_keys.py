"""Looks and habits: colours only from the palette module, the dark palette respected, the
standard shortcuts, a search field on every table, accessible names, Help › About."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from planner import __version__
from planner.core.paths import log_dir
from ui import palette
from ui.accessibility import INPUTS, inner_part
from ui.help_dialog import about_text
from ui.models.rota_table_model import RotaTableModel

UI = Path(__file__).resolve().parents[2] / "ui"
HEX = re.compile(r"['\"]#[0-9a-fA-F]{3,8}['\";]|color:\s*#|QColor\(\d|\"white\"|\"black\"")


def test_no_colour_is_named_outside_the_palette_module() -> None:
    offenders = [
        f"{path.relative_to(UI)}:{n}: {line.strip()}"
        for path in UI.rglob("*.py")
        if path.name != "palette.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if HEX.search(line)
    ]
    assert offenders == []


def _dark() -> QPalette:
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#171717"),
        (QPalette.ColorRole.Text, "#e8eaed"),
    ):
        dark.setColor(role, QColor(colour))
    return dark


def test_the_rota_follows_a_dark_system_palette(main_window, qtbot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    main_window.show_page("rota")
    page = main_window.pages["rota"]
    model: RotaTableModel = page.model
    r, c = next(
        (r, c)
        for r in range(model.rowCount())
        for c in range(1, model.columnCount())
        if (cell := model.cell(r, c)) is not None and cell.volunteer_id is not None
    )
    bright = model.index(r, c).data(Qt.ItemDataRole.BackgroundRole).color()
    assert bright.lightnessF() > 0.6 and palette.current() is palette.LIGHT
    app.setPalette(_dark())
    try:
        assert palette.is_dark() and palette.current() is palette.DARK
        shade = model.index(r, c).data(Qt.ItemDataRole.BackgroundRole).color()
        assert shade.lightnessF() < 0.35  # light text stays readable on the site's colour
        assert QColor(palette.current().error).lightnessF() > 0.6
    finally:
        app.setPalette(light)


def test_site_colours_carry_the_site_letter(main_window) -> None:
    assert [palette.site_letter(s) for s in ("Dublin", "London", "San Francisco")] == [
        "D",
        "L",
        "SF",
    ]
    main_window.show_page("rota")
    legend = main_window.pages["rota"].side.legend.text()
    assert "D</span> Dublin" in legend.replace("&nbsp;", "")


def test_ctrl_number_goes_to_each_screen_and_ctrl_f_to_its_search(main_window, qtbot) -> None:
    keys = list(main_window.pages)
    for n, key in enumerate(keys[:10], 1):
        digit = Qt.Key(Qt.Key.Key_0 + n % 10)
        qtbot.keyClick(main_window, digit, Qt.KeyboardModifier.ControlModifier)
        assert main_window.stack.currentWidget() is main_window.pages[key]
    for key in ("volunteers", "rota", "pay", "rest"):
        main_window.show_page(key)
        qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        focused = QApplication.focusWidget()
        assert isinstance(focused, QLineEdit) and focused.accessibleName().startswith("Search")


def test_the_search_field_hides_rows_without_the_text(main_window, qtbot) -> None:
    main_window.show_page("rota")
    page = main_window.pages["rota"]
    all_rows = page.search.shown_rows()
    names = [
        cell.assignee_name
        for r in range(page.model.rowCount())
        for c in range(1, page.model.columnCount())
        if (cell := page.model.cell(r, c)) is not None and cell.assignee_name
    ]
    who = min(set(names), key=names.count)  # someone on few of the weeks shown
    qtbot.keyClicks(page.search, who.upper())
    shown = page.search.shown_rows()
    assert 0 < shown < all_rows
    for r in range(page.model.rowCount()):
        if not page.table.isRowHidden(r):
            row_text = " ".join(page.model.display(r, c) for c in range(page.model.columnCount()))
            assert who.lower() in row_text.lower()
    page.search.clear()
    assert page.search.shown_rows() == all_rows


def test_every_input_of_every_screen_has_an_accessible_name(main_window, qtbot) -> None:
    missing: list[str] = []
    for key, page in main_window.pages.items():
        main_window.show_page(key)
        missing += [
            f"{key}: {type(w).__name__} {w.objectName()}"
            for w in page.findChildren(QWidget)
            if isinstance(w, INPUTS)
            and not inner_part(w)
            and w.isVisibleTo(page)
            and not w.accessibleName()
        ]
    assert missing == [], "\n".join(missing)


def test_standard_shortcuts_are_on_the_menus(main_window) -> None:
    shortcuts = {
        key.toString()
        for menu in main_window.menuBar().actions()
        for a in menu.menu().actions()
        for key in a.shortcuts()
    }
    for key in ("Ctrl+N", "Ctrl+O", "Ctrl+P", "Ctrl+F", "Ctrl+Z", "Ctrl+1"):
        assert key in shortcuts, key
    preferences = main_window.settings_action.shortcuts()
    assert preferences and all(not k.isEmpty() for k in preferences)
    assert main_window.redo_action.shortcut().toString() in ("Ctrl+Shift+Z", "Ctrl+Y")


def test_about_names_the_version_the_database_and_the_log_folder(main_window) -> None:
    text = about_text(main_window.database().path)
    assert __version__ in text
    assert str(main_window.database().path) in text
    assert str(log_dir()) in text
    assert main_window.guide_action.shortcut().toString() == "F1"


def test_a_button_whose_text_starts_with_a_bracket_is_named_by_it(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton

    from ui.accessibility import derive_name

    button = QPushButton("< &Back")  # a wizard's Back: not rich text
    qtbot.addWidget(button)
    assert derive_name(button) == "< Back"

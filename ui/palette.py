"""Every colour the app uses, for the system's light and dark palettes, and for paper.

Screens never name a colour: they ask this module, which picks the light or the dark set
from the application's palette (the system's, unless the user chose another), so text stays
readable on either. Printed pages are always on white paper and use ``PAPER``.
A site's colour always travels with the site's letter (``site_letter``), so nobody has to
tell colours apart to read the rota.

The palette can change while the app runs (the desktop switches to dark): colours are asked
for when a cell is painted or a view is drawn, and what was set once follows through
``follow`` / ``ink`` (a widget's style sheet rebuilt by ``restyle``, which the main window
calls on a palette change before it fills its screens again). Rich text coloured by
``span`` or ``link`` names its colour (``data-ink``), so ``restyle`` recolours it too in the
labels and tooltips of windows open during the switch (a dialog's summary in red).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from shiboken6 import isValid


@dataclass(frozen=True)
class Colours:
    error: str  # text of an error, a warning, a broken rule
    error_fill: str  # behind a bad field or an uncovered slot (a gap)
    ok: str  # text of something in order
    muted: str  # text of the past, of hints, of "not planned yet"
    info: str  # text of a figure to notice (a rest balance owed)
    stale_fill: str
    stale_text: str
    new_fill: str  # an import row that adds
    update_fill: str  # an import row that changes
    today: str  # the today line
    grid: str  # thin lines
    rule: str  # stronger lines
    stripe: str  # every other month or row
    lane_fill: str  # a rotation's lane header
    lane_text: str
    text: str  # ordinary text drawn by hand (QPainter)
    canvas: str  # behind what is drawn by hand
    outline: str  # the outline of the selected item
    draft: str  # drafts on paper
    holiday_fill: str
    holiday_text: str
    accent: str
    night: str
    hours: str
    bar: str
    warning_fill: str  # a banner asking for attention
    warning_text: str
    warning_border: str
    desk: str  # behind a print preview's sheets
    shadow: str  # a sheet's shadow
    highlight_text: str  # a day or a row to notice (a holiday in the month view)
    gap_fill: str  # an uncovered slot (a gap in the rota): strong, never just a tint
    caution: str  # text of something short of an error (a team below its band)


LIGHT = Colours(
    error="#a51919",  # 4.5:1 on a gap's fill
    error_fill="#fde0dc",
    ok="#2e7d32",
    muted="#616161",
    info="#283593",
    stale_fill="#fff3e0",
    stale_text="#bf360c",
    new_fill="#e8f5e9",
    update_fill="#e3f2fd",
    today="#d32f2f",
    grid="#e0e0e0",
    rule="#bdbdbd",
    stripe="#fafafa",
    lane_fill="#eceff1",
    lane_text="#263238",
    text="#212121",
    canvas="#ffffff",
    outline="#000000",
    draft="#8250df",
    holiday_fill="#fff4d6",
    holiday_text="#9a6700",
    accent="#1f6feb",
    night="#0b2f6b",
    hours="#d97706",
    bar="#9ec5fe",
    warning_fill="#fff8e1",
    warning_text="#6d4c00",
    warning_border="#ffe082",
    desk="#d9dee4",
    shadow="#b8c0c8",
    highlight_text="#0d47a1",
    gap_fill="#f8bbb6",
    caution="#e65100",
)

DARK = Colours(
    error="#ff8a80",
    error_fill="#5c1f1c",
    ok="#81c784",
    muted="#a0a0a0",
    info="#9fa8da",
    stale_fill="#4e3420",
    stale_text="#ffb74d",
    new_fill="#1e3b24",
    update_fill="#1a3350",
    today="#ff5252",
    grid="#3c3f41",
    rule="#5a5d60",
    stripe="#2a2c2e",
    lane_fill="#33393d",
    lane_text="#e0e6ea",
    text="#e8e8e8",
    canvas="#1e1f21",
    outline="#ffffff",
    draft="#c297ff",
    holiday_fill="#4a3b12",
    holiday_text="#f2c14e",
    accent="#58a6ff",
    night="#9ec5fe",
    hours="#f0a030",
    bar="#3d6fb0",
    warning_fill="#3d3214",
    warning_text="#ffe08a",
    warning_border="#8a6d1c",
    desk="#2b2f33",
    shadow="#111315",
    highlight_text="#90caf9",
    gap_fill="#6b1f1a",
    caution="#ffb74d",
)

PAPER = LIGHT  # printed pages: always the light set, whatever the screen uses
PAPER_INK = "#1b1f24"
PAPER_MUTED = "#5f6b76"
PAPER_RULE = "#c4ccd4"
PAPER_WEEKEND = "#f3f5f7"
PAPER_OUTSIDE = "#fafbfc"
PAPER_STRIPE = "#f5f7fa"
PAPER_ERROR = "#b42318"
PAPER_SHEET = "#ffffff"
PAPER_UNCOVERED_INK = "#b42318"
PAPER_UNCOVERED_FILL = "#fde2df"
PAPER_ACCENT = "#1f6feb"
PAPER_NIGHT = "#0b2f6b"
PAPER_HOURS = "#d97706"
PAPER_BAR = "#9ec5fe"
PAPER_DRAFT = "#8250df"
PAPER_HOLIDAY_FILL = "#fff4d6"
PAPER_HOLIDAY_INK = "#9a6700"
NEUTRAL_SITE = "#9e9e9e"  # a person whose site has no colour
CHIP_TEXT = "#ffffff"  # text on a coloured chip (status, pay run state), light or dark

# Chips: a coloured label with white text, readable on either palette: every fill is dark
# enough for white text at WCAG's 4.5:1 (the draft run's orange was 3.1:1, "no run" 3.3:1).
STATUS_CHIPS = {
    "applied": "#6d4c41",
    "approved": "#1565c0",
    "on_tour": "#2e7d32",
    "alumni": "#616161",
    "declined": "#b71c1c",
    "withdrawn": "#8d6e63",
}
PAY_RUN_CHIPS = {"none": "#546e7a", "draft": "#b85000", "exported": "#1565c0", "closed": "#2e7d32"}
CHIP_DEFAULT = "#444444"


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the palette draws light text on a dark window."""
    if palette is None:
        app = QGuiApplication.instance()
        palette = QGuiApplication.palette() if app is not None else QPalette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def current() -> Colours:
    return DARK if is_dark() else LIGHT


def qcolor(name: str, alpha: int = 255) -> QColor:
    """A named colour of the current set as a QColor, e.g. ``qcolor("error")``."""
    colour = QColor(getattr(current(), name))
    colour.setAlpha(alpha)
    return colour


def css_color(name: str) -> str:
    """A style-sheet fragment for text in a named colour."""
    return f"color: {getattr(current(), name)};"


def css_fill(name: str) -> str:
    return f"background: {getattr(current(), name)};"


def span(name: str, html_text: str) -> str:
    """Rich text in a named colour (tooltips, labels), recoloured by ``restyle``."""
    return f"<span style='color:{getattr(current(), name)}' data-ink='{name}'>{html_text}</span>"


def link(href: str, html_text: str, name: str = "accent") -> str:
    """A link in a named colour (the accent: readable on light and dark), recoloured by
    ``restyle``."""
    colour = getattr(current(), name)
    return f"<a href='{href}' style='color:{colour}' data-ink='{name}'>{html_text}</a>"


_INKED = re.compile(r"style='color:#[0-9a-fA-F]{6}' data-ink='(\w+)'")


def reink(html_text: str) -> str:
    """Rich text made by ``span`` / ``link`` with the current set's colours."""
    colours = current()
    return _INKED.sub(
        lambda m: f"style='color:{getattr(colours, m.group(1))}' data-ink='{m.group(1)}'",
        html_text,
    )


def site_fill(colour: str, amount: float = 0.80) -> QColor:
    """A site colour mixed toward the window colour: a pale tint in light mode, a deep shade
    in dark mode, so ordinary text stays readable on it."""
    base = QColor(colour or NEUTRAL_SITE)
    toward = QColor(current().canvas)
    return QColor(
        int(base.red() + (toward.red() - base.red()) * amount),
        int(base.green() + (toward.green() - base.green()) * amount),
        int(base.blue() + (toward.blue() - base.blue()) * amount),
    )


def paper_tint(colour: str, amount: float = 0.80) -> QColor:
    """A site colour mixed toward white paper."""
    base = QColor(colour or NEUTRAL_SITE)
    return QColor(
        int(base.red() + (255 - base.red()) * amount),
        int(base.green() + (255 - base.green()) * amount),
        int(base.blue() + (255 - base.blue()) * amount),
    )


def site_colour(colour: str) -> QColor:
    """A site's own colour (chips, bars); grey when the site has none."""
    return QColor(colour or NEUTRAL_SITE)


def site_letter(site: str) -> str:
    """The letter(s) that go with a site's colour: Dublin D, London L, San Francisco SF."""
    words = [w for w in site.replace("-", " ").split() if w]
    if not words:
        return "?"
    return "".join(w[0] for w in words[:2]).upper() if len(words) > 1 else words[0][0].upper()


def site_chip(site: str, colour: str) -> str:
    """Rich text: the site's letter on the site's colour, in black or white, whichever reads
    better (a legend entry), readable on the light and the dark palette alike."""
    fill = site_colour(colour)
    ink = readable_on(fill).name()
    return (
        f"<span style='background:{fill.name()}; color:{ink}'>&nbsp;{site_letter(site)}&nbsp;"
        "</span>"
    )


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance: 0 for black, 1 for white."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def readable_on(colour: QColor) -> QColor:
    """Black or white text, whichever contrasts more with ``colour`` (WCAG's ratio: San
    Francisco's orange takes black, 5.5:1, where white gave 3.8:1)."""
    lum = luminance(colour)
    black, white = (lum + 0.05) / 0.05, 1.05 / (lum + 0.05)
    return QColor("#000000") if black >= white else QColor("#ffffff")


# Widgets whose style sheet is built from this module's colours: rebuilt by ``restyle``.
_followers: weakref.WeakKeyDictionary[QWidget, Callable[[], str]] = weakref.WeakKeyDictionary()


def follow(widget: QWidget, style: Callable[[], str]) -> None:
    """Give ``widget`` the style sheet ``style()`` builds from the current colours, now and
    again after every change of palette (light to dark and back)."""
    widget.setStyleSheet(style())
    _followers[widget] = style


def ink(widget: QWidget, name: str, extra: str = "") -> None:
    """``widget``'s text in a named colour (plus ``extra`` style), following the palette:
    ``ink(self.error, "error")``."""
    follow(widget, lambda: css_color(name) + extra)


def restyle() -> int:
    """Rebuild every following widget's style sheet from the current colours, and set every
    other style sheet again: a widget styled by a sheet (even one naming no colour, only a
    font size) keeps the palette it was polished with until its sheet is set again; and
    recolour the rich text ``span`` and ``link`` made in labels and tooltips. The number of
    widgets restyled."""
    done = 0
    for widget, style in list(_followers.items()):
        if isValid(widget):
            widget.setStyleSheet(style())
            done += 1
    for widget in QApplication.allWidgets():
        # a widget deleted by Qt whose memory another object took may come back wrapped as
        # that other type (seen in the test suite after windows closed): nothing to restyle
        if not isinstance(widget, QWidget) or not isValid(widget):
            continue
        if widget not in _followers and (sheet := widget.styleSheet()):
            widget.setStyleSheet(sheet)
            done += 1
        if isinstance(widget, QLabel) and "data-ink=" in (text := widget.text()):
            widget.setText(reink(text))
        if "data-ink=" in (tip := widget.toolTip()):
            widget.setToolTip(reink(tip))
    return done

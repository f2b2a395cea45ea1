"""Paper, page furniture and the paint loop shared by every printed document.

Painting happens in points (1/72 inch): the painter is scaled from the device's
resolution, and fonts are sized in pixels of that scaled space, i.e. in points.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLineF, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QPicture,
)

from planner.core import locale_text
from planner.core.safe_write import check_pdf_pages, write_file
from ui import palette
from ui.worker import report

# CLDR supplemental data, <measurementData>: <paperSize type="US-Letter" territories="BZ CA
# CL CO CR GT MX NI PA PH PR SV US VE"/>; every other territory ("001") uses A4. Babel does
# not expose this table (babel.core.get_global has no paper sizes), nor does QLocale.
LETTER_TERRITORIES = frozenset(
    {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"}
)
MARGIN_MM = 10.0
INK = QColor(palette.PAPER_INK)
MUTED = QColor(palette.PAPER_MUTED)
RULE = QColor(palette.PAPER_RULE)

PaintPage = Callable[[QPainter, int, QRectF], None]
PaintDevice = Callable[[QPagedPaintDevice], int]


def paper_for_locale(locale: QLocale | None = None) -> QPageSize.PageSizeId:
    """The paper the locale's territory uses (CLDR): US Letter in the Americas' Letter
    countries and the Philippines, A4 everywhere else."""
    code = QLocale.territoryToCode((locale or QLocale.system()).territory())
    if code in LETTER_TERRITORIES:
        return QPageSize.PageSizeId.Letter
    return QPageSize.PageSizeId.A4


@functools.cache
def printer_paper() -> QPageSize.PageSizeId | None:
    """The default printer's paper, when the system has a default printer with a named
    size (asked once a run)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    printer = QPrinterInfo.defaultPrinter()
    if printer.isNull():
        return None
    size = printer.defaultPageSize()
    if not size.isValid() or size.id() == QPageSize.PageSizeId.Custom:
        return None
    return size.id()


def default_paper() -> QPageSize.PageSizeId:
    """What the system says: the default printer's paper, else the locale's (CLDR)."""
    paper = printer_paper()
    return paper if paper is not None else paper_for_locale()


def page_layout(landscape: bool, locale: QLocale | None = None) -> QPageLayout:
    """Portrait or landscape, 10 mm margins, on the system's paper (or ``locale``'s)."""
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    paper = default_paper() if locale is None else paper_for_locale(locale)
    return QPageLayout(
        QPageSize(paper),
        orientation,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


_fonts = threading.local()  # each thread's fonts: a QFont is not shared across threads


def font(size: int, bold: bool = False, italic: bool = False) -> QFont:
    """A font ``size`` points high in the painter's point space.

    Made once per thread for these arguments (a year's rota asks for a few fonts
    thousands of times): use it as it is, or change a copy (``QFont(f)``)."""
    cache: dict[tuple[int, bool, bool], QFont] | None = getattr(_fonts, "cache", None)
    if cache is None:
        cache = _fonts.cache = {}
    key = (max(1, round(size)), bold, italic)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _make_font(*key)
    return found


def _make_font(pixels: int, bold: bool, italic: bool) -> QFont:
    f = QFont("DejaVu Sans")
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPixelSize(pixels)
    f.setBold(bold)
    f.setItalic(italic)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # No ligatures: "Whitfield" stays searchable and copyable in the PDF, not "Whit\ufb01eld".
    f.setFeature(QFont.Tag("liga"), 0)
    return f


def elide(text: str, f: QFont, width: float) -> str:
    return QFontMetricsF(f).elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, width))


def text_width(text: str, f: QFont) -> float:
    return QFontMetricsF(f).horizontalAdvance(text)


class PageRecording:
    """A document's pages recorded as QPictures, in points, without a printer.

    Recording can run off the GUI thread (QPainter on QPicture is thread-safe); replaying
    on the print preview's printer is then only drawing the recorded commands.
    """

    def __init__(self, landscape: bool) -> None:
        self.layout = page_layout(landscape)
        self.pictures: list[QPicture] = []

    def record(self, pages: int, paint: PaintPage) -> int:
        rect = self.layout.paintRect(QPageLayout.Unit.Point)
        area = QRectF(0, 0, rect.width(), rect.height())
        for index in range(pages):
            report(index, pages, f"Preparing page {index + 1} of {pages}…")
            picture = QPicture()
            painter = QPainter(picture)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            paint(painter, index, area)
            painter.end()
            self.pictures.append(picture)
        return pages

    def replay(self, device: QPagedPaintDevice) -> int:
        painter = QPainter()
        if not painter.begin(device):
            raise OSError("cannot start painting on the printer")
        try:
            scale = device.logicalDpiX() / 72.0
            for index, picture in enumerate(self.pictures):
                if index:
                    device.newPage()
                painter.save()
                painter.scale(scale, scale)
                painter.drawPicture(0, 0, picture)
                painter.restore()
        finally:
            painter.end()
        return len(self.pictures)


_recording = threading.local()


def record_document(landscape: bool, paint: PaintDevice) -> PageRecording:
    """Run a document's paint function into a ``PageRecording`` (no device involved:
    ``paint_document`` records each page while a recording is active in this thread)."""
    recording = PageRecording(landscape)
    _recording.current = recording
    try:
        paint(cast(QPagedPaintDevice, None))  # paint_document records instead of painting
    finally:
        _recording.current = None
    return recording


def document_area(device: QPagedPaintDevice) -> QRectF:
    """The printable area, in points, that ``paint_document`` will give each page of
    ``device`` (or of the recording under way in this thread)."""
    recording: PageRecording | None = getattr(_recording, "current", None)
    layout = recording.layout if recording is not None else device.pageLayout()
    rect = layout.paintRect(QPageLayout.Unit.Point)
    return QRectF(0, 0, rect.width(), rect.height())


def paint_document(device: QPagedPaintDevice, pages: int, paint: PaintPage) -> int:
    """Paint ``pages`` pages on ``device`` (a QPdfWriter or QPrinter); returns the count.

    Each page is reported to the running operation (progress, and Cancel between pages);
    inside ``record_document`` the pages are recorded as pictures instead."""
    recording: PageRecording | None = getattr(_recording, "current", None)
    if recording is not None:
        return recording.record(pages, paint)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start painting on the printer or PDF file")
    try:
        dpi = device.logicalDpiX()
        scale = dpi / 72.0
        layout = device.pageLayout()
        paint_rect = layout.paintRect(QPageLayout.Unit.Point)
        area = QRectF(0, 0, paint_rect.width(), paint_rect.height())
        for index in range(pages):
            report(index, pages, f"Page {index + 1} of {pages}…")
            if index:
                device.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            paint(painter, index, area)
            painter.restore()
    finally:
        painter.end()
    return pages


def write_pdf_file(path: Path, landscape: bool, title: str, paint: PaintDevice) -> int:
    """Paint a PDF into a temporary file beside ``path``, read its page count back, then
    rename it into place (``safe_write``): a full disk or an unwritable folder is one
    OutputError naming the file, and no partial PDF is left. Returns the page count."""
    pages: list[int] = []

    def write(temp: Path) -> None:
        writer = pdf_writer(temp, landscape, title)
        pages.append(paint(writer))
        del writer  # the PDF is complete on disk once the writer is gone

    def check(temp: Path) -> None:
        check_pdf_pages(pages[0])(temp)

    write_file(path, write, check)
    return pages[0]


def pdf_writer(path: Path, landscape: bool, title: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(page_layout(landscape))
    writer.setTitle(title)
    writer.setCreator("On-call Tour Planner")
    return writer


def printed_now(zone: str) -> datetime:
    """When a document is printed, in ``zone`` (the home site's, named in the footer):
    never the computer's clock, which may be in another zone."""
    return datetime.now(ZoneInfo(zone))


def printed_text(printed_at: datetime, locale: str | None = None) -> str:
    """'2026-11-30 07:35 GMT'; de_DE 'Mo., 30. Nov. 2026, 07:35 GMT' (the zone it
    carries)."""
    zone = f" {printed_at:%Z}" if printed_at.tzinfo is not None else ""
    if locale_text.babel_locale(locale) is None:
        return f"{printed_at:%Y-%m-%d %H:%M}{zone}"
    return f"{locale_text.day_year_time(printed_at, locale)}{zone}"


def body_rect(area: QRectF) -> QRectF:
    """What the header and footer of :func:`draw_furniture` leave for the body."""
    foot_y = area.bottom() - 12
    return QRectF(area.left(), area.top() + 32, area.width(), foot_y - 8 - (area.top() + 32))


def draw_furniture(
    painter: QPainter,
    area: QRectF,
    title: str,
    subtitle: str,
    period: str,
    page: int,
    pages: int,
    printed_at: datetime,
    locale: str | None = None,
) -> QRectF:
    """Header (title, subtitle) and footer (period, print date, page x of y). With a
    ``locale`` the print date is in its forms, and its zone named (see :func:`printed_now`).

    Returns the rectangle left for the body.
    """
    painter.setPen(INK)
    title_font = font(16, bold=True)
    painter.setFont(title_font)
    painter.drawText(
        QRectF(area.left(), area.top(), area.width(), 22),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        title,
    )
    title_w = text_width(title, title_font)
    small = font(8)
    painter.setFont(small)
    painter.setPen(MUTED)
    sub_rect = QRectF(area.left() + title_w + 16, area.top(), area.width() - title_w - 16, 22)
    painter.drawText(
        sub_rect,
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        elide(subtitle, small, sub_rect.width()),
    )
    painter.setPen(QPen(RULE, 0.8))
    painter.drawLine(QLineF(area.left(), area.top() + 26, area.right(), area.top() + 26))
    foot_y = area.bottom() - 12
    painter.drawLine(QLineF(area.left(), foot_y - 3, area.right(), foot_y - 3))
    painter.setPen(MUTED)
    foot = QRectF(area.left(), foot_y, area.width(), 12)
    painter.drawText(
        foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"Period: {period}"
    )
    painter.drawText(
        foot,
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
        f"On-call Tour Planner · printed {printed_text(printed_at, locale)}",
    )
    painter.drawText(
        foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"Page {page} of {pages}"
    )
    return body_rect(area)

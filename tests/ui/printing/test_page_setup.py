"""Paper: the default printer's when there is one, else the locale's territory by CLDR
(US Letter in BZ CA CL CO CR GT MX NI PA PH PR SV US VE, A4 everywhere else)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageLayout, QPageSize

from ui.printing import page_setup
from ui.printing.page_setup import page_layout, paper_for_locale

LETTER, A4 = QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.A4


@pytest.mark.parametrize(
    ("name", "paper"),
    [("en_US", LETTER), ("fr_CA", LETTER), ("es_MX", LETTER), ("en_GB", A4), ("de_DE", A4)],
)
def test_paper_by_the_locales_territory(name: str, paper: QPageSize.PageSizeId) -> None:
    assert paper_for_locale(QLocale(name)) == paper


def test_letter_in_every_cldr_letter_territory_and_a4_in_its_neighbours() -> None:
    letter = ["es_CL", "es_CO", "es_CR", "es_GT", "es_NI", "es_PA", "en_PH", "es_PR", "es_SV"]
    a4 = ["en_IE", "es_AR", "pt_BR", "es_PE", "es_ES", "en_AU", "ja_JP"]
    assert {n: paper_for_locale(QLocale(n)) for n in letter} == dict.fromkeys(letter, LETTER)
    assert {n: paper_for_locale(QLocale(n)) for n in a4} == dict.fromkeys(a4, A4)


def test_the_default_printers_paper_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    monkeypatch.setattr(page_setup, "printer_paper", lambda: LETTER)
    assert page_setup.default_paper() == LETTER
    size = page_layout(landscape=True).pageSize()
    assert size.id() == LETTER
    monkeypatch.setattr(page_setup, "printer_paper", lambda: None)  # no printer: the locale's
    assert page_setup.default_paper() == A4
    layout = page_layout(landscape=True)
    assert layout.pageSize().id() == A4
    assert layout.orientation() == QPageLayout.Orientation.Landscape


class _Printer:
    def __init__(self, size: QPageSize | None) -> None:
        self.size = size

    def isNull(self) -> bool:  # noqa: N802 (Qt's name)
        return self.size is None

    def defaultPageSize(self) -> QPageSize:  # noqa: N802 (Qt's name)
        return self.size or QPageSize()


@pytest.mark.parametrize(
    ("printer", "paper"),
    [
        (_Printer(QPageSize(QPageSize.PageSizeId.Letter)), LETTER),
        (_Printer(QPageSize(QPageSize.PageSizeId.A4)), A4),
        (_Printer(QPageSize(QPageSize.PageSizeId.Legal)), QPageSize.PageSizeId.Legal),
        (_Printer(QPageSize()), None),  # a printer that names no size
        (_Printer(None), None),  # no default printer
    ],
)
def test_the_printer_paper_is_the_default_printers_named_size(
    monkeypatch: pytest.MonkeyPatch, printer: _Printer, paper: QPageSize.PageSizeId | None
) -> None:
    from PySide6.QtPrintSupport import QPrinterInfo

    monkeypatch.setattr(QPrinterInfo, "defaultPrinter", staticmethod(lambda: printer))
    page_setup.printer_paper.cache_clear()
    try:
        assert page_setup.printer_paper() == paper
    finally:
        page_setup.printer_paper.cache_clear()

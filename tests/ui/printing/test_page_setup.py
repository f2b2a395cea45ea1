"""Paper by locale: Letter in the US and Canada, A4 elsewhere."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize

from ui.printing.page_setup import paper_for_locale


def test_letter_in_the_us_and_canada_a4_elsewhere() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    ca = QLocale(QLocale.Language.French, QLocale.Country.Canada)
    ie = QLocale(QLocale.Language.English, QLocale.Country.Ireland)
    assert paper_for_locale(us) == QPageSize.PageSizeId.Letter
    assert paper_for_locale(ca) == QPageSize.PageSizeId.Letter
    assert paper_for_locale(ie) == QPageSize.PageSizeId.A4

"""Printing with QPainter: the rota calendar and the monthly report, to a printer or a PDF."""

from ui.printing import none_guard  # noqa: F401  (PySide6 6.12 / CPython 3.11 refcount bug)

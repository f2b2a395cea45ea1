"""Print, print preview and export to PDF for any printed document of the app.

A document is a function that paints itself on a paged device (a QPrinter or a QPdfWriter)
and returns its page count; the paper (A4 or Letter, by locale) and orientation come from
``page_setup``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QPagedPaintDevice
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ui.printing.page_setup import page_layout, pdf_writer

PaintDocument = Callable[[QPagedPaintDevice], int]


def new_printer(landscape: bool) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(landscape))
    return printer


def make_preview(parent: QWidget | None, landscape: bool, paint: PaintDocument, title: str):  # type: ignore[no-untyped-def]
    """A print preview dialog for the document (shown by the caller with ``exec``)."""
    printer = new_printer(landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview — {title}")
    dialog.paintRequested.connect(lambda device: paint(device))
    dialog.resize(1100, 800)
    dialog._printer = printer  # keep the printer alive as long as the dialog
    return dialog


def preview(parent: QWidget | None, landscape: bool, paint: PaintDocument, title: str) -> None:
    make_preview(parent, landscape, paint, title).exec()


def print_with_dialog(
    parent: QWidget | None, landscape: bool, paint: PaintDocument, title: str
) -> bool:
    printer = new_printer(landscape)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {title}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _run(parent, lambda: paint(printer))
    return True


def export_pdf(
    parent: QWidget | None,
    landscape: bool,
    paint: PaintDocument,
    title: str,
    suggested: Path,
) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, f"Export {title}", str(suggested), "PDF (*.pdf)")
    if not name:
        return None
    path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
    ok = _run(parent, lambda: write_pdf(path, landscape, paint, title))
    return path if ok else None


def write_pdf(path: Path, landscape: bool, paint: PaintDocument, title: str) -> int:
    writer = pdf_writer(path, landscape, title)
    return paint(writer)


def _run(parent: QWidget | None, work: Callable[[], object]) -> bool:
    try:
        work()
    except OSError as exc:
        QMessageBox.warning(parent, "Printing failed", str(exc))
        return False
    return True

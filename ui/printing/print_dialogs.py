"""Print, print preview and export to PDF for any printed document of the app.

A document is a function that paints itself on a paged device (a QPrinter or a QPdfWriter)
and returns its page count; the paper (A4 or Letter, by locale) and orientation come from
``page_setup``.

Long work never freezes the window: printing, the print preview and export to PDF paint
in a worker, with a progress dialog (page by page) and Cancel. The painting code uses only
QPainter, QFont and QFontMetricsF, which Qt supports outside the GUI thread on a QPrinter,
a QPdfWriter or a QPicture (no QWidget, QPixmap or QApplication). The dialogs stay on the
GUI thread: the print dialog is answered first, then the pages are painted in the worker;
the preview's pages are recorded as pictures in the worker and the preview only replays
them. A document's paint function therefore reads the database with its own session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPagedPaintDevice
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QToolBar,
    QToolButton,
    QWidget,
)

from ui.printing.page_setup import PageRecording, page_layout, record_document, write_pdf_file
from ui.worker import Operation, failure_text

PaintDocument = Callable[[QPagedPaintDevice], int]


def new_printer(landscape: bool) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(landscape))
    return printer


class PreviewDialog(QPrintPreviewDialog):
    """A print preview that keeps its printer alive as long as the dialog."""

    def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        self.kept_printer = printer


def make_preview(
    parent: QWidget | None, landscape: bool, paint: PaintDocument, title: str
) -> PreviewDialog:
    """A print preview dialog for the document (shown by the caller with ``exec``)."""
    dialog = PreviewDialog(new_printer(landscape), parent)
    dialog.setWindowTitle(f"Print preview — {title}")
    dialog.paintRequested.connect(lambda device: paint(device))
    dialog.resize(1100, 800)
    reachable_by_keyboard(dialog)
    return dialog


def reachable_by_keyboard(dialog: QPrintPreviewDialog) -> None:
    """Qt's preview leaves its tool bar to the mouse: its buttons take the focus by Tab
    here, and the zoom box and page number, which Qt leaves unnamed, get a name a screen
    reader says (tests/ui/test_tab_order.py)."""
    for bar in dialog.findChildren(QToolBar):
        for button in bar.findChildren(QToolButton):
            if button.defaultAction() is not None:  # not the overflow arrow
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for combo in bar.findChildren(QComboBox):
            combo.setAccessibleName("Zoom")
        for line in bar.findChildren(QLineEdit):
            if not isinstance(line.parentWidget(), QComboBox):
                line.setAccessibleName("Page number")


def preview(parent: QWidget | None, landscape: bool, paint: PaintDocument, title: str) -> Operation:
    """Prepare the pages in a worker (progress, Cancel), then show the preview, which only
    replays them. Returns the running operation."""

    def work() -> PageRecording:
        return record_document(landscape, paint)

    def show(recording: PageRecording) -> None:
        make_preview(parent, landscape, recording.replay, title).exec()

    def failed(exc: Exception) -> None:
        QMessageBox.warning(parent, "No preview", failure_text(exc, f"preparing the {title}"))

    operation = Operation(work).with_progress(parent, f"Preparing the preview of the {title}…")
    operation.success(show).failure(failed).run_in_background()
    return operation


def print_with_dialog(
    parent: QWidget | None,
    landscape: bool,
    paint: PaintDocument,
    title: str,
    printed: Callable[[int], None] | None = None,
) -> Operation | None:
    """Ask the print dialog, then paint the pages for the printer in a worker (progress,
    Cancel). ``printed(pages)`` runs when done. None when the dialog was cancelled."""
    printer = new_printer(landscape)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {title}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None

    def done(pages: int) -> None:
        if printed:
            printed(pages)

    def failed(exc: Exception) -> None:
        QMessageBox.warning(parent, "Printing failed", failure_text(exc, f"printing the {title}"))

    operation = Operation(lambda: paint(printer)).with_progress(parent, f"Printing the {title}…")
    operation.success(done).failure(failed).run_in_background()  # the work holds the printer
    return operation


def export_pdf(
    parent: QWidget | None,
    landscape: bool,
    paint: PaintDocument,
    title: str,
    suggested: Path,
    written: Callable[[Path, int], None],
    finished: Callable[[], None] | None = None,
) -> Path | None:
    """Ask for the file, then write the PDF off the GUI thread.

    ``paint`` runs in the worker, so it must not touch widgets and must read the database
    with its own session. ``written(path, pages)`` runs on success; a failure shows a warning
    (the error's message, never a traceback). ``finished`` runs after either. Returns the
    chosen path, or None when the user cancelled.
    """
    name, _ = QFileDialog.getSaveFileName(parent, f"Export {title}", str(suggested), "PDF (*.pdf)")
    if not name:
        return None
    path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")

    def done(pages: int) -> None:
        if finished:
            finished()
        written(path, pages)

    def failed(exc: Exception) -> None:
        if finished:
            finished()
        QMessageBox.warning(parent, "PDF not exported", failure_text(exc, f"writing {path.name}"))

    def cancelled() -> None:
        if finished:
            finished()

    Operation(lambda: write_pdf(path, landscape, paint, title)).with_progress(
        parent, f"Writing {path.name}…"
    ).success(done).failure(failed).cancelled(cancelled).run_in_background()
    return path


def wrote_message(path: Path, pages: int) -> str:
    return f"Wrote {path} ({pages} page{'s' if pages != 1 else ''})"


def write_pdf(path: Path, landscape: bool, paint: PaintDocument, title: str) -> int:
    """Whole or not at all; the writer is made, painted and dropped in this thread."""
    try:
        return write_pdf_file(path, landscape, title, paint)
    except OSError as exc:
        raise OSError(f"Cannot write {path}: {exc}") from exc

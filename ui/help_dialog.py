"""Help: the weekly routine in a few steps, and About (version, database, log folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.core.paths import log_dir

GUIDE = """
<h2>The weekly routine</h2>
<p>The week turns at the handover (Friday 18:00 home time unless Settings say otherwise).
Screens: Ctrl+1, Ctrl+2 … in the order of the list on the left.</p>
<h3>1. Plan</h3>
<p><b>Rota</b> screen: choose the range, <b>Plan range…</b>. The planner fills the draft
slots (hard rules: role, site and windows, inside a tour, not on leave, one rotation a week,
the gap between a person's shifts) and shows the fairness score and every uncovered slot
with its reason. <b>Accept proposal</b> writes the drafts; <b>Discard</b> forgets them.</p>
<h3>2. Publish</h3>
<p>Check the warnings beside the rota, then <b>Publish range</b>. Published shifts never
move when you plan again; <b>Re-open range</b> makes them drafts once more. Print the rota
(Ctrl+P) and export the calendar feeds from the File menu.</p>
<h3>3. Record covers, swaps and pages</h3>
<p>Double-click a shift to assign it by hand; right-click for <b>Cover…</b>, <b>Swap…</b>
and removing a cover. On the <b>Rest</b> screen, <b>Log page…</b> or import the page log:
a night page (00:00–07:00 in the responder's time) earns rest. Enter rest taken there
too.</p>
<h3>4. Run payroll (once a month)</h3>
<p><b>Pay</b> screen: pick last month, <b>Build</b> the run, <b>Export workbook…</b> for
payroll, then <b>Close</b> once payroll has it. A closed run never changes; a later change
becomes an adjustment in the next open run.</p>
<h3>Mistakes</h3>
<p>Edit › Undo (Ctrl+Z) takes back the last edit, whatever it was; Edit › Redo
(Ctrl+Shift+Z or Ctrl+Y) puts it back. Closing a pay run cannot be undone.</p>
"""


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The weekly routine")
        self.text = QTextBrowser()
        self.text.setHtml(GUIDE)
        self.text.setAccessibleName("The weekly routine")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(620, 640)


def show_guide(parent: QWidget) -> GuideDialog:
    """Not modal: the guide stays open beside the screen it describes."""
    dialog = GuideDialog(parent)
    dialog.show()
    return dialog


def about_text(db_path: Path) -> str:
    return (
        f"<b>On-call Tour Planner</b> {__version__}<br>"
        "Tours, rota, pay and rest for a volunteer out-of-hours on-call team.<br><br>"
        f"Database: {db_path}<br>"
        f"Log folder: {log_dir()}"
    )


def show_about(parent: QWidget, db_path: Path) -> None:
    QMessageBox.about(parent, "About On-call Tour Planner", about_text(db_path))

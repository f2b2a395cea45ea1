"""The first-day flow in the app: import the intake file, fix it, approve, plan, accept."""

from __future__ import annotations

import shutil
from pathlib import Path

from planner.core.db import open_database
from tests.conftest import TODAY
from ui import import_wizard
from ui.main_window import MainWindow
from ui.status_dialog import StatusDialog

SAMPLES = Path(__file__).parents[2] / "resources" / "samples"


def test_import_fix_approve_plan_accept_no_breach(
    qtbot, db, qsettings, tmp_path, monkeypatch
) -> None:
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()
    volunteers_page = window.pages["volunteers"]
    volunteers_page.today = TODAY
    path = tmp_path / "volunteer-intake.csv"
    shutil.copy(SAMPLES / "volunteer-intake.csv", path)

    def run_wizard(wizard: import_wizard.ImportWizard) -> int:
        wizard.show()  # what exec() does before its event loop
        wizard.file_page.path.setText(str(path))
        wizard.next()
        flagged = [r.line for r in wizard.preview_page.model.rows() if r.action == "error"]
        assert flagged == [6, 10, 14, 18] and not wizard.preview_page.isComplete()
        text = path.read_text(encoding="utf-8-sig")  # the coordinator fixes the file...
        text = "\n".join(ln for ln in text.splitlines() if "Submitted twice" not in ln)
        text = text.replace("liam.obrien@example,", "liam.obrien@example.com,")
        text = text.replace("Berlin", "London").replace(
            "2027-03-14..2027-03-02", "2027-03-02..2027-03-14"
        )
        path.write_text(text, encoding="utf-8-sig")
        wizard.preview_page.initializePage()  # ...and checks again
        assert wizard.preview_page.isComplete()
        wizard.next()
        qtbot.waitUntil(lambda: wizard.counts is not None, timeout=10000)
        return 1

    monkeypatch.setattr(import_wizard.ImportWizard, "exec", run_wizard)
    volunteers_page.start_import()
    assert volunteers_page.model.rowCount() == 19

    volunteers_page.status_filter.setCurrentIndex(volunteers_page.status_filter.findData("applied"))
    volunteers_page.table.selectAll()

    def approve(dialog: StatusDialog) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData("approved"))
        dialog.save()
        return 1

    monkeypatch.setattr(StatusDialog, "exec", approve)
    volunteers_page.change_status()
    volunteers_page.status_filter.setCurrentIndex(
        volunteers_page.status_filter.findData("approved")
    )
    assert volunteers_page.proxy.rowCount() == 19

    window.show_page("tours")
    tours_page = window.pages["tours"]
    tours_page.today = TODAY
    tours_page.plan_tours()
    qtbot.waitUntil(lambda: tours_page.plan_dialog is not None, timeout=10000)
    dialog = tours_page.plan_dialog
    assert dialog.problems.count() == 0  # nothing unplaced, nothing broken
    dialog.accept_plan()
    accepted = [dialog.created]
    qtbot.waitUntil(lambda: tours_page.plan_button.isEnabled(), timeout=10000)
    assert accepted == [17]
    bars = [b for lane in tours_page.timeline.lanes for b in lane.bars]
    assert len(bars) == 19 and tours_page.timeline.breaches == []
    # no breach; the new team forms from the first tour start, which the screen says
    assert "stagger breach" not in tours_page.summary.text()
    assert "Primary: forming, 0 of 6–8 today" in tours_page.summary.text()

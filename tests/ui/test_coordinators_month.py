"""The coordinator's month, end to end, through the widgets only.

Nothing is set up or checked by calling a service: every change goes through the app's
screens and dialogs (modal dialogs answered in place of the person), and every result is
read back from the command line's JSON (``planner … --format json``), as a script would.
The clock is set (the services' ``utc_now``) so the month runs the same whenever the suite
runs: planning happens before the team's first shifts, paying after the first month ended.
Runs in both `make test` zones (the computer in UTC and in San Francisco).
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from planner.core.db import open_database
from tests.conftest import TODAY
from ui import import_wizard
from ui.cli import main as cli_main
from ui.main_window import MainWindow
from ui.status_dialog import StatusDialog

SAMPLES = Path(__file__).parents[2] / "resources" / "samples"
DUBLIN = ZoneInfo("Europe/Dublin")
# Modules that ask the clock: imported now so the fixed clock reaches all of them.
CLOCKED = (
    "planner.core.models.types", "planner.rota.weeks", "planner.rota.allocation",
    "planner.rota.covers", "planner.rota.shifts", "planner.rota.on_call", "planner.pay.lines",
    "planner.pay.runs", "planner.pay.export", "planner.pay.pages", "planner.pay.rest",
    "planner.people.tours", "planner.people.stagger", "planner.people.intake",
    "ui.screens.rota_screen", "ui.screens.pay_screen", "ui.screens.rest_screen",
    "ui.rota_month_view",
)  # fmt: skip


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _fix_the_clock(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    for name in CLOCKED:
        importlib.import_module(name)
    for name, module in list(sys.modules.items()):
        if name.startswith(("planner", "ui")) and callable(getattr(module, "utc_now", None)):
            monkeypatch.setattr(module, "utc_now", clock)


def test_the_coordinators_month_through_the_widgets(
    qtbot, db, qsettings, tmp_path, monkeypatch, capsys
) -> None:
    def cli(*args: str) -> object:
        capsys.readouterr()
        assert cli_main(["--db", str(db.path), *args, "--format", "json"]) == 0
        return json.loads(capsys.readouterr().out)

    clock = Clock(datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=12))
    _fix_the_clock(monkeypatch, clock)
    answers: list[str] = []
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.show()

    # 1. Import the sample intake (the rows it flags are fixed in the file and re-checked).
    volunteers = window.pages["volunteers"]
    volunteers.today = TODAY
    intake = tmp_path / "volunteer-intake.csv"
    shutil.copy(SAMPLES / "volunteer-intake.csv", intake)

    def run_wizard(wizard: import_wizard.ImportWizard) -> int:
        wizard.show()
        wizard.file_page.path.setText(str(intake))
        wizard.next()
        text = intake.read_text(encoding="utf-8-sig")
        text = "\n".join(ln for ln in text.splitlines() if "Submitted twice" not in ln)
        text = text.replace("liam.obrien@example,", "liam.obrien@example.com,")
        text = text.replace("Berlin", "London")
        text = text.replace("2027-03-14..2027-03-02", "2027-03-02..2027-03-14")
        intake.write_text(text, encoding="utf-8-sig")
        wizard.preview_page.initializePage()
        assert wizard.preview_page.isComplete()
        wizard.next()
        qtbot.waitUntil(lambda: wizard.counts is not None, timeout=10000)
        return 1

    monkeypatch.setattr(import_wizard.ImportWizard, "exec", run_wizard)
    volunteers.start_import()
    assert volunteers.model.rowCount() == 19
    assert len(cli("volunteers")) == 19

    # 2. Approve everyone who applied.
    volunteers.status_filter.setCurrentIndex(volunteers.status_filter.findData("applied"))
    volunteers.table.selectAll()

    def approve(dialog: StatusDialog) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData("approved"))
        dialog.save()
        return 1

    monkeypatch.setattr(StatusDialog, "exec", approve)
    volunteers.change_status()
    assert {v["status"] for v in cli("volunteers")} == {"approved"}

    # 3. Plan and accept the tours.
    window.show_page("tours")
    tours = window.pages["tours"]
    tours.today = TODAY
    tours.plan_tours()
    qtbot.waitUntil(lambda: tours.plan_dialog is not None, timeout=20000)
    tours.plan_dialog.accept_plan()
    qtbot.waitUntil(lambda: tours.plan_button.isEnabled(), timeout=20000)
    tour_rows = cli("tours", "list")
    assert len(tour_rows) == 19
    assert len([b for lane in tours.timeline.lanes for b in lane.bars]) == 19
    first_start = min(date.fromisoformat(t["start"]) for t in tour_rows)

    # 4. Plan the rota for the first eight weeks of the team, accept, publish (gaps asked).
    window.show_page("rota")
    rota = window.pages["rota"]
    monkeypatch.setattr(rota, "ask", lambda title, text: answers.append(text) or True)
    rota.set_range(first_start, 8)
    rota.refresh()
    rota.run_planner()
    qtbot.waitUntil(lambda: rota.plan is not None, timeout=60000)
    rota.accept_plan()
    drafts = cli("rota", "--from", first_start.isoformat(), "--weeks", "8")
    assert drafts and {r["state"] for r in drafts} == {"draft"}
    assert any(r["assignee"] for r in drafts)
    rota.publish_range()
    assert "Publish" in answers[-1] or "publish" in answers[-1]
    shifts = cli("rota", "--from", first_start.isoformat(), "--weeks", "8")
    assigned = [r for r in shifts if r["assignee"]]
    assert {r["state"] for r in assigned} == {"published"}
    gaps = [r for r in shifts if not r["assignee"]]
    # The team forms a few at a time: Publish named the gaps before publishing; they stay.
    assert gaps and f"{len(gaps)} UNCOVERED" in answers[-1]
    assert {r["state"] for r in gaps} == {"draft"}
    assert "Published" in rota.status.text()

    # 5. Record a cover: Saturday 10:00-22:00 (Dublin) of the second Primary week.
    primary = [r for r in assigned if r["rotation"] == "Primary"]
    week = primary[1]
    slot_start = datetime.fromisoformat(week["slot_start"])
    saturday = slot_start.astimezone(DUBLIN).date() + timedelta(days=1)
    cover_from = datetime(saturday.year, saturday.month, saturday.day, 10, tzinfo=DUBLIN)

    def select(rotation: str, start: datetime) -> None:
        for r in range(rota.model.rowCount()):
            for c in range(1, rota.model.columnCount()):
                cell = rota.model.cell(r, c)
                if cell and cell.rotation == rotation and cell.slot_start == start:
                    rota.table.setCurrentIndex(rota.model.index(r, c))
                    return
        raise AssertionError(f"{rotation} {start} not on screen")

    def record_cover(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.start.set_instant(cover_from)
        dialog.end.set_instant(cover_from + timedelta(hours=12))
        enabled = [i for i in range(dialog.person.count())
                   if dialog.person.model().item(i).isEnabled()]  # fmt: skip
        assert enabled, "nobody can cover"
        dialog.person.setCurrentIndex(enabled[0])
        dialog.accept()
        return int(dialog.result())

    from ui import rota_dialogs

    monkeypatch.setattr(rota_dialogs.CoverDialog, "exec", record_cover)
    select("Primary", slot_start)
    rota.cover_selected()
    row = next(r for r in cli("rota", "--from", first_start.isoformat(), "--weeks", "8")
               if r["rotation"] == "Primary" and r["slot_start"] == week["slot_start"])  # fmt: skip
    assert len(row["covers"]) == 1
    assert datetime.fromisoformat(row["covers"][0]["from"]) == cover_from
    assert rota.status.text().startswith("Cover recorded")

    # 6. Swap two weeks: the first week (from the third on) the Swap dialog lets go.
    chosen: list[object] = []

    def swap(dialog) -> int:  # type: ignore[no-untyped-def]
        option = dialog.chosen()
        if option is None:  # every other week breaks a rule for this one: Cancel
            dialog.reject()
            return int(dialog.result())
        chosen.append(option)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(rota_dialogs.SwapDialog, "exec", swap)
    for candidate in [r for r in assigned if r not in primary[:2]]:
        select(candidate["rotation"], datetime.fromisoformat(candidate["slot_start"]))
        rota.swap_selected()
        if chosen:
            break
    assert chosen, "no two weeks could be swapped"
    assert "Swap" in answers[-1]
    after = {(r["rotation"], r["slot_start"]): r["assignee"]
             for r in cli("rota", "--from", first_start.isoformat(), "--weeks", "8")}  # fmt: skip
    option = chosen[0]
    swapped = (candidate["rotation"], candidate["slot_start"])
    assert after[swapped] != candidate["assignee"]
    assert after[swapped] == option.assignee_email  # type: ignore[attr-defined]
    assert rota.status.text() == "Shifts swapped"

    # 7. The first month of the team has been worked: log a night page in the first week.
    first = primary[0]
    first_end = datetime.fromisoformat(first["slot_end"])
    pay_month = first_end.astimezone(DUBLIN).strftime("%Y-%m")
    month_end = (first_end.astimezone(DUBLIN).replace(day=28) + timedelta(days=4)).replace(day=1)
    clock.now = month_end.astimezone(UTC) + timedelta(days=3)
    window.show_page("rest")
    rest_screen = window.pages["rest"]
    night = datetime.fromisoformat(first["slot_start"]).astimezone(DUBLIN) + timedelta(days=1)
    night = night.replace(hour=3, minute=10)  # Saturday 03:10, Dublin

    def log_page(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.responder.setCurrentIndex(dialog.responder.findData(first["assignee"]))
        dialog.set_local(
            night.astimezone(ZoneInfo(dialog.zones[first["assignee"]])).replace(tzinfo=None)
        )
        dialog.minutes.setValue(25)
        dialog.summary.setText("disk full on the queue host")
        dialog.save()
        return int(dialog.result())

    from ui import log_page_dialog

    monkeypatch.setattr(log_page_dialog.LogPageDialog, "exec", log_page)
    rest_screen.log_page()
    logged = cli("pages")
    assert [(p["responder"], p["night"], p["on_call"]) for p in logged] == [
        (first["assignee"], True, True)
    ]
    # 8. See the rest day, on screen and in the rest log.
    rest_screen.refresh()
    balances = [
        rest_screen.balances_model.row_at(r) for r in range(rest_screen.balances_model.rowCount())
    ]
    assert [(b.email, b.balance_half_days) for b in balances] == [(first["assignee"], 2)]
    assert cli("rest") == [{"email": first["assignee"], "entitled_days": 1.0,
                            "taken_days": 0.0, "balance_days": 1.0}]  # fmt: skip

    # 9. Build the month's pay run, export the workbook, rebuild, export again, close.
    window.show_page("pay")
    pay = window.pages["pay"]
    pay.refresh()
    pay.select_month(pay_month)
    pay.build()
    qtbot.waitUntil(lambda: pay.state_label.text() == "Draft", timeout=20000)
    lines = cli("pay", "--month", pay_month)
    assert lines and {x["pay_month"] for x in lines} == {pay_month}
    workbook = tmp_path / f"payroll-{pay_month}.xlsx"
    monkeypatch.setattr(pay, "ask_export_path", lambda month: workbook)
    pay.export()
    qtbot.waitUntil(lambda: pay.state_label.text() == "Exported", timeout=20000)
    assert workbook.exists()
    assert pay.export_button.isEnabled()
    pay.build()  # rebuild: nothing changed, so the run stays exported
    qtbot.waitUntil(lambda: not pay.busy, timeout=20000)
    workbook.unlink()
    pay.export()
    qtbot.waitUntil(lambda: workbook.exists() and not pay.busy, timeout=20000)
    sheet = openpyxl.load_workbook(workbook)["Lines"]
    assert sheet.max_row >= len(lines)
    monkeypatch.setattr(pay, "confirm_close", lambda month: True)
    pay.close_run()
    assert pay.state_label.text() == "Closed"
    assert cli("pay", "--month", pay_month) == lines  # closed: the stored lines, unchanged

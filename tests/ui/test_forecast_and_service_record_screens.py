"""The Tours screen's recruitment forecast and the Volunteers screen's service record show
what `planner forecast` and `planner service-record` print."""

from __future__ import annotations

from sqlmodel import select

from planner.core.locale_text import month_year
from planner.core.models import Rotation
from planner.outputs.service_record import service_record
from planner.people.forecast import forecast
from tests.conftest import TODAY
from ui import palette
from ui.service_record_dialog import ServiceRecordDialog


def test_tours_screen_shows_the_forecast_and_flags_a_shortfall(main_window, demo_db) -> None:
    main_window.show_page("tours")
    screen = main_window.pages["tours"]
    screen.today = TODAY
    screen.refresh()
    panel = screen.forecast_panel
    with demo_db.session() as s:
        expected = forecast(s, TODAY)
    table = panel.table
    assert table.rowCount() == len(expected.rows) == 24
    shown = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    first = expected.rows[0]
    assert shown[0][:5] == [first.rotation, month_year(first.month), str(first.team_size),
                            f"{first.band_min}–{first.band_max}", ""]  # fmt: skip
    short = [r for r in expected.rows if r.shortfall]
    assert short, "the demo's tours run out within the year"
    n = expected.rows.index(short[0])
    assert shown[n][4] == str(short[0].shortfall) and shown[n][5].startswith(
        str(short[0].recruit_by)
    )
    assert (
        table.item(n, 4).foreground().color().name() == palette.qcolor("error").name()
    )  # a shortfall in red
    summary = panel.summary.text()
    assert f"{short[0].rotation}: short from {month_year(short[0].month)}" in summary
    # a wider band shows at once as a larger shortfall
    with demo_db.transaction() as s:
        primary = s.exec(select(Rotation).where(Rotation.name == "Primary")).one()
        primary.team_min, primary.team_max = 8, 10
        s.add(primary)
    screen.refresh()
    assert table.item(0, 3).text() == "8–10"
    assert int(table.item(0, 4).text() or 0) == max(0, 8 - int(table.item(0, 2).text()))


def test_volunteers_screen_opens_the_service_record(main_window, demo_db, monkeypatch) -> None:
    main_window.show_page("volunteers")
    screen = main_window.pages["volunteers"]
    screen.search.setText("jamal")
    screen.table.selectRow(0)
    assert screen.record_button.isEnabled()
    opened: list[ServiceRecordDialog] = []
    monkeypatch.setattr(ServiceRecordDialog, "exec", lambda d: opened.append(d) or 0)
    screen.record_button.click()
    (dialog,) = opened
    with demo_db.session() as s:
        expected = service_record(s, "jamal.washington@example.com")
    assert dialog.record.as_json() == expected.as_json()
    assert f"<b>{expected.shifts}</b>" in dialog.figure_labels["Shifts worked"].text()
    pages = f"{expected.pages} ({expected.night_pages})"
    assert pages in dialog.figure_labels["Pages (night pages)"].text()
    assert dialog.tabs.tabText(1) == f"Worked ({len(expected.worked)})"

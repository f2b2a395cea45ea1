"""The Pages screen: pages with no follow-up in red, the follow-up set for selected pages,
PagerDuty incidents imported through the same preview as the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from sqlmodel import select

from planner.core.models import Page, Volunteer
from planner.pay import pages
from tests.pagerduty_files import sample, write_json
from ui import palette
from ui.models.page_follow_up_table_model import PageFollowUpTableModel
from ui.models.row_table_model import ROW_ROLE
from ui.screens.pages_screen import PagesScreen

TEAM = [
    ("Jamal Washington", "jamal.washington@example.com"),
    ("Oliver Bennett", "oliver.bennett@example.com"),
]


def _screen(main_window) -> PagesScreen:  # type: ignore[no-untyped-def]
    main_window.show_page("pages")
    screen = main_window.pages["pages"]
    screen.refresh()
    return screen


def _colour(screen: PagesScreen, row: int) -> str | None:
    brush = screen.proxy.index(row, PageFollowUpTableModel.COL_STATE).data(
        Qt.ItemDataRole.ForegroundRole
    )
    return brush.color().name() if brush is not None else None


def test_pages_without_follow_up_are_red_and_the_coordinator_sets_one(main_window, demo_db) -> None:
    screen = _screen(main_window)
    with demo_db.session() as s:
        every = pages.list_pages(s)
    assert screen.proxy.rowCount() == len(every) > 0
    assert all(
        _colour(screen, r) == palette.qcolor("error").name() for r in range(screen.proxy.rowCount())
    )
    assert f"{len(every)}</b> page(s) without a follow-up" in screen.summary.text()
    screen.table.selectRow(0)
    screen.table.selectRow(1)  # extended selection: the second click replaces the first
    chosen = screen.selected_ids()
    assert len(chosen) == 1
    screen.team.setEditText("Payments")
    screen.link.setText("https://issues.example.com/PAY-7")
    assert screen.save_follow_up()
    with demo_db.session() as s:
        row = next(r for r in pages.list_pages(s) if r.id == chosen[0])
    assert (row.follow_up_team, row.follow_up_link, row.follow_up_state) == (
        "Payments", "https://issues.example.com/PAY-7", "open",
    )  # fmt: skip
    assert screen.open_by_team.item(0).text() == "Payments: 1 open"
    assert f"{len(every) - 1}</b> page(s) without" in screen.summary.text()
    shown = next(
        r for r in range(screen.proxy.rowCount())
        if screen.proxy.index(r, 0).data(ROW_ROLE).id
        == chosen[0]
    )  # fmt: skip
    assert _colour(screen, shown) != palette.qcolor("error").name()
    screen.filter.setCurrentIndex(1)  # without a follow-up
    assert screen.proxy.rowCount() == len(every) - 1


def test_a_follow_up_without_team_is_refused_on_screen(main_window, demo_db) -> None:
    screen = _screen(main_window)
    screen.table.selectRow(0)
    screen.team.setEditText("")
    assert not screen.save_follow_up()
    assert "needs the owning team" in screen.error.text()
    with demo_db.session() as s:
        assert all(r.follow_up_state is None for r in pages.list_pages(s))


def test_import_pagerduty_incidents_from_the_screen(
    main_window, demo_db, tmp_path, monkeypatch
) -> None:
    screen = _screen(main_window)
    before = screen.proxy.rowCount()
    path = write_json(tmp_path / "incidents.json", sample(TEAM, datetime(2026, 10, 2, tzinfo=UTC)))
    asked = []
    monkeypatch.setattr(PagesScreen, "confirm_import", lambda self, p: asked.append(p) or True)
    assert screen.import_pages(path)
    (preview,) = asked
    assert preview.kind == "PagerDuty JSON" and len(preview.pages) == 12
    assert screen.filter.currentData() == "none"
    screen.filter.setCurrentIndex(0)
    assert screen.proxy.rowCount() == before + 12


def test_a_feed_folder_problem_shows_in_the_status_bar(main_window, demo_db) -> None:
    demo_db.notices.append("calendar feeds in /gone not updated: feed folder /gone does not exist")
    main_window.show_notices()
    assert "feed folder /gone does not exist" in main_window.statusBar().currentMessage()
    assert demo_db.notices == []


def test_a_long_log_is_read_a_page_at_a_time_and_searched_sorted_counted_whole(
    main_window, demo_db, monkeypatch
) -> None:
    """The table reads the newest pages first and older ones as it scrolls; a search, an
    order and the counts above the table are of the whole log, not of the rows read."""
    monkeypatch.setattr(PageFollowUpTableModel, "PAGE", 3)
    with demo_db.session() as s:
        every = pages.list_pages(s)  # in time order
    assert len(every) > 2 * 3
    screen = _screen(main_window)

    def shown() -> list[pages.FollowUpRow]:
        return [screen.proxy.index(r, 0).data(ROW_ROLE) for r in range(screen.proxy.rowCount())]

    assert [r.id for r in shown()] == [p.id for p in every[::-1][:3]]  # the newest, first
    assert f"{len(every)} pages logged" in screen.summary.text()
    assert f"{len(every)}</b> page(s) without a follow-up" in screen.summary.text()
    # scrolling reaches the oldest page
    while screen.proxy.canFetchMore(QModelIndex()):
        screen.table.scrollToBottom()
        screen.proxy.fetchMore(QModelIndex())
    assert [r.id for r in shown()] == [p.id for p in every[::-1]]
    # a search finds an old page not read yet
    screen.refresh()
    oldest = every[0]
    assert oldest.id not in [r.id for r in shown()]
    with demo_db.transaction() as s:
        pages.set_follow_up(
            s, oldest.id, "Zebra Platform", "https://issues.example.com/Z-1", "done"
        )
    screen.refresh()
    screen.search.setText("zebra platform")
    assert [r.id for r in shown()] == [oldest.id]
    day = oldest.at.astimezone(ZoneInfo(oldest.timezone)).date()
    screen.search.setText(day.isoformat())  # the responder's day, as the table shows it
    assert oldest.id in [r.id for r in shown()]
    assert all(r.local_at().date() == day for r in shown())
    screen.search.setText("")
    # "done" over the whole log: the one follow-up set, though it is the oldest page
    screen.filter.setCurrentIndex(screen.filter.findData("done"))
    assert [r.id for r in shown()] == [oldest.id]
    screen.filter.setCurrentIndex(0)
    # sorting orders the whole log, not just the rows read
    screen.table.sortByColumn(PageFollowUpTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    first_name = min(p.name.lower() for p in every)
    assert shown()[0].name.lower() == first_name
    screen.table.sortByColumn(PageFollowUpTableModel.COL_STATE, Qt.SortOrder.DescendingOrder)
    assert shown()[0].id == oldest.id  # done sorts last: first, descending
    screen.table.sortByColumn(PageFollowUpTableModel.COL_AT, Qt.SortOrder.AscendingOrder)
    assert shown()[0].id == oldest.id
    assert screen.proxy.rowCount() == 3


def _when_shown(screen: PagesScreen) -> list[tuple[int, str]]:
    return [
        (
            screen.proxy.index(r, 0).data(ROW_ROLE).id,
            screen.proxy.index(r, PageFollowUpTableModel.COL_AT).data(),
        )
        for r in range(screen.proxy.rowCount())
    ]


def test_the_search_finds_a_page_by_its_time_as_the_table_shows_it(main_window, demo_db) -> None:
    """Typing a page's time as the When column shows it ('02:25', the responder's wall
    clock, whatever the offset that day) finds that page and only pages shown at that
    time; so do its day and time together, as shown ('Mon 20 Jul 2026 02:25')."""
    screen = _screen(main_window)
    every = _when_shown(screen)
    # the demo's pages run from summer (IST, BST, PDT) into winter (GMT, PST)
    assert {text.split()[-1] for _id, text in every} >= {"IST", "GMT"}
    for page_id, text in every:
        clock = text.split()[-2]  # 'Mon 20 Jul 2026 02:25 IST'
        assert len(clock) == 5 and clock[2] == ":"
        QTest.keyClicks(screen.search, clock)  # typed into the box, a key at a time
        found = _when_shown(screen)
        assert page_id in [i for i, _t in found], (clock, text)
        assert all(f" {clock} " in shown for _i, shown in found), (clock, found)
        screen.search.clear()
    page_id, text = every[-1]
    screen.search.setText(text.rsplit(" ", 1)[0])  # the cell but its zone
    assert [i for i, _t in _when_shown(screen)] == [page_id]
    day_month = " ".join(text.split()[1:3])  # '20 Jul', without its year
    screen.search.setText(day_month)
    found = _when_shown(screen)
    assert page_id in [i for i, _t in found]
    assert all(f" {day_month} " in shown for _i, shown in found), (day_month, found)


def test_sorting_by_responder_puts_accented_names_in_alphabetical_order(
    main_window, demo_db
) -> None:
    """'Åsa' sorts with the A's, 'Émile' with the E's and 'Zoë' with the Z's, on the Pages
    table (sorted in SQL) as on the Volunteers table (sorted in Python): accents and case
    do not move a name to the end of the list, as SQLite's and Python's lower() did."""
    with demo_db.transaction() as s:
        responders = sorted({p.responder_id for p in s.exec(select(Page)).all()})
        assert len(responders) >= 4
        for volunteer_id, name in zip(
            responders, ["Zoë Lane", "Åsa Berg", "émile roux", "Émilie Dubois"], strict=False
        ):
            volunteer = s.get(Volunteer, volunteer_id)
            assert volunteer is not None
            volunteer.name = name
            s.add(volunteer)
    with demo_db.session() as s:
        names = sorted({v.name for v in s.exec(select(Volunteer)).all()})

    def plain(name: str) -> str:
        return name.replace("Å", "A").replace("É", "E").replace("é", "e").replace("ë", "e")

    expected = sorted(names, key=lambda n: plain(n).lower())
    assert expected.index("Åsa Berg") < expected.index("Zoë Lane")  # not at the end
    screen = _screen(main_window)
    screen.table.sortByColumn(PageFollowUpTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    while screen.proxy.canFetchMore(QModelIndex()):
        screen.proxy.fetchMore(QModelIndex())
    shown = [screen.proxy.index(r, 0).data(ROW_ROLE).name for r in range(screen.proxy.rowCount())]
    in_order = list(dict.fromkeys(shown))
    assert in_order == [n for n in expected if n in in_order]
    screen.table.sortByColumn(PageFollowUpTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)
    assert screen.proxy.index(0, 0).data(ROW_ROLE).name == in_order[-1] == "Zoë Lane"
    main_window.show_page("volunteers")
    volunteers = main_window.pages["volunteers"]
    volunteers.refresh()
    volunteers.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    listed = [volunteers.proxy.index(r, 0).data() for r in range(volunteers.proxy.rowCount())]
    assert listed == expected

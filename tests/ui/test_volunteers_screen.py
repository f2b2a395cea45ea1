"""The Volunteers screen: filters, detail pane, the volunteer form, status changes, import."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlmodel import select

from planner.core.db import open_database
from planner.core.models import Volunteer
from tests.conftest import TODAY
from tests.planner.intake_helpers import snapshot
from ui import import_wizard
from ui.main_window import MainWindow
from ui.models.volunteers_table_model import VolunteersTableModel
from ui.status_dialog import StatusDialog
from ui.volunteer_form_dialog import VolunteerFormDialog
from ui.welcome_dialog import WelcomeDialog

SAMPLES = Path(__file__).parents[2] / "resources" / "samples"


def _page(window: MainWindow):
    window.show_page("volunteers")
    page = window.pages["volunteers"]
    page.today = TODAY
    return page


def _names(page) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, VolunteersTableModel.COL_NAME).data() for r in range(proxy.rowCount())]


def _select(page, name: str) -> None:
    page.select_volunteer(next(r.id for r in page.model.rows() if r.name == name))


def test_site_and_role_filters(main_window) -> None:
    page = _page(main_window)
    page.site_filter.setCurrentIndex(page.site_filter.findData("San Francisco"))
    page.role_filter.setCurrentIndex(page.role_filter.findData("leader"))
    assert _names(page) == ["Dana Whitfield", "Kevin Brooks"]
    assert page.count_label.text() == f"2 of {page.model.rowCount()} volunteers"


def test_search_shows_the_first_match_in_the_detail_pane(main_window) -> None:
    page = _page(main_window)
    _select(page, "Alex Morgan")
    page.search.setText("freya")
    assert page.count_label.text() == "1 of 34 volunteers"
    assert "Freya Adams" in page.detail.heading.text()
    assert page.status_button.isEnabled()  # Change status works on what is shown
    page.search.setText("nobody-at-all")
    assert "No volunteer selected" in page.detail.heading.text()


def test_detail_pane_shows_tours_unavailability_and_history(main_window) -> None:
    page = _page(main_window)
    _select(page, "Tom Whitaker")  # index 1 in the demo: has leave
    pane = page.detail
    assert "Tom Whitaker" in pane.heading.text() and "Alumni" in pane.heading.text()
    assert pane.fields["site"].text() == "London"
    assert pane.tours_model.rowCount() == 1
    assert pane.tours_model.index(0, 0).data() == "2026-01-01"
    assert pane.tours_model.index(0, 1).data() == "2026-06-30"  # the last day, end exclusive
    assert "annual leave" in pane.away.item(0).text()
    history = [pane.history.item(i).text() for i in range(pane.history.count())]
    assert any("on_tour → alumni on 2026-07-01" in h for h in history)


def test_form_validates_inline_and_saves_nothing_while_wrong(main_window, demo_db, qtbot) -> None:
    page = _page(main_window)
    dialog = VolunteerFormDialog(page.get_db, None, page, TODAY)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled() and dialog.errors["name"].text() == "name is required"
    dialog.name.setText("Zoe Park")
    dialog.email.setText("aoife.byrne@example.com")
    assert "already exists" in dialog.errors["email"].text() and not save.isEnabled()
    dialog.email.setText("zoe@@example")
    assert "malformed email" in dialog.errors["email"].text()
    dialog.email.setText("zoe.park@example.com")
    assert save.isEnabled() and dialog.errors["email"].isHidden()
    dialog.away_first.setDate(dialog.away_first.date().addDays(10))
    dialog._add_away()
    assert "ends before it starts" in dialog.away_error.text() and dialog.away.count() == 0
    dialog.away_last.setDate(dialog.away_first.date().addDays(4))
    dialog._add_away()
    assert dialog.away.count() == 1
    dialog.save()
    with demo_db.session() as s:
        zoe = s.exec(select(Volunteer).where(Volunteer.email == "zoe.park@example.com")).one()
        assert zoe.status == "applied"


def test_status_change_goes_to_history(main_window, demo_db, qtbot) -> None:
    page = _page(main_window)
    _select(page, "Freya Adams")
    dialog = StatusDialog(page.get_db, page.current_detail(), page, TODAY)
    qtbot.addWidget(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData("approved"))
    dialog.note.setText("manager agreed")
    dialog.save()
    page.refresh()
    assert "Approved" in page.detail.heading.text()
    assert "applied → approved on 2026-11-26: manager agreed" in page.detail.history.item(0).text()


def test_status_dialog_opens_wide_enough_to_read_the_note_hint(main_window, qtbot) -> None:
    page = _page(main_window)
    _select(page, "Freya Adams")
    dialog = StatusDialog(page.get_db, page.current_detail(), page, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    hint = dialog.note.placeholderText()
    assert dialog.note.width() > dialog.note.fontMetrics().horizontalAdvance(hint)


def _wizard_on(page, path: Path, qtbot):
    wizard = import_wizard.ImportWizard(page.get_db, page, path, TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    return wizard


def test_import_wizard_flags_bad_rows_and_writes_nothing(main_window, demo_db, qtbot) -> None:
    page = _page(main_window)
    before = snapshot(demo_db)
    wizard = _wizard_on(page, SAMPLES / "volunteer-intake.xlsx", qtbot)
    preview_page = wizard.preview_page
    assert preview_page.model.rowCount() == 20
    errors = [r for r in preview_page.model.rows() if r.action == "error"]
    assert [r.line for r in errors] == [6, 10, 14, 18]
    assert "4 row(s) with errors" in preview_page.summary.text()
    assert not preview_page.isComplete()
    assert snapshot(demo_db) == before


def test_import_wizard_check_again_after_fixing_then_import(qtbot, db, qsettings, tmp_path) -> None:
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    page = _page(window)
    path = tmp_path / "intake.csv"
    shutil.copy(SAMPLES / "volunteer-intake.csv", path)
    wizard = _wizard_on(page, path, qtbot)
    assert not wizard.preview_page.isComplete()
    text = path.read_text(encoding="utf-8-sig")
    lines = [ln for ln in text.splitlines() if "Submitted twice" not in ln]
    fixed = "\n".join(lines).replace("liam.obrien@example,", "liam.obrien@example.com,")
    fixed = fixed.replace("Berlin", "London").replace(
        "2027-03-14..2027-03-02", "2027-03-02..2027-03-14"
    )
    path.write_text(fixed, encoding="utf-8-sig")
    wizard.preview_page.initializePage()  # "Check again"
    assert wizard.preview_page.isComplete()
    wizard.next()  # the commit page: Import (runs in the background)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=10000)
    assert wizard.counts and wizard.counts["new"] == 19
    assert "19 new" in wizard.done_page.label.text()
    page.refresh()
    assert len(_names(page)) == 19


def test_welcome_import_choice_opens_the_wizard(qtbot, db, qsettings, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(
        WelcomeDialog, "exec", lambda d: setattr(d, "choice", WelcomeDialog.IMPORT) or 1
    )
    monkeypatch.setattr(import_wizard.ImportWizard, "exec", lambda w: opened.append(w) or 0)
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    window.offer_welcome_if_empty()
    assert len(opened) == 1
    assert window.stack.currentWidget() is window.pages["volunteers"]


def test_import_fails_cleanly_if_the_file_broke_after_the_preview(
    qtbot, db, qsettings, tmp_path
) -> None:
    window = MainWindow(db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(window)
    page = _page(window)
    path = tmp_path / "intake.csv"
    path.write_text("Name,Email,Office,Role\nAnn Lee,ann@example.com,Dublin,Engineer\n")
    wizard = _wizard_on(page, path, qtbot)
    assert wizard.preview_page.isComplete()
    before = snapshot(db)
    path.write_text("Name,Email,Office,Role\nAnn Lee,ann@,Dublin,Engineer\n")
    wizard.next()
    qtbot.waitUntil(lambda: "nothing imported" in wizard.preview_page.summary.text(), timeout=10000)
    assert wizard.currentPage() is wizard.preview_page
    assert snapshot(db) == before


def test_change_status_of_several_volunteers_at_once(main_window, demo_db, monkeypatch) -> None:
    page = _page(main_window)
    page.status_filter.setCurrentIndex(page.status_filter.findData("approved"))
    page.table.selectAll()
    ids = page.selected_ids()
    assert len(ids) == page.proxy.rowCount() > 2
    offered = []

    def choose_withdrawn(dialog: StatusDialog) -> int:
        offered.extend(dialog.status.itemData(i) for i in range(dialog.status.count()))
        dialog.status.setCurrentIndex(dialog.status.findData("withdrawn"))
        dialog.note.setText("round postponed")
        dialog.save()
        return 1

    monkeypatch.setattr(StatusDialog, "exec", choose_withdrawn)
    page.change_status()
    assert offered == ["on_tour", "withdrawn", "declined"]
    with demo_db.session() as s:
        assert {s.get(Volunteer, i).status for i in ids} == {"withdrawn"}


def test_full_emails_show_at_the_default_window_size(demo_db, qsettings, qtbot) -> None:
    main_window = MainWindow(demo_db, lambda p, c: open_database(p, create=c), qsettings)
    qtbot.addWidget(main_window)
    # The default size where the screen has room for it (the offscreen screen is only
    # 800 px wide, so the window would open at the screen's width: see test_window_fits).
    main_window.resize(1200, 760)
    main_window.show()
    page = _page(main_window)
    qtbot.waitUntil(lambda: page.isVisible() and main_window.width() == 1200)
    table, column = page.table, VolunteersTableModel.COL_EMAIL
    longest = max(
        (page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())), key=len
    )
    assert longest == "jamal.washington@example.com"
    # the column is as wide as its longest email needs (delegate padding included): no "…"
    assert table.horizontalHeader().sectionSize(column) >= table.sizeHintForColumn(column)
    assert page.detail_scroll.width() >= page.detail_scroll.minimumWidth()


def test_volunteers_screen_says_site_like_pay_rest_and_the_rota(main_window, qtbot) -> None:
    """PRODUCT.md's concept is the Site; 'Office' is only the import file's column name."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    page = _page(main_window)
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    assert headers[VolunteersTableModel.COL_SITE] == "Site"
    assert page.site_filter.itemText(0) == "Every site"
    dialog = VolunteerFormDialog(page.get_db, None, page, TODAY)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in (*page.findChildren(QLabel), *dialog.findChildren(QLabel))]
    assert "Site" in labels  # the detail pane
    assert "Site *" in labels  # the form
    words = " ".join([*headers, *labels, page.site_filter.itemText(0)])
    assert "office" not in words.lower()

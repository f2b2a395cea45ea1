"""Pay › Fees: a new or changed rate shows its effect (open pay runs and by how much, future
shifts re-priced) before it is applied; Cancel writes nothing, OK applies one undoable edit,
and a change to what a closed pay run paid is refused, naming the run."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from planner.core.home import rotation_by_name
from planner.core.money import format_money
from planner.pay import fees, rule_effects
from tests.ui.test_undo_redo import dump
from ui.fees_dialog import FeesDialog

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)  # the demo's today


@pytest.fixture
def frozen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("planner.pay.rule_effects.utc_now", lambda: NOW)


def _dialog(qtbot, main_window, demo_db, answer: bool) -> tuple[FeesDialog, list[str]]:  # type: ignore[no-untyped-def]
    dialog = FeesDialog(lambda: demo_db, main_window)
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def confirm(title: str, effect: str) -> bool:
        asked.append(f"{title}\n{effect}")
        return answer

    dialog.confirm = confirm  # type: ignore[method-assign]
    return dialog, asked


def applied(qtbot, dialog: FeesDialog, action) -> bool:  # type: ignore[no-untyped-def]
    """Press Add rate (or Change): the effect is worked out, asked about and applied in
    the worker; True when the change was applied."""
    before = dialog.applied
    action()
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog.applied > before


def _type_rate(dialog: FeesDialog, amount: str, supplement: str, day: QDate) -> None:
    dialog.rotation.setCurrentText("Primary")
    dialog.currency.setCurrentText("EUR")
    dialog.amount.setText(amount)
    dialog.supplement.setText(supplement)
    dialog.effective.setDate(day)


def test_cancel_leaves_the_database_exactly_as_it_was(qtbot, main_window, demo_db, frozen) -> None:
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=False)
    before, raw = dump(demo_db.path), Path(demo_db.path).read_bytes()
    _type_rate(dialog, "600.00", "50.00", QDate(2026, 11, 1))
    assert not applied(qtbot, dialog, dialog.add_rate)
    assert len(asked) == 1
    assert "Changes 1 open pay run(s): 2026-11 (Dublin +€200.00): €1,448.78, " in asked[0]
    assert "Re-prices 31 future shift(s): Primary" in asked[0] and "€500.00 → €600.00" in asked[0]
    assert dialog.effect.text() in asked[0]  # the dialog shows it too
    assert dump(demo_db.path) == before
    assert Path(demo_db.path).read_bytes() == raw
    assert not main_window.undo_action.isEnabled()


def test_ok_applies_the_rate_and_undo_restores_every_row(
    qtbot, main_window, demo_db, frozen
) -> None:
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
    before = dump(demo_db.path)
    _type_rate(dialog, "600.00", "50.00", QDate(2026, 12, 1))
    assert applied(qtbot, dialog, dialog.add_rate), dialog.error.text()
    assert "Re-prices 29 future shift(s)" in asked[0] and "open pay run" not in asked[0]
    with demo_db.session() as s:
        rows = [(f.currency, f.amount_minor, f.effective_from) for f in fees.list_fees(s)]
    assert ("EUR", 60000, date(2026, 12, 1)) in rows
    assert dialog.model.rowCount() == len(rows)
    assert main_window.undo_action.text().startswith("&Undo new rate of Primary in EUR")
    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before


def test_a_changed_supplement_and_a_moved_date_of_a_selected_rate(
    qtbot, main_window, demo_db, frozen
) -> None:
    with demo_db.transaction() as s:
        fees.add_fee(s, rotation_by_name(s, "Primary"), "EUR", 60000, date(2027, 3, 1), 5000)
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
    row = next(
        i
        for i, r in enumerate(dialog.model.rows())
        if r.currency == "EUR" and r.effective_from == date(2027, 3, 1)
    )
    dialog.table.selectRow(row)
    assert dialog.amount.text() == "€600.00" and dialog.change_button.isEnabled()
    dialog.supplement.setText("80.00")
    dialog.effective.setDate(QDate(2027, 2, 1))
    before = dump(demo_db.path)
    assert applied(qtbot, dialog, dialog.change_rate), dialog.error.text()
    # February's shifts take the new rate; from March the supplement is what changes.
    assert "€500.00 → €600.00; holiday supplement €50.00 → €80.00" in asked[0]
    assert "holiday supplement €50.00 → €80.00" in asked[0].split("€500.00 → €600.00")[-1]
    main_window.undo_action.trigger()
    assert dump(demo_db.path) == before


def test_a_rate_that_would_change_a_closed_run_is_refused_naming_it(
    qtbot, main_window, demo_db, frozen
) -> None:
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
    before = dump(demo_db.path)
    _type_rate(dialog, "600.00", "50.00", QDate(2026, 9, 1))
    assert not applied(qtbot, dialog, dialog.add_rate)
    assert not asked  # never offered
    assert dialog.error.text() == ("Refused: it would change what closed pay run(s) paid: 2026-09")
    assert dump(demo_db.path) == before


@pytest.mark.parametrize(
    ("amount", "supplement", "message"),
    [
        ("-5.00", "0", "fee -€5.00 for Primary must be more than zero"),
        ("500.00", "-1.00", "holiday supplement -€1.00 must not be negative"),
        ("five", "0", "Fee per shift: amount 'five' is not a number"),
    ],
)
def test_bad_values_are_named_and_nothing_is_written(
    qtbot, main_window, demo_db, frozen, amount, supplement, message
) -> None:
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
    before = dump(demo_db.path)
    _type_rate(dialog, amount, supplement, QDate(2027, 1, 1))
    assert not applied(qtbot, dialog, dialog.add_rate)
    assert dialog.error.text() == message and not asked
    assert dump(demo_db.path) == before


def test_the_service_effect_names_exactly_what_the_change_then_alters(demo_db) -> None:
    from planner.pay import runs
    from planner.pay.lines import totals_by_currency

    def change(s):  # type: ignore[no-untyped-def]
        return fees.add_fee(s, rotation_by_name(s, "Primary"), "EUR", 60000, date(2026, 10, 1))

    with demo_db.session() as s:
        effect = rule_effects.preview(s, change, NOW)
        months = [m for m in runs.pay_months(s, NOW) if runs.run_info(s, m).state != "closed"]
        totals = {m: totals_by_currency(runs.desired_lines(s, m, NOW)) for m in months}
    with demo_db.transaction() as s:
        rule_effects.apply(s, change, NOW)
    with demo_db.session() as s:
        after = {m: totals_by_currency(runs.desired_lines(s, m, NOW)) for m in months}
        changed = sorted(str(m) for m in months if after[m] != totals[m])
        primary = rotation_by_name(s, "Primary")
        from sqlmodel import select

        from planner.core.home import home_calendar
        from planner.core.models import Shift
        from planner.core.out_of_hours import to_local

        cal = home_calendar(s)
        future = {
            sh.id
            for sh in s.exec(select(Shift).where(Shift.rotation_id == primary.id))
            if sh.slot_end > NOW and to_local(cal, sh.slot_start).date() >= date(2026, 10, 1)
        }
    assert [line.split(" ")[0] for line in effect.open_runs] == changed == ["2026-10", "2026-11"]
    assert {r.shift_id for r in effect.repriced} == future
    assert not effect.drafts and not effect.closed_runs


@pytest.mark.parametrize("name", ["de_DE", "en_US", "C"])
def test_the_rate_named_in_undo_and_refusals_carries_its_day_in_the_users_locale(
    qtbot, main_window, demo_db, frozen, name
) -> None:
    from PySide6.QtCore import QLocale

    from planner.core import locale_text

    locale = None if name == "C" else name
    with demo_db.transaction() as s:
        primary = rotation_by_name(s, "Primary")
        fees.add_fee(s, primary, "EUR", 60000, date(2027, 3, 1), 5000)
        fees.add_fee(s, primary, "EUR", 65000, date(2027, 5, 1), 5000)
    QLocale.setDefault(QLocale(name) if locale else QLocale.c())
    try:
        dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
        _type_rate(dialog, "600.00", "50.00", QDate(2026, 12, 1))
        assert applied(qtbot, dialog, dialog.add_rate), dialog.error.text()
        december = locale_text.short_date(date(2026, 12, 1), locale)
        assert main_window.undo_action.text() == f"&Undo new rate of Primary in EUR from {december}"
        # Moving the March rate onto May's day is refused, naming the day as the user reads it.
        row = next(
            i
            for i, r in enumerate(dialog.model.rows())
            if r.currency == "EUR" and r.effective_from == date(2027, 3, 1)
        )
        dialog.table.selectRow(row)
        dialog.effective.setDate(QDate(2027, 5, 1))
        before = dump(demo_db.path)
        assert not applied(qtbot, dialog, dialog.change_rate)
        may = locale_text.short_date(date(2027, 5, 1), locale)
        assert f"Primary already has a EUR rate from {may}; change that one instead" in (
            dialog.error.text()
        )
        assert dump(demo_db.path) == before
    finally:
        QLocale.setDefault(QLocale.c())


def test_a_new_rate_with_its_supplement_left_blank_keeps_the_supplement_in_force(
    qtbot, main_window, demo_db, frozen
) -> None:
    """Changing only the fee must not drop the holiday supplement unseen: a blank
    supplement keeps the one in force on the new rate's day, and the field says so."""
    dialog, asked = _dialog(qtbot, main_window, demo_db, answer=True)
    with demo_db.session() as s:
        in_force = max(
            (f for f in fees.list_fees(s) if (f.rotation, f.currency) == ("Primary", "EUR")),
            key=lambda f: f.effective_from,
        )
    assert in_force.holiday_supplement_minor > 0  # the demo pays one
    _type_rate(dialog, "600.00", "", QDate(2026, 12, 1))
    kept = format_money(in_force.holiday_supplement_minor, "EUR")
    assert dialog.supplement.placeholderText() == f"blank: as in force ({kept})"
    assert applied(qtbot, dialog, dialog.add_rate), dialog.error.text()
    assert "holiday supplement" not in asked[0]  # nothing said of it: it does not change
    with demo_db.session() as s:
        added = next(
            f
            for f in fees.list_fees(s)
            if (f.rotation, f.currency, f.effective_from) == ("Primary", "EUR", date(2026, 12, 1))
        )
    assert (added.amount_minor, added.holiday_supplement_minor) == (
        60000,
        in_force.holiday_supplement_minor,
    )
    # Typed 0, it is 0: a blank is not a zero.
    _type_rate(dialog, "610.00", "0", QDate(2027, 1, 1))
    assert applied(qtbot, dialog, dialog.add_rate), dialog.error.text()
    with demo_db.session() as s:
        zero = next(f for f in fees.list_fees(s) if f.effective_from == date(2027, 1, 1))
    assert zero.holiday_supplement_minor == 0

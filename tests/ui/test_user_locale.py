"""The screens show dates, numbers and money in the user's locale (Qt's default: the
system's), and keep the app's fixed forms under the C locale the suite runs in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from planner.core.db import Database
from planner.core.money import format_money
from planner.core.month import Month
from planner.demo import team
from planner.pay import runs as pay_runs
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota
from ui.screens.now_screen import NowScreen
from ui.screens.pay_screen import PayScreen

ROOT = Path(__file__).resolve().parents[2]


def _plain(text: str) -> str:
    """Babel's narrow and ordinary no-break spaces as plain spaces, for reading."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def rota_db(db: Database) -> Database:
    with db.transaction() as session:
        team.build(session, TODAY)
        fake_rota(session, date(2025, 12, 1), 30)
    return db


@pytest.fixture
def french() -> Iterator[None]:
    QLocale.setDefault(QLocale("fr_FR"))
    yield
    QLocale.setDefault(QLocale.c())


def _march_totals(db: Database) -> int:
    with db.session() as session:
        lines = pay_runs.month_lines(session, Month(2026, 3))
    return sum(x.amount_minor for x in lines if x.currency == "EUR")


def test_the_pay_screen_in_french(qtbot, rota_db: Database, french: None) -> None:
    page = PayScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    page.select_month("2026-03")
    eur = _march_totals(rota_db)
    whole, cents = divmod(eur, 100)
    assert whole >= 1000  # the thousands separator shows
    french_total = f"{whole:,}".replace(",", " ") + f",{cents:02d} €"
    assert french_total in _plain(page.totals_label.text())
    assert "mars 2026" in [page.month_box.itemText(i) for i in range(page.month_box.count())]
    hours = page.summary_model.index(0, page.summary_model.COL_HOURS).data()
    assert "," in hours and "." not in hours  # '168,00': a decimal comma


def test_the_pay_screen_under_the_c_locale_keeps_the_fixed_forms(qtbot, rota_db) -> None:
    assert QLocale().language() == QLocale.Language.C
    page = PayScreen(lambda: rota_db)
    qtbot.addWidget(page)
    page.refresh()
    page.select_month("2026-03")
    assert format_money(_march_totals(rota_db), "EUR") in page.totals_label.text()
    assert "March 2026" in [page.month_box.itemText(i) for i in range(page.month_box.count())]


def test_the_now_screen_in_french_still_names_its_zone(qtbot, demo_db, french: None) -> None:
    screen = NowScreen(lambda: demo_db)
    qtbot.addWidget(screen)
    screen.set_moment(datetime(2026, 12, 1, 21, tzinfo=UTC))
    assert "mardi 1 décembre 2026, 21:00 (Europe/Dublin)" in screen.heading.text()
    items = [screen.attention.item(n).text() for n in range(screen.attention.count())]
    assert any("Pay run for novembre 2026" in text for text in items)  # built in planner
    headers = [screen.weeks.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers[0].startswith("Week of\n") and headers[0].endswith("nov.")


SCRIPT = """
import json, sys
from datetime import UTC, date, datetime
from PySide6.QtWidgets import QApplication
from planner.core.db import open_database
from planner.demo import team
from tests.conftest import TODAY
from tests.planner.pay_helpers import fake_rota
from ui.screens.now_screen import NowScreen
from ui.screens.pay_screen import PayScreen

app = QApplication([])
db = open_database(sys.argv[1], create=True)
with db.transaction() as session:
    team.build(session, TODAY)
    fake_rota(session, date(2025, 12, 1), 30)
pay = PayScreen(lambda: db)
pay.refresh()
pay.select_month("2026-03")
now = NowScreen(lambda: db)
now.set_moment(datetime(2026, 3, 6, 12, tzinfo=UTC))
model = pay.summary_model
print(json.dumps({
    "totals": pay.totals_label.text(),
    "month": pay.month_box.currentText(),
    "hours": model.index(0, model.COL_HOURS).data(),
    "heading": now.heading.text(),
}))
"""


@pytest.mark.parametrize(
    ("lang", "month", "day", "money", "hours_mark"),
    [
        ("fr_FR.UTF-8", "mars 2026", "vendredi 6 mars 2026, 12:00", " €", ","),
        ("en_US.UTF-8", "March 2026", "Friday, March 6, 2026, 12:00 PM", "€", "."),
    ],
)
def test_the_app_started_under_a_locale_shows_its_forms(
    tmp_path: Path, lang: str, month: str, day: str, money: str, hours_mark: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG=lang, LC_ALL=lang, QT_QPA_PLATFORM="offscreen", TZ="Asia/Tokyo")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "p.db")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["month"].startswith(month)
    assert _plain(day) + " (Europe/Dublin)" in _plain(shown["heading"])
    totals = _plain(shown["totals"])
    assert money in totals and ("€" in totals.split()[1] if lang.startswith("en") else True)
    assert hours_mark in shown["hours"]
    if lang.startswith("fr"):
        assert "," in totals.split("€")[0]  # '1 234,50 €'
    else:
        assert "," in totals and "." in totals  # '€1,234.50'


def test_a_fee_typed_in_french_is_read_in_french(qtbot, demo_db, french: None) -> None:
    from PySide6.QtCore import QDate

    from ui.fees_dialog import FeesDialog

    dialog = FeesDialog(lambda: demo_db)
    qtbot.addWidget(dialog)
    dialog.confirm = lambda title, effect: True  # type: ignore[method-assign]
    assert dialog.amount.placeholderText() == "e.g. 550,00"
    dialog.rotation.setCurrentText("Primary")
    dialog.currency.setCurrentText("EUR")
    dialog.amount.setText("1 234,50")
    dialog.supplement.setText("12,5")
    dialog.effective.setDate(QDate(2027, 6, 1))
    assert dialog._typed()[1:3] == (123450, 1250)
    shown = [_plain(dialog.model.index(r, 3).data()) for r in range(dialog.model.rowCount())]
    assert "500,00 €" in shown  # the table in French too

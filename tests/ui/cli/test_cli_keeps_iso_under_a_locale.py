"""The command line writes its days ISO whatever the user's locale (PRODUCT.md: scripts
parse them): with the app's locale German, ``planner plan``, ``publish``, ``assign``,
``cover`` and ``tours plan`` still say '2027-03-05', '2027-03-13..2027-03-14' and
'2027-07', as the desktop app's sentences now give them in the locale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale

from planner.core import settings
from planner.people import volunteers
from tests.ui.cli.conftest import digest


@pytest.fixture
def german() -> Iterator[None]:
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(QLocale.c())


def _run(cli, db, *args):  # type: ignore[no-untyped-def]
    return cli("--db", db.path, *args)


def test_the_rota_commands_keep_iso_days_under_a_german_locale(cli, team_db, german) -> None:
    db = team_db
    with db.transaction() as s:
        ann = volunteers.by_email(s, "ann@example.com")
        volunteers.add_unavailability(s, ann, date(2027, 3, 13), date(2027, 3, 14), "wedding")
    assert _run(cli, db, "assign", "--rotation", "Primary", "--week", "2027-03-05",
                "--volunteer", "bob@example.com").code == 0  # fmt: skip
    refused = _run(cli, db, "assign", "--rotation", "Primary", "--week", "2027-03-12",
                   "--volunteer", "ann@example.com")  # fmt: skip
    assert refused.err.strip() == (
        "planner: ann@example.com is away 2027-03-13..2027-03-14 (wedding)"
    ), refused.err
    before = digest(db.path)
    busy = _run(cli, db, "cover", "--rotation", "Primary", "--volunteer", "bob@example.com",
                "--from", "2027-03-06T20:00+00:00", "--to", "2027-03-07T08:00+00:00")  # fmt: skip
    assert busy.err.strip() == (
        "planner: bob@example.com already holds the Primary shift of the week of 2027-03-05"
    ), busy.err
    assert digest(db.path) == before
    published = _run(cli, db, "publish", "--from", "2027-03-01", "--weeks", "1").out
    assert "Escalation L2 week of 2027-03-05" in published
    plan = _run(cli, db, "plan", "--from", "2027-03-08", "--weeks", "2")
    assert plan.code == 0, plan.err
    assert "uncovered: Escalation L2 week of 2027-03-12: " in plan.out, plan.out
    assert "März" not in plan.out + published + refused.err + busy.err


def test_tours_plan_keeps_iso_months_under_a_german_locale(cli, db, german) -> None:
    with db.transaction() as s:
        settings.put(s, "max_joins_per_month", 0)  # nobody may join: Eve is not placed
        volunteers.create(s, name="Eve", email="eve@example.com", site="Dublin", status="approved")
    result = _run(cli, db, "tours", "plan", "--today", "2027-01-15")
    assert "not placed: eve@example.com: no start from 2027-01-15 within" in result.err
    assert "(2027-01, 2027-02, 2027-03," in result.err, result.err

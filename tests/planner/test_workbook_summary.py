"""The Summary sheet's Total per volunteer is shift pay + holiday supplement + adjustments."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from planner.core.month import Month
from planner.pay.lines import LineData
from planner.pay.workbook import WorkbookInfo, build_workbook

START = datetime(2027, 3, 5, 18, tzinfo=UTC)
END = datetime(2027, 3, 12, 18, tzinfo=UTC)


def _line(
    kind: str, amount_minor: int, minutes: int = 0, email: str = "ann@example.com"
) -> LineData:
    return LineData(
        volunteer_id=1,
        email=email,
        name="Ann A",
        site="Dublin",
        currency="EUR",
        rotation_id=1,
        rotation="Primary",
        shift_id=1,
        slot_start=START,
        slot_end=END,
        kind=kind,
        minutes=minutes,
        amount_minor=amount_minor,
        pay_month=Month(2027, 3),
        reason="late cover" if kind == "adjustment" else "",
    )


def test_the_summary_total_includes_the_holiday_supplement_and_adjustments() -> None:
    lines = [
        _line("shift", 50000, 123 * 60),
        _line("holiday", 5000, 15 * 60),
        _line("adjustment", -4878, 12 * 60),
    ]
    info = WorkbookInfo(
        "2027-03", "exported", date(2027, 3, 1), date(2027, 3, 31), "Europe/Dublin",
        datetime(2027, 4, 1, 9, tzinfo=UTC),
    )  # fmt: skip
    ws = build_workbook(info, lines, [])["Summary"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["Shift pay"] == Decimal("500.00")
    assert row["Holiday supplement"] == Decimal("50.00")
    assert row["Adjustments"] == Decimal("-48.78")
    assert row["Total"] == Decimal("501.22")
    assert row["Out-of-hours hours"] == Decimal("123")  # holiday hours are not counted twice

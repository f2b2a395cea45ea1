"""The payroll workbook (.xlsx): Summary, Lines, Adjustments, Rest days, About.

Every figure is a stored value (payroll imports read cached values and openpyxl stores
none for a formula). The only formulas are SUMs in the visible total rows, one per
currency below each table; a spreadsheet's recalculation of them equals the stored totals
on the About sheet. The file is written to a temporary file in the target folder, reopened
to check it, and then renamed (``safe_write``), so a failed export never leaves a
half-written workbook behind.

Text from people (names, notes, reasons) is never a formula: every text cell is stored as a
string, and one that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``) also
carries the quote prefix, so editing the cell keeps it text.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner import __version__
from planner.core.errors import OutputError, PlannerError
from planner.core.money import excel_number_format, to_decimal_string
from planner.core.safe_write import StagedFile, stage_file
from planner.pay.lines import LineData
from planner.pay.rest import REASON_LABELS, RestRow

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
FONT_NAME = "Calibri"  # openpyxl's default body font; bold styles must name it too
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
TOTAL_FONT = Font(name=FONT_NAME, bold=True)
TOTAL_FILL = PatternFill("solid", fgColor="E8EEF5")
TOTAL_BORDER = Border(top=Side(style="thin", color="1F3A5F"))
CENTER = Alignment(horizontal="center")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HOURS_FORMAT = "#,##0.00"
KIND_LABELS = {"shift": "Shift", "holiday": "Holiday supplement", "adjustment": "Adjustment"}


@dataclass(frozen=True)
class WorkbookInfo:
    month: str  # "2027-03", or a label such as "2027" for a year
    state: str
    period_first: date
    period_last: date
    timezone: str  # home time zone; dates and times in the workbook are in it
    generated_at: datetime


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _append(ws: Worksheet, values: Sequence[Any]) -> int:
    """Append a row; its text cells stay text, whatever they start with. Returns the row's
    number (``ws.max_row`` once a row with values is appended, without scanning the sheet
    for it: that scan per row made a year's export quadratic)."""
    cells = [Cell(ws, 0, 0, value) for value in values]  # append sets the row and column
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
    ws.append(cells)
    return cells[0].row if cells else ws.max_row


def amount(minor: int, currency: str) -> Decimal:
    return Decimal(to_decimal_string(minor, currency))


def _local(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def _header(ws: Worksheet, headers: Sequence[tuple[str, float]]) -> None:
    _append(ws, [h for h, _w in headers])
    for index, (_h, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=index)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A2"


def _finish_table(ws: Worksheet, columns: int, last_row: int) -> None:
    if last_row >= 2:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{last_row}"


def _total_row(
    ws: Worksheet, label_col: int, label: str, sums: dict[int, tuple[int, int, str]], columns: int
) -> None:
    """A total row: SUM(first:last) in each column of ``sums`` -> (first, last, format)."""
    row = ws.max_row + 1
    ws.cell(row=row, column=label_col, value=label)
    for column, (first, last, fmt) in sums.items():
        letter = get_column_letter(column)
        cell = ws.cell(row=row, column=column, value=f"=SUM({letter}{first}:{letter}{last})")
        cell.number_format = fmt
    for column in range(1, columns + 1):
        styled = ws.cell(row=row, column=column)
        styled.font, styled.fill, styled.border = TOTAL_FONT, TOTAL_FILL, TOTAL_BORDER


def _by_currency(lines: Sequence[LineData]) -> dict[str, list[LineData]]:
    groups: dict[str, list[LineData]] = defaultdict(list)
    for line in lines:
        groups[line.currency].append(line)
    return dict(sorted(groups.items()))


def _summary(ws: Worksheet, lines: Sequence[LineData]) -> None:
    headers = [
        ("Volunteer", 24),
        ("Email", 32),
        ("Site", 15),
        ("Currency", 10),
        ("Out-of-hours hours", 12),
        ("Shift pay", 14),
        ("Holiday supplement", 14),
        ("Adjustments", 14),
        ("Total", 15),
    ]
    _header(ws, headers)
    blocks: list[tuple[str, int, int]] = []
    for currency, group in _by_currency(lines).items():
        people: dict[tuple[str, str], dict[str, int]] = {}
        sites: dict[str, str] = {}
        for line in group:
            key = (line.name, line.email)
            sums = people.setdefault(key, defaultdict(int))
            sums[line.kind] += line.amount_minor
            if line.kind == "shift":
                sums["minutes"] += line.minutes
            sites[line.email] = line.site
        first = ws.max_row + 1
        fmt = excel_number_format(currency)
        for (name, email), sums in sorted(people.items(), key=lambda kv: kv[0][0].lower()):
            total = sums["shift"] + sums["holiday"] + sums["adjustment"]
            row = _append(
                ws,
                [
                    name,
                    email,
                    sites[email],
                    currency,
                    round(Decimal(sums["minutes"]) / 60, 2),
                    amount(sums["shift"], currency),
                    amount(sums["holiday"], currency),
                    amount(sums["adjustment"], currency),
                    amount(total, currency),
                ],
            )
            ws.cell(row=row, column=5).number_format = HOURS_FORMAT
            ws.cell(row=row, column=4).alignment = CENTER
            for column in range(6, 10):
                ws.cell(row=row, column=column).number_format = fmt
        blocks.append((currency, first, ws.max_row))
    _finish_table(ws, len(headers), ws.max_row)
    _append(ws, [])
    for currency, first, last in blocks:
        fmt = excel_number_format(currency)
        totals = {c: (first, last, fmt) for c in range(6, 10)}
        totals[5] = (first, last, HOURS_FORMAT)
        _total_row(ws, 1, f"Total {currency}", totals, len(headers))
        ws.cell(row=ws.max_row, column=4, value=currency)


def _lines(ws: Worksheet, lines: Sequence[LineData], tz: ZoneInfo, adjustments: bool) -> None:
    headers = [
        ("Volunteer", 24),
        ("Email", 32),
        ("Site", 15),
        ("Rotation", 15),
        ("Slot start", 18),
        ("Slot end", 18),
        ("Kind", 20),
        ("Out-of-hours hours", 13),
        ("Currency", 10),
        ("Amount", 15),
        ("Amount (minor units)", 15),
        ("Pay month", 11),
    ]
    if adjustments:
        headers.append(("Reason", 75))
    _header(ws, headers)
    blocks: list[tuple[str, int, int]] = []
    for currency, group in _by_currency(lines).items():
        first = ws.max_row + 1
        fmt = excel_number_format(currency)
        for line in group:
            row = [
                line.name,
                line.email,
                line.site,
                line.rotation,
                _local(line.slot_start, tz),
                _local(line.slot_end, tz),
                KIND_LABELS[line.kind],
                Decimal(str(line.hours)),
                currency,
                amount(line.amount_minor, currency),
                line.amount_minor,
                str(line.pay_month),
            ]
            if adjustments:
                row.append(line.reason)
            r = _append(ws, row)
            ws.cell(row=r, column=5).number_format = DATETIME_FORMAT
            ws.cell(row=r, column=6).number_format = DATETIME_FORMAT
            ws.cell(row=r, column=8).number_format = HOURS_FORMAT
            ws.cell(row=r, column=10).number_format = fmt
            ws.cell(row=r, column=11).number_format = "0"
            ws.cell(row=r, column=9).alignment = CENTER
            ws.cell(row=r, column=12).alignment = CENTER
        blocks.append((currency, first, ws.max_row))
    _finish_table(ws, len(headers), ws.max_row)
    _append(ws, [])
    # No hours total here: a holiday line repeats hours already in its shift line, so the
    # column's sum would overstate the hours worked (the Summary sheet has the true total).
    for currency, first, last in blocks:
        fmt = excel_number_format(currency)
        _total_row(
            ws,
            1,
            f"Total {currency}",
            {10: (first, last, fmt), 11: (first, last, "0")},
            len(headers),
        )
        ws.cell(row=ws.max_row, column=9, value=currency)


def _rest(ws: Worksheet, rows: Sequence[RestRow]) -> None:
    headers = [
        ("Day", 12),
        ("Volunteer", 24),
        ("Email", 32),
        ("Entitled days", 10),
        ("Taken days", 10),
        ("Reason", 18),
        ("Note", 50),
    ]
    _header(ws, headers)
    for r in rows:
        row = _append(
            ws,
            [
                r.day,
                r.name,
                r.email,
                Decimal(str(r.days)) if r.kind == "entitled" else None,
                Decimal(str(r.days)) if r.kind == "taken" else None,
                REASON_LABELS.get(r.reason, r.reason),
                r.note,
            ],
        )
        ws.cell(row=row, column=1).number_format = DATE_FORMAT
        ws.cell(row=row, column=4).number_format = "0.0"
        ws.cell(row=row, column=5).number_format = "0.0"
    last = ws.max_row
    _finish_table(ws, len(headers), last)
    if rows:
        _append(ws, [])
        _total_row(ws, 2, "Total", {4: (2, last, "0.0"), 5: (2, last, "0.0")}, len(headers))


def _about(ws: Worksheet, info: WorkbookInfo, lines: Sequence[LineData]) -> None:
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 36
    _append(ws, ["Payroll workbook"])
    ws["A1"].font = Font(name=FONT_NAME, bold=True, size=14, color="1F3A5F")
    _append(ws, [])
    facts: list[tuple[str, object, str | None]] = [
        ("Pay run", info.month, None),
        ("State", info.state, None),
        ("Period from", info.period_first, DATE_FORMAT),
        ("Period to", info.period_last, DATE_FORMAT),
        ("Times are in", info.timezone, None),
        ("Generated at", info.generated_at.replace(tzinfo=None), DATETIME_FORMAT),
        ("App version", f"On-call Tour Planner {__version__}", None),
        ("Pay lines", len(lines), None),
    ]
    for label, value, fmt in facts:
        row = _append(ws, [label, value])
        ws.cell(row=row, column=1).font = TOTAL_FONT
        if fmt:
            ws.cell(row=row, column=2).number_format = fmt
        ws.cell(row=row, column=2).alignment = Alignment(horizontal="left")
    _append(ws, [])
    _append(ws, ["Totals per currency", "Amount", "Minor units"])
    for column in range(1, 4):
        ws.cell(row=ws.max_row, column=column).fill = HEADER_FILL
        ws.cell(row=ws.max_row, column=column).font = HEADER_FONT
    ws.column_dimensions["C"].width = 14
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.currency] += line.amount_minor
    for currency, total in sorted(totals.items()):
        _append(ws, [currency, amount(total, currency), total])
        ws.cell(row=ws.max_row, column=2).number_format = excel_number_format(currency)
    _append(ws, [])
    _append(ws, ["Amounts are money owed, in each volunteer's own site currency."])
    _append(ws, ["Generated at is the time of export; dates and times are home time."])


def build_workbook(
    info: WorkbookInfo, lines: Sequence[LineData], rest_rows: Sequence[RestRow]
) -> Workbook:
    tz = ZoneInfo(info.timezone)
    wb = Workbook()
    summary = wb.active
    assert isinstance(summary, Worksheet)  # a new workbook starts with one worksheet
    summary.title = "Summary"
    _summary(summary, lines)
    _lines(wb.create_sheet("Lines"), [x for x in lines if x.kind != "adjustment"], tz, False)
    _lines(wb.create_sheet("Adjustments"), [x for x in lines if x.kind == "adjustment"], tz, True)
    _rest(wb.create_sheet("Rest days"), rest_rows)
    _about(wb.create_sheet("About"), info, lines)
    for ws in wb.worksheets:
        ws.sheet_view.zoomScale = 100
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        page_setup_pr = ws.sheet_properties.pageSetUpPr
        assert page_setup_pr is not None  # openpyxl makes one for every new sheet
        page_setup_pr.fitToPage = True
        ws.print_title_rows = "1:1" if ws.title != "About" else None
    return wb


def _check_workbook(expected: Sequence[str]) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        try:
            with path.open("rb") as handle:
                book = load_workbook(handle, read_only=True)
                names = list(book.sheetnames)
                book.close()
        except Exception as exc:  # any unreadable workbook: the write failed
            raise OutputError(f"the workbook written cannot be read back ({exc})") from exc
        if names != list(expected):
            raise OutputError(f"the workbook written holds sheets {names}, not {list(expected)}")

    return check


def stage_workbook(wb: Workbook, target: Path | str) -> StagedFile:
    """Write and check the workbook in a temporary file beside ``target`` (not renamed yet)."""
    target = Path(target)
    if target.suffix.lower() != ".xlsx":
        raise PlannerError(f"{target}: the payroll workbook must be an .xlsx file")

    def write(temp: Path) -> None:
        buffer = io.BytesIO()  # built in memory: a full disk fails our write, not the zip's
        wb.save(buffer)
        temp.write_bytes(buffer.getvalue())

    return stage_file(target, write, _check_workbook(wb.sheetnames))


def save_atomically(wb: Workbook, target: Path | str) -> Path:
    """Write to a temporary file next to ``target``, check it, then rename over it."""
    return stage_workbook(wb, target).publish()

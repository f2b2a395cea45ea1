"""Intake from a form export (.csv or .xlsx): read, preview each row, apply all or nothing.

    rows = read_table(path)                  # header + rows of text, any delimiter/encoding
    preview = preview_file(session, path)    # each row: new / update / error, with reasons
    apply_preview(session, preview, today)   # writes only when no row has an error

Columns are matched case-insensitively with aliases (see ``COLUMN_ALIASES``); offices and
roles too. Unknown columns (a forms tool's "Timestamp") are ignored. Dates are ISO
(2027-02-01); other spellings are read day first (01/02/2027 is 1 February), and .xlsx
date cells are taken as they are.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypedDict

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta
from sqlmodel import Session, select

from planner.core import audit, settings
from planner.core.errors import PlannerError
from planner.core.home import home_today
from planner.core.models import Site, Tour, Unavailability, Volunteer
from planner.core.text import EMAIL_MAX, LINE_MAX, NAME_MAX, line_problem, note_problem
from planner.people import tours, volunteers

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "your name", "volunteer"),
    "email": ("email", "e-mail", "email address", "e-mail address", "work email", "mail"),
    "office": ("office", "site", "location", "your office"),
    "team": ("team", "product team", "squad"),
    "role": ("role", "position", "job role"),
    "manager": ("manager", "line manager", "your manager", "reports to"),
    "available_from": ("available from", "available", "availability", "earliest start"),
    "unavailable": ("unavailable", "unavailability", "dates unavailable", "leave", "away"),
    "tour_start": ("tour start", "tour start date", "start"),
    "tour_end": ("tour end", "tour end date", "end"),
    "notes": ("notes", "note", "comments", "anything else"),
}
REQUIRED = ("name", "email", "office", "role")
LABELS = {
    "name": "Name",
    "email": "Email",
    "office": "Office",
    "team": "Team",
    "role": "Role",
    "manager": "Manager",
    "available_from": "Available from",
    "unavailable": "Unavailable",
    "tour_start": "Tour start",
    "tour_end": "Tour end",
    "notes": "Notes",
}
OFFICE_ALIASES = {
    "sf": "San Francisco",
    "sfo": "San Francisco",
    "san fran": "San Francisco",
    "san francisco, ca": "San Francisco",
    "dub": "Dublin",
    "dublin, ireland": "Dublin",
    "lon": "London",
    "ldn": "London",
    "london, uk": "London",
}
ROLE_ALIASES = {
    "engineer": "engineer",
    "software engineer": "engineer",
    "eng": "engineer",
    "sre": "engineer",
    "developer": "engineer",
    "leader": "leader",
    "engineering leader": "leader",
    "engineering manager": "leader",
    "manager": "leader",
    "lead": "leader",
}
DELIMITERS = ",;\t|"
# Limits of an intake file: a team's form export is far smaller. Past them the file is
# refused before it is read whole (a sheet can declare a million rows in a few bytes).
MAX_ROWS = 10_000
MAX_COLUMNS = 100
MAX_CELLS = 200_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
CSV_FIELD_MAX = 128 * 1024  # Python's csv default limit, said in words


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)


# -- reading ---------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise PlannerError(f"{name} is not a CSV or XLSX file (it holds binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:  # a spreadsheet's "CSV" export on Windows
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:  # never guess: a replaced byte would change a name
        line = data.count(b"\n", 0, exc.start) + 1
        raise PlannerError(
            f"{name} line {line}: byte 0x{data[exc.start]:02x} is neither UTF-8 nor "
            "Windows-1252 text; save the file as UTF-8 and import it again"
        ) from None


def _known_columns(header: list[str]) -> int:
    keys = {" ".join(h.lower().replace("_", " ").split()).rstrip(":?* ") for h in header}
    return sum(1 for aliases in COLUMN_ALIASES.values() if keys & set(aliases))


def _shown(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[:40] + "…"


def _too_many(name: str, what: str, limit: int) -> PlannerError:
    return PlannerError(f"{name} has more than {limit:,} {what}; an intake file has at most that")


def _read_csv(data: bytes, name: str) -> Table:
    text = _decode(data, name)
    if text.lstrip().startswith("%PDF"):
        raise PlannerError(f"{name} is not a CSV or XLSX file (it is a PDF)")
    try:
        sniffed = csv.Sniffer().sniff(text[:8192], DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    # The delimiter whose header names the most known columns wins (the sniffer alone can
    # be fooled by semicolons in a Notes cell); ties go to the sniffer's choice.
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    candidates = [sniffed, *(d for d in DELIMITERS if d != sniffed)]
    delimiter = max(
        candidates,
        key=lambda d: _known_columns(next(csv.reader([first_line], delimiter=d), [])),
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[list[str]] = []
    try:
        for cells in reader:
            if len(lines) >= MAX_ROWS:
                raise _too_many(name, "rows", MAX_ROWS)
            if len(cells) > MAX_COLUMNS:
                raise PlannerError(
                    f"{name}, line {reader.line_num}: {len(cells):,} columns; at most {MAX_COLUMNS}"
                )
            lines.append(cells)
    except csv.Error as exc:
        why = str(exc)
        if "field larger than field limit" in why:
            why = f"a field is longer than {CSV_FIELD_MAX // 1024} KB"
        raise PlannerError(f"{name}, line {reader.line_num}: {why}") from None
    return _table(lines, name)


def _read_xlsx(data: bytes, name: str) -> Table:
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise PlannerError(f"{name} is not a readable XLSX workbook ({exc})") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise PlannerError(
            f"{name} unpacks to {unpacked // (1024 * 1024):,} MB; an intake workbook is at "
            f"most {MAX_UNPACKED_BYTES // (1024 * 1024)} MB"
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any unreadable workbook: a clear message, nothing written
        raise PlannerError(f"{name} is not a readable XLSX workbook ({exc})") from exc
    try:
        sheet = book.worksheets[0]
        rows, columns = sheet.max_row or 0, sheet.max_column or 0  # as the sheet declares
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise PlannerError(
                f"{name}: its first sheet declares the range "
                f"A1:{get_column_letter(min(columns, 16384) or 1)}{rows} "
                f"({rows:,} rows, {columns:,} columns); an intake file has at most "
                f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns"
            )
        sheet.reset_dimensions()  # read only the cells that are there, never pad to a range
        lines: list[list[str]] = []
        cells = 0
        for row in sheet.iter_rows(values_only=True):  # streamed, one row at a time
            if len(lines) >= MAX_ROWS:
                raise _too_many(name, "rows", MAX_ROWS)
            values = list(row[: MAX_COLUMNS + 1])
            while values and values[-1] is None:
                values.pop()
            if len(values) > MAX_COLUMNS:
                raise PlannerError(f"{name}, row {len(lines) + 1}: more than {MAX_COLUMNS} columns")
            cells += len(values)
            if cells > MAX_CELLS:
                raise _too_many(name, "cells", MAX_CELLS)
            lines.append([_cell_text(v) for v in values])
    finally:
        book.close()
    return _table(lines, name)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(lines: list[list[str]], name: str) -> Table:
    numbered = [(n, [c.strip() for c in cells]) for n, cells in enumerate(lines, start=1)]
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    if not numbered:
        raise PlannerError(f"{name} is empty")
    (_, header), *rows = numbered
    if not rows:
        raise PlannerError(f"{name} has a header but no volunteer rows")
    return Table(header, rows)


def read_table(path: Path) -> Table:
    """The header and rows of a .csv or .xlsx file, whatever its delimiter or encoding."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise PlannerError(f"{path.name} is empty")
    if data.startswith(b"%PDF"):
        raise PlannerError(f"{path.name} is not a CSV or XLSX file (it is a PDF)")
    if data.startswith(b"PK"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise PlannerError(f"{path.name} is not a CSV or XLSX file")
        return _read_xlsx(data, path.name)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise PlannerError(f"{path.name} is not a readable XLSX workbook")
    return _read_csv(data, path.name)


def map_columns(header: list[str], name: str = "the file") -> dict[str, int]:
    """Field name -> column index; raises naming every required column that is missing."""
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = " ".join(title.lower().replace("_", " ").split()).rstrip(":?* ")
        for fieldname, aliases in COLUMN_ALIASES.items():
            if key in aliases and fieldname not in found:
                found[fieldname] = index
    missing = [LABELS[f] for f in REQUIRED if f not in found]
    if missing:
        raise PlannerError(
            f"{name} has no {' or '.join(missing)} column "
            f"(found: {', '.join(h for h in header if h) or 'none'})"
        )
    return found


# -- preview ---------------------------------------------------------------------------


class RowValues(TypedDict, total=False):
    """What a checked row would write (empty until the row is checked)."""

    name: str
    email: str
    site: str
    role: str
    team: str
    manager: str
    available_from: date | None
    notes: str
    unavailable: list[tuple[date, date]]  # inclusive ranges not yet stored
    tour_start: date | None  # None: no tour, or that tour is already there
    tour_end: date | None


class _VolunteerFields(TypedDict):
    """The keyword arguments volunteers.create and volunteers.update share."""

    name: str
    email: str
    site: str
    role: str
    team: str
    manager: str
    notes: str
    available_from: date | None


@dataclass
class RowPreview:
    line: int
    action: str  # "new", "update", "unchanged" or "error"
    name: str
    email: str
    office: str = ""
    role: str = ""
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    values: RowValues = field(default_factory=lambda: RowValues())

    def as_json(self) -> dict[str, object]:
        return {
            "line": self.line,
            "action": self.action,
            "email": self.email,
            "name": self.name,
            "office": self.office,
            "role": self.role,
            "detail": "; ".join(self.errors or self.changes),
        }


@dataclass
class Preview:
    file: str
    rows: list[RowPreview]

    @property
    def errors(self) -> list[RowPreview]:
        return [r for r in self.rows if r.action == "error"]

    def counts(self) -> dict[str, int]:
        result = {"new": 0, "update": 0, "unchanged": 0, "error": 0}
        for r in self.rows:
            result[r.action] += 1
        return result


YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def parse_date(text: str) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    year_first = YEAR_FIRST.fullmatch(text)
    if year_first:  # 2027-1-5 is 5 January; 2027-13-01 is no date (never read day first)
        try:
            return date(*(int(part) for part in year_first.groups()))
        except ValueError:
            raise ValueError(f"not a date: {text!r}") from None
    try:
        return dateparser.parse(text, dayfirst=True).date()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a date: {text!r}") from exc


def parse_ranges(text: str) -> list[tuple[date, date]]:
    """``2027-02-01..2027-02-14; 2027-03-03`` -> inclusive (first, last) pairs."""
    ranges = []
    for part in text.replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        if ".." in part:
            a, b = part.split("..", 1)
        elif " to " in part:
            a, b = part.split(" to ", 1)
        else:
            a = b = part
        first, last = parse_date(a), parse_date(b)
        if last < first:
            raise ValueError(f"range {part!r} ends before it starts")
        ranges.append((first, last))
    return ranges


def _office(session: Session, text: str) -> str | None:
    names = {s.name.lower(): s.name for s in session.exec(select(Site)).all()}
    key = " ".join(text.lower().split())
    if key in names:
        return names[key]
    alias = OFFICE_ALIASES.get(key)
    return alias if alias and alias.lower() in names else None


@dataclass
class _Cells:
    """One file row's cells by field, and where its problems are written."""

    line: int
    cells: list[str]
    columns: dict[str, int]
    errors: list[str]

    def get(self, fieldname: str) -> str:
        index = self.columns.get(fieldname)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""

    def bad(self, fieldname: str, value: str, why: str) -> None:
        self.errors.append(f"line {self.line}, column {LABELS[fieldname]}: {why} ({value!r})")


def _check_texts(c: _Cells, name: str, email: str) -> None:
    """Name and email required; text fields within their length; email well formed."""
    if not name:
        c.bad("name", "", "name is required")
    for fieldname, limit in (("name", NAME_MAX), ("team", LINE_MAX), ("manager", LINE_MAX)):
        problem = line_problem(LABELS[fieldname], c.get(fieldname), limit)
        if problem:
            c.bad(fieldname, c.get(fieldname)[:40], problem.split(" (")[0])
    problem = note_problem(LABELS["notes"], c.get("notes"))
    if problem:
        c.bad("notes", c.get("notes")[:40], problem.split(" (")[0])
    email_problem = line_problem(LABELS["email"], email, EMAIL_MAX)
    if not email:
        c.bad("email", "", "email is required")
    elif email_problem:
        c.bad("email", c.get("email")[:40], email_problem.split(" (")[0])
    elif not volunteers.EMAIL_RE.match(email):
        c.bad("email", c.get("email"), "malformed email")


def _check_office_and_role(session: Session, c: _Cells) -> tuple[str, str]:
    """The office's site name and the role (or the text as written, when unknown)."""
    office = _office(session, c.get("office"))
    if office is None:
        c.bad("office", c.get("office"), "unknown office; expected Dublin, London or San Francisco")
    role = ROLE_ALIASES.get(" ".join(c.get("role").lower().split()))
    if role is None:
        c.bad("role", c.get("role"), "unknown role; expected engineer or leader")
    return office or c.get("office"), role or c.get("role")


def _check_dates(c: _Cells) -> tuple[date | None, date | None, date | None]:
    """Available from, tour start and tour end: dates, in an order that makes sense."""
    dates: dict[str, date | None] = {}
    for fieldname in ("available_from", "tour_start", "tour_end"):
        text = c.get(fieldname)
        dates[fieldname] = None
        if text:
            try:
                dates[fieldname] = parse_date(text)
            except ValueError:
                c.bad(fieldname, text, "not a date (write 2027-02-01)")
    start, end = dates["tour_start"], dates["tour_end"]
    if end is not None and start is None:
        c.bad("tour_end", c.get("tour_end"), "a tour end needs a tour start")
    if start is not None and end is not None and end <= start:
        c.bad("tour_end", c.get("tour_end"), f"tour ends before it starts on {start}")
    available = dates["available_from"]
    if start is not None and available is not None and start < available:
        c.bad("tour_start", c.get("tour_start"), f"tour starts before available from {available}")
    return available, start, end


def _check_unavailable(c: _Cells) -> list[tuple[date, date]]:
    try:
        return parse_ranges(c.get("unavailable"))
    except ValueError as exc:
        c.bad("unavailable", c.get("unavailable"), str(exc))
        return []


def _check_tour(
    session: Session, c: _Cells, row: RowPreview, existing: Volunteer | None, start: date
) -> None:
    """The row's tour: its end (default length), not for a declined volunteer, and not
    overlapping a tour they have (the same tour again is simply already there)."""
    tour_end = row.values["tour_end"] or start + relativedelta(
        months=settings.get(session, "tour_months")
    )
    row.values["tour_end"] = tour_end
    if existing is None:
        return
    if existing.status == "declined":
        c.bad(
            "tour_start",
            c.get("tour_start"),
            f"{existing.email} was declined; change their status before giving them a tour",
        )
    for other in session.exec(select(Tour).where(Tour.volunteer_id == existing.id)).all():
        if other.start == start and other.end == tour_end:
            row.values["tour_start"] = None  # already there
        elif other.start < tour_end and start < other.end:
            c.bad(
                "tour_start",
                c.get("tour_start"),
                f"tour {start}..{tour_end} overlaps the tour "
                f"{other.start}..{other.end - relativedelta(days=1)}",
            )


def _describe_update(
    session: Session, row: RowPreview, existing: Volunteer, ranges: list[tuple[date, date]]
) -> None:
    """What an import changes for a known volunteer; a blank cell keeps what we know."""
    row.action = "update"
    site = session.get(Site, existing.site_id)
    values = row.values
    if not values["team"]:
        values["team"] = existing.team
    if not values["manager"]:
        values["manager"] = existing.manager
    if not values["available_from"]:
        values["available_from"] = existing.available_from
    if not values["notes"]:
        values["notes"] = existing.notes
    current: tuple[tuple[str, object, object], ...] = (  # (field, stored, from the file)
        ("name", existing.name, values["name"]),
        ("site", site.name if site else "", values["site"]),
        ("role", existing.role, values["role"]),
        ("team", existing.team, values["team"]),
        ("manager", existing.manager, values["manager"]),
        ("available_from", existing.available_from, values["available_from"]),
        ("notes", existing.notes, values["notes"]),
    )
    for key, old, new in current:
        if new != old:
            row.changes.append(f"{key}: {old or '-'} → {new}")
    known = {
        (u.first_day, u.last_day)
        for u in session.exec(
            select(Unavailability).where(Unavailability.volunteer_id == existing.id)
        ).all()
    }
    fresh = [r for r in ranges if r not in known]
    row.values["unavailable"] = fresh
    if fresh:
        row.changes.append(f"{len(fresh)} unavailability range(s)")
    if row.values["tour_start"] is not None:
        row.changes.append(f"tour from {values['tour_start']}")
    if not row.changes:
        row.action = "unchanged"


def _check_row(
    session: Session, line: int, cells: list[str], columns: dict[str, int], today: date
) -> RowPreview:
    """One row in named steps: texts, office and role, dates, unavailability; then, for a
    valid row, its tour against the volunteer's tours and what it changes for them."""
    c = _Cells(line, cells, columns, [])
    row = RowPreview(line, "new", c.get("name"), c.get("email").lower(), errors=c.errors)
    _check_texts(c, row.name, row.email)
    row.office, row.role = _check_office_and_role(session, c)
    available, start, end = _check_dates(c)
    ranges = _check_unavailable(c)
    row.values = {
        "name": row.name,
        "email": row.email,
        "site": row.office,
        "role": row.role,
        "team": c.get("team"),
        "manager": c.get("manager"),
        "available_from": available,
        "notes": c.get("notes"),
        "unavailable": ranges,
        "tour_start": start,
        "tour_end": end,
    }
    if row.errors:
        row.action = "error"
        # A preview shows what the row says; a hostile 5,000-character cell is shortened.
        row.name, row.email = _shown(row.name, NAME_MAX), _shown(row.email, EMAIL_MAX)
        return row
    existing = session.exec(select(Volunteer).where(Volunteer.email == row.email)).first()
    if start is not None:
        _check_tour(session, c, row, existing, start)
    if row.errors:
        row.action = "error"
        return row
    if existing is None:
        row.changes.append("new volunteer" + (f", tour from {start}" if start else ""))
        return row
    _describe_update(session, row, existing, ranges)
    return row


def preview_table(session: Session, table: Table, name: str, today: date) -> Preview:
    columns = map_columns(table.header, name)
    rows = [_check_row(session, line, cells, columns, today) for line, cells in table.rows]
    first_line: dict[str, int] = {}
    for row in rows:
        if not row.email:
            continue
        if row.email in first_line:
            row.errors.append(
                f"line {row.line}, column Email: duplicate email ({row.email!r}) "
                f"already on line {first_line[row.email]}"
            )
            row.action = "error"
        else:
            first_line[row.email] = row.line
    return Preview(name, rows)


def preview_file(session: Session, path: Path, today: date | None = None) -> Preview:
    """Read and check a form export; writes nothing."""
    path = Path(path)
    return preview_table(session, read_table(path), path.name, today or home_today(session))


# -- apply -----------------------------------------------------------------------------


def apply_preview(session: Session, preview: Preview, today: date) -> dict[str, int]:
    """Write every row of an error-free preview (call inside ``db.transaction()``)."""
    if preview.errors:
        first = preview.errors[0].errors[0]
        more = len(preview.errors) - 1
        raise PlannerError(
            f"{preview.file}: nothing imported; {first}"
            + (f" (and {more} more row(s) with errors)" if more else "")
        )
    for row in preview.rows:
        if row.action == "unchanged":
            continue
        v = row.values
        fields = _VolunteerFields(
            name=v["name"],
            email=v["email"],
            site=v["site"],
            role=v["role"],
            team=v["team"],
            manager=v["manager"],
            notes=v["notes"],
            available_from=v["available_from"],
        )
        volunteer = session.exec(select(Volunteer).where(Volunteer.email == row.email)).first()
        if volunteer is None:
            volunteer = volunteers.create(session, status="applied", **fields)
        else:
            volunteers.update(session, volunteer, **fields)
        for first_day, last_day in v["unavailable"]:
            volunteers.add_unavailability(
                session, volunteer, first_day, last_day, "from intake form"
            )
        start = v["tour_start"]
        if isinstance(start, date):
            if volunteer.status in ("applied", "withdrawn", "alumni"):
                volunteers.change_status(
                    session, volunteer, "approved", today, f"tour start in {preview.file}"
                )
            tours.create_tour(session, volunteer, start, v["tour_end"])
    volunteers.sync_statuses(session, today)
    counts = preview.counts()
    audit.record(session, "volunteers imported", "volunteer", None, file=preview.file, **counts)
    return counts


def import_file(session: Session, path: Path, today: date | None = None) -> Preview:
    """Preview and apply in one go (raises, writing nothing, if any row has an error)."""
    today = today or home_today(session)
    preview = preview_file(session, path, today)
    apply_preview(session, preview, today)
    return preview

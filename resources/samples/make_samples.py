"""Writes volunteer-intake.csv and .xlsx: a 20-row form export with four flawed rows.

Flaws on purpose (the import preview flags them): line 6 malformed email, line 10
unknown office (Berlin), line 14 unavailability written backwards, line 18 the same
email as line 3 (submitted twice). Run: .venv/bin/python resources/samples/make_samples.py
"""

import csv
import datetime
import io
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
HEADER = [
    "Timestamp",
    "Name",
    "Email Address",
    "Office",
    "Team",
    "Role",
    "Manager",
    "Available from",
    "Unavailable",
    "Tour start",
    "Notes",
]
ROWS = [
    (
        "2026-11-02 09:14:03",
        "Aisling Keane",
        "aisling.keane@example.com",
        "Dublin",
        "Payments",
        "Engineer",
        "Ciara Nolan",
        "2026-12-01",
        "2026-12-21..2027-01-02",
        "",
        "Happy to take Christmas week if needed",
    ),
    (
        "2026-11-02 10:41:55",
        "Ben Carter",
        "ben.carter@example.com",
        "London",
        "Search",
        "Software Engineer",
        "Priya Shah",
        "2026-12-01",
        "",
        "",
        "",
    ),
    (
        "2026-11-02 16:20:12",
        "Carmen Ruiz",
        "carmen.ruiz@example.com",
        "SF",
        "Mobile",
        "Engineer",
        "Kevin Brooks",
        "2027-01-04",
        "2027-02-15..2027-02-19",
        "",
        "",
    ),
    (
        "2026-11-03 08:05:47",
        "Declan Murphy",
        "declan.murphy@example.com",
        "Dublin",
        "Identity",
        "Engineer",
        "Fiona Walsh",
        "2026-12-01",
        "",
        "2027-01-04",
        "Done on-call before at a previous job",
    ),
    (
        "2026-11-03 11:32:09",
        "Liam O'Brien",
        "liam.obrien@example",
        "Dublin",
        "Payments",
        "Engineer",
        "Ciara Nolan",
        "2027-01-04",
        "",
        "",
        "",
    ),
    (
        "2026-11-03 13:58:30",
        "Emma Fischer",
        "emma.fischer@example.com",
        "London",
        "Data",
        "Engineer",
        "Priya Shah",
        "2027-01-04",
        "2027-04-01..2027-04-09",
        "",
        "",
    ),
    (
        "2026-11-04 09:00:18",
        "Farah Haddad",
        "farah.haddad@example.com",
        "San Francisco",
        "Search",
        "Engineer",
        "Kevin Brooks",
        "2027-02-01",
        "",
        "",
        "",
    ),
    (
        "2026-11-04 10:12:44",
        "Gavin Doyle",
        "gavin.doyle@example.com",
        "Dublin",
        "Platform",
        "Engineering leader",
        "Mark Daly",
        "2026-12-01",
        "",
        "2027-01-04",
        "",
    ),
    (
        "2026-11-04 15:47:02",
        "Hiroshi Tanaka",
        "hiroshi.tanaka@example.com",
        "Berlin",
        "Mobile",
        "Engineer",
        "Priya Shah",
        "2027-02-01",
        "",
        "",
        "Relocating to London in January",
    ),
    (
        "2026-11-05 08:33:19",
        "Ines Costa",
        "ines.costa@example.com",
        "London",
        "Identity",
        "Leader",
        "Mark Daly",
        "2026-12-01",
        "2027-03-22..2027-03-26",
        "",
        "",
    ),
    (
        "2026-11-05 12:09:51",
        "Jack Thornton",
        "jack.thornton@example.com",
        "Dublin",
        "Data",
        "Engineer",
        "Fiona Walsh",
        "2027-02-01",
        "",
        "",
        "",
    ),
    (
        "2026-11-05 17:26:38",
        "Kavya Reddy",
        "kavya.reddy@example.com",
        "San Francisco",
        "Platform",
        "Engineer",
        "Kevin Brooks",
        "2027-03-01",
        "",
        "",
        "",
    ),
    (
        "2026-11-06 09:44:27",
        "Lorcan Byrne",
        "lorcan.byrne@example.com",
        "Dublin",
        "Search",
        "Engineer",
        "Ciara Nolan",
        "2027-03-01",
        "2027-03-14..2027-03-02",
        "",
        "",
    ),
    (
        "2026-11-06 14:15:06",
        "Maeve Gallagher",
        "maeve.gallagher@example.com",
        "Dublin",
        "Payments",
        "Leader",
        "Mark Daly",
        "2027-01-04",
        "",
        "",
        "",
    ),
    (
        "2026-11-09 10:02:33",
        "Nikhil Menon",
        "nikhil.menon@example.com",
        "London",
        "Mobile",
        "Engineer",
        "Priya Shah",
        "2027-03-01",
        "2027-05-03; 2027-05-31",
        "",
        "",
    ),
    (
        "2026-11-09 11:51:12",
        "Olivia Grant",
        "olivia.grant@example.com",
        "SF",
        "Data",
        "Engineering leader",
        "Mark Daly",
        "2027-01-04",
        "",
        "",
        "",
    ),
    (
        "2026-11-10 08:27:45",
        "Ben Carter",
        "BEN.CARTER@example.com",
        "London",
        "Search",
        "Engineer",
        "Priya Shah",
        "2027-01-04",
        "",
        "",
        "Submitted twice by mistake",
    ),
    (
        "2026-11-10 13:39:20",
        "Padraig Walsh",
        "padraig.walsh@example.com",
        "Dublin",
        "Identity",
        "Leader",
        "Mark Daly",
        "2027-02-01",
        "",
        "",
        "",
    ),
    (
        "2026-11-11 09:18:54",
        "Quinn Taylor",
        "quinn.taylor@example.com",
        "London",
        "Platform",
        "Leader",
        "Mark Daly",
        "2027-02-01",
        "",
        "",
        "",
    ),
    (
        "2026-11-12 16:03:08",
        "Siobhán Ní Bhriain",
        "siobhan.nibhriain@example.com",
        "Dublin",
        "Mobile",
        "Leader",
        "Mark Daly",
        "2027-03-01",
        "2027-06-07..2027-06-18",
        "",
        "",
    ),
]


def write_csv(path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    path.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")  # BOM, as Excel writes


def write_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Form responses 1"
    sheet.append(HEADER)
    for row in ROWS:
        cells: list[object] = list(row)
        cells[0] = datetime.datetime.fromisoformat(row[0])
        for i in (7, 9):
            if row[i]:
                cells[i] = datetime.datetime.fromisoformat(row[i])
        sheet.append(cells)
    for col, width in zip("ABCDEFGHIJK", (20, 22, 32, 14, 12, 20, 16, 14, 26, 12, 36), strict=True):
        sheet.column_dimensions[col].width = width
    for cells in sheet.iter_rows(min_row=2):
        cells[0].number_format = "yyyy-mm-dd hh:mm:ss"
        cells[7].number_format = cells[9].number_format = "yyyy-mm-dd"
    book.save(path)


if __name__ == "__main__":
    write_csv(HERE / "volunteer-intake.csv")
    write_xlsx(HERE / "volunteer-intake.xlsx")

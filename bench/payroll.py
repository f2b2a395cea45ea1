"""Benchmark: payroll for 300 volunteers and 10 years of shifts, covers, pages and audit log.

Builds a database (in a temporary folder), closes the first nine years' runs, then times
building and exporting one month and one whole year of pay lines, and the ratio of the
year's export time to a bare openpyxl write of the same cells. Targets: a month under
0.5 s; the year's export ratio at most 2. Prints figures; asserts nothing.

    .venv/bin/python bench/payroll.py [--years 10] [--volunteers 300]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from sqlmodel import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.core.db import open_database  # noqa: E402
from planner.core.home import home_calendar, rotation_by_name  # noqa: E402
from planner.core.models import Cover, Page, Shift, Site, Volunteer  # noqa: E402
from planner.core.month import Month  # noqa: E402
from planner.core.out_of_hours import slots  # noqa: E402
from planner.pay import runs as pay_runs  # noqa: E402
from planner.pay.workbook import WorkbookInfo, build_workbook, save_atomically  # noqa: E402


def build_database(path: Path, volunteers: int, years: int, first: date) -> datetime:
    db = open_database(path, create=True)
    rng = random.Random(7)
    with db.transaction() as session:
        sites = list(session.exec(select(Site)))
        people = []
        for n in range(volunteers):
            role = "leader" if n % 10 == 0 else "engineer"
            v = Volunteer(
                name=f"Volunteer {n:03d}",
                email=f"v{n:03d}@example.com",
                site_id=sites[n % len(sites)].id,
                role=role,
                status="on_tour",
            )
            session.add(v)
            people.append(v)
        session.flush()
        cal = home_calendar(session)
        weeks = 52 * years + years // 4
        engineers = [p for p in people if p.role == "engineer"]
        leaders = [p for p in people if p.role == "leader"]
        for rotation, pool in (("Primary", engineers), ("Escalation L2", leaders)):
            rid = rotation_by_name(session, rotation).id
            for start, end in slots(cal, first, weeks):
                shift = Shift(
                    rotation_id=rid,
                    slot_start=start,
                    slot_end=end,
                    volunteer_id=rng.choice(pool).id,
                    state="published",
                )
                session.add(shift)
                session.flush()
                for _ in range(rng.choice([0, 0, 0, 1, 2])):
                    at = start + timedelta(hours=rng.randrange(0, 160))
                    session.add(
                        Cover(
                            shift_id=shift.id,
                            volunteer_id=rng.choice(pool).id,
                            start=at,
                            end=at + timedelta(hours=rng.randrange(2, 24)),
                        )
                    )
                for _ in range(rng.randrange(0, 4)):
                    session.add(
                        Page(
                            at=start + timedelta(minutes=rng.randrange(0, 7 * 24 * 60)),
                            responder_id=shift.volunteer_id,
                            minutes=rng.randrange(5, 90),
                            night=False,
                            shift_id=shift.id,
                        )
                    )
        end = slots(cal, first, weeks)[-1][1]
    add_audit_log(db, rng, first, years)
    db.close()
    return end


# The kinds of change the app writes, with their details, in the mix a coordinator makes
# over the years (most are shifts assigned, covers and pages; a few are settings).
AUDIT_MIX = (
    (30, "shift assigned", "shift"),
    (15, "cover recorded", "shift"),
    (20, "page logged", "page"),
    (8, "page follow-up", "page"),
    (6, "volunteer updated", "volunteer"),
    (5, "unavailability added", "volunteer"),
    (4, "rest granted", "volunteer"),
    (3, "tour created", "tour"),
    (3, "shifts swapped", "shift"),
    (2, "cover removed", "shift"),
    (2, "status changed", "volunteer"),
    (1, "setting.change", "setting"),
    (1, "rota published", "shift"),
)
AUDIT_PER_YEAR = 2000  # 20,000 entries over 10 years


def add_audit_log(db, rng: random.Random, first: date, years: int) -> int:  # type: ignore[no-untyped-def]
    """A realistic audit log: ``AUDIT_PER_YEAR`` entries a year, of the kinds the app
    writes, about the database's own people, shifts and pages, written in one insert."""
    import json

    from sqlalchemy import insert

    from planner.core.models import AuditEntry

    with db.transaction() as session:
        people = [(v.id, v.email) for v in session.exec(select(Volunteer))]
        shifts = [(s.id, s.slot_start) for s in session.exec(select(Shift))]
        pages = [p for p in session.exec(select(Page.id))]
        weights = [w for w, _a, _e in AUDIT_MIX]
        start = datetime.combine(first, datetime.min.time(), UTC)
        seconds = int((timedelta(days=365 * years)).total_seconds())
        rows = []
        for _ in range(AUDIT_PER_YEAR * years):
            _w, action, entity = rng.choices(AUDIT_MIX, weights)[0]
            at = start + timedelta(seconds=rng.randrange(seconds))
            vid, email = rng.choice(people)
            sid, slot = rng.choice(shifts)
            entity_id: int | None
            if entity == "shift":
                entity_id = sid
                detail = {"email": email, "override": False, "slot_start": slot}
                if action == "cover recorded":
                    detail = {"email": email, "start": slot, "end": slot + timedelta(hours=8)}
                elif action == "shifts swapped":
                    detail = {"other": rng.choice(shifts)[0]}
                elif action == "cover removed":
                    detail = {"cover": rng.randrange(1, 5000)}
                elif action == "rota published":
                    entity_id, detail = None, {"start": slot.date(), "weeks": 4, "count": 8}
            elif entity == "page":
                entity_id = rng.choice(pages) if pages else None
                detail = {"responder": email, "at": at}
                if action == "page follow-up":
                    detail = {"team": "Platform", "link": "", "state": "open", "was": "none"}
            elif entity == "volunteer":
                entity_id = vid
                detail = {
                    "volunteer updated": {"changed": {"phone": ["", "+353 1 555 0100"]}},
                    "unavailability added": {"first": at.date(), "last": at.date()},
                    "rest granted": {"day": at.date(), "half_days": 2},
                    "status changed": {"status_from": "on_tour", "status_to": "resting"},
                }[action]
            elif entity == "tour":
                entity_id = None
                detail = {"email": email, "start": at.date(), "end": at.date()}
            else:
                entity_id, detail = None, {"key": "week_start", "old": "monday", "new": "monday"}
            rows.append(
                {
                    "at": at,
                    "os_user": "coordinator",
                    "action": action,
                    "entity": entity,
                    "entity_id": entity_id,
                    "detail": json.dumps(detail, default=str, sort_keys=True),
                }
            )
        session.execute(insert(AuditEntry), rows)
    return len(rows)


def bare_write(path: Path, sheets: list[tuple[str, list[list[object]]]]) -> None:
    """The same cells, sheet by sheet, with no styles, formats or widths."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)


def best_of(runs: int, func) -> float:  # type: ignore[no-untyped-def]
    """The fastest of ``runs`` timings: the least disturbed by the machine."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    first = date(2020, 1, 1)  # the seed fees are in force from 2020-01-01
    folder = Path(tempfile.mkdtemp(prefix="payroll-bench-"))
    path = folder / "bench.db"
    t0 = time.perf_counter()
    end = build_database(path, args.volunteers, args.years, first)
    now = end + timedelta(days=1)
    print(
        f"built {args.volunteers} volunteers, {args.years} years in {time.perf_counter() - t0:.1f} s"
    )
    db = open_database(path)
    with db.session() as session:
        print(
            f"shifts: {len(session.exec(select(Shift.id)).all())}, "
            f"covers: {len(session.exec(select(Cover.id)).all())}, "
            f"pages: {len(session.exec(select(Page.id)).all())}"
        )
    # Close every month of the first years, so building checks them all for corrections.
    last_year = first.year + args.years - 1
    month = Month(first.year, 1)
    t0 = time.perf_counter()
    with db.transaction() as session:
        while month < Month(last_year, 1):
            pay_runs.build_run(session, month, now)
            pay_runs.mark_exported(session, month, now)
            pay_runs.close_run(session, month, now)
            month = month.next()
    print(f"closed {args.years - 1} years of runs in {time.perf_counter() - t0:.1f} s")

    # The first open month: building it checks every closed run for late corrections.
    target = Month(last_year, 1)
    with db.transaction() as session:
        t0 = time.perf_counter()
        pay_runs.build_run(session, target, now)
        month_build = time.perf_counter() - t0
        lines = pay_runs.stored_lines(session, pay_runs.get_run(session, target))
        t0 = time.perf_counter()
        info = WorkbookInfo(
            str(target),
            "draft",
            date(last_year, 6, 1),
            date(last_year, 6, 30),
            "Europe/Dublin",
            datetime.now(UTC),
        )
        save_atomically(build_workbook(info, lines, []), folder / "month.xlsx")
        month_export = time.perf_counter() - t0
        session.rollback()
    print(
        f"month {target}: {len(lines)} lines; build {month_build:.3f} s, export "
        f"{month_export:.3f} s, total {month_build + month_export:.3f} s (target < 0.5 s)"
    )

    with db.session() as session:
        t0 = time.perf_counter()
        year_lines = []
        month = Month(last_year, 1)
        for _ in range(12):
            year_lines += pay_runs.desired_lines(session, month, now)
            month = month.next()
        year_build = time.perf_counter() - t0
    info = WorkbookInfo(
        str(last_year),
        "draft",
        date(last_year, 1, 1),
        date(last_year, 12, 31),
        "Europe/Dublin",
        datetime.now(UTC),
    )
    workbook = build_workbook(info, year_lines, [])
    year_export = best_of(
        5, lambda: save_atomically(build_workbook(info, year_lines, []), folder / "year.xlsx")
    )
    sheets = [
        (ws.title, [[c.value for c in row] for row in ws.iter_rows()]) for ws in workbook.worksheets
    ]
    cells = sum(len(r) for _t, rows in sheets for r in rows)
    bare = best_of(5, lambda: bare_write(folder / "bare.xlsx", sheets))
    print(
        f"year {last_year}: {len(year_lines)} lines; build {year_build:.3f} s, export "
        f"{year_export:.3f} s (best of 5), bare openpyxl write of the same {cells} cells "
        f"{bare:.3f} s, ratio {year_export / bare:.2f} (target <= 2)"
    )
    db.close()


if __name__ == "__main__":
    main()

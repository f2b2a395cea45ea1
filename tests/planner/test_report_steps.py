"""monthly_report's named steps on the demo: weeks, page counts, people, offices."""

from __future__ import annotations

from datetime import UTC, date, datetime

from planner.core.db import Database
from planner.outputs import report
from planner.outputs.report import month_bounds

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
MONTH = date(2026, 10, 1)


def test_the_steps_make_up_the_report(demo_db: Database) -> None:
    with demo_db.session() as session:
        ctx = report._Context(session)
        start, end = month_bounds(ctx.cal, MONTH)
        shifts, pages = ctx.shifts(start, end), ctx.pages(start, end)
        weeks = report._week_rows(ctx, pages, start, end)
        by_rotation, by_office = report._page_counts(ctx, pages, shifts)
        people = report._people_rows(session, ctx, MONTH, shifts, pages, NOW)
        offices = report._office_loads(ctx, people)
        whole = report.monthly_report(session, MONTH, now=NOW)
    assert pages and people  # the demo has an October of pages and shifts
    # every week touching October is listed, pages or not, and every page is in one
    assert [w.start for w in weeks] == sorted(w.start for w in weeks)
    assert len(weeks) in (5, 6) and sum(w.pages for w in weeks) == len(pages)
    assert sum(r.pages for r in by_rotation) == sum(o.pages for o in by_office) == len(pages)
    assert [r.name for r in by_rotation][:2] == ["Primary", "Escalation L2"]
    # people: most hours first; offices: the sums of their people
    assert [p.ooh_hours for p in people] == sorted((p.ooh_hours for p in people), reverse=True)
    for office in offices:
        mine = [p for p in people if p.site == office.site]
        assert office.shifts == sum(p.shifts for p in mine)
        assert office.pages == sum(p.pages for p in mine)
    assert (whole.weeks, whole.people, whole.offices) == (weeks, tuple(people), tuple(offices))

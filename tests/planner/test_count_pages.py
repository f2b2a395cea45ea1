"""The Rest screen's summary counts: every page and every night page (the night count once
came back as 1 whatever the number, a sum typed like the Boolean column)."""

from __future__ import annotations

from planner.pay import pages


def test_count_pages_counts_every_night_page(demo_db) -> None:
    with demo_db.session() as s:
        rows = pages.list_pages(s)
        total, nights = pages.count_pages(s)
    assert total == len(rows)
    assert nights == sum(1 for r in rows if r.night)
    assert nights > 1

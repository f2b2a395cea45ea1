"""A span's end is exclusive: its last day is the day before (tours, pay periods)."""

from datetime import date

from planner.core.days import end_after, last_day


def test_last_day_is_the_day_before_the_exclusive_end_across_month_and_leap_day() -> None:
    assert last_day(date(2027, 3, 1)) == date(2027, 2, 28)
    assert last_day(date(2028, 3, 1)) == date(2028, 2, 29)
    assert last_day(date(2027, 1, 1)) == date(2026, 12, 31)


def test_end_after_undoes_last_day() -> None:
    for end in (date(2027, 3, 1), date(2028, 2, 29), date(2027, 1, 1)):
        assert end_after(last_day(end)) == end

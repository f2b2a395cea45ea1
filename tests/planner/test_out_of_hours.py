"""Out-of-hours time, windows and slots of the home site (planner.core.out_of_hours).

Every expected figure is worked out by hand in a comment next to it. Office hours are the
defaults: Mon-Fri 09:00-18:00 local, 9 h a day, 45 h in a week without holidays; handover is
Friday 18:00 local, so a slot holds the Friday evening it starts on, the weekend, Mon-Thu
and the whole of the next Friday's office day (which ends exactly at the next handover).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner.core.out_of_hours import (
    DailyWindow,
    HomeCalendar,
    clip,
    first_handover_on_or_after,
    handover_at,
    intersect,
    local_to_utc,
    merge,
    office_intervals,
    ooh_minutes,
    out_of_hours,
    paid_intervals,
    slot_containing,
    slot_for_handover,
    slots,
    subtract,
    to_local,
    total_minutes,
    week_label,
    window_intervals,
)
from tests.mutation import UNDER_MUTATION, examples

DUBLIN = HomeCalendar(timezone="Europe/Dublin", holiday_country="IE")
LONDON = HomeCalendar(timezone="Europe/London", holiday_country="GB")
SAN_FRANCISCO = HomeCalendar(
    timezone="America/Los_Angeles", holiday_country="US", holiday_subdivision="CA"
)

HOUR = 60  # minutes
NIGHTS = (DailyWindow(time(18, 0), time(2, 0)),)  # 18:00-02:00, wraps past midnight


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def hours(interval: tuple[datetime, datetime]) -> float:
    start, end = interval
    return (end - start) / timedelta(hours=1)


def slot_ooh_hours(cal: HomeCalendar, handover_day: date, windows=()) -> float:
    start, end = slot_for_handover(cal, handover_day)
    return ooh_minutes(cal, start, end, windows) / HOUR


# ---------------------------------------------------------------------------
# Weekly slots, Dublin


def test_ordinary_week_dublin():
    # Handover Fri 2027-03-05 18:00 GMT -> Fri 2027-03-12 18:00 GMT: no clock change (EU
    # summer time starts 2027-03-28) and no IE holiday (St Patrick's Day is 17 March).
    slot = slot_for_handover(DUBLIN, date(2027, 3, 5))
    assert slot == (utc(2027, 3, 5, 18), utc(2027, 3, 12, 18))
    assert hours(slot) == 168
    assert DUBLIN.holidays_between(date(2027, 3, 5), date(2027, 3, 13)) == []
    # Office days in the slot: Mon 8 .. Fri 12 = 5 x 9 h = 45 h; 168 - 45 = 123 h = 7380 min.
    assert ooh_minutes(DUBLIN, *slot) == 7380
    assert total_minutes(office_intervals(DUBLIN, *slot)) == 45 * HOUR


def test_ordinary_week_is_out_of_hours_on_weeknights_and_weekend():
    # The OOH time of the slot is: Fri 18:00 -> Mon 09:00 (63 h), four weeknights
    # Mon-Thu 18:00 -> 09:00 (15 h each) and nothing after Fri 09:00 -> 18:00 (office).
    start, end = slot_for_handover(DUBLIN, date(2027, 3, 5))
    got = out_of_hours(DUBLIN, start, end)
    assert got[0] == (utc(2027, 3, 5, 18), utc(2027, 3, 8, 9))
    assert [hours(iv) for iv in got] == [63, 15, 15, 15, 15]
    assert sum(hours(iv) for iv in got) == 123
    assert got[-1] == (utc(2027, 3, 11, 18), utc(2027, 3, 12, 9))


def test_spring_forward_week_dublin_without_holiday():
    # 2026: clocks go forward Sun 2026-03-29 01:00 GMT -> 02:00 IST. Slot Fri 2026-03-27
    # 18:00 GMT (18:00 UTC) -> Fri 2026-04-03 18:00 IST (17:00 UTC) = 167 h. Easter Monday
    # 2026 is 6 April, outside the slot, so no holiday: OOH = 167 - 5 x 9 = 122 h.
    slot = slot_for_handover(DUBLIN, date(2026, 3, 27))
    assert slot == (utc(2026, 3, 27, 18), utc(2026, 4, 3, 17))
    assert hours(slot) == 167
    assert DUBLIN.holidays_between(date(2026, 3, 27), date(2026, 4, 4)) == []
    assert slot_ooh_hours(DUBLIN, date(2026, 3, 27)) == 122


def test_spring_forward_week_dublin_2027_holds_easter_monday():
    # 2027: clocks go forward Sun 2027-03-28. Slot Fri 2027-03-26 18:00 GMT -> Fri
    # 2027-04-02 18:00 IST = 167 h. The brief's "167 - 45 = 122 h" misses that Easter
    # Sunday 2027 is 28 March, so Mon 2027-03-29 is Easter Monday, an IE public holiday
    # (Good Friday, 26 March, is not one in Ireland). Office days: Tue 30 .. Fri 2 April
    # = 4 x 9 = 36 h, so OOH = 167 - 36 = 131 h.
    slot = slot_for_handover(DUBLIN, date(2027, 3, 26))
    assert hours(slot) == 167
    assert DUBLIN.holiday_name(date(2027, 3, 29)) == "Easter Monday"
    assert not DUBLIN.is_holiday(date(2027, 3, 26))
    assert DUBLIN.holidays_between(date(2027, 3, 26), date(2027, 4, 3)) == [date(2027, 3, 29)]
    assert slot_ooh_hours(DUBLIN, date(2027, 3, 26)) == 131
    # The first stretch runs Fri 18:00 GMT -> Tue 30 09:00 IST (08:00 UTC): 63 h of
    # weekend, minus the lost DST hour, plus the 24 h Easter Monday = 86 h.
    first = out_of_hours(DUBLIN, *slot)[0]
    assert first == (utc(2027, 3, 26, 18), utc(2027, 3, 30, 8))
    assert hours(first) == 86


def test_fall_back_week_dublin():
    # Clocks go back Sun 2027-10-31 02:00 IST -> 01:00 GMT. Slot Fri 2027-10-29 18:00 IST
    # (17:00 UTC) -> Fri 2027-11-05 18:00 GMT (18:00 UTC) = 169 h. The October bank
    # holiday is Mon 25 October, in the previous slot. OOH = 169 - 5 x 9 = 124 h.
    slot = slot_for_handover(DUBLIN, date(2027, 10, 29))
    assert slot == (utc(2027, 10, 29, 17), utc(2027, 11, 5, 18))
    assert hours(slot) == 169
    assert DUBLIN.holidays_between(date(2027, 10, 29), date(2027, 11, 6)) == []
    assert slot_ooh_hours(DUBLIN, date(2027, 10, 29)) == 124


def test_bank_holiday_monday_week_dublin():
    # Slot Fri 2027-04-30 18:00 IST -> Fri 2027-05-07 18:00 IST = 168 h. Mon 2027-05-03 is
    # the May bank holiday (checked against the holidays package below), so its office
    # hours are out-of-hours too: office days Tue 4 .. Fri 7 = 4 x 9 = 36 h;
    # OOH = 168 - 36 = 132 h.
    assert DUBLIN.holiday_name(date(2027, 5, 3)) == "May Bank Holiday"
    assert hours(slot_for_handover(DUBLIN, date(2027, 4, 30))) == 168
    assert slot_ooh_hours(DUBLIN, date(2027, 4, 30)) == 132


def test_christmas_week_2027_dublin():
    # The holidays package lists IE 2027 Christmas as Sat 25 Dec (Christmas Day) and Sun 26
    # Dec (St Stephen's Day) and no substitute days: Irish law gives no automatic next
    # working day off when a public holiday falls on a weekend (unlike GB, whose calendar
    # has 27 and 28 Dec "(observed)"). Both holidays fall on the weekend, which is
    # out-of-hours anyway. Slot Fri 2027-12-24 18:00 -> Fri 2027-12-31 18:00 (168 h):
    # office days Mon 27 .. Fri 31 = 5 x 9 = 45 h; OOH = 168 - 45 = 123 h, like an
    # ordinary week.
    assert DUBLIN.holidays_between(date(2027, 12, 24), date(2028, 1, 1)) == [
        date(2027, 12, 25),
        date(2027, 12, 26),
    ]
    assert not DUBLIN.is_holiday(date(2027, 12, 27))
    assert not DUBLIN.is_holiday(date(2027, 12, 28))
    assert slot_ooh_hours(DUBLIN, date(2027, 12, 24)) == 123
    # A London home would see the observed days: office Wed 29 .. Fri 31 = 27 h;
    # OOH = 168 - 27 = 141 h.
    assert LONDON.holiday_name(date(2027, 12, 27)) == "Christmas Day (observed)"
    assert slot_ooh_hours(LONDON, date(2027, 12, 24)) == 141


def test_christmas_weeks_2026_dublin():
    # 2026: Christmas Day is Fri 25 Dec, St Stephen's Day Sat 26, New Year's Day Fri 1 Jan.
    # Slot Fri 18 Dec -> Fri 25 Dec 18:00: the office day of Fri 25 is a holiday; office
    # days Mon 21 .. Thu 24 = 36 h; OOH = 168 - 36 = 132 h.
    assert slot_ooh_hours(DUBLIN, date(2026, 12, 18)) == 132
    # Slot Fri 25 Dec 18:00 -> Fri 1 Jan 18:00: the 25th's office hours ended before the
    # handover (and were out-of-hours anyway); Sat 26 is a weekend; Fri 1 Jan is a
    # holiday; office days Mon 28 .. Thu 31 = 36 h; OOH = 168 - 36 = 132 h.
    assert slot_ooh_hours(DUBLIN, date(2026, 12, 25)) == 132


def test_us_dst_week_is_an_ordinary_week_in_dublin_but_holds_st_patricks_day():
    # US clocks change on 2027-03-14, Europe's not until 28 March: the Dublin slot
    # Fri 2027-03-12 -> Fri 2027-03-19 stays 168 h. Wed 17 March is St Patrick's Day,
    # so office days are Mon, Tue, Thu, Fri = 36 h; OOH = 168 - 36 = 132 h.
    assert hours(slot_for_handover(DUBLIN, date(2027, 3, 12))) == 168
    assert DUBLIN.holiday_name(date(2027, 3, 17)) == "Saint Patrick's Day"
    assert slot_ooh_hours(DUBLIN, date(2027, 3, 12)) == 132


# ---------------------------------------------------------------------------
# A US home: the code is not Europe-specific


def test_us_spring_forward_week_los_angeles():
    # US clocks go forward Sun 2027-03-14 02:00 PST -> 03:00 PDT. Slot Fri 2027-03-12
    # 18:00 PST (Sat 02:00 UTC) -> Fri 2027-03-19 18:00 PDT (Sat 01:00 UTC) = 167 h.
    # No US/CA holiday in it (Cesar Chavez Day is 31 March): OOH = 167 - 45 = 122 h.
    slot = slot_for_handover(SAN_FRANCISCO, date(2027, 3, 12))
    assert slot == (utc(2027, 3, 13, 2), utc(2027, 3, 20, 1))
    assert hours(slot) == 167
    assert SAN_FRANCISCO.holidays_between(date(2027, 3, 12), date(2027, 3, 20)) == []
    assert slot_ooh_hours(SAN_FRANCISCO, date(2027, 3, 12)) == 122


def test_us_fall_back_week_los_angeles_with_veterans_day():
    # US clocks go back Sun 2027-11-07 02:00 PDT -> 01:00 PST. Slot Fri 2027-11-05 ->
    # Fri 2027-11-12 = 169 h. Thu 11 Nov is Veterans Day (US holiday): office days
    # Mon 8, Tue 9, Wed 10, Fri 12 = 36 h; OOH = 169 - 36 = 133 h.
    assert hours(slot_for_handover(SAN_FRANCISCO, date(2027, 11, 5))) == 169
    assert SAN_FRANCISCO.holiday_name(date(2027, 11, 11)) == "Veterans Day"
    assert slot_ooh_hours(SAN_FRANCISCO, date(2027, 11, 5)) == 133


def test_european_dst_week_is_ordinary_in_los_angeles():
    # The EU change on 2027-03-28 does not touch a Los Angeles slot Fri 26 Mar -> Fri 2 Apr:
    # 168 h, and no US/CA holiday in it except Cesar Chavez Day, Wed 31 March (CA), so
    # office days are 4 x 9 = 36 h; OOH = 168 - 36 = 132 h.
    assert hours(slot_for_handover(SAN_FRANCISCO, date(2027, 3, 26))) == 168
    assert SAN_FRANCISCO.holiday_name(date(2027, 3, 31)) == "Cesar Chavez Day"
    assert slot_ooh_hours(SAN_FRANCISCO, date(2027, 3, 26)) == 132


# ---------------------------------------------------------------------------
# Rotation windows


def test_night_window_on_an_ordinary_week():
    # Window 18:00-02:00 = 8 h a night, all of it out-of-hours (after office end, or at
    # the weekend). The slot Fri 5 Mar 18:00 -> Fri 12 Mar 18:00 holds the nights that start
    # Fri 5 .. Thu 11 = 7 nights; the night starting Fri 12 at 18:00 begins at the slot end.
    # 7 x 8 h = 56 h = 3360 min.
    start, end = slot_for_handover(DUBLIN, date(2027, 3, 5))
    assert ooh_minutes(DUBLIN, start, end, NIGHTS) == 3360
    got = paid_intervals(DUBLIN, start, end, NIGHTS)
    assert len(got) == 7
    assert got[0] == (utc(2027, 3, 5, 18), utc(2027, 3, 6, 2))
    assert got[-1] == (utc(2027, 3, 11, 18), utc(2027, 3, 12, 2))


def test_night_window_across_dst_changes():
    # Spring (Dublin, 2026-03-29): the night Sat 28 18:00 GMT -> Sun 29 02:00 IST lasts 7 h
    # (01:00-02:00 does not exist), the other six nights 8 h: 6 x 8 + 7 = 55 h.
    assert slot_ooh_hours(DUBLIN, date(2026, 3, 27), NIGHTS) == 55
    # Autumn (Dublin, 2027-10-31): Sat 30 18:00 IST -> Sun 31 02:00 GMT lasts 9 h
    # (01:00-02:00 happens twice): 6 x 8 + 9 = 57 h.
    assert slot_ooh_hours(DUBLIN, date(2027, 10, 29), NIGHTS) == 57
    # Los Angeles spring (2027-03-14): the gap is 02:00-03:00, so the window's end 02:00
    # falls exactly on the gap and maps to the transition (10:00 UTC); Sat 13 18:00 PST
    # (Sun 02:00 UTC) -> 10:00 UTC is a full 8 h night: 7 x 8 = 56 h.
    assert slot_ooh_hours(SAN_FRANCISCO, date(2027, 3, 12), NIGHTS) == 56


def test_day_window_on_bank_holiday_week_counts_only_weekend_and_holiday_days():
    # Window 09:00-18:00 overlaps out-of-hours only where office hours are off: Sat 1 May,
    # Sun 2 May and Mon 3 May (bank holiday), 9 h each = 27 h.
    days = (DailyWindow(time(9, 0), time(18, 0)),)
    assert slot_ooh_hours(DUBLIN, date(2027, 4, 30), days) == 27


def test_window_with_a_boundary_inside_the_gap_covers_only_existing_times():
    # Window 00:00-01:30 on Sun 2026-03-29 in Dublin: 01:00-02:00 local does not exist, so
    # the window is 00:00-01:00 GMT = 1 h that night (the 01:30 end maps forward to the
    # transition at 01:00 UTC), 1.5 h on other nights.
    w = (DailyWindow(time(0, 0), time(1, 30)),)
    night = window_intervals(DUBLIN, w, utc(2026, 3, 28, 12), utc(2026, 3, 29, 12))
    assert night == [(utc(2026, 3, 29, 0), utc(2026, 3, 29, 1))]
    # On the fall-back night 01:30 is ambiguous and takes the first occurrence (IST, fold=0):
    # 00:00 IST (23:00 UTC Sat) -> 01:30 IST (00:30 UTC) = 1.5 h.
    night = window_intervals(DUBLIN, w, utc(2027, 10, 30, 12), utc(2027, 10, 31, 12))
    assert night == [(utc(2027, 10, 30, 23), utc(2027, 10, 31, 0, 30))]


def test_all_day_window_and_no_window_cover_everything():
    start, end = slot_for_handover(DUBLIN, date(2027, 3, 5))
    everything = [(start, end)]
    assert window_intervals(DUBLIN, (), start, end) == everything
    assert window_intervals(DUBLIN, (DailyWindow(time(0), time(0)),), start, end) == everything
    # An all-day window changes nothing: still 123 h of OOH.
    assert ooh_minutes(DUBLIN, start, end, (DailyWindow(time(7), time(7)),)) == 123 * HOUR


def test_overlapping_windows_are_not_counted_twice():
    # 18:00-02:00 and 22:00-06:00 together cover 18:00-06:00 = 12 h a night, 7 nights in
    # the ordinary week = 84 h (all out-of-hours).
    w = (DailyWindow(time(18), time(2)), DailyWindow(time(22), time(6)))
    assert slot_ooh_hours(DUBLIN, date(2027, 3, 5), w) == 84


# ---------------------------------------------------------------------------
# Handovers, slot lookup, labels


def test_handover_and_slot_helpers():
    # Friday 2027-03-12 is a handover day; from Saturday 13 the next one is Friday 19.
    assert first_handover_on_or_after(DUBLIN, date(2027, 3, 12)) == date(2027, 3, 12)
    assert first_handover_on_or_after(DUBLIN, date(2027, 3, 13)) == date(2027, 3, 19)
    # 18:00 GMT in winter is 18:00 UTC; 18:00 IST in summer is 17:00 UTC.
    assert handover_at(DUBLIN, date(2027, 3, 12)) == utc(2027, 3, 12, 18)
    assert handover_at(DUBLIN, date(2027, 7, 2)) == utc(2027, 7, 2, 17)
    week = slots(DUBLIN, date(2027, 3, 10), 3)
    assert [s for s, _ in week] == [
        utc(2027, 3, 12, 18),
        utc(2027, 3, 19, 18),
        utc(2027, 3, 26, 18),
    ]
    assert week[-1][1] == utc(2027, 4, 2, 17)  # after the spring change
    assert slots(DUBLIN, date(2027, 3, 10), 0) == []
    assert week_label(DUBLIN, week[0][0]) == "week of 2027-03-12"
    assert to_local(DUBLIN, week[-1][1]) == datetime(
        2027, 4, 2, 18, tzinfo=ZoneInfo("Europe/Dublin")
    )
    with pytest.raises(ValueError, match="handover weekday"):
        slot_for_handover(DUBLIN, date(2027, 3, 13))


def test_slot_containing_at_the_boundaries():
    h = handover_at(DUBLIN, date(2027, 3, 12))
    # The handover instant itself starts the new slot; a microsecond before is the old one.
    assert slot_containing(DUBLIN, h) == slot_for_handover(DUBLIN, date(2027, 3, 12))
    assert slot_containing(DUBLIN, h - timedelta(microseconds=1)) == slot_for_handover(
        DUBLIN, date(2027, 3, 5)
    )
    # Friday morning local belongs to the slot that started the Friday before.
    friday_morning = datetime(2027, 3, 19, 10, tzinfo=ZoneInfo("Europe/Dublin"))
    assert slot_containing(DUBLIN, friday_morning)[0] == h
    # A Los Angeles Friday 20:00 PST is Saturday 04:00 UTC, but is still the Friday slot.
    late = datetime(2027, 3, 6, 4, tzinfo=UTC)
    assert slot_containing(SAN_FRANCISCO, late) == slot_for_handover(
        SAN_FRANCISCO, date(2027, 3, 5)
    )


# ---------------------------------------------------------------------------
# Local time conversion and interval helpers


def test_local_to_utc_gap_and_fold():
    # 01:30 on 2027-03-28 does not exist in Dublin: it maps forward to the transition
    # (01:00 UTC = 02:00 IST). 01:30 on 2027-10-31 happens twice: fold=0 is IST (00:30 UTC).
    assert local_to_utc("Europe/Dublin", date(2027, 3, 28), time(1, 30)) == utc(2027, 3, 28, 1)
    assert local_to_utc("Europe/Dublin", date(2027, 10, 31), time(1, 30)) == utc(
        2027, 10, 31, 0, 30
    )
    # Los Angeles gap 02:00-03:00 on 2027-03-14: 02:30 maps to 03:00 PDT = 10:00 UTC.
    assert local_to_utc("America/Los_Angeles", date(2027, 3, 14), time(2, 30)) == utc(
        2027, 3, 14, 10
    )


def test_interval_helpers():
    a = [(utc(2027, 1, 1, 0), utc(2027, 1, 1, 10)), (utc(2027, 1, 1, 12), utc(2027, 1, 1, 14))]
    b = [(utc(2027, 1, 1, 9), utc(2027, 1, 1, 13))]
    assert intersect(a, b) == [
        (utc(2027, 1, 1, 9), utc(2027, 1, 1, 10)),
        (utc(2027, 1, 1, 12), utc(2027, 1, 1, 13)),
    ]
    assert subtract(a, b) == [
        (utc(2027, 1, 1, 0), utc(2027, 1, 1, 9)),
        (utc(2027, 1, 1, 13), utc(2027, 1, 1, 14)),
    ]
    assert clip(a, utc(2027, 1, 1, 5), utc(2027, 1, 1, 13)) == [
        (utc(2027, 1, 1, 5), utc(2027, 1, 1, 10)),
        (utc(2027, 1, 1, 12), utc(2027, 1, 1, 13)),
    ]
    assert merge(a + b) == [(utc(2027, 1, 1, 0), utc(2027, 1, 1, 14))]
    # 10 h + 2 h = 720 min; seconds beyond whole minutes are dropped, not rounded.
    assert total_minutes(a) == 720
    assert total_minutes([(utc(2027, 1, 1), utc(2027, 1, 1, 0, 1, 59))]) == 1
    assert total_minutes([]) == 0


def test_out_of_hours_accepts_any_aware_zone_and_empty_ranges():
    # Mon 2027-03-08 08:00-10:00 Dublin (= UTC in winter): only 08:00-09:00 is out-of-hours.
    tz = ZoneInfo("Europe/Dublin")
    got = out_of_hours(
        DUBLIN, datetime(2027, 3, 8, 8, tzinfo=tz), datetime(2027, 3, 8, 10, tzinfo=tz)
    )
    assert got == [(utc(2027, 3, 8, 8), utc(2027, 3, 8, 9))]
    assert out_of_hours(DUBLIN, utc(2027, 3, 8), utc(2027, 3, 8)) == []
    with pytest.raises(ValueError, match="before start"):
        out_of_hours(DUBLIN, utc(2027, 3, 9), utc(2027, 3, 8))


def test_naive_datetimes_are_rejected():
    naive = datetime(2027, 3, 8, 12)
    aware = utc(2027, 3, 9)
    with pytest.raises(ValueError, match="start"):
        out_of_hours(DUBLIN, naive, aware)
    with pytest.raises(ValueError, match="end"):
        out_of_hours(DUBLIN, utc(2027, 3, 7), naive)
    with pytest.raises(ValueError, match="start"):
        window_intervals(DUBLIN, NIGHTS, naive, aware)
    with pytest.raises(ValueError, match="end"):
        ooh_minutes(DUBLIN, utc(2027, 3, 7), naive)
    with pytest.raises(ValueError, match="start"):
        clip([], naive, aware)
    with pytest.raises(ValueError, match="instant"):
        slot_containing(DUBLIN, naive)
    with pytest.raises(ValueError, match="instant"):
        to_local(DUBLIN, naive)


def test_calendar_validation_and_holiday_lookups():
    with pytest.raises(ValueError, match="time zone"):
        HomeCalendar(timezone="Europe/Nowhere")
    with pytest.raises(ValueError, match="office hours"):
        HomeCalendar(timezone="Europe/Dublin", office_start=time(18), office_end=time(9))
    assert DUBLIN.holiday_name(date(2027, 3, 18)) is None
    # Across a year boundary: New Year's Day 2028 (Sat) and the Christmas days of 2027.
    assert DUBLIN.holidays_between(date(2027, 12, 20), date(2028, 1, 5)) == [
        date(2027, 12, 25),
        date(2027, 12, 26),
        date(2028, 1, 1),
    ]


# ---------------------------------------------------------------------------
# Property: slots tile the range and share out-of-hours time without gap or overlap


CALENDARS = [DUBLIN, LONDON, SAN_FRANCISCO]


@settings(max_examples=examples(60), derandomize=UNDER_MUTATION, deadline=None)
@given(
    start_day=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    weeks=st.integers(min_value=1, max_value=10),
    cal=st.sampled_from(CALENDARS),
    use_window=st.booleans(),
)
# Random ranges may miss the clock changes, so the DST weeks are always tried as well:
# EU spring forward 2027-03-28 and fall back 2027-10-31 (Dublin, London); US spring forward
# 2027-03-14 and fall back 2027-11-07 (San Francisco); a Dublin range across both the US and
# the EU spring changes.
@example(start_day=date(2027, 3, 22), weeks=2, cal=DUBLIN, use_window=False)
@example(start_day=date(2027, 10, 25), weeks=2, cal=LONDON, use_window=True)
@example(start_day=date(2027, 3, 8), weeks=2, cal=SAN_FRANCISCO, use_window=True)
@example(start_day=date(2027, 11, 1), weeks=2, cal=SAN_FRANCISCO, use_window=False)
@example(start_day=date(2027, 3, 1), weeks=6, cal=DUBLIN, use_window=True)
def test_slots_tile_and_partition_out_of_hours(start_day, weeks, cal, use_window):
    week = slots(cal, start_day, weeks)
    assert len(week) == weeks
    first, last = week[0][0], week[-1][1]
    # Consecutive, no gap, no overlap; each 167, 168 or 169 h; starts at local handover.
    for (_, end), (next_start, _) in zip(week, week[1:], strict=False):
        assert end == next_start
    for s, e in week:
        assert hours((s, e)) in (167, 168, 169)
        local = to_local(cal, s)
        assert local.weekday() == cal.handover_weekday
        assert local.time() == cal.handover_time
        assert slot_containing(cal, s) == (s, e)
        assert slot_containing(cal, e - timedelta(seconds=1)) == (s, e)

    whole = out_of_hours(cal, first, last)
    per_slot = [out_of_hours(cal, s, e) for s, e in week]
    assert sum(ooh_minutes(cal, s, e) for s, e in week) == total_minutes(whole)
    # Disjoint: the per-slot pieces, in order, never overlap ...
    pieces = [iv for part in per_slot for iv in part]
    for (_, end), (next_start, _) in zip(pieces, pieces[1:], strict=False):
        assert end <= next_start
    # ... and their union is the whole-range list.
    assert merge(pieces) == whole

    # With a window the paid time is split between the slots in the same way.
    windows = NIGHTS if use_window else ()
    paid_whole = paid_intervals(cal, first, last, windows)
    assert sum(ooh_minutes(cal, s, e, windows) for s, e in week) == total_minutes(paid_whole)
    assert total_minutes(paid_whole) <= total_minutes(whole)


# ---------------------------------------------------------------------------
# Added for mutation testing (tests/MUTANTS.md): refusals name what is wrong; every hour
# of a week finds its slot.


def test_a_daily_window_names_a_bad_boundary():
    with pytest.raises(TypeError, match=r"^DailyWindow\.start must be a datetime\.time, got '18"):
        DailyWindow("18:00", time(2))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^DailyWindow\.end must be a naive wall-clock time$"):
        DailyWindow(time(18), time(2, tzinfo=UTC))


def test_a_naive_instant_is_refused_by_name():
    with pytest.raises(ValueError, match=r"^instant must be timezone-aware, got naive 2027"):
        slot_containing(DUBLIN, datetime(2027, 3, 16, 10))
    with pytest.raises(ValueError, match=r"^instant must be timezone-aware, got naive 2027"):
        to_local(DUBLIN, datetime(2027, 3, 16, 10))


@pytest.mark.parametrize(
    ("cal", "handover_day"),
    [(DUBLIN, date(2027, 3, 12)), (SAN_FRANCISCO, date(2027, 3, 12)), (LONDON, date(2027, 10, 29))],
)
def test_every_hour_of_a_week_is_in_the_slot_of_its_handover(cal, handover_day):
    # The weeks of a clock change too: San Francisco springs forward on Sunday 14 March
    # 2027 (a 167-hour slot), London falls back on Sunday 31 October (169 hours).
    start, end = slot_for_handover(cal, handover_day)
    instant = start
    while instant < end:
        assert slot_containing(cal, instant) == (start, end), instant
        instant += timedelta(hours=1)
    assert slot_containing(cal, end) == slot_for_handover(cal, handover_day + timedelta(days=7))


def test_every_wall_time_in_a_gap_maps_to_the_transition_in_utc(monkeypatch):
    # Dublin springs forward at 01:00 UTC on 2027-03-28 (01:00 GMT -> 02:00 IST); Los
    # Angeles at 10:00 UTC on 2027-03-14 (02:00 PST -> 03:00 PDT). Every second-precise
    # wall time inside the gap maps to that instant, expressed in UTC whatever the
    # computer's own zone.
    import time as clock

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    clock.tzset()
    try:
        for zone, day, hour, transition in (
            ("Europe/Dublin", date(2027, 3, 28), 1, utc(2027, 3, 28, 1)),
            ("America/Los_Angeles", date(2027, 3, 14), 2, utc(2027, 3, 14, 10)),
        ):
            for minute in range(60):
                for second in (0, 1, 59):
                    got = local_to_utc(zone, day, time(hour, minute, second))
                    assert got == transition, (zone, minute, second)
                    assert got.utcoffset() == timedelta(0)
    finally:
        monkeypatch.undo()
        clock.tzset()


def test_an_all_day_window_covers_whole_local_days_in_any_zone():
    all_day = (DailyWindow(time(0), time(0)),)
    for cal, start in (
        (DUBLIN, utc(2027, 7, 2, 17)),  # summer: local midnight is 23:00 UTC
        (SAN_FRANCISCO, utc(2027, 1, 8, 2)),  # winter: local midnight is 08:00 UTC
    ):
        end = start + timedelta(days=7)
        assert window_intervals(cal, all_day, start, end) == [(start, end)]


def test_a_window_wrapping_past_midnight_reaches_into_a_range_that_starts_after_midnight():
    # 18:00-02:00 Dublin (GMT in March): the window of the evening before covers 00:00-02:00.
    assert window_intervals(DUBLIN, NIGHTS, utc(2027, 3, 9, 0, 30), utc(2027, 3, 9, 3)) == [
        (utc(2027, 3, 9, 0, 30), utc(2027, 3, 9, 2))
    ]
    assert window_intervals(DUBLIN, NIGHTS, utc(2027, 3, 9, 0, 30), utc(2027, 3, 10, 3)) == [
        (utc(2027, 3, 9, 0, 30), utc(2027, 3, 9, 2)),
        (utc(2027, 3, 9, 18), utc(2027, 3, 10, 2)),
    ]


def test_a_range_is_refused_naming_the_end_that_is_naive():
    naive = datetime(2027, 3, 8, 12)
    with pytest.raises(ValueError, match=r"^start must be timezone-aware, got naive 2027-03-08"):
        out_of_hours(DUBLIN, naive, utc(2027, 3, 9))
    with pytest.raises(ValueError, match=r"^end must be timezone-aware, got naive 2027-03-08"):
        out_of_hours(DUBLIN, utc(2027, 3, 7), naive)


def test_office_hours_are_found_on_the_home_date_not_the_utc_date():
    # San Francisco, Monday 8 March 2027 17:00-17:30 PST is Tuesday 01:00-01:30 UTC.
    assert office_intervals(SAN_FRANCISCO, utc(2027, 3, 9, 1), utc(2027, 3, 9, 1, 30)) == [
        (utc(2027, 3, 9, 1), utc(2027, 3, 9, 1, 30))
    ]
    # Sydney, Tuesday 11 May 2027 09:00-09:30 AEST is Monday 23:00-23:30 UTC.
    sydney = HomeCalendar(timezone="Australia/Sydney", holiday_country="AU")
    assert office_intervals(sydney, utc(2027, 5, 10, 23), utc(2027, 5, 10, 23, 30)) == [
        (utc(2027, 5, 10, 23), utc(2027, 5, 10, 23, 30))
    ]


def test_office_days_may_be_given_as_any_collection_of_weekdays():
    four_day_week = HomeCalendar(timezone="Europe/Dublin", office_days=[0, 1, 2, 3])
    assert four_day_week.office_days == frozenset({0, 1, 2, 3})
    # Friday 5 March 2027 is not an office day: out of hours all day long
    friday = (utc(2027, 3, 5), utc(2027, 3, 6))
    assert out_of_hours(four_day_week, *friday) == [friday]
    assert out_of_hours(HomeCalendar(timezone="Europe/Dublin", office_days={4}), *friday) == [
        (utc(2027, 3, 5), utc(2027, 3, 5, 9)),
        (utc(2027, 3, 5, 18), utc(2027, 3, 6)),
    ]


def test_what_is_not_an_aware_instant_is_refused_by_name():
    from datetime import tzinfo

    class NoOffset(tzinfo):
        def utcoffset(self, dt):
            return None

    with pytest.raises(TypeError, match=r"^start must be a datetime, got str$"):
        out_of_hours(DUBLIN, "2027-03-08", utc(2027, 3, 9))
    with pytest.raises(ValueError, match=r"^end must be timezone-aware, got naive 2027-03-09"):
        out_of_hours(DUBLIN, utc(2027, 3, 8), datetime(2027, 3, 9, tzinfo=NoOffset()))


def test_intervals_come_back_in_utc_whatever_the_zones_given_and_the_computers(monkeypatch):
    import time as clock

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    clock.tzset()
    try:
        tz = ZoneInfo("America/Los_Angeles")
        got = out_of_hours(
            DUBLIN, datetime(2027, 3, 8, 0, tzinfo=tz), datetime(2027, 3, 8, 2, tzinfo=tz)
        )
        assert got == [(utc(2027, 3, 8, 8), utc(2027, 3, 8, 9))]
        assert [bound.utcoffset() for bound in got[0]] == [timedelta(0), timedelta(0)]
    finally:
        monkeypatch.undo()
        clock.tzset()


def test_a_calendar_accepts_every_weekday_and_refuses_others_by_name():
    weekend_office = HomeCalendar(timezone="Europe/Dublin", office_days={0, 6}, handover_weekday=6)
    assert weekend_office.office_days == frozenset({0, 6})
    assert HomeCalendar(timezone="Europe/Dublin", handover_weekday=0).handover_weekday == 0
    no_office = HomeCalendar(timezone="Europe/Dublin", office_start=time(9), office_end=time(9))
    assert no_office.office_start == no_office.office_end
    for days in ({7}, {-1}):
        with pytest.raises(ValueError) as error:
            HomeCalendar(timezone="Europe/Dublin", office_days=days)
        assert str(error.value) == (
            f"office_days must be weekdays 0..6 (Monday=0): {frozenset(days)}"
        )
    for weekday in (7, -1):
        with pytest.raises(ValueError) as error:
            HomeCalendar(timezone="Europe/Dublin", handover_weekday=weekday)
        assert str(error.value) == f"handover_weekday must be 0..6 (Monday=0): {weekday}"
    with pytest.raises(ValueError) as error:
        HomeCalendar(timezone="Europe/Dublin", office_start=time(18), office_end=time(9))
    assert str(error.value) == "office hours must not wrap past midnight: 18:00:00-09:00:00"


def test_a_negative_number_of_weeks_is_refused_by_value():
    with pytest.raises(ValueError, match=r"^weeks must not be negative: -1$"):
        slots(DUBLIN, date(2027, 3, 10), -1)


def test_subtracting_several_pieces_from_several_pieces():
    def h(hour):
        return utc(2027, 1, 1, hour)

    a = [(h(0), h(1)), (h(5), h(10)), (h(12), h(14))]
    b = [(h(2), h(3)), (h(4), h(6)), (h(7), h(8)), (h(11), h(13))]
    assert subtract(a, b) == [(h(0), h(1)), (h(6), h(7)), (h(8), h(10)), (h(13), h(14))]
    assert intersect(a, b) == [(h(5), h(6)), (h(7), h(8)), (h(12), h(13))]


def test_an_ambiguous_time_is_its_first_occurrence_even_when_asked_for_the_second():
    # 01:30 on 2027-10-31 happens twice in Dublin: first in IST (00:30 UTC), then GMT.
    got = local_to_utc("Europe/Dublin", date(2027, 10, 31), time(1, 30, fold=1))
    assert got == utc(2027, 10, 31, 0, 30)


def test_empty_intervals_vanish_when_merged():
    assert merge([(utc(2027, 1, 1, 5), utc(2027, 1, 1, 5))]) == []

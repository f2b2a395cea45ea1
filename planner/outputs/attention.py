"""What needs the coordinator: the short list the Now screen opens with.

Each item names the screen where it is dealt with and the rule behind it:

* last month's pay run not yet exported (when anyone held a shift that ended in it), or
  exported and not closed;
* a stale run: an open run whose lines no longer match the shifts and covers (rebuild it);
* rest balances waiting (days entitled and not yet taken; stale ones called out);
* a rotation's team falling below its band (from the tours planned) within 90 days;
* draft shifts starting in the next four weeks (to publish), and gaps in them;
* pages without a follow-up, and follow-ups still open, by owning team (every page should
  lead its owning team to open an issue).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from planner.core import locale_text
from planner.core.home import home_calendar
from planner.core.models import Cover, Shift
from planner.core.month import Month
from planner.core.out_of_hours import HomeCalendar, to_local
from planner.pay import pages, rest, runs
from planner.pay.lines import month_bounds, pay_month_of
from planner.people.stagger import BAND_RULE, rules_by_rotation, teams
from planner.rota.on_call import GAP_RULE, gaps

LOOK_AHEAD = timedelta(weeks=4)
BAND_HORIZON_DAYS = 90


@dataclass(frozen=True)
class Attention:
    kind: str  # pay_run, stale_run, rest, team_band, drafts, gaps, follow_up, follow_up_open
    text: str
    screen: str  # the key of the screen where it is dealt with
    rule: str  # the rule behind it, for a tooltip


def _month_name(month: Month, locale: str | None = None) -> str:
    return locale_text.month_year(month.first_day, locale)


def _anyone_to_pay(session: Session, cal: HomeCalendar, month: Month) -> bool:
    """Did anyone hold (or cover part of) a shift whose slot ended in ``month``?"""
    start, end = month_bounds(cal, month)
    in_month = select(Shift.id).where(Shift.slot_end >= start).where(Shift.slot_end < end)
    held = in_month.where(col(Shift.volunteer_id).is_not(None)).limit(1)
    covered = select(Cover.id).where(col(Cover.shift_id).in_(in_month)).limit(1)
    return session.exec(held).first() is not None or session.exec(covered).first() is not None


def _pay_items(session: Session, now: datetime, locale: str | None = None) -> list[Attention]:
    cal = home_calendar(session)
    last = pay_month_of(cal, now).previous()
    found = []
    info = runs.run_info(session, last)
    rule = "Each month's pay run is exported to payroll, then closed once the month has ended."
    # a month in which nobody held a shift (a new team) has no run to export
    due = info.state == "draft" or (info.state == "none" and _anyone_to_pay(session, cal, last))
    if due:
        found.append(
            Attention("pay_run", f"Pay run for {_month_name(last, locale)}: export it", "pay", rule)
        )
    elif info.state == "exported":
        found.append(
            Attention(
                "pay_run",
                f"Pay run for {_month_name(last, locale)}: exported, close it",
                "pay",
                rule,
            )
        )
    for run in runs.list_runs(session):
        if run.state not in ("draft", "exported"):
            continue
        stored = runs.get_run(session, run.month)
        assert stored is not None  # listed just now
        if runs.is_stale(session, stored, now):
            found.append(
                Attention(
                    "stale_run",
                    f"Pay run for {_month_name(run.month, locale)} is out of date: build it again",
                    "pay",
                    "Shifts or covers changed after the run was built; its lines no longer "
                    f"match them: {runs.STALE_RUN_RULE}.",
                )
            )
    return found


def _rest_items(session: Session, today: date, locale: str | None = None) -> list[Attention]:
    waiting = [b for b in rest.balances(session, today) if b.balance_half_days > 0]
    if not waiting:
        return []
    days = sum(b.balance_half_days for b in waiting) / 2
    stale = [b for b in waiting if b.stale]
    text = (
        f"Rest days waiting: {locale_text.number(len(waiting), locale)} volunteer(s), "
        f"{locale_text.measure(days, locale)} day(s)"
    )
    if stale:
        text += f"; {len(stale)} older than the stale limit"
    return [
        Attention(
            "rest",
            text,
            "rest",
            "A night page entitles rest; rest not taken within the stale limit is flagged.",
        )
    ]


def _band_items(
    session: Session, today: date, now: datetime, locale: str | None = None
) -> list[Attention]:
    found = []
    rules = rules_by_rotation(session)
    for name, team in teams(session, now=now).items():
        band = rules[name]
        for offset in range(BAND_HORIZON_DAYS + 1):
            day = today + timedelta(days=offset)
            size = team.size(day)
            if size < band.team_min:
                when = "today" if offset == 0 else f"from {locale_text.short_date(day, locale)}"
                found.append(
                    Attention(
                        "team_band",
                        f"{name}: {size} on tour {when}, below its band of "
                        f"{band.team_min}–{band.team_max}",
                        "tours",
                        f"{BAND_RULE.capitalize()}; approve volunteers and plan their "
                        "tours before it falls below.",
                    )
                )
                break
    return found


def _rota_items(session: Session, now: datetime, locale: str | None = None) -> list[Attention]:
    end = now + LOOK_AHEAD
    drafts = session.exec(
        select(Shift).where(
            Shift.state == "draft",
            col(Shift.slot_start) < end,
            col(Shift.slot_end) > now,
        )
    ).all()
    found = []
    if drafts:
        cal = home_calendar(session)
        first = min(to_local(cal, s.slot_start).date() for s in drafts)
        found.append(
            Attention(
                "drafts",
                f"{len(drafts)} draft shift(s) in the next four weeks to publish "
                f"(from the week of {locale_text.short_date(first, locale)})",
                "rota",
                "Only published shifts reach the printed rota and people's calendars.",
            )
        )
    holes = gaps(session, now, end, now=now)
    if holes:
        found.append(
            Attention(
                "gaps",
                f"{len(holes)} gap(s) in the next four weeks with nobody on call",
                "timeline",
                f"{GAP_RULE.capitalize()}.",
            )
        )
    return found


FOLLOW_UP_RULE = pages.FOLLOW_UP_RULE


def _follow_up_items(session: Session, now: datetime) -> list[Attention]:
    """Pages without a follow-up (up to now), and open follow-ups by owning team."""
    found = pages.follow_up_counts(session, now)
    items = []
    if found.without:
        count = found.without
        items.append(
            Attention(
                "follow_up",
                f"{count} page{'s' if count != 1 else ''} without a follow-up",
                "pages",
                FOLLOW_UP_RULE,
            )
        )
    if found.open_by_team:
        teams = ", ".join(f"{team} {count}" for team, count in found.open_by_team.items())
        items.append(
            Attention(
                "follow_up_open",
                f"Follow-ups still open: {teams}",
                "pages",
                FOLLOW_UP_RULE,
            )
        )
    return items


def needs_coordinator(
    session: Session, now: datetime, locale: str | None = None
) -> list[Attention]:
    """Everything waiting for the coordinator at ``now``, most pressing kinds first; dates
    and counts in ``locale``'s forms (the desktop app passes the user's; none: ISO dates)."""
    today = to_local(home_calendar(session), now).date()
    return (
        _rota_items(session, now, locale)
        + _pay_items(session, now, locale)
        + _band_items(session, today, now, locale)
        + _rest_items(session, today, locale)
        + _follow_up_items(session, now)
    )

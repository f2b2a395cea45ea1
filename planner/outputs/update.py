"""The monthly update to engineering, as a Markdown draft the coordinator edits and sends.

It holds: the month's pages and the trend over six months; night pages; what paged,
grouped by service (or by summary when the page has no service); follow-ups still open by
team, and the month's pages without one; thanks to the volunteers who served (held
out-of-hours time or took a shift in the month), by name; who joins and who leaves next
month (tours starting, and tours whose last day falls, in it); and a call for volunteers
when the recruitment forecast shows a shortfall. Every figure is the monthly report's.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from planner.core import names
from planner.core.errors import PlannerError
from planner.core.home import home_calendar
from planner.core.month import Month
from planner.core.safe_write import write_bytes
from planner.outputs.report import MonthlyReport, monthly_report
from planner.pay.lines import month_bounds
from planner.pay.pages import PageRow, list_pages
from planner.people.tours import list_tours


def _month_name(month: date) -> str:
    return f"{names.MONTH_NAMES[month.month]} {month.year}"


def _short(month: date) -> str:
    return f"{names.MONTH_ABBRS[month.month]} {month.year}"


def _names(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _md(text: str) -> str:
    """Text from people, safe inside a Markdown table cell or list item."""
    return " ".join(text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").split())


def what_paged(rows: list[PageRow]) -> list[tuple[str, int, int]]:
    """(service or summary, pages, night pages), most pages first."""
    pages: Counter[str] = Counter()
    nights: Counter[str] = Counter()
    for row in rows:
        key = row.service or row.summary or "(no summary)"
        pages[key] += 1
        nights[key] += row.night
    return sorted(((k, n, nights[k]) for k, n in pages.items()), key=lambda t: (-t[1], t[0]))


def monthly_update(session: Session, month: date) -> str:
    """The draft for the calendar month of ``month`` (home time), as Markdown."""
    month = month.replace(day=1)
    report = monthly_report(session, month)
    start, end = month_bounds(home_calendar(session), Month.of(month))
    rows = list_pages(session, start, end)
    return render(report, rows, session)


def render(report: MonthlyReport, rows: list[PageRow], session: Session) -> str:
    month = report.month
    next_month = month + relativedelta(months=1)
    title = _month_name(month)
    lines = [
        f"# Out-of-hours on call — {title}",
        "",
        "_Draft: edit before sending._",
        "",
        "## Pages",
        "",
    ]
    previous = report.trend[-2].pages if len(report.trend) >= 2 else None
    change = ""
    if previous is not None:
        if report.pages < previous:
            change = f", down from {previous} in {_month_name(report.trend[-2].month)}"
        elif report.pages > previous:
            change = f", up from {previous} in {_month_name(report.trend[-2].month)}"
        else:
            change = f", as many as in {_month_name(report.trend[-2].month)}"
    lines.append(f"- **{report.pages} page{'s' if report.pages != 1 else ''}** this month{change}.")
    lines.append(
        f"- **{report.night_pages} night page{'s' if report.night_pages != 1 else ''}** "
        "(00:00–07:00 in the responder's own time); each earns a rest day."
    )
    trend = " · ".join(
        (
            f"**{_short(p.month)}: {p.pages}**"
            if p.month == month
            else f"{_short(p.month)}: {p.pages}"
        )
        for p in report.trend
    )
    lines += [f"- Six months: {trend}", ""]

    lines += ["## What paged", ""]
    grouped = what_paged(rows)
    if grouped:
        lines += ["| Service (or summary) | Pages | Night |", "|---|---:|---:|"]
        lines += [f"| {_md(name)} | {n} | {night} |" for name, n, night in grouped]
    else:
        lines.append("Nothing paged this month.")
    lines.append("")

    lines += ["## Follow-ups", ""]
    if report.open_follow_ups:
        lines.append("Still open, by owning team:")
        lines.append("")
        for team, pages in report.open_follow_ups:
            links = sorted({p.follow_up_link for p in pages if p.follow_up_link})
            shown = ", ".join(links) if links else "no issue linked yet"
            lines.append(f"- **{_md(team)}** ({len(pages)}): {shown}")
    else:
        lines.append("No follow-up is open.")
    if report.without_follow_up:
        lines += [
            "",
            f"{len(report.without_follow_up)} page(s) this month have no follow-up yet: "
            "every page should lead its owning team to open an issue.",
        ]
    lines.append("")

    served = sorted({p.name for p in report.people if p.shifts or p.ooh_hours})
    lines += ["## Thank you", ""]
    if served:
        lines.append(
            f"Thank you to {_names([_md(n) for n in served])} for carrying the out-of-hours "
            f"pager in {names.MONTH_NAMES[month.month]}."
        )
    else:
        lines.append("Nobody held the pager this month.")
    lines.append("")

    tours = list_tours(session, next_month)
    month_end = next_month + relativedelta(months=1)
    joining = sorted((t for t in tours if next_month <= t.start < month_end), key=lambda t: t.start)
    leaving = sorted(
        (t for t in tours if next_month <= t.end - timedelta(days=1) < month_end),
        key=lambda t: t.end,
    )
    lines += [f"## Joining and leaving in {_month_name(next_month)}", ""]
    lines += [f"- Joining: {_md(t.name)} (from {t.start})" for t in joining] or ["- Nobody joins."]
    lines += [
        f"- Leaving: {_md(t.name)} (last day {t.last_day}) — thank you!" for t in leaving
    ] or ["- Nobody leaves."]
    lines.append("")

    short = [f for f in report.forecast if f.shortfall]
    if short:
        lines += ["## Call for volunteers", ""]
        firsts: dict[str, list] = {}  # type: ignore[type-arg]
        for f in short:
            firsts.setdefault(f.rotation, []).append(f)
        for rotation, rows_short in firsts.items():
            first = rows_short[0]
            worst = max(r.shortfall for r in rows_short)
            lines.append(
                f"- **{rotation}** falls to {first.team_size} in {_month_name(first.month)}, "
                f"below its band of {first.band_min}–{first.band_max}: we need "
                f"{first.shortfall} more volunteer{'s' if first.shortfall != 1 else ''} approved "
                f"by {first.recruit_by}"
                + (f" ({worst} by {_month_name(rows_short[-1].month)})" if worst > first.shortfall
                   else "")
                + "."
            )  # fmt: skip
        lines += [
            "",
            "A tour is about six months and three or four one-week shifts, paid per shift. "
            "Ask your manager, then reply to this mail to volunteer.",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def write_update(text: str, target: Path) -> Path:
    """Write the draft whole or not at all (a temporary file beside it, then renamed)."""
    if target.suffix.lower() != ".md":
        raise PlannerError(f"output file {target} should end in .md")
    return write_bytes(target, text.encode("utf-8"))

"""What a settings change does, shown before it is applied, then applied the same way by the
GUI (Edit › Settings…) and the CLI (``planner settings set``).

* Tour length and target shifts are what a tour gets when it is created: existing tours keep
  their dates and targets. The change moves the tours planner's proposals for volunteers
  waiting for a tour (as do the staggering settings), which the effect names.
* The night window and the rest rule apply to pages from the start of the first month after
  the last closed pay run on ("open months"): those pages are classified again and their
  night-page rest follows; earlier pages keep what a closed run's workbook showed. A change
  that would take back rest already taken is refused.

``preview`` runs the change inside a savepoint (``rule_effects.preview``), compares before
and after, and rolls back: nothing is written. ``apply`` refuses what ``preview`` refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, func, select

from planner.core import locale_text, settings
from planner.core import settings_service as svc
from planner.core.errors import PlannerError
from planner.core.home import home_site
from planner.core.models import Page, PayRun, RestEntry, Site, Tour, Volunteer
from planner.core.models.types import utc_now
from planner.core.month import Month
from planner.pay import pages, rest, rule_effects
from planner.people import stagger

NIGHT_KEYS = ("night_start", "night_end")
REST_KEYS = (*NIGHT_KEYS, "rest_per_night")
TOUR_KEYS = ("tour_months", "target_min", "target_max")
PROPOSAL_KEYS = (
    "tour_months",
    "team_min",
    "team_max",
    "max_joins_per_month",
    "max_leaves_per_month",
    "min_experienced",
)


@dataclass
class SettingsEffect:
    """The effect of a settings change in plain words, and the facts behind them."""

    settings: list[str] = field(default_factory=list)  # "Tour length 6 → 5 months"
    tours: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)  # waiting volunteers' proposals
    night_pages: list[str] = field(default_factory=list)  # pages becoming night pages
    day_pages: list[str] = field(default_factory=list)  # pages no longer night pages
    page_ids: set[int] = field(default_factory=set)  # the pages re-classified
    rest: dict[str, int] = field(default_factory=dict)  # name -> change of rest owed, ½ days
    since: str = ""  # "2026-10-01 (after the last closed pay run, 2026-09)"
    rules: rule_effects.Effect = field(default_factory=rule_effects.Effect)

    @property
    def refused(self) -> str | None:
        return self.rules.refused

    @property
    def empty(self) -> bool:
        return not self.settings

    @property
    def worth_asking(self) -> bool:
        """Whether the change reaches beyond its own value (tours, proposals, pages, rest,
        drafts or pay), or is a night or rest rule: then the coordinator confirms it."""
        rules = self.rules
        reach = rules.drafts or rules.open_runs or rules.repriced or rules.closed_runs
        return bool(
            self.tours
            or self.proposals
            or self.page_ids
            or self.rest
            or reach
            or any(s.startswith(("Night window", "Rest per night")) for s in self.settings)
        )

    def text(self) -> str:
        if self.refused:
            return "Refused: " + self.refused
        if self.empty:
            return "Nothing changes."
        parts = ["; ".join(self.settings) + "."]
        parts += self.tours
        if self.proposals:
            parts.append(
                f"Proposed tours of {len(self.proposals)} waiting volunteer(s) change: "
                + "; ".join(self.proposals)
            )
        if self.night_pages or self.day_pages:
            counts = []
            if self.night_pages:
                counts.append(
                    f"{len(self.night_pages)} become night pages ("
                    + "; ".join(self.night_pages[:4])
                    + ("; …" if len(self.night_pages) > 4 else "")
                    + ")"
                )
            if self.day_pages:
                counts.append(
                    f"{len(self.day_pages)} are no longer night pages ("
                    + "; ".join(self.day_pages[:4])
                    + ("; …" if len(self.day_pages) > 4 else "")
                    + ")"
                )
            parts.append(f"Pages since {self.since}: " + ", ".join(counts) + ".")
        elif any(s.startswith(("Night window", "Rest per night")) for s in self.settings):
            parts.append(f"No page since {self.since} changes class.")
        if self.rest:
            total = sum(self.rest.values())
            people = "; ".join(f"{name} {_days(d)}" for name, d in sorted(self.rest.items()))
            parts.append(
                f"Rest owed {_days(total)} day(s) for {len(self.rest)} volunteer(s): {people}."
            )
        rules = self.rules.text()
        if self.rules.drafts or self.rules.open_runs or self.rules.repriced:
            parts.append(rules)
        return "\n".join(parts)


def _days(half_days: int) -> str:
    return f"{half_days / 2:+g}"


def open_since(session: Session, locale: str | None = None) -> tuple[datetime | None, str]:
    """The first instant of the month after the last closed pay run (home time; None when
    no run is closed: every page), and those words for the coordinator."""
    last: Month | None = session.exec(
        select(func.max(col(PayRun.month))).where(PayRun.state == "closed")
    ).one()  # None: no run is closed
    if last is None:
        return None, "the first (no pay run is closed)"
    first = last.next().first_day
    zone = ZoneInfo(home_site(session).timezone)
    return (
        datetime.combine(first, time(0), zone),
        f"{locale_text.short_date(first, locale)} (after the last closed pay run, {last})",
    )


def _describe(current: Mapping[str, Any], changed: Mapping[str, Any]) -> list[str]:
    words = []
    after = {**current, **changed}
    if any(k in changed for k in NIGHT_KEYS):
        words.append(
            f"Night window {current['night_start']}–{current['night_end']} → "
            f"{after['night_start']}–{after['night_end']} (each responder's local time)"
        )
    if any(k in changed for k in ("target_min", "target_max")):
        words.append(
            f"Target shifts {current['target_min']}–{current['target_max']} → "
            f"{after['target_min']}–{after['target_max']}"
        )
    for key, value in changed.items():
        if key not in (*NIGHT_KEYS, "target_min", "target_max"):
            words.append(_change_words(key, current[key], value))
    return words


def _change_words(key: str, old: Any, new: Any) -> str:
    label = svc.INFO[key].label
    unit = " months" if key == "tour_months" else ""
    return f"{label} {svc.display(key, old)}{unit} → {svc.display(key, new)}{unit}"


def _do(
    session: Session,
    setting_values: Mapping[str, str],
    rotation_values: Mapping[str, Mapping[str, str]],
    changed: Mapping[str, Any],
    since: datetime | None,
) -> int:
    """Write the settings, then classify the open months' pages again and set their rest."""
    before = pages.nights_since(session, since) if any(k in changed for k in NIGHT_KEYS) else {}
    count = svc.apply(session, setting_values, rotation_values)
    if before:
        pages.reclassify_nights(session, before)
    if any(k in changed for k in REST_KEYS):
        rest.rescale_night_rest(session, since.date() if since else None)
    return count


@dataclass
class _Facts:
    nights: dict[int, bool]
    at: dict[int, datetime]  # each page's instant, to name them in order
    owed: dict[int, int]
    proposals: dict[str, tuple[str, date, date]]


def _facts(session: Session, since: datetime | None, proposals: bool, today: date) -> _Facts:
    query = select(Page.id, Page.night, Page.at)
    if since is not None:
        query = query.where(col(Page.at) >= since)
    rows = session.exec(query).all()
    nights = {pid or 0: bool(night) for pid, night, _at in rows}
    at = {pid or 0: when for pid, _night, when in rows}
    owed: dict[int, int] = {}
    for entry in session.exec(select(RestEntry).where(RestEntry.kind == "entitled")).all():
        owed[entry.volunteer_id] = owed.get(entry.volunteer_id, 0) + entry.half_days
    found: dict[str, tuple[str, date, date]] = {}
    if proposals:
        for p in stagger.propose(session, today).proposals:
            found[p.email] = (p.name, p.start, p.end)
    return _Facts(nights, at, owed, found)


def _span(start: date, end: date, locale: str | None = None) -> str:
    last = end - relativedelta(days=1)
    return f"{locale_text.short_date(start, locale)} to {locale_text.short_date(last, locale)}"


def _page_words(session: Session, page_id: int, locale: str | None = None) -> str:
    page, volunteer, site = session.exec(
        select(Page, Volunteer, Site)
        .join(Volunteer, col(Volunteer.id) == col(Page.responder_id))
        .join(Site, col(Site.id) == col(Volunteer.site_id))
        .where(Page.id == page_id)
    ).one()
    local = page.at.astimezone(ZoneInfo(site.timezone))
    if locale_text.babel_locale(locale) is None:
        return f"{volunteer.name} {local:%Y-%m-%d %H:%M} {site.timezone}"
    return f"{volunteer.name} {locale_text.day_year_time(local, locale)} {site.timezone}"


def _compare(
    session: Session,
    before: _Facts,
    after: _Facts,
    effect: SettingsEffect,
    locale: str | None = None,
) -> None:
    for page_id, night in sorted(after.nights.items(), key=lambda item: after.at[item[0]]):
        if before.nights.get(page_id) != night:
            effect.page_ids.add(page_id)
            (effect.night_pages if night else effect.day_pages).append(
                _page_words(session, page_id, locale)
            )
    names = {v.id: v.name for v in session.exec(select(Volunteer)).all()}
    for vid in sorted(set(before.owed) | set(after.owed)):
        delta = after.owed.get(vid, 0) - before.owed.get(vid, 0)
        if delta:
            effect.rest[names.get(vid, str(vid))] = delta
    for email in sorted(set(before.proposals) | set(after.proposals)):
        old, new = before.proposals.get(email), after.proposals.get(email)
        if old == new:
            continue
        name = (new or old or ("?",))[0]
        was = _span(old[1], old[2], locale) if old else "none"
        now = _span(new[1], new[2], locale) if new else "no start found"
        effect.proposals.append(f"{name} {was} → {now}")


def _plan(
    session: Session,
    setting_values: Mapping[str, str],
    rotation_values: Mapping[str, Mapping[str, str]],
) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """(current values, changed values, whether a rotation override changes); validates
    everything first (SettingError naming the key and value); writes nothing."""
    svc.apply(session, setting_values, rotation_values, dry_run=True)
    current = {key: settings.get(session, key) for key in svc.INFO}
    parsed = {key: svc.parse(key, raw) for key, raw in setting_values.items()}
    changed = {k: v for k, v in parsed.items() if v != current[k]}
    rows = {r.name: r for r in svc.rotation_rows(session)}
    overrides = any(
        getattr(rows[name], key) != svc.parse_rotation_value(name, key, text)
        for name, values in rotation_values.items()
        for key, text in values.items()
    )
    return current, changed, overrides


def preview(
    session: Session,
    setting_values: Mapping[str, str],
    rotation_values: Mapping[str, Mapping[str, str]] | None = None,
    now: datetime | None = None,
    locale: str | None = None,
) -> SettingsEffect:
    """The effect of the change; nothing is written. A bad value raises SettingError; a
    change that would take back rest already taken raises PlannerError. Days, times,
    hours and money in its words in ``locale`` (the app passes the user's; the command
    line none: the fixed forms)."""
    now = now or utc_now()
    rotation_values = rotation_values or {}
    current, changed, overrides = _plan(session, setting_values, rotation_values)
    effect = SettingsEffect(settings=_describe(current, changed))
    if overrides:
        effect.settings.append("Per-rotation team band, experience or gap")
    if effect.empty:
        return effect
    since, effect.since = open_since(session, locale)
    today = now.astimezone(ZoneInfo(home_site(session).timezone)).date()
    proposals = overrides or any(k in changed for k in PROPOSAL_KEYS)
    before = _facts(session, since, proposals, today)
    found: list[_Facts] = []

    def change(s: Session) -> None:
        _do(s, setting_values, rotation_values, changed, since)
        s.flush()
        found.append(_facts(s, since, proposals, today))
        _compare(s, before, found[0], effect, locale)

    effect.rules = rule_effects.preview(session, change, now, locale)
    if any(k in changed for k in TOUR_KEYS):
        tours = session.exec(select(func.count()).select_from(Tour)).one()
        after = {**current, **changed}
        what = []
        if "tour_months" in changed:
            what.append(f"last {after['tour_months']} months")
        if "target_min" in changed or "target_max" in changed:
            what.append(f"aim for {after['target_min']}–{after['target_max']} shifts")
        effect.tours.append(
            f"Tours created from now on {' and '.join(what)}; the {tours} existing tour(s) "
            "keep their dates and targets (change one in Tours)."
        )
    return effect


def apply(
    session: Session,
    setting_values: Mapping[str, str],
    rotation_values: Mapping[str, Mapping[str, str]] | None = None,
    now: datetime | None = None,
) -> tuple[int, SettingsEffect]:
    """Make the change unless ``preview`` refuses it (PlannerError, nothing written);
    returns how many values changed and the effect."""
    rotation_values = rotation_values or {}
    effect = preview(session, setting_values, rotation_values, now)
    if effect.refused:
        raise PlannerError("refused: " + effect.refused)
    _current, changed, _overrides = _plan(session, setting_values, rotation_values)
    since, _words = open_since(session)
    return _do(session, setting_values, rotation_values, changed, since), effect


__all__ = ["SettingsEffect", "apply", "open_since", "preview"]

"""Staggering: team size per rotation over time, the rule breaches, and the tour planner.

Rules (all settings, see ``planner.core.settings``), checked per rotation and per day:
- team size (tours running that day) within ``team_min``..``team_max``;
- at most ``max_joins_per_month`` tours start and ``max_leaves_per_month`` tours end
  (their exclusive end date) in any calendar month;
- at least ``min_experienced`` members are experienced.

A member is *experienced* from the end of their first worked shift in the rotation
(published and over; a shift the rota holds for them later counts from its end, as a
projection). Where the rota holds no shifts for a day (a new database, or beyond the
planned weeks) a member counts as experienced one month after their tour started: the
documented fallback, since nobody can have worked a shift that is not planned yet.

A rotation is *forming* until its team first reaches ``team_min``: before that day the
minimum-size and experienced rules cannot hold yet and are not reported. After the last
planned tour start nobody is known to join, so the team winds down: that is reported
once as "runs out" (recruit), not as a breach every month. Breaches are reported from
``today`` on; the past is history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, func, or_, select

from planner.core import audit, locale_text, settings
from planner.core.home import home_site, rotations
from planner.core.models import Rotation, Shift, Tour, Volunteer
from planner.core.models.types import utc_now
from planner.people import tours

HORIZON_MONTHS = 24
EXPERIENCE_AFTER = relativedelta(months=1)


@dataclass(frozen=True)
class Rules:
    team_min: int
    team_max: int
    max_joins: int
    max_leaves: int
    min_experienced: int

    @classmethod
    def from_settings(cls, session: Session, rotation: Rotation | None = None) -> Rules:
        """The global settings, with the rotation's own band and experience rule if set."""

        def pick(key: str) -> int:
            own = getattr(rotation, key, None) if rotation is not None else None
            return int(settings.get(session, key) if own is None else own)

        return cls(
            team_min=pick("team_min"),
            team_max=pick("team_max"),
            max_joins=settings.get(session, "max_joins_per_month"),
            max_leaves=settings.get(session, "max_leaves_per_month"),
            min_experienced=pick("min_experienced"),
        )


def rules_by_rotation(session: Session) -> dict[str, Rules]:
    return {r.name: Rules.from_settings(session, r) for r in rotations(session)}


@dataclass(frozen=True)
class Member:
    volunteer_id: int
    start: date
    end: date  # exclusive
    experienced_from: date


@dataclass(frozen=True)
class MonthFigures:
    rotation: str
    month: date  # first of the month
    size_min: int
    size_max: int
    joins: int
    leaves: int
    experienced_min: int


# The stagger rules in words (the tooltip of every breach and band warning), matched on
# the words :meth:`Team.breaches` writes its messages with.
BAND_RULE = "each rotation keeps its team size within its band (Settings: the team band)"
STAGGER_RULES: tuple[tuple[str, str], ...] = (
    (" join in ", "at most the set number of volunteers join a rotation in a calendar month"),
    (" leave in ", "at most the set number of volunteers leave a rotation in a calendar month"),
    (" experienced on ", "enough members with a worked shift are on the team at all times"),
    ("team of ", BAND_RULE),
)


def stagger_rule(message: str) -> str:
    """The stagger rule a breach message (of :meth:`Team.breaches`) breaks."""
    return next((rule for words, rule in STAGGER_RULES if words in message), BAND_RULE)


@dataclass(frozen=True)
class Breach:
    rotation: str
    rule: str  # "too big", "too small", "joins", "leaves", "experienced"
    month: date
    message: str


@dataclass(frozen=True)
class Forming:
    """A team below its band because it is still forming (see :meth:`Team.forming`)."""

    rotation: str
    size: int  # on the team today
    band_min: int
    band_max: int
    reaches_band: date | None  # the day the tours planned bring it to band_min; None: never
    most: int  # the largest the tours planned make it
    has_tours: bool
    locale: str | None = None  # the reader's: the day in ``message`` in its form (none: ISO)

    @property
    def short(self) -> str:
        if not self.has_tours:
            return f"{self.rotation}: no team yet"
        if self.reaches_band is None:
            return f"{self.rotation}: {self.size} of {self.band_min}–{self.band_max}, never in band"
        return f"{self.rotation}: forming, {self.size} of {self.band_min}–{self.band_max} today"

    @property
    def message(self) -> str:
        band = f"{self.band_min}–{self.band_max}"
        if not self.has_tours:
            return f"{self.rotation}: no team yet — nobody has a tour (band {band})."
        text = f"{self.rotation}: forming — {self.size} on the team today, below its band of {band}"
        if self.reaches_band is None:
            return (
                f"{text}; the tours planned never reach it (at most {self.most}): "
                "recruit and plan more volunteers."
            )
        on = locale_text.short_date(self.reaches_band, self.locale)
        return f"{text}; the tours planned bring it to {self.band_min} on {on}."


def month_of(day: date) -> date:
    return day.replace(day=1)


def _days(start: date, end: date) -> Iterable[date]:
    day = start
    while day < end:
        yield day
        day += timedelta(days=1)


@dataclass
class Team:
    """One rotation's members (tours) and the counts the rules need."""

    rotation: str
    members: list[Member] = field(default_factory=list)

    def size(self, day: date) -> int:
        return sum(1 for m in self.members if m.start <= day < m.end)

    def experienced(self, day: date) -> int:
        return sum(1 for m in self.members if m.start <= day < m.end and m.experienced_from <= day)

    def joins(self, month: date) -> int:
        return sum(1 for m in self.members if month_of(m.start) == month)

    def leaves(self, month: date) -> int:
        return sum(1 for m in self.members if month_of(m.end) == month)

    def formed_on(self, rules: Rules) -> date | None:
        """The first day the team reached ``team_min`` (None: never)."""
        changes = sorted({m.start for m in self.members})
        for day in changes:
            if self.size(day) >= rules.team_min:
                return day
        return None

    def forming(self, rules: Rules, today: date, locale: str | None = None) -> Forming | None:
        """While the team is below its band because it has not formed yet (it has never
        reached ``team_min`` by today): how many it has today, and the day the tours planned
        bring it into the band, if they ever do (told in ``locale``; none: ISO). None once
        formed (a later dip below the band is a breach or "runs out")."""
        formed = self.formed_on(rules)
        if formed is not None and formed <= today:
            return None
        most = max((self.size(m.start) for m in self.members), default=0)
        return Forming(
            self.rotation, self.size(today), rules.team_min, rules.team_max, formed, most,
            bool(self.members), locale,
        )  # fmt: skip

    def last_join(self) -> date | None:
        return max((m.start for m in self.members), default=None)

    def runs_out(self, rules: Rules, today: date) -> date | None:
        """The first day from the last planned join (or today) the team falls below
        ``team_min`` for want of new volunteers (None: it never does within its tours)."""
        last = max(self.last_join() or today, today)
        ends = sorted({m.end for m in self.members if m.end > last})
        for day in [last, *ends]:
            if self.size(day) < rules.team_min:
                return day
        return None

    def month_figures(self, month: date) -> MonthFigures:
        days = list(_days(month, month + relativedelta(months=1)))
        sizes = [self.size(d) for d in days]
        return MonthFigures(
            rotation=self.rotation,
            month=month,
            size_min=min(sizes),
            size_max=max(sizes),
            joins=self.joins(month),
            leaves=self.leaves(month),
            experienced_min=min(self.experienced(d) for d in days),
        )

    def breaches(
        self, rules: Rules, first: date, last: date, locale: str | None = None
    ) -> list[Breach]:
        """Every rule broken on a day in [first, last), one entry per rule and month; the
        messages' months and days in ``locale`` (none: ISO, '2027-07', '2027-07-01'), their
        words the same in every locale (:func:`stagger_rule` reads them).

        A rotation nobody has joined yet is not staffed and breaks nothing."""
        if not self.members:
            return []
        found: dict[tuple[str, date], Breach] = {}
        formed = self.formed_on(rules)
        planned_until = self.last_join() or first
        for month in months_between(first, last):
            figures = self.month_figures(month)
            if figures.joins > rules.max_joins:
                found[("joins", month)] = Breach(
                    self.rotation,
                    "joins",
                    month,
                    f"{self.rotation}: {figures.joins} join in "
                    f"{locale_text.iso_month(month, locale)} "
                    f"(at most {rules.max_joins})",
                )
            if figures.leaves > rules.max_leaves:
                found[("leaves", month)] = Breach(
                    self.rotation,
                    "leaves",
                    month,
                    f"{self.rotation}: {figures.leaves} leave in "
                    f"{locale_text.iso_month(month, locale)} "
                    f"(at most {rules.max_leaves})",
                )
        for day in _days(first, last):
            month = month_of(day)
            size = self.size(day)
            in_plan = day <= planned_until and (formed is None or day >= formed)
            if size > rules.team_max or (size < rules.team_min and in_plan):
                rule = "too big" if size > rules.team_max else "too small"
                if (rule, month) not in found:  # the first day of the month it happens
                    found[(rule, month)] = Breach(
                        self.rotation,
                        rule,
                        month,
                        f"{self.rotation}: team of {size} on "
                        f"{locale_text.short_date(day, locale)} "
                        f"(band {rules.team_min}-{rules.team_max})",
                    )
            if formed is not None and in_plan and ("experienced", month) not in found:
                experienced = self.experienced(day)
                if experienced < rules.min_experienced:
                    found[("experienced", month)] = Breach(
                        self.rotation,
                        "experienced",
                        month,
                        f"{self.rotation}: {experienced} experienced on "
                        f"{locale_text.short_date(day, locale)} "
                        f"(at least {rules.min_experienced})",
                    )
        return sorted(found.values(), key=lambda b: (b.rotation, b.month, b.rule))


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months touching [first, last)."""
    months, month = [], month_of(first)
    while month < last:
        months.append(month)
        month += relativedelta(months=1)
    return months


class _Experience:
    """When each volunteer becomes experienced in each rotation, from the Shift table."""

    def __init__(self, session: Session, now: datetime, volunteers: set[int] | None = None) -> None:
        """Read for ``volunteers`` only (the members of the teams), or everyone (None)."""
        zone = ZoneInfo(home_site(session).timezone)
        # Aggregated in SQL: the latest slot end per rotation, and per rotation and
        # volunteer the earliest end of a shift that counts (the local day is that of the
        # instant, so the earliest instant gives the earliest day).
        self.last_shift_day: dict[int, date] = {
            rotation_id: last.astimezone(zone).date()
            for rotation_id, last in session.exec(
                select(Shift.rotation_id, func.max(col(Shift.slot_end))).group_by(
                    col(Shift.rotation_id)
                )
            )
        }
        counts = or_(col(Shift.state) == "published", col(Shift.slot_end) > now)
        self.first: dict[tuple[int, int], date] = {
            (rotation_id, volunteer_id): first.astimezone(zone).date()
            for rotation_id, volunteer_id, first in session.exec(
                select(Shift.rotation_id, Shift.volunteer_id, func.min(col(Shift.slot_end)))
                .where(
                    col(Shift.volunteer_id).is_not(None)
                    if volunteers is None
                    else col(Shift.volunteer_id).in_(sorted(volunteers)),
                    counts,
                )
                .group_by(col(Shift.rotation_id), col(Shift.volunteer_id))
            )
            if volunteer_id is not None
        }

    def experienced_from(self, rotation_id: int, volunteer_id: int, start: date) -> date:
        fallback = start + EXPERIENCE_AFTER
        last = self.last_shift_day.get(rotation_id)
        if last is not None:
            fallback = max(fallback, last + timedelta(days=1))
        worked = self.first.get((rotation_id, volunteer_id))
        return min(worked, fallback) if worked else fallback


@dataclass(frozen=True)
class Candidate:
    """A tour that is not in the database yet (a proposal) for one volunteer."""

    volunteer_id: int
    start: date
    end: date


def teams(
    session: Session, extra: Sequence[Candidate] = (), now: datetime | None = None
) -> dict[str, Team]:
    """Each rotation's team from the tours in the database plus ``extra`` proposals."""
    spans = [(t.volunteer_id, t.start, t.end) for t in session.exec(select(Tour)).all()]
    spans += [(c.volunteer_id, c.start, c.end) for c in extra]
    if not spans:  # no tours: every team is empty
        return {rotation.name: Team(rotation.name) for rotation in rotations(session)}
    experience = _Experience(session, now or utc_now(), {s[0] for s in spans})
    members = session.exec(
        select(Volunteer).where(col(Volunteer.id).in_(sorted({s[0] for s in spans})))
    ).all()
    names = tours.rotation_names_of(session, members)
    result: dict[str, Team] = {}
    for rotation in rotations(session):
        team = Team(rotation.name)
        for volunteer_id, start, end in spans:
            if rotation.name in names[volunteer_id]:
                team.members.append(
                    Member(
                        volunteer_id,
                        start,
                        end,
                        experience.experienced_from(rotation.id or 0, volunteer_id, start),
                    )
                )
        result[rotation.name] = team
    return result


def horizon_end(all_teams: dict[str, Team], today: date) -> date:
    ends = [m.end for t in all_teams.values() for m in t.members]
    return max([today + relativedelta(months=6), *ends])


def breaches(
    session: Session, today: date, extra: Sequence[Candidate] = (), locale: str | None = None
) -> list[Breach]:
    """Every stagger rule broken from ``today`` to the end of the last tour (months and
    days in ``locale``; none: ISO)."""
    rules = rules_by_rotation(session)
    all_teams = teams(session, extra)
    last = horizon_end(all_teams, today)
    return [
        b for t in all_teams.values() for b in t.breaches(rules[t.rotation], today, last, locale)
    ]


# -- the planner ----------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    volunteer_id: int
    email: str
    name: str
    rotations: str
    start: date
    end: date  # exclusive

    def as_json(self) -> dict[str, object]:
        return {
            "email": self.email,
            "name": self.name,
            "rotations": self.rotations,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


@dataclass(frozen=True)
class Unplaced:
    volunteer_id: int
    email: str
    name: str
    reason: str


@dataclass(frozen=True)
class Plan:
    proposals: list[Proposal]
    unplaced: list[Unplaced]
    breaches: list[Breach]  # what would remain broken with the proposal accepted


def _candidate_starts(earliest: date, months: int) -> list[date]:
    starts = [earliest]
    month = month_of(earliest) + relativedelta(months=1)
    while month <= earliest + relativedelta(months=months):
        starts.append(month)
        month += relativedelta(months=1)
    return starts


RULE_TEXT = {
    "joins": "too many joins",
    "leaves": "too many leaves",
    "too big": "team already full",
    "too small": "team too small",
    "experienced": "too few experienced members",
}


def _why_not(team: Team, rules: Rules, candidate: Member, today: date) -> list[tuple[str, date]]:
    """The rules a new member would break in ``team`` from their start on (that were not
    broken already). A team too small is never made worse by a new member."""
    first = max(today, candidate.start)
    last = candidate.end + timedelta(days=1)
    before = {(b.rule, b.month) for b in team.breaches(rules, first, last)}
    trial = Team(team.rotation, [*team.members, candidate])
    return [
        (f"{RULE_TEXT[b.rule]} in {team.rotation}", b.month)
        for b in trial.breaches(rules, first, last)
        if (b.rule, b.month) not in before and b.rule != "too small"
    ]


def _months_text(months: Iterable[date], locale: str | None = None) -> str:
    ordered = sorted(set(months))
    shown = ", ".join(locale_text.iso_month(m, locale) for m in ordered[:6])
    return shown + (f" and {len(ordered) - 6} more" if len(ordered) > 6 else "")


def waiting(session: Session, today: date) -> list[Volunteer]:
    """Approved volunteers with no tour running or ahead, by available-from date then name."""
    ahead = {t.volunteer_id for t in session.exec(select(Tour).where(Tour.end > today)).all()}
    people = session.exec(select(Volunteer).where(Volunteer.status == "approved")).all()
    return sorted(
        (v for v in people if v.id not in ahead),
        key=lambda v: (v.available_from or today, v.name.lower()),
    )


def propose(
    session: Session,
    today: date,
    horizon_months: int = HORIZON_MONTHS,
    locale: str | None = None,
) -> Plan:
    """Earliest start for each waiting volunteer that breaks no stagger rule.

    Volunteers are placed one by one (earliest available first); each proposal counts
    for the next. Nothing is written: ``accept`` writes a plan. The reasons and breaches
    give months and days in ``locale`` (the app passes the user's; none: ISO).
    """
    rules = rules_by_rotation(session)
    months = settings.get(session, "tour_months")
    proposals: list[Proposal] = []
    unplaced: list[Unplaced] = []
    accepted: list[Candidate] = []
    for volunteer in waiting(session, today):
        names = tours.rotation_names_for(session, volunteer)
        if not names:
            unplaced.append(
                Unplaced(
                    volunteer.id or 0,
                    volunteer.email,
                    volunteer.name,
                    f"no rotation takes a {volunteer.role} from this office",
                )
            )
            continue
        all_teams = teams(session, accepted)
        experience = _Experience(session, utc_now(), {volunteer.id or 0})
        rotation_ids = {r.name: r.id or 0 for r in rotations(session)}
        earliest = max(volunteer.available_from or today, today)
        reasons: dict[str, list[date]] = defaultdict(list)
        chosen = None
        for start in _candidate_starts(earliest, horizon_months):
            end = start + relativedelta(months=months)
            problems = [
                p
                for n in names
                for p in _why_not(
                    all_teams[n],
                    rules[n],
                    Member(
                        volunteer.id or 0,
                        start,
                        end,
                        experience.experienced_from(rotation_ids[n], volunteer.id or 0, start),
                    ),
                    today,
                )
            ]
            if not problems:
                chosen = (start, end)
                break
            for rule, month in problems:
                reasons[rule].append(month)
        if chosen is None:
            why = "; ".join(f"{rule} ({_months_text(ms, locale)})" for rule, ms in reasons.items())
            unplaced.append(
                Unplaced(
                    volunteer.id or 0,
                    volunteer.email,
                    volunteer.name,
                    f"no start from {locale_text.short_date(earliest, locale)} within "
                    f"{horizon_months} months fits: {why}",
                )
            )
            continue
        accepted.append(Candidate(volunteer.id or 0, *chosen))
        proposals.append(
            Proposal(volunteer.id or 0, volunteer.email, volunteer.name, ", ".join(names), *chosen)
        )
    return Plan(proposals, unplaced, breaches(session, today, accepted, locale))


def accept(session: Session, plan: Plan, locale: str | None = None) -> list[Tour]:
    """Create the proposed tours (all or nothing, in the caller's transaction; a refusal's
    days in ``locale``, none: ISO)."""
    created = []
    for proposal in plan.proposals:
        volunteer = session.get(Volunteer, proposal.volunteer_id)
        if volunteer is None:
            continue
        created.append(
            tours.create_tour(session, volunteer, proposal.start, proposal.end, locale=locale)
        )
    if created:
        audit.record(session, "tour plan accepted", "tour", None, tours=len(created))
    return created

"""The effect of a settings change, shown before it is applied, names exactly what applying
it then changes: pages of open months re-classified by the night window and their rest,
night rest rescaled by the rest rule, the tours planner's proposals moved by the tour length;
existing tours keep their dates and targets, and closed months keep their pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from planner.core import settings
from planner.core.errors import PlannerError
from planner.core.models import Page, RestEntry, Tour
from planner.core.settings_service import SettingError
from planner.pay import rest, settings_effects
from planner.people import stagger

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)  # the demo's today; runs to 2026-09 closed
OPEN = datetime(2026, 9, 30, 23, tzinfo=UTC)  # 1 October 00:00 in Dublin


def _nights(s) -> dict[int, bool]:  # type: ignore[no-untyped-def]
    return {p.id: p.night for p in s.exec(select(Page)).all()}


def _owed(s) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {b.name: b.entitled_half_days for b in rest.balances(s, NOW.date())}


def test_a_wider_night_window_names_the_open_months_pages_and_rest_it_changes(demo_db) -> None:
    with demo_db.session() as s:
        effect = settings_effects.preview(s, {"night_start": "21:00"}, {}, NOW)
        nights, owed = _nights(s), _owed(s)
        assert settings.get(s, "night_start") == "00:00"  # nothing written
    with demo_db.transaction() as s:
        settings_effects.apply(s, {"night_start": "21:00"}, {}, NOW)
    with demo_db.session() as s:
        after_nights, after_owed = _nights(s), _owed(s)
        changed = {pid for pid, night in after_nights.items() if nights[pid] != night}
        at = {p.id: p.at for p in s.exec(select(Page)).all()}
    assert effect.page_ids == changed and len(changed) == 6
    assert all(at[pid] >= OPEN for pid in changed)  # September (closed) keeps its pages
    assert any(at[pid] < OPEN and not night for pid, night in after_nights.items())
    assert len(effect.night_pages) == 6 and not effect.day_pages
    gained = {n: after_owed[n] - owed.get(n, 0) for n in after_owed if after_owed[n] != owed.get(n)}
    assert (
        effect.rest == gained and sum(gained.values()) == 8
    )  # 4 new nights: two pages join a night already earned
    text = effect.text()
    assert text.startswith("Night window 00:00–07:00 → 21:00–07:00 (each responder's local time).")
    assert "Pages since 2026-10-01 (after the last closed pay run, 2026-09): 6 become night" in text
    assert "Rest owed +4 day(s) for 4 volunteer(s): Alex Morgan +1; " in text


def test_narrowing_back_takes_the_rest_away_unless_it_was_taken(demo_db) -> None:
    with demo_db.transaction() as s:
        settings_effects.apply(s, {"night_start": "21:00"}, {}, NOW)
        gained = s.exec(
            select(RestEntry).where(
                RestEntry.reason == "night_page", RestEntry.day >= date(2026, 10, 1)
            )
        ).all()
        vid = gained[-1].volunteer_id
        from planner.core.models import Volunteer

        volunteer = s.get(Volunteer, vid)
        balance = rest.balance_half_days(s, vid)
        rest.add_entry(s, volunteer, "taken", date(2026, 11, 25), balance / 2)
    with demo_db.session() as s:
        before = _nights(s), _owed(s)
    with pytest.raises(PlannerError, match="has already taken the rest this page earned"):
        with demo_db.session() as s:
            settings_effects.preview(s, {"night_start": "00:00"}, {}, NOW)
    with pytest.raises(PlannerError), demo_db.transaction() as s:
        settings_effects.apply(s, {"night_start": "00:00"}, {}, NOW)
    with demo_db.session() as s:
        assert (_nights(s), _owed(s)) == before
        assert settings.get(s, "night_start") == "21:00"


def test_the_rest_rule_rescales_open_months_night_rest_or_is_refused(demo_db) -> None:
    with pytest.raises(PlannerError, match="siobhan.doyle@example.com has already taken"):
        with demo_db.session() as s:
            settings_effects.preview(s, {"rest_per_night": "half"}, {}, NOW)
    with demo_db.transaction() as s:  # Siobhan's rest taken removed: now it can change
        for entry in s.exec(select(RestEntry).where(RestEntry.kind == "taken")).all():
            s.delete(entry)
    with demo_db.session() as s:
        effect = settings_effects.preview(s, {"rest_per_night": "half"}, {}, NOW)
        owed = _owed(s)
    with demo_db.transaction() as s:
        settings_effects.apply(s, {"rest_per_night": "half"}, {}, NOW)
    with demo_db.session() as s:
        after = _owed(s)
        old = s.exec(select(RestEntry).where(RestEntry.day < date(2026, 10, 1))).all()
    assert effect.rest == {n: after[n] - owed[n] for n in after if after[n] != owed[n]}
    assert effect.rest and all(d < 0 for d in effect.rest.values())
    assert all(e.half_days == 2 for e in old if e.reason == "night_page")  # closed months
    assert "Rest per night full → half." in effect.text()


def test_tour_length_moves_the_proposals_and_leaves_existing_tours(demo_db) -> None:
    with demo_db.session() as s:
        tours = [(t.id, t.start, t.end, t.target_min) for t in s.exec(select(Tour)).all()]
        effect = settings_effects.preview(s, {"tour_months": "5"}, {}, NOW)
    with demo_db.transaction() as s:
        settings_effects.apply(s, {"tour_months": "5"}, {}, NOW)
    with demo_db.session() as s:
        assert [(t.id, t.start, t.end, t.target_min) for t in s.exec(select(Tour)).all()] == tours
        proposals = stagger.propose(s, NOW.date()).proposals
    assert len(effect.proposals) == len(proposals) == 2
    for p, words in zip(proposals, effect.proposals, strict=True):
        last = date.fromordinal(p.end.toordinal() - 1)
        assert words.startswith(p.name) and words.endswith(f"→ {p.start} to {last}")
    assert effect.tours == [
        f"Tours created from now on last 5 months; the {len(tours)} existing tour(s) keep "
        "their dates and targets (change one in Tours)."
    ]
    assert effect.text().startswith("Tour length 6 months → 5 months.")


def test_bad_values_are_named_and_nothing_is_written(demo_db) -> None:
    for values, message in (
        ({"night_start": "07:00"}, "night_start and night_end must differ"),
        ({"tour_months": "0"}, "setting tour_months: '0' is not valid: expected 1 to 36"),
        ({"target_min": "5"}, "target_min (5) must not exceed target_max (4)"),
    ):
        with pytest.raises(SettingError, match=message.replace("(", r"\(").replace(")", r"\)")):
            with demo_db.transaction() as s:
                settings_effects.apply(s, values, {}, NOW)
    with demo_db.session() as s:
        assert settings.get(s, "night_start") == "00:00" and settings.get(s, "tour_months") == 6


@pytest.mark.parametrize(
    ("locale", "since", "page"),
    [
        ("de_DE", "Pages since 1. Okt. 2026 (after the last closed pay run, 2026-09)", " 2026, "),
        ("en_US", "Pages since Oct 1, 2026 (after the last closed pay run, 2026-09)", " PM "),
        (None, "Pages since 2026-10-01 (after the last closed pay run, 2026-09)", "2026-1"),
    ],
)
def test_the_effect_speaks_the_readers_locale(demo_db, locale, since, page) -> None:  # type: ignore[no-untyped-def]
    """The Settings dialog passes the user's locale; the command line none (fixed forms)."""
    with demo_db.session() as s:
        nights = settings_effects.preview(s, {"night_start": "21:00"}, {}, NOW, locale=locale)
        tours = settings_effects.preview(s, {"tour_months": "5"}, {}, NOW, locale=locale)
    text = nights.text().replace("\u202f", " ")
    assert since in text
    assert all(page in words.replace("\u202f", " ") for words in nights.night_pages)
    iso = [w for w in tours.proposals if "-20" in w or "2027-" in w]
    assert (iso == []) is (locale is not None)  # days in the locale's form, ISO without one

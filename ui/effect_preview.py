"""A rule change's effect worked out off the GUI thread, the newest request alone shown
(``ui.latest_only``): what the Fees, Sites and rotations, and Settings dialogs share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.core.errors import PlannerError
from planner.core.stopping import Stop
from planner.pay import rule_effects
from ui import user_locale
from ui.latest_only import LatestOnly
from ui.screens.base import DatabaseGetter
from ui.worker import failure_text

WORKING = "Working out the effect…"


def said(exc: Exception, doing: str) -> str:
    """A refusal in the service's own words; anything else, a sentence (and the log)."""
    return str(exc) if isinstance(exc, PlannerError) else failure_text(exc, doing)


def request_rule_effect(
    previews: LatestOnly,
    get_db: DatabaseGetter,
    change: Callable[[Any], object],
    done: Callable[[rule_effects.Effect], None],
    failed: Callable[[str], None],
) -> None:
    """Work out ``change``'s effect in the worker, in the user's locale; ``done(effect)``,
    or ``failed(message)``, unless a newer request came first (it stops this one)."""
    locale = user_locale.name()

    def work(stop: Stop) -> rule_effects.Effect:
        with get_db().session() as session, stop.watching(session):
            return rule_effects.preview(session, change, locale=locale)

    previews.request(work, done, lambda exc: failed(said(exc, "working out the effect")))

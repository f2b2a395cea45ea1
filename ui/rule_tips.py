"""A warning's tooltip: what is wrong, then the rule it breaks, in the planner's own words
(the services that decide a warning hold its rule, so the app and the command line agree).
Every item drawn in a warning colour carries one (tests/ui/test_warning_tooltips.py)."""

from __future__ import annotations

import html

# A label that explains colours (sites, the today line) rather than warns: marked with this
# property, the test of warnings passes it by.
LEGEND = "legend"


def rule_tip(what: str, rule: str) -> str:
    """Plain text: 'Gap: …' then 'Rule: every out-of-hours minute needs a holder …'."""
    return f"{what}\nRule: {rule}"


def rule_line(rule: str) -> str:
    """The rule as a line of a rich-text tooltip."""
    return f"<i>Rule: {html.escape(rule)}</i>"

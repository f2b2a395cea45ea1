"""``planner follow-up PAGE_ID``: record a page's follow-up (owning team, issue link, state)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the handler imports its services when it runs
    from planner.core.db import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "follow-up",
        help="record a page's follow-up: the owning team, the link of the issue opened for "
        "it, open or done (--clear removes it)",
    )
    p.add_argument("page", type=int, metavar="PAGE_ID", help="the page's id (`planner pages`)")
    p.add_argument("--team", default="", help="the team that owns the follow-up")
    p.add_argument("--link", default="", help="the link of the issue opened for the page")
    p.add_argument("--state", choices=("open", "done"), default="open", help="default: open")
    p.add_argument("--clear", action="store_true", help="remove the follow-up")
    p.set_defaults(handler=cmd_follow_up)


def cmd_follow_up(args: argparse.Namespace, db: Database) -> int:
    from planner.pay import pages

    with db.transaction() as session:
        page = pages.set_follow_up(
            session, args.page, args.team, args.link, None if args.clear else args.state
        )
    if page.follow_up_state is None:
        print(f"page {page.id}: follow-up removed")
    else:
        link = f" {page.follow_up_link}" if page.follow_up_link else ""
        print(f"page {page.id}: {page.follow_up_team}{link} ({page.follow_up_state})")
    return 0

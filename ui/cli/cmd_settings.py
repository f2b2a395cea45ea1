"""``planner settings`` (list), ``settings set KEY VALUE`` and ``settings set-rotation``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from planner.core.errors import PlannerError
from planner.core.vocabulary import ROTATION_KEYS
from ui.cli.output import add_format_option, emit

if TYPE_CHECKING:  # annotations only: each handler imports its services when it runs
    from planner.core.db import Database

COLUMNS = ["key", "value", "default", "label"]
ROTATION_COLUMNS = ["rotation", "team_min", "team_max", "min_experienced", "min_gap_weeks"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("settings", help="list or change settings (office hours, tours, ...)")
    add_format_option(p)
    p.set_defaults(handler=cmd_list)
    sub = p.add_subparsers(dest="settings_command", metavar="ACTION")
    q = sub.add_parser("set", help="change one setting, e.g. settings set team_max 9")
    q.add_argument("key", help="the setting's key (see planner settings)")
    q.add_argument("value", help="times HH:MM, weekdays 0-6 or names, office_days a list")
    q.set_defaults(handler=cmd_set)
    q = sub.add_parser(
        "rotations", help="list each rotation's own team band, experience rule and gap"
    )
    add_format_option(q)
    q.set_defaults(handler=cmd_rotations)
    q = sub.add_parser(
        "set-rotation", help="change a rotation's own band/experience/gap (only options given)"
    )
    q.add_argument("rotation", help="the rotation's name")
    for key in ROTATION_KEYS:
        q.add_argument(
            "--" + key.replace("_", "-"),
            dest=key,
            metavar="N",
            help="a number"
            + ("" if key == "min_gap_weeks" else "; 'default' uses the global setting"),
        )
    q.set_defaults(handler=cmd_set_rotation)


def cmd_list(args: argparse.Namespace, db: Database) -> int:
    from planner.core import settings_service

    with db.session() as session:
        rows = settings_service.describe(session)
    if args.format == "json":
        emit([r.as_json() for r in rows], args.format, COLUMNS)
    else:
        emit(
            [
                {
                    "key": r.key,
                    "value": settings_service.display(r.key, r.value),
                    "default": settings_service.display(r.key, r.default),
                    "label": r.label,
                }
                for r in rows
            ],
            args.format,
            COLUMNS,
        )
    return 0


def cmd_set(args: argparse.Namespace, db: Database) -> int:
    from planner.core import settings, settings_service
    from planner.pay import settings_effects

    with db.transaction() as session:
        _count, effect = settings_effects.apply(session, {args.key: args.value})
        value = settings.get(session, args.key)
    print(f"{args.key} = {settings_service.display(args.key, value)}", file=sys.stderr)
    if effect.worth_asking:  # what it changed, in the words the Settings dialog shows
        print(effect.text(), file=sys.stderr)
    return 0


def cmd_rotations(args: argparse.Namespace, db: Database) -> int:
    from planner.core import settings_service

    with db.session() as session:
        rows = settings_service.rotation_rows(session)
    emit([r.as_json() for r in rows], args.format, ROTATION_COLUMNS)
    return 0


def cmd_set_rotation(args: argparse.Namespace, db: Database) -> int:
    from planner.pay import settings_effects

    values = {k: getattr(args, k) for k in ROTATION_KEYS if getattr(args, k) is not None}
    if not values:
        raise PlannerError(
            "nothing to change: give --team-min, --team-max, --min-experienced or --min-gap-weeks"
        )
    with db.transaction() as session:
        count, effect = settings_effects.apply(session, {}, {args.rotation: values})
    print(f"rotation {args.rotation}: {count} value(s) changed", file=sys.stderr)
    if effect.worth_asking:
        print(effect.text(), file=sys.stderr)
    return 0

"""The audit log: every change the coordinator makes, with when and which OS user."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from planner.core.models import AuditEntry


def os_user() -> str:
    try:
        import getpass  # only when an entry is written

        return getpass.getuser()
    except Exception:  # no user name in this environment
        return ""


def record(
    session: Session, action: str, entity: str = "", entity_id: int | None = None, **detail: Any
) -> AuditEntry:
    """Add an audit entry to the session (committed with the change it describes)."""
    entry = AuditEntry(
        os_user=os_user(),
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=json.dumps(detail, default=str, sort_keys=True) if detail else "",
    )
    session.add(entry)
    return entry

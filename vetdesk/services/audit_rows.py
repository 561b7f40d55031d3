"""An audit entry's values: one definition for the units of work (``services.uow``, through the ORM) and the
one-shot print command's plain write (``services.plain_office``). Imports no SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from vetdesk.services.actors import Actor


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def audit_row(actor: Actor, operation: str, *, kind: str, record_id: int | None, action: str,
              before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
              at: datetime | None = None, columns: dict[str, Any] | None = None) -> dict[str, Any]:
    """The columns of one audit entry (``audit_entries``): when (``at``: the unit of work's moment, shared by
    all its entries), by whom, in which operation, what. ``columns``: a deleted record's columns besides its
    fields (when it was made and last changed, what an operation stored beside them), kept apart from what the
    history shows so that undoing the deletion brings the record back exactly as it was."""
    changes: dict[str, Any] = {
        "before": {k: jsonable(v) for k, v in (before or {}).items()},
        "after": {k: jsonable(v) for k, v in (after or {}).items()},
    }
    if columns:
        changes["columns"] = {k: jsonable(v) for k, v in columns.items()}
    if action == "status":
        # In what role the status was changed: a weekly report's approval is the instructor's countersignature
        # or the office keying in the one on paper (logbook_kinds.countersignatures reads it).
        changes["role"] = actor.role
    from vetdesk.services.audit_words import stored

    # The operation's name is kept as vetdesk's own message, not in the language of whoever worked: each reader
    # sees it in theirs (audit_words.shown).
    return {"at": at or utcnow(), "username": actor.username, "operation": stored(operation), "kind": kind,
            "record_id": record_id, "action": action, "changes": changes}

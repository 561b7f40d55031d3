"""Who is working (kept apart from the units of work so the window can name its user before SQLAlchemy loads)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who is working: a signed-in user, or the command line / a script."""

    username: str | None = None
    role: str = "administrator"
    instructor_id: int | None = None


SYSTEM = Actor()


def authorize(actor: Actor, action: str, kind: str | None = None, doing: str | None = None) -> None:
    """Refuse (RuleViolation, nothing written) when ``actor``'s role does not allow ``action`` (``doing``: what
    the refusal says was being done, when the permission's own name would mislead)."""
    from vetdesk.domain import permissions
    from vetdesk.domain.problems import RuleViolation

    problems = permissions.check(actor.role, permissions.Action(action), kind, doing)
    if problems:
        raise RuleViolation(problems)

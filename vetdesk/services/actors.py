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

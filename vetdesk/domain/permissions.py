"""Who may do what: the four roles of an office, as pure rules the services apply.

administrator — users, settings, everything; officer — all records, printing, imports; instructor — reads
the apprentices they instruct and records assessments and feedback for them, nothing else; viewer —
reads records and sees and exports statistics; it does not export lists of records (personal data in bulk), nor
write an apprentice's records to a file (a progress report, an assessment or weekly report form, the progress
matrix).
"""

from __future__ import annotations

from enum import StrEnum

from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import N_, _


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    OFFICER = "officer"
    INSTRUCTOR = "instructor"
    VIEWER = "viewer"


ROLE_LABELS = {
    Role.ADMINISTRATOR: N_("administrator"),
    Role.OFFICER: N_("officer"),
    Role.INSTRUCTOR: N_("instructor"),
    Role.VIEWER: N_("viewer"),
}


class Action(StrEnum):
    READ = "read"
    WRITE = "write"  # create, change, delete records
    PRINT = "print"
    IMPORT = "import"
    ASSESS = "assess"  # record assessments and feedback
    SETTINGS = "settings"
    USERS = "users"
    STATISTICS = "statistics"
    BACKUP = "backup"  # take a full copy of the database, or replace it with one (administrators only)
    EXPORT = "export"  # write records to a file: a list, the progress matrix, a progress report or assessment form
    # (personal data: not a viewer's; an instructor's hold only the apprentices they instruct)


_ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ADMINISTRATOR: frozenset(Action),
    Role.OFFICER: frozenset({Action.READ, Action.WRITE, Action.PRINT, Action.IMPORT, Action.ASSESS,
                             Action.STATISTICS, Action.EXPORT}),
    Role.INSTRUCTOR: frozenset({Action.READ, Action.ASSESS, Action.EXPORT}),  # their own apprentices' lists
    Role.VIEWER: frozenset({Action.READ, Action.STATISTICS}),
}

#: Kinds an instructor may read at all (restricted further to their own apprentices by the services).
INSTRUCTOR_READABLE = frozenset({"apprentices", "agreements", "assessments", "programmes", "competencies",
                                 "positions", "rotation_plans", "rotations",
                                 "feedback", "logbook", "attendance"})


#: The right that adding or changing records of a kind needs, where it is not the right to change records:
#: instructors record assessments, feedback, weekly reports and attendance (a kind's ``permission`` reads it).
KIND_WRITE_ACTION: dict[str, Action] = {"assessments": Action.ASSESS, "feedback": Action.ASSESS,
                                        "logbook": Action.ASSESS, "attendance": Action.ASSESS}


def write_action(kind: str) -> Action:
    return KIND_WRITE_ACTION.get(kind, Action.WRITE)


def delete_action(kind: str) -> Action:
    """The right that deleting a record of ``kind`` entered by mistake needs: changing records, the office's, for
    every kind. An instructor records assessments, feedback, weekly reports and attendance but deletes none: a
    report to correct is returned with a note, a rating is followed by a later one (``kind`` is asked so that a
    kind could be given its own right)."""
    return Action.WRITE


def print_needs(document: str) -> tuple[Action, ...]:
    """The rights printing ``document`` needs: agreements, certificates, amendments and collaboration agreements
    the right to print documents; an apprentice's progress report, assessment form or weekly report form the right
    to read them and to write records to a file (an instructor's own apprentices; never a viewer, who reads them
    on screen)."""
    if document in ("progress", "form", "week"):
        return (Action.READ, Action.EXPORT)
    return (Action.PRINT,)


def may(role: str, action: Action, kind: str | None = None) -> bool:
    """Whether ``role`` may do ``action`` (on records of ``kind``): what :func:`check` refuses, asked first."""
    return not check(role, action, kind)


def roles_allowed(action: Action) -> list[Role]:
    """The roles that may do ``action``, in the order of :class:`Role` (to tell a person whom to ask)."""
    return [role for role in Role if action in _ALLOWED[role]]


def readable_kinds(role: str, kinds: frozenset[str] | set[str]) -> frozenset[str]:
    """Which of ``kinds`` a role may read at all (an instructor's are narrowed to their apprentices' rows)."""
    return frozenset(k for k in kinds if may(role, Action.READ, k))


def parse_role(value: str) -> Role | Problem:
    try:
        return Role(value.strip().lower())
    except ValueError:
        return error("role", _("{value} is not a role; use administrator, officer, instructor or viewer.")
                     .format(value=value), "role.unknown")


def check(role: str, action: Action, kind: str | None = None, doing: str | None = None) -> list[Problem]:
    """An empty list when ``role`` may do ``action`` on records of ``kind``; else the refusal, naming what was
    being done (``doing``, in the user's words) or else the permission it needs."""
    r = Role(role)
    if action not in _ALLOWED[r]:
        return [error("user", _("Your role ({role}) does not allow this ({action}). Ask an administrator.")
                      .format(role=_(ROLE_LABELS[r]), action=doing or _(_ACTION_LABELS[action])),
                      "permission.denied")]
    if r is Role.INSTRUCTOR and action is Action.READ and kind is not None and kind not in INSTRUCTOR_READABLE:
        return [error("user", _("Instructors see only their own apprentices, their agreements and "
                                "assessments."), "permission.kind")]
    return []


_ACTION_LABELS = {
    Action.READ: N_("read records"),
    Action.WRITE: N_("change records"),
    Action.PRINT: N_("print documents"),
    Action.IMPORT: N_("import data"),
    Action.ASSESS: N_("record assessments"),
    Action.SETTINGS: N_("change settings"),
    Action.USERS: N_("manage users"),
    Action.STATISTICS: N_("see statistics"),
    Action.BACKUP: N_("back up or restore the database"),
    Action.EXPORT: N_("export lists of records"),
}

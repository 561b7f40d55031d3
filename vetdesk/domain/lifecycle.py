"""The life cycle of a learning agreement.

draft → printed → signed → active → completed, or terminated (with date and reason) from signed or
active. A printed agreement that needs changes goes back to draft and is printed again.
"""

from __future__ import annotations

from enum import StrEnum

from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import N_, _


class Status(StrEnum):
    DRAFT = "draft"
    PRINTED = "printed"
    SIGNED = "signed"
    ACTIVE = "active"
    COMPLETED = "completed"
    TERMINATED = "terminated"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.PRINTED}),
    Status.PRINTED: frozenset({Status.SIGNED, Status.DRAFT}),
    Status.SIGNED: frozenset({Status.ACTIVE, Status.TERMINATED}),
    Status.ACTIVE: frozenset({Status.COMPLETED, Status.TERMINATED}),
    Status.COMPLETED: frozenset(),
    Status.TERMINATED: frozenset(),
}

#: Statuses in which the agreement's terms (parties, dates, hours) may still change.
EDITABLE = frozenset({Status.DRAFT, Status.PRINTED})
#: Statuses that count towards an instructor's load and an apprentice's overlapping periods.
CURRENT = frozenset({Status.PRINTED, Status.SIGNED, Status.ACTIVE})
#: Statuses with no way on: the agreement has ended (completed or terminated).
ENDED = frozenset(s for s, onward in TRANSITIONS.items() if not onward)


def reachable(start: Status) -> frozenset[Status]:
    """``start`` and every status an agreement in it can still reach."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in TRANSITIONS[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return frozenset(seen)

_LABELS = {
    Status.DRAFT: N_("draft"),
    Status.PRINTED: N_("printed"),
    Status.SIGNED: N_("signed"),
    Status.ACTIVE: N_("active"),
    Status.COMPLETED: N_("completed"),
    Status.TERMINATED: N_("terminated"),
}


def status_label(status: str) -> str:
    """The status as people read it, in the interface language."""
    return _(_LABELS[Status(status)])


def parse_status(value: str, field: str = "status") -> Status | Problem:
    """A status by its code (``active``) or its word in any of vetdesk's languages (``vigente``, ``aktiv``),
    without case or accents; refused listing the words of the user's language."""
    from vetdesk import i18n
    from vetdesk.domain.normalize import fold

    word = fold(value.strip())
    for status in Status:
        if word in {status.value, *(fold(i18n.translator(language).gettext(_LABELS[status]))
                                    for language in i18n.LANGUAGES)}:
            return status
    names = ", ".join(status_label(s.value) for s in Status)
    return error(field, _("{value} is not an agreement status; use one of: {names}.")
                 .format(value=value, names=names), "status.unknown")


def check_transition(current: str, new: str, field: str = "status") -> list[Problem]:
    old, target = Status(current), Status(new)
    if old == target or target in TRANSITIONS[old]:
        return []
    allowed = ", ".join(sorted(status_label(s) for s in TRANSITIONS[old]))
    if not allowed:
        return [error(field, _("The agreement is {old}; it cannot change status any more. Draw up a new "
                               "agreement instead.").format(old=status_label(old)), "status.final")]
    return [error(field, _("An agreement cannot go from {old} to {new}; from {old} it can go to: "
                           "{allowed}.").format(old=status_label(old), new=status_label(target), allowed=allowed),
                  "status.transition")]

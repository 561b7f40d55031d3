"""What a person may choose where a record points at another: the names offered by a form's pickers and a
list's filters, as far as the signed-in user's role lets them read.

A role that reads a kind is offered its records. An instructor reads neither companies nor schools nor staff,
yet their apprentices' records name them: they are offered the ones their own agreements point at (their
company, their apprentices' schools, themselves), and nothing else. The window asks here and never catches a
refusal to hide it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from vetdesk.domain import permissions
from vetdesk.i18n import _
from vetdesk.services.actors import SYSTEM, Actor

if TYPE_CHECKING:
    from vetdesk.storage.engine import Database

# The rights (may_read, may, may_create) are asked while the window is built, before SQLAlchemy is loaded
# (see ui.app): they need the role alone. The names are read with the records' services, loaded when asked.

#: The column a record is named by in a picker.
NAME_KEY = {"apprentices": "name", "companies": "name", "schools": "name", "programmes": "name",
            "instructors": "name", "tutors": "name", "agreements": "reference", "coordinators": "name",
            "positions": "name", "rotation_plans": "name", "collaborations": "reference", "competencies": "code"}

#: The agreement's column that points at a record of each kind an instructor cannot list.
_AGREEMENT_COLUMN = {"companies": "company_id", "schools": "school_id", "instructors": "instructor_id",
                     "tutors": "tutor_id", "programmes": "programme_id"}


def _actor(db: Database) -> Actor:
    principal = getattr(db, "principal", None)
    return principal if isinstance(principal, Actor) else SYSTEM


def may_read(db: Database, kind: str) -> bool:
    """Whether the signed-in user may list records of ``kind`` at all."""
    return permissions.may(_actor(db).role, permissions.Action.READ, kind)


def may(db: Database, action: str, kind: str | None = None) -> bool:
    """Whether the signed-in user's role allows ``action`` (read, write, print, assess…) on ``kind``."""
    return permissions.may(_actor(db).role, permissions.Action(action), kind)


def may_print(db: Database, document: str) -> bool:
    """Whether the signed-in user's role may print ``document`` ("progress", "form", "agreement"…): what
    ``documents.may_print`` refuses, asked first (``permissions.print_needs``)."""
    role = _actor(db).role
    return all(permissions.may(role, action, "apprentices" if action is permissions.Action.READ else None)
               for action in permissions.print_needs(document))


def who_may(action: str) -> str:
    """The roles that may do ``action``, in the user's words ("administrator"; "administrator, officer")."""
    return ", ".join(_(permissions.ROLE_LABELS[role]) for role in permissions.roles_allowed(permissions.Action(action)))


def role_label(db: Database) -> str:
    """The signed-in user's role in the user's words."""
    return _(permissions.ROLE_LABELS[permissions.Role(_actor(db).role)])


def _named_by_own_agreements(db: Database, kind: str) -> Any:
    """For an instructor: the condition on ``kind``'s rows that their own agreements point at (None: none
    may be named to this user)."""
    from sqlalchemy import select

    from vetdesk.services.kinds import KINDS
    from vetdesk.storage.models import LearningAgreement

    actor = _actor(db)
    column = _AGREEMENT_COLUMN.get(kind)
    if column is None or actor.role != permissions.Role.INSTRUCTOR.value:
        return None
    return KINDS[kind].model.id.in_(select(getattr(LearningAgreement, column)).where(
        LearningAgreement.instructor_id == (actor.instructor_id or -1)))


def display_names(db: Database, kind: str, ids: Sequence[int]) -> dict[int, str]:
    """The names of records of ``kind`` a list shows where its rows point at them: all of them for a role
    that reads the kind, else those the user's own agreements name (an instructor's company, schools)."""
    return display_names_of(db, {kind: ids})[kind]


def display_names_of(db: Database, wanted: Mapping[str, Sequence[int]]) -> dict[str, dict[int, str]]:
    """:func:`display_names` of several kinds (a list page's references): those the user reads in one session."""
    from sqlalchemy import select

    from vetdesk.services import records
    from vetdesk.services.kinds import KINDS
    from vetdesk.services.uow import reading

    readable = {kind: ids for kind, ids in wanted.items() if may_read(db, kind)}
    names = records.display_names_of(db, readable) if readable else {}
    for kind, ids in wanted.items():
        if kind in readable:
            continue
        inside = _named_by_own_agreements(db, kind)
        if inside is None or not ids:
            names[kind] = {}
            continue
        model = KINDS[kind].model
        with reading(db) as session:
            names[kind] = {row[0]: str(row[1]) for row in session.execute(
                select(model.id, model.name).where(model.id.in_(ids), inside))}
    return names


def may_create(db: Database, kind: str) -> bool:
    """Whether the signed-in user may add records of ``kind`` (an instructor: assessments only)."""
    return may(db, permissions.write_action(kind).value, kind)


def reference_choices(db: Database, kind: str, **filters: Any) -> list[tuple[str, int]]:
    """(name, id) of the records of ``kind`` the user may pick, optionally filtered (company_id=…,
    school_id=…), in the list's order. A retired record (``retired_on``) is offered no more; a form that
    shows one chosen before names it with :func:`display_names`."""
    from sqlalchemy import select

    from vetdesk.services import records
    from vetdesk.services.kinds import KINDS
    from vetdesk.services.uow import reading

    key = NAME_KEY.get(kind, "name")
    if may_read(db, kind):
        rows = records.list_records(db, kind, records.ListQuery(**filters))
        return [(str(r.get(key) or f"#{r['id']}"), r["id"]) for r in rows if not r.get("retired_on")]
    inside = _named_by_own_agreements(db, kind)
    if inside is None:
        return []
    model = KINDS[kind].model
    stmt = select(model).where(inside)
    for name, value in filters.items():
        if value is not None and hasattr(model, name):
            stmt = stmt.where(getattr(model, name) == value)
    with reading(db) as session:
        rows = [records.to_dict(KINDS[kind], obj) for obj in session.scalars(stmt)]
    rows = [r for r in rows if not r.get("retired_on")]
    rows.sort(key=lambda r: str(r.get(key) or "").casefold())
    return [(str(r.get(key) or f"#{r['id']}"), r["id"]) for r in rows]

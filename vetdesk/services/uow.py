"""Units of work: every change is a named operation that lands whole or not at all."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec, TypeVar, cast

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _
from vetdesk.services import scope
from vetdesk.services.actors import SYSTEM, Actor
from vetdesk.services.actors import authorize as authorize
from vetdesk.services.audit_rows import audit_row
from vetdesk.services.audit_rows import jsonable as jsonable
from vetdesk.services.audit_rows import utcnow as utcnow
from vetdesk.services.changes import NOTHING, ChangeSet
from vetdesk.storage.engine import Database
from vetdesk.storage.models import AuditEntry


@dataclass
class UnitOfWork:
    session: Session
    label: str
    actor: Actor
    entries: list[Any] = field(default_factory=list)  # AuditEntry objects, and AuditedMany (written in bulk)
    #: What the unit of work changed, once it has committed (from its audit entries).
    changes: ChangeSet = NOTHING
    #: When it ran: every audit entry it writes carries this one moment, which (with the person and the
    #: operation's name) tells the entries of one operation from the next one's (undo takes back an operation
    #: whole: services.undo).
    at: datetime = field(default_factory=utcnow)

    def audit(self, *, kind: str, record_id: int | None, action: str,
              before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
              columns: dict[str, Any] | None = None) -> None:
        """Record one change; written in this same transaction, never updated afterwards (``columns``: a deleted
        record's other columns, ``audit_rows.audit_row``)."""
        entry = AuditEntry(**audit_row(self.actor, self.label, kind=kind, record_id=record_id, action=action,
                                       before=before, after=after, at=self.at, columns=columns))
        self.session.add(entry)
        self.entries.append(entry)

    def audit_many(self, kind: str, action: str, records: Sequence[tuple[int, dict[str, Any]]],
                   befores: Sequence[dict[str, Any] | None] = ()) -> None:
        """Record the same change (``action``) of many records of ``kind`` (``(id, the record after)``; ``befores``:
        what each was before, for a change), each its own entry as :meth:`audit` writes it, in multi-row INSERTs:
        an import's or the demonstration's thousands of new records without an ORM object per entry. Entries made
        before keep their order."""
        if not records:
            return
        from sqlalchemy import Table, insert

        self.session.flush()  # earlier entries (and the records themselves) first: the trail keeps their order
        before = list(befores) or [None] * len(records)
        rows = [audit_row(self.actor, self.label, kind=kind, record_id=record_id, action=action, before=was,
                          after=after, at=self.at)
                for (record_id, after), was in zip(records, before, strict=True)]
        # The entries' ids as a set (the change set's): asking them back in the rows' order costs SQLite one
        # statement per row.
        table = cast(Table, AuditEntry.__table__)
        ids = tuple(self.session.scalars(insert(table).returning(AuditEntry.id), rows))
        self.entries.append(AuditedMany(kind, action, tuple(record_id for record_id, _after in records), ids))


@dataclass(frozen=True, slots=True)
class AuditedMany:
    """The audit entries written in bulk by one :meth:`UnitOfWork.audit_many`, as the unit of work's change set
    reads them: the records' ids, and the entries' ids (as a set: not in the records' order)."""

    kind: str
    action: str
    record_ids: tuple[int, ...]
    ids: tuple[int, ...]


def acting(db: Database, actor: Actor = SYSTEM) -> Actor:
    """The actor a service works for: the one a caller names, else the database handle's signed-in user."""
    if actor is SYSTEM and isinstance(db.principal, Actor):
        return db.principal
    return actor


def own_name(actor: Actor, given: str | None, session: Session | None = None) -> str | None:
    """The name written as a rating's rater or a note's author: an instructor records in their own name only
    (never another's) — their name as the office records it, read in ``session``, not their login; an office
    user may name the person whose rating they type in."""
    if actor.role == "instructor":
        if session is not None and actor.instructor_id is not None:
            from sqlalchemy import select

            from vetdesk.storage.models import Instructor

            name = session.scalar(select(Instructor.name).where(Instructor.id == actor.instructor_id))
            if name:
                return str(name)
        return actor.username
    return given or actor.username


#: (table, column) -> (field name, label): set by the record registry (``services.records``), which knows the
#: fields; a unique key it does not name is reported without a field.
def _no_field(_table: str, _column: str) -> tuple[str, str] | None:
    return None


describe_column: Callable[[str, str], tuple[str, str] | None] = _no_field


def _constraint_field(exc: IntegrityError) -> tuple[str, str] | None:
    """(field name, its label in the user's words) of the unique key a write ran into, if it can be told."""
    import re

    orig = exc.orig
    diag = getattr(orig, "diag", None)
    name = getattr(diag, "constraint_name", None) if diag is not None else None
    table_name = getattr(diag, "table_name", None) if diag is not None else None
    if name and table_name and name.startswith(f"uq_{table_name}_"):
        return describe_column(table_name, name[len(f"uq_{table_name}_"):])
    found = re.search(r"UNIQUE constraint failed: (\w+)\.(\w+)", str(orig))
    if found:
        return describe_column(*found.groups())
    return None


#: Constraint name -> what a write refused by that constraint of the database is told, in the words of the rule
#: the constraint keeps (set by the module that knows the rule: ``services.kinds`` for the agreements' overlap).
#: It is given the unit of work's session, rolled back (a read there sees what refused the write, in the
#: actor's scope), and the error; None: the general refusal below.
constraint_refusals: dict[str, Callable[[Session, IntegrityError], RuleViolation | None]] = {}


def _constraint_name(exc: IntegrityError) -> str | None:
    diag = getattr(exc.orig, "diag", None)
    return getattr(diag, "constraint_name", None) if diag is not None else None


def concurrent_refusal(exc: StaleDataError | IntegrityError, session: Session | None = None) -> RuleViolation:
    """What a write that lost a race to another PC's is told: the record changed since it was read (its
    version), another record took the same unique value at the same moment, or the database refused what a
    rule forbids (the rule's own message). Nothing was written."""
    if isinstance(exc, IntegrityError) and session is not None:
        refusal = constraint_refusals.get(_constraint_name(exc) or "")
        try:
            answer = refusal(session, exc) if refusal is not None else None
        except Exception:  # noqa: BLE001 - the general refusal below still says what happened
            session.rollback()
            answer = None
        if answer is not None:
            return answer
    if isinstance(exc, StaleDataError):
        return RuleViolation([error("version", _("Someone else saved this record since you opened it. Reload it "
                                                 "and enter your changes again."), "version.conflict")])
    field = _constraint_field(exc)
    if field is not None:
        return RuleViolation([error(field[0], _("{field}: another record already has this value (perhaps saved "
                                                "from another computer a moment ago). Check it, reload and try "
                                                "again.").format(field=field[1]), "unique.conflict")])
    return RuleViolation(write_raced().problems)


class WriteRaced(RuleViolation):
    """The database broke a deadlock (or a serialization failure) between this write and another computer's
    by rolling this one back: nothing was written, and running the whole operation again is safe."""


#: PostgreSQL's SQLSTATEs for "rolled back to let another transaction through": serialization_failure and
#: deadlock_detected.
_RACE_STATES = frozenset({"40001", "40P01"})


def _raced(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in _RACE_STATES


def write_raced() -> WriteRaced:
    return WriteRaced([error("record", _("Another computer changed the same records at the same moment. "
                                         "Reload and try again."), "write.conflict")])


_P = ParamSpec("_P")
_R = TypeVar("_R")

#: How often a named operation runs when the database keeps rolling it back in favour of another computer's.
RACE_ATTEMPTS = 3


def retried(operation: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a named operation (one that opens its own unit of work) again from the start when the database
    rolled it back to let another computer's write through (:class:`WriteRaced`): the second run reads what
    the other one committed and meets the rules, or the database's constraint, with their own message. After
    :data:`RACE_ATTEMPTS` runs the refusal stands."""

    @functools.wraps(operation)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        for _attempt in range(RACE_ATTEMPTS - 1):
            try:
                return operation(*args, **kwargs)
            except WriteRaced:
                continue
        return operation(*args, **kwargs)

    return run


@contextmanager
def unit_of_work(db: Database, label: str, actor: Actor = SYSTEM, *,
                 permission: str | None = "write") -> Iterator[UnitOfWork]:
    """Open a write transaction named ``label`` for ``actor`` (who must hold ``permission``: by default the
    right to change records); commit on exit, roll back on any error. Once committed, what it changed
    (:class:`ChangeSet`, from its audit entries) is in ``uow.changes`` and announced to the database's
    listeners."""
    actor = acting(db, actor)
    if permission is not None:
        authorize(actor, permission)
    with db.writer() as session:
        scope.bind(session, actor)
        uow = UnitOfWork(session, label, actor)
        try:
            yield uow
            session.commit()
        except (StaleDataError, IntegrityError) as exc:
            session.rollback()
            raise concurrent_refusal(exc, session) from None  # no row, value or SQL of the driver's message
        except OperationalError as exc:
            session.rollback()
            if _raced(exc):
                raise write_raced() from None
            raise
        except BaseException:
            session.rollback()
            raise
    uow.changes = ChangeSet.of(label, actor.username, uow.entries)
    if not uow.changes.empty:
        db.announce(uow.changes)


@contextmanager
def reading(db: Database, actor: Actor = SYSTEM) -> Iterator[Session]:
    """A read-only session (one consistent snapshot) for ``actor`` (by default the database handle's signed-in
    user): it sees only the rows of their scope (:mod:`vetdesk.services.scope`)."""
    with db.reader() as session:
        scope.bind(session, acting(db, actor))
        try:
            yield session
        finally:
            session.rollback()

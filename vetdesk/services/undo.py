"""Taking back a mistake: delete a record entered by mistake (only when nothing depends on it), and undo the
last change a person made (Ctrl+Z in the window).

Both are operations like any other: one transaction, audited, refused with a reason (and nothing written)
when they cannot be done. Undoing reads the person's last audit entry on a record and applies its "before"
through the records' one write path (every rule runs again); it is refused when someone changed the record
since, or when there is nothing of theirs to undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from vetdesk.domain import permissions
from vetdesk.domain.lifecycle import Status
from vetdesk.domain.problems import Problem, RuleViolation, error, errors
from vetdesk.i18n import N_, _, counted, ngettext, upper_first
from vetdesk.services import records
from vetdesk.services import uow as uow_module
from vetdesk.services.actors import authorize
from vetdesk.services.changes import ChangeSet
from vetdesk.services.kinds import KINDS
from vetdesk.services.uow import acting, reading, unit_of_work
from vetdesk.storage.engine import Database
from vetdesk.storage.models import AuditEntry


@dataclass(frozen=True)
class Undoable:
    """The change Ctrl+Z would take back: its audit entry, the operation's name and the record's kind."""

    entry_id: int
    operation: str
    kind: str
    record_id: int
    action: str
    #: The audit entries of the whole operation (its unit of work), last first: an import of several rows is
    #: undone whole. One entry for an operation of one record (and for entries written before units of work
    #: stamped their entries with one moment).
    entry_ids: tuple[int, ...] = ()
    #: When the operation ran (UTC).
    at: Any = None

    @property
    def size(self) -> int:
        return max(1, len(self.entry_ids))


def undone_words(db: Database, last: Undoable) -> str:
    """What was taken back, as the window's status bar and ``vetdesk undo`` say it: the operation and, when the
    record is still there (a change or a deletion taken back), which one ("Undone: Change: school — CETIS 57");
    the trial's officer read "Undone: Change: school" and could not tell which."""
    from vetdesk.services.records import display_names

    name = display_names(db, last.kind, [last.record_id], actor=acting(db)).get(last.record_id, "") \
        if last.action != "create" else ""
    if not name:
        return _("Undone: {operation}").format(operation=last.operation)
    return _("Undone: {operation} \u2014 {record}").format(operation=last.operation, record=name)


#: The tables that hold a kind's own lists (a position's competencies, a plan's steps): part of the record, so
#: they go with it when it is deleted and come back with it when the delete is undone.
OWNED_TABLES: dict[str, frozenset[str]] = {
    "positions": frozenset({"position_competencies"}),
    "rotation_plans": frozenset({"rotation_plan_steps"}),
    "logbook": frozenset({"logbook_week_competencies"}),  # the competencies ticked on a weekly report
}


#: Tables of no kind whose rows keep a record: how they are counted in a refusal ("1 attached file"), and what to
#: do about them.
OTHER_WORDS: dict[str, tuple[str, str]] = {"week_attachments": (N_("attached file"), N_("attached files"))}
OTHER_ADVICE: dict[str, str] = {"week_attachments": N_("Remove its attached files first (Attachments, Remove), "
                                                       "after saving a copy of any you still need.")}


def _tables_of(session: Any, kind: str, record_id: int) -> set[str]:
    """The names of the tables of no kind (:data:`OTHER_WORDS`) whose rows point at this record."""
    table = KINDS[kind].model.__table__
    found = set()
    for name in OTHER_WORDS:
        other = table.metadata.tables[name]
        for fk in other.foreign_keys:
            if fk.column.table is table and session.scalar(
                    select(func.count()).select_from(other).where(fk.parent == record_id, *_held(other))):
                found.add(name)
    return found


def _held(table: Any) -> list[Any]:
    """A table whose rows are kept when removed (a weekly report's files, for undo): only those not removed
    refer to a record."""
    return [table.c.removed_at.is_(None)] if "removed_at" in table.c else []


def _dependents(session: Any, kind: str, record_id: int) -> list[tuple[str, int]]:
    """(how many, in words: "1 learning agreement", how many) of the rows that point at this record."""
    table = KINDS[kind].model.__table__
    words = {k.model.__table__.name: (k.singular, k.plural) for k in KINDS.values()} | OTHER_WORDS
    owned = OWNED_TABLES.get(kind, frozenset())
    found: list[tuple[str, int]] = []
    for other in table.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table or other.name == "audit_entries" or other.name in owned:
                continue
            n = session.scalar(select(func.count()).select_from(other).where(fk.parent == record_id,
                                                                             *_held(other))) or 0
            if n:
                found.append((counted(int(n), *words.get(other.name, (N_("other record"), N_("other records")))),
                              int(n)))
    return found


#: Marks an undo's operation name in the audit, whatever the language it was written in: undoing again steps
#: further back instead of undoing the undo.
UNDO_MARK = "↶ "


def _is_undo(entry: AuditEntry) -> bool:
    return entry.operation.startswith(UNDO_MARK)


def delete_record(db: Database, kind: str, record_id: int, *, label: str | None = None) -> ChangeSet:
    """Delete a record entered by mistake. Refused, with the reason, when anything depends on it (retire a
    company, school or instructor instead) or when it is an agreement past its draft."""
    k = KINDS[kind]
    singular = _(k.singular)
    with unit_of_work(db, label or _("Delete {kind}").format(kind=singular), permission=None) as uow:
        _may_delete(uow.actor, kind)
        _delete_in(uow, kind, record_id)
    return uow.changes


def may_delete(db: Database, kind: str) -> bool:
    """Whether the signed-in person's role may delete records of ``kind`` at all (asked before "Delete…" is
    offered: an instructor is not offered what :func:`delete_record` refuses them)."""
    try:
        _may_delete(acting(db), kind)
    except RuleViolation:
        return False
    return True


def _may_delete(actor: Any, kind: str) -> None:
    """Refuse a role that may not delete records of ``kind`` (:func:`permissions.delete_action`), saying so."""
    authorize(actor, permissions.delete_action(kind).value, doing=_("delete records"))


def deletion_refused(db: Database, kind: str, record_id: int) -> list[Problem]:
    """Why :func:`delete_record` would refuse to delete this record (nothing when it may be deleted), asked
    before the window asks "Delete …?": a record that cannot go is not first offered for deletion."""
    try:
        _may_delete(acting(db), kind)
        with reading(db) as session:
            _deletable(session, acting(db), kind, record_id)
    except RuleViolation as refusal:
        return refusal.problems
    return []


def _deletable(session: Any, actor: Any, kind: str, record_id: int) -> Any:
    """The record to delete, or the refusal :func:`delete_record` gives (another's record, a printed agreement or
    signed report, one that other records refer to)."""
    k = KINDS[kind]
    singular = _(k.singular)
    records._require_scope(session, actor, k, [record_id])  # an instructor: only their own
    obj = session.get(k.model, record_id)
    if obj is None:
        raise RuleViolation([error("id", _("There is no {kind} with id {id}.").format(kind=singular, id=record_id),
                                   "record.missing")])
    status = getattr(obj, "status", None)
    if status is not None and status != Status.DRAFT.value:
        kept = k.kept_past_draft
        if kept is not None and not isinstance(kept, str):  # one piece of advice per status
            kept = kept.get(status, kept[""])
        message = _(kept).format(status=k.status_text(status)) \
            if kept else _("Only a draft can be deleted; this {kind} was printed already. "
                           "Terminate it instead, which keeps its history.").format(kind=singular)
        raise RuleViolation([error("status", message, "delete.not_draft")])
    depending = _dependents(session, kind, record_id)
    if depending:
        listed = ", ".join(words for words, _n in depending)
        # The verb agrees with what refers to it: "1 agreement refers", "2 agreements refer".
        message = ngettext("This {kind} cannot be deleted: {listed} refers to it.",
                           "This {kind} cannot be deleted: {listed} refer to it.",
                           sum(n for _words, n in depending)).format(kind=singular, listed=listed)
        message += "".join(" " + _(OTHER_ADVICE[name]) for name in sorted(_tables_of(
            session, kind, record_id) & set(OTHER_ADVICE)))
        if "retired_on" in {f.name for f in k.fields}:
            message += " " + _("Retire it instead (Retired on): it leaves the pickers and keeps its history.")
        raise RuleViolation([error("id", message, "delete.depended_on")])
    return obj


def _delete_in(uow: Any, kind: str, record_id: int) -> None:
    """Delete one record inside the caller's unit of work, refused as :func:`delete_record` says."""
    k = KINDS[kind]
    obj = _deletable(uow.session, uow.actor, kind, record_id)
    before = records.to_dict(k, obj)
    # Its other columns (when it was made and last changed, an agreement's printed annex…): kept for an undo
    # that brings it back exactly as it was (_restore_in). Not its search text and sort key: made again from its
    # fields, and an apprentice's name is kept in the audit only where anonymising finds it (privacy).
    table = k.model.__table__
    row = uow.session.execute(select(table).where(table.c.id == record_id)).mappings().one()
    columns = {name: value for name, value in row.items() if name not in before and name not in _DERIVED}
    for name in OTHER_WORDS:  # rows kept only for undo of their removal (a week's removed files) go with it
        other = k.model.__table__.metadata.tables[name]
        for fk in other.foreign_keys:
            if fk.column.table is k.model.__table__ and "removed_at" in other.c:
                uow.session.execute(other.delete().where(fk.parent == record_id, other.c.removed_at.isnot(None)))
    for owned in OWNED_TABLES.get(kind, frozenset()):  # its own lists go with it (and come back on undo)
        table = k.model.__table__.metadata.tables[owned]
        column = next(fk.parent for fk in table.foreign_keys if fk.column.table is k.model.__table__)
        uow.session.execute(table.delete().where(column == record_id))
    uow.session.expire(obj)
    uow.session.delete(obj)
    uow.session.flush()
    uow.audit(kind=kind, record_id=record_id, action="delete", before=before, columns=columns)


#: What undo takes back: a record created, changed, deleted, or moved along its life cycle (a weekly report
#: returned, a signature recorded) through the records' one write path, whose rules run again on the way back.
UNDOABLE_ACTIONS = ("create", "update", "delete", "status")
#: What changed nothing of a record (a document printed, a sign-in): not an operation undo steps over or takes
#: back.
_NOT_CHANGES = ("login",)


def _changed_nothing(session: Any, entry: AuditEntry) -> bool:
    """A printing that moved no status (a progress report, a copy printed again): it changed no record, so undo
    looks past it. A printing that moved a draft to "printed" is one with its status entry, and is not skipped."""
    if entry.action in _NOT_CHANGES:
        return True
    if entry.action != "print":
        return False
    status = session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.id < entry.id, AuditEntry.id >= entry.id - 5, AuditEntry.kind == entry.kind,
        AuditEntry.record_id == entry.record_id, AuditEntry.action == "status",
        AuditEntry.operation == entry.operation))
    return not status


#: The most audit entries an operation undo takes back whole may have written (an import of a few rows); a
#: larger one (the demonstration data, an import of thousands) is refused by name, with what to do instead.
UNDO_LIMIT = 500


def _key(entry: AuditEntry) -> tuple[Any, ...]:
    """What the entries of one operation share: who, its name, and its unit of work's moment."""
    return (entry.username, entry.operation, entry.at)


def last_undoable(db: Database) -> Undoable | None:
    """The signed-in person's last operation on records not undone yet (each undo steps one further back), if
    nobody changed those records since: what Ctrl+Z takes back, or refuses to (``action`` not one of
    :data:`UNDOABLE_ACTIONS`: an amendment, an attached scan, a printing for signature). Undo never steps past
    the person's last operation to an older one (returning a weekly report is undone, not the week's creation).
    An operation is its unit of work: all the entries it wrote (``entry_ids``, an import's rows) go together."""
    user = acting(db).username
    with reading(db) as session:
        undone = 0
        entry = None
        walked: tuple[Any, ...] | None = None
        for candidate in session.scalars(select(AuditEntry).where(
                AuditEntry.username == user, AuditEntry.kind.in_([*KINDS, "demo"]))
                .order_by(AuditEntry.id.desc()).limit(3 * UNDO_LIMIT)):
            if _key(candidate) == walked:  # another entry of the operation just walked past or counted
                continue
            if _changed_nothing(session, candidate):
                continue
            walked = _key(candidate)
            if _is_undo(candidate):
                undone += 1
            elif undone:
                undone -= 1
            else:
                entry = candidate
                break
        if entry is None:
            return None
        ids = tuple(session.scalars(select(AuditEntry.id).where(
            AuditEntry.username == user, AuditEntry.operation == entry.operation, AuditEntry.at == entry.at,
            AuditEntry.id <= entry.id).order_by(AuditEntry.id.desc()).limit(UNDO_LIMIT + 1)))
        from vetdesk.services.audit_words import shown

        if entry.kind == "demo" or len(ids) > UNDO_LIMIT:  # refused by name (undo_last): nothing more to ask
            return Undoable(entry.id, shown(entry.operation), entry.kind, entry.record_id or 0, entry.action,
                            ids, entry.at)
        if entry.record_id is None:
            return None
        # This person's own later entries were walked past above (undone, or undos); anyone else's wins.
        rows = session.execute(select(AuditEntry.kind, AuditEntry.record_id).where(AuditEntry.id.in_(ids))).all()
        for kind, record_id in rows:
            later = session.scalar(select(func.count(AuditEntry.id)).where(
                AuditEntry.kind == kind, AuditEntry.record_id == record_id, AuditEntry.id > entry.id,
                (AuditEntry.username != user) | AuditEntry.username.is_(None)))
            if later:
                return None
        return Undoable(entry.id, shown(entry.operation), entry.kind, entry.record_id, entry.action, ids, entry.at)


def _too_large(db: Database, last: Undoable) -> RuleViolation:
    """The refusal of an operation too large to take back entry by entry (the demonstration data, a large
    import): what to do instead, naming the backup made before it when there is one."""
    from datetime import UTC, datetime

    from vetdesk.services.backup import list_backups

    before = None
    if last.at is not None:
        try:
            made = [(datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None), path)
                    for path in list_backups(db)]
        except OSError:
            made = []
        earlier = sorted((when, path) for when, path in made if when < last.at)
        before = earlier[-1][1] if earlier else None
    if before is not None:
        advice = _("To go back to how the database was before it, restore the backup {name} made before it "
                   "(File › Restore a backup).").format(name=before.name)
    else:
        advice = _("No backup was made before it: to go back to how the database was before it, delete the "
                   "database and start again (File › New database).")
    return RuleViolation([error("undo", _("“{operation}” wrote many records at once and cannot be undone record "
                                          "by record.").format(operation=last.operation) + " " + advice,
                                "undo.too_large")])


@uow_module.retried
def undo_last(db: Database, *, today: date | None = None) -> ChangeSet:
    """Take back the signed-in person's last operation whole, in one transaction: a new record is deleted (when
    nothing depends on it yet), a change is reversed to what the record held before, a deleted record comes
    back; an operation of several records (an import) is taken back entry by entry, last first. Audited as an
    operation of its own. An operation too large to take back (the demonstration data) is refused by name."""
    last = last_undoable(db)
    if last is None:
        raise RuleViolation([error("undo", _("There is nothing of yours to undo: your last change was undone "
                                             "already, or someone changed that record since."), "undo.nothing")])
    if last.kind == "demo" or last.size > UNDO_LIMIT:
        raise _too_large(db, last)
    label = UNDO_MARK + _("Undo: {operation}").format(operation=last.operation)
    with reading(db) as session:
        entries = [(e.id, e.kind, e.record_id, e.action,
                    dict(e.changes.get("before") or {}) | _columns_tagged(e.changes.get("columns")))
                   for e in session.scalars(select(AuditEntry).where(AuditEntry.id.in_(last.entry_ids or
                                                                                      (last.entry_id,)))
                                            .order_by(AuditEntry.id.desc()))
                   if e.kind in KINDS and e.record_id is not None and not _changed_nothing(session, e)]
    if last.action == "attach":  # files attached to a weekly report are removed again (week_files says which)
        from vetdesk.services.week_files import undo_attach

        undone = undo_attach(db, last.entry_id, label)
        if undone is not None:
            return undone
    if last.action == "detach":  # a weekly report's file removed: it is the week's again
        from vetdesk.services.week_files import undo_detach

        undone = undo_detach(db, last.entry_id, label)
        if undone is not None:
            return undone
    if any(action not in UNDOABLE_ACTIONS for _id, _kind, _record, action, _before in entries) or not entries:
        # The person's last operation; never an older one behind it.
        raise RuleViolation([error("undo", _("{operation} cannot be undone here.").format(
            operation=upper_first(last.operation)), "undo.unsupported")])
    today = today or date.today()
    rights = {KINDS[kind].permission for _id, kind, _record, _action, _before in entries}
    needed = sorted(p for p in rights if p is not None)
    first, others = (needed[0] if needed else None), needed[1:]
    with unit_of_work(db, label, permission=first) as uow:
        for permission in others:
            authorize(uow.actor, permission)
        for _id, kind, record_id, action, before in entries:
            try:
                if action == "create":
                    _delete_in(uow, kind, record_id)
                elif action == "delete":
                    _restore_in(uow, kind, record_id, before, today)
                else:
                    _revert_in(uow, kind, record_id, before, today)
            except records.VersionConflict:
                raise
            except RuleViolation as refusal:  # said as the undo it is (the person asked to undo, not to delete)
                if action == "create":
                    raise RuleViolation([error("undo", _(
                        "Undoing “{operation}” would delete the record, which is refused: {reason}").format(
                            operation=last.operation, reason=p.message), p.code) for p in refusal.errors]) from None
                raise RuleViolation([error("undo", _("“{operation}” cannot be undone: {reason}").format(
                    operation=last.operation, reason=p.message), p.code) for p in refusal.errors]) from None
    return uow.changes


def _stored(f: Any, value: Any) -> Any:
    """A value as the audit kept it (a date as text), as the record stores it."""
    from vetdesk.services import fields as F

    if value is None or (f.type in F.TEXT_TYPES and isinstance(value, str)):
        return value  # as it was stored: read again as typed input, a reference lost its hyphens
    parsed, problem = F.parse_value(f, value)
    return value if problem is not None else parsed


def _conflicts(problems: list[Problem]) -> list[Problem]:
    """What keeps a record from going back to what it held: a real conflict with what changed since (a key or
    a name taken, dates overlapping another record's, a record it refers to gone). Every other rule is left
    out: undo puts back a state that was stored, it is no new edit, and a rule about completeness (a minor's
    guardian) or a value's form (a word typed before choices were closed) must not keep it from coming back."""
    return [p for p in errors(problems)
            if p.code in ("ref.missing", "record.missing") or "duplicate" in p.code or "overlap" in p.code
            or p.code.endswith(".taken")]


def _exact(k: Any, before: dict[str, Any]) -> dict[str, Any]:
    """Every field the record held before, as it was stored."""
    return {f.name: _stored(f, before[f.name]) for f in k.fields if f.name in before and f.name != "id"}


def _revert_in(uow: Any, kind: str, record_id: int, before: dict[str, Any], today: date) -> None:
    """Put back what one change altered, inside the caller's unit of work, exactly as it was: the fields a person
    edits and the ones the operation set by itself (a weekly report's review date). The records' rules run again
    and refuse only a conflict with what changed since (:func:`_conflicts`)."""
    k = KINDS[kind]
    records._require_scope(uow.session, uow.actor, k, [record_id])
    editable = {f.name: before[f.name] for f in k.fields if f.editable and f.name in before and f.name != "id"}
    exact = _exact(k, before)
    if not exact:
        raise RuleViolation([error("undo", _("This change cannot be undone here."), "undo.unsupported")])
    merged, problems, obj = records._problems(uow.session, k, editable, record_id, today)
    records._decide(_conflicts(problems), accept_warnings=True)
    records.apply_change(uow, k, obj, merged | exact, today=today)


#: Columns made from a record's fields whenever it is written (``records.new_row``).
_DERIVED = frozenset({"search_text", "sort_key"})
#: Where a deletion's other columns travel beside its fields on their way to :func:`_restore_in`.
_COLUMNS = "\x00columns"


def _columns_tagged(columns: Any) -> dict[str, Any]:
    return {_COLUMNS: dict(columns)} if isinstance(columns, dict) and columns else {}


def _columns_stored(k: Any, columns: dict[str, Any]) -> dict[str, Any]:
    """A deleted record's other columns as the audit kept them (a moment as text), as its table stores them;
    a column its table no longer has is left out."""
    from datetime import datetime
    from decimal import Decimal

    table = k.model.__table__
    out: dict[str, Any] = {}
    for name, value in columns.items():
        if name not in table.c or name == "id":
            continue
        try:
            python_type = table.c[name].type.python_type
        except NotImplementedError:  # JSON: kept as it was
            python_type = None
        if isinstance(value, str) and python_type is datetime:
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and python_type is date:
            value = date.fromisoformat(value)
        elif isinstance(value, str) and python_type is Decimal:
            value = Decimal(value)
        elif python_type is bytes:  # not kept in the audit (its size only): the table's default
            continue
        out[name] = value
    return out


def _restore_in(uow: Any, kind: str, record_id: int, before: dict[str, Any], today: date) -> None:
    """Bring a deleted record back exactly as it was, with its old id and its own lists (a plan's steps, a
    position's competencies); the records' rules run again and refuse only a conflict with what changed since
    (:func:`_conflicts`: what it refers to has gone, its name was taken)."""
    k = KINDS[kind]
    singular = _(k.singular)
    if uow.session.get(k.model, record_id) is not None:
        raise RuleViolation([error("undo", _("The deleted {kind} cannot come back: its number {id} is taken "
                                             "by another record.").format(kind=singular, id=record_id),
                                   "undo.taken")])
    stored = {name: value for name, value in _exact(k, before).items() if value is not None}
    editable = {f.name: before[f.name] for f in k.fields if f.editable and f.name in before and f.name != "id"}
    merged, problems, _obj = records._problems(uow.session, k, editable, None, today)
    records._decide(_conflicts(problems), accept_warnings=True)
    values = merged | stored
    row = records.new_row(k, values, records.utcnow()) | {"id": record_id}
    if "version" in before and before["version"]:
        row["version"] = before["version"]
    row |= _columns_stored(k, before.get(_COLUMNS) or {})  # made and last changed when it was, not now
    uow.session.execute(k.model.__table__.insert(), [row])
    lists = {f.name: values.get(f.name) or [] for f in k.fields if f.is_list}
    if k.after_insert is not None and lists:
        k.after_insert(uow.session, [(record_id, row | lists)])
    uow.session.flush()
    obj = uow.session.get(k.model, record_id)
    uow.audit(kind=k.name, record_id=record_id, action="create", after=records.to_dict(k, obj))

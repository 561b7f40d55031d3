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

from vetdesk.domain.lifecycle import Status
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import N_, _, counted, ngettext, upper_first
from vetdesk.services import records
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
    with unit_of_work(db, label or _("Delete {kind}").format(kind=singular), permission=k.permission) as uow:
        records._require_scope(uow.session, uow.actor, k, [record_id])  # an instructor: only their own
        obj = uow.session.get(k.model, record_id)
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
        depending = _dependents(uow.session, kind, record_id)
        if depending:
            listed = ", ".join(words for words, _n in depending)
            # The verb agrees with what refers to it: "1 agreement refers", "2 agreements refer".
            message = ngettext("This {kind} cannot be deleted: {listed} refers to it.",
                               "This {kind} cannot be deleted: {listed} refer to it.",
                               sum(n for _words, n in depending)).format(kind=singular, listed=listed)
            message += "".join(" " + _(OTHER_ADVICE[name]) for name in sorted(_tables_of(
                uow.session, kind, record_id) & set(OTHER_ADVICE)))
            if "retired_on" in {f.name for f in k.fields}:
                message += " " + _("Retire it instead (Retired on): it leaves the pickers and keeps its history.")
            raise RuleViolation([error("id", message, "delete.depended_on")])
        before = records.to_dict(k, obj)
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
        uow.audit(kind=kind, record_id=record_id, action="delete", before=before)
    return uow.changes


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


def last_undoable(db: Database) -> Undoable | None:
    """The signed-in person's last operation on a record not undone yet (each undo steps one further back), if
    nobody changed that record since: what Ctrl+Z takes back, or refuses to (``action`` not one of
    :data:`UNDOABLE_ACTIONS`: an amendment, an attached scan, a printing for signature). Undo never steps past
    the person's last operation to an older one (returning a weekly report is undone, not the week's creation)."""
    user = acting(db).username
    with reading(db) as session:
        undone = 0
        entry = None
        for candidate in session.scalars(select(AuditEntry).where(
                AuditEntry.username == user, AuditEntry.kind.in_(list(KINDS)))
                .order_by(AuditEntry.id.desc()).limit(500)):
            if _changed_nothing(session, candidate):
                continue
            if _is_undo(candidate):
                undone += 1
            elif undone:
                undone -= 1
            else:
                entry = candidate
                break
        if entry is None or entry.record_id is None:
            return None
        # This person's own later entries were walked past above (undone, or undos); anyone else's wins.
        later = session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.kind == entry.kind, AuditEntry.record_id == entry.record_id, AuditEntry.id > entry.id,
            (AuditEntry.username != user) | AuditEntry.username.is_(None)))
        if later:
            return None
        from vetdesk.services.audit_words import shown

        return Undoable(entry.id, shown(entry.operation), entry.kind, entry.record_id, entry.action)


def undo_last(db: Database, *, today: date | None = None) -> ChangeSet:
    """Take back the signed-in person's last change: a new record is deleted (when nothing depends on it yet),
    a change is reversed to what the record held before. Audited as an operation of its own."""
    last = last_undoable(db)
    if last is None:
        raise RuleViolation([error("undo", _("There is nothing of yours to undo: your last change was undone "
                                             "already, or someone changed that record since."), "undo.nothing")])
    label = UNDO_MARK + _("Undo: {operation}").format(operation=last.operation)
    if last.action == "create":
        try:
            return delete_record(db, last.kind, last.record_id, label=label)
        except RuleViolation as refusal:  # said as the undo it is (the person asked to undo, not to delete)
            raise RuleViolation([error("undo", _(
                "Undoing “{operation}” would delete the record, which is refused: {reason}").format(
                    operation=last.operation, reason=p.message), p.code) for p in refusal.errors]) from None
    if last.action == "delete":
        return _restore(db, last, label, today or date.today())
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
    if last.action not in UNDOABLE_ACTIONS:  # the person's last operation; never an older one behind it
        raise RuleViolation([error("undo", _("{operation} cannot be undone here.").format(
            operation=upper_first(last.operation)), "undo.unsupported")])
    with reading(db) as session:
        entry = session.get(AuditEntry, last.entry_id)
        assert entry is not None  # found just now; audit entries are never deleted
        before = dict(entry.changes.get("before") or {})
        version = getattr(session.get(KINDS[last.kind].model, last.record_id), "version", None)
    fields = {f.name for f in KINDS[last.kind].fields if f.editable or last.action != "status"}
    values = {name: value for name, value in before.items() if name in fields}
    if not values:
        raise RuleViolation([error("undo", _("{operation} cannot be undone here.").format(
            operation=upper_first(last.operation)), "undo.unsupported")])
    try:
        outcome = records.update(db, last.kind, last.record_id, values, accept_warnings=True,
                                 expected_version=version, today=today, label=label)
    except records.VersionConflict:
        raise
    except RuleViolation as refusal:  # said as the undo it is (a step back the record's life cycle refuses)
        raise RuleViolation([error("undo", _("“{operation}” cannot be undone: {reason}").format(
            operation=last.operation, reason=p.message), p.code) for p in refusal.errors]) from None
    return outcome.changes


def _restore(db: Database, last: Undoable, label: str, today: date) -> ChangeSet:
    """Bring a deleted record back as it was, with its old id and its own lists (a plan's steps, a position's
    competencies), after every rule has run again (what it refers to may have gone, its name been taken)."""
    from vetdesk.services import fields as F

    k = KINDS[last.kind]
    singular = _(k.singular)
    with unit_of_work(db, label, permission=k.permission) as uow:
        entry = uow.session.get(AuditEntry, last.entry_id)
        assert entry is not None  # found just now; audit entries are never deleted
        before = dict(entry.changes.get("before") or {})
        if uow.session.get(k.model, last.record_id) is not None:
            raise RuleViolation([error("undo", _("The deleted {kind} cannot come back: its number {id} is taken "
                                                 "by another record.").format(kind=singular, id=last.record_id),
                                       "undo.taken")])
        stored: dict[str, Any] = {}
        for f in k.fields:
            if f.name in before and f.name != "id" and before[f.name] is not None:
                if f.type in F.TEXT_TYPES and isinstance(before[f.name], str):
                    # As it was stored: read again as typed input, a reference lost its hyphens (CA2027000310).
                    stored[f.name] = before[f.name]
                    continue
                value, problem = F.parse_value(f, before[f.name])
                stored[f.name] = before[f.name] if problem is not None else value
        editable = {f.name: before[f.name] for f in k.fields
                    if f.editable and f.name in before and f.name != "id"}
        merged, problems, _obj = records._problems(uow.session, k, editable, None, today)
        records._decide(problems, accept_warnings=True)
        values = merged | stored
        row = records.new_row(k, values, records.utcnow()) | {"id": last.record_id}
        if "version" in before and before["version"]:
            row["version"] = before["version"]
        uow.session.execute(k.model.__table__.insert(), [row])
        lists = {f.name: values.get(f.name) or [] for f in k.fields if f.is_list}
        if k.after_insert is not None and lists:
            k.after_insert(uow.session, [(last.record_id, row | lists)])
        uow.session.flush()
        obj = uow.session.get(k.model, last.record_id)
        uow.audit(kind=k.name, record_id=last.record_id, action="create", after=records.to_dict(k, obj))
    return uow.changes

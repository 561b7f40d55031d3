"""Creating, changing, reading and listing records of every kind, through the domain rules.

The window, the command line and the import all call these functions; each write is one unit of work
that lands whole or not at all, and a refusal (:class:`RuleViolation`) writes nothing. What differs between
kinds lives with the kind (``services.kinds``); searching by words in ``services.search``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, func, inspect, or_, select, text
from sqlalchemy.orm import Session

from vetdesk.domain import lifecycle, normalize, rules
from vetdesk.domain.problems import Problem, RuleViolation, WarningsNotAccepted, error, errors, warnings
from vetdesk.domain.training import catalogue_words
from vetdesk.i18n import _, ngettext, upper_first
from vetdesk.services import fields as F
from vetdesk.services import named_lists
from vetdesk.services import scope as scope_module
from vetdesk.services import search as text_search
from vetdesk.services import uow as uow_module
from vetdesk.services.changes import NOTHING, ChangeSet
from vetdesk.services.kinds import (  # noqa: F401 - the kinds, read through this module by its callers
    KINDS,
    PUBLIC_KINDS,
    RecordKind,
    agreement_reference,
    kind,
    printing_template,
    ref_model,
    signatures_needed,
)
from vetdesk.services.uow import (
    SYSTEM,
    Actor,
    UnitOfWork,
    acting,
    authorize,
    own_name,
    reading,
    unit_of_work,
    utcnow,
)
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    AuditEntry,
    Competency,
    LearningAgreement,
    Programme,
)

# -- values ---------------------------------------------------------------------------------------

def to_dict(k: RecordKind, obj: Any) -> dict[str, Any]:
    """The record as plain values (the JSON keys of the command line), from its object or from a mapping of
    its columns (:func:`get_many`)."""
    if isinstance(obj, Mapping):
        out: dict[str, Any] = {"id": obj["id"]} | {f.name: obj[f.name] for f in k.fields}
        if "version" in obj:
            out["version"] = obj["version"]
        if k.extra is not None:
            out.update(k.extra(SimpleNamespace(**obj)))
        return out
    out = {"id": obj.id}
    for f in k.fields:
        out[f.name] = getattr(obj, f.name)
    if hasattr(obj, "version"):
        out["version"] = obj.version
    if k.extra is not None:
        out.update(k.extra(obj))
    return out


def parse_values(k: RecordKind, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Parse and normalise typed values; unknown field names are refused with the list of known ones."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        f = k.field(name)
        if f is None or not f.editable:
            known = ", ".join(x.name for x in k.fields if x.editable)
            problems.append(error(name, _("{kind} have no field {field}; use one of: {known}.")
                                  .format(kind=upper_first(_(k.plural)), field=name, known=known), "field.unknown"))
            continue
        parsed, problem = F.parse_value(f, value)
        if problem is not None:
            problems.append(problem)
        else:
            values[name] = parsed
    return values, problems


def _check_required(k: RecordKind, merged: dict[str, Any]) -> list[Problem]:
    # The user's word for the field; the command line names the field itself before the message.
    return [rules.required(f.name, f.title()) for f in k.missing(merged)]


def _check_refs(session: Session, k: RecordKind, merged: dict[str, Any]) -> list[Problem]:
    """A record referred to by its id that does not exist, or is outside the user's scope (said alike)."""
    out = []
    for f in k.fields:
        refs = f.refs_kind
        if refs and merged.get(f.name):
            wanted = set(merged[f.name])
            model = ref_model(refs)
            found = set(session.scalars(_seen(session, refs, select(model.id).where(model.id.in_(wanted)))))
            if wanted - found:
                out.append(error(f.name, _("There is no {what} with id {id}. Check the number (vetdesk list {kind}).")
                                 .format(what=_(KINDS[refs].singular), id=min(wanted - found), kind=refs),
                                 "ref.missing"))
        ref = f.ref_kind
        value = merged.get(f.name)
        if ref and value is not None and session.scalar(
                _seen(session, ref, select(ref_model(ref).id).where(ref_model(ref).id == value))) is None:
            out.append(error(f.name, _("There is no {what} with id {id}. Check the number (vetdesk list {kind}).")
                             .format(what=_(KINDS[ref].singular) if ref in KINDS else ref, id=value,
                                     kind=ref), "ref.missing"))
    return out


def _seen(session: Session, kind_name: str, stmt: Any) -> Any:
    """``stmt`` on records of ``kind_name`` kept to those the session's user may see (``RecordKind.rows_for``)."""
    if kind_name not in KINDS:
        return stmt
    rows = KINDS[kind_name].rows_for(scope_module.actor_of(session))
    return stmt if rows is None else stmt.where(rows)


def unique_problems(session: Session, k: RecordKind, merged: dict[str, Any], record_id: int | None, *,
                    skip_natural_key: bool = False) -> list[Problem]:
    """A second record with the same values of a unique key is refused. ``skip_natural_key``: leave out the keys
    the natural key already identifies (an import looks those up in bulk)."""
    out = []
    for names in k.unique:
        if skip_natural_key and k.natural_key in names and set(names) <= {k.natural_key, "id_country"}:
            continue
        if any(merged.get(n) is None for n in names):
            continue
        stmt = select(k.model.id).where(*(getattr(k.model, n) == merged[n] for n in names))
        if record_id is not None:
            stmt = stmt.where(k.model.id != record_id)
        other = session.scalar(stmt.limit(1))
        if other is not None:
            name = names[-1]
            if name.endswith("_id"):  # a reference: its number says nothing to people
                message = _("The same {kind} is already recorded (number {id}). Open that record instead of "
                            "creating it again.").format(kind=_(k.singular), id=other)
            else:
                message = _("{value} is already registered ({kind} {id}). Open that record instead of "
                            "creating it again.").format(value=F.quoted(merged[name]), kind=_(k.singular), id=other)
            out.append(error(name, message, "duplicate"))
    return out


def search_text(k: RecordKind, merged: Mapping[str, Any]) -> str:
    """The record's searchable words, folded; a stored code (a company's sector) with its label in each
    language, so a search finds it in the words the person reads."""
    return " ".join(normalize.fold(_searchable(k, c, merged[c])) for c in k.search_columns if merged.get(c))


def _searchable(k: RecordKind, column: str, value: Any) -> str:
    spec = next((f for f in k.fields if f.name == column), None)
    if spec is not None and spec.type.startswith("choice:"):
        from vetdesk.domain.choices import search_words

        return search_words(spec.type[7:], value)
    return str(value)


#: Between the parts of a sort key: below any letter, so that "De" sorts before "De la Garza".
SORT_SEPARATOR = "\x1f"


def sort_key(k: RecordKind, merged: Mapping[str, Any]) -> str:
    """The record's name folded for sorting (migration 0012 wrote the existing ones the same way)."""
    return SORT_SEPARATOR.join(normalize.fold(str(merged.get(c) or "")) for c in k.sort_columns)


def _current_values(k: RecordKind, obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in k.fields} | {"id": obj.id}


def defaults(k: RecordKind) -> dict[str, Any]:
    return dict(k.defaults)


# -- outcomes ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What a successful write did: the record as it is now, and the warnings that were accepted."""

    id: int
    record: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)
    #: What the operation changed (announced to the database's listeners as well).
    changes: ChangeSet = NOTHING


def _decide(problems: list[Problem], accept_warnings: bool) -> list[Problem]:
    if errors(problems):
        raise RuleViolation(problems)
    if warnings(problems) and not accept_warnings:
        raise WarningsNotAccepted(problems)
    return warnings(problems)


def validate(db: Database, kind_name: str, raw: Mapping[str, Any], *, record_id: int | None = None,
             today: date | None = None) -> list[Problem]:
    """Every problem saving ``raw`` would meet, without writing anything (for forms as the user types)."""
    k = KINDS[kind_name]
    with reading(db) as session:
        return _problems(session, k, raw, record_id, today or date.today())[1]


def problems_for(session: Session, kind_name: str, raw: Mapping[str, Any], *, record_id: int | None = None,
                 today: date | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Inside a caller's transaction: the merged values and every problem saving ``raw`` would meet.
    For services that write many records in one unit of work (imports, rating grids)."""
    merged, problems, _obj = _problems(session, KINDS[kind_name], raw, record_id, today or date.today())
    return merged, problems


def _problems(session: Session, k: RecordKind, raw: Mapping[str, Any], record_id: int | None,
              today: date) -> tuple[dict[str, Any], list[Problem], Any]:
    obj = None
    if record_id is not None:
        obj = session.get(k.model, record_id)
        if obj is None:
            raise RuleViolation([error("id", _("There is no {kind} with id {id}.").format(kind=_(k.singular),
                                                                                    id=record_id), "record.missing")])
    raw, named = named_lists.resolve(session, k.fields, raw, _company_of(raw, obj), getattr(obj, "agreement_id", None))
    values, problems = parse_values(k, raw)
    problems = named + problems
    if obj is not None:
        merged = _current_values(k, obj) | values
    else:
        merged = defaults(k) | values
    for name, default in defaults(k).items():
        if merged.get(name) is None:  # a field with a default that was emptied goes back to its default
            merged[name] = default
    if named or any(p.code == "field.unknown" for p in problems):
        return merged, problems, obj
    # A value that could not be read (a date that is not one) does not hide the other problems: the rules run on
    # what could be read, and say nothing more of the unreadable field (it is not missing, it is unreadable).
    unreadable = {p.field for p in problems}
    k.complete(merged)
    refs = _check_refs(session, k, merged)
    problems += [p for p in _check_required(k, merged) + refs if p.field not in unreadable]
    if refs:  # the kind's rules read the records referred to
        return merged, problems, obj
    # The kind's rules run even while required fields are empty: a wrong CURP is said as soon as it is typed,
    # not once the birth date and sex are filled in too.
    hold_for_rules(session, k, [merged])
    problems += unique_problems(session, k, merged, record_id)
    rules_found: list[Problem] = []
    if k.check is not None:
        rules_found += k.check(session, merged, obj, today)
    if k.change_rules is not None:
        rules_found += k.change_rules(session, obj, values, merged, today)
    problems += [p for p in rules_found if p.field not in unreadable] if unreadable else rules_found
    return merged, problems, obj


def _company_of(raw: Mapping[str, Any], obj: Any) -> int | None:
    """The company whose learning positions a plan's steps name: the one given, else the record's own."""
    given = raw.get("company_id")
    if isinstance(given, int) and not isinstance(given, bool):
        return given
    if isinstance(given, str) and given.strip().isdigit():
        return int(given)
    return getattr(obj, "company_id", None) if obj is not None else None


def _describe_column(table: str, column: str) -> tuple[str, str] | None:
    """The field a table's column holds, with its label in the user's words (a unique key lost to a race)."""
    for k in KINDS.values():
        if k.model.__tablename__ == table:
            for f in k.fields:
                if f.name == column:
                    return f.name, _(f.label)
    return None


uow_module.describe_column = _describe_column


def _in_own_name(uow: UnitOfWork, k: RecordKind, merged: dict[str, Any]) -> None:
    """An instructor's rating is in the instructor's own name, whatever name was typed (``uow.own_name``)."""
    if uow.actor.role == "instructor" and "rater_name" in k.field_names:
        merged["rater_name"] = own_name(uow.actor, merged.get("rater_name"), uow.session)


def hold_for_rules(session: Session, k: RecordKind, rows: Iterable[Mapping[str, Any]]) -> None:
    """Hold, in the caller's write transaction, the rows the rules of records of ``k`` with these values read
    across records (``RecordKind.held_with``: an agreement's apprentice), before checking them. A person's save
    and an import both call this, so they are ordered the same way.

    On PostgreSQL two PCs writing agreements of one apprentice at once — a person's save, an import — are
    checked one after the other (the second sees the first's agreement), instead of each passing the check
    alone. The rows are taken in the order of their ids, so two writers holding several never wait for each
    other in a circle. SQLite's write lock already orders every write."""
    if k.held_with is None or session.get_bind().dialect.name == "sqlite":
        return
    model, name = k.held_with
    ids = sorted({i for i in (values.get(name) for values in rows) if isinstance(i, int) and not isinstance(i, bool)})
    for start in range(0, len(ids), INSERT_BATCH):
        session.execute(select(model.id).where(model.id.in_(ids[start:start + INSERT_BATCH]))
                        .order_by(model.id).with_for_update())


# -- writes -----------------------------------------------------------------------------------------

@uow_module.retried
def create(db: Database, kind_name: str, raw: Mapping[str, Any], *, actor: Actor = SYSTEM,
           accept_warnings: bool = False, today: date | None = None) -> Outcome:
    k = KINDS[kind_name]
    today = today or date.today()
    with unit_of_work(db, _("Create {kind}").format(kind=_(k.singular)), actor, permission=k.permission) as uow:
        merged, problems, _obj = _problems(uow.session, k, raw, None, today)
        _in_own_name(uow, k, merged)
        accepted = _decide(problems, accept_warnings)
        (record,) = insert_new(uow, k, [merged])
        outcome = Outcome(record["id"], record, accepted)
    outcome.changes = uow.changes
    return outcome


def new_row(k: RecordKind, merged: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The columns of a new record of ``k`` with these (checked) values: its fields (an empty one takes the
    column's default), its search text, version and timestamps, and what the kind adds (``initial``). The one
    definition of a new row, whoever writes it: a person, an import or the demonstration data."""
    columns, kept = _row_shape(k)
    row: dict[str, Any] = {}
    for name, default in columns:
        value = merged.get(name)
        row[name] = default if value is None else value
    if "search_text" in kept:
        row["search_text"] = search_text(k, merged)
    if "sort_key" in kept:
        row["sort_key"] = sort_key(k, merged)
    if "version" in kept:
        row["version"] = 1
    for name in ("created_at", "updated_at"):
        if name in kept:
            row[name] = now
    if k.initial is not None:
        row |= {name: value for name, value in k.initial(row).items() if row.get(name) is None}
    return row


_ROW_SHAPES: dict[str, tuple[tuple[tuple[str, Any], ...], frozenset[str]]] = {}


def _row_shape(k: RecordKind) -> tuple[tuple[tuple[str, Any], ...], frozenset[str]]:
    """The columns of ``k``'s fields with the value an empty one takes (the column's default, or None), and
    which of the columns every record keeps (search text, sort key, version, timestamps) its table has: read
    once per kind (an import or the demonstration makes tens of thousands of rows)."""
    shape = _ROW_SHAPES.get(k.name)
    if shape is None:
        table = k.model.__table__
        columns = []
        for f in k.fields:
            if f.name in table.c and f.name != "id":
                default = table.c[f.name].default
                columns.append((f.name, default.arg if default is not None and getattr(default, "is_scalar", False)
                                else None))
        kept = frozenset(n for n in ("search_text", "sort_key", "version", "created_at", "updated_at")
                         if n in table.c)
        shape = _ROW_SHAPES[k.name] = (tuple(columns), kept)
    return shape


#: How many rows one INSERT … RETURNING carries (an import of 50,000 rows is 50 statements).
INSERT_BATCH = 1000


def insert_new(uow: UnitOfWork, k: RecordKind, rows: Sequence[Mapping[str, Any]], *,
               ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Insert new records of ``k`` from their checked values, each with its audit entry, in the caller's unit
    of work; returns them as :func:`to_dict` shows them. The one way a record is created: a person's
    :func:`create` writes one, an import and the demonstration data thousands (a multi-row INSERT … RETURNING
    per batch, without an ORM object per row). ``ids``: the ids the records take (the demonstration's, made
    before writing so that its rows refer to each other); by default the database numbers them."""
    if not rows:
        return []
    from sqlalchemy import insert

    now = utcnow()
    payload = [new_row(k, merged, now) for merged in rows]
    if ids is not None:
        for row, record_id in zip(payload, ids, strict=True):
            row["id"] = record_id
    numbered: list[int] = list(ids or [])
    for start in range(0, len(payload), INSERT_BATCH):
        batch = payload[start:start + INSERT_BATCH]
        if ids is not None:  # numbered already: no need to ask the ids back (SQLite: a statement per row)
            uow.session.execute(insert(k.model.__table__), batch)
            continue
        stmt = insert(k.model).returning(k.model.id, sort_by_parameter_order=True)
        numbered.extend(uow.session.scalars(stmt, batch).all())
    for row, record_id in zip(payload, numbered, strict=True):
        row["id"] = record_id
    written = [(record_id, row) for record_id, row in zip(numbered, payload, strict=True)]
    lists = [f.name for f in k.fields if f.is_list]
    for (_id, values), merged in zip(written, rows, strict=True):  # held in tables of their own (after_insert)
        values.update({name: merged.get(name) or [] for name in lists})
    if k.after_insert is not None:
        k.after_insert(uow.session, written)
    _require_scope(uow.session, uow.actor, k, numbered)
    out = [to_dict(k, SimpleNamespace(**values)) for _id, values in written]
    uow.audit_many(k.name, "create", [(record["id"], record) for record in out])
    if k.after_write is not None:
        for record in out:
            k.after_write(uow, record, None, change_other)
    return out


class VersionConflict(RuleViolation):
    """Someone else saved the record since it was opened."""


@uow_module.retried
def update(db: Database, kind_name: str, record_id: int, raw: Mapping[str, Any], *, actor: Actor = SYSTEM,
           accept_warnings: bool = False, expected_version: int | None = None,
           today: date | None = None, label: str | None = None) -> Outcome:
    k = KINDS[kind_name]
    status = k.status_code(raw.get("status"))  # the operation is named by the status, in whatever words typed
    label = label or (_(k.status_labels[status]) if status in k.status_labels else None)
    with unit_of_work(db, label or _("Change {kind}").format(kind=_(k.singular)), actor,
                      permission=k.permission) as uow:
        outcome = change_in(uow, k, record_id, raw, accept_warnings=accept_warnings,
                            expected_version=expected_version, today=today or date.today())
    outcome.changes = uow.changes
    return outcome


def change_in(uow: UnitOfWork, k: RecordKind, record_id: int, raw: Mapping[str, Any], *, accept_warnings: bool,
              expected_version: int | None = None, today: date) -> Outcome:
    """Check a change of one record inside the caller's unit of work (the instructor's scope, every rule, the
    version the person saw), then make it (:func:`apply_change`)."""
    session = uow.session
    _require_scope(session, uow.actor, k, [record_id])  # the record as it is: theirs to change?
    merged, problems, obj = _problems(session, k, raw, record_id, today)
    _in_own_name(uow, k, merged)
    if expected_version is not None and getattr(obj, "version", None) != expected_version:
        last = session.scalars(select(AuditEntry).where(AuditEntry.kind == k.name,
                                                        AuditEntry.record_id == record_id)
                               .order_by(AuditEntry.id.desc()).limit(1)).first()
        who = (last.username or _("another user")) if last else _("another user")
        when = last.at.strftime("%Y-%m-%d %H:%M UTC") if last else ""
        raise VersionConflict([error("version", _("{who} changed this record at {when} since you opened it. "
                                                  "Reload it and enter your changes again.")
                                     .format(who=who, when=when), "version.conflict")])
    if k.refusal is not None and errors(problems):
        raise RuleViolation(problems, said=k.refusal(obj, merged, problems))
    accepted = _decide(problems, accept_warnings)
    return apply_change(uow, k, obj, merged, today=today, warnings=accepted)


def apply_change(uow: UnitOfWork, k: RecordKind, obj: Any, merged: Mapping[str, Any], *, today: date,
                 warnings: list[Problem] | None = None, flush: bool = True) -> Outcome:
    """Write checked values onto a record: its fields, what the kind does besides (``on_change``), its search
    text and version, the instructor's scope afterwards, and the audit entry of what changed. A change that
    changes nothing writes nothing. The one way a record changes: an edit, printing, an import's update.
    ``flush``: sent to the database at once (by default); False: with the unit of work's next flush, for a caller
    writing thousands of changes (the demonstration's life cycles), unless the user's scope is to be checked."""
    session = uow.session
    before = to_dict(k, obj)
    names = set(k.field_names)
    for name, value in merged.items():
        if name != "id" and name in names and hasattr(obj, name) and before.get(name) != value:
            setattr(obj, name, value)
    if k.on_change is not None:
        k.on_change(obj, before, today)
    after = to_dict(k, obj)
    changed = {n for n in after if before.get(n) != after[n] and n != "version"}
    if not changed:
        return Outcome(obj.id, before, warnings or [])
    if hasattr(obj, "search_text"):
        obj.search_text = search_text(k, merged)
    if hasattr(obj, "sort_key"):
        obj.sort_key = sort_key(k, merged)
    if hasattr(obj, "version"):
        obj.version = (obj.version or 0) + 1
        obj.updated_at = utcnow()
    if flush or _scope(k, uow.actor) is not None:
        session.flush()
        _require_scope(session, uow.actor, k, [obj.id])  # and as it is now: still theirs?
    after = to_dict(k, obj)
    action = "status" if before.get("status") != after.get("status") else "update"
    uow.audit(kind=k.name, record_id=obj.id, action=action,
              before={n: before.get(n) for n in changed}, after={n: after[n] for n in changed})
    if k.after_write is not None:
        k.after_write(uow, after, before, change_other)
    return Outcome(obj.id, after, warnings or [])


def change_other(uow: UnitOfWork, kind_name: str, record_id: int, values: Mapping[str, Any], *,
                 today: date | None = None, flush: bool = True) -> None:
    """A change one record's writing makes to another (``RecordKind.after_write``), or one checked already (the
    demonstration's agreements taking the steps of their life cycle, ``today`` the day each took it): the same
    change, hooks, audit entry and version as any, in the caller's unit of work (``flush``: as
    :func:`apply_change`'s)."""
    k = KINDS[kind_name]
    obj = uow.session.get(k.model, record_id)
    if obj is not None:
        apply_change(uow, k, obj, _current_values(k, obj) | dict(values), today=today or date.today(),
                     flush=flush)


@uow_module.retried
def print_for_signature(db: Database, agreement_ids: Sequence[int], *, actor: Actor = SYSTEM,
                        today: date | None = None, language: str | None = None,
                        template: str | None = None, translation: bool = False) -> ChangeSet:
    """The documents of these agreements were printed (or saved) for the parties to sign: each draft among
    them becomes "printed", through the same rules and audit as any status change, in one unit of work.
    Agreements already printed, signed or further along are left as they are. Every printing is recorded in
    the agreement's history (action "print": the day, the layout, the language and the version of the office's
    text it used), a reprint too. The window, ``vetdesk print agreement`` and both batch printers call this
    once their files are written. ``translation``: a copy to read in another language than the one the
    agreement went out in, not for signature (``agreement_sheet.translation_refusal`` says when there is none):
    recorded as a translation, its language of record unchanged."""
    from vetdesk.services.agreement_sheet import (
        language_change,
        layout_change,
        layout_of_record,
        print_label,
        printed_language,
        printed_layout,
        printing_entry,
        signatures_recorded,
        translation_refusal,
    )
    from vetdesk.services.clauses import kept_or_current, language_of
    from vetdesk.storage.plain import SessionReads

    k = KINDS["agreements"]
    today = today or date.today()
    with unit_of_work(db, print_label(), actor, permission="print") as uow:
        reads = SessionReads(uow.session)
        for agreement_id in agreement_ids:
            obj = uow.session.get(LearningAgreement, agreement_id)
            if obj is None:
                continue
            # A reprint without a layout chosen is printed as the agreement went out (agreement_sheet.gather).
            went_out = printed_layout(reads, agreement_id) if obj.status != lifecycle.Status.DRAFT else None
            layout = template or went_out
            # Once a party has signed, the layout of record is the one signed (agreement_sheet.layout_change).
            # (marked as printed by hand, its history names no layout: its programme's is the one of record)
            of_record = layout_of_record(reads, agreement_id, obj.programme.templates if obj.programme else None) \
                if obj.status != lifecycle.Status.DRAFT else None
            changed = layout_change(obj.reference or str(agreement_id), of_record, template,
                                    signed=signatures_recorded(obj))
            if changed is not None and changed.is_error:
                raise RuleViolation([changed])
            # The language is part of what was signed, as the layout is.
            # (a signed agreement's copy in another language is printed as a translation, not for signature)
            signed_in = printed_language(reads, agreement_id) if obj.status != lifecycle.Status.DRAFT else None
            courtesy = translation and obj.status in (lifecycle.Status.DRAFT, lifecycle.Status.PRINTED)
            if courtesy:  # a translation to read before signing: its language of record stays
                refused = translation_refusal(obj.reference or str(agreement_id), obj.status, signed_in, language)
                if refused is not None:
                    raise RuleViolation([refused])
            spoken = language_change(obj.reference or str(agreement_id), signed_in, language,
                                     signed=signatures_recorded(obj)) \
                if obj.status == lifecycle.Status.PRINTED and not courtesy else None
            if spoken is not None and spoken.is_error:
                raise RuleViolation([spoken])
            if obj.status == lifecycle.Status.DRAFT:
                # Checked in the layout printed, as printing checked it before the file was written.
                chosen = printing_template.set(template)
                try:
                    change_in(uow, k, agreement_id, {"status": lifecycle.Status.PRINTED.value},
                              accept_warnings=True, today=today)
                finally:
                    printing_template.reset(chosen)
            # The office's text it printed: the version kept when it went out for signature (a draft's: now).
            text = kept_or_current(reads, "agreement", language_of(language or "es"),
                                   (obj.printed_annex or {}).get("clauses"))
            # A reprint of a signed agreement is a copy of it, never a printing for signature.
            uow.label, label = print_label(obj.status), uow.label
            translated = courtesy or (obj.status not in (lifecycle.Status.DRAFT, lifecycle.Status.PRINTED)
                                      and signed_in is not None and signed_in != text.language)
            uow.audit(kind=k.name, record_id=agreement_id, action="print",
                      after=printing_entry(today, layout, obj.programme.templates, text, translation=translated,
                                           copy=obj.status not in (lifecycle.Status.DRAFT, lifecycle.Status.PRINTED)))
            uow.label = label
    return uow.changes


def signature_problems(db: Database, agreement_ids: Sequence[int], *, actor: Actor = SYSTEM,
                       today: date | None = None, template: str | None = None) -> dict[int, list[Problem]]:
    """What the change to "printed" (:func:`print_for_signature`) would meet, for each draft among the
    agreements, without writing anything: the same rules the status change runs (the kind's checks and its
    change rules, in the layout printed), asked before a document is rendered, saved or sent to a printer.
    Only drafts with problems are named; agreements already printed or further along are reprints."""
    k = KINDS["agreements"]
    today = today or date.today()
    out: dict[int, list[Problem]] = {}
    with reading(db, actor) as session:
        for agreement_id in agreement_ids:
            obj = session.get(LearningAgreement, agreement_id)
            if obj is None or obj.status != lifecycle.Status.DRAFT:
                continue
            chosen = printing_template.set(template)
            try:
                problems = _problems(session, k, {"status": lifecycle.Status.PRINTED.value}, agreement_id,
                                     today)[1]
            finally:
                printing_template.reset(chosen)
            if problems:
                out[agreement_id] = problems
    return out


@uow_module.retried
def record_signatures(db: Database, agreement_id: int, dates: Mapping[str, Any], *, actor: Actor = SYSTEM,
                      accept_warnings: bool = False, expected_version: int | None = None,
                      today: date | None = None, kind_name: str = "agreements") -> Outcome:
    """Record the signatures of a printed agreement as they come in, over days: ``dates`` gives a party's
    signature field the day it signed (None: not signed; a party not named keeps what is recorded). The dates
    are checked and audited as any change; when every party the agreement needs has then signed, the same
    change makes it "signed" (the step ``vetdesk set agreements ID status=signed …`` takes). Until then it stays
    printed, waiting for the others (:func:`signatures`). ``kind_name``: a learning agreement ("agreements") or a
    school–company collaboration agreement ("collaborations"), signed the same way."""
    k = KINDS[kind_name]
    today = today or date.today()
    authorize(acting(db, actor), k.permission)  # as the unit of work below would, before anything is read
    get(db, kind_name, agreement_id, actor=actor)  # refused outside the user's scope, as a missing record
    with reading(db, actor) as session:
        obj = session.get(k.model, agreement_id)
        assert obj is not None  # read just above
        if obj.status != lifecycle.Status.PRINTED.value:
            raise RuleViolation([error("status", _(k.sign_unprinted), "signature.not_printed")])
        needed = _signatures_needed(session, kind_name, obj)
        recorded = {name: getattr(obj, name) for name in needed}
    raw: dict[str, Any] = {name: dates[name] for name in needed if name in dates}
    complete = all((recorded | raw).get(name) not in (None, "") for name in needed)
    if complete:
        raw["status"] = lifecycle.Status.SIGNED.value
    label = _(k.status_labels[lifecycle.Status.SIGNED.value]) if complete else _("Record signatures")
    with unit_of_work(db, label, actor, permission=k.permission) as uow:
        outcome = change_in(uow, k, agreement_id, raw, accept_warnings=accept_warnings,
                            expected_version=expected_version, today=today)
    outcome.changes = uow.changes
    return outcome


def _signatures_needed(session: Session, kind_name: str, obj: Any) -> list[str]:
    """The signature fields of the parties who sign this learning or collaboration agreement."""
    signers = KINDS[kind_name].signers
    assert signers is not None, kind_name  # only kinds signed by parties get here
    return signers(session, obj)


def signatures(db: Database, agreement_id: int, *, actor: Actor = SYSTEM,
               kind_name: str = "agreements") -> list[tuple[str, date | None]]:
    """Who signs this agreement (their signature fields, in the order the document lists them) and the day
    each signed, None while they have not. ``kind_name``: as for :func:`record_signatures`."""
    k = KINDS[kind_name]
    who = _reader(db, actor, k)
    get(db, kind_name, agreement_id, actor=who)  # refused outside the user's scope
    with reading(db, actor) as session:
        obj = session.get(k.model, agreement_id)
        assert obj is not None
        return [(name, getattr(obj, name)) for name in _signatures_needed(session, kind_name, obj)]


def party_words(db: Database, record_id: int, *, actor: Actor = SYSTEM,
                kind_name: str = "agreements") -> dict[str, str]:
    """Each signing party of a learning or collaboration agreement in the user's words, the apprentice by the
    recorded sex ("La aprendiz", "Die Auszubildende"; neutral for X), as the documents say it."""
    from vetdesk.domain import rules
    from vetdesk.domain.identifiers import signing_party

    sex = apprentice_sex(db, record_id, actor=actor, kind_name=kind_name)
    return {name: signing_party(name, label, sex) for name, label in rules.SIGNING_PARTIES.items()}


def apprentice_sex(db: Database, record_id: int, *, actor: Actor = SYSTEM, kind_name: str = "agreements") -> str:
    """The recorded sex (H, M, X) of the apprentice of a learning agreement (or of another record that names one),
    "" when none is named: what the window's words about the apprentice follow ("la aprendiz" of a woman)."""
    k = KINDS[kind_name]
    get(db, kind_name, record_id, actor=_reader(db, actor, k))  # refused outside the user's scope
    with reading(db, actor) as session:
        apprentice = getattr(session.get(k.model, record_id), "apprentice", None)
        return (apprentice.sex or "") if apprentice is not None else ""


def starting(db: Database, record_id: int, *, actor: Actor = SYSTEM,
             today: date | None = None) -> tuple[str, date | None]:
    """What starting a learning agreement ``today`` meets, asked before its dialog: why it cannot come into force
    yet (its training starts later: the rule's own words, :func:`vetdesk.domain.rules.check_activation_start`,
    which starting it applies; "" when it may), and the first day it may be in force, which the dialog offers (its
    start, or the day the last party signed when that came later: :func:`vetdesk.domain.rules.earliest_in_force`).
    Read in the user's scope (another's agreement is refused as unknown)."""
    from vetdesk.domain import rules

    values = get(db, "agreements", record_id, actor=actor)
    problems = rules.check_activation_start(today or date.today(), values.get("start_date"))
    return (problems[0].message if problems else ""), rules.earliest_in_force(values)


def held_dates(db: Database, kind_name: str, record_id: int, *, actor: Actor = SYSTEM,
               today: date | None = None) -> dict[str, str]:
    """The signature dates (and the in-force date) of a learning or collaboration agreement that a form shows
    without letting them be edited, each with what to do instead: those the kind's own rules would refuse to
    empty (:func:`vetdesk.domain.rules.check_signed_dates_kept`: a signed agreement keeps them). The rules are
    asked, not copied: each such date is emptied in a trial change that writes nothing."""
    k = KINDS[kind_name]
    dated = [f.name for f in k.fields if f.type == "date" and (f.name.endswith("_signed_on")
                                                               or f.name == "activated_on")]
    if not dated:
        return {}
    _reader(db, actor, k)
    with reading(db, actor) as session:
        try:
            problems = _problems(session, k, {name: None for name in dated}, record_id, today or date.today())[1]
        except RuleViolation:  # a record no longer there (deleted meanwhile): nothing to hold
            return {}
    signed = _("Recorded with “Record signatures…” as the parties signed. A signed agreement keeps this date: "
               "it is not changed here.")
    in_force = _("Recorded when the agreement came into force. A signed agreement keeps this date: it is not "
                 "changed here.")
    return {p.field: in_force if p.field == "activated_on" else signed
            for p in problems if p.code == "signature.kept"}


# -- who may see and change what --------------------------------------------------------------------

def _reader(db: Database, actor: Actor, k: RecordKind) -> Actor:
    who = acting(db, actor)
    authorize(who, "read", k.name)
    return who


def _scope(k: RecordKind, actor: Actor) -> Any:
    """The rows of ``k`` an instructor may see (the apprentices they instruct, those agreements and
    assessments); ``None`` for every other role, who see everything they may read at all
    (:meth:`RecordKind.rows_for`)."""
    return k.rows_for(actor)


def _require_scope(session: Session, actor: Actor, k: RecordKind, ids: Sequence[int]) -> None:
    """An instructor writes only rows inside their scope: checked on the record before a change and after it
    (an assessment cannot be moved onto, or off, another instructor's agreement), and on new records."""
    scope = _scope(k, actor)
    if scope is None or not ids:
        return
    inside = set(session.scalars(select(k.model.id).where(k.model.id.in_(ids), scope)))
    if any(i not in inside for i in ids):
        raise RuleViolation([error("agreement_id", _("You can record assessments only for the apprentices you "
                                                     "instruct."), "permission.scope")])


def require_own_agreement(session: Session, actor: Actor, agreement_id: int | None) -> None:
    """An instructor records assessments and feedback only for the apprentices they instruct."""
    if actor.role != "instructor":
        return
    agreement = session.get(LearningAgreement, agreement_id or 0)
    if agreement is None or agreement.instructor_id != actor.instructor_id:
        raise RuleViolation([error("agreement_id", _("You can record assessments only for the apprentices you "
                                                     "instruct."), "permission.scope")])


# -- reads ------------------------------------------------------------------------------------------

def get(db: Database, kind_name: str, record_id: int, *, actor: Actor = SYSTEM) -> dict[str, Any]:
    k = KINDS[kind_name]
    who = _reader(db, actor, k)
    with reading(db, actor) as session:
        obj = session.get(k.model, record_id)
        if obj is not None and _scope(k, who) is not None:
            in_scope = session.scalar(select(k.model.id).where(k.model.id == record_id, _scope(k, who)))
            obj = obj if in_scope is not None else None
        if obj is None:
            raise RuleViolation([error("id", _("There is no {kind} with id {id}.").format(kind=_(k.singular),
                                                                                    id=record_id), "record.missing")])
        out = to_dict(k, obj)
        if k.details is not None:
            out |= k.details(obj)
        return out


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: search text, filters and order. Shared by the window and the command line."""

    search: str | None = None
    status: str | None = None
    company_id: int | None = None
    programme_id: int | None = None
    school_id: int | None = None
    order_by: str | None = None
    descending: bool = False
    #: Whether records retired by today (a company, school or instructor no longer active: ``retired_on``) are
    #: listed; a list's "Show retired" box unticked leaves them out.
    retired: bool = True


def is_retired(record: Mapping[str, Any], on: date | None = None) -> bool:
    """Whether a record is retired by ``on`` (today): its *Retired on* day has come. The one definition the
    lists' mark and their "Show retired" box follow (:func:`list_statement`)."""
    retired = record.get("retired_on")
    return isinstance(retired, date) and retired <= (on or date.today())


def retired_mark(name: str) -> str:
    """A retired record's name as its lists say it (the window's and ``vetdesk list``): the mark first, where a
    narrow column still shows it."""
    return _("(retired) {name}").format(name=name)


#: A word held by at least this share of the apprentices is common enough for :func:`_walks`.
COMMON_SHARE = 20


def _search_clause(k: RecordKind, text_: str, fts: bool = False) -> Any:
    terms = text_search.search_terms(text_)
    if not terms:
        return None
    if k.search is not None:
        return k.search(terms, fts)
    return text_search.matches(k.model, terms, fts)


def _walks(session: Session, k: RecordKind, query: ListQuery, limit: int | None, scope: Any) -> bool:
    """Whether the first page of a search for one common word is read by walking the list in its own order,
    checking each row's own text, until the page is full (``RecordKind.walk``).

    Through the indexes, "garcia" gathers its 16,867 apprentices (or their agreements) and sorts them to keep
    the first 201 (17-30 ms at 100,000); one apprentice in six holds it, so the walk finds them within ≈1,200
    rows (1-2 ms). A rare word would walk the whole table, so the kind's trigram indexes are asked first how
    common the word is, counting no further than a twentieth of the rows (≤1 ms each). Only the list's own
    order, without filters or an instructor's scope, which would thin out the hits.
    """
    walk = k.walk
    if limit is None or walk is None or scope is not None or not query.search:
        return False
    if query.order_by not in (None, *k.order) or query.descending:
        return False
    if any(v is not None for v in (query.status, query.company_id, query.programme_id, query.school_id)) \
            or not query.retired:
        return False
    terms = text_search.search_terms(query.search)
    if len(terms) != 1 or len(terms[0]) < 3:
        return False
    for table in walk.tables:  # for agreements: a name, or a reference being typed ("ca-2026")
        rows = session.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0
        enough = max(rows // COMMON_SHARE, 1)
        held = session.execute(text(f"SELECT count(*) FROM (SELECT rowid FROM {table}_fts "
                                    f"WHERE {table}_fts MATCH :phrase LIMIT :enough)"),
                               {"phrase": text_search.fts_phrases(terms), "enough": enough}).scalar()
        if int(held or 0) >= enough:
            return True
    return False


def list_statement(k: RecordKind, query: ListQuery, actor: Actor = SYSTEM, *, fts: bool = False) -> Select[Any]:
    """The query of a list. ``fts``: the database is SQLite with its trigram search tables."""
    model = k.model
    stmt = select(model)
    scope = _scope(k, actor)
    if scope is not None:
        stmt = stmt.where(scope)
    if query.search:
        clause = _search_clause(k, query.search, fts)
        if clause is not None:
            stmt = stmt.where(clause)
    if query.status and hasattr(model, "status"):
        stmt = stmt.where(model.status == query.status)
    for name in ("company_id", "programme_id", "school_id"):
        value = getattr(query, name)
        if value is not None and hasattr(model, name):
            stmt = stmt.where(getattr(model, name) == value)
    if not query.retired and hasattr(model, "retired_on"):  # as is_retired says: retired by today
        stmt = stmt.where(or_(model.retired_on.is_(None), model.retired_on > date.today()))
    sorted_by = k.sort_by.get(query.order_by or "")
    if query.order_by and (hasattr(model, query.order_by) or sorted_by is not None):
        column = sorted_by() if sorted_by is not None else getattr(model, query.order_by)
        # Reversed, the whole order is reversed: rows of one day come newest first too.
        stmt = stmt.order_by(*((column.desc(), model.id.desc()) if query.descending else (column.asc(), model.id)))
        order = {query.order_by}
    else:
        stmt = stmt.order_by(*(getattr(model, c) for c in k.order), model.id)
        order = set(k.order)
    narrow = text_search.ORDER_BY_ID_INDEXES.get(k.name)
    if fts and query.search and narrow is not None and order <= narrow[1]:
        stmt = stmt.with_hint(model.__table__, f"INDEXED BY {narrow[0]}", "sqlite")
    return stmt


def list_records(db: Database, kind_name: str, query: ListQuery = ListQuery(), *, offset: int = 0,
                 limit: int | None = None, actor: Actor = SYSTEM) -> list[dict[str, Any]]:
    k = KINDS[kind_name]
    stmt = list_statement(k, query, _reader(db, actor, k), fts=db.is_sqlite).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    with reading(db, actor) as session:
        return [to_dict(k, obj) for obj in session.scalars(stmt)]


def count_records(db: Database, kind_name: str, query: ListQuery = ListQuery(), *, actor: Actor = SYSTEM) -> int:
    k = KINDS[kind_name]
    stmt = list_statement(k, query, _reader(db, actor, k), fts=db.is_sqlite).order_by(None)
    stmt = stmt.with_only_columns(func.count(k.model.id))
    with reading(db, actor) as session:
        return int(session.scalar(stmt) or 0)


class Superseded(Exception):
    """A read stopped because whoever asked for it no longer wants it (a newer search replaced it)."""


#: How many ids a long read takes between two looks at whether it is still wanted.
_IDS_PER_LOOK = 2000


def list_ids(db: Database, kind_name: str, query: ListQuery = ListQuery(), *, limit: int | None = None,
             actor: Actor = SYSTEM, wanted: Callable[[], bool] | None = None) -> list[int]:
    """The ordered ids of a list (the first ``limit`` of them), for views that load rows page by page.

    ``wanted``: asked every few thousand ids; once it says no, the read stops and raises :class:`Superseded`
    (reading the 100,000 ids of a whole list takes 70 ms, which a search typed meanwhile should not share).
    """
    k = KINDS[kind_name]
    reader = _reader(db, actor, k)
    with reading(db, actor) as session:
        if db.is_sqlite and k.walk is not None and _walks(session, k, query, limit, _scope(k, reader)):
            word = text_search.search_terms(query.search or "")[0]
            stmt = (select(k.model.id).where(k.walk.holds(word))
                    .order_by(*(getattr(k.model, c) for c in k.order), k.model.id).limit(limit))
        else:
            stmt = list_statement(k, query, reader, fts=db.is_sqlite).with_only_columns(k.model.id)
            if limit is not None:
                stmt = stmt.limit(limit)
        # Plain rows, read from the cursor as they come: no ORM identity work per id (half the time for
        # 17,000 ids), and a list of 700,000 assessments never holds all its driver rows at once.
        result = session.connection().execute(stmt).scalars()
        if wanted is None:
            return list(result)
        ids: list[int] = []
        for part in result.partitions(_IDS_PER_LOOK):
            if not wanted():
                raise Superseded()
            ids.extend(part)
        return ids


def get_many(db: Database, kind_name: str, ids: Sequence[int], *, actor: Actor = SYSTEM) -> dict[int, dict[str, Any]]:
    """The records of these ids the user may read (a page of a list), as :func:`to_dict` gives them."""
    k = KINDS[kind_name]
    scope = _scope(k, _reader(db, actor, k))
    columns = _own_columns(k)
    stmt = (select(*columns) if columns is not None else select(k.model)).where(k.model.id.in_(ids))
    if scope is not None:
        stmt = stmt.where(scope)
    with reading(db, actor) as session:
        if columns is None:
            return {obj.id: to_dict(k, obj) for obj in session.scalars(stmt)}
        names = [c.key for c in columns]
        rows = (dict(zip(names, row, strict=True)) for row in session.execute(stmt))
        return {values["id"]: to_dict(k, values) for values in rows}


def _own_columns(k: RecordKind) -> tuple[Any, ...] | None:
    """The columns of ``k``'s table when a record's dict is made of them alone (its fields are columns, and
    its extra keys read columns): a page is then read as plain rows, a third of the time of loading objects.
    None when a field or its extra keys need the object (a position's competencies, a plan's steps)."""
    if k.name not in _OWN_COLUMNS:
        attrs = inspect(k.model).column_attrs
        plain = not any(f.name not in attrs for f in k.fields) and (k.extra is None or k.extra_from_columns)
        _OWN_COLUMNS[k.name] = tuple(getattr(k.model, a.key) for a in attrs) if plain else None
    return _OWN_COLUMNS[k.name]


_OWN_COLUMNS: dict[str, tuple[Any, ...] | None] = {}


#: The columns a record is named by where another record points at it (a list's company, apprentice…).
_NAME_COLUMNS = {"apprentices": ("given_names", "first_surname", "second_surname"), "agreements": ("reference",),
                 "collaborations": ("reference",), "competencies": ("code", "title")}


def display_names(db: Database, kind_name: str, ids: Sequence[int], *, actor: Actor = SYSTEM) -> dict[int, str]:
    """The names of records of ``kind_name`` (a full name for apprentices, the reference for agreements),
    read from their name columns alone: a list page shows 200 of them for each column that points there."""
    return display_names_of(db, {kind_name: ids}, actor=actor)[kind_name]


def display_names_of(db: Database, wanted: Mapping[str, Sequence[int]], *,
                     actor: Actor = SYSTEM) -> dict[str, dict[int, str]]:
    """:func:`display_names` of several kinds at once (a list page's companies, programmes, instructors…), read in
    one session: a search keystroke in the agreements list read five, each with its own transaction."""
    statements = {}
    untitled: dict[str, dict[int, str]] = {}
    for kind_name, ids in wanted.items():
        k = KINDS[kind_name]
        names = _NAME_COLUMNS.get(kind_name, ("name",))
        if not all(hasattr(k.model, c) for c in names):  # a weekly report, an assessment: named by its title
            untitled[kind_name] = {i: record_title(db, kind_name, r, actor=actor)
                                   for i, r in get_many(db, kind_name, list(ids), actor=actor).items()}
            continue
        scope = _scope(k, _reader(db, actor, k))
        stmt = select(k.model.id, *[getattr(k.model, c) for c in names]).where(k.model.id.in_(ids))
        statements[kind_name] = stmt if scope is None else stmt.where(scope)
    with reading(db, actor) as session:
        return {**{kind_name: {row[0]: normalize.full_name(*row[1:]) for row in session.execute(stmt)}
                   for kind_name, stmt in statements.items()}, **untitled}


#: What a record that has no name of its own is called by (a window's title): the apprentice it is about,
#: then the records it names besides (a learning position, an exam), then its first day.
_TITLE_REFS = ("position_id", "exam_id", "school_id")


def record_title(db: Database, kind_name: str, record: Mapping[str, Any], *, actor: Actor = SYSTEM) -> str:
    """A record without a name of its own (an assessment, a rotation, a weekly report) in words, as a window's
    title names it: "José García Núñez · Almacén · 03/12/2026" — who it is about, where, when; never its row id
    ("Evaluación #3698"). The kind's word alone when it names none of these."""
    from vetdesk.i18n import shown_day

    k = KINDS[kind_name]
    names = {f.name: f for f in k.fields}
    parts: list[str] = []
    apprentice_id = record.get("apprentice_id")
    if "agreement_id" in names and isinstance(record.get("agreement_id"), int):
        with reading(db, actor) as session:
            apprentice_id = session.scalar(select(LearningAgreement.apprentice_id).where(
                LearningAgreement.id == record["agreement_id"]))
    if "apprentice_id" in names or "agreement_id" in names:
        if isinstance(apprentice_id, int):
            parts.append(display_names(db, "apprentices", [apprentice_id], actor=actor).get(apprentice_id, ""))
    for name in _TITLE_REFS:
        spec = names.get(name)
        value = record.get(name)
        if spec is not None and spec.ref_kind is not None and isinstance(value, int):
            parts.append(display_names(db, spec.ref_kind, [value], actor=actor).get(value, ""))
    day = next((record.get(f.name) for f in k.fields if f.type == "date" and isinstance(record.get(f.name), date)),
               None)
    if isinstance(day, date):
        parts.append(shown_day(day))
    shown = [p for p in parts if p]
    return " · ".join(shown) if shown else upper_first(_(k.singular))


def shown_fields(db: Database, kind_name: str, record: Mapping[str, Any], *,
                 actor: Actor = SYSTEM) -> list[tuple[str, str]]:
    """A record (as :func:`get` returns it) as a person reads it, field by field: each by its label, a reference
    by the name of the record it points at, competencies by their codes, a plan's steps by the positions' names,
    a status or a choice in words, a day as the user's language writes it. What the kind adds (its details) is
    said in words where it has them (who countersigned a weekly report)."""
    from vetdesk.i18n import shown_day

    k = KINDS[kind_name]
    wanted: dict[str, set[int]] = {}
    for f in k.fields:
        value = record.get(f.name)
        if f.ref_kind is not None and isinstance(value, int):
            wanted.setdefault(f.ref_kind, set()).add(value)
        elif f.type == "steps" and isinstance(value, list):
            wanted.setdefault("positions", set()).update(s["position_id"] for s in value if isinstance(s, dict))
    names = {target: display_names(db, target, sorted(ids), actor=actor) for target, ids in wanted.items()}
    codes: dict[int, str] = {}
    listed = [i for f in k.fields if f.refs_kind == "competencies" for i in record.get(f.name) or []]
    if listed:
        with reading(db, actor) as session:
            codes = dict(session.execute(select(Competency.id, Competency.code)
                                         .where(Competency.id.in_(listed))).all())
    out = [(_("Id"), str(record.get("id", "")))]
    pending: dict[str, str] = {}
    if isinstance(record.get("amendments"), list):  # terms a signed amendment changes from a day still to come
        from vetdesk.services.amendment_words import pending_field_notes

        pending = pending_field_notes(record["amendments"])
    for f in k.fields:
        if f.name not in record:
            continue
        value = record[f.name]
        if value is None or value == []:
            text = ""
        elif f.ref_kind is not None:
            text = names.get(f.ref_kind, {}).get(value, str(value))
        elif f.refs_kind == "competencies" and k.competencies_across_programmes:
            text = competencies_by_programme(db, [i for i in value if i in codes], actor=actor) \
                or ", ".join(codes.get(i, str(i)) for i in value)
        elif f.refs_kind == "competencies":  # the agreement's one programme
            text = ", ".join(codes.get(i, str(i)) for i in value)
        elif f.type == "steps":
            text = ", ".join(f"{names['positions'].get(s['position_id'], s['position_id'])}:{s['weeks']}"
                             for s in value)
        elif f.type == "status":
            text = k.status_text(value)
        elif f.choices:
            text = next((_(label) for code, label in f.choices if code == value), str(value))
        elif f.type.startswith("choice:"):
            from vetdesk.domain.choices import choice

            option = choice(f.type[7:]).option(str(value))
            text = _(option.label) if option is not None else str(value)
        elif isinstance(value, bool):
            text = _("yes") if value else _("no")
        elif isinstance(value, date):
            text = shown_day(value)
        elif f.catalogue_words:
            text = catalogue_words(str(value))  # "Technical competencies" as the user's language says it
        else:
            text = str(value)
        if f.name == "curp" and "id_country" in record:  # a person's identifier: labelled and written as its country's
            from vetdesk.domain.identifiers import person_id_name, person_id_shown

            out.append((_(person_id_name(record.get("id_country"))), person_id_shown(record.get("id_country"), text)))
            continue
        if f.name in pending:
            text = f"{text} {pending[f.name]}"
        out.append((f.title(), text))
    if record.get("countersignature"):
        out.append((_("Countersignature"), str(record["countersignature"])))
    fields = {f.name for f in k.fields}
    for key, value in record.items():  # what the kind adds (an agreement's rotation, a programme's catalogue)
        if key in fields or key in ("id", "version", "countersignature", "countersigned_in_file") \
                or f"{key}_id" in fields \
                or (key == "competencies" and "competency_ids" in fields):
            continue  # said above, by its label
        label = _(k.extra_labels[key]) if key in k.extra_labels else key
        if key == "competencies" and isinstance(value, list):  # a programme's catalogue, one a line in words
            kinds = dict(F.COMPETENCY_KIND_CHOICES)
            out.append((_("Competency catalogue"), "".join(
                f"\n  {c.get('code')}  {catalogue_words(str(c.get('title') or ''))}"
                f" ({catalogue_words(str(c.get('area') or ''))}, {_(kinds.get(c.get('kind') or '', ''))})"
                for c in value if isinstance(c, dict))))
        elif key == "rotation" and isinstance(value, list):  # an agreement's rotation, a position a line
            out.append((_("Rotation"), "".join(f"\n  {rotation_line(r)}" for r in value if isinstance(r, dict))))
        elif key == "amendments" and isinstance(value, list):  # an agreement's amendments, old → new in words
            from vetdesk.services.amendment_words import shown_lines

            out.append((_("Amendments"), shown_lines(db, value)))
        elif key == "scale" and isinstance(value, dict):  # a rating scale's levels or bands in words
            steps = value.get("levels") or value.get("bands") or []
            out.append((label, "".join(
                f"\n  {s.get('value', s.get('from'))} – {_(str(s.get('label', '')))}" for s in steps
                if isinstance(s, dict))))
        elif isinstance(value, list):
            out.append((label, "".join(f"\n  {item}" for item in value)))
        else:
            out.append((label, "" if value is None else str(value)))
    return out


def competencies_by_programme(db: Database, ids: Sequence[int], *, actor: Actor = SYSTEM) -> str:
    """Competencies (a position's) by their codes, grouped by programme: "Mecatrónica (MECA): M1, M2;
    Logística (LOG): M1"."""
    if not ids:
        return ""
    with reading(db, actor) as session:
        rows = session.execute(
            select(Competency.id, Competency.code, Programme.code.label("programme_code"),
                   Programme.name.label("programme"))
            .join(Programme, Programme.id == Competency.programme_id).where(Competency.id.in_(list(ids)))
            .order_by(Programme.name, Programme.id, Competency.position, Competency.id)).all()
    groups: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        groups.setdefault((r.programme, r.programme_code), []).append(r.code)
    return "; ".join(_("{programme} ({code}): {competencies}").format(programme=name, code=code,
                                                                      competencies=", ".join(codes))
                     for (name, code), codes in groups.items())


def rotation_line(step: Mapping[str, Any]) -> str:
    """One position of an agreement's rotation (as :func:`get` gives it) in the user's words: its place in the
    plan, the position, its weeks, the planned dates and the actual ones (those not yet known said so)."""
    from vetdesk.i18n import shown_day

    def day(value: Any) -> str:
        return shown_day(value) if isinstance(value, date) else "…"

    weeks = int(step.get("weeks") or 0)
    if step.get("actual_start") is None:
        actual = _("not started yet")
    else:
        actual = _("actual {start} – {end}").format(start=day(step.get("actual_start")),
                                                    end=day(step.get("actual_end")))
    return _("{n}. {position}, {weeks}: planned {start} – {end}; {actual}").format(
        n=step.get("sequence", ""), position=step.get("position", ""),
        weeks=ngettext("{n} week", "{n} weeks", weeks).format(n=weeks), start=day(step.get("planned_start")),
        end=day(step.get("planned_end")), actual=actual)


def history(db: Database, kind_name: str, record_id: int, *, actor: Actor = SYSTEM) -> list[dict[str, Any]]:
    """A record's audit entries, oldest first; each operation's name in the reader's language (however, and in
    whichever language, it was stored: ``audit_words``)."""
    from vetdesk.services.audit_words import shown

    if kind_name in KINDS:
        get(db, kind_name, record_id, actor=actor)  # the same right as reading the record itself
    elif kind_name in ADMIN_HISTORY:
        authorize(acting(db, actor), "users")
    else:  # an unknown word read nothing and said nothing (issue 25: "vetdesk history foo 3" printed nothing)
        raise RuleViolation([error("kind", _("{kind} is not a kind of record; use one of: {kinds}.").format(
            kind=str(kind_name)[:40], kinds=", ".join((*PUBLIC_KINDS, *ADMIN_HISTORY))), "history.kind")])
    with reading(db, actor) as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.kind == kind_name,
                                                             AuditEntry.record_id == record_id)
                                    .order_by(AuditEntry.id)))
        if not rows and kind_name in ADMIN_HISTORY:  # no row of its own to ask: the history is all there is
            raise RuleViolation([error("id", _("The history holds no record {id} of {kind}. Check the number.")
                                       .format(id=record_id, kind=kind_name), "record.missing")])
        return [{"at": r.at.isoformat(), "user": r.username, "operation": shown(r.operation), "action": r.action,
                 "changes": r.changes} for r in rows]


#: The records whose history ``history`` shows besides the kinds of record: an administrator's (the users, the
#: office's clause texts and signing keys, the reminders' snoozes, the exchange files written and taken back).
ADMIN_HISTORY = ("users", "clause_templates", "signing_keys", "reminders", "logbook_exchanges")


def problem_list(problems: Iterable[Problem]) -> list[dict[str, str]]:
    return [{"field": p.field, "severity": p.severity.value, "message": p.message, "code": p.code}
            for p in problems]

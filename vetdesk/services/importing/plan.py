"""Checking an import: every row as ``records.create`` / ``update`` would check it, against the database and
against the file's other rows, with the records its natural keys name looked up in one query per key; writes
nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk.domain import identifiers as ids
from vetdesk.domain import normalize
from vetdesk.domain.problems import Problem, error, errors, warning
from vetdesk.i18n import _, upper_first
from vetdesk.services import fields as F
from vetdesk.services import named_lists, records
from vetdesk.services.importing.columns import ImportField, import_fields
from vetdesk.services.importing.reading import Formula, SheetRow, Table, formula_refusal
from vetdesk.services.importing.report import ImportIssue, ImportReport
from vetdesk.services.importing.values import display_value, prepare_value
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database

Progress = Callable[[int, int], None]




@dataclass
class PlannedRow:
    sheet_row: SheetRow
    raw: dict[str, Any]  # import field name -> prepared value
    cells: dict[str, Any]  # import field name -> cell as read
    values: dict[str, Any] = field(default_factory=dict)  # parsed record values (field -> value)
    merged: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    existing_id: int | None = None
    #: The row repeats an earlier row of the file value for value (the SEP's catalogue lists a school once per
    #: shift): reported, and written once.
    repeat: bool = False

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


@dataclass
class ImportPlan:
    """The validated rows, ready to write."""

    report: ImportReport
    rows: list[PlannedRow]


def _natural_key(kind: str) -> str | None:
    """The column that identifies an existing record of ``kind`` (for duplicates and --update)."""
    return records.kind(kind).natural_key


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _lookup(session: Session, kind: str, key: str, values: Iterable[Any]) -> dict[Any, list[int]]:
    """Ids of the records of ``kind`` whose ``key`` is one of ``values``: one query per 500 keys."""
    k = records.kind(kind)
    model = k.model
    column = getattr(model, key)
    wanted = sorted({v for v in values if v is not None})
    found: dict[Any, list[int]] = defaultdict(list)
    for chunk in _chunks(wanted):
        for value, record_id in session.execute(select(column, model.id).where(column.in_(chunk))):
            found[value].append(record_id)
    unknown = [v for v in wanted if v not in found]
    if k.key_or is not None and key == k.natural_key and unknown:
        # A programme column (Carrera) holds the name as often as the code; an office has a few programmes.
        by_name: dict[str, list[int]] = defaultdict(list)
        for name, record_id in session.execute(select(getattr(model, k.key_or), model.id)):
            by_name[normalize.fold(name)].append(record_id)
        for value in unknown:
            if normalize.fold(str(value)) in by_name:
                found[value] = by_name[normalize.fold(str(value))]
    return found


def validate_import(db: Database, kind: str, table: Table, mapping: Mapping[str, str | None], *,
                    update: bool = False, today: date | None = None) -> ImportReport:
    """Every problem importing ``table`` would meet, by row and column; writes nothing."""
    with reading(db) as session:
        return plan_import(session, kind, table, mapping, update=update, today=today or date.today()).report


def plan_import(session: Session, kind: str, table: Table, mapping: Mapping[str, str | None], *, update: bool,
                today: date, progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> ImportPlan:
    """Check every row of ``table`` as ``records.create`` / ``update`` would, and against the file's other rows;
    writes nothing. The rows that pass are ready for :mod:`.write`."""
    planner = _Planner(session, kind, table, mapping, update=update, today=today)
    if not planner.columns_present():
        return ImportPlan(planner.report, [])
    rows = planner.read_rows()
    total = len(rows)
    for index, row in enumerate(rows):
        if cancelled is not None and cancelled():
            planner.report.cancelled = True
            break
        if progress is not None and index % 200 == 0:
            progress(index, total)
        planner.check(row)
    if progress is not None and not planner.report.cancelled:
        progress(total, total)
    return ImportPlan(planner.report, rows)


class _Planner:
    """The checks of one import, step by step: which columns hold what, the rows as values, the records they
    name (by natural key, one query per kind of key), then each row's problems."""

    def __init__(self, session: Session, kind: str, table: Table, mapping: Mapping[str, str | None], *,
                 update: bool, today: date) -> None:
        self.session, self.kind, self.table, self.update, self.today = session, kind, table, update, today
        self.k = records.kind(kind)
        self.specs = {s.name: s for s in import_fields(kind)}
        self.report = ImportReport(kind=kind, rows=len(table.rows), notes=list(table.notes))
        self.column_of: dict[str, str] = {}
        for header in table.headers:
            name = mapping.get(header)
            if name is None:
                self.report.unmapped_columns.append(header)
            elif name in self.specs:
                self.column_of[name] = header
        self.target_column = {self.specs[n].target: h for n, h in self.column_of.items()}
        self.target_spec = {s.target: s for s in self.specs.values()}
        self.key = _natural_key(kind)
        #: The fields that together name the record --update changes, for a kind without a natural key.
        self.update_key = self.k.update_key if update and self.key is None else ()
        self.existing_by: dict[tuple[Any, ...], list[int]] = {}
        self.ref_ids: dict[str, dict[Any, list[int]]] = {}
        self.existing: dict[Any, list[int]] = {}
        self.objects: dict[int, Any] = {}
        self.defaults = records.defaults(self.k)  # the same defaults records.create starts from
        self.seen: dict[Any, int] = {}
        self.seen_values: dict[Any, dict[str, Any]] = {}
        #: Unique keys the natural key does not identify (a competency's code within its programme): row by key.
        self.composite = [names for names in self.k.unique
                          if not (self.key in names and set(names) <= {self.key, "id_country"})]
        self.seen_composite: dict[tuple[Any, ...], int] = {}
        #: Earlier rows by the key of the kind's rule between rows (``RecordKind.batch_rule``).
        self.earlier_rows: dict[Any, list[tuple[int, Mapping[str, Any]]]] = defaultdict(list)

    def columns_present(self) -> bool:
        """Whether the file has every column the import needs; otherwise the report says which is missing."""
        if self.update and self.update_key:
            missing_key = [spec for spec in self.specs.values()
                           if spec.target in self.update_key and spec.name not in self.column_of]
            # How to say which column holds it is the caller's: --map on the command line, the Columns step in
            # the window's import.
            for spec in missing_key:
                self.report.errors.append(ImportIssue(
                    self.table.header_row, "", "", _("No column holds {label} ({field}), which --update needs to "
                                                     "find the record to change. Add the column, or say which "
                                                     "column holds it.")
                    .format(label=spec.title(), field=spec.name), spec.name, "column.missing"))
            return not missing_key
        if self.update and self.key not in self.specs:
            # No column of a file names an existing record of this kind (a collaboration agreement's reference,
            # a learning position's name within its company): a file can only add them.
            self.report.errors.append(ImportIssue(
                None, "", "", _("{kinds} cannot be updated from a file: no column of it identifies "
                                                 "one that is recorded. Import new ones without --update, and "
                                                 "change recorded ones in the window or with vetdesk set.")
                .format(kinds=upper_first(_(self.k.plural))), "file", "update.no_key"))
            return False
        if self.update and self.key is not None:
            # Updating needs only the key column; a row that creates a record still needs every required value.
            missing = [self.specs[self.key]] if self.key not in self.column_of else []
        else:
            derivable = set(self.k.derived_names) if all(n in self.column_of for n in self.k.derived_from) \
                else set()
            missing = [s for s in self.specs.values()
                       if s.required and s.name not in self.column_of and s.name not in derivable]
        for spec in missing:
            self.report.errors.append(ImportIssue(
                self.table.header_row, "", "", _("No column holds {label} ({field}), which is required. Add the "
                                                 "column, or say which column holds it.")
                .format(label=spec.title(), field=spec.name), spec.name, "column.missing"))
        return not missing

    def read_rows(self) -> list[PlannedRow]:
        """The rows as prepared values, and what they name: the records their references' natural keys find,
        and the records that already hold their own natural key (duplicates, or what --update changes)."""
        positions = {name: self.table.headers.index(h) for name, h in self.column_of.items()}
        rows: list[PlannedRow] = []
        for sheet_row in self.table.rows:
            cells = {name: sheet_row.values[i] if i < len(sheet_row.values) else None
                     for name, i in positions.items()}
            raw = {name: None if isinstance(cells[name], Formula) else prepare_value(self.specs[name].type,
                                                                                       cells[name])
                   for name in positions}
            rows.append(PlannedRow(sheet_row, raw, cells))
        for name, spec in self.specs.items():
            if spec.ref_kind and name in self.column_of:
                keys = []
                for row in rows:
                    parsed = F.parse_value(F.Field(name, spec.type, spec.label), row.raw.get(name))[0]
                    row.raw[name] = parsed
                    keys.append(parsed)
                assert spec.ref_key is not None
                self.ref_ids[name] = _lookup(self.session, spec.ref_kind, spec.ref_key, keys)
        key_field = self.k.field(self.key) if self.key else None
        if self.key is not None and key_field is not None and self.key in self.column_of:
            for row in rows:
                value = row.raw.get(self.key)
                row.raw[self.key] = F.parse_value(key_field, value)[0] if value is not None else None
            self.existing = _lookup(self.session, self.kind, self.key, (r.raw.get(self.key) for r in rows))
        if self.update_key:
            self._look_up_by_update_key(rows)
        if self.update and (self.existing or self.existing_by):
            ids_ = [i for v in (*self.existing.values(), *self.existing_by.values()) for i in v]
            for chunk in _chunks(ids_):
                for obj in self.session.scalars(select(self.k.model).where(self.k.model.id.in_(chunk))):
                    self.objects[obj.id] = obj
        return rows

    def _look_up_by_update_key(self, rows: list[PlannedRow]) -> None:
        """The records the rows may change, by the kind's update key: those holding one of the file's values of
        the key's plain column (a competency's code), one query per 500 values."""
        plain = [n for n in self.update_key if n in self.column_of and not self.specs[n].ref_kind]
        if not plain:
            return
        model = self.k.model
        wanted = sorted({str(r.raw[plain[0]]) for r in rows if r.raw.get(plain[0]) is not None})
        columns = [getattr(model, n) for n in self.update_key]
        for chunk in _chunks(wanted):
            for found in self.session.execute(select(model.id, *columns)
                                              .where(getattr(model, plain[0]).in_(chunk))):
                self.existing_by.setdefault(tuple(found[1:]), []).append(found[0])

    def check(self, row: PlannedRow) -> None:
        """Every problem of one row, in the report by row and column; the row's values merged as they would be
        written."""
        problems: list[Problem] = [error(name, formula_refusal(cell), "cell.formula")
                                   for name, cell in row.cells.items() if isinstance(cell, Formula)]
        record_raw: dict[str, Any] = {}
        for name, value in row.raw.items():
            spec = self.specs[name]
            if spec.ref_kind:
                if value is not None:
                    found, problem = self._reference(spec, value)
                    if problem is not None:
                        problems += problem
                    else:
                        record_raw[spec.target] = found
            elif value is not None or not self.update:
                record_raw[name] = value
        # Competency codes and position names (the row's company's) read to their numbers, as records.create does.
        record_raw, named = named_lists.resolve(self.session, self.k.fields, record_raw, record_raw.get("company_id"))
        values, parse_problems = records.parse_values(self.k, record_raw)
        problems += named + parse_problems
        row.values = values
        obj = self._duplicates(row, values, problems)
        if obj is not None:
            merged = {f.name: getattr(obj, f.name) for f in self.k.fields} | {"id": obj.id} | values
        else:
            # An empty cell is no value: it must not wipe a default such as the country MX.
            merged = self.defaults | {n: v for n, v in values.items() if v is not None}
        if not errors(problems):
            self.k.complete(merged)
        row.merged = merged
        if not errors(problems):
            problems += _required(self.k, merged)
        if not errors(problems) and self.composite:
            problems += self._composite(row, merged)
        if not errors(problems):
            problems += self._rules(merged, obj)
            if self.k.change_rules is not None:  # a collaboration agreement recorded at a step of its life cycle
                problems += self.k.change_rules(self.session, obj, values, merged, self.today)
            batch = self.k.batch_rule
            if batch is not None and not errors(problems) and batch.key(merged) is not None:
                self.earlier_rows[batch.key(merged)].append((row.sheet_row.number, merged))
        row.problems = problems
        self._report(row, problems)

    def _rules(self, merged: dict[str, Any], obj: Any) -> list[Problem]:
        """The kind's rules exactly as records.create applies them (``RecordKind.check``), and its rule between
        this row and the file's earlier rows, which are not in the database yet (``RecordKind.batch_rule``)."""
        problems = self.k.check(self.session, merged, obj, self.today) if self.k.check is not None else []
        batch = self.k.batch_rule
        key = batch.key(merged) if batch is not None else None
        if batch is not None and key is not None:
            problems += batch.check(merged, self.earlier_rows.get(key, []))
        return problems

    def _reference(self, spec: ImportField, value: Any) -> tuple[int | None, list[Problem] | None]:
        """The id a natural key in the file names (a school's CCT, a company's RFC…), or why it names none."""
        if spec.ref_key == "cct":
            bad = ids.check_cct(value, spec.target)
            if bad:
                return None, bad
        matches = self.ref_ids[spec.name].get(value, [])
        if not matches:
            assert spec.ref_key is not None and spec.ref_kind is not None
            return None, [error(spec.target, _(
                "There is no {what} with {key} {value}. Register or import it first, or correct the "
                "value.").format(what=_(records.kind(spec.ref_kind).singular), key=spec.ref_key.upper()
                                 if spec.ref_key != "email" else _("e-mail"), value=value), "ref.missing")]
        if len(matches) > 1:
            assert spec.ref_kind is not None
            return None, [error(spec.target, _(
                "{n} records of kind {what} have {value}; vetdesk cannot tell which one is meant. "
                "Correct the duplicates first.").format(n=len(matches), what=_(records.kind(
                    spec.ref_kind).plural), value=value), "ref.ambiguous")]
        return matches[0], None

    def _duplicates(self, row: PlannedRow, values: dict[str, Any], problems: list[Problem]) -> Any:
        """The row's natural key against the file's earlier rows and the database; the record an update
        changes (or None)."""
        if self.update_key:
            named = tuple(values.get(n) for n in self.update_key)
            matches = self.existing_by.get(named, []) if None not in named else []
            if len(matches) == 1:  # the file's own duplicates are the unique key's (_composite)
                row.existing_id = matches[0]
                return self.objects.get(matches[0])
            return None
        key = self.key
        natural = values.get(key) if key else None
        if natural is None:
            return None
        if natural in self.seen and self.seen_values.get(natural) == values:
            row.repeat = True  # the SEP's catalogue lists a school once per shift
            problems.append(warning(key or "", _(
                "This row repeats row {row} of this file value for value; it is imported once.").format(
                    row=self.seen[natural]), "duplicate.same"))
        elif natural in self.seen:
            problems.append(twice(self._label(key or ""), natural, self.seen[natural], row.sheet_row.number, key or ""))
        else:
            self.seen[natural] = row.sheet_row.number
            self.seen_values[natural] = dict(values)
        matches = self.existing.get(natural, [])
        if matches and self.update:
            if len(matches) > 1:
                problems.append(error(key or "", _("{n} records have {value}; vetdesk cannot tell which "
                                                   "one to update.").format(n=len(matches),
                                                                            value=F.quoted(natural)),
                                      "duplicate.ambiguous"))
                return None
            row.existing_id = matches[0]
            return self.objects.get(matches[0])
        if matches and self.k.key_shared:
            problems.append(warning(key or "", _(
                "An instructor with the e-mail {value} is already registered (instructor {id}); this row "
                "adds another one. Use --update to change that instructor instead.").format(
                    value=F.quoted(natural), id=matches[0]), "duplicate.db"))
        elif matches:
            problems.append(error(key or "", _(
                "{value} is already registered ({kind} {id}). Use --update to update it from the file, or "
                "remove the row.").format(value=F.quoted(natural), kind=_(self.k.singular), id=matches[0]),
                "duplicate.db"))
        return None

    def _composite(self, row: PlannedRow, merged: dict[str, Any]) -> list[Problem]:
        """Unique keys beyond the natural key (a competency's code within its programme): against the database
        and the file's earlier rows."""
        problems = records.unique_problems(self.session, self.k, merged, row.existing_id, skip_natural_key=True)
        for names in self.composite:
            value = tuple(merged.get(n) for n in names)
            if None in value:
                continue
            if value in self.seen_composite:
                problems.append(twice(self._label(names[-1]), value[-1], self.seen_composite[value],
                                      row.sheet_row.number, names[-1]))
            else:
                self.seen_composite[value] = row.sheet_row.number
        return problems

    def _label(self, name: str) -> str:
        """A field in the user's words, as the import names it (its column's title)."""
        spec = self.specs.get(name) or self.target_spec.get(name)
        if spec is not None:
            return spec.title()
        record_field = self.k.field(name)
        return record_field.title() if record_field is not None else name

    def _report(self, row: PlannedRow, problems: list[Problem]) -> None:
        for p in problems:
            problem_header = self.target_column.get(p.field) or self.column_of.get(p.field)
            problem_spec = self.target_spec.get(p.field)
            record_field = self.k.field(p.field)
            column = problem_header or (
                problem_spec.title() if problem_spec else record_field.title() if record_field else p.field)
            spec_name = problem_spec.name if problem_spec else p.field
            issue = ImportIssue(row.sheet_row.number, column, display_value(row.cells.get(spec_name)), p.message,
                                p.field, p.code, p.is_error)
            (self.report.errors if p.is_error else self.report.warnings).append(issue)
        if row.ok:
            self.report.valid_rows.append(row.sheet_row.number)


def twice(label: str, value: Any, first: int, second: int, field_name: str) -> Problem:
    """A key the file holds on two rows, said with both rows: "CCT 22DPT0004Q appears twice in this file: rows 2
    and 4"."""
    return error(field_name, _("{label} {value} appears twice in this file: rows {first} and {second}. Remove one "
                               "of the two rows, or correct its value.").format(
        label=label, value=F.quoted(value), first=first, second=second), "duplicate.file")


def _required(k: records.RecordKind, merged: dict[str, Any]) -> list[Problem]:
    return [error(f.name, _("{label} is required; fill in the cell.").format(label=f.title()), "required")
            for f in k.missing(merged)]



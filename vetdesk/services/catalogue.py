"""A programme's competency catalogue and rating scale: spreadsheet import/export, the socio-emotional
catalogue, choosing the scale.

The spreadsheet has one row per competency with the columns ``area, code, title, description, conocer_code,
kind`` (a header row first; Spanish headers are accepted too), in the catalogue's order. An import is all or
nothing: every bad row is reported with its row number and column, and then nothing is written. Competencies
are written as records of their kind (``records.insert_new``, ``records.change_in``), with their audit entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from vetdesk.domain import normalize, scales
from vetdesk.domain.identifiers import check_conocer_code
from vetdesk.domain.problems import Problem, RuleViolation, error, errors
from vetdesk.domain.training import SOCIOEMOTIONAL_AREA, SOCIOEMOTIONAL_SKILLS
from vetdesk.i18n import _, format_list, ngettext
from vetdesk.services.exporting import keep_as_text, write_atomically
from vetdesk.services.fields import COMPETENCY_FIELDS, choice_label
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, reading, unit_of_work
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Assessment, Competency, Programme

COLUMNS = ("area", "code", "title", "description", "conocer_code", "kind")
#: A catalogue without areas is a plain list of competencies: each takes its kind's area
#: (``domain.training.default_area``).
REQUIRED = ("code", "title")
#: The longest competency code: the field's own limit (``services.fields.COMPETENCY_FIELDS``), one definition.
CODE_LENGTH: int = next(f.max_length for f in COMPETENCY_FIELDS if f.name == "code" and f.max_length)
#: The column naming the programme: in a file of several programmes' catalogues, the others' rows are left out
#: (a file none of whose rows is the chosen programme's is refused: the officer chose the wrong programme or file).
PROGRAMME = "programme_code"
KINDS = ("technical", "socioemotional")
#: The code of the refusal of a file without a required column; its field is the column's name.
HEADER_MISSING = "catalogue.header"

#: Header words accepted for each column (accent- and case-folded), e.g. from a Spanish curriculum.
_HEADER_WORDS = {
    "area": "area", "area de competencia": "area", "competency area": "area", "bereich": "area",
    "code": "code", "codigo": "code", "clave": "code", "kode": "code", "clave de la competencia": "code",
    "title": "title", "titulo": "title", "competencia": "title", "competency": "title", "nombre": "title",
    "nombre de la competencia": "title",
    "description": "description", "descripcion": "description", "beschreibung": "description",
    "conocer_code": "conocer_code", "conocer": "conocer_code", "codigo conocer": "conocer_code",
    "conocer code": "conocer_code", "estandar conocer": "conocer_code", "norma conocer": "conocer_code",
    "estandar de competencia": "conocer_code",
    "kind": "kind", "tipo": "kind", "type": "kind", "tipo de competencia": "kind",
    "carrera": PROGRAMME, "clave de la carrera": PROGRAMME, "nombre de la carrera": PROGRAMME,
    "programa": PROGRAMME, "programme": PROGRAMME, "program": PROGRAMME, "ausbildungsberuf": PROGRAMME,
}
_KIND_WORDS = {"technical": "technical", "tecnica": "technical", "tecnico": "technical",
               "socioemotional": "socioemotional", "socio-emotional": "socioemotional",
               "socioemocional": "socioemotional"}

@dataclass(frozen=True)
class CatalogueRow:
    """A competency as a file gives it. None: the file says nothing of that value (no such column, or an empty
    cell): a new competency takes its default (its kind's area, technical), an existing one keeps its own."""

    area: str | None
    code: str
    title: str
    conocer_code: str | None = None
    kind: str | None = "technical"
    description: str | None = None


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int
    #: codes in the database but not in the file: kept (assessments may refer to them)
    kept: tuple[str, ...]
    #: rows of other programmes in the file (its programme column), left out
    other_programmes: int = 0


def _programme_or_refuse(session: Any, programme_id: int) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise RuleViolation([error("programme_id", _("There is no programme with id {id}. Check the number "
                                                     "(vetdesk list programmes).").format(id=programme_id),
                                   "ref.missing")])
    return programme


def catalogue_rows(db: Database, programme_id: int) -> list[CatalogueRow]:
    with reading(db) as session:
        _programme_or_refuse(session, programme_id)
        return [CatalogueRow(c.area, c.code, c.title, c.conocer_code, c.kind or "technical", c.description)
                for c in session.scalars(select(Competency).where(Competency.programme_id == programme_id)
                                         .order_by(Competency.position, Competency.id))]



def export_catalogue(db: Database, programme_id: int, path: str | Path) -> int:
    """Write the catalogue to an XLSX file in the layout of the competencies' import template (``vetdesk
    template competencies``: the same columns, headed in the user's language), so that both ``catalogue
    import`` and ``vetdesk import competencies`` take it back; returns the number of competencies written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from vetdesk.services.fields import choice_label
    from vetdesk.services.importing import import_fields

    rows = catalogue_rows(db, programme_id)
    with reading(db) as session:
        programme_code = _programme_or_refuse(session, programme_id).code
        # A retired competency is said so (it stays in the catalogue for the ratings that name it): the file must
        # not show it as one still taught. ``vetdesk import competencies`` reads the column back.
        retired = dict(session.execute(select(Competency.code, Competency.retired_on).where(
            Competency.programme_id == programme_id, Competency.retired_on.is_not(None))).all())
    titles = {f.name: f.title() for f in import_fields("competencies")}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Competencies")[:31]
    ws.append([titles.get(name, name) for name in ("programme_code", *COLUMNS, "retired_on")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        # The kind in the reader's words (técnica), as the list and the import template say it; read back in any.
        ws.append([programme_code, r.area, r.code, r.title, r.description, r.conocer_code,
                   choice_label(r.kind) if r.kind else r.kind])
        keep_as_text(ws[ws.max_row])
        if r.code in retired:
            cell = ws.cell(ws.max_row, len(COLUMNS) + 2, retired[r.code])
            cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    write_atomically(path, wb.save)
    return len(rows)


def _kind_in_any_language(word: str) -> str | None:
    """A competency's kind in any of vetdesk's languages' words (an export's: fachlich, socioemocional)."""
    from vetdesk.services import fields as F

    kind_field = next(f for f in F.COMPETENCY_FIELDS if f.name == "kind")
    value, problem = F.parse_value(kind_field, word)
    return str(value) if problem is None and value else None


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize.text(str(value))
    return text or None


def read_catalogue(path: str | Path, *, overrides: Mapping[str, str] | None = None,
                   programme: tuple[str, str] | None = None) -> list[CatalogueRow]:
    """Read and check a catalogue spreadsheet (XLSX or CSV, within the import's limits; its columns headed as
    the import template heads them, with the words offices use — Clave, Competencia, Carrera… — or with the plain
    words ``area, code, title…``; ``overrides``: ``--map`` choices, header to column name or ``-``); raises
    RuleViolation naming every bad row and column. ``programme``: the programme's code and name, which the
    file's programme column (if any) is read against; the rows of other programmes are left out."""
    return _read(path, overrides=overrides, programme=programme)[0]


def _read(path: str | Path, *, overrides: Mapping[str, str] | None,
          programme: tuple[str, str] | None) -> tuple[list[CatalogueRow], int]:
    from vetdesk.services.importing import ImportFileError, apply_overrides, import_fields, propose_mapping, read_table
    from vetdesk.services.importing.reading import Formula, formula_refusal

    try:
        table = read_table(path)
    except ImportFileError as exc:
        raise RuleViolation([error("file", str(exc), "catalogue.file")]) from exc
    titles = {f.name: f.title() for f in import_fields("competencies")}
    if not table.headers:
        raise RuleViolation([error("file", _(
            "The spreadsheet is empty; its first row must name the columns {columns}.")
            .format(columns=format_list([titles[c] for c in REQUIRED])), "catalogue.empty")])
    header: dict[str, int] = {}
    shown: dict[str, str] = {}  # each column as the file heads it, for the messages
    problems: list[Problem] = []
    template = propose_mapping("competencies", table.headers)
    mapping: dict[str, str | None] = {}
    for cell in table.headers:
        word = normalize.fold(str(cell)).strip().replace("_", " ") if cell is not None else ""
        mapping[cell] = _HEADER_WORDS.get(word) or _HEADER_WORDS.get(word.replace(" ", "_")) or template.get(cell)
    if overrides:
        try:
            mapping = apply_overrides("competencies", mapping, overrides)
        except KeyError as exc:
            raise RuleViolation([error("map", str(exc.args[0]), "catalogue.map")]) from exc
    for i, cell in enumerate(table.headers):
        name = mapping.get(cell)
        if name in (*COLUMNS, PROGRAMME) and name not in header:
            header[name], shown[name] = i, str(cell)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        # The field is the first missing column's name: the command line says how to name it (--map), the
        # window how to choose it (the import's column step); the rule says what is missing, in the user's words.
        raise RuleViolation([error(missing[0], ngettext(
            "The spreadsheet needs the columns {columns}; {missing} is missing. Start from the import template of "
            "competencies, or head the column as the template heads it.",
            "The spreadsheet needs the columns {columns}; {missing} are missing. Start from the import template "
            "of competencies, or head the columns as the template heads them.", len(missing))
            .format(columns=format_list([titles[c] for c in REQUIRED]),
                    missing=format_list([titles[c] for c in missing])),
            HEADER_MISSING)])
    lines = [tuple(table.headers)] + [row.values for row in table.rows]
    numbers = [table.header_row] + [row.number for row in table.rows]
    rows: list[CatalogueRow] = []
    seen: dict[str, int] = {}
    other = 0
    named_others: set[str] = set()
    for number, line in zip(numbers[1:], lines[1:], strict=True):
        def get(name: str, line: tuple[Any, ...] = line) -> str | None:
            i = header.get(name)
            return _cell_text(line[i]) if i is not None and i < len(line) else None

        where = _("Row {row}, column {column}")
        formulas = {c: line[header[c]] for c in COLUMNS
                    if c in header and header[c] < len(line) and isinstance(line[header[c]], Formula)}
        for name, cell in formulas.items():
            problems.append(error(name, where.format(row=number, column=shown[name]) + ": "
                                  + formula_refusal(cell), "cell.formula"))
        values = {c: None if c in formulas else get(c) for c in COLUMNS}
        if not any(values.values()):
            continue  # blank lines between areas are fine
        named = get(PROGRAMME) if PROGRAMME in header else None
        if named and programme is not None \
                and normalize.fold(named) not in {normalize.fold(programme[0]), normalize.fold(programme[1])}:
            other += 1
            named_others.add(named)
            continue
        for name in REQUIRED:
            if not values[name]:
                problems.append(error(name, where.format(row=number, column=shown[name]) + ": "
                                      + _("empty; every competency needs a code and a title."),
                                      "catalogue.required"))
        code = values["code"]
        if code:
            if len(code) > CODE_LENGTH:
                problems.append(error("code", where.format(row=number, column=shown["code"]) + ": "
                                      + ngettext("{code} is longer than {n} character.",
                                                 "{code} is longer than {n} characters.",
                                                 CODE_LENGTH).format(code=code, n=CODE_LENGTH),
                                      "catalogue.code"))
            key = code.upper()
            if key in seen:
                problems.append(error("code", where.format(row=number, column=shown["code"]) + ": "
                                      + _("{code} already appears in row {other}; each code once.")
                                      .format(code=code, other=seen[key]), "catalogue.duplicate"))
            else:
                seen[key] = number
        conocer = values["conocer_code"]
        if conocer:
            conocer = conocer.upper().replace(" ", "")
            for p in check_conocer_code(conocer, "conocer_code"):
                problems.append(error("conocer_code", where.format(row=number, column=shown["conocer_code"]) + ": "
                                      + p.message, p.code))
        kind = None
        if values["kind"]:
            found = _KIND_WORDS.get(normalize.fold(values["kind"]).strip()) or _kind_in_any_language(values["kind"])
            if found is None:
                problems.append(error("kind", where.format(row=number, column=shown["kind"]) + ": "
                                      + _("{value} is not a kind; write {technical} or {socioemotional}.")
                                      .format(value=values["kind"], technical=choice_label("technical"),
                                              socioemotional=choice_label("socioemotional")),
                                      "catalogue.kind"))
            else:
                kind = found
        if code and values["title"]:
            rows.append(CatalogueRow(values["area"], code, values["title"], conocer, kind, values["description"]))
    if problems:
        raise RuleViolation(problems)
    if not rows and other and programme is not None:
        # No row is the chosen programme's: another programme's catalogue is never poured into the chosen one
        # unasked (found by a new user's re-trial); the officer says so by emptying the programme column.
        raise RuleViolation([error(PROGRAMME, ngettext(
            "The spreadsheet's only competency is not of the programme {programme}: its column {column} names "
            "{others}. Import the file into that programme; or, to copy it into {programme}, empty the column "
            "{column} (or delete it) and import again.",
            "None of the spreadsheet's {n} competencies is of the programme {programme}: its column {column} names "
            "{others}. Import the file into that programme; or, to copy them into {programme}, empty the column "
            "{column} (or delete it) and import again.", other)
            .format(n=other, programme=f"{programme[0]} {programme[1]}", column=shown[PROGRAMME],
                    others=format_list(sorted(named_others)[:5])), "catalogue.other_programme")])
    if not rows:
        raise RuleViolation([error("file", _("The spreadsheet has no competencies below its header row."),
                                   "catalogue.empty")])
    return rows, other


def import_catalogue(db: Database, programme_id: int, path: str | Path, *, actor: Actor = SYSTEM,
                     overrides: Mapping[str, str] | None = None) -> ImportSummary:
    """Add or update the programme's competencies from a spreadsheet, all or nothing.

    Rows are matched to existing competencies by code; competencies missing from the file are kept,
    because assessments may refer to them. A programme column (Carrera) leaves out other programmes' rows.
    """
    with reading(db) as session:
        found = _programme_or_refuse(session, programme_id)
        programme = (found.code, found.name)
    rows, other = _read(path, overrides=overrides, programme=programme)
    summary = save_catalogue(db, programme_id, rows, actor=actor, label=_("Import competency catalogue"))
    return replace(summary, other_programmes=other)


def save_catalogue(db: Database, programme_id: int, rows: list[CatalogueRow], *, actor: Actor = SYSTEM,
                   label: str | None = None, start_position: int | None = None) -> ImportSummary:
    """Add the rows' competencies to the programme's catalogue, or change those with the same code, in the
    rows' order, as one unit of work through the competencies' own rules."""
    from datetime import date

    from vetdesk.services import records

    k = records.kind("competencies")
    today = date.today()
    added = updated = unchanged = 0
    with unit_of_work(db, label or _("Change competency catalogue"), actor, permission=k.permission) as uow:
        session = uow.session
        _programme_or_refuse(session, programme_id)
        existing = {c.code.upper(): c for c in session.scalars(
            select(Competency).where(Competency.programme_id == programme_id))}
        position = start_position or 0
        in_file = set()
        new_rows: list[dict[str, Any]] = []
        problems: list[Problem] = []
        for r in rows:
            position += 1
            in_file.add(r.code.upper())
            wanted = {"area": r.area, "code": r.code, "title": r.title, "description": r.description,
                      "conocer_code": r.conocer_code, "kind": r.kind, "position": position}
            current = existing.get(r.code.upper())
            if current is not None:  # what the file leaves unsaid keeps what is recorded (a file of codes and
                for name in ("area", "description", "conocer_code", "kind"):  # titles erases no description)
                    if wanted[name] is None:
                        del wanted[name]
            if current is None:
                merged, found = records.problems_for(session, k.name, {"programme_id": programme_id, **wanted},
                                                     today=today)
                problems += errors(found)
                new_rows.append(merged)
                continue
            changed = {n: v for n, v in wanted.items() if getattr(current, n) != v}
            if not changed:
                unchanged += 1
                continue
            audited = len(uow.entries)
            records.change_in(uow, k, current.id, changed, accept_warnings=True, today=today)
            updated += len(uow.entries) > audited
        if problems:
            raise RuleViolation(problems)
        records.insert_new(uow, k, new_rows)
        added = len(new_rows)
        kept = tuple(sorted(c.code for key, c in existing.items() if key not in in_file))
    return ImportSummary(added, updated, unchanged, kept)


def enable_socioemotional(db: Database, programme_id: int, *, actor: Actor = SYSTEM) -> int:
    """Add the six socio-emotional skills as a second catalogue; returns how many were added (0 if done)."""
    with reading(db) as session:
        _programme_or_refuse(session, programme_id)
        have = set(session.scalars(select(Competency.code).where(Competency.programme_id == programme_id)))
        last = session.scalar(select(func.max(Competency.position))
                              .where(Competency.programme_id == programme_id)) or 0
    rows = [CatalogueRow(_(SOCIOEMOTIONAL_AREA), code, _(title), None, "socioemotional")
            for code, title in SOCIOEMOTIONAL_SKILLS if code not in have]
    if not rows:
        return 0
    summary = save_catalogue(db, programme_id, rows, actor=actor, label=_("Enable socio-emotional skills"),
                             start_position=int(last))
    return summary.added


def set_scale(db: Database, programme_id: int, scale: str | dict[str, Any], *, actor: Actor = SYSTEM) -> None:
    """Choose the programme's rating scale (four_levels, pass_fail, ihk100, or a scale document).

    Refused once ratings are recorded on the current scale (their meaning would change).
    """
    if isinstance(scale, str):
        if scale not in scales.SCALES:
            raise RuleViolation([error("scale", _("{name} is not a known scale; use one of: {names}.")
                                       .format(name=scale, names=", ".join(scales.SCALES)), "scale.unknown")])
        document = scales.SCALES[scale]
    else:
        document = scale
    with unit_of_work(db, _("Change rating scale"), actor) as uow:
        change_scale(uow, programme_id, document)


def change_scale(uow: UnitOfWork, programme_id: int, document: Mapping[str, Any]) -> None:
    """Give a programme the rating scale ``document`` in the caller's unit of work, audited (:func:`set_scale`,
    and the demonstration's programmes rated on another scale than a new programme's)."""
    session = uow.session
    programme = _programme_or_refuse(session, programme_id)
    rated = session.scalar(
        select(func.count()).select_from(Assessment)
        .join(Competency, Competency.id == Assessment.competency_id)
        .where(Competency.programme_id == programme_id, Assessment.level.is_not(None))) or 0
    if rated and dict(programme.scale or {}) != dict(document):
        # A 4 on the four-level scale is "outstanding"; on the 100-point scale it is a fail.
        raise RuleViolation([error("scale", _(
            "{n} ratings are recorded on the programme's current scale; changing the scale would change "
            "what they mean. Keep the current scale, or create a new programme for the new scale.")
            .format(n=rated), "scale.in_use")])
    before = programme.scale
    programme.scale = dict(document)
    programme.version = (programme.version or 0) + 1
    uow.audit(kind="programmes", record_id=programme.id, action="update", before={"scale": before},
              after={"scale": programme.scale})

"""Spreadsheet import: schools, companies, programmes and their competencies, instructors, school staff,
coordinators, learning positions, rotation plans, collaboration agreements, apprentices and agreements from XLSX
or CSV files as offices really keep them (schools also from the SEP's catalogue of work centres as downloaded).

One engine serves the import wizard and ``vetdesk import``:

- :func:`read_table` finds the header row (title rows above it, blank rows and a trailing note are
  tolerated) and keeps each data row's own spreadsheet row number;
- :func:`propose_mapping` matches headers to fields ignoring case, accents, punctuation and spacing, in
  Spanish, English and German;
- :func:`validate_import` reports every problem by row, column and value, through the same rules as the
  window (``records.parse_values``, the kind's ``check`` and the domain rules), with duplicates looked
  up in one query per natural key instead of one per row;
- :func:`run_import` writes all rows or none (or only the valid rows) in one unit of work.

References between records use natural keys: the apprentice's CURP, the company's RFC, the school's
CCT, the programme's code, the instructor's, school staff's and coordinator's e-mail, the agreement's reference.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vetdesk.domain import identifiers as ids
from vetdesk.domain import normalize, rules
from vetdesk.domain.dates import overlaps, parse_typed_date
from vetdesk.domain.problems import Problem, error, errors, warning
from vetdesk.i18n import N_, _
from vetdesk.services import fields as F
from vetdesk.services import records
from vetdesk.services.formulas import restore_neutralised
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, acting, authorize, reading, unit_of_work
from vetdesk.storage.engine import Database
from vetdesk.storage.models import AuditEntry

#: The kinds a spreadsheet can bring in, in the order they depend on each other.
IMPORT_KINDS = ("schools", "companies", "programmes", "competencies", "instructors", "tutors", "coordinators",
                "positions", "rotation_plans", "collaborations", "apprentices", "agreements")

Progress = Callable[[int, int], None]


class ImportFileError(Exception):
    """The file cannot be read as a table (wrong format, no header, unknown sheet)."""


# -- reading a file -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SheetRow:
    """One data row: its number as the spreadsheet shows it, and its cells (as read)."""

    number: int
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    """A spreadsheet's table: unique header texts, data rows, and what was set aside."""

    headers: list[str]
    rows: list[SheetRow]
    header_row: int
    sheet: str | None = None
    #: Trailing rows taken for notes (row number, text), not imported.
    notes: list[tuple[int, str]] = field(default_factory=list)

    def cell(self, row: SheetRow, header: str) -> Any:
        i = self.headers.index(header)
        return row.values[i] if i < len(row.values) else None


# Limits checked before and while a file is read: a spreadsheet from outside may be built to exhaust the PC (a
# cell of 200 million characters packed into 200 KB, millions of empty rows). Each refusal names the file and
# the limit. They are far above what an office's lists hold (the largest import measured: 50,000 rows).

#: The largest file read at all (bytes on disk).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: XLSX: the most its parts may hold unpacked, and how many times smaller than that a large part may be packed
#: (spreadsheet XML packs about ten to twenty times; a bomb thousands of times).
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_PACKING_RATIO = 100
#: Parts smaller than this are not held to the ratio (a small part of repeated markup packs very well).
RATIO_CHECKED_FROM = 1024 * 1024
#: Rows with data, rows of any kind a sheet may run to (Excel's own maximum), and columns.
MAX_ROWS = 200_000
MAX_SHEET_ROWS = 1_048_576
MAX_COLUMNS = 256
#: The longest cell (Excel's own limit for a cell's text).
MAX_CELL_LENGTH = 32_767
#: Encodings a CSV file from an office may come in; charset-normalizer chooses among them when it is not UTF-8.
CSV_ENCODINGS = ("utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "cp1252", "latin_1")


def _refuse_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFileError(_("{name} is {size} MB; vetdesk reads files of up to {limit} MB. Split the list into "
                                "smaller files.").format(name=path.name, size=size // (1024 * 1024),
                                                        limit=MAX_FILE_BYTES // (1024 * 1024)))


def _unreadable_xlsx(path: Path, reason: object) -> ImportFileError:
    return ImportFileError(_("{name} is not a readable .xlsx file ({reason}). Open it in the spreadsheet program "
                             "and save it again as .xlsx.").format(name=path.name, reason=str(reason)[:200]))


def _check_xlsx_parts(path: Path) -> None:
    """Refuse an XLSX file whose parts would unpack to more than vetdesk reads, before any part is unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable_xlsx(path, exc) from exc
    total = sum(p.file_size for p in parts)
    if total > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("{name} unpacks to {size} MB; vetdesk reads spreadsheets of up to {limit} MB "
                                "unpacked. Remove what the list does not need, or split it.").format(
            name=path.name, size=total // (1024 * 1024), limit=MAX_UNPACKED_BYTES // (1024 * 1024)))
    _refuse_document_types(path, [p.filename for p in parts])
    for part in parts:
        if part.file_size >= RATIO_CHECKED_FROM and part.file_size > MAX_PACKING_RATIO * max(part.compress_size, 1):
            raise ImportFileError(_("{name} is packed {ratio} times smaller than its content, more than the "
                                    "{limit} times of a spreadsheet: it is not read. Save the list again from the "
                                    "spreadsheet program.").format(name=path.name,
                                                                   ratio=part.file_size // max(part.compress_size, 1),
                                                                   limit=MAX_PACKING_RATIO))


def _refuse_document_types(path: Path, names: list[str]) -> None:
    """Refuse a part that declares a document type (entities, external references): no spreadsheet program
    writes one. openpyxl parses with lxml when lxml is installed (a test library brings it), and then not
    through defusedxml; the prolog is read here with defusedxml up to the root element, whatever its encoding."""
    import zipfile

    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
    from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

    with zipfile.ZipFile(path) as archive:
        for name in names:
            if not name.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(name) as part:
                    for _event, _element in iterparse(part, events=("start",), forbid_dtd=True):
                        break  # the root element: past the prolog, where a document type would stand
            except (DefusedXmlException, SyntaxError, ValueError, OSError, zipfile.BadZipFile) as exc:
                raise _unreadable_xlsx(path, exc) from exc


@contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    """The workbook read-only, its XML parsed by defusedxml (no entities, no external references); the file is
    closed however reading ends."""
    import zipfile

    import openpyxl
    from openpyxl import xml as openpyxl_xml

    if not openpyxl_xml.DEFUSEDXML:  # pragma: no cover - OPENPYXL_DEFUSEDXML=False in the environment
        raise ImportFileError(_("{name} is not read: the XML protection (defusedxml) is switched off in this "
                                "installation.").format(name=path.name))
    _refuse_size(path)
    _check_xlsx_parts(path)
    with path.open("rb") as handle:
        try:
            wb = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, TypeError) as exc:
            raise _unreadable_xlsx(path, exc) from exc
        try:
            yield wb
        finally:
            wb.close()


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of an XLSX file (a CSV file has one, unnamed)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    with _workbook(path) as wb:
        return list(wb.sheetnames)


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """Read the first (or the named) sheet of an XLSX file, or a CSV file, into a :class:`Table`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid, sheet_name = _read_xlsx(path, sheet)
    elif suffix in (".csv", ".txt"):
        _refuse_size(path)
        grid, sheet_name = _read_csv(path.read_bytes(), path.name), None
    else:
        raise ImportFileError(_("{name}: vetdesk reads .xlsx and .csv files; save the spreadsheet in one of "
                                "these formats.").format(name=path.name))
    return _table_from_grid(grid, sheet_name, path.name)


def _check_row(name: str, number: int, values: Sequence[Any]) -> None:
    if len(values) > MAX_COLUMNS and any(not _blank(v) for v in values[MAX_COLUMNS:]):
        raise ImportFileError(_("{name}: row {row} has data beyond column {limit}; vetdesk reads up to {limit} "
                                "columns.").format(name=name, row=number, limit=MAX_COLUMNS))
    for i, value in enumerate(values):
        if isinstance(value, str) and len(value) > MAX_CELL_LENGTH:
            raise ImportFileError(_("{name}: the cell in row {row}, column {column} holds {length} characters; a "
                                    "cell may hold up to {limit}.").format(name=name, row=number,
                                                                           column=_column_letter(i), length=len(value),
                                                                           limit=MAX_CELL_LENGTH))


def _too_many_rows(name: str, limit: int) -> ImportFileError:
    return ImportFileError(_("{name} has more than {limit} rows; vetdesk imports up to {limit} rows from one file. "
                             "Split the list into smaller files.").format(name=name, limit=limit))


def _read_xlsx(path: Path, sheet: str | None) -> tuple[list[tuple[int, tuple[Any, ...]]], str]:
    with _workbook(path) as wb:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise ImportFileError(_("{name} has no sheet {sheet}; its sheets are: {sheets}.").format(
                name=path.name, sheet=sheet, sheets=", ".join(wb.sheetnames)))
        if hasattr(ws, "reset_dimensions"):
            # Some programs write a wrong sheet size; read every cell that is there instead.
            ws.reset_dimensions()
        grid: list[tuple[int, tuple[Any, ...]]] = []
        filled = 0
        try:
            for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if i > MAX_SHEET_ROWS:
                    raise _too_many_rows(path.name, MAX_SHEET_ROWS)
                if not values or all(_blank(v) for v in values):
                    continue  # blank rows are spacing: not kept, only counted
                filled += 1
                if filled > MAX_ROWS:
                    raise _too_many_rows(path.name, MAX_ROWS)
                _check_row(path.name, i, values)
                grid.append((i, tuple(values[:MAX_COLUMNS])))
        except (ValueError, SyntaxError, KeyError, TypeError) as exc:  # defusedxml's refusals are ValueErrors
            raise _unreadable_xlsx(path, exc) from exc
        return grid, ws.title


def read_grid(path: str | Path, sheet: str | None = None) -> tuple[list[tuple[int, tuple[Any, ...]]], str]:
    """Every filled row of one sheet of an XLSX file (its number, its cells as read) and the sheet's name, within
    the limits above: for files with a layout of their own (the weekly-report exchange file)."""
    return _read_xlsx(Path(path), sheet)


def decode_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM) or UTF-16/32 with a BOM as they say; otherwise the
    encoding charset-normalizer finds among those offices use (:data:`CSV_ENCODINGS`), else Windows-1252."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                          (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CSV_ENCODINGS)).best()
    if best is not None:
        return str(best)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def detect_delimiter(text: str) -> str:
    """``;`` or ``,`` (or a tab): the one that splits the first lines most consistently."""
    sample = [line[:10_000] for line in text.splitlines()[:30] if line.strip()]
    best, best_score = ",", -1.0
    for delim in (",", ";", "\t"):
        try:
            counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        except csv.Error:
            continue
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        # Lines that agree with the widest split (title and note lines do not) weigh most.
        score = sum(1 for c in counts if c == widest) * widest
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(data: bytes, name: str = "CSV") -> list[tuple[int, tuple[Any, ...]]]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text), strict=False)
    grid: list[tuple[int, tuple[Any, ...]]] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_LENGTH)
    try:
        for i, row in enumerate(reader, start=1):
            if i > MAX_ROWS:
                raise _too_many_rows(name, MAX_ROWS)
            _check_row(name, reader.line_num, row)
            # A cell an export wrote with a leading apostrophe (so spreadsheets do not run it) reads as stored.
            grid.append((i, tuple(restore_neutralised(v) for v in row[:MAX_COLUMNS])))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ImportFileError(_("{name}: a cell near line {line} holds more than {limit} characters, the most a "
                                    "cell may hold.").format(name=name, line=reader.line_num,
                                                             limit=MAX_CELL_LENGTH)) from exc
        raise ImportFileError(_("{name} cannot be read as a CSV file near line {line} ({reason}). Open it in the "
                                "spreadsheet program and save it again as CSV.").format(
            name=name, line=reader.line_num, reason=exc)) from exc
    finally:
        csv.field_size_limit(limit)
    return grid


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled(values: Sequence[Any]) -> int:
    return sum(1 for v in values if not _blank(v))


def header_key(text: Any) -> str:
    """A header as matched: no case, accents, punctuation or spaces ('Correo electrónico' → 'correoelectronico')."""
    return re.sub(r"[^0-9a-z]", "", normalize.fold(str(text or "")))


def _known_header_keys() -> set[str]:
    out: set[str] = set()
    for kind in IMPORT_KINDS:
        for spec in import_fields(kind):
            out.update(_synonym_keys(spec))
    return out


def _table_from_grid(grid: list[tuple[int, tuple[Any, ...]]], sheet: str | None, name: str) -> Table:
    head = [(n, v) for n, v in grid[:30] if _filled(v)]
    if not head:
        raise ImportFileError(_("{name} holds no table: every row is empty.").format(name=name))
    known = _known_header_keys()

    def matches(values: tuple[Any, ...]) -> int:
        return sum(1 for v in values if isinstance(v, str) and header_key(v) in known)

    best = max(head, key=lambda item: (matches(item[1]), _filled(item[1])))
    if matches(best[1]) < 2:
        # No recognised headers: take the first row as wide as the widest that holds only text.
        widest = max(_filled(v) for _n, v in head)
        candidates = [(n, v) for n, v in head if _filled(v) >= max(2, widest // 2)
                      and all(isinstance(x, str) for x in v if not _blank(x))]
        if not candidates:
            raise ImportFileError(_("{name}: no header row was found. Put the column titles in one row above "
                                    "the data.").format(name=name))
        best = candidates[0]
    header_row, header_values = best
    last = max((i for i, v in enumerate(header_values) if not _blank(v)), default=-1)
    headers: list[str] = []
    for i in range(last + 1):
        text = normalize.text(str(header_values[i])) if not _blank(header_values[i]) else None
        text = text or _("Column {n}").format(n=_column_letter(i))
        unique, n = text, 2
        while unique in headers:
            unique, n = f"{text} ({n})", n + 1
        headers.append(unique)
    width = len(headers)
    body = [(n, tuple(v[:width]) + (None,) * (width - len(v[:width]))) for n, v in grid if n > header_row]
    body = [(n, v) for n, v in body if _filled(v)]  # blank rows are spacing, not data
    # Trailing rows holding one sentence each are notes ("Nota: revisar CURP…"), not data.
    notes: list[tuple[int, str]] = []
    while body and width >= 3 and _is_note(body[-1][1]):
        n, values = body.pop()
        notes.insert(0, (n, next(str(v).strip() for v in values if not _blank(v))))
    rows = [SheetRow(n, v) for n, v in body]
    return Table(headers=headers, rows=rows, header_row=header_row, sheet=sheet, notes=notes)


_NOTE_START = re.compile(r"^(\*|nota|notas|note|notes|hinweis|anmerkung|fuente|source|quelle)\b", re.I)


def _is_note(values: tuple[Any, ...]) -> bool:
    filled = [v for v in values if not _blank(v)]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return False
    text = filled[0].strip()
    return bool(_NOTE_START.match(normalize.fold(text))) or len(text.split()) >= 4


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# -- the fields a spreadsheet can fill ------------------------------------------------------------

@dataclass(frozen=True)
class ImportField:
    """A column an import understands: a record field, or a natural key that names another record."""

    name: str
    label: str
    #: The record field it fills (``school_id`` for the natural key ``school_cct``).
    target: str
    type: str
    required: bool = False
    #: For natural keys: the kind referred to and the column that identifies it.
    ref_kind: str | None = None
    ref_key: str | None = None

    def title(self) -> str:
        return _(self.label)


#: Natural keys standing for references: (field, name in the spreadsheet, kind, key column, label).
_REFS: dict[str, tuple[str, str, str, str]] = {
    "apprentice_id": ("apprentice_curp", "apprentices", "curp", N_("Apprentice's CURP")),
    "company_id": ("company_rfc", "companies", "rfc", N_("Company RFC")),
    "school_id": ("school_cct", "schools", "cct", N_("School code (CCT)")),
    "programme_id": ("programme_code", "programmes", "code", N_("Programme code")),
    "instructor_id": ("instructor_email", "instructors", "email", N_("Instructor's e-mail")),
    "school_signatory_id": ("school_signatory_email", "tutors", "email", N_("E-mail of who signs for the school")),
    "coordinator_id": ("coordinator_email", "coordinators", "email", N_("Coordinator's e-mail")),
}
_REF_TYPES = {"curp": "id", "rfc": "id", "cct": "id", "code": "code", "email": "email", "reference": "id"}

#: Agreement fields an import does not set: the life cycle starts at draft in the app.
_AGREEMENT_SKIPPED = {
    "reference", "tutor_id", "rotation_plan_id", "status", "printed_on", "company_signed_on",
    "apprentice_signed_on", "guardian_signed_on", "school_signed_on", "chamber_signed_on", "activated_on",
    "completed_on", "terminated_on", "termination_reason",
}
#: Fields an import does not set, by kind: a life cycle starts at draft in the app; a plan's version is made
#: by ``plan-version``.
_SKIPPED = {
    "agreements": _AGREEMENT_SKIPPED,
    "collaborations": {"reference", "status", "printed_on", "school_signed_on", "company_signed_on",
                       "chamber_signed_on", "activated_on", "ended_on", "end_reason"},
}


def import_fields(kind: str) -> list[ImportField]:
    """The columns a file of ``kind`` can hold, in the order a template shows them."""
    if kind not in IMPORT_KINDS:
        raise KeyError(kind)
    out = []
    for f in records.kind(kind).fields:
        if not f.editable or f.name in _SKIPPED.get(kind, ()):
            continue
        if f.ref_kind is not None:
            if f.name not in _REFS:
                continue
            name, ref_kind, key, label = _REFS[f.name]
            out.append(ImportField(name, label, f.name, _REF_TYPES[key], f.required, ref_kind, key))
        else:
            out.append(ImportField(f.name, f.label, f.name, f.type, f.required))
    return out


def _field_spec(kind: str, name: str) -> ImportField | None:
    return next((s for s in import_fields(kind) if s.name == name), None)


# Header variants seen in office spreadsheets (Spanish, English, German), beyond the field's own name and
# label. Kind-specific lists come first: "Tutor" is the guardian on an apprentice list.
_COMMON_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id_country": ("País", "Pais del documento", "Country", "Land"),
    "email": ("Correo", "Correo electrónico", "Email", "E-mail", "Mail", "E-Mail-Adresse", "Correo-e"),
    "phone": ("Teléfono", "Tel", "Tel.", "Celular", "Móvil", "Phone", "Mobile", "Telefon", "Telefonnummer",
              "Handy"),
    "address": ("Domicilio", "Dirección", "Address", "Adresse", "Anschrift"),
    "state": ("Estado", "Entidad", "Entidad federativa", "State", "Bundesstaat"),
    "school_cct": ("CCT", "Clave del centro de trabajo", "Clave CCT", "Clave del plantel", "School code",
                   "Schulnummer", "CCT del plantel"),
    "company_rfc": ("RFC", "RFC de la empresa", "RFC empresa", "Company RFC", "Tax ID", "Steuernummer"),
}

_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "apprentices": {
        "curp": ("CURP", "Clave CURP", "CURP del alumno", "CURP del aprendiz"),
        "given_names": ("Nombre(s)", "Nombre", "Nombres", "Given names", "Given name", "First name",
                        "Vorname", "Vornamen"),
        "first_surname": ("Apellido paterno", "Primer apellido", "Apellido", "First surname", "Surname",
                          "Last name", "Family name", "Nachname", "Familienname"),
        "second_surname": ("Apellido materno", "Segundo apellido", "Second surname", "Zweiter Nachname"),
        "birth_date": ("Fecha de nacimiento", "Fecha nacimiento", "F. nacimiento", "Fecha de nac.",
                       "Nacimiento", "Birth date", "Date of birth", "Birthdate", "DOB", "Geburtsdatum"),
        "sex": ("Sexo", "Sex", "Gender", "Género", "Genero", "Geschlecht"),
        "semester": ("Semestre", "Semester", "Sem."),
        "nss": ("NSS", "Número de seguridad social", "No. de seguridad social", "Seguro social", "IMSS",
                "Social security number", "Sozialversicherungsnummer"),
        "guardian_name": ("Tutor", "Padre o tutor", "Padre, madre o tutor", "Nombre del tutor", "Tutor legal",
                          "Guardian", "Guardian name", "Parent", "Parent or guardian", "Erziehungsberechtigte",
                          "Erziehungsberechtigter", "Gesetzlicher Vertreter"),
        "guardian_relation": ("Parentesco", "Relación con el tutor", "Relationship", "Guardian relation",
                              "Verwandtschaftsverhältnis"),
        "guardian_phone": ("Teléfono del tutor", "Tel. tutor", "Teléfono tutor", "Celular del tutor",
                           "Guardian phone", "Guardian's phone", "Telefon Erziehungsberechtigte"),
        "guardian_email": ("Correo del tutor", "Correo electrónico del tutor", "Guardian email",
                           "Guardian e-mail"),
        "guardian_id_document": ("INE del tutor", "Identificación del tutor", "Guardian ID"),
        "medical_certificate_date": ("Certificado médico", "Fecha del certificado médico",
                                     "Medical certificate", "Ärztliche Bescheinigung"),
    },
    "companies": {
        "name": ("Razón social", "Empresa", "Nombre de la empresa", "Company", "Company name", "Firma",
                 "Unternehmen", "Betrieb", "Nombre"),
        "rfc": ("RFC", "Tax ID", "Steuernummer"),
        "sector": ("Sector", "Giro", "Rama", "Branche"),
        "size": ("Tamaño", "Size", "Größe", "Betriebsgröße"),
        "legal_representative": ("Representante legal", "Legal representative", "Gesetzlicher Vertreter",
                                 "Vertretungsberechtigte Person"),
        "contact_name": ("Contacto", "Persona de contacto", "Contact", "Contact person", "Ansprechpartner"),
        "contact_email": ("Correo", "Correo electrónico", "Email", "E-mail", "Correo de contacto"),
        "contact_phone": ("Teléfono", "Tel", "Phone", "Telefon", "Teléfono de contacto"),
    },
    "schools": {
        # The SEP's catalogue of work centres (Catálogo de Centros de Trabajo) names its columns CLAVECCT,
        # NOMBRECT, ENTIDAD (or the state's name in NOMBREENT / N_ENTIDAD), MUNICIPIO / NOMBREMUN, LOCALIDAD,
        # DOMICILIO, TELEFONO, CORREOELE… (upper or lower case, depending on the download).
        "name": ("Nombre del plantel", "Plantel", "Escuela", "Nombre de la escuela", "Nombre", "School",
                 "School name", "Schule", "Berufsschule", "NOMBRECT", "NOMBRE_CT", "Nombre del centro de trabajo",
                 "NOM_CT"),
        "cct": ("CCT", "Clave del centro de trabajo", "Clave CCT", "Clave del plantel", "School code",
                "Schulnummer", "CLAVECCT", "CLAVE_CCT", "CV_CCT", "CVE_CCT"),
        "subsystem": ("Subsistema", "Subsystem", "Schulträger", "NOMBRE_SUBSISTEMA"),
        "state": ("Entidad", "Estado", "Entidad federativa", "State", "Bundesstaat"),
        "municipality": ("Municipio", "Alcaldía", "Municipality", "Gemeinde", "Ort"),
        "address": ("DOMICILIO", "Domicilio", "Dirección", "Address", "Adresse", "Anschrift"),
        "liaison_name": ("Vinculación", "Gestor de vinculación", "Responsable de vinculación", "Liaison",
                         "Ansprechpartner"),
        "email": ("CORREOELE", "CORREO_ELECTRONICO", "Correo", "Correo electrónico", "Email", "E-mail"),
        "phone": ("TELEFONO", "Teléfono", "Tel", "Phone", "Telefon"),
    },
    "competencies": {
        "area": ("Área", "Área de competencia", "Bereich", "Kompetenzbereich", "Area"),
        "code": ("Clave", "Código", "Clave de la competencia", "Code", "Kode"),
        "title": ("Competencia", "Título", "Nombre", "Competency", "Kompetenz", "Title"),
        "description": ("Descripción", "Description", "Beschreibung"),
        "conocer_code": ("CONOCER", "Estándar CONOCER", "Código CONOCER", "EC", "CONOCER code"),
        "kind": ("Tipo", "Type", "Art", "Kind"),
        "position": ("Orden", "Order", "Reihenfolge", "No.", "Núm."),
        "retired_on": ("Retirada el", "Baja", "Retired on"),
    },
    "tutors": {
        "name": ("Nombre", "Docente", "Tutor", "Tutor académico", "Nombre del tutor", "Name", "Lehrkraft"),
        "role": ("Función", "Rol", "Role", "Funktion"),
        "job_title": ("Cargo", "Puesto", "Job title", "Position"),
    },
    "coordinators": {
        "name": ("Nombre", "Coordinador", "Coordinadora", "Name", "Referent"),
        "job_title": ("Cargo", "Puesto", "Job title", "Funktion"),
        "username": ("Usuario", "User", "Benutzer"),
    },
    "positions": {
        "name": ("Puesto de aprendizaje", "Puesto", "Estación", "Learning position", "Ausbildungsstation",
                 "Nombre"),
        "department": ("Departamento", "Área", "Department", "Abteilung"),
        "description": ("Descripción", "Description", "Beschreibung"),
        "competency_ids": ("Competencias", "Competencies", "Kompetenzen"),
    },
    "rotation_plans": {
        "name": ("Plan", "Nombre del plan", "Plan de rotación", "Plan name", "Versetzungsplan"),
        "valid_from": ("Vigente desde", "Valid from", "Gültig ab"),
        "valid_until": ("Vigente hasta", "Valid until", "Gültig bis"),
        "steps": ("Puestos y semanas", "Puestos", "Steps", "Stationen"),
    },
    "collaborations": {
        "start_date": ("Fecha de inicio", "Vigente desde", "Inicio", "Start date", "Beginn"),
        "end_date": ("Fecha de término", "Vigente hasta", "Fin", "End date", "Ende"),
        "company_signatory": ("Firma por la empresa", "Representante de la empresa", "Signs for the company"),
        "place_of_signing": ("Lugar de firma", "Place of signing"),
        "notes": ("Notas", "Observaciones", "Notes"),
    },
    "programmes": {
        "code": ("Clave", "Clave de la carrera", "Código", "Code", "Programme code", "Program code",
                 "Kennung"),
        "name": ("Carrera", "Programa", "Nombre de la carrera", "Programme", "Program", "Name",
                 "Ausbildungsberuf"),
        "duration_months": ("Duración (meses)", "Meses", "Duración", "Duration", "Months", "Dauer (Monate)"),
        "min_semester": ("Semestre de ingreso", "Semestre mínimo", "Entry semester"),
        "conocer_codes": ("Estándares CONOCER", "CONOCER", "EC"),
    },
    "instructors": {
        "name": ("Nombre", "Instructor", "Formador", "Nombre del instructor", "Name", "Ausbilder",
                 "Ausbilderin"),
        "job_title": ("Puesto", "Cargo", "Job title", "Position", "Funktion"),
        "qualification": ("Cualificación", "Certificación", "Calificación", "Qualification", "Qualifikation"),
        "qualification_date": ("Fecha de certificación", "Qualification date"),
        "capacity": ("Capacidad", "Capacity", "Kapazität"),
    },
    "agreements": {
        "apprentice_curp": ("CURP", "CURP del aprendiz", "Apprentice CURP"),
        "programme_code": ("Clave de la carrera", "Carrera", "Programa", "Programme", "Program",
                           "Ausbildungsberuf"),
        "instructor_email": ("Correo del instructor", "Instructor", "Instructor email", "Ausbilder E-Mail"),
        "start_date": ("Fecha de inicio", "Inicio", "Start date", "Start", "Beginn", "Ausbildungsbeginn"),
        "end_date": ("Fecha de término", "Fecha de termino", "Fecha fin", "Fecha de fin", "Término", "Fin",
                     "End date", "End", "Ende", "Ausbildungsende"),
        "stipend_amount": ("Beca", "Apoyo económico", "Monto de la beca", "Stipend", "Vergütung",
                           "Ausbildungsvergütung"),
        "stipend_currency": ("Moneda", "Currency", "Währung"),
        "stipend_payer": ("Pagador de la beca", "Paga", "Stipend payer"),
        "stipend_period": ("Periodicidad", "Stipend period"),
        "probation_months": ("Periodo de prueba", "Periodo de prueba (meses)", "Probation", "Probezeit"),
        "modality_years": ("Modalidad", "Años en la empresa", "Modality"),
        "daily_hours": ("Horas diarias", "Horas por día", "Daily hours", "Tägliche Ausbildungszeit"),
        "insurance_policy": ("Póliza", "Póliza de seguro", "Seguro", "Insurance policy", "Versicherung"),
        "insurance_expiry": ("Vencimiento del seguro", "Vigencia del seguro", "Insurance expiry"),
        "insurance_insurer": ("Aseguradora", "Insurer", "Versicherer"),
        "stps_permit_number": ("Permiso STPS", "Número de permiso STPS", "STPS permit"),
        "stps_permit_date": ("Fecha del permiso STPS", "STPS permit date"),
        "training_site": ("Lugar de formación", "Sede", "Training site", "Ausbildungsstätte"),
        "holiday_days": ("Días de vacaciones", "Vacaciones", "Holiday days", "Urlaubstage"),
        "place_of_signing": ("Lugar de firma", "Place of signing"),
        "notes": ("Observaciones del convenio", "Notas", "Notes", "Bemerkungen"),
    },
}


#: Headers that win over the field's own name and labels: the SEP's catalogue has both ENTIDAD (the state's
#: number) and NOMBREENT (its name), MUNICIPIO and NOMBREMUN.
_PREFERRED: dict[str, dict[str, tuple[str, ...]]] = {
    "schools": {"state": ("NOMBREENT", "N_ENTIDAD", "NOMBRE_ENTIDAD", "NOM_ENT"),
                "municipality": ("NOMBREMUN", "N_MUNICIPIO", "NOMBRE_MUNICIPIO", "NOM_MUN")},
}


def _label_variants(spec: ImportField) -> list[str]:
    """The field's name and its label in every language of the app (an exported file's headers)."""
    from vetdesk import i18n

    return [spec.name, spec.label, spec.title(), *(i18n.translator(lang).gettext(spec.label)
                                                    for lang in i18n.LANGUAGES)]


def _synonyms(kind: str, spec: ImportField) -> list[str]:
    own = [*_PREFERRED.get(kind, {}).get(spec.name, ()), *_label_variants(spec)]
    return own + list(_SYNONYMS.get(kind, {}).get(spec.name, ())) + list(_COMMON_SYNONYMS.get(spec.name, ()))


def _synonym_keys(spec: ImportField, kind: str | None = None) -> set[str]:
    kinds = [kind] if kind else list(IMPORT_KINDS)
    out: set[str] = set()
    for k in kinds:
        out.update(header_key(s) for s in _synonyms(k, spec))
    out.discard("")
    return out


def propose_mapping(kind: str, headers: Sequence[str]) -> dict[str, str | None]:
    """Each header's field (or ``None``): the kind's own variants win, and among them the earlier one (the SEP's
    NOMBREENT, the state's name, before ENTIDAD, its number); each field is taken once."""
    specs = import_fields(kind)
    # Ranked: a kind-specific variant or the field's own name/label beats a common variant.
    ranked: dict[str, tuple[tuple[int, int], str]] = {}
    for spec in specs:
        own = [*_PREFERRED.get(kind, {}).get(spec.name, ()), *_label_variants(spec),
               *(_SYNONYMS.get(kind, {}).get(spec.name, ()))]
        for i, text in enumerate(own):
            ranked.setdefault(header_key(text), ((0, i), spec.name))
        for i, text in enumerate(_COMMON_SYNONYMS.get(spec.name, ())):
            ranked.setdefault(header_key(text), ((1, i), spec.name))
    mapping: dict[str, str | None] = {h: None for h in headers}
    candidates = sorted((hit[0], n, header, hit[1]) for n, header in enumerate(headers)
                        if (hit := ranked.get(header_key(header))) is not None)
    taken: set[str] = set()
    for _rank, _n, header, name in candidates:
        if mapping[header] is None and name not in taken:
            mapping[header] = name
            taken.add(name)
    return mapping


def apply_overrides(kind: str, mapping: Mapping[str, str | None], overrides: Mapping[str, str]) -> dict[
        str, str | None]:
    """Apply ``--map "Header=field"`` choices (header matched like the automatic mapping; field ``-`` skips)."""
    out = dict(mapping)
    names = {s.name for s in import_fields(kind)}
    by_key = {header_key(h): h for h in out}
    for header_text, name in overrides.items():
        header = header_text if header_text in out else by_key.get(header_key(header_text))
        if header is None:
            raise KeyError(_("The file has no column {header}; its columns are: {headers}.").format(
                header=header_text, headers=", ".join(out)))
        name = name.strip()
        if name in ("", "-"):
            out[header] = None
            continue
        if name not in names:
            raise KeyError(_("{field} is not a field of {kind}; use one of: {names}.").format(
                field=name, kind=kind, names=", ".join(sorted(names))))
        for other, value in out.items():
            if value == name:
                out[other] = None
        out[header] = name
    return out


# -- values as offices type them ------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_SEX_EXTRA = {"f": "M", "fem": "M", "masc": "H", "man": "H", "woman": "M", "hombres": "H", "mujeres": "M",
              "mann": "H", "mannlich": "H", "frau": "M", "weiblich": "M", "divers": "X", "no binaria": "X"}
_ORDINAL = re.compile(r"^(\d+)\s*(?:°|º|o|er|ro|do|to|vo|no|mo|a|\.)?$", re.IGNORECASE)


def excel_serial_to_date(serial: float) -> date | None:
    """An Excel serial day number (1900 date system) as a date, for plausible values only."""
    if not 1 <= serial < 2_958_466:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(serial))


#: The order of the parts of a date typed as text in a spreadsheet (ISO dates are read whatever this says).
FILE_DATE_ORDER = "DMY"


def prepare_value(type_: str, value: Any) -> Any:
    """Bring a cell to what :func:`fields.parse_value` reads: serial dates, numbers typed as text…"""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    if type_ == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return excel_serial_to_date(float(value)) or str(value)
        if isinstance(value, str):
            if re.fullmatch(r"\d{5}(\.0+)?", value):
                return excel_serial_to_date(float(value)) or value
            # "2008-12-12 00:00:00" from a date cell saved as text
            match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2})?", value)
            if match:
                return match.group(1)
            # A date typed as text in an office's spreadsheet: day first, as Mexican (and German, Brazilian)
            # offices write them, whatever the language of the window reading the file.
            return parse_typed_date(value, FILE_DATE_ORDER) or value.replace(" ", "")
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if type_ == "sex" and isinstance(value, str):
        word = normalize.fold(value).rstrip(".")
        return _SEX_EXTRA.get(word, value)
    if type_ in ("int",):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            match = _ORDINAL.match(value)
            if match:
                return match.group(1)
        return value
    if type_ == "decimal":
        if isinstance(value, float):
            return Decimal(str(value))
        return value
    if type_ == "bool":
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or NSS typed as a number
    return str(value) if not isinstance(value, str) else value


def display_value(value: Any) -> str:
    """A cell as the report shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- the report -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportIssue:
    """One problem, where the person will look for it: the spreadsheet row, column and value."""

    row: int | None
    column: str
    value: str
    message: str
    field: str = ""
    code: str = ""
    is_error: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message,
                "field": self.field, "code": self.code}

    def line(self) -> str:
        where = _("row {row}").format(row=self.row) if self.row is not None else _("file")
        column = f", {self.column}" if self.column else ""
        value = f" ({self.value})" if self.value else ""
        label = _("error") if self.is_error else _("warning")
        return f"{label}: {where}{column}{value}: {self.message}"


@dataclass
class ImportReport:
    """What an import found and did."""

    kind: str
    rows: int = 0
    written: int = 0
    created: int = 0
    updated: int = 0
    #: Existing records the file matched (with --update) whose values were already the same.
    unchanged: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    unmapped_columns: list[str] = field(default_factory=list)
    #: Rows without errors (spreadsheet numbers), i.e. what --valid-only would write.
    valid_rows: list[int] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False
    cancelled: bool = False

    @property
    def error_rows(self) -> list[int]:
        return sorted({i.row for i in self.errors if i.row is not None})

    @property
    def ok(self) -> bool:
        return not self.errors

    def issues_for(self, row: int) -> list[ImportIssue]:
        return [i for i in (*self.errors, *self.warnings) if i.row == row]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "rows": self.rows, "written": self.written, "created": self.created,
            "updated": self.updated, "unchanged": self.unchanged, "dry_run": self.dry_run, "cancelled": self.cancelled,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
            "unmapped_columns": list(self.unmapped_columns),
            "notes": [{"row": n, "text": t} for n, t in self.notes],
        }


# -- validating -----------------------------------------------------------------------------------

@dataclass
class _Row:
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
class _Plan:
    """The validated rows, ready to write."""

    report: ImportReport
    rows: list[_Row]


def _natural_key(kind: str) -> str | None:
    """The column that identifies an existing record of ``kind`` (for duplicates and --update)."""
    return records.kind(kind).natural_key


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _lookup(session: Session, kind: str, key: str, values: Iterable[Any]) -> dict[Any, list[int]]:
    """Ids of the records of ``kind`` whose ``key`` is one of ``values``: one query per 500 keys."""
    model = records.kind(kind).model
    column = getattr(model, key)
    wanted = sorted({v for v in values if v is not None})
    found: dict[Any, list[int]] = defaultdict(list)
    for chunk in _chunks(wanted):
        for value, record_id in session.execute(select(column, model.id).where(column.in_(chunk))):
            found[value].append(record_id)
    return found


def validate_import(db: Database, kind: str, table: Table, mapping: Mapping[str, str | None], *,
                    update: bool = False, today: date | None = None) -> ImportReport:
    """Every problem importing ``table`` would meet, by row and column; writes nothing."""
    with reading(db) as session:
        return _plan(session, kind, table, mapping, update=update, today=today or date.today()).report


def _plan(session: Session, kind: str, table: Table, mapping: Mapping[str, str | None], *, update: bool,
          today: date, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> _Plan:
    """Check every row of ``table`` as ``records.create`` / ``update`` would, and against the file's other rows;
    writes nothing. The rows that pass are ready for :func:`_write`."""
    planner = _Planner(session, kind, table, mapping, update=update, today=today)
    if not planner.columns_present():
        return _Plan(planner.report, [])
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
    return _Plan(planner.report, rows)


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
        self.in_file_agreements: dict[int, list[rules.OtherAgreement]] = defaultdict(list)

    def columns_present(self) -> bool:
        """Whether the file has every column the import needs; otherwise the report says which is missing."""
        if self.update and self.key is not None:
            # Updating needs only the key column; a row that creates a record still needs every required value.
            missing = [self.specs[self.key]] if self.key not in self.column_of else []
        else:
            missing = [s for s in self.specs.values() if s.required and s.name not in self.column_of]
        for spec in missing:
            self.report.errors.append(ImportIssue(
                self.table.header_row, "", "", _("No column holds {label} ({field}), which is required. Add the "
                                                 "column or name it with --map \"Column header={field}\".")
                .format(label=spec.title(), field=spec.name), spec.name, "column.missing"))
        return not missing

    def read_rows(self) -> list[_Row]:
        """The rows as prepared values, and what they name: the records their references' natural keys find,
        and the records that already hold their own natural key (duplicates, or what --update changes)."""
        positions = {name: self.table.headers.index(h) for name, h in self.column_of.items()}
        rows: list[_Row] = []
        for sheet_row in self.table.rows:
            cells = {name: sheet_row.values[i] for name, i in positions.items()}
            raw = {name: prepare_value(self.specs[name].type, cells[name]) for name in positions}
            rows.append(_Row(sheet_row, raw, cells))
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
        if self.update and self.existing:
            ids_ = [i for v in self.existing.values() for i in v]
            for chunk in _chunks(ids_):
                for obj in self.session.scalars(select(self.k.model).where(self.k.model.id.in_(chunk))):
                    self.objects[obj.id] = obj
        return rows

    def check(self, row: _Row) -> None:
        """Every problem of one row, in the report by row and column; the row's values merged as they would be
        written."""
        problems: list[Problem] = []
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
        values, parse_problems = records.parse_values(self.k, record_raw)
        problems += parse_problems
        row.values = values
        obj = self._duplicates(row, values, problems)
        if obj is not None:
            merged = {f.name: getattr(obj, f.name) for f in self.k.fields} | {"id": obj.id} | values
        else:
            # An empty cell is no value: it must not wipe a default such as the country MX.
            merged = self.defaults | {n: v for n, v in values.items() if v is not None}
        row.merged = merged
        if not errors(problems):
            problems += _required(self.k, merged)
        if not errors(problems) and self.composite:
            problems += self._composite(row, merged)
        if not errors(problems):
            problems += _rules(self.session, self.kind, self.k, merged, obj, self.today, self.in_file_agreements)
            if self.kind == "agreements" and isinstance(merged.get("start_date"), date) and isinstance(
                    merged.get("end_date"), date) and merged.get("apprentice_id") and not errors(problems):
                self.in_file_agreements[merged["apprentice_id"]].append(rules.OtherAgreement(
                    -row.sheet_row.number, "draft", merged["start_date"], merged["end_date"]))
        row.problems = problems
        self._report(row, problems)

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

    def _duplicates(self, row: _Row, values: dict[str, Any], problems: list[Problem]) -> Any:
        """The row's natural key against the file's earlier rows and the database; the record an update
        changes (or None)."""
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
            problems.append(error(key or "", _(
                "{value} repeats row {row} of this file. Remove one of the two rows.").format(
                    value=natural, row=self.seen[natural]), "duplicate.file"))
        else:
            self.seen[natural] = row.sheet_row.number
            self.seen_values[natural] = dict(values)
        matches = self.existing.get(natural, [])
        if matches and self.update:
            if len(matches) > 1:
                problems.append(error(key or "", _("{n} records have {value}; vetdesk cannot tell which "
                                                   "one to update.").format(n=len(matches), value=natural),
                                      "duplicate.ambiguous"))
                return None
            row.existing_id = matches[0]
            return self.objects.get(matches[0])
        if matches and self.kind == "instructors":
            problems.append(warning(key or "", _(
                "An instructor with the e-mail {value} is already registered (instructor {id}); this row "
                "adds another one. Use --update to change that instructor instead.").format(
                    value=natural, id=matches[0]), "duplicate.db"))
        elif matches:
            problems.append(error(key or "", _(
                "{value} is already registered ({kind} {id}). Use --update to update it from the file, or "
                "remove the row.").format(value=natural, kind=_(self.k.singular), id=matches[0]),
                "duplicate.db"))
        return None

    def _composite(self, row: _Row, merged: dict[str, Any]) -> list[Problem]:
        """Unique keys beyond the natural key (a competency's code within its programme): against the database
        and the file's earlier rows."""
        problems = records.unique_problems(self.session, self.k, merged, row.existing_id, skip_natural_key=True)
        for names in self.composite:
            value = tuple(merged.get(n) for n in names)
            if None in value:
                continue
            if value in self.seen_composite:
                problems.append(error(names[-1], _("{value} repeats row {row} of this file. Remove one of the "
                                                   "two rows.").format(value=value[-1],
                                                                      row=self.seen_composite[value]),
                                      "duplicate.file"))
            else:
                self.seen_composite[value] = row.sheet_row.number
        return problems

    def _report(self, row: _Row, problems: list[Problem]) -> None:
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


def _required(k: records.RecordKind, merged: dict[str, Any]) -> list[Problem]:
    out = []
    for f in k.fields:
        if f.required and merged.get(f.name) in (None, ""):
            out.append(error(f.name, _("{label} is required; fill in the cell.").format(label=f.title()),
                             "required"))
    return out


def _rules(session: Session, kind: str, k: records.RecordKind, merged: dict[str, Any], obj: Any, today: date,
           in_file_agreements: Mapping[int, list[rules.OtherAgreement]]) -> list[Problem]:
    """The kind's rules exactly as records.create applies them (``RecordKind.check``), plus, for agreements,
    the overlap with the file's earlier rows for the same apprentice (not in the database yet)."""
    problems = k.check(session, merged, obj, today) if k.check is not None else []
    if kind == "agreements":
        start, end = merged.get("start_date"), merged.get("end_date")
        for other in in_file_agreements.get(merged.get("apprentice_id") or 0, []):
            if isinstance(start, date) and isinstance(end, date) and overlaps(start, end, other.start_date,
                                                                              other.end_date):
                problems.append(error("start_date", _(
                    "This agreement overlaps the one in row {row} of this file for the same apprentice "
                    "({start} to {end}). Change the dates or remove one of the rows.").format(
                        row=-other.id, start=other.start_date.isoformat(), end=other.end_date.isoformat()),
                    "dates.overlap"))
    return problems


# -- writing --------------------------------------------------------------------------------------

def run_import(db: Database, kind: str, table: Table, mapping: Mapping[str, str | None], *,
               valid_only: bool = False, update: bool = False, dry_run: bool = False,
               progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
               actor: Actor = SYSTEM, today: date | None = None) -> ImportReport:
    """Validate and write ``table``: every row or none (``valid_only``: the rows without errors).

    ``progress(done, total)`` is called now and then from this thread (checking the rows, then writing
    them: ``total`` is twice the rows, or the rows for a dry run); ``cancelled()`` is asked between rows.

    One unit of work: a cancelled or refused import writes nothing. ``dry_run`` only validates.
    Warnings are accepted (they are in the report), as the command line's ``add`` does.
    """
    today = today or date.today()
    k = records.kind(kind)
    label = _("Import {kind}").format(kind=_(k.plural))
    steps = len(table.rows) * (1 if dry_run else 2)  # checking every row, then writing it

    def checked(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, steps)

    # Reading and checking the rows takes most of an import (tens of seconds for 50,000 rows): it runs on a
    # read snapshot, holding no write lock, so colleagues keep saving meanwhile; a dry run never takes it.
    authorize(acting(db, actor), "import")
    with reading(db, actor) as session:
        mark = session.scalar(select(func.max(AuditEntry.id))) or 0
        plan = _plan(session, kind, table, mapping, update=update, today=today, progress=checked,
                     cancelled=cancelled)
    report = plan.report
    report.dry_run = dry_run
    if report.cancelled or dry_run or _refused(report, valid_only):
        return report
    with unit_of_work(db, label, actor, permission="import") as uow:
        records.hold_for_rules(uow.session, k, (r.merged for r in plan.rows))  # as records.create holds them
        # Every write leaves an audit entry: if none was made since the rows were checked, the check still
        # holds; otherwise it runs again here, under the write lock, against what is now in the database.
        if uow.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.id > mark)):
            plan = _plan(uow.session, kind, table, mapping, update=update, today=today, progress=checked,
                         cancelled=cancelled)
            report = plan.report
            if report.cancelled or _refused(report, valid_only):
                uow.session.rollback()
                return report
        rows = [r for r in plan.rows if r.ok and not r.repeat]
        offset = len(table.rows)
        report.created, report.updated = _write(
            uow, k, rows, today, None if progress is None else lambda done: progress(offset + done, steps))
        if progress is not None:
            progress(steps, steps)
        report.unchanged = sum(1 for r in rows if r.existing_id is not None) - report.updated
        if cancelled is not None and cancelled():
            report.cancelled = True
            uow.session.rollback()
            report.created = report.updated = report.unchanged = 0
            return report
        report.written = report.created + report.updated
    return report


def _refused(report: ImportReport, valid_only: bool) -> bool:
    """Whether the checked rows refuse the whole import (a missing column; any error unless ``valid_only``)."""
    missing_columns = any(i.code == "column.missing" for i in report.errors)
    return missing_columns or bool(report.errors and not valid_only)


def _write(uow: UnitOfWork, k: records.RecordKind, rows: list[_Row], today: date,
           progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Create or update the rows' records through the records' own write path (each with its audit entry);
    return (created, updated)."""
    updated = 0
    new_rows: list[_Row] = []
    for row in rows:
        if row.existing_id is None:
            new_rows.append(row)
            continue
        audited = len(uow.entries)
        records.apply_change(uow, k, uow.session.get(k.model, row.existing_id), row.merged, today=today)
        updated += len(uow.entries) > audited  # a row that changes nothing writes nothing
    if progress is not None:
        progress(len(rows) - len(new_rows))
    for start in range(0, len(new_rows), records.INSERT_BATCH):
        batch = new_rows[start:start + records.INSERT_BATCH]
        records.insert_new(uow, k, [r.merged for r in batch])
        if progress is not None:
            progress(len(rows) - len(new_rows) + start + len(batch))
    uow.session.flush()
    return len(new_rows), updated


# -- convenience for the command line and the wizard ----------------------------------------------

def import_file(db: Database, kind: str, path: str | Path, *, sheet: str | None = None,
                overrides: Mapping[str, str] | None = None, **options: Any) -> ImportReport:
    """Read, map (automatically, then ``overrides``) and import a file in one call."""
    table = read_table(path, sheet)
    mapping = propose_mapping(kind, table.headers)
    if overrides:
        mapping = apply_overrides(kind, mapping, overrides)
    return run_import(db, kind, table, mapping, **options)


__all__ = [
    "IMPORT_KINDS", "ImportField", "ImportFileError", "ImportIssue", "ImportReport", "SheetRow", "Table",
    "apply_overrides", "decode_text", "detect_delimiter", "excel_serial_to_date", "import_fields",
    "import_file", "propose_mapping", "read_table", "run_import", "sheet_names", "validate_import",
]

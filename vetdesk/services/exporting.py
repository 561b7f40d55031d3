"""Writing lists out as spreadsheets (XLSX or CSV, chosen by the file name).

Text that a spreadsheet program would run as a formula (a company named ``=HYPERLINK(…)``) is written as
text: an XLSX text cell, a CSV cell with a leading apostrophe (OWASP's advice), which the import takes off
again, so the stored value never changes and an exported file imports back unchanged.

:func:`export_rows` writes any headers and rows (the window passes its visible columns);
:func:`export_records` writes a kind's list with the import's columns, so that an exported file imports
back unchanged. Files are written to a temporary name and renamed, so a failed export never leaves half a
file where a good one was.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from vetdesk.domain.identifiers import sex_word
from vetdesk.i18n import _, upper_first
from vetdesk.services import records
from vetdesk.services.formulas import looks_like_formula, neutralise
from vetdesk.services.importing import IMPORT_KINDS, import_fields
from vetdesk.services.outputs import check_target, write_atomically
from vetdesk.services.records import ListQuery
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Competency, LearningPosition

DATE_FORMAT = "yyyy-mm-dd"


class ExportError(Exception):
    """The file cannot be written as asked (unknown extension)."""


def export_rows(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
                required: Sequence[bool] | None = None, sheet_title: str | None = None) -> Path:
    """Write ``headers`` and ``rows`` to ``path`` (.xlsx: dates as date cells; .csv: UTF-8 with BOM)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ExportError(_("{name}: write to a .xlsx or .csv file.").format(name=path.name))
    check_target(path)
    if suffix == ".xlsx":
        return write_atomically(path, lambda tmp: _write_xlsx(tmp, headers, rows, required, sheet_title))
    return write_atomically(path, lambda tmp: _write_csv(tmp, headers, rows))


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                required: Sequence[bool] | None, sheet_title: str | None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet((sheet_title or "vetdesk")[:31])
    bold = Font(bold=True)
    head = []
    for i, text in enumerate(headers):
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        if required and i < len(required) and required[i]:
            from openpyxl.comments import Comment

            cell.comment = Comment(_("Required"), "vetdesk")
        head.append(cell)
    ws.append(head)
    ws.freeze_panes = "A2"
    for row in rows:
        out: list[Any] = []
        for value in row:
            if isinstance(value, datetime | date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = DATE_FORMAT
                out.append(cell)
            elif isinstance(value, Decimal):
                out.append(float(value))
            elif isinstance(value, bool):
                out.append(_("yes") if value else _("no"))
            elif isinstance(value, str):
                out.append(_text_cell(ws, value))
            else:
                out.append(value)
        ws.append(out)
    # Built in memory and written in one go: a full disk then fails in one plain write, and leaves no half-closed
    # archive behind.
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())


def _text_cell(ws: Any, value: str) -> Any:
    """A text cell that a spreadsheet program shows as the text it is: never a formula (``=HYPERLINK(…)``
    stored as a company's name stays a name), marked as typed with a leading apostrophe where it looks like
    one, so that editing the cell does not turn it into one either. Characters XLSX cannot hold (control
    characters stored before vetdesk refused them) are shown as U+FFFD."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def keep_as_text(cells: Any) -> None:
    """Cells of a sheet written row by row (``ws.append``) whose text looks like a formula: kept as the text it
    is, as :func:`_text_cell` writes them (a catalogue's title ``=HYPERLINK(…)`` was a live formula)."""
    for cell in cells:
        if isinstance(cell.value, str) and looks_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    # The BOM makes spreadsheet programs on Windows read the accents right.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])


def export_columns(kind: str) -> list[tuple[str, str]]:
    """(field name, header) of what ``export_records`` writes for ``kind``."""
    first = [(name, _(header)) for name, header in records.kind(kind).exported_first]
    return first + [(s.name, s.title()) for s in import_fields(kind)]


def record_rows(db: Database, kind: str, query: ListQuery | None = None) -> tuple[list[str], list[list[Any]]]:
    """The headers and rows of a kind's list, references written as natural keys (CURP, RFC, CCT…)."""
    if kind not in IMPORT_KINDS:
        raise ExportError(_("{kind} cannot be exported; use one of: {kinds}.").format(
            kind=kind, kinds=", ".join(IMPORT_KINDS)))
    listed = records.list_records(db, kind, query or ListQuery())
    specs = {s.name: s for s in import_fields(kind)}
    keys: dict[str, dict[int, Any]] = {}
    with reading(db) as session:
        for spec in specs.values():
            if spec.ref_kind is None or spec.ref_key is None:
                continue
            model = records.kind(spec.ref_kind).model
            wanted = sorted({r[spec.target] for r in listed if r.get(spec.target) is not None})
            found: dict[int, Any] = {}
            for i in range(0, len(wanted), 500):
                stmt = select(model.id, getattr(model, spec.ref_key)).where(model.id.in_(wanted[i:i + 500]))
                found.update({row[0]: row[1] for row in session.execute(stmt)})
            keys[spec.name] = found
        named = _list_names(session, listed)
    columns = export_columns(kind)
    in_words = _words_of(kind)
    rows = []
    for record in listed:
        row = []
        for name, _header in columns:
            column_spec = specs.get(name)
            if column_spec is not None and column_spec.ref_kind is not None:
                ref_id = record.get(column_spec.target)
                row.append(None if ref_id is None else keys[name].get(ref_id))
            else:
                row.append(_cell(in_words.get(name, _same)(record.get(name)), named))
        rows.append(row)
    return [h for _n, h in columns], rows


def _same(value: Any) -> Any:
    return value


def _choice_words(labels: dict[str, str], value: Any) -> Any:
    return _(labels[value]) if value in labels else value


def _named_choice_words(name: str, value: Any) -> Any:
    from vetdesk.domain.choices import choice

    option = choice(name).option(value) if isinstance(value, str) else None
    return _(option.label) if option is not None else value


def _catalogue_words(value: Any) -> Any:
    from vetdesk.domain.training import catalogue_words

    return catalogue_words(value) if isinstance(value, str) else value


def _words_of(kind: str) -> dict[str, Callable[[Any], Any]]:
    """The columns whose stored codes a spreadsheet shows in the reader's words, as the window does (a
    competency's kind "técnica", a status "vigente"); the import reads the words back in any language."""
    k = records.kind(kind)
    out: dict[str, Callable[[Any], Any]] = {}
    for f in k.fields:
        if f.type == "choice" and f.choices:
            out[f.name] = functools.partial(_choice_words, dict(f.choices))
        elif f.type.startswith("choice:"):  # a guardian's relation "madre", a company's size "Mediana"
            out[f.name] = functools.partial(_named_choice_words, f.type[7:])
        elif f.type == "sex":  # "mujer", as the window's list shows it (the CURP's letter reads back too)
            out[f.name] = lambda v: sex_word(v) if isinstance(v, str) and v else v
        elif f.catalogue_words:  # a kind's area, a socio-emotional skill's title, as vetdesk wrote them
            out[f.name] = _catalogue_words
        elif f.type == "status" and k.status_word is not None:
            out[f.name] = lambda v: k.status_text(v) if v else v
    return out


#: The names a list's numbers are written by: a position's competencies by code, a plan's positions by name.
ListNames = tuple[dict[int, str], dict[int, str]]


def _list_names(session: Any, listed: list[dict[str, Any]]) -> ListNames:
    competency_ids = {i for r in listed for i in r.get("competency_ids") or [] if isinstance(i, int)}
    position_ids = {s["position_id"] for r in listed for s in r.get("steps") or [] if isinstance(s, dict)}
    codes: dict[int, str] = {}
    names: dict[int, str] = {}
    for chunk in (sorted(competency_ids)[i:i + 500] for i in range(0, len(competency_ids), 500)):
        codes.update(session.execute(select(Competency.id, Competency.code).where(Competency.id.in_(chunk))).all())
    # A code several programmes use would not read back to one competency: those are written by number.
    shared = set(session.scalars(select(Competency.code).where(Competency.code.in_(set(codes.values())))
                                 .group_by(Competency.code).having(func.count() > 1))) if codes else set()
    codes = {i: c for i, c in codes.items() if c not in shared}
    for chunk in (sorted(position_ids)[i:i + 500] for i in range(0, len(position_ids), 500)):
        names.update(session.execute(select(LearningPosition.id, LearningPosition.name)
                                     .where(LearningPosition.id.in_(chunk))).all())
    return codes, names


def _cell(value: Any, named: ListNames) -> Any:
    """A value as a spreadsheet cell holds it: a list (a plan's steps, a position's competencies) as the text an
    import reads back — competencies by their codes, positions by their names, as an office writes them (a
    name holding a comma or colon, which would not read back, by its number)."""
    if isinstance(value, list):
        codes, names = named
        if value and isinstance(value[0], dict):
            return ", ".join(f"{_plain(names.get(s['position_id']), s['position_id'])}:{s['weeks']}" for s in value)
        return ", ".join(_plain(codes.get(v), v) for v in value)
    return value


def _plain(name: str | None, number: int) -> str:
    if name and not re.search(r"[,;:=×\n]", name) and not name.strip().isdigit() and not re.search(r"x\s*\d+$", name):
        return name
    return str(number)


def may_export(db: Database) -> None:
    """Refuse, before anything is read or written, a list of records written to a file by a user whose role may
    not export them (a viewer: it reads records and exports statistics, never personal data in bulk). The
    window's *Export this list* and ``vetdesk export`` both ask it."""
    from vetdesk.services.actors import authorize
    from vetdesk.services.uow import acting

    authorize(acting(db), "export")


def write_list(db: Database, path: str | Path, headers: Sequence[str],
               rows: Callable[[], Iterable[Sequence[Any]]], *, sheet_title: str | None = None) -> Path:
    """Write a list of records as a window shows it (``rows`` reads them: its filter, order and columns) to
    ``path``: refused, before ``rows`` reads anything, to a user whose role may not export lists
    (:func:`may_export`, as ``vetdesk export``)."""
    may_export(db)
    return export_rows(path, headers, rows(), sheet_title=sheet_title)


def export_records(db: Database, kind: str, path: str | Path, query: ListQuery | None = None) -> int:
    """Write the list of ``kind`` (as filtered by ``query``) to ``path``; return the number of rows."""
    may_export(db)
    headers, rows = record_rows(db, kind, query)
    specs = {s.title(): s.required for s in import_fields(kind)}
    export_rows(path, headers, rows, required=[specs.get(h, False) for h in headers],
                sheet_title=upper_first(_(records.kind(kind).plural)))
    return len(rows)


def write_template(kind: str, path: str | Path) -> Path:
    """An empty XLSX with the columns an import of ``kind`` recognises (required ones marked in the second
    row's comment)."""
    specs = import_fields(kind)
    return export_rows(path, [s.title() for s in specs], [], required=[s.required for s in specs])

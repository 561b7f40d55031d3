"""Reading a spreadsheet into a :class:`Table`: XLSX through openpyxl behind defusedxml, CSV in the encodings
and delimiters offices use, within the limits a file from outside is held to; the header row is found among
title rows, and a trailing note is set aside.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetdesk.domain import normalize
from vetdesk.i18n import _
from vetdesk.services.formulas import restore_neutralised
from vetdesk.services.importing.columns import header_key, known_header_keys


class ImportFileError(Exception):
    """The file cannot be read as a table (wrong format, no header, unknown sheet)."""



@dataclass(frozen=True)
class Formula:
    """A cell holding a spreadsheet formula (``=SUM(B2:B9)``): not a value. A value computed by the program is
    cached in the file only if the program saved it, and may be stale; the import reports the cell instead."""

    text: str

    def __str__(self) -> str:
        return self.text


def formula_refusal(cell: Formula) -> str:
    """What the import says of a cell holding a formula (per row, the row's other cells still checked)."""
    return _("The cell holds a formula ({formula}), not a value: vetdesk takes values only. Type the value in the "
             "cell, or copy the column and paste it as values.").format(formula=cell.text)


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
    if isinstance(reason, OSError):  # the file itself cannot be opened: said in our words, naming it
        from vetdesk.services.outputs import file_reason

        return ImportFileError(_("{name} cannot be read: {reason}").format(name=path.name,
                                                                           reason=file_reason(reason)))
    # The library's own words ("File is not a zip file") are no reason a person can act on: not said.
    return ImportFileError(_("{name} is not a readable .xlsx file: it is damaged or of another kind. Open it in the "
                             "spreadsheet program and save it again as .xlsx.").format(name=path.name))


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
def _workbook(path: Path, *, formulas: bool = False) -> Iterator[Any]:
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
            wb = openpyxl.load_workbook(handle, read_only=True, data_only=not formulas)
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
        grid, sheet_name = _read_xlsx(path, sheet, formulas=True)
    elif suffix in (".csv", ".txt"):
        _refuse_size(path)
        grid, sheet_name = _read_csv(path.read_bytes(), path.name), None
    else:
        raise ImportFileError(_("{name}: vetdesk reads .xlsx and .csv files; save the spreadsheet in one of "
                                "these formats.").format(name=path.name))
    return _table_from_grid(grid, sheet_name, path.name)


def _count(n: int) -> str:
    """A count as the user's language writes it (32,767; 32.767)."""
    from vetdesk import i18n

    return i18n.current().format_decimal(n)


def _check_row(name: str, number: int, values: Sequence[Any]) -> None:
    if len(values) > MAX_COLUMNS and any(not _blank(v) for v in values[MAX_COLUMNS:]):
        raise ImportFileError(_("{name}: row {row} has data beyond column {limit}; vetdesk reads up to {limit} "
                                "columns.").format(name=name, row=number, limit=MAX_COLUMNS))
    for i, value in enumerate(values):
        if isinstance(value, str) and len(value) > MAX_CELL_LENGTH:
            raise ImportFileError(_("{name}: the cell in row {row}, column {column} holds {length} characters; a "
                                    "cell may hold up to {limit}.").format(name=name, row=number,
                                                                           column=_column_letter(i),
                                                                           length=_count(len(value)),
                                                                           limit=_count(MAX_CELL_LENGTH)))


def _too_many_rows(name: str, limit: int) -> ImportFileError:
    return ImportFileError(_("{name} has more than {limit} rows; vetdesk imports up to {limit} rows from one file. "
                             "Split the list into smaller files.").format(name=name, limit=limit))


def _read_xlsx(path: Path, sheet: str | None, *, formulas: bool = False
               ) -> tuple[list[tuple[int, tuple[Any, ...]]], str]:
    """Every filled row of the sheet. ``formulas``: a cell holding a formula reads as :class:`Formula` (the
    formula, not the value a program cached), else as the cached value."""
    with _workbook(path, formulas=formulas) as wb:
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
            for i, values in enumerate(_rows(ws, formulas), start=1):
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


def _rows(ws: Any, formulas: bool) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as values; with ``formulas``, a formula cell (type ``f``; not a text that merely starts
    with ``=``, which an export writes as text) as :class:`Formula`."""
    if not formulas:
        yield from ws.iter_rows(values_only=True)
        return
    for row in ws.iter_rows():
        yield tuple(Formula(str(c.value)) if getattr(c, "data_type", None) == "f" else c.value for c in row)


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
                                                             limit=_count(MAX_CELL_LENGTH))) from exc
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


def _table_from_grid(grid: list[tuple[int, tuple[Any, ...]]], sheet: str | None, name: str) -> Table:
    head = [(n, v) for n, v in grid[:30] if _filled(v)]
    if not head:
        raise ImportFileError(_("{name} holds no table: every row is empty.").format(name=name))
    known = known_header_keys()

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

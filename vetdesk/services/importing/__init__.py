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

The package by job: :mod:`.reading` (files, limits, encodings, the header row), :mod:`.columns` (the fields of
each kind and the header mapping), :mod:`.values` (cells as offices type them), :mod:`.report`, :mod:`.plan`
(checking the rows) and :mod:`.write` (writing them). Callers import from here.
"""

from __future__ import annotations

from vetdesk.services.importing.columns import (
    IMPORT_KINDS,
    ImportField,
    apply_overrides,
    header_key,
    import_fields,
    propose_mapping,
)
from vetdesk.services.importing.plan import Progress, validate_import
from vetdesk.services.importing.reading import (
    CSV_ENCODINGS,
    MAX_CELL_LENGTH,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_PACKING_RATIO,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_UNPACKED_BYTES,
    RATIO_CHECKED_FROM,
    ImportFileError,
    SheetRow,
    Table,
    decode_text,
    detect_delimiter,
    read_grid,
    read_table,
    sheet_names,
)
from vetdesk.services.importing.report import ImportIssue, ImportReport
from vetdesk.services.importing.values import FILE_DATE_ORDER, display_value, excel_serial_to_date, prepare_value
from vetdesk.services.importing.write import import_file, run_import

__all__ = [
    "CSV_ENCODINGS", "FILE_DATE_ORDER", "IMPORT_KINDS", "MAX_CELL_LENGTH", "MAX_COLUMNS", "MAX_FILE_BYTES",
    "MAX_PACKING_RATIO", "MAX_ROWS", "MAX_SHEET_ROWS", "MAX_UNPACKED_BYTES", "RATIO_CHECKED_FROM", "ImportField",
    "ImportFileError", "ImportIssue", "ImportReport", "Progress", "SheetRow", "Table", "apply_overrides",
    "decode_text", "detect_delimiter", "display_value", "excel_serial_to_date", "header_key", "import_fields",
    "import_file", "prepare_value", "propose_mapping", "read_grid", "read_table", "run_import", "sheet_names",
    "validate_import",
]

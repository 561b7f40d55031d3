"""What an import found and did: its problems by row, column and value, and its counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vetdesk.domain.problems import names_label_first
from vetdesk.i18n import _
from vetdesk.services.fields import quoted

#: The codes of problems with the file's columns rather than with a row.
HEADER_CODES = frozenset({"column.missing"})


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

    def beside_column(self) -> str:
        """The message as said beside its column's name (after it on a line, in the *Problem* column of the
        window's table and of a saved report): without the label it begins with ("Fecha de nacimiento: este dato
        es obligatorio" → "este dato es obligatorio"), so the label is said once."""
        if self.column and self.message.startswith(self.column + ":"):
            return self.message[len(self.column) + 1:].lstrip()
        return self.message

    def line(self) -> str:
        if self.code in HEADER_CODES:
            where = _("column headers (row {row})").format(row=self.row)
        else:
            where = _("row {row}").format(row=self.row) if self.row is not None else _("file")
        message = self.beside_column()
        # A sentence that names its column itself ("Nombre(s) es demasiado largo…") is said without it before.
        column = f", {self.column}" if self.column and not names_label_first(self.column, message) else ""
        value = f" ({quoted(self.value)})" if self.value else ""  # a 5,000-character cell is not echoed whole
        label = _("error") if self.is_error else _("warning")
        return f"{label}: {where}{column}{value}: {message}"


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
    def header_errors(self) -> list[ImportIssue]:
        """The problems of the file's columns (a required one missing): the rows were not checked."""
        return [i for i in self.errors if i.code in HEADER_CODES]

    @property
    def error_rows(self) -> list[int]:
        """The spreadsheet rows with errors (the header's own problems are not a row's)."""
        return sorted({i.row for i in self.errors if i.row is not None and i.code not in HEADER_CODES})

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

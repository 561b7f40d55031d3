"""The preview's two tables: the file's rows with their problem cells in colour, and the problems one a line."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
)

from vetdesk.i18n import _
from vetdesk.services import importing
from vetdesk.services.fields import quoted
from vetdesk.ui.style import UNUSED_HUE, text_colour

ERROR_FILL = QColor("#f6c9c9")
WARNING_FILL = QColor("#fbe3a6")

IndexLike = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """The file's rows as read, problem cells filled in colour; the row header is the spreadsheet's row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = "apprentices"
        self.table: importing.Table | None = None
        self.mapping: dict[str, str | None] = {}
        self._issues: dict[tuple[int, str], list[importing.ImportIssue]] = {}
        self._row_issues: dict[int, list[importing.ImportIssue]] = {}
        self._row_of_number: dict[int, int] = {}

    def show(self, table: importing.Table, mapping: dict[str, str | None],
             report: importing.ImportReport | None) -> None:
        self.beginResetModel()
        self.table = table
        self.mapping = dict(mapping)
        self._row_of_number = {r.number: i for i, r in enumerate(table.rows)}
        self._issues = {}
        self._row_issues = {}
        headers = set(table.headers)
        for issue in [*(report.errors if report else ()), *(report.warnings if report else ())]:
            if issue.row is None:
                continue
            if issue.column in headers:
                self._issues.setdefault((issue.row, issue.column), []).append(issue)
            else:
                self._row_issues.setdefault(issue.row, []).append(issue)
        self.endResetModel()

    def row_of(self, number: int) -> int | None:
        """The model row showing spreadsheet row ``number``."""
        return self._row_of_number.get(number)

    def issues_at(self, row: int, column: int) -> list[importing.ImportIssue]:
        if self.table is None:
            return []
        number = self.table.rows[row].number
        return self._issues.get((number, self.table.headers[column]), [])

    def rowCount(self, parent: IndexLike = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: IndexLike = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.table is None else len(self.table.headers)

    def data(self, index: IndexLike, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        row = self.table.rows[index.row()]
        header = self.table.headers[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            i = index.column()
            return importing.display_value(row.values[i] if i < len(row.values) else None)
        issues = self._issues.get((row.number, header))
        if role == Qt.ItemDataRole.BackgroundRole and issues:
            return QBrush(ERROR_FILL if any(i.is_error for i in issues) else WARNING_FILL)
        if role == Qt.ItemDataRole.ToolTipRole and issues:
            return "\n".join(i.message for i in issues)
        if role == Qt.ItemDataRole.ForegroundRole and self.mapping.get(header) is None:
            return QBrush(text_colour(UNUSED_HUE))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if section >= len(self.table.rows):
                return None
            number = self.table.rows[section].number
            issues = self._row_issues.get(number)
            if role == Qt.ItemDataRole.DisplayRole:
                return str(number)
            if role == Qt.ItemDataRole.BackgroundRole and issues:
                return QBrush(ERROR_FILL if any(i.is_error for i in issues) else WARNING_FILL)
            if role == Qt.ItemDataRole.ToolTipRole and issues:
                return "\n".join(i.message for i in issues)
            return None
        if section >= len(self.table.headers):
            return None
        header = self.table.headers[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole:
            name = self.mapping.get(header)
            return _("Not imported") if name is None else _("Imported as {field}").format(
                field=field_title(self.kind, name))
        if role == Qt.ItemDataRole.FontRole and self.mapping.get(header) is None:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class ProblemsModel(QAbstractTableModel):
    """The report's problems, one a line: kind, row, column, value, message (errors before warnings)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.issues: list[importing.ImportIssue] = []

    def show(self, report: importing.ImportReport | None) -> None:
        self.beginResetModel()
        issues = [*report.errors, *report.warnings] if report else []
        self.issues = sorted(issues, key=lambda i: (i.row is not None, i.row or 0, not i.is_error))
        self.endResetModel()

    def headings(self) -> list[str]:
        return [_("Kind"), _("Row"), _("Column"), _("Value"), _("Problem")]

    def rowCount(self, parent: IndexLike = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent: IndexLike = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def data(self, index: IndexLike, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        issue = self.issues[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = [_("Error") if issue.is_error else _("Warning"),
                      "" if issue.row is None else str(issue.row), issue.column, quoted(issue.value) if issue.value
                      else "", issue.message]  # a 5,000-character cell quoted short
            return values[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QBrush(ERROR_FILL if issue.is_error else WARNING_FILL)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headings()[section]
        return None


def field_title(kind: str, name: str) -> str:
    for spec in importing.import_fields(kind):
        if spec.name == name:
            return spec.title()
    return name


def problems_view(model: ProblemsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate((100, 50, 160, 160)):
        view.setColumnWidth(column, width)
    view.setWordWrap(False)
    return view

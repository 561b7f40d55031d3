"""The preview's two tables: the file's rows with their problem cells in colour, and the problems one a line."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
)

from vetdesk.i18n import _, upper_first
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
                      else "", upper_first(issue.beside_column())]  # a 5,000-character cell quoted short
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


#: Up to this many problems every row is fitted to its wrapped text at once (the scroll bar true); a longer list
#: fits the rows in sight as they come into view (measuring 10,000 wrapped messages at each resize would stall).
FIT_ALL_ROWS = 500


class ProblemsView(QTableView):
    """The problems one a row, each message wrapped whole in the *Problem* column: at 1366×768 a message on one
    line was cut after 60 characters ("… tiene un dígito verificador incorrecto (el …", issue 21's re-trial),
    and a tooltip is no way to read a list. The row grows to the message's lines as the column's width allows."""

    def __init__(self, model: ProblemsModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(self._narrow_widths(model)):
            self.setColumnWidth(column, width)
        self._fit_pending = False
        model.modelReset.connect(self.fit_rows)
        header.sectionResized.connect(lambda *_args: self.fit_rows())
        self.verticalScrollBar().valueChanged.connect(lambda *_args: self.fit_rows())

    def _narrow_widths(self, model: ProblemsModel) -> list[int]:
        """Kind, row, column and value as wide as their titles and usual words, the rest for the message."""
        metrics = self.fontMetrics()
        kind = max(metrics.horizontalAdvance(w) for w in (_("Error"), _("Warning"), model.headings()[0]))
        row = max(metrics.horizontalAdvance("99999"), metrics.horizontalAdvance(model.headings()[1]))
        return [kind + 16, row + 16, 150, 150]

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_rows()

    def fit_rows(self) -> None:
        """Fit the rows' heights to their wrapped messages once the events in hand are done (a column dragged or
        the dialog resized sends many at once)."""
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self._fit_now)

    def _fit_now(self) -> None:
        if not shiboken6.isValid(self):
            return
        self._fit_pending = False
        count = self.model().rowCount()
        if count <= FIT_ALL_ROWS:
            self.resizeRowsToContents()
            return
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height() - 1)
        for row in range(first, (count - 1 if last < 0 else last) + 1):
            self.resizeRowToContents(row)


def problems_view(model: ProblemsModel) -> ProblemsView:
    return ProblemsView(model)

"""The import wizard: file → sheet → columns → preview with the problems in the grid → import → result.

The wizard only gathers choices and shows what :mod:`vetdesk.services.importing` finds; every rule is
the engine's (the same as the command line's ``vetdesk import``). Reading the file, checking the rows and
writing them run off the GUI thread, so a ten-thousand-row file never freezes the window; each of those
pages stays incomplete (Next disabled) until its result has arrived. Results from a job the person has
since left behind (went back, chose another file) are ignored by their generation number.

The main window opens it with ``ImportWizard(db, parent, kind="apprentices").open()`` and refreshes its
lists on ``imported(kind, rows_written)``.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSaveFile,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, ngettext, upper_first
from vetdesk.services import exporting, faults, importing, records
from vetdesk.services.office import Office
from vetdesk.ui.files import show_saved
from vetdesk.ui.tasks import run_in_background

#: The kinds an officer imports from the window, in the order they depend on each other.
WIZARD_KINDS = ("schools", "companies", "competencies", "instructors", "tutors", "coordinators", "positions",
                "collaborations", "apprentices", "agreements")

ERROR_FILL = QColor("#f6c9c9")
WARNING_FILL = QColor("#fbe3a6")

PAGE_FILE, PAGE_SHEET, PAGE_MAPPING, PAGE_PREVIEW, PAGE_IMPORT, PAGE_RESULT = range(6)

IndexLike = QModelIndex | QPersistentModelIndex


def kind_title(kind: str) -> str:
    return upper_first(_(records.kind(kind).plural))


def plain_message(exc: BaseException) -> str:
    """What to tell the person about a failure while reading or writing."""
    if isinstance(exc, RuleViolation):  # e.g. the signed-in user may not import
        return "\n".join(p.message for p in exc.problems)
    if isinstance(exc, importing.ImportFileError | KeyError):
        return str(exc).strip("'\"")
    explained = faults.explain(exc)
    if explained:
        return explained
    return _("The file cannot be read ({reason}). Check that it is an .xlsx or .csv spreadsheet and that "
             "no other program has it open.").format(reason=exc)


# -- models ---------------------------------------------------------------------------------------

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
            return QBrush(QColor("#8a8a8a"))
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
                      "" if issue.row is None else str(issue.row), issue.column, issue.value, issue.message]
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


def busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.hide()
    return bar


# -- pages ----------------------------------------------------------------------------------------

class FilePage(QWizardPage):
    """What to import and from which file."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Import from a spreadsheet"))
        self.setSubTitle(_("Choose what the file holds and the file itself (.xlsx or .csv). Import schools "
                           "and companies before the apprentices and agreements that refer to them."))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Records to import"))
        for kind in WIZARD_KINDS:
            self.kind.addItem(kind_title(kind), kind)
        self.path = QLineEdit()
        self.path.setAccessibleName(_("Spreadsheet file"))
        self.path.setPlaceholderText(_("No file chosen"))
        self.path.setClearButtonEnabled(True)
        self.browse = QPushButton(_("Choose file…"))
        self.browse.clicked.connect(self.choose_file)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a40000")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(_("Records to import:"), self.kind)
        form.addRow(_("File:"), row)
        self.template = QPushButton(_("Save an empty template…"))
        self.template.setToolTip(_("A spreadsheet with the columns vetdesk recognises, to fill in and import."))
        self.template.clicked.connect(self.save_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template)
        template_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(template_row)
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(lambda _text: self.message.clear())
        self.kind.currentIndexChanged.connect(self._show_hint)
        self._show_hint()

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def chosen_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _show_hint(self) -> None:
        required = [s.title() for s in importing.import_fields(self.chosen_kind()) if s.required]
        self.hint.setText(_("Columns a file of {kind} must have: {columns}.").format(
            kind=kind_title(self.chosen_kind()).lower(), columns=", ".join(required)))

    def choose_file(self) -> None:
        start = self.path.text().strip() or str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the spreadsheet"), start,
            _("Spreadsheets (*.xlsx *.csv)") + ";;" + _("All files (*)"))
        if name:
            self.path.setText(name)

    def save_template(self) -> Path | None:
        """Write an empty XLSX with the recognised headers of the chosen kind (for offices starting fresh)."""
        kind = self.chosen_kind()
        start = Path.home() / f"vetdesk-{kind}.xlsx"
        name, _filter = QFileDialog.getSaveFileName(self, _("Save an empty template"), str(start),
                                                    _("Excel workbooks (*.xlsx)"))
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        try:
            written = exporting.write_template(kind, path)
        except OSError as exc:
            self.message.setText(faults.explain(exc) or str(exc))
            return None
        self.message.clear()
        self.hint.setText(self.hint.text() + "\n" + _("Template saved: {path}").format(path=written))
        show_saved(self, written)
        return written

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        path = self.chosen_path()
        if not path.is_file():
            self.message.setText(_("{name} does not exist. Choose the file again.").format(name=path))
            return False
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
            self.message.setText(_("{name}: vetdesk reads .xlsx and .csv files; save the spreadsheet in one "
                                   "of these formats.").format(name=path.name))
            return False
        self.wiz.choose_file(self.chosen_kind(), path)
        return True

    def nextId(self) -> int:  # noqa: N802
        path = self.chosen_path()
        return PAGE_SHEET if path.suffix.lower() in (".xlsx", ".xlsm") else PAGE_MAPPING


class SheetPage(QWizardPage):
    """Which sheet of a workbook holds the table (the sheet names are read off the GUI thread)."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Sheet"))
        self.setSubTitle(_("Choose the sheet that holds the table. Title rows above the header and a notes "
                           "row below the table are recognised and left out."))
        self.sheet = QComboBox()
        self.sheet.setMinimumWidth(320)
        self.bar = busy_bar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.sheet)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Sheet:"), row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.loading = False
        self._loaded_for: Path | None = None
        self._generation = 0

    def initializePage(self) -> None:  # noqa: N802
        path = self.wiz.path
        assert path is not None
        if path == self._loaded_for:
            return
        self._loaded_for = None
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.sheet.clear()
        self.bar.show()
        self.message.setText(_("Reading {name}…").format(name=path.name))
        self.completeChanged.emit()
        run_in_background(lambda: importing.sheet_names(path), lambda names: self._listed(generation, path, names),
                          lambda exc: self._failed(generation, exc), owner=self)

    def _listed(self, generation: int, path: Path, names: list[str]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.bar.hide()
        self.message.clear()
        self._loaded_for = path
        self.sheet.addItems(names)
        if self.wiz.sheet in names:
            self.sheet.setCurrentText(self.wiz.sheet)
        self.completeChanged.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.bar.hide()
        self.message.setText(plain_message(exc) + " " + _("Go back and choose another file."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self.loading and self.sheet.count() > 0

    def validatePage(self) -> bool:  # noqa: N802
        if not self.isComplete():
            return False
        self.wiz.sheet = self.sheet.currentText() or None
        return True


class MappingPage(QWizardPage):
    """Each column of the file and the field it fills (pre-filled; "not imported" leaves it out)."""

    HEADER, EXAMPLE, FIELD = range(3)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Columns"))
        self.setSubTitle(_("Check which field each column of the file fills. Columns vetdesk recognised are "
                           "filled in; choose a field for the others or leave them out."))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = busy_bar()
        self.grid = QTableWidget(0, 3)  # one row per column of the file: a few dozen at most
        self.grid.setHorizontalHeaderLabels([_("Column in the file"), _("First value"), _("Imported as")])
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(self.HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.EXAMPLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.FIELD, QHeaderView.ResizeMode.Stretch)
        self.grid.setColumnWidth(self.HEADER, 220)
        self.grid.setColumnWidth(self.EXAMPLE, 200)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.missing)
        self.combos: dict[str, QComboBox] = {}
        self._loaded_for: tuple[str, Path | None, str | None] | None = None
        self._generation = 0
        self.loading = False

    def initializePage(self) -> None:  # noqa: N802
        wanted = (self.wiz.kind, self.wiz.path, self.wiz.sheet)
        if wanted == self._loaded_for and self.wiz.table is not None:
            return  # back and forth: keep the person's choices
        self._loaded_for = None
        self.wiz.table = None
        self.grid.setRowCount(0)
        self.combos.clear()
        self.missing.clear()
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.bar.show()
        path, sheet = self.wiz.path, self.wiz.sheet
        assert path is not None
        self.status.setText(_("Reading {name}…").format(name=path.name))
        self.completeChanged.emit()
        run_in_background(lambda: importing.read_table(path, sheet),
                          lambda table: self._read(generation, wanted, table),
                          lambda exc: self._failed(generation, exc), owner=self)

    def _read(self, generation: int, wanted: tuple[str, Path | None, str | None], table: importing.Table) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.bar.hide()
        self._loaded_for = wanted
        self.wiz.table = table
        kind = self.wiz.kind
        where = _("Sheet {sheet}: ").format(sheet=table.sheet) if table.sheet else ""
        self.status.setText(ngettext("{where}header on row {header}, {n} data row.",
                                     "{where}header on row {header}, {n} data rows.", len(table.rows))
                            .format(where=where, header=table.header_row, n=len(table.rows)))
        proposed = importing.propose_mapping(kind, table.headers)
        fields = importing.import_fields(kind)
        self.grid.setRowCount(len(table.headers))
        first = table.rows[0] if table.rows else None
        for row, header in enumerate(table.headers):
            item = QTableWidgetItem(header)
            self.grid.setItem(row, self.HEADER, item)
            example = ""
            if first is not None:
                example = importing.display_value(table.cell(first, header))
            self.grid.setItem(row, self.EXAMPLE, QTableWidgetItem(example))
            combo = QComboBox()
            combo.addItem(_("— not imported —"), None)
            for spec in fields:
                combo.addItem(spec.title() + (" *" if spec.required else ""), spec.name)
            combo.setCurrentIndex(max(combo.findData(proposed.get(header)), 0))
            combo.currentIndexChanged.connect(lambda _i, h=header: self._changed(h))
            self.grid.setCellWidget(row, self.FIELD, combo)
            self.combos[header] = combo
        self._show_missing()
        self.completeChanged.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.bar.hide()
        self.status.setText(plain_message(exc))
        self.completeChanged.emit()

    def _changed(self, header: str) -> None:
        """A field fills one column: choosing it here leaves it out of the column that had it."""
        name = self.combos[header].currentData()
        if name is not None:
            for other, combo in self.combos.items():
                if other != header and combo.currentData() == name:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self._show_missing()

    def _show_missing(self) -> None:
        chosen = set(self.mapping().values())
        missing = [s.title() for s in importing.import_fields(self.wiz.kind) if s.required and s.name not in chosen]
        self.missing.setText(_("Required fields no column fills: {fields}. Rows cannot be created without "
                               "them.").format(fields=", ".join(missing)) if missing
                             else _("* required: every row needs a value in this field."))

    def mapping(self) -> dict[str, str | None]:
        return {header: combo.currentData() for header, combo in self.combos.items()}

    def choose(self, header: str, name: str | None) -> None:
        """Map ``header`` to the field ``name`` (``None``: not imported), as picking it in the list does."""
        combo = self.combos[header]
        combo.setCurrentIndex(max(combo.findData(name), 0))

    def isComplete(self) -> bool:  # noqa: N802
        return not self.loading and self.wiz.table is not None

    def validatePage(self) -> bool:  # noqa: N802
        self.wiz.mapping = self.mapping()
        return self.isComplete()


class PreviewPage(QWizardPage):
    """The rows as they will be imported, problems in colour and listed; the import options."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("Cells with an error are red, warnings yellow. Double-click a problem to see its "
                           "cell."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.bar = busy_bar()
        self.rows_model = RowsModel(self)
        self.rows = QTableView()
        self.rows.setModel(self.rows_model)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setWordWrap(False)
        self.rows.verticalHeader().setDefaultSectionSize(self.rows.fontMetrics().height() + 6)
        self.rows.horizontalHeader().setDefaultSectionSize(130)
        self.rows.horizontalHeader().setResizeContentsPrecision(200)  # measure 200 rows, not 10,000
        self.problems_model = ProblemsModel(self)
        self.problems = problems_view(self.problems_model)
        self.problems.doubleClicked.connect(self.show_problem)
        self.valid_only = QCheckBox(_("Write only the rows without errors (the others are skipped)"))
        self.update_existing = QCheckBox(_("Update existing records (same CURP, RFC, CCT or e-mail) instead of "
                                           "reporting them as duplicates"))
        self.valid_only.toggled.connect(self._options_changed)
        self.update_existing.toggled.connect(self._revalidate)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.rows)
        split.addWidget(self.problems)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.update_existing)
        layout.addWidget(self.verdict)
        self.report: importing.ImportReport | None = None
        self.checking = False
        self._generation = 0

    def initializePage(self) -> None:  # noqa: N802
        self._revalidate()

    def _revalidate(self) -> None:
        table, kind, mapping = self.wiz.table, self.wiz.kind, dict(self.wiz.mapping)
        if table is None:
            return
        self._generation += 1
        generation = self._generation
        self.report = None
        self.checking = True
        self.bar.show()
        self.counts.setText(ngettext("Checking {n} row…", "Checking {n} rows…", len(table.rows))
                            .format(n=len(table.rows)))
        self.verdict.clear()
        self.rows_model.kind = kind
        self.rows_model.show(table, mapping, None)
        self.problems_model.show(None)
        self.completeChanged.emit()
        update, db, today = self.update_existing.isChecked(), self.wiz.db, self.wiz.today
        run_in_background(
            lambda: importing.validate_import(db, kind, table, mapping, update=update, today=today),
            lambda report: self._checked(generation, report), lambda exc: self._failed(generation, exc),
            owner=self)

    def _checked(self, generation: int, report: importing.ImportReport) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.checking = False
        self.bar.hide()
        self.report = report
        assert self.wiz.table is not None
        self.rows_model.show(self.wiz.table, self.wiz.mapping, report)
        self.fit_columns()
        self.problems_model.show(report)
        bad_rows = len(report.error_rows)
        parts = [
            ngettext("{n} row", "{n} rows", report.rows).format(n=report.rows),
            ngettext("{n} error", "{n} errors", len(report.errors)).format(n=len(report.errors)),
            ngettext("{n} row with errors", "{n} rows with errors", bad_rows).format(n=bad_rows),
            ngettext("{n} warning", "{n} warnings", len(report.warnings)).format(n=len(report.warnings)),
        ]
        if report.unmapped_columns:
            parts.append(_("not imported: {columns}").format(columns=", ".join(report.unmapped_columns)))
        self.counts.setText(" · ".join(parts))
        self._options_changed()

    def fit_columns(self) -> None:
        """Columns as wide as their first rows' values (a CURP whole), within reason."""
        self.rows.resizeColumnsToContents()
        for column in range(self.rows_model.columnCount()):
            self.rows.setColumnWidth(column, min(max(self.rows.columnWidth(column), 60), 280))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.checking = False
        self.bar.hide()
        self.counts.setText(plain_message(exc))
        self.completeChanged.emit()

    def _options_changed(self) -> None:
        report = self.report
        if report is None:
            self.completeChanged.emit()
            return
        missing = any(i.code == "column.missing" for i in report.errors)
        to_write = len(report.valid_rows)
        if missing:
            text = _("A required column is missing: go back and choose the column that holds it.")
        elif not report.errors:
            text = ngettext("All {n} row can be imported.", "All {n} rows can be imported.",
                            to_write).format(n=to_write)
        elif self.valid_only.isChecked():
            text = ngettext("{n} row without errors will be written; ", "{n} rows without errors will be "
                            "written; ", to_write).format(n=to_write) + ngettext(
                "{n} row with errors is skipped.", "{n} rows with errors are skipped.",
                len(report.error_rows)).format(n=len(report.error_rows))
        else:
            text = _("Nothing will be written while any row has an error: correct the file and choose it "
                     "again, or tick “Write only the rows without errors”.")
        self.verdict.setText(text)
        self.completeChanged.emit()

    def can_import(self) -> bool:
        report = self.report
        if self.checking or report is None:
            return False
        if any(i.code == "column.missing" for i in report.errors):
            return False
        if report.errors:
            return self.valid_only.isChecked() and bool(report.valid_rows)
        return report.rows > 0

    def isComplete(self) -> bool:  # noqa: N802
        return self.can_import()

    def validatePage(self) -> bool:  # noqa: N802
        # QWizard.next() does not ask isComplete(): refuse here too, so nothing runs with errors.
        return self.can_import()

    def show_problem(self, index: QModelIndex) -> None:
        """Select the problem's cell in the grid (its row header when it names no column)."""
        if not index.isValid():
            return
        issue = self.problems_model.issues[index.row()]
        table = self.wiz.table
        if issue.row is None or table is None:
            return
        row = self.rows_model.row_of(issue.row)
        if row is None:
            return
        column = table.headers.index(issue.column) if issue.column in table.headers else 0
        cell = self.rows_model.index(row, column)
        # The cell becomes current without being selected, so its colour stays visible.
        self.rows.clearSelection()
        self.rows.selectionModel().setCurrentIndex(cell, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.rows.scrollTo(cell, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.rows.setFocus()


class _ImportSignals(QObject):
    """Progress from the worker thread, delivered in the GUI thread (queued: the receiver lives there)."""

    progressed = Signal(int, int)


class ImportPage(QWizardPage):
    """The import running, with its progress and a Cancel that writes nothing."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Importing"))
        self.setSubTitle(_("The rows are checked once more and written in one step: if you cancel, nothing "
                           "is written."))
        self.status = QLabel()
        self.bar = QProgressBar()
        self.cancel_button = QPushButton(_("Cancel the import"))
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addStretch(1)
        self.signals = _ImportSignals(self)
        self.signals.progressed.connect(self._progress)
        self._cancel = threading.Event()
        self.running = False

    def initializePage(self) -> None:  # noqa: N802
        self._cancel = threading.Event()
        self.running = True
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.status.setText(_("Importing {kind}…").format(kind=kind_title(self.wiz.kind).lower()))
        self.completeChanged.emit()
        # Started from the event loop, once the page is on screen (and a Cancel already pressed is seen).
        QTimer.singleShot(0, self._start)

    def _start(self) -> None:
        wiz = self.wiz
        table, kind, mapping = wiz.table, wiz.kind, dict(wiz.mapping)
        assert table is not None
        valid_only = wiz.preview_page.valid_only.isChecked()
        update = wiz.preview_page.update_existing.isChecked()
        db, today, cancel, signals = wiz.db, wiz.today, self._cancel, self.signals
        last = [-1]

        def progress(done: int, total: int) -> None:
            percent = done * 100 // total if total else 100
            if percent != last[0]:
                last[0] = percent
                signals.progressed.emit(done, total)

        def work() -> importing.ImportReport:
            return importing.run_import(db, kind, table, mapping, valid_only=valid_only, update=update,
                                        progress=progress, cancelled=cancel.is_set, today=today)

        # Should the wizard be deleted mid-import (its window closed), the import stops and writes nothing.
        wiz.destroyed.connect(lambda *_args: cancel.set())
        run_in_background(work, self._done, self._failed, owner=self)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if self.running:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)

    def cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(_("Cancelling… nothing will be written."))

    def _done(self, report: importing.ImportReport) -> None:
        if not shiboken6.isValid(self):
            return
        self.running = False
        self.wiz.finish(report, None)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.running = False
        self.wiz.finish(None, exc)

    def isComplete(self) -> bool:  # noqa: N802
        return not self.running


class ResultPage(QWizardPage):
    """What the import did, the problems it met, and the report to keep."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Result"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_model = ProblemsModel(self)
        self.problems = problems_view(self.problems_model)
        self.save_button = QPushButton(_("Save the report…"))
        self.save_button.clicked.connect(self.save_report)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(row)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802
        report, error = self.wiz.report, self.wiz.error
        self.problems_model.show(report)
        self.save_button.setEnabled(report is not None)
        if error is not None:
            self.setSubTitle(_("The import failed; nothing was written."))
            known = faults.explain(error) or isinstance(error, importing.ImportFileError | RuleViolation)
            self.summary.setText(plain_message(error) if known else _(
                "Something went wrong: {reason}. Nothing was written.").format(reason=error))
            return
        assert report is not None
        if report.cancelled:
            self.setSubTitle(_("The import was cancelled; nothing was written."))
        elif report.written == 0 and report.errors and not report.valid_rows:
            self.setSubTitle(_("Nothing was written: every row has an error."))
        elif report.written == 0 and report.errors:
            self.setSubTitle(_("Nothing was written because of the errors below."))
        else:
            self.setSubTitle(_("The import is done."))
        skipped = report.rows - report.written - report.unchanged if not report.cancelled else report.rows
        lines = [
            ngettext("{n} record written", "{n} records written", report.written).format(n=report.written)
            + " (" + _("{created} new, {updated} updated").format(created=report.created,
                                                                    updated=report.updated) + ")",
            ngettext("{n} row skipped", "{n} rows skipped", max(skipped, 0)).format(n=max(skipped, 0)),
        ]
        if report.unchanged:
            lines.append(ngettext("{n} existing record already up to date", "{n} existing records already up "
                                  "to date", report.unchanged).format(n=report.unchanged))
        lines.append(ngettext("{n} error", "{n} errors", len(report.errors)).format(n=len(report.errors))
                     + " · " + ngettext("{n} warning", "{n} warnings", len(report.warnings))
                     .format(n=len(report.warnings)))
        if report.unmapped_columns:
            lines.append(_("Columns not imported: {columns}").format(columns=", ".join(report.unmapped_columns)))
        self.summary.setText("\n".join(lines))

    def save_report(self) -> Path | None:
        report = self.wiz.report
        if report is None:
            return None
        start = self.wiz.path.with_name(self.wiz.path.stem + "-" + _("report") + ".csv") if self.wiz.path \
            else Path.home() / "report.csv"
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the import report"), str(start),
                                                    _("CSV files (*.csv)"))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        try:
            write_report_csv(report, path)
        except OSError as exc:
            self.summary.setText(self.summary.text() + "\n" + (faults.explain(exc) or str(exc)))
            return None
        self.save_button.setText(_("Report saved"))
        show_saved(self, path)
        return path


def report_rows(report: importing.ImportReport) -> list[list[str]]:
    rows = [[_("Kind"), _("Row"), _("Column"), _("Value"), _("Problem")]]
    for issue in sorted([*report.errors, *report.warnings],
                        key=lambda i: (i.row is not None, i.row or 0, not i.is_error)):
        rows.append([_("Error") if issue.is_error else _("Warning"), "" if issue.row is None else str(issue.row),
                     issue.column, issue.value, issue.message])
    for column in report.unmapped_columns:
        rows.append([_("Not imported"), "", column, "", _("No field chosen for this column.")])
    return rows


def write_report_csv(report: importing.ImportReport, path: Path) -> None:
    """The report as CSV (UTF-8 with BOM, so Excel shows accents), written whole or not at all."""
    text = io.StringIO()
    csv.writer(text).writerows(report_rows(report))
    out = QSaveFile(str(path))
    if not out.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise OSError(out.errorString())
    out.write(("\ufeff" + text.getvalue()).encode("utf-8"))
    if not out.commit():
        raise OSError(out.errorString())


# -- the wizard -----------------------------------------------------------------------------------

class ImportWizard(QWizard):
    """Bring a spreadsheet of companies, schools, instructors, apprentices or agreements into vetdesk."""

    #: The import wrote rows: (kind, rows written). Lists of that kind should reload.
    imported = Signal(str, int)

    def __init__(self, db: Office, parent: QWidget | None = None, *, kind: str | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        #: The day the rules measure ages and periods against (tests fix it).
        self.today = today
        self.kind = kind or "apprentices"
        self.path: Path | None = None
        self.sheet: str | None = None
        self.table: importing.Table | None = None
        self.mapping: dict[str, str | None] = {}
        self.report: importing.ImportReport | None = None
        self.error: BaseException | None = None
        self.setWindowTitle(_("Import from a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Close"))
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        self.result_page = ResultPage(self)
        for page_id, page in enumerate((self.file_page, self.sheet_page, self.mapping_page, self.preview_page,
                                        self.import_page, self.result_page)):
            self.setPage(page_id, page)
        if kind is not None:
            self.file_page.kind.setCurrentIndex(max(self.file_page.kind.findData(kind), 0))
        self.setMinimumSize(760, 520)
        self.resize(980, 660)

    def choose_file(self, kind: str, path: Path) -> None:
        """The first page's choice; another file starts with its first sheet (a CSV file has none)."""
        if path != self.path:
            self.sheet = None
        self.kind, self.path = kind, path

    def finish(self, report: importing.ImportReport | None, error: BaseException | None) -> None:
        """The import's outcome: show the result page, tell the window what was written."""
        self.report, self.error = report, error
        if self.currentId() == PAGE_IMPORT:
            self.next()
        if report is not None and report.written > 0:
            self.imported.emit(self.kind, report.written)

    def busy(self) -> bool:
        """A background job the wizard waits for (reading, checking or importing)."""
        return (self.sheet_page.loading or self.mapping_page.loading or self.preview_page.checking
                or self.import_page.running)

    def reject(self) -> None:
        # Closing while the import runs asks it to stop; the wizard stays to show that nothing was written.
        if self.import_page.running:
            self.import_page.cancel()
            return
        super().reject()


def open_import_wizard(db: Office, parent: QWidget | None = None, *, kind: str | None = None,
                       on_imported: Callable[[str, int], None] | None = None) -> ImportWizard:
    """Show the wizard window-modal over ``parent`` (the main window's menu action)."""
    wizard = ImportWizard(db, parent, kind=kind)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if on_imported is not None:
        wizard.imported.connect(on_imported)
    wizard.open()
    return wizard

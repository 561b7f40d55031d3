"""The preview page: the rows as they will be imported, their problems, and the import's options."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from vetdesk.i18n import _, ngettext
from vetdesk.services import importing
from vetdesk.ui.import_wizard.models import ProblemsModel, RowsModel, problems_view
from vetdesk.ui.import_wizard.steps import (
    ImportSteps,
    busy_bar,
    plain_message,
)
from vetdesk.ui.tasks import run_in_background


class PreviewPage(QWizardPage):
    """The rows as they will be imported, problems in colour and listed; the import options."""

    def __init__(self, wizard: ImportSteps) -> None:
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
        if report.header_errors:  # the rows were not checked
            n_header = len(report.header_errors)
            parts = [ngettext("{n} row not checked", "{n} rows not checked", report.rows).format(n=report.rows),
                     ngettext("{n} required column is missing", "{n} required columns are missing",
                              n_header).format(n=n_header)]
        else:
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

"""The import running, with its progress and a Cancel that writes nothing; then what it did, and the report
to keep.
"""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QObject,
    QSaveFile,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, ngettext, pgettext, safe_file_name, upper_first
from vetdesk.services import faults, importing
from vetdesk.ui.files import show_saved
from vetdesk.ui.folders import start_path
from vetdesk.ui.import_wizard.models import ProblemsModel, problems_view
from vetdesk.ui.import_wizard.steps import (
    ImportSteps,
    kind_title,
    plain_message,
)
from vetdesk.ui.tasks import run_in_background


class _ImportSignals(QObject):
    """Progress from the worker thread, delivered in the GUI thread (queued: the receiver lives there)."""

    progressed = Signal(int, int)


class ImportPage(QWizardPage):
    """The import running, with its progress and a Cancel that writes nothing."""

    def __init__(self, wizard: ImportSteps) -> None:
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
        valid_only, update = wiz.import_options()
        db, today, cancel, signals = wiz.db, wiz.today, self._cancel, self.signals
        last = [-1]

        def progress(done: int, total: int) -> None:
            percent = done * 100 // total if total else 100
            if percent != last[0]:
                last[0] = percent
                signals.progressed.emit(done, total)

        def work() -> importing.ImportReport:
            return db.import_rows(kind, table, mapping, valid_only=valid_only, update=update,
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

    def __init__(self, wizard: ImportSteps) -> None:
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
        report_name = safe_file_name(pgettext("file name", "report"))
        # Beside the file imported (the folder just used), in full; else in the folder last used, or Documents.
        start = self.wiz.path.absolute().with_name(f"{self.wiz.path.stem}-{report_name}.csv") if self.wiz.path \
            else Path(start_path(self, f"{report_name}.csv"))
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
                     issue.column, issue.value, upper_first(issue.beside_column())])
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

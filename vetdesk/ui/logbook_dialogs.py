"""Dialogs of the apprentices' weekly reports: an agreement's record week by week, writing the exchange workbook for
an instructor or a company, and taking a filled one back (its report row by row, each conflict settled by the
officer before anything is written)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetdesk import i18n
from vetdesk.domain import logbook as L
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, end_sentence, ngettext, pgettext, safe_file_name
from vetdesk.services import exchange, logbook
from vetdesk.services.faults import explain
from vetdesk.services.office import Office
from vetdesk.ui.editors import reference_choices
from vetdesk.ui.folders import ask_open_file, ask_save_file
from vetdesk.ui.formatting import format_date
from vetdesk.ui.headers import title_floor, wrap_header
from vetdesk.ui.style import ERROR_HUE, text_colour


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


def _table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    wrap_header(table)  # a title wraps onto a second line rather than being cut, as in the lists (issue 21)
    _fit_titles(table)
    return table


def _fit_titles(table: QTableWidget) -> None:
    """Widen each column that is narrower than its title whole on two lines (:func:`headers.title_floor`)."""
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for col in range(table.columnCount()):
        item = table.horizontalHeaderItem(col)
        floor = title_floor(metrics, item.text()) if item is not None else 0
        if header.sectionSize(col) < floor:
            table.setColumnWidth(col, floor)


def _refusal(parent: QWidget, title: str, exc: BaseException) -> None:
    if isinstance(exc, RuleViolation):
        QMessageBox.warning(parent, title, "\n".join(p.message for p in exc.problems))
        return
    message = explain(exc)
    if message is None:
        raise exc
    QMessageBox.warning(parent, title, message)


class AgreementRecordDialog(QDialog):
    """Every week of an agreement up to today: its report's state, the overdue weeks in red, the attendance."""

    def __init__(self, db: Office, agreement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        found = logbook.agreement_logbook(db, agreement_id)
        self.record = found
        self.setWindowTitle(_("Weekly reports of {name} ({reference})").format(name=found.apprentice,
                                                                             reference=found.reference))
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        data = found.as_dict()
        self.summary = QLabel(_("Weeks due: {due}; countersigned: {approved}; waiting for review: {waiting}; "
                                "returned: {returned}; missing: {missing}; overdue: {overdue}.").format(
            due=data["weeks_due"], approved=data["approved"], waiting=data["waiting"], returned=data["returned"],
            missing=data["missing"], overdue=data["overdue"]), self)
        if found.state.on_paper:
            self.summary.setText(_(L.ON_PAPER_NOTE) + "\n" + self.summary.text())
        elif found.state.kept_since is not None:
            self.summary.setText(_(L.KEPT_SINCE_NOTE).format(date=format_date(found.state.kept_since)) + "\n"
                                 + self.summary.text())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = _table(self, [_("Week of"), _("Status"), _("Hours at the company"), _("Attendance"),
                                   _("What was done and learnt at the company")], _("Weeks"))
        for line in found.lines:
            row = self.table.rowCount()
            self.table.insertRow(row)
            s = line.state
            state = line.label + (" — " + _("overdue") if s.overdue else "")
            days = ", ".join(f"{L.day_short(d)} {L.presence_label(p)}"
                             for d, p in sorted(line.attendance.items()))
            cells = [format_date(s.monday), state, "" if line.hours is None else str(line.hours), days,
                     " ".join(line.activities.split())[:120]]
            for col, text in enumerate(cells):
                item = _item(text, line.activities if col == 4 else "")
                if s.overdue:
                    item.setForeground(QBrush(text_colour(ERROR_HUE)))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        a = found.attendance
        layout.addWidget(QLabel(_("Attendance: days recorded {days}, days absent {absent}.").format(
            days=a.recorded, absent=a.absent), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ExportDialog(QDialog):
    """Write the exchange workbook for one instructor or one company."""

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.written: exchange.Exported | None = None
        self.setWindowTitle(_("Weekly reports for an instructor"))
        layout = QVBoxLayout(self)
        about = QLabel(_("The workbook lists every week not yet countersigned of the apprentices' active "
                         "agreements. The instructor fills in the yellow cells and sends it back; everything else "
                         "is locked and signed by the office."), self)
        about.setWordWrap(True)
        layout.addWidget(about)
        form = QFormLayout()
        self.for_instructor = QRadioButton(_("One instructor"), self)
        self.for_company = QRadioButton(_("One company (all its instructors)"), self)
        self.for_instructor.setChecked(True)
        self.instructor = QComboBox(self)
        self.instructor.setAccessibleName(_("Instructor"))
        for label, record_id in reference_choices(db, "instructors"):
            self.instructor.addItem(label, record_id)
        self.company = QComboBox(self)
        self.company.setAccessibleName(_("Company"))
        for label, record_id in reference_choices(db, "companies"):
            self.company.addItem(label, record_id)
        self.company.setEnabled(False)
        self.for_company.toggled.connect(self._chosen)
        form.addRow(self.for_instructor, self.instructor)
        form.addRow(self.for_company, self.company)
        # The workbook in the instructor's own language: the office's (vetdesk's default) unless chosen.
        from vetdesk.ui.exam_forms import DOCUMENT_LANGUAGES

        self.language = QComboBox(self)
        self.language.setAccessibleName(_("Language of the workbook"))
        for code, name in DOCUMENT_LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.DEFAULT_LANGUAGE)))
        self.language.setToolTip(_("The instructor's language: the workbook's headings, instructions and drop-down "
                                   "lists are written in it."))
        form.addRow(_("Language of the workbook"), self.language)
        path_row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setAccessibleName(_("File"))
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self.choose_file)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow(_("File"), path_row)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _chosen(self, company: bool) -> None:
        self.company.setEnabled(company)
        self.instructor.setEnabled(not company)

    def choose_file(self) -> None:
        name = self.instructor.currentText() if self.for_instructor.isChecked() else self.company.currentText()
        path = ask_save_file(self, _("Save the exchange workbook"), safe_file_name(pgettext(
            "file name", "weekly-reports-{name}").format(name=name[:40])) + ".xlsx", _("Excel workbook (*.xlsx)"))
        if path:
            self.path.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export(self) -> None:
        if not self.path.text().strip():
            self.choose_file()
            if not self.path.text().strip():
                return
        chosen = {"instructor_id": self.instructor.currentData()} if self.for_instructor.isChecked() else {
            "company_id": self.company.currentData()}
        try:
            self.written = self.db.export_weeks(self.path.text().strip(), language=self.language.currentData(),
                                                **chosen)
        except (RuleViolation, OSError) as exc:
            _refusal(self, self.windowTitle(), exc)
            return
        QMessageBox.information(self, self.windowTitle(), end_sentence(ngettext(
            "{n} week written to {file} for {name}.", "{n} weeks written to {file} for {name}.", self.written.rows)
            .format(n=self.written.rows, file=self.written.path, name=self.written.scope.name)))
        self.accept()


def outcome_label(row: exchange.RowReport) -> str:
    if row.settled:
        return _("countersigned at the office since the file was written: kept as signed")
    return {"unchanged": _("unchanged"), "current": _("already up to date"), "write": _("to be written"),
            "conflict": _("changed at the office too: to settle"),
            "error": _("cannot be taken"), "refused": _("not taken: instructed by someone else")}[row.outcome]


class ImportDialog(QDialog):
    """Take back a filled workbook: first what it would do row by row (nothing written), the conflicts each with
    the choice of keeping the office's values or taking the file's, then one import of everything."""

    #: The tick that takes a conflict's values from the file: beside the row's number, always in sight.
    TAKE = 1
    #: The widest a column of the report gets at first (its whole text in the tooltip): the table fits the dialog
    #: at 1366×768 with no column out of sight.
    COLUMN_WIDTH = 260

    def __init__(self, db: Office, path: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.report: exchange.ExchangeReport | None = None
        self.done_report: exchange.ExchangeReport | None = None
        self.setWindowTitle(_("Take back a weekly-report workbook"))
        self.resize(1180, 600)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit(path or "", self)
        self.path.setAccessibleName(_("File"))
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self.choose_file)
        check = QPushButton(_("Check the file"), self)
        check.clicked.connect(self.check)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(check)
        layout.addLayout(row)
        # A company's file: who filled it in and approved it, asked (its weeks are recorded as given by them).
        approver_row = QHBoxLayout()
        self.approver_label = QLabel(_("Approved by"), self)
        self.approver = QComboBox(self)
        self.approver.setAccessibleName(_("Approved by"))
        self.approver.setToolTip(_("The company's instructor who filled in the file and approved its weeks: what it "
                                   "brings is recorded as given by them."))
        self.approver_label.setBuddy(self.approver)
        self.approver.activated.connect(lambda _index: self.check())
        approver_row.addWidget(self.approver_label)
        approver_row.addWidget(self.approver, 1)
        layout.addLayout(approver_row)
        self.approver_label.hide()
        self.approver.hide()
        self.summary = QLabel(_("Choose the workbook the instructor sent back; it is checked before anything is "
                                "written."), self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = _table(self, [_("Row"), _("Take the file's values"), _("Apprentice"), _("Week or competency"),
                                   _("What happens"), _("Changes"), _("Conflicts")], _("Rows of the file"))
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if path:
            self.check()

    def choose_file(self) -> None:
        path = ask_open_file(self, _("Open the filled workbook"), _("Excel workbook (*.xlsx)"))
        if path:
            self.path.setText(path)
            self.check()

    def taken(self) -> list[str]:
        rows = []
        for i in range(self.table.rowCount()):
            box, number = self.table.item(i, self.TAKE), self.table.item(i, 0)
            if box is not None and number is not None and box.checkState() == Qt.CheckState.Checked:
                rows.append(number.text())
        return rows

    def approved_by(self) -> int | None:
        """The instructor chosen as having approved a company's file (None: not asked, or not chosen yet)."""
        data = self.approver.currentData() if not self.approver.isHidden() else None
        return int(data) if data else None

    def _offer_approvers(self) -> bool:
        """Ask who approved the file when it is a company's (its instructors offered, the choice kept). False
        while the file is a company's and nobody is chosen yet."""
        try:
            found = exchange.file_approvers(self.db, self.path.text().strip())
        except (RuleViolation, OSError):
            found = []  # the check below says why the file is not taken
        chosen = self.approver.currentData()
        if [self.approver.itemData(i) for i in range(1, self.approver.count())] != [a.id for a in found]:
            self.approver.clear()
            if found:
                self.approver.addItem("", None)
                for a in found:
                    self.approver.addItem(a.name, a.id)
            self.approver.setCurrentIndex(max(0, self.approver.findData(chosen)) if chosen else 0)
        self.approver.setHidden(not found)
        self.approver_label.setHidden(not found)
        if found and not self.approver.currentData():
            self.summary.setText(_("This file was written for a company: choose under “Approved by” which of its "
                                   "instructors filled it in and approved its weeks. It is checked then."))
            return False
        return True

    def check(self) -> None:
        """What importing would do (a trial that writes nothing)."""
        self.import_button.setEnabled(False)
        self.table.setRowCount(0)
        if not self._offer_approvers():
            return
        try:
            report = self.db.import_weeks(self.path.text().strip(), dry_run=True, approved_by=self.approved_by())
        except exchange.ExchangeRefused as refused:
            self.summary.setText("\n".join(p.message for p in refused.problems))
            if refused.report is not None:
                self._show(refused.report)
            return
        except (RuleViolation, OSError) as exc:
            message = "\n".join(p.message for p in exc.problems) if isinstance(exc, RuleViolation) else explain(exc)
            if message is None:
                raise exc
            self.summary.setText(message)
            return
        self.report = report
        self._show(report)
        from datetime import date

        written = format_date(date.fromisoformat(report.written_on))
        text = _("For {name}, written on {date}; approved by {instructor}. {summary}").format(
            name=report.scope, date=written, instructor=report.approved_by, summary=report.summary())
        if report.takeable:
            text += " " + _("Tick the conflicts whose values the file should bring in, then import.")
        self.summary.setText(text)
        self.import_button.setEnabled(any(r.outcome in ("write", "conflict") for r in report.rows))

    def _show(self, report: exchange.ExchangeReport) -> None:
        self.table.setRowCount(0)
        for r in report.rows:
            if r.outcome == "unchanged":
                continue
            n = self.table.rowCount()
            self.table.insertRow(n)
            conflicts = "\n".join(_("{field}: office {office} / file {file}").format(field=f, office=o, file=v)
                                  for f, o, v in r.conflicts)
            cells = [r.ref, r.apprentice, format_date(r.week) if r.week is not None else r.competency,
                     outcome_label(r),
                     "\n".join([", ".join(r.changes), *r.notes]) if not r.problems else " ".join(r.problems),
                     conflicts]
            for col, text in zip((0, 2, 3, 4, 5, 6), cells, strict=True):
                self.table.setItem(n, col, _item(text, text if col >= 3 else ""))
            box = _item("")
            if r.outcome == "conflict" and not r.settled:  # a week countersigned since stays as approved
                box.setFlags(box.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                box.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(n, self.TAKE, box)
        self.table.resizeColumnsToContents()
        take = self.table.horizontalHeaderItem(self.TAKE)
        if take is not None:  # a tick needs no more room than its title on two lines
            self.table.setColumnWidth(self.TAKE, title_floor(self.table.horizontalHeader().fontMetrics(), take.text()))
        # The columns of text share what is left of the dialog's width (their whole text in the tooltip), so that
        # none is out of sight at 1366×768.
        rest = self.width() - 60 - self.table.columnWidth(0) - self.table.columnWidth(self.TAKE)
        widest = max(120, min(self.COLUMN_WIDTH, rest // (self.table.columnCount() - 2)))
        for col in range(2, self.table.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), widest))
        _fit_titles(self.table)  # each title whole, on two lines where its column is narrow
        # Each row as tall as its text wrapped in those widths: a conflict's values (a rating's comment beside its
        # level) are read whole, not cut to the tooltip.
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()

    def run_import(self) -> None:
        try:
            self.done_report = self.db.import_weeks(self.path.text().strip(), take=self.taken(),
                                                    approved_by=self.approved_by())
        except (RuleViolation, OSError) as exc:
            _refusal(self, self.windowTitle(), exc)
            return
        QMessageBox.information(self, self.windowTitle(), self.done_report.summary())
        self.accept()


def export_for_instructor(parent: QWidget, db: Office) -> Any:
    dialog = ExportDialog(db, parent)
    dialog.open()
    return dialog


def take_back(parent: QWidget, db: Office) -> Any:
    dialog = ImportDialog(db, None, parent)
    dialog.open()
    return dialog

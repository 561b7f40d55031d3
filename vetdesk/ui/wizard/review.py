"""The end of the wizard: the review of every message about the agreement, saving the draft, and printing it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from vetdesk.domain.problems import Problem, RuleViolation, Severity
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.wizard.page import (
    REVIEW,
    AgreementSteps,
    StepPage,
    error_colour,
    problem_text,
)

#: A message's field (the page's editor the officer is sent to), beside its page id.
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1

#: A message about another record ("apprentice.nss", "company.legal_representative"): the record's kind and the
#: agreement's field that names it.
OTHER_RECORDS = {"apprentice": ("apprentices", "apprentice_id"), "company": ("companies", "company_id"),
                 "school": ("schools", "school_id"), "instructor": ("instructors", "instructor_id")}


def edit_record(parent: QWidget, db: Any, kind: str, record_id: int, field: str) -> bool:
    """Open the record in its form, in a dialog, with the cursor in ``field``: closed once saved (True) or when the
    officer closes it (False)."""
    from vetdesk.ui.lists import form_class_for

    form_class = form_class_for(kind)
    dialog = QDialog(parent)
    dialog.setWindowTitle(_(records.kind(kind).singular).capitalize())
    dialog.resize(900, 640)
    layout = QVBoxLayout(dialog)
    form = form_class(db, kind, record_id, dialog)
    layout.addWidget(form)
    form.saved.connect(lambda _id: dialog.accept())
    form.closeRequested.connect(dialog.reject)
    if field in form.editors:
        QTimer.singleShot(0, lambda: form.show_field(field))
    return dialog.exec() == QDialog.DialogCode.Accepted


class ReviewPage(StepPage):
    """Every message of the rules about the agreement; errors block saving, warnings need a tick."""

    def __init__(self, w: AgreementSteps) -> None:
        super().__init__(w)
        self.setTitle(_("Review"))
        self.setSubTitle(_("Check the agreement. Errors must be corrected on their page (double-click a "
                           "message to go there); warnings may be accepted."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Save as draft"))
        layout = QVBoxLayout(self)
        # The agreement on the left (it scrolls), its messages beside it with the page's whole height: under the
        # summary they had three lines on the wizard's 640 pixels, and what printing refuses was out of sight
        # (trial 24c).
        body = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        summary_scroll.setWidget(self.summary)
        body.addWidget(summary_scroll, 2)
        column = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        self.messages = QListWidget()
        self.messages.setWordWrap(True)
        self.messages.setAccessibleName(_("Messages about the agreement"))
        self.messages.itemActivated.connect(self._go)
        column.addWidget(self.messages, 1)
        body.addLayout(column, 3)
        layout.addLayout(body, 1)
        self.accept = QCheckBox(_("I have read the warnings and want to save the agreement as it is."))
        self.accept.toggled.connect(self.completeChanged)
        layout.addWidget(self.accept)
        self.problems: list[Problem] = []

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.problems = self.w.validate()
        self.summary.setText(self.w.summary_html())
        self.messages.clear()
        red = error_colour(self)
        errors = [p for p in self.problems if p.severity == Severity.ERROR]
        warnings = [p for p in self.problems if p.severity != Severity.ERROR]
        def listed(p: Problem) -> None:
            page = self.w.page_for(p.field)
            text = problem_text(p)
            if page != REVIEW:
                text += " " + _("(page “{page}”)").format(page=self.w.page(page).title())
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, page)
            item.setData(FIELD_ROLE, p.field)
            item.setToolTip(_("Double-click or press Enter to go to the page."))
            if p.severity == Severity.ERROR:
                item.setForeground(Qt.GlobalColor.red if red.startswith("#ff") else Qt.GlobalColor.darkRed)
            self.messages.addItem(item)

        for p in errors:
            listed(p)
        # What printing for signature would refuse (the contract, and who signs for the chamber: every refusal
        # printing gives): shown here, not blocking a draft, and before the warnings, so that it is not below
        # the fold (trial 24c: a second guardian's missing address was listed, out of sight).
        # Only what is said already is left out: a warning on the same field (the plan's weeks differ from the
        # term) does not hide the refusal printing would give (they differ by more than the tolerance).
        from vetdesk.domain.problems import not_said_yet
        from vetdesk.services.print_check import draft_print_problems

        before_print = not_said_yet(self.problems, draft_print_problems(self.db, self.w.agreement_values()))
        for p in before_print:
            page = self.w.page_for(p.field)
            item = QListWidgetItem(_("Before printing for signature: {message}").format(message=p.message))
            item.setData(Qt.ItemDataRole.UserRole, page)
            item.setData(FIELD_ROLE, p.field)
            item.setToolTip(_("The draft can be saved; printing it for signature is refused until this is "
                              "corrected. Double-click or press Enter to correct it."))
            self.messages.addItem(item)
        for p in warnings:
            listed(p)
        self.before_print = before_print
        if errors:
            self.heading.setText(_("Correct the errors before saving:"))
        elif before_print:  # saved as a draft, but not yet a contract to sign: said before "no errors" is read
            self.heading.setText(_("The draft can be saved, but it cannot be printed for signature until the "
                                   "lines \u201cBefore printing for signature\u201d are corrected:"))
        elif warnings:
            self.heading.setText(_("No errors. Read the warnings:"))
        else:
            self.heading.setText(_("No errors and no warnings: the agreement can be saved."))
        self.accept.setVisible(bool(warnings) and not errors)
        self.accept.setChecked(False)
        self.completeChanged.emit()

    def _go(self, item: QListWidgetItem) -> None:
        field = item.data(FIELD_ROLE) or ""
        prefix, _dot, name = field.partition(".")
        if name and prefix in OTHER_RECORDS:  # about another record: its form, then back here, checked again
            kind, reference = OTHER_RECORDS[prefix]
            record_id = self.w.agreement_values().get(reference)
            if record_id and edit_record(self, self.db, kind, int(record_id), name):
                self.refresh()
            return
        self.w.go_to(int(item.data(Qt.ItemDataRole.UserRole)), field=field or None)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != Severity.ERROR]

    def isComplete(self) -> bool:
        return not self.errors() and (not self.warnings() or self.accept.isChecked())

    def validatePage(self) -> bool:
        try:
            outcome = self.w.office().create("agreements", self.w.agreement_values(), accept_warnings=True,
                                             today=self.w.today)
        except RuleViolation:
            self.refresh()  # something changed meanwhile: show the new messages
            return False
        self.w.created(outcome.id, outcome.record)
        return True


class DonePage(StepPage):
    """The saved agreement: its status as stored now, and what comes next. Printing (here or anywhere else) is
    announced by the office; the page reads the agreement again, so after *Print now* it says *printed* and
    offers recording the signatures, not printing a draft."""

    def __init__(self, w: AgreementSteps) -> None:
        super().__init__(w)
        self.setTitle(_("Agreement saved"))
        self.setSubTitle(_("The draft is in the list of agreements."))
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setAccessibleName(_("Status"))
        bold = self.status.font()
        bold.setBold(True)
        self.status.setFont(bold)
        layout.addWidget(self.status)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.print_button = QPushButton(_("Print now…"))
        self.print_button.setToolTip(_("Preview and print the agreement for signing"))
        self.print_button.clicked.connect(self.w.print_now)
        self.signatures_button = QPushButton(_("Record signatures…"))
        self.signatures_button.setToolTip(_("Close the wizard and record the signatures in the agreement's form"))
        self.signatures_button.clicked.connect(self.w.record_signatures)
        for button in (self.signatures_button, self.print_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self._listening: Any = None

    def initializePage(self) -> None:
        if self._listening is None:
            from vetdesk.ui.changes import OfficeChanges

            self._listening = OfficeChanges(self.db, self)
            self._listening.changed.connect(self._office_changed)
            wizard = self.wizard()
            if wizard is not None:  # the wizard closed stays in memory: it listens no more
                wizard.finished.connect(lambda _result: self._listening.stop())
        self.refresh()

    def _office_changed(self, change_set: Any) -> None:
        if self.w.created_id is not None and self.w.created_id in change_set.ids("agreements"):
            self.refresh()

    def refresh(self) -> None:
        """Show the agreement's status as stored, with the step that comes next."""
        from vetdesk.domain.lifecycle import status_label
        from vetdesk.ui.formatting import format_date

        record = self.w.created_record or {}
        if self.w.created_id is not None:
            try:
                record = records.get(self.db, "agreements", self.w.created_id)
            except RuleViolation:  # deleted meanwhile (its creation undone): what was saved is all there is
                pass
        reference = record.get("reference", "")
        status = str(record.get("status") or "draft")
        self.status.setText(_("Status: {status}").format(status=status_label(status)))
        printed = status != "draft"
        self.signatures_button.setVisible(status == "printed")
        self.print_button.setText(_("Print again…") if printed else _("Print now…"))
        self.print_button.setDefault(not printed)
        self.signatures_button.setDefault(printed)
        if status == "draft":
            self.setTitle(_("Agreement saved"))
            self.setSubTitle(_("The draft is in the list of agreements."))
            self.text.setText(_("The agreement {reference} was saved as a draft. Print it for signing now, or "
                                "later from the list of agreements.").format(reference=reference))
        elif status == "printed":
            self.setTitle(_("Agreement printed"))
            self.setSubTitle(_("The agreement is out for signature."))
            self.text.setText(_("The agreement {reference} was printed for signature on {date}. When the parties "
                                "have signed, record their signatures: the agreement then counts as signed, and "
                                "starts once the apprentice begins training.").format(
                reference=reference, date=format_date(record.get("printed_on"))))
        else:
            self.setTitle(_("Agreement saved"))
            self.setSubTitle(_("The agreement is in the list of agreements."))
            self.text.setText(_("The agreement {reference} is {status}; its next steps are in its form.").format(
                reference=reference, status=status_label(status)))

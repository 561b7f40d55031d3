"""The end of the wizard: the review of every message about the agreement, saving the draft, and printing it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
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
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.messages = QListWidget()
        self.messages.setWordWrap(True)
        self.messages.setAccessibleName(_("Messages about the agreement"))
        self.messages.itemActivated.connect(self._go)
        layout.addWidget(self.messages, 1)
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
        for p in [*errors, *warnings]:
            page = self.w.page_for(p.field)
            text = problem_text(p)
            if page != REVIEW:
                text += " " + _("(page “{page}”)").format(page=self.w.page(page).title())
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, page)
            item.setToolTip(_("Double-click or press Enter to go to the page."))
            if p.severity == Severity.ERROR:
                item.setForeground(Qt.GlobalColor.red if red.startswith("#ff") else Qt.GlobalColor.darkRed)
            self.messages.addItem(item)
        # What printing for signature would refuse (domain.contract): shown here, not blocking a draft.
        from vetdesk.services.documents import contract_problems

        before_print = [p for p in contract_problems(self.db, self.w.agreement_values())
                        if p.field not in {q.field for q in self.problems}]
        for p in before_print:
            page = self.w.page_for(p.field)
            item = QListWidgetItem(_("Before printing for signature: {message}").format(message=p.message))
            item.setData(Qt.ItemDataRole.UserRole, page)
            item.setToolTip(_("The draft can be saved; printing it for signature is refused until this is "
                              "corrected."))
            self.messages.addItem(item)
        self.before_print = before_print
        if errors:
            self.heading.setText(_("Correct the errors before saving:"))
        elif warnings:
            self.heading.setText(_("No errors. Read the warnings:"))
        else:
            self.heading.setText(_("No errors and no warnings: the agreement can be saved."))
        self.accept.setVisible(bool(warnings) and not errors)
        self.accept.setChecked(False)
        self.completeChanged.emit()

    def _go(self, item: QListWidgetItem) -> None:
        self.w.go_to(int(item.data(Qt.ItemDataRole.UserRole)))

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != Severity.ERROR]

    def isComplete(self) -> bool:
        return not self.errors() and (not self.warnings() or self.accept.isChecked())

    def validatePage(self) -> bool:
        try:
            outcome = records.create(self.db, "agreements", self.w.agreement_values(), accept_warnings=True,
                                     actor=self.w.actor, today=self.w.today)
        except RuleViolation:
            self.refresh()  # something changed meanwhile: show the new messages
            return False
        self.w.created(outcome.id, outcome.record)
        return True


class DonePage(StepPage):
    def __init__(self, w: AgreementSteps) -> None:
        super().__init__(w)
        self.setTitle(_("Agreement saved"))
        self.setSubTitle(_("The draft is in the list of agreements."))
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.print_button = QPushButton(_("Print now…"))
        self.print_button.setToolTip(_("Preview and print the agreement for signing"))
        self.print_button.clicked.connect(self.w.print_now)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:
        record = self.w.created_record or {}
        self.text.setText(_("The agreement {reference} was saved as a draft. Print it for signing now, or "
                            "later from the list of agreements.").format(reference=record.get("reference", "")))

"""An exam and an exam result in the record form, with what an officer does with them: register apprentices
(each refused one shown with its admission messages), print the exam-day list; on a result, the grade and band
the points give, record a resit, print the result letter and the final certificate in the language chosen.

Every rule stays in the core (``services.exams``, the records' write path); this module only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vetdesk import i18n
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, ngettext, safe_file_name, translator
from vetdesk.services import exams, records
from vetdesk.services.office import Office
from vetdesk.ui.editors import Pick
from vetdesk.ui.formatting import format_date
from vetdesk.ui.forms import RecordForm

#: The languages a paper is printed in: code, and the language's own name.
DOCUMENT_LANGUAGES = (("es", "Español"), ("en", "English"), ("de", "Deutsch"), ("pt", "Português"))


def language_combo(parent: QWidget) -> QComboBox:
    """The document language, the window's own language chosen at first."""
    combo = QComboBox(parent)
    combo.setAccessibleName(_("Language of the printout"))
    for code, name in DOCUMENT_LANGUAGES:
        combo.addItem(name, code)
    running = next((c for c, loc in i18n.LANGUAGES.items() if loc == i18n.current().locale), "es")
    combo.setCurrentIndex(max(0, combo.findData(running)))
    return combo


def preview(parent: QWidget, busy: str, make: Callable[[], bytes], title: str, file_name: str) -> None:
    """Render a paper off the GUI thread and show it in the print preview (a refusal in a message)."""
    from vetdesk.ui.printing import PdfPreview, _failed
    from vetdesk.ui.tasks import run_with_progress

    def shown(pdf: bytes) -> None:
        PdfPreview(pdf, title, file_name, parent).exec()

    run_with_progress(parent, busy, lambda _p: make(), shown, lambda exc: _failed(parent, exc))


def _messages(exc: RuleViolation) -> str:
    return "\n".join(p.message for p in exc.problems)


class RegisterDialog(QDialog):
    """Tick the apprentices to register for an exam; the core admits each or says why not. The refused stay in
    the list with their messages, so the officer can settle what is missing and try again."""

    def __init__(self, db: Office, exam_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.exam_id = exam_id
        self.registered: dict[int, int] = {}
        self.setWindowTitle(_("Register apprentices"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        caption = QLabel(_("Apprentices of the exam's programme with an active or completed agreement. Tick those "
                           "to register; the admission checks run for each."), self)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.listing = QListWidget(self)
        self.listing.setAccessibleName(_("Apprentices"))
        self.listing.setWordWrap(True)
        self.listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        caption.setBuddy(self.listing)
        layout.addWidget(self.listing, 1)
        self.fee_paid = QCheckBox(_("Fee paid"), self)
        self.fee_paid.setToolTip(_("Record the exam fee as paid for each apprentice registered now"))
        layout.addWidget(self.fee_paid)
        self.outcome = QLabel(self)
        self.outcome.setAccessibleName(_("Registration result"))
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        layout.addWidget(self.outcome)
        buttons = QDialogButtonBox(self)
        self.register_button = QPushButton(_("&Register the ticked apprentices"), self)
        buttons.addButton(self.register_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.register_button.clicked.connect(self.register)
        buttons.addButton(QPushButton(_("Close"), self), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)
        self.refused: dict[int, exams.Refusal] = {}
        self.fill()

    def fill(self) -> None:
        self.listing.clear()
        for c in exams.candidates(self.db, self.exam_id):
            text = f"{c.full_name} · {c.reference} · {c.company}"
            refusal = self.refused.get(c.agreement_id)
            if refusal is not None:
                text += "\n    ✖ " + "\n    ✖ ".join(refusal.messages)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.agreement_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.listing.addItem(item)
        if not self.listing.count():
            self.listing.addItem(QListWidgetItem(_("No apprentice of this programme is left to register.")))
        self.register_button.setEnabled(bool(self.ticked()) or self.listing.count() > 0)

    def ticked(self) -> list[int]:
        out = []
        for i in range(self.listing.count()):
            item = self.listing.item(i)
            if item.checkState() == Qt.CheckState.Checked and item.data(Qt.ItemDataRole.UserRole) is not None:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def register(self) -> None:
        chosen = self.ticked()
        if not chosen:
            self.outcome.setText(_("Tick the apprentices to register first."))
            self.outcome.show()
            return
        try:
            done = self.db.register_for_exam(self.exam_id, chosen, fee_paid=self.fee_paid.isChecked())
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Register apprentices"), _messages(exc))
            return
        self.registered.update(done.registrations)
        self.refused = {r.agreement_id: r for r in done.refused}
        lines = [ngettext("{n} apprentice registered.", "{n} apprentices registered.",
                          len(done.registrations)).format(n=len(done.registrations))]
        for r in done.refused:
            lines.append(_("Not admitted: {name} ({reference})").format(name=r.full_name, reference=r.reference))
            lines += [f"  ✖ {m}" for m in r.messages]
        self.outcome.setText("\n".join(lines))
        self.outcome.show()
        self.fill()


class ExamForm(RecordForm):
    """An exam: its settings, and registering apprentices and printing the exam-day list."""

    def __init__(self, db: Office, kind: str = "exams", record_id: int | None = None,
                 parent: QWidget | None = None, *, initial: dict[str, Any] | None = None,
                 pick: Pick | None = None) -> None:
        super().__init__(db, kind, record_id, parent, initial=initial, pick=pick)
        box = QGroupBox(_("Candidates and papers"), self)
        grid = QGridLayout(box)
        self.register_button = QPushButton(_("Register apprentices…"), box)
        self.register_button.setToolTip(_("Register apprentices of the programme; each refused one is shown "
                                          "with the reason"))
        self.register_button.clicked.connect(self.register_apprentices)
        self.language = language_combo(box)
        self.day_button = QPushButton(_("Print the exam-day list…"), box)
        self.day_button.clicked.connect(self.print_day)
        from vetdesk.services import references

        self.day_button.setVisible(references.may(self.db, "print"))
        grid.addWidget(self.register_button, 0, 0)
        grid.addWidget(self.day_button, 0, 1)
        grid.addWidget(QLabel(_("Language of the printout"), box), 1, 0)
        grid.addWidget(self.language, 1, 1)
        self.papers_box = box
        self.extra_area.addWidget(box)
        self.register_button.setVisible(references.may_create(self.db, "exam_registrations"))
        self._refresh_papers()

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        if hasattr(self, "papers_box"):
            self._refresh_papers()

    def _refresh_papers(self) -> None:
        self.papers_box.setVisible(self.record_id is not None)

    def register_apprentices(self) -> RegisterDialog | None:
        if self.record_id is None:
            return None
        try:
            dialog = RegisterDialog(self.db, self.record_id, self)
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Register apprentices"), _messages(exc))
            return None
        dialog.exec()
        return dialog

    def print_day(self) -> None:
        from vetdesk.reports.exam_documents import exam_day_pdf

        if self.record_id is None:
            return
        exam_id, lang = self.record_id, self.language.currentData()
        preview(self, _("Preparing the exam-day list…"), lambda: exam_day_pdf(self.db, exam_id, lang=lang),
                _("Exam-day list"), safe_file_name(translator(lang).pgettext("file name", "exam-day-{number}.pdf")
                                                   .format(number=exam_id)))


class ResitDialog(QDialog):
    """Choose the later exam at which a failed attempt is resat."""

    def __init__(self, choices: list[exams.ExamChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record a resit"))
        layout = QVBoxLayout(self)
        caption = QLabel(_("The resit replaces the failed attempt in the results. Exam of the resit:"), self)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.exam = QComboBox(self)
        self.exam.setAccessibleName(_("Exam of the resit"))
        caption.setBuddy(self.exam)
        for c in choices:
            self.exam.addItem(f"{c.name} ({format_date(c.held_on)})", c.exam_id)
        layout.addWidget(self.exam)
        self.fee_paid = QCheckBox(_("Fee paid"), self)
        layout.addWidget(self.fee_paid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class RegistrationForm(RecordForm):
    """An exam result: the points per component, the grade and band they give, a resit, and the letter and
    certificate printed."""

    def __init__(self, db: Office, kind: str = "exam_registrations", record_id: int | None = None,
                 parent: QWidget | None = None, *, initial: dict[str, Any] | None = None,
                 pick: Pick | None = None) -> None:
        super().__init__(db, kind, record_id, parent, initial=initial, pick=pick)
        box = QGroupBox(_("Result"), self)
        grid = QGridLayout(box)
        self.result = QLabel(box)
        self.result.setAccessibleName(_("Result"))
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.result, 0, 0, 1, 2)
        self.resit_button = QPushButton(_("Record a resit…"), box)
        self.resit_button.setToolTip(_("Register the apprentice for a later exam; the resit replaces this failed "
                                       "attempt"))
        self.resit_button.clicked.connect(self.record_resit)
        self.letter_button = QPushButton(_("Print result letter…"), box)
        self.letter_button.clicked.connect(self.print_letter)
        self.certificate_button = QPushButton(_("Print final certificate…"), box)
        self.certificate_button.clicked.connect(self.print_certificate)
        self.language = language_combo(box)
        # Two columns at most: the record pane of a 1366x768 screen holds two buttons side by side, not three.
        grid.addWidget(self.letter_button, 1, 0)
        grid.addWidget(self.certificate_button, 1, 1)
        grid.addWidget(self.resit_button, 2, 0)
        grid.addWidget(QLabel(_("Language of the printout"), box), 3, 0)
        grid.addWidget(self.language, 3, 1)
        self.result_box = box
        self.extra_area.addWidget(box)
        from vetdesk.services import references

        #: What the signed-in user's role allows here (the core says).
        self._may_write = references.may_create(self.db, "exam_registrations")
        may_print = references.may(self.db, "print")
        self.resit_button.setVisible(self._may_write)
        for button in (self.letter_button, self.certificate_button):
            button.setVisible(may_print)
        self._refresh_result()

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        if hasattr(self, "result_box"):
            self._refresh_result()

    def _refresh_result(self) -> None:
        self.result_box.setVisible(self.record_id is not None)
        if self.record_id is None:
            return
        r = self.record
        t = i18n.current()
        if r.get("score") is None:
            self.result.setText(_("No result yet: type the points of each part of the exam and save."))
        else:
            verdict = _("passed") if r.get("passed") else _("not passed")
            self.result.setText(_("{score} points, grade {grade} ({band}): {verdict}").format(
                score=t.format_decimal(r["score"], "0.0"), grade=r["grade"], band=r["band"], verdict=verdict)
                + "".join(f"\n✖ {reason}" for reason in r.get("failed_because") or ()))
        self.resit_button.setEnabled(r.get("passed") is False)

    def record_resit(self) -> int | None:
        if self.record_id is None:
            return None
        try:
            choices = exams.resit_exams(self.db, self.record_id)
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Record a resit"), _messages(exc))
            return None
        if not choices:
            QMessageBox.information(self, _("Record a resit"), _(
                "There is no later exam of this programme and part. Create the exam of the resit first (Exams)."))
            return None
        dialog = ResitDialog(choices, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            new_id = self.db.record_resit(self.record_id, int(dialog.exam.currentData()),
                                          fee_paid=dialog.fee_paid.isChecked())
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Record a resit"), _messages(exc))
            return None
        self.openRecord.emit("exam_registrations", new_id)
        return new_id

    def print_letter(self) -> None:
        from vetdesk.reports.exam_documents import result_letter_pdf

        if self.record_id is None:
            return
        agreement_id, lang = int(self.record["agreement_id"]), self.language.currentData()
        preview(self, _("Preparing the result letter…"), lambda: result_letter_pdf(self.db, agreement_id, lang=lang),
                _("Result letter"), safe_file_name(translator(lang).pgettext("file name", "result-letter-{number}.pdf")
                                               .format(number=agreement_id)))

    def print_certificate(self) -> None:
        from vetdesk.reports.exam_documents import final_certificate_pdf

        if self.record_id is None:
            return
        agreement_id, lang = int(self.record["agreement_id"]), self.language.currentData()
        reference = records.get(self.db, "agreements", agreement_id).get("reference") or agreement_id
        preview(self, _("Preparing the final certificate…"),
                lambda: final_certificate_pdf(self.db, agreement_id, lang=lang), _("Final certificate"),
                safe_file_name(translator(lang).pgettext("file name", "final-certificate-{reference}.pdf")
                               .format(reference=reference)))

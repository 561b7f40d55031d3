"""The agreement wizard itself: its pages in order, what they share, and the way back to the review."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
    QWizard,
)

from vetdesk.domain import limits
from vetdesk.domain.problems import Problem
from vetdesk.i18n import _, ngettext
from vetdesk.services import lookups, records, references
from vetdesk.services.actors import SYSTEM
from vetdesk.services.office import Office
from vetdesk.ui.charts import number
from vetdesk.ui.formatting import format_date, format_value
from vetdesk.ui.wizard.apprentice import ApprenticePage, NewApprenticePage
from vetdesk.ui.wizard.page import (
    APPRENTICE,
    COMPANY,
    COVER,
    DONE,
    INSTRUCTOR,
    NEW_APPRENTICE,
    PROGRAMME,
    REVIEW,
    SCHOOL,
    TERMS,
    StepPage,
    field_label,
)
from vetdesk.ui.wizard.parties import CompanyPage, InstructorPage, ProgrammePage, SchoolPage
from vetdesk.ui.wizard.review import DonePage, ReviewPage
from vetdesk.ui.wizard.terms import CoverPage, TermsPage, stipend_words


def _completes(widget: QWidget | None) -> bool:
    """Whether ``widget`` is an editor that takes Enter as its own: a combo box (or its line: Enter confirms the
    choice typed, as "mad" picks "madre") or a line with a completer."""
    if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QComboBox):
        return True
    return isinstance(widget, QComboBox) or (isinstance(widget, QLineEdit) and widget.completer() is not None)


class AgreementWizard(QWizard):
    """Draw up a learning agreement step by step and save it as a draft."""

    agreementCreated = Signal(int)
    #: The officer asks to record the signatures of the agreement printed (the window opens its form for that).
    signaturesRequested = Signal(int)

    def __init__(self, db: Office, parent: QWidget | None = None, *, actor: Any = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor or SYSTEM
        self.today = today or date.today()
        self.created_id: int | None = None
        self.created_record: dict[str, Any] | None = None
        self.setWindowTitle(_("New learning agreement"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(1100, 640)  # a picker's name and details whole beside the guardian (cut at 920 px)
        self.apprentice_page = ApprenticePage(self)
        self.new_apprentice_page = NewApprenticePage(self)
        self.company_page = CompanyPage(self)
        self.instructor_page = InstructorPage(self)
        self.school_page = SchoolPage(self)
        self.programme_page = ProgrammePage(self)
        self.terms_page = TermsPage(self)
        self.cover_page = CoverPage(self)
        self.review_page = ReviewPage(self)
        self.done_page = DonePage(self)
        for page_id, page in ((APPRENTICE, self.apprentice_page), (NEW_APPRENTICE, self.new_apprentice_page),
                              (COMPANY, self.company_page), (INSTRUCTOR, self.instructor_page),
                              (SCHOOL, self.school_page), (PROGRAMME, self.programme_page),
                              (TERMS, self.terms_page), (COVER, self.cover_page), (REVIEW, self.review_page),
                              (DONE, self.done_page)):
            self.setPage(page_id, page)
        self.setStartId(APPRENTICE)
        # After the review sent the officer back to correct something, one click returns to it.
        self._reviewed = False
        self.setButtonText(QWizard.WizardButton.CustomButton1, _("Back to the review"))
        self.button(QWizard.WizardButton.CustomButton1).setToolTip(
            _("Go forward through the pages to the review, keeping everything entered"))
        self.button(QWizard.WizardButton.CustomButton1).clicked.connect(self.return_to_review)
        self.currentIdChanged.connect(self._page_changed)
        # The guardian note says whether the apprentice is a minor on the start date: the date as it is now, not
        # the one there when the apprentice was chosen (a start typed later left the old age in the note).
        self.terms_page.start.changed.connect(self.apprentice_page._update_age_note)
        # Cancel (and Esc) ask before what was typed is thrown away (:meth:`cancel`).
        self._as_opened: dict[int, Any] | None = None
        cancel = self.button(QWizard.WizardButton.CancelButton)
        cancel.clicked.disconnect()
        cancel.clicked.connect(self.cancel)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._as_opened is None:  # what the fields held when the officer began: nothing entered yet
            self._as_opened = self._entries()

    def _entries(self) -> dict[int, Any]:
        """What each field holds (a line's text, a box's choice, a tick), by the field."""
        out: dict[int, Any] = {}
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit) and not isinstance(widget.parentWidget(), QAbstractSpinBox):
                out[id(widget)] = widget.text()
            elif isinstance(widget, QComboBox) and not widget.isEditable():
                out[id(widget)] = widget.currentIndex()
            elif isinstance(widget, QAbstractSpinBox):
                out[id(widget)] = widget.text()
            elif isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
                out[id(widget)] = widget.toPlainText()
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                out[id(widget)] = widget.isChecked()
        return out

    def anything_entered(self) -> bool:
        """Whether the officer has entered or chosen anything since the wizard opened (moved past the first
        page, or changed a field)."""
        if self.created_id is not None:
            return False  # saved: nothing is lost
        if self.currentId() not in (self.startId(), -1) or self.visitedIds()[1:]:
            return True
        before = self._as_opened or {}
        return any(before.get(key, value) != value for key, value in self._entries().items())

    def cancel(self) -> bool:
        """Cancel or Esc: close, after asking when something was entered (it would be lost)."""
        if self.anything_entered() and QMessageBox.question(
                self, _("New learning agreement"),
                _("Discard the agreement being drawn up? What was entered in this wizard is not saved."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel) != QMessageBox.StandardButton.Discard:
            return False
        self.reject()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        """The title bar's close button is Cancel too: it asks before discarding what was entered."""
        if self.isVisible() and not self.cancel():
            event.ignore()
            return
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in an editable combo box or a field that completes as it is typed (the guardian's relation,
        "madre") takes the choice and stays: it is not the wizard's Next (it moved on and saved the apprentice).
        Esc is Cancel: it asks before discarding what was entered."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and _completes(QApplication.focusWidget()):
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    # -- what the pages share ---------------------------------------------------------------------------

    def office(self) -> Office:
        """The office the agreement is saved through: the window's, as the wizard's ``actor`` if one was named."""
        return self.db if self.actor is SYSTEM else self.db.as_user(self.actor)

    def data_pages(self) -> list[StepPage]:
        return [self.apprentice_page, self.company_page, self.instructor_page, self.school_page,
                self.programme_page, self.terms_page, self.cover_page]

    def apprentice(self) -> dict[str, Any] | None:
        return self.apprentice_page.apprentice()

    def apprentice_changed(self) -> None:
        self.apprentice_page._update_age_note()

    def company_id(self) -> int | None:
        return self.company_page.picker.chosen_id()

    def new_apprentice(self) -> dict[str, Any] | None:
        return self.new_apprentice_page.record

    def programme_months(self) -> int | None:
        return self.programme_page.months

    def start_date(self) -> date:
        return self.terms_page.start_date()

    def end_date(self) -> Any:
        """The end date as typed (a date, or text that is none yet)."""
        return self.terms_page.values()["end_date"]

    def agreement_values(self) -> dict[str, Any]:
        """The agreement as the pages have it now (empty values left out)."""
        values: dict[str, Any] = {}
        for page in self.data_pages():
            values |= page.values()
        return {k: v for k, v in values.items() if v not in (None, "")}

    def validate(self, *, provisional: bool = False) -> list[Problem]:
        """``records.validate`` on the agreement. ``provisional`` fills a programme not chosen yet with the
        first one, so that an earlier page sees the rules about its own fields (e.g. the instructor's)."""
        values = self.agreement_values()
        if provisional and "programme_id" not in values:
            first = lookups.choices(self.db, "programmes", limit=1)
            if not first:
                return []
            values["programme_id"] = first[0].id
        if provisional and ("apprentice_id" not in values or "company_id" not in values):
            return []
        problems = records.validate(self.db, "agreements", values, today=self.today)
        if provisional:
            # Only messages about what has been chosen so far are meaningful.
            shown = {f for page in self.data_pages()[: self._data_page_index() + 1] for f in page.FIELDS}
            problems = [p for p in problems if p.field in shown]
        return problems

    def _data_page_index(self) -> int:
        current = self.currentPage()
        pages = self.data_pages()
        return pages.index(current) if current in pages else len(pages) - 1

    def page_for(self, field: str) -> int:
        """The page where the officer changes ``field`` (the review page for anything else)."""
        if field in self.apprentice_page.FIELDS:
            return APPRENTICE
        for page_id in (COMPANY, INSTRUCTOR, SCHOOL, PROGRAMME, TERMS, COVER):
            page = self.page(page_id)
            if isinstance(page, StepPage) and field in page.FIELDS:
                return page_id
        return REVIEW

    def go_to(self, page_id: int, field: str | None = None) -> None:
        """Go back to ``page_id`` (a page already visited), keeping everything entered; the cursor in ``field``'s
        editor there (the one a message names)."""
        if page_id == APPRENTICE and self.apprentice_page.new.isChecked() and NEW_APPRENTICE in self.visitedIds():
            page_id = NEW_APPRENTICE
        if page_id not in self.visitedIds():
            return
        while self.currentId() != page_id:
            before = self.currentId()
            self.back()
            if self.currentId() == before:
                break
        page = self.currentPage()
        if isinstance(page, StepPage):
            page.show_problems(self.review_page.problems)
            if field:
                page.focus_field_soon(field)

    def _page_changed(self, page_id: int) -> None:
        if page_id == APPRENTICE:
            self.apprentice_page._update_age_note()
        if page_id == REVIEW:
            self._reviewed = True
        show = self._reviewed and page_id not in (REVIEW, DONE) and self.created_id is None
        self.setOption(QWizard.WizardOption.HaveCustomButton1, show)
        B = QWizard.WizardButton
        middle = [B.CustomButton1] if show else []
        self.setButtonLayout([B.Stretch, *middle, B.BackButton, B.NextButton, B.CommitButton, B.FinishButton,
                              B.CancelButton])

    def return_to_review(self) -> None:
        """Go forward to the review; stops at a page that is not complete or refuses its values."""
        while self.currentId() != REVIEW:
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break

    def summary_html(self) -> str:
        """What the printed agreement will say that the officer entered in the wizard, page by page: the parties,
        the programme and plan, the term and working time, the stipend, the insurance and the permit."""
        v = self.agreement_values()

        def name(kind: str, key: str) -> str:
            if not v.get(key):
                return "—"
            record = records.get(self.db, kind, v[key])
            return html.escape(str(record.get("name") or record.get("reference") or v[key]))

        def shown(key: str, kind: str = "text") -> str:
            """A value as the form shows it, or a dash for one not entered."""
            value = v.get(key)
            if value in (None, ""):
                return "—"
            return html.escape(format_value(kind, value) or str(value))

        def day(key: str) -> str:
            """A date as the forms write it; text that is none yet as typed (the pages refuse it on Next)."""
            value = v.get(key)
            if isinstance(value, date):
                return format_date(value)
            return html.escape(str(value)) if value not in (None, "") else "—"

        def months(key: str) -> str:
            n = v.get(key)
            return ngettext("{n} month", "{n} months", n).format(n=n) if n else "—"

        rows = [(_("Apprentice"), name("apprentices", "apprentice_id")), *self._guardian_rows(),
                (_("Company"), name("companies", "company_id")), (_("Instructor"), name("instructors",
                                                                                     "instructor_id")),
                (_("School"), name("schools", "school_id")), (_("Academic tutor"), name("tutors", "tutor_id")),
                (_("Programme"), name("programmes", "programme_id")),
                (_("Rotation plan"), self.plan_html(v.get("rotation_plan_id"))),
                (_("Dates"), f"{day('start_date')} – {day('end_date')}"),
                (_("Probation period"), months("probation_months")),
                (field_label("weekly_pattern"), shown("weekly_pattern", "choice:weekly_pattern")),
                (field_label("company_days"), shown("company_days", "int")),
                (field_label("school_days"), shown("school_days", "int")),
                (_("Years in the company"), str(v.get("modality_years") or "—")),
                (_("Daily hours"), number(v["daily_hours"]) if v.get("daily_hours") else "—"),
                (field_label("training_site"), shown("training_site")),
                (field_label("holiday_days"), shown("holiday_days", "int")),
                (_("Overtime compensation"), shown("overtime_compensation", "choice:overtime_compensation")),
                (field_label("training_record_form"), shown("training_record_form", "choice:training_record_form")),
                (_("Stipend"), stipend_words(v)),
                (field_label("stipend_payer"), shown("stipend_payer", "choice:stipend_payer")),
                (field_label("insurance_insurer"), shown("insurance_insurer")),
                (_("Accident-insurance policy"), shown("insurance_policy")),
                (_("Insurance expiry"), shown("insurance_expiry", "date"))]
        if v.get("stps_permit_number") or v.get("stps_permit_date"):  # a minor's work permit, once entered
            rows += [(field_label("stps_permit_number"), shown("stps_permit_number")),
                     (field_label("stps_permit_date"), shown("stps_permit_date", "date"))]
        # where the contract says it is signed and whose courts it names: the place that will print (the office's
        # place of signing when none is typed, as domain.signing_place has it), not a blank
        from vetdesk.services.documents import place_of_signing

        place = place_of_signing(self.db, typed=v.get("place_of_signing"), company_id=v.get("company_id"))
        rows.append((field_label("place_of_signing"), html.escape(place) if place else "—"))
        cells = "".join(f"<tr><td><b>{label}</b></td><td>{value}</td></tr>" for label, value in rows)
        return f"<table cellspacing='2'>{cells}</table>"

    def _guardian_rows(self) -> list[tuple[str, str]]:
        """A minor's guardians as the agreement names them (recorded on the apprentice page): the first, and the
        second when one is recorded (the contract names both); else nothing."""
        record = self.apprentice()
        if not record or not record.get("birth_date") or not limits.minor_on_start(record["birth_date"],
                                                                                 self.start_date()):
            return []
        rows = []
        for prefix, label in (("guardian_", _("Parent or legal guardian")),
                              ("guardian2_", _("Second parent or guardian"))):
            named = str(record.get(prefix + "name") or "").strip()
            if not named and prefix == "guardian2_":
                continue
            relation = format_value(f"choice:{prefix}relation", record.get(prefix + "relation"))
            named = named or "—"
            rows.append((label, html.escape(f"{named} ({relation})" if relation else named)))
        return rows

    def plan_html(self, plan_id: int | None) -> str:
        """The chosen rotation plan as the annex will list it: its name, then each position with its weeks."""
        if not plan_id:
            return "—"
        plan = records.get(self.db, "rotation_plans", plan_id)
        steps = plan.get("steps") or []
        names = references.display_names(self.db, "positions", [s["position_id"] for s in steps])
        lines = [ngettext("{position}: {n} week", "{position}: {n} weeks", s["weeks"]).format(
            position=html.escape(names.get(s["position_id"], f"#{s['position_id']}")), n=s["weeks"])
            for s in steps]
        head = html.escape(str(plan.get("name") or ""))
        total = ngettext("{n} week in all", "{n} weeks in all", sum(s["weeks"] for s in steps)).format(
            n=sum(s["weeks"] for s in steps))
        return f"{head} ({total})<ol style='margin:0'>" + "".join(f"<li>{line}</li>" for line in lines) + "</ol>"

    # -- the end ----------------------------------------------------------------------------------------

    def created(self, agreement_id: int, record: dict[str, Any]) -> None:
        self.created_id = agreement_id
        self.created_record = record
        self.agreementCreated.emit(agreement_id)


    def print_now(self) -> None:
        from vetdesk.ui import printing

        if self.created_id is not None:
            # the warnings were read and accepted on the review page, just before the agreement was saved
            printing.print_agreement(self, self.db, self.created_id, warnings_read=True)

    def record_signatures(self) -> None:
        """Close the wizard; the window opens the agreement's form and its *Record signatures* dialog."""
        if self.created_id is not None:
            self.accept()
            self.signaturesRequested.emit(self.created_id)

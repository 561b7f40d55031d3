"""What a new user's trial of the window found (issue 21, items 3, 4, 6, 7 and 10), each step driven as a person
drives the window: typed, clicked and answered, asserted on screen and in the database. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
    QWizard,
)

from tests import factories as f
from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import open_wizard, walk_to_terms
from vetdesk.domain import contract, rules
from vetdesk.domain.permissions import ROLE_LABELS, Role
from vetdesk.i18n import _, upper_first
from vetdesk.services import records, users
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.printing import PdfPreview


def test_an_instructor_account_names_its_instructor_never_a_preset_one(qtbot, window: MainWindow, sqlite_db,  # type: ignore[no-untyped-def]
                                                                         language: str) -> None:
    """Users › Add user, role Instructor: the instructor picker starts empty (the first of 26,361 instructors was
    preset: an administrator who did not notice tied the login to a stranger's apprentices) and is required."""
    f.make_instructor(sqlite_db, name="Aarón Aguilar García")
    chosen = f.make_instructor(sqlite_db, name="Rosa Villanueva")
    person = Person(qtbot, window, f"trial21-add-instructor-{language}")
    seen: dict[str, Any] = {}

    def add(dialog: QWidget) -> None:
        person.type(_("User name"), "rosa", dialog)
        person.type(_("Full name"), "Rosa Villanueva", dialog)
        person.choose(_("Role"), upper_first(_(ROLE_LABELS[Role.INSTRUCTOR])), dialog)
        combo = person.find(_("Instructor"), QComboBox, dialog)
        seen["start"] = (combo.currentIndex(), combo.currentText())
        person.type(_("Password"), "Lehrling-2026!", dialog)
        person.type(_("Repeat the password"), "Lehrling-2026!", dialog)
        person.shot("empty-instructor", dialog)
        person.click(_("Add user"), dialog)
        qtbot.wait(100)
        messages = [w.text() for w in dialog.findChildren(QLabel) if w.accessibleName() == _("Message")
                    and w.isVisible() and w.text()]
        seen["refusal"] = messages
        seen["accounts"] = [u.username for u in users.list_users(sqlite_db)]
        person.shot("instructor-required", dialog)
        person.type(_("Search instructors"), "Villanueva", dialog)
        person.choose(_("Instructor"), "Rosa Villanueva", dialog)
        person.click(_("Add user"), dialog)

    def users_dialog(dialog: QWidget) -> None:
        person.when_dialog(add, title=_("Add a user"))
        person.click(_("&Add user…"), dialog)
        qtbot.waitUntil(lambda: "rosa" in dialog.usernames(), timeout=5000)  # type: ignore[attr-defined]
        person.shot("users", dialog)
        dialog.accept()  # type: ignore[attr-defined]

    answered = person.when_dialog(users_dialog, title=_("Users"))
    person.menu(_("&Tools"), _("&Users…"))
    qtbot.waitUntil(lambda: len(answered) == 1, timeout=15000)
    assert seen["start"] == (-1, ""), seen["start"]
    assert any(_("Instructor") in m for m in seen["refusal"]), seen["refusal"]
    assert "rosa" not in seen["accounts"]  # refused: nothing written
    account = next(u for u in users.list_users(sqlite_db) if u.username == "rosa")
    assert (account.role, account.instructor_id) == ("instructor", chosen)


def test_an_agreement_drawn_up_in_the_wizard_prints_straight_away(qtbot, window: MainWindow, language: str,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path, monkeypatch) -> None:
    """The wizard's defaults are ones the print rules accept: the probation proposed is § 20 BBiG's shortest (it
    proposed "none", which printing refuses), and the stipend is empty with a hint in words (a grey "4500.00" was
    read as entered). Filled as a person fills it, *Print now…* prints; left without a stipend, printing is
    refused naming the stipend only."""
    db = window.db
    ids = plan_scenario._set_up(db)
    # The office's records complete, as printing needs them: the school's address, a plan that fills the term.
    records.update(db, "schools", ids["school"], {"address": "Av. Tecnológico 100, 76000 Querétaro, Qro."})
    steps = [{**step, "weeks": 50} for step in records.get(db, "rotation_plans", ids["plan"])["steps"]]
    records.update(db, "rotation_plans", ids["plan"], {"steps": steps}, accept_warnings=True)
    person = Person(qtbot, window, f"trial21-wizard-prints-{language}")
    target = tmp_path / "convenio.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    probation = person.find(_("Probation (months)"), QLineEdit, wizard)  # the record form's editor of the field
    assert probation.text() == str(contract.PROBATION_MONTHS[0])
    person.choose(_("Training record kept"), _("on paper"), wizard)
    person.shot("terms", wizard)
    plan_scenario._next(person, wizard)
    stipend = person.find(_("Stipend"), QLineEdit, wizard)
    assert stipend.text() == "" and not any(ch.isdigit() for ch in stipend.placeholderText())
    person.shot("stipend-hint", wizard)
    person.type(_("Accident-insurance policy"), "POL-2026-7", wizard)
    person.type(_("Insurer"), "Seguros Atlas", wizard)
    person.type_date(_("Insurance expiry"), wizard.end_date() + timedelta(days=60), wizard)
    person.type(_("Stipend"), "4500", wizard)
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    if review.accept.isVisibleTo(wizard) and review.accept.isEnabled():  # warnings read: accept them
        QTest.mouseClick(review.accept, Qt.MouseButton.LeftButton, pos=QPoint(8, review.accept.height() // 2))
    with qtbot.waitSignal(wizard.agreementCreated, timeout=10000) as created:
        QTest.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    agreement = created.args[0]
    person.shot("saved", wizard)
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: refusals.append(text))
    asked: list[str] = []  # warnings read at the review are asked again before the draft goes out: accepted

    def accept(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", accept)
    printed = person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview,
                                 wait_ms=90000)
    person.click(_("Print now…"), wizard)
    qtbot.waitUntil(lambda: bool(printed) or bool(refusals), timeout=90000)
    assert refusals == [], refusals[0] if refusals else ""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=10000)
    saved = QApplication.activeModalWidget()
    assert saved.windowTitle() == _("File saved")
    person.press(saved, QMessageBox.StandardButton.Close)
    assert records.get(db, "agreements", agreement)["status"] == "printed"
    assert target.exists()
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_a_two_line_message_at_a_field_is_shown_whole(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    """A new apprentice with only the given names typed, saved: the birth date's message ("✖ Fecha de nacimiento
    es obligatorio: llénelo." with its second line cut through the middle) is whole, and worded so that Spanish
    need not agree with the field's gender."""
    from tests.scenarios.test_office_setup import _new
    from tests.ui.test_clipping import cut_texts

    person = Person(qtbot, window, f"trial21-required-message-{language}")
    person.nav(_("Apprentices"))
    form = _new(person, "apprentices")
    window.resize(1366, 768)
    person.type(_("Given names"), "Pedro", form)
    person.click(_("&Save"), form)
    message = form.messages["birth_date"]
    qtbot.waitUntil(message.isVisible, timeout=5000)
    qtbot.wait(100)
    person.shot("required")
    label = records.kind("apprentices").field("birth_date").title()  # type: ignore[union-attr]
    assert rules.required("birth_date", label).message in form.problem_text("birth_date")
    if language == "es":
        assert "Fecha de nacimiento: este dato es obligatorio" in form.problem_text("birth_date")
    # as tall as its lines at its width, and inside the row the form gives it (not cut off below)
    lines = QLabel(message.text())
    lines.setWordWrap(True)
    lines.setFont(message.font())
    needed = lines.heightForWidth(message.width())
    cell = message.parentWidget()
    assert message.height() >= needed and message.geometry().bottom() < cell.height(), (
        message.height(), needed, message.geometry(), cell.height())
    cut = [line for line in cut_texts(form) if "obligatori" in line or "required" in line]
    assert cut == [], cut


def test_enter_in_a_pickers_search_chooses_the_one_row_left(qtbot, window: MainWindow, sqlite_db,  # type: ignore[no-untyped-def]
                                                            language: str) -> None:
    """A new assessment's agreement: the officer types the reference in the picker's search and presses Enter
    (it did nothing: the arrow down into the list was needed); the one agreement found is chosen, and the form
    shows its reference without the row id "(#45)"."""
    from tests.scenarios.test_office_setup import _new
    from vetdesk.ui.lists import PickerDialog

    f.make_agreement(sqlite_db)
    agreement = f.make_agreement(sqlite_db)
    reference = records.get(sqlite_db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"trial21-picker-enter-{language}")
    person.nav(_("Assessments"))
    form = _new(person, "assessments")

    def pick(picker: QWidget) -> None:
        page = picker.page  # type: ignore[attr-defined]
        # What a person waits for before typing (however slow the machine): the picker shown, its list read.
        qtbot.waitExposed(picker)
        qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 2, timeout=20000)
        person.type(_("Search"), reference, picker)
        person.shot("picker", picker)
        person.key(Qt.Key.Key_Return, widget=page.search)  # at once: Enter searches now, then chooses the one row

    chosen = person.when_dialog(pick, of=PickerDialog)
    person.click(_("Choose {field}").format(field=_("Agreement")), form)
    qtbot.waitUntil(lambda: form.editors["agreement_id"].value() == agreement, timeout=20000)
    assert chosen
    person.shot("chosen")
    shown = person.find(_("Agreement"), QLineEdit, form).text()
    assert shown.startswith(reference + " · "), shown  # with its apprentice and company (ui21c)


def test_a_printed_agreement_goes_back_to_draft_only_when_the_officer_says_so(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                              sqlite_db, language: str) -> None:
    """*Back to draft* on a printed agreement happened without asking: it asks, No keeps it printed."""
    agreement = f.make_agreement(sqlite_db)
    records.update(sqlite_db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    reference = records.get(sqlite_db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"trial21-back-to-draft-{language}")
    form = person.open_found(_("Agreements"), reference, agreement)  # one agreement found: Enter opens it
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> Any:
        def act(box: QWidget) -> None:
            asked.append(box.text())  # type: ignore[attr-defined]
            person.shot("asked", box)
            person.press(box, button)
        return act

    person.when_dialog(answer(QMessageBox.StandardButton.No), of=QMessageBox, title=_("Back to draft"))
    person.click(_("Back to draft"), form)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    qtbot.wait(100)
    assert reference in asked[0]
    assert records.get(sqlite_db, "agreements", agreement)["status"] == "printed"
    person.when_dialog(answer(QMessageBox.StandardButton.Yes), of=QMessageBox, title=_("Back to draft"))
    person.click(_("Back to draft"), form)
    qtbot.waitUntil(lambda: records.get(sqlite_db, "agreements", agreement)["status"] == "draft", timeout=5000)
    assert len(asked) == 2


def test_starting_empty_opens_the_first_step(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    """*Start empty* on the welcome page landed on an empty dashboard with nothing to do: it opens the first
    step's form, and the status bar says what follows. Trial 24c: the path named only the company, the school and
    the apprentice, and the first agreement met no programme and no rotation plan: it says the whole order an
    agreement needs, and the first step is the programme."""
    from PySide6.QtWidgets import QCommandLinkButton

    person = Person(qtbot, window, f"trial21-start-empty-{language}")
    person.type(_("Chamber name"), "Cámara Mexicano-Alemana de Comercio e Industria (CAMEXA)")
    person.click(_("Save and continue"))
    qtbot.waitUntil(lambda: window.stack.currentWidget().step == 2, timeout=3000)
    empty = person.find(_("Start empty"), QCommandLinkButton)
    assert empty.description() == _(
        "Enter your records by hand, in the order an agreement needs them: programme (with its competencies) → "
        "company (with its learning positions and rotation plan) → school → instructor → apprentice → the learning "
        "agreement, drawn up with Records › New learning agreement."), empty.description()
    person.shot("start-step")
    person.click(_("Start empty"))
    qtbot.waitUntil(lambda: window.current_list() is not None and window.current_list().form is not None,
                    timeout=5000)
    page = window.current_list()
    person.shot("first-step")
    assert page.kind == "programmes" and page.form.record_id is None and page.form.isVisible()
    assert window.statusBar().currentMessage() == _(
        "First the programme with its competencies, then the company with its learning positions and rotation "
        "plan, the school, the instructor and the apprentice; the agreement wizard brings them together.")
    assert person.find_nav().currentItem().text() == _("Programmes")


def test_after_ctrl_z_the_record_brought_back_is_selected(qtbot, window: MainWindow, sqlite_db,  # type: ignore[no-untyped-def]
                                                          language: str) -> None:
    """A company deleted by mistake and brought back with Ctrl+Z: the list showed its top; the company is
    selected and in sight."""
    for n in range(40):
        f.make_company(sqlite_db, name=f"Aceros {n:02d}")
    mistake = f.make_company(sqlite_db, name="Zapatos del Centro")
    f.make_company(sqlite_db, name="Zinc y Metales")
    person = Person(qtbot, window, f"trial21-undo-selects-{language}")
    person.nav(_("Companies"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 42, timeout=10000)
    window.open_record("companies", mistake)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == mistake, timeout=5000)
    person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                       title=_("Delete"))
    person.click(page.form.delete_button.text(), page.form)
    qtbot.waitUntil(lambda: not any(r["id"] == mistake for r in records.list_records(sqlite_db, "companies")),
                    timeout=5000)
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 41, timeout=10000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    page.table.scrollToTop()
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(page.model.index(0, 0)).center())  # a person clicks the list first
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=page.table)
    qtbot.waitUntil(lambda: page.model.rowCount() == 42, timeout=10000)
    qtbot.waitUntil(lambda: page.current_id() == mistake, timeout=5000)
    person.shot("undone")
    row = page.model.row_of(mistake)
    assert row is not None and page.table.viewport().rect().intersects(page.table.visualRect(
        page.model.index(row, 0)))


def test_undoing_a_record_just_created_closes_its_form_instead_of_failing(qtbot, window: MainWindow, sqlite_db,  # type: ignore[no-untyped-def]
                                                                       language: str) -> None:
    """A company typed in, saved, then Edit › Undo: the window raised an internal error, the form kept showing
    the company that was no more, and what was typed next was lost on Save ("No existe registro…"). The form
    closes and the status bar says why."""
    from tests.factories import company_rfc
    from tests.scenarios.test_office_setup import _new, _save_form

    person = Person(qtbot, window, f"retrial21-undo-create-{language}")
    person.nav(_("Companies"))
    form = _new(person, "companies")
    person.type(_("Company name"), "Troqueles del Pacífico", form)
    person.type(_("RFC (tax ID)"), company_rfc(7), form)
    person.type(_("Legal representative"), "Rosa Méndez Luna", form)
    person.type(_("Address"), "Calle Juárez 12, 44100 Guadalajara, Jal.", form)
    _save_form(person)
    page = window.current_list()
    created = page.form.record_id
    assert records.get(sqlite_db, "companies", created)["name"] == "Troqueles del Pacífico"
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=page.table)
    qtbot.waitUntil(lambda: not any(r["id"] == created for r in records.list_records(sqlite_db, "companies")),
                    timeout=5000)
    qtbot.waitUntil(lambda: page.form is None, timeout=5000)  # no form left whose save could only fail
    person.shot("undone")
    assert window.statusBar().currentMessage() == _(
        "The record that was open no longer exists (deleted, or its creation undone).")

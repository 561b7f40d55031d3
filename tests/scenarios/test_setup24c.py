"""What a new user's first hour on an empty database met on the way to *Print for signature* (trial 24c), each
step driven as a person drives the window: typed, clicked and answered, asserted on screen and in the database.
Screenshots go to ``screenshots/scenarios/setup24c/``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from tests import factories as f
from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import ahk_office, open_wizard
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.services.settings import save_office_settings
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.wizard.page import APPRENTICE, field_label
from vetdesk.ui.wizard.review import FIELD_ROLE


def _plain(rich: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", rich).replace("&nbsp;", " ")


def test_the_wizard_shows_both_guardians_and_its_review_lists_every_refusal_of_printing(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A minor with two guardians, the second without address and identity document, and nobody named to sign
    for the chamber: the wizard's guardian page showed the first guardian only, and its review listed neither
    what printing refuses for the second guardian within sight nor the missing chamber signatory, which printing
    then refused. The page shows the second guardian's fields too (what is typed there is recorded on the
    apprentice); the review names both guardians and lists, above the warnings, every refusal printing gives."""
    db = window.db
    ids = ahk_office(db)
    save_office_settings(db, {"chamber_signatory": "", "chamber_signatory_title": ""})
    minor = f.make_apprentice(db, birth_date=f.minor_birth_date(16), first_surname="Zamora", school_id=ids["school"],
                              guardian2_name="Pedro Zamora Ruiz", guardian2_relation="father")
    person = Person(qtbot, window, f"setup24c/guardians-{language}")
    wizard = open_wizard(person)
    plan_scenario._pick(person, wizard, _("Apprentices"), "Zamora")
    qtbot.waitUntil(lambda: wizard.apprentice_page.apprentice() is not None, timeout=5000)
    second = person.find(field_label("guardian2_name"), QLineEdit, wizard)
    assert second.text() == "Pedro Zamora Ruiz"
    person.shot("guardians", wizard)
    plan_scenario._next(person, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() != 0, timeout=5000)
    walk_to_terms_from_company(person, wizard, ids)
    plan_scenario._next(person, wizard)  # the terms, as proposed
    plan_scenario._next(person, wizard)  # the stipend and insurance, left for later
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    person.shot("review", wizard)
    summary = _plain(review.summary.text())
    assert f"{_('Second parent or guardian')} Pedro Zamora Ruiz ({_('father')})" in " ".join(summary.split()), summary
    shown = [review.messages.item(i).text() for i in range(review.messages.count())]
    before = [t for t in shown if t.startswith(_("Before printing for signature: {message}").format(message=""))]
    for field in ("guardian2_address", "guardian2_id_document"):
        assert any(p.field == field for p in review.before_print), [p.field for p in review.before_print]
    assert any("Pedro Zamora Ruiz" in t for t in before), shown
    assert any(p.code == "print.chamber_signatory" for p in review.before_print), shown
    warnings = [i for i, t in enumerate(shown) if t.startswith(_("Warning"))]
    assert warnings and min(warnings) > max(shown.index(t) for t in before), shown  # refusals first, in sight
    # Typed on the guardian page, the second guardian's address and document are recorded on the apprentice, and
    # the review no longer lists them.
    item = next(review.messages.item(i) for i in range(review.messages.count())
                if review.messages.item(i).data(FIELD_ROLE) == "guardian2_address")
    review.messages.scrollToItem(item)
    point = review.messages.visualItemRect(item).center()
    QTest.mouseClick(review.messages.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QTest.mouseDClick(review.messages.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: wizard.currentId() == APPRENTICE, timeout=5000)
    person.type(field_label("guardian2_address"), "Calle Hidalgo 5, Col. Centro, 76000 Querétaro, Qro.", wizard)
    person.type(field_label("guardian2_id_document"), "INE 1122334455", wizard)
    person.click(_("Back to the review"), wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    stored = records.get(db, "apprentices", minor)
    assert (stored["guardian2_address"], stored["guardian2_id_document"]) == (
        "Calle Hidalgo 5, Col. Centro, 76000 Querétaro, Qro.", "INE 1122334455")
    assert not any(p.field.startswith("guardian2_") for p in review.before_print), review.before_print
    wizard.reject()  # done with it: discarded without the question a person is asked


def walk_to_terms_from_company(person: Person, wizard, ids) -> None:  # type: ignore[no-untyped-def]
    qtbot = person.qtbot
    plan_scenario._pick(person, wizard, _("Companies"), "Frenos")
    qtbot.waitUntil(lambda: wizard.company_id() == ids["company"], timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Instructors"), "Herrera")
    plan_scenario._next(person, wizard)  # the school: the apprentice's
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Programmes"), "Mecatr")
    qtbot.waitUntil(lambda: wizard.programme_page.plan.currentData() == ids["plan"], timeout=5000)
    plan_scenario._next(person, wizard)


def _save_in_dialog(person: Person, dialog, *, warnings: bool) -> None:  # type: ignore[no-untyped-def]
    """Click Save on the form of a dialog; its warnings (a plan that does not teach every competency) read and
    saved all the same."""
    from PySide6.QtWidgets import QMessageBox

    answered = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Save), of=QMessageBox,
                                  title=_("Save despite warnings?"), wait_ms=3000)
    person.click(_("&Save"), dialog)
    person.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    answered.stop()
    assert bool(answered) == warnings, answered


def test_the_programme_page_offers_what_the_company_misses_for_the_plan_and_picks_it_up(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """An office's first agreement: the company has no learning positions and no rotation plan. The programme page
    said "(the company has no plan for this programme)" and nothing more; printing then refused the agreement.
    The page says what is missing and where it is made, and makes it: a learning position, then the plan for this
    company and programme, each in its form over the wizard; the plan made is chosen."""
    from PySide6.QtWidgets import QComboBox, QDialog, QLabel

    db = window.db
    company = f.make_company(db, name="Frenos del Bajío")
    school = f.make_school(db, name="CONALEP Querétaro II")
    f.make_collaboration(db, school_id=school, company_id=company)
    programme = f.make_programme(db, code="MECA", name="Mecatrónica", duration_months=12)
    records.create(db, "competencies", {"programme_id": programme, "code": "MEC-1", "title": "Competencia 1"})
    f.make_instructor(db, company_id=company, name="Ing. Luis Herrera")
    f.make_apprentice(db, school_id=school, first_surname="Quintero")
    person = Person(qtbot, window, f"setup24c/plan-{language}")
    wizard = open_wizard(person)
    plan_scenario._pick(person, wizard, _("Apprentices"), "Quintero")
    qtbot.waitUntil(lambda: wizard.apprentice_page.apprentice() is not None, timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Companies"), "Frenos")
    qtbot.waitUntil(lambda: wizard.company_id() == company, timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Instructors"), "Herrera")
    plan_scenario._next(person, wizard)
    plan_scenario._next(person, wizard)  # the school: the apprentice's
    plan_scenario._pick(person, wizard, _("Programmes"), "Mecatr")
    qtbot.waitUntil(lambda: wizard.programme_page.picker.chosen_id() == programme, timeout=5000)
    note = person.find(_("What is missing"), QLabel, wizard)
    assert "Frenos del Bajío" in note.text() and _("New learning position") in note.text(), note.text()
    person.shot("no-positions", wizard)

    def position(dialog: QDialog) -> None:
        person.type(_("Learning position"), "Almacén", dialog)
        person.tick(_("Competencies learned here"), "MEC-1", dialog)
        person.shot("position", dialog)
        _save_in_dialog(person, dialog, warnings=False)

    made = person.when_dialog(position, of=QDialog, title=_(records.kind("positions").singular).capitalize())
    person.click(_("New learning position…"), wizard)
    qtbot.waitUntil(lambda: bool(made) and records.count_records(db, "positions") == 1, timeout=10000)
    qtbot.waitUntil(lambda: _("New rotation plan") in note.text(), timeout=5000)
    person.shot("no-plan", wizard)

    def plan(dialog: QDialog) -> None:
        assert person.find(_("Company"), QComboBox, dialog).currentText().startswith("Frenos del Bajío")
        assert person.find(_("Programme"), QComboBox, dialog).currentText().startswith("Mecatr")
        person.type(_("Plan name"), "Plan MECA", dialog)
        person.choose(_("Learning position to add"), "Almacén", dialog)
        person.type(_("Weeks at the position"), "50", dialog)
        person.click(_("Add to the plan"), dialog)
        person.shot("plan", dialog)
        _save_in_dialog(person, dialog, warnings=False)

    made = person.when_dialog(plan, of=QDialog, title=_(records.kind("rotation_plans").singular).capitalize())
    person.click(_("Create a rotation plan for this company…"), wizard)
    qtbot.waitUntil(lambda: bool(made) and records.count_records(db, "rotation_plans") == 1, timeout=10000)
    created = records.list_ids(db, "rotation_plans", records.ListQuery())[0]
    qtbot.waitUntil(lambda: wizard.programme_page.plan.currentData() == created, timeout=5000)
    assert not note.isVisible()
    person.shot("plan-chosen", wizard)
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_the_stipend_hint_is_read_whole_and_the_review_s_messages_have_the_page_s_height(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """At the wizard's own size (1100×640 on the officer's 1366×768 screen): the stipend's hint read "Monto por
    period…", and the review's messages sat in a box of three lines under the summary. The hint is whole; the
    messages have the page's height beside the summary."""
    from tests.scenarios.test_new_user_retrial import walk_to_terms

    db = window.db
    ids = ahk_office(db)
    person = Person(qtbot, window, f"setup24c/wizard-size-{language}")
    wizard = open_wizard(person)
    wizard.resize(1100, 640)  # as the wizard opens itself
    walk_to_terms(person, wizard, ids)
    plan_scenario._next(person, wizard)
    amount = person.find(_("Stipend"), QLineEdit, wizard)
    person.shot("cover", wizard)
    hint = amount.placeholderText()
    assert amount.contentsRect().width() - 8 >= amount.fontMetrics().horizontalAdvance(hint), (
        amount.width(), amount.fontMetrics().horizontalAdvance(hint))
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    qtbot.wait(100)
    person.shot("review", wizard)
    assert review.messages.height() >= review.height() // 2, (review.messages.height(), review.height())
    rows = review.messages.count()
    last = review.messages.visualItemRect(review.messages.item(rows - 1))
    assert last.bottom() <= review.messages.viewport().height(), "every message in sight, none scrolled away"
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_with_no_programme_yet_the_programme_page_makes_one_and_chooses_it(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A fresh database has no programme: the wizard's programme page listed nothing. It says so, where
    programmes are made, and makes one in its form over the wizard; the programme made is chosen."""
    from PySide6.QtWidgets import QDialog, QLabel

    db = window.db
    company = f.make_company(db, name="Frenos del Bajío")
    school = f.make_school(db, name="CONALEP Querétaro II")
    f.make_apprentice(db, school_id=school, first_surname="Quintero")
    person = Person(qtbot, window, f"setup24c/no-programme-{language}")
    wizard = open_wizard(person)
    plan_scenario._pick(person, wizard, _("Apprentices"), "Quintero")
    qtbot.waitUntil(lambda: wizard.apprentice_page.apprentice() is not None, timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Companies"), "Frenos")
    qtbot.waitUntil(lambda: wizard.company_id() == company, timeout=5000)
    for _page in range(3):  # the instructor (none yet), the school (the apprentice's), on to the programme
        plan_scenario._next(person, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.programme_page, timeout=5000)
    note = person.find(_("What is missing"), QLabel, wizard)
    assert _("New programme") in note.text(), note.text()
    person.shot("no-programme", wizard)

    def programme(dialog: QDialog) -> None:
        person.type(_("Programme code"), "MECA", dialog)
        person.type(_("Programme name"), "Mecatrónica", dialog)
        person.type(_("Duration (months)"), "24", dialog)
        person.shot("programme", dialog)
        _save_in_dialog(person, dialog, warnings=False)

    made = person.when_dialog(programme, of=QDialog, title=_(records.kind("programmes").singular).capitalize())
    person.click(_("New programme…"), wizard)
    qtbot.waitUntil(lambda: bool(made) and records.count_records(db, "programmes") == 1, timeout=10000)
    created = records.list_ids(db, "programmes", records.ListQuery())[0]
    qtbot.waitUntil(lambda: wizard.programme_page.picker.chosen_id() == created, timeout=5000)
    # What is missing next is said: the company has no learning position for the plan.
    qtbot.waitUntil(lambda: _("New learning position") in note.text(), timeout=5000)
    person.shot("programme-chosen", wizard)
    wizard.reject()  # done with it: discarded without the question a person is asked

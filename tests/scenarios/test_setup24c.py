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

"""An officer draws up a learning agreement with the wizard and meets the rotation plan on its review: the
plan's positions with their weeks, and the set-up rules' warnings about it in the officer's language (a
competency no position teaches, named; weeks that do not fit the term). The officer splits the week between
company and school once, on the terms page, reads the warnings, accepts them and saves; the draft keeps the
split. The office's records (programme, company, positions, plan, school) are there already, as the office
set them up (tests/scenarios/test_office_setup.py shows that through the window)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _, ngettext
from vetdesk.services import records
from vetdesk.ui.wizard import AgreementWizard


def _set_up(db: Any) -> dict[str, int]:
    company = f.make_company(db, name="Frenos del Bajío")
    school = f.make_school(db, name="CONALEP Querétaro II")
    f.make_collaboration(db, school_id=school, company_id=company)
    programme = f.make_programme(db, code="MECA", name="Mecatrónica", duration_months=24)
    codes = [records.create(db, "competencies", {"programme_id": programme, "code": f"MEC-{i}", "area": "Taller",
                                                 "title": f"Competencia {i}"}).id for i in (1, 2, 3)]
    positions = [records.create(db, "positions", {"company_id": company, "name": name,
                                                  "competency_ids": codes[i:i + 1]}).id
                 for i, name in enumerate(("Almacén", "Ensamble"))]
    plan = records.create(db, "rotation_plans", {
        "company_id": company, "programme_id": programme, "name": "Plan MECA",
        "steps": [{"position_id": positions[0], "weeks": 30}, {"position_id": positions[1], "weeks": 40}]},
        accept_warnings=True).id
    return {"company": company, "school": school, "programme": programme, "plan": plan,
            "instructor": f.make_instructor(db, company_id=company, name="Ing. Luis Herrera"),
            "apprentice": f.make_apprentice(db, school_id=school, first_surname="Quintero")}


def _next(person: Person, wizard: QWizard) -> None:
    person.qtbot.wait(150)
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _pick(person: Person, wizard: QWizard, what: str, search: str) -> None:
    """Type in the page's search box, press Enter to search, arrow down onto the first match."""
    box = person.find(_("Search {what}").format(what=what), root=wizard)
    person.type(_("Search {what}").format(what=what), search, wizard)
    QTest.keyClick(box, Qt.Key.Key_Return)
    QTest.keyClick(box, Qt.Key.Key_Down)


def test_the_wizard_s_review_shows_the_plan_and_its_warnings(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    ids = _set_up(db)
    person = Person(qtbot, window, f"wizard-plan/{language}")
    person.menu(_("&Records"), _("New learning &agreement…"))
    qtbot.waitUntil(lambda: any(isinstance(w, AgreementWizard) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=5000)
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AgreementWizard) and w.isVisible())
    wizard.resize(1366, 768)
    _pick(person, wizard, _("Apprentices"), "Quintero")
    qtbot.waitUntil(lambda: wizard.apprentice_page.apprentice() is not None, timeout=5000)
    _next(person, wizard)
    _pick(person, wizard, _("Companies"), "Frenos")
    qtbot.waitUntil(lambda: wizard.company_id() == ids["company"], timeout=5000)
    _next(person, wizard)
    _pick(person, wizard, _("Instructors"), "Herrera")
    _next(person, wizard)  # the school: the apprentice's, chosen already
    _next(person, wizard)
    _pick(person, wizard, _("Programmes"), "Mecatr")
    qtbot.waitUntil(lambda: wizard.programme_page.plan.currentData() == ids["plan"], timeout=5000)
    person.shot("programme-and-plan", wizard)
    _next(person, wizard)
    person.type(_("Days a week at the company"), "3", wizard)
    person.type(_("Days a week at school"), "2", wizard)
    person.shot("terms", wizard)
    _next(person, wizard)
    person.type(_("Accident-insurance policy"), "POL-2026-7", wizard)
    person.type(_("Stipend"), "4500", wizard)
    _next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    person.shot("review", wizard)
    summary = review.summary.text()
    assert "Plan MECA" in summary
    assert ngettext_weeks("Almacén", 30) in summary and ngettext_weeks("Ensamble", 40) in summary
    assert summary.index("Almacén") < summary.index("Ensamble")
    shown = [review.messages.item(i).text() for i in range(review.messages.count())]
    coverage = [t for t in shown if "MEC-3" in t]
    assert len(coverage) == 1, shown
    allowed = ngettext("up to {slack} week's difference is accepted for holidays and examinations (the largest of "
                       "{floor} weeks, a tenth of the term and the office's setting of {setting})",
                       "up to {slack} weeks' difference is accepted for holidays and examinations (the largest of "
                       "{floor} weeks, a tenth of the term and the office's setting of {setting})", 10).format(
        slack=10, floor=4, setting=ngettext("{n} week", "{n} weeks", 4).format(n=4))
    term = _("The rotation plan lasts {plan} weeks but the agreement runs {term} weeks; {allowed}. Choose a plan "
             "that fits the term, or change the plan's weeks.").format(plan=70, term=104, allowed=allowed)
    # the one tolerance: 10 % of a 104-week term, above the office's setting (a floor, not a maximum)
    assert any(term in t for t in shown), shown
    # ... and what printing for signature will refuse about it, though a warning names the same field (trial 21f:
    # the review said "no errors" and "Print now" then refused the plan's weeks).
    before = _("Before printing for signature: {message}").split("{")[0]
    assert any(t.startswith(before) and "70" in t and "104" in t for t in shown), shown
    assert review.heading.text().startswith(_("The draft can be saved, but it cannot be printed for signature "
                                              "until the lines \u201cBefore printing for signature\u201d are "
                                              "corrected:")[:30]), review.heading.text()
    untaught = ngettext(
        "The plan's learning positions do not teach {n} competency of the programme: {codes}. Add it to a "
        "position of the plan, or add a position that teaches it.",
        "The plan's learning positions do not teach {n} competencies of the programme: {codes}. Add them to "
        "positions of the plan, or add positions that teach them.", 1).format(n=1, codes="MEC-3")
    assert untaught in coverage[0], coverage
    # the tick box's box, at its left (the widget spans the page; its text ends well before the middle)
    QTest.mouseClick(review.accept, Qt.MouseButton.LeftButton, pos=QPoint(8, review.accept.height() // 2))
    assert review.accept.isChecked()
    with qtbot.waitSignal(wizard.agreementCreated, timeout=10000) as created:
        QTest.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    saved = records.get(db, "agreements", created.args[0])
    assert (saved["company_days"], saved["school_days"], saved["rotation_plan_id"], saved["status"]) == (
        3, 2, ids["plan"], "draft")
    assert saved["weekly_pattern"] == "days"  # the choice's code (the contract's day rules read it)
    wizard.reject()  # done with it: discarded without the question a person is asked


def ngettext_weeks(position: str, n: int) -> str:
    return ngettext("{position}: {n} week", "{position}: {n} weeks", n).format(position=position, n=n)

"""The agreement wizard's numbers are the record form's own editors (issue 20, item 7): the probation, the days
a week at the company and at school, the years in the company, the daily hours and the holiday days a year take
the range the agreement's field definitions give them (``domain.bounds``, one definition), in the wizard as on
the agreement's form, and a number out of that range typed into either is refused with the core's same message.
The wizard proposes the domain's typical values (§ 20 BBiG's shortest probation, the typical week and day)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit

from tests import factories as f
from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import open_wizard, walk_to_terms
from tests.scenarios.test_print_gate import _open_found
from vetdesk.domain import bounds, contract, limits, rules
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.wizard import TERMS

#: The terms' numbers: field -> its range in the domain.
NUMBERS = {"probation_months": bounds.PROBATION_MONTHS, "company_days": bounds.DAYS_A_WEEK,
           "school_days": bounds.DAYS_A_WEEK, "modality_years": bounds.MODALITY_YEARS,
           "daily_hours": bounds.DAILY_HOURS, "holiday_days": bounds.HOLIDAY_DAYS}


def _label(field: str) -> str:
    spec = records.kind("agreements").field(field)
    assert spec is not None
    return spec.title()


def _range_said(line: QLineEdit) -> str:
    """The range a number's field says of itself (its tooltip while its text fits)."""
    return str(line.property("own_tooltip") or line.toolTip())


def _plain(html: str) -> str:
    doc = QTextDocument()
    doc.setHtml(html)
    return " ".join(doc.toPlainText().split())


def test_the_wizard_s_numbers_are_the_form_s(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    ids = plan_scenario._set_up(db)
    # An agreement of another apprentice and programme (the wizard's search for "Mecatr" finds one programme).
    agreement = f.make_agreement(db, programme_id=f.make_programme(db, code="ELEC", name="Electrónica"),
                                 apprentice_id=f.make_apprentice(db, first_surname="Zamora"))
    reference, stored = (db.get("agreements", agreement)[key] for key in ("reference", "daily_hours"))
    person = Person(qtbot, window, f"wizard-numbers-{language}")
    hours = _label("daily_hours")

    # -- the agreement's form: each number's range, and 30 daily hours refused ---------------------------------
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    form = page.form
    on_form = {name: _range_said(person.find(_label(name), QLineEdit, form)) for name in NUMBERS}
    person.type(hours, "30", form)
    QTest.keyClick(person.find(hours, QLineEdit, form), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: bool(form.problem_text("daily_hours")), timeout=5000)
    form_said = person.find(hours, QLineEdit, form).accessibleDescription()  # the message, without its mark
    assert form_said in _plain(form.problem_text("daily_hours"))
    person.shot("form-refuses", form)
    assert db.get("agreements", agreement)["daily_hours"] == stored  # nothing was saved

    # -- the wizard's terms: the same editors, ranges and proposals --------------------------------------------
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    qtbot.waitUntil(lambda: wizard.currentId() == TERMS, timeout=5000)
    terms = wizard.terms_page
    assert not [w for w in terms.findChildren(QAbstractSpinBox) if w.isVisible()]  # no editors of its own
    in_wizard = {name: _range_said(person.find(_label(name), QLineEdit, wizard)) for name in NUMBERS}
    assert in_wizard == on_form
    for name, (low, high) in NUMBERS.items():  # the domain's range, said in the user's words
        assert in_wizard[name] == _("From {minimum} to {maximum}").format(minimum=low, maximum=high), name
    proposed = {name: person.find(_label(name), QLineEdit, wizard).text() for name in NUMBERS}
    assert proposed["probation_months"] == str(contract.PROBATION_MONTHS[0])
    assert (proposed["company_days"], proposed["school_days"]) == (str(rules.TYPICAL_COMPANY_DAYS),
                                                                  str(rules.TYPICAL_SCHOOL_DAYS))
    assert proposed["daily_hours"] == str(rules.TYPICAL_DAILY_HOURS) and proposed["modality_years"] == "2"
    # the holidays: the least the MMFD layout's law (the Federal Labour Law) gives at the apprentice's age, said
    # as a proposal
    birth, start = wizard.apprentice()["birth_date"], terms.start_date()  # type: ignore[index]
    least = contract.holiday_minimum(minor=limits.minor_on_start(birth, start), birth_date=birth, start=start,
                                     cites_jarbschg=False)
    assert proposed["holiday_days"] == str(least.days) and least.law in ("lft76", "lft179")
    assert terms.holiday_note.isVisible() and str(least.days) in terms.holiday_note.text()
    assert ("art. 76 LFT" if least.law == "lft76" else "art. 179 LFT") in terms.holiday_note.text()
    person.shot("terms", wizard)

    person.type(hours, "30", wizard)
    qtbot.waitUntil(lambda: "24" in _plain(terms.problems_label.text()), timeout=5000)
    wizard_said = _plain(terms.problems_label.text())
    person.shot("terms-refuse", wizard)
    assert form_said and form_said in wizard_said, (form_said, wizard_said)
    assert "24" in form_said and hours in wizard_said
    plan_scenario._next(person, wizard)
    qtbot.wait(300)
    assert wizard.currentId() == TERMS  # refused: the wizard stays on the terms
    person.type(hours, "7.5", wizard)
    qtbot.waitUntil(lambda: "24" not in _plain(terms.problems_label.text()), timeout=5000)
    plan_scenario._next(person, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() != TERMS, timeout=5000)
    assert str(wizard.agreement_values()["daily_hours"]) == "7.5"
    wizard.reject()  # done with it: discarded without the question a person is asked

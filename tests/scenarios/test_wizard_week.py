"""The agreement wizard's week, stipend and holidays are the agreement form's own fields (issue 20, item 7).

The weekly pattern was a line of free text the wizard filled with a sentence in the window's language ("6 días en
la empresa, 1 en el plantel"), while the field is a choice whose code the contract's day rules read: a wizard-made
agreement of 6 + 1 days for a minor went out for signature although the same agreement made on the form, with the
code ``days``, is refused. Now the wizard offers the form's choice, proposed as fixed days each week, and stores the
code; the review says, before saving, what printing will refuse; printing refuses it with the same message. The
stipend's payer is offered in the choice's own words (the SEP as the form names it) and stored as its code, and the
holiday days are proposed as the least the layout's law gives the apprentice's age, said as a proposal. A row still
holding a sentence from before is refused at printing, naming Weekly pattern and its choices."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit, QMessageBox, QWidget, QWizard
from sqlalchemy import text

from tests import factories as f
from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import ahk_office, open_wizard, walk_to_terms
from vetdesk.domain import contract
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.services.documents import contract_problems
from vetdesk.ui.printing import PdfPreview


def _seven_days() -> str:
    """The contract's refusal of 6 + 1 training days a week, in the window's language."""
    return _("The agreement has {company} days a week at the company and {school} at school, more than the {max} "
             "training days a week allow. Correct the days.").format(company=6, school=1,
                                                                     max=contract.MAX_DAYS_A_WEEK)


def test_a_minor_s_week_of_seven_days_from_the_wizard_is_refused_as_the_form_s(  # type: ignore[no-untyped-def]
        qtbot, window, language: str, tmp_path: Path, monkeypatch) -> None:
    db = window.db
    ids = ahk_office(db)  # the AHK layout too: § 11 BBiG, § 19 JArbSchG for a minor
    birth = date(f.TODAY.year - 16, 3, 1)
    f.make_apprentice(db, school_id=ids["school"], first_surname="Ibarra", birth_date=birth)
    person = Person(qtbot, window, f"wizard-week-{language}")
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids, apprentice="Ibarra")
    terms = wizard.terms_page

    # -- the terms: the form's choice of pattern, proposed; the holidays proposed from the law ----------------
    pattern = person.find(_("Weekly pattern"), QComboBox, wizard)
    assert pattern.currentText() == _("fixed days each week")
    offered = [pattern.itemText(i) for i in range(pattern.count()) if pattern.itemText(i)]
    assert offered == [_("fixed days each week"), _("alternating blocks of weeks")]
    start = terms.start_date()
    least = contract.holiday_minimum(minor=True, birth_date=birth, start=start, cites_jarbschg=True)
    assert least.law == "jarbschg19" and least.days > contract.MINOR_HOLIDAY_DAYS
    holidays = person.find(_("Holiday days a year"), QLineEdit, wizard)
    assert holidays.text() == str(least.days)
    assert "§ 19 JArbSchG" in terms.holiday_note.text() and str(least.days) in terms.holiday_note.text()
    person.type(_("Days a week at the company"), "6", wizard)
    person.shot("terms", wizard)
    plan_scenario._next(person, wizard)

    # -- the stipend: the payer in the choice's own words ---------------------------------------------------
    payer = person.find(_("Stipend paid by"), QComboBox, wizard)
    assert payer.currentText() == _("the company")
    person.choose(_("Stipend paid by"), _("the Ministry of Public Education (SEP)"), wizard)
    assert person.find(_("Stipend currency"), QLineEdit, wizard).text() == "MXN"
    person.type(_("Stipend"), "4500", wizard)
    person.type(_("Stipend in later training years"), "5200", wizard)
    person.type(_("Insurer"), "Seguros Atlas", wizard)
    person.type(_("Accident-insurance policy"), "POL-2026-7", wizard)
    person.type_date(_("Insurance expiry"), wizard.end_date() + timedelta(days=92), wizard)
    person.type(_("STPS permit number"), "STPS/QRO/2026/0042", wizard)
    person.shot("cover", wizard)
    plan_scenario._next(person, wizard)

    # -- the review says what printing will refuse --------------------------------------------------------------
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    person.shot("review", wizard)
    shown = [review.messages.item(i).text() for i in range(review.messages.count())]
    assert any(_seven_days() in line for line in shown), shown
    assert [p.field for p in review.before_print if p.message == _seven_days()] == ["school_days"]
    if review.accept.isVisibleTo(wizard):  # warnings read: accept them
        QTest.mouseClick(review.accept, Qt.MouseButton.LeftButton, pos=QPoint(8, review.accept.height() // 2))
    with qtbot.waitSignal(wizard.agreementCreated, timeout=10000) as created:
        QTest.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    agreement = created.args[0]
    saved = records.get(db, "agreements", agreement)
    assert (saved["weekly_pattern"], saved["company_days"], saved["school_days"], saved["stipend_payer"],
            saved["holiday_days"], saved["stps_permit_number"]) == (
        "days", 6, 1, "sep", least.days, "STPS/QRO/2026/0042")
    # the stored agreement meets the form's rule: the same message printing it from its form gives
    assert _seven_days() in [p.message for p in contract_problems(db, db.get("agreements", agreement))]

    # -- printing it for signature is refused with that message; it stays a draft ------------------------------
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: refusals.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "convenio.pdf"), ""))
    previews = person.when_dialog(lambda preview: preview.reject(), of=PdfPreview, wait_ms=20000)
    person.click(_("Print now…"), wizard)
    qtbot.waitUntil(lambda: bool(refusals) or bool(previews), timeout=60000)
    assert refusals and not previews, previews
    assert _seven_days() in refusals[0], refusals[0]
    assert records.get(db, "agreements", agreement)["status"] == "draft"
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_a_stored_sentence_as_the_weekly_pattern_is_refused_naming_the_field(  # type: ignore[no-untyped-def]
        sqlite_db: Any, cli: Any, tmp_path: Path) -> None:
    """An agreement the wizard saved before, its pattern a sentence and 6 + 1 days: its day rules were skipped
    and it printed. Now ``vetdesk print`` refuses it, naming Weekly pattern and its choices, and the days."""
    db = sqlite_db
    agreement = f.make_agreement(db)
    sentence = "6 días en la empresa, 1 en el plantel"
    with db.engine.begin() as conn:  # as the old wizard left it
        conn.execute(text("UPDATE learning_agreements SET weekly_pattern = :p, company_days = 6, school_days = 1 "
                          "WHERE id = :id"), {"p": sentence, "id": agreement})
    target = tmp_path / "convenio.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--output", str(target))
    said = " ".join((out + err).split())
    assert code != 0 and not target.exists(), said
    assert f"\u201c{sentence}\u201d" in said and "under Weekly pattern" in said, said
    assert "\u201cfixed days each week\u201d or \u201calternating blocks of weeks\u201d" in said, said
    assert "more than the 6 training days a week allow" in said, said
    assert records.get(db, "agreements", agreement)["status"] == "draft"


def test_a_step_refused_after_the_print_check_passed_is_said_as_printing_says_it(  # type: ignore[no-untyped-def]
        qtbot, window, language: str, monkeypatch) -> None:
    """Issue 20, item 7: "Mark as printed" checks the agreement (``may_go_out``), then takes the step; when another
    officer's change lands between the two (the company's address removed), the step is refused by the core. The
    form listed the problems under "This step cannot be taken yet"; it says the core's one refusal, the one
    printing and ``vetdesk set … status=printed`` give: which agreement, the reason, that it stays a draft."""
    from tests.scenarios.test_print_gate import _open_found
    from vetdesk.ui import printing

    db = window.db
    company = f.make_company(db, name="Frenos del Bajío")
    agreement = f.make_agreement(db, company_id=company)
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"step-refused-{language}")
    form = _open_found(person, qtbot, window, _("Agreements"), reference, agreement).form
    checked = printing.may_go_out

    def passes_then_the_company_changes(*args: Any, **kwargs: Any) -> bool:
        passed = checked(*args, **kwargs)
        db.update("companies", company, {"address": None})  # another officer, meanwhile
        return passed

    monkeypatch.setattr(printing, "may_go_out", passes_then_the_company_changes)
    refusals: list[str] = []

    def read_refusal(box: QWidget) -> None:
        refusals.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    person.when_dialog(read_refusal, of=QMessageBox, title=_("Mark agreement as printed"))
    person.click(_("Mark as printed"), form)
    qtbot.waitUntil(lambda: bool(refusals), timeout=10000)
    check = db.print_checks([agreement])[agreement]
    assert check.refused and refusals[0] == check.refusal(), (refusals[0], check.refusal())
    assert _("Record it on the company (Address).") in refusals[0]
    assert _("This step cannot be taken yet:\n\n{problems}").split("\n")[0] not in refusals[0]
    assert db.get("agreements", agreement)["status"] == "draft"

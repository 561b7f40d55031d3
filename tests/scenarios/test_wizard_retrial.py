"""The agreement wizard as new users met it on the re-trial of issue 21 (after the first fixes):

- the review lists everything the printed agreement will say that the officer entered: the insurer, the
  policy and its expiry, how the training record is kept, the training site, the holiday days, who pays the
  stipend, the probation — the review left out the insurer and the training record, so a typo there was first
  seen on the printed contract;
- after *Print now*, the wizard's last page says the agreement is printed (it still spoke of a draft and offered
  to print it) and offers what comes next: recording the signatures, which opens the agreement's form at its
  *Record signatures* dialog.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox, QWizard

from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import _sign, ahk_office, open_wizard, walk_to_terms
from vetdesk import i18n
from vetdesk.domain import lifecycle
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.printing import PdfPreview


def _plain(rich: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", rich).replace("&nbsp;", " ").split())


def test_the_review_lists_what_the_contract_says_and_the_last_page_follows_the_print(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str, tmp_path: Path, monkeypatch) -> None:
    db = window.db
    ids: dict[str, Any] = ahk_office(db)
    person = Person(qtbot, window, f"retrial21-wizard-review-done-{language}")
    target = tmp_path / "convenio.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    person.type(_("Training site"), "Planta 2, Parque Industrial Bernardo Quintana", wizard)
    person.type(_("Holiday days a year"), "22", wizard)
    person.choose(_("Training record kept"), _("on paper"), wizard)
    person.shot("terms", wizard)
    plan_scenario._next(person, wizard)
    person.type(_("Stipend"), "4500", wizard)
    person.type(_("Stipend in later training years"), "5200", wizard)
    person.choose(_("Stipend paid by"), _("the company"), wizard)
    person.type(_("Insurer"), "Seguros Atlas", wizard)
    person.type(_("Accident-insurance policy"), "POL-2026-7", wizard)
    expires = wizard.end_date() + timedelta(days=92)
    person.type_date(_("Insurance expiry"), expires, wizard)
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    person.shot("review", wizard)

    # -- the review says what the contract will say ----------------------------------------------------------
    summary = _plain(review.summary.text())
    for label, value in ((_("Insurer"), "Seguros Atlas"), (_("Accident-insurance policy"), "POL-2026-7"),
                         (_("Insurance expiry"), i18n.current().format_numeric_date(expires)),
                         (_("Training record kept"), _("on paper")),
                         (_("Training site"), "Planta 2, Parque Industrial Bernardo Quintana"),
                         (_("Holiday days a year"), "22"), (_("Stipend paid by"), _("the company"))):
        assert f"{label} {value}" in summary, (label, value, summary)
    assert review.summary.height() <= wizard.height(), "the review's summary is cut"

    if review.accept.isVisibleTo(wizard) and review.accept.isEnabled():  # warnings read: accept them
        QTest.mouseClick(review.accept, Qt.MouseButton.LeftButton, pos=QPoint(8, review.accept.height() // 2))
    with qtbot.waitSignal(wizard.agreementCreated, timeout=10000) as created:
        QTest.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    agreement = created.args[0]
    done = wizard.done_page
    qtbot.waitUntil(lambda: wizard.currentPage() is done, timeout=5000)
    status = person.find(_("Status"), QLabel, wizard)
    assert lifecycle.status_label("draft") in status.text()
    person.shot("saved", wizard)

    # -- printed from the wizard: its last page says so, and offers the signatures ---------------------------
    printed = person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview,
                                 wait_ms=90000)
    person.click(_("Print now…"), wizard)
    qtbot.waitUntil(lambda: bool(printed), timeout=90000)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=10000)
    person.press(QApplication.activeModalWidget(), QMessageBox.StandardButton.Close)
    assert records.get(db, "agreements", agreement)["status"] == "printed"
    qtbot.waitUntil(lambda: lifecycle.status_label("printed") in status.text(), timeout=5000)
    person.shot("printed", wizard)
    assert done.title() == _("Agreement printed"), done.title()
    assert lifecycle.status_label("draft") not in status.text()
    assert _("Print now…") not in [b.text() for b in done.findChildren(type(done.print_button)) if b.isVisible()]
    assert done.print_button.text() == _("Print again…")

    # -- what comes next: the signatures, in the agreement's form ------------------------------------------
    today = date.today()
    ticked: list[str] = []
    signed = person.when_dialog(lambda d: _sign(person, d, ("company_signed_on",), today, ticked), of=QDialog,
                                title=_("Record signatures"))
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                                title=_("Sign agreement"), wait_ms=3000)
    person.click(_("Record signatures…"), wizard)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["company_signed_on"] == today, timeout=10000)
    warned.stop()
    assert signed and not wizard.isVisible()
    page = window.current_list()
    assert page is not None and page.form is not None and page.form.record_id == agreement
    person.shot("signatures-recorded")


def test_the_review_names_a_minor_s_guardian_as_the_agreement_does(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """For an apprentice under 18 the agreement names the parent or guardian (and they sign it): the review
    names them too, with their relation, as recorded on the wizard's first page."""
    from tests import factories as f

    db = window.db
    ids: dict[str, Any] = ahk_office(db)
    f.make_apprentice(db, birth_date=f.minor_birth_date(16), first_surname="Zamora", school_id=ids["school"])
    person = Person(qtbot, window, f"retrial21-wizard-guardian-{language}")
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids, "Zamora")
    plan_scenario._next(person, wizard)  # the terms, as proposed
    plan_scenario._next(person, wizard)  # the stipend and insurance, left for later
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    person.shot("review", wizard)
    summary = _plain(review.summary.text())
    relation = records.kind("apprentices").field("guardian_relation")
    assert relation is not None
    assert f"{_('Parent or legal guardian')} Rosa Núñez Pérez ({_('mother')})" in summary, summary
    wizard.reject()  # done with it: discarded without the question a person is asked

"""What a person does in a dialog or a form shows in the list that is open, without pressing Refresh (issue 20:
the window and the command line write through the Office's named operations, and each committed operation is
announced to the open pages).

An officer with the apprentices' list open registers a new apprentice in the agreement wizard: the list holds
them while the wizard is still open; the agreement the wizard saves is in the agreements' list. An instructor
with the weekly reports open countersigns a handed-in week in its form: the list's row says *countersigned* at
once, and the dashboard no longer counts it overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWizard

from tests import factories as f
from tests.logbook.conftest import World
from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person
from tests.scenarios.test_logbook import _card_count, _close, _open_row, _wait_count, _window
from tests.scenarios.test_logbook import world as world  # a fixture
from tests.scenarios.test_new_user_retrial import open_wizard
from vetdesk.domain import lifecycle
from vetdesk.domain import logbook as L
from vetdesk.i18n import _
from vetdesk.services import records


def _cell(page: Any, record_id: int, key: str) -> str | None:
    row = page.model.row_of(record_id)
    if row is None:
        return None
    column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
    return str(page.model.data(page.model.index(row, column)))


def test_what_the_wizard_saves_is_in_the_open_lists(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """The apprentice registered on the wizard's second page joins the apprentices' list behind it while the
    wizard is still open (nothing in the window refreshes that list but the announced change); the agreement
    saved at the end is in the agreements' list."""
    db = window.db
    ids = plan_scenario._set_up(db)
    person = Person(qtbot, window, f"changes-shown-wizard-{language}")
    person.nav(_("Apprentices"))
    apprentices = window.current_list()
    qtbot.waitUntil(lambda: not apprentices.loading and apprentices.model.rowCount() == 1, timeout=10000)

    wizard = open_wizard(person)
    person.click(_("Register a new apprentice"), wizard)
    plan_scenario._next(person, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.new_apprentice_page, timeout=5000)
    curp = f.curp_for(date(f.TODAY.year - 19, 4, 2), "M")
    person.type(_("CURP"), curp, wizard)
    person.type(_("Given names"), "Daniela", wizard)
    person.type(_("First surname"), "Ortega", wizard)
    plan_scenario._next(person, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.company_page, timeout=5000)
    new_id = wizard.apprentice()["id"]
    # No Refresh pressed, the wizard still open: the list behind it holds the apprentice just registered.
    qtbot.waitUntil(lambda: apprentices.model.row_of(new_id) is not None, timeout=5000)
    assert apprentices.model.rowCount() == 2
    person.shot("apprentice-in-list")

    person.nav(_("Agreements"))
    agreements = window.current_list()
    qtbot.waitUntil(lambda: not agreements.loading, timeout=10000)
    assert agreements.model.rowCount() == 0
    plan_scenario._pick(person, wizard, _("Companies"), "Frenos")
    qtbot.waitUntil(lambda: wizard.company_id() == ids["company"], timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Instructors"), "Herrera")
    plan_scenario._next(person, wizard)  # the school left open (the new apprentice has none recorded)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Programmes"), "Mecatr")
    qtbot.waitUntil(lambda: wizard.programme_page.plan.currentData() == ids["plan"], timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._next(person, wizard)  # the terms as proposed
    person.type(_("Accident-insurance policy"), "POL-2026-7", wizard)
    person.type(_("Stipend"), "4500", wizard)
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    if review.accept.isVisible():  # the plan's warnings, read and accepted
        QTest.mouseClick(review.accept, Qt.MouseButton.LeftButton, pos=QPoint(8, review.accept.height() // 2))
    with qtbot.waitSignal(wizard.agreementCreated, timeout=10000) as created:
        QTest.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    agreement = created.args[0]
    saved = records.get(db, "agreements", agreement)
    assert (saved["status"], saved["apprentice_id"]) == ("draft", new_id)
    qtbot.waitUntil(lambda: agreements.model.row_of(agreement) is not None, timeout=5000)
    assert agreements.model.rowCount() == 1
    qtbot.waitUntil(lambda: _cell(agreements, agreement, "status") == lifecycle.status_label("draft"), timeout=5000)
    person.shot("agreements-new-draft")
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_a_week_countersigned_in_its_form_shows_in_the_open_list(qtbot, world, qsettings, monkeypatch,
                                                                 language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    window = _window(qtbot, w.db.as_user(w.me), qsettings, monkeypatch)
    person = Person(qtbot, window, f"changes-shown-week-{language}")
    try:
        weeks = records.list_records(w.db, "logbook")
        handed_in = next(r["id"] for r in weeks if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
        assert _card_count(qtbot, window, "logbook_overdue") == "1"
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 5, timeout=5000)
        assert _cell(page, handed_in, "status") == L.status_label("submitted")
        form = _open_row(person, page, handed_in)
        person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox)  # signing
        person.click(_("Approve (countersign)"), form)

        # No Refresh pressed: the row says countersigned as soon as the core has written it.
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", handed_in)["status"] == "approved", timeout=5000)
        qtbot.waitUntil(lambda: _cell(page, handed_in, "status") == L.status_label("approved"), timeout=5000)
        assert _("Countersigned on {date}.").split("{")[0] in form.review_state.text()
        person.shot("week-countersigned-in-list")
        person.nav(_("Dashboard"))
        _wait_count(qtbot, window, "logbook_overdue", "0")
    finally:
        _close(qtbot, window, monkeypatch)

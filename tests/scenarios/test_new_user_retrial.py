"""What a new user's re-trial of issue 21 still found, each step driven as a person drives the window: typed,
clicked and answered, asserted on screen, in the database and in the printed PDF. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
    QWizard,
)
from sqlalchemy import func, select

from tests import factories as f
from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person
from vetdesk import i18n
from vetdesk.domain import lifecycle
from vetdesk.i18n import N_, _, ngettext
from vetdesk.reports import words
from vetdesk.services import records
from vetdesk.ui.agreement_form import signed_box_name
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.printing import PdfPreview
from vetdesk.ui.wizard import AgreementWizard


def open_wizard(person: Person) -> AgreementWizard:
    person.menu(_("&Records"), _("New learning &agreement…"))
    person.qtbot.waitUntil(lambda: any(isinstance(w, AgreementWizard) and w.isVisible()
                                       for w in QApplication.topLevelWidgets()), timeout=5000)
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AgreementWizard) and w.isVisible())
    wizard.resize(1366, 768)
    return wizard


def walk_to_terms(person: Person, wizard: AgreementWizard, ids: dict[str, int], apprentice: str = "Quintero") -> None:
    """Through the wizard's first pages as a person goes: the apprentice searched by ``apprentice``, the
    scenario office's company and instructor, the apprentice's school, its programme (its plan proposed), up to the
    terms' page."""
    qtbot = person.qtbot
    plan_scenario._pick(person, wizard, _("Apprentices"), apprentice)
    qtbot.waitUntil(lambda: wizard.apprentice_page.apprentice() is not None, timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Companies"), "Frenos")
    qtbot.waitUntil(lambda: wizard.company_id() == ids["company"], timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Instructors"), "Herrera")
    plan_scenario._next(person, wizard)  # the school: the apprentice's
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Programmes"), "Mecatr")
    qtbot.waitUntil(lambda: wizard.programme_page.plan.currentData() == ids["plan"], timeout=5000)
    plan_scenario._next(person, wizard)


def ahk_office(db: Any) -> dict[str, int]:
    """The wizard scenario's office, its programme printed in the AHK layout (both: the MMFD and the BBiG
    agreement, which cites § 11 and § 17 BBiG), its school's address recorded and its plan filling the term."""
    ids = plan_scenario._set_up(db)
    records.update(db, "programmes", ids["programme"], {"templates": "both"})
    records.update(db, "schools", ids["school"], {"address": "Av. Tecnológico 100, 76000 Querétaro, Qro."})
    steps = [{**step, "weeks": 50} for step in records.get(db, "rotation_plans", ids["plan"])["steps"]]
    records.update(db, "rotation_plans", ids["plan"], {"steps": steps}, accept_warnings=True)
    return ids


def office_for_a_year(db: Any) -> dict[str, int]:
    """The wizard scenario's office, its plan (30 and 40 weeks, for the programme's two years) cut to fill a
    year's agreement, as the contract for signature attaches it (it refuses a plan longer than the term)."""
    ids = plan_scenario._set_up(db)
    steps = [{**step, "weeks": 25} for step in records.get(db, "rotation_plans", ids["plan"])["steps"]]
    records.update(db, "rotation_plans", ids["plan"], {"steps": steps}, accept_warnings=True)
    return ids


def test_an_ahk_agreement_typed_in_the_wizard_prints_for_signature_with_what_was_typed(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str, tmp_path: Path, monkeypatch) -> None:
    """A two-year agreement in the AHK layout, drawn up in the wizard by typing: printing it for signature was
    refused for what the wizard never asked (the overtime compensation, the later year's stipend of § 17
    BBiG), and the insurance expiry showed a date nobody had entered. The wizard asks for each of them (the
    overtime proposed as "no overtime", shown chosen), the expiry field is empty until the officer types one,
    the review has nothing left before printing, and the printed PDF says what was typed."""
    db = window.db
    ids = ahk_office(db)
    person = Person(qtbot, window, f"retrial21-ahk-prints-{language}")
    target = tmp_path / "convenio.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    overtime = person.find(_("Overtime compensation"), QComboBox, wizard)
    assert overtime.currentText() == _("no overtime")  # proposed, and seen as chosen
    person.choose(_("Overtime compensation"), _("equal time off"), wizard)
    person.choose(_("Training record kept"), _("on paper"), wizard)
    person.shot("terms", wizard)
    plan_scenario._next(person, wizard)
    expiry = person.find(_("Insurance expiry"), QLineEdit, wizard)
    assert expiry.text() == "", expiry.text()  # nothing that looks entered
    assert expiry.placeholderText() == i18n.current().date_hint()
    person.shot("cover-empty", wizard)
    person.type(_("Stipend"), "4500", wizard)
    person.type(_("Stipend in later training years"), "5200", wizard)
    person.type(_("Insurer"), "Seguros Atlas", wizard)
    person.type(_("Accident-insurance policy"), "POL-2026-7", wizard)
    expires = wizard.end_date() + timedelta(days=92)
    person.type_date(_("Insurance expiry"), expires, wizard)
    person.shot("cover", wizard)
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    person.shot("review", wizard)
    assert review.before_print == [], [p.message for p in review.before_print]
    if review.accept.isVisibleTo(wizard) and review.accept.isEnabled():  # warnings read: accept them
        QTest.mouseClick(review.accept, Qt.MouseButton.LeftButton, pos=QPoint(8, review.accept.height() // 2))
    with qtbot.waitSignal(wizard.agreementCreated, timeout=10000) as created:
        QTest.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    agreement = created.args[0]
    saved = records.get(db, "agreements", agreement)
    assert (saved["overtime_compensation"], saved["stipend_steps"], saved["insurance_expiry"]) == (
        "time_off", "5200.00", expires)
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: refusals.append(text))
    printed = person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview,
                                 wait_ms=90000)
    person.click(_("Print now…"), wizard)
    qtbot.waitUntil(lambda: bool(printed) or bool(refusals), timeout=90000)
    assert refusals == [], refusals[0] if refusals else ""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=10000)
    person.press(QApplication.activeModalWidget(), QMessageBox.StandardButton.Close)
    assert records.get(db, "agreements", agreement)["status"] == "printed"
    text = " ".join("\n".join(page.extract_text() or "" for page in pypdf.PdfReader(
        io.BytesIO(target.read_bytes())).pages).split())
    t = i18n.translator(i18n.current().locale)  # the document's language: the window's
    for typed in ("POL-2026-7", "Seguros Atlas", words.day(t, expires), words.money(t, Decimal("4500"), "MXN"),
                  words.money(t, Decimal("5200"), "MXN"),
                  _("Training beyond the regular daily training time is compensated with equal time off.")):
        assert typed in text, (typed, text)
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_the_wizard_names_an_overlapping_agreement_by_its_reference_and_status_in_words(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """An apprentice whose agreement is in force, chosen again in the wizard: the review said "convenio 238
    (active)", a row id and a status code. It names the agreement by its reference and its status as the lists
    word it."""
    db = window.db
    ids = office_for_a_year(db)
    other = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                             programme_id=ids["programme"], instructor_id=ids["instructor"],
                             rotation_plan_id=ids["plan"])
    f.activate(db, other)
    reference = records.get(db, "agreements", other)["reference"]
    person = Person(qtbot, window, f"retrial21-overlap-words-{language}")
    wizard = open_wizard(person)
    plan_scenario._pick(person, wizard, _("Apprentices"), "Quintero")
    qtbot.waitUntil(lambda: wizard.apprentice_page.apprentice() is not None, timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Companies"), "Frenos")
    qtbot.waitUntil(lambda: wizard.company_id() == ids["company"], timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Instructors"), "Herrera")
    plan_scenario._next(person, wizard)
    plan_scenario._next(person, wizard)
    plan_scenario._pick(person, wizard, _("Programmes"), "Mecatr")
    qtbot.waitUntil(lambda: wizard.programme_page.plan.currentData() == ids["plan"], timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._next(person, wizard)
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    person.shot("review", wizard)
    shown = [review.messages.item(i).text() for i in range(review.messages.count())]
    overlap = [t for t in shown if reference in t]
    assert len(overlap) == 1, shown
    assert f"{reference} ({lifecycle.status_label('active')})" in overlap[0], overlap
    assert "(active)" not in overlap[0] or language == "en"
    assert f" {other} " not in overlap[0]
    wizard.reject()  # done with it: discarded without the question a person is asked


def _sign(person: Person, dialog: QWidget, fields: tuple[str, ...], on: date, ticked: list[str]) -> None:
    """Tick the parties named (by their signature fields) and type the day each signed; note which boxes
    were ticked when the dialog opened."""
    from PySide6.QtWidgets import QCheckBox

    titles = {name: records.kind("agreements").field(name).title() for name in  # type: ignore[union-attr]
              ("company_signed_on", "apprentice_signed_on", "school_signed_on", "chamber_signed_on",
               "guardian_signed_on")}
    ticked.extend(name for name, title in titles.items()
                  if any(b.isChecked() for b in dialog.findChildren(QCheckBox)
                         if b.accessibleName() == signed_box_name(name, title)))
    for name in fields:
        box = person.find(signed_box_name(name, titles[name]), QCheckBox, dialog)
        QTest.mouseClick(box, Qt.MouseButton.LeftButton)
        person.type_date(titles[name], on, dialog)
    person.shot("signatures-dialog", dialog)
    person.ok(dialog)


def _printed_for_a_year(db: Any) -> int:
    """An agreement of the year-long office, printed for signature (nobody has signed yet)."""
    ids = office_for_a_year(db)
    agreement = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                                 programme_id=ids["programme"], instructor_id=ids["instructor"],
                                 school_id=ids["school"], rotation_plan_id=ids["plan"])
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    return agreement


def test_signatures_are_recorded_as_they_come_in(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    """*Record signatures* asked for all the parties at once and refused otherwise, while the signatures come in
    over days. The company and the apprentice sign first: their dates are recorded (and in the history), the
    agreement stays printed and the form says who has not signed yet; when the school and the chamber have
    signed too, it is signed."""
    from vetdesk.storage.models import AuditEntry

    db = window.db
    agreement = _printed_for_a_year(db)
    today = date.today()
    person = Person(qtbot, window, f"retrial21-signatures-{language}")
    form = person.open_agreement(agreement)  # its reference typed: one agreement found, Enter opens it
    first: list[str] = []
    signed = person.when_dialog(lambda d: _sign(person, d, ("company_signed_on", "apprentice_signed_on"), today,
                                                first), of=QDialog, title=_("Record signatures"))
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                                title=_("Sign agreement"), wait_ms=3000)
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["company_signed_on"] == today, timeout=5000)
    warned.stop()
    assert signed and first == []  # nothing ticked that nobody ticked
    stored = records.get(db, "agreements", agreement)
    assert (stored["status"], stored["apprentice_signed_on"], stored["school_signed_on"],
            stored["chamber_signed_on"]) == ("printed", today, None, None)
    shown = person.find(_("Signatures"), QLabel, form).text()
    person.shot("partly-signed")
    assert _("Signatures: {signed} of {needed}").format(signed=2, needed=4) in shown
    for party in (_("The school"), _("The chamber")):
        assert _("✖ {party}: not signed yet").format(party=party) in shown, shown
    assert _("✔ {party}: signed on {date}").format(party=_("The company"), date=i18n.shown_day(today)) in shown
    with db.reader() as session:
        history = [(e.operation, e.changes) for e in session.scalars(select(AuditEntry).where(
            AuditEntry.kind == "agreements", AuditEntry.record_id == agreement).order_by(AuditEntry.id))]
    from vetdesk.services.audit_words import shown as shown_operation

    assert any(shown_operation(operation) == _("Record signatures") and "company_signed_on" in str(changes)
               for operation, changes in history), history
    second: list[str] = []
    signed = person.when_dialog(lambda d: _sign(person, d, ("school_signed_on", "chamber_signed_on"), today,
                                                second), of=QDialog, title=_("Record signatures"))
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                                title=_("Sign agreement"), wait_ms=3000)
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["status"] == "signed", timeout=5000)
    warned.stop()
    assert second == ["company_signed_on", "apprentice_signed_on"]  # what was recorded shows ticked
    person.shot("signed")


def test_an_officer_keying_in_a_paper_grid_names_the_agreements_instructor_as_rater(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The officer's rating grid proposed the officer's login as the rater (with the role "instructor"). It
    proposes the agreement's instructor by name; choosing the academic tutor as the rater's role proposes the
    tutor's name; the ratings saved carry the name and the role chosen."""
    from PySide6.QtWidgets import QInputDialog

    from vetdesk.storage.models import Assessment
    from vetdesk.ui.rating_grid import RatingGrid

    db = window.db
    ids = office_for_a_year(db)
    tutor = records.create(db, "tutors", {"school_id": ids["school"], "name": "Mtra. Elena Ruiz"}).id
    agreement = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                                 programme_id=ids["programme"], instructor_id=ids["instructor"],
                                 school_id=ids["school"], tutor_id=tutor, rotation_plan_id=ids["plan"],
                                 start_date=date.today().replace(day=1) - timedelta(days=61))
    f.activate(db, agreement)
    person = Person(qtbot, window, f"retrial21-rater-{language}")
    form = person.open_agreement(agreement)
    seen: dict[str, Any] = {}

    def rate(dialog: QWidget) -> None:
        grid = dialog.findChild(RatingGrid)
        seen["proposed"] = (person.find(_("Rater"), QLineEdit, dialog).text(),
                            person.find(_("Rater's role"), QComboBox, dialog).currentText())
        person.shot("grid-proposed", dialog)
        person.choose(_("Rater's role"), _("academic tutor"), dialog)
        seen["tutor"] = person.find(_("Rater"), QLineEdit, dialog).text()
        person.choose(_("Rater's role"), _("instructor"), dialog)
        grid.table.setFocus()
        level = str(grid.model.grid.allowed()[-1])
        QTest.keyClicks(grid.table, level)
        QTest.keyClick(grid.table.focusWidget() or grid.table, Qt.Key.Key_Return)
        person.shot("grid-typed", dialog)
        person.click(_("Save ratings"), dialog)
        qtbot.wait(300)
        if dialog.isVisible():  # refused: say why, instead of waiting on the open dialog
            seen["refused"] = grid.message.text()
            dialog.reject()  # type: ignore[attr-defined]

    person.when_dialog(person.ok, of=QInputDialog)
    person.when_dialog(rate, of=QDialog, title=None, wait_ms=20000, holding=RatingGrid)  # not the position's question
    person.click(_("Rate a learning position…"), form)
    qtbot.waitUntil(lambda: "tutor" in seen, timeout=20000)
    herrera = records.get(db, "instructors", ids["instructor"])["name"]
    assert seen["proposed"] == (herrera, _("instructor")), seen
    assert seen["tutor"] == "Mtra. Elena Ruiz" and "refused" not in seen, seen
    with db.reader() as session:
        qtbot.waitUntil(lambda: session.scalar(select(func.count()).select_from(Assessment)) == 1, timeout=10000)
    with db.reader() as session:
        rated = session.execute(select(Assessment.rater_name, Assessment.rater_role)).all()
    assert [tuple(r) for r in rated] == [(herrera, "instructor")]


def _open(person: Person, window: MainWindow, nav: str, record_id: int) -> Any:
    """Go to a list and open one of its records: the first row, reached by the keyboard."""
    person.nav(nav)
    page = window.current_list()
    person.qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() >= 1, timeout=10000)
    page.table.setFocus()
    while page.current_id() != record_id:
        before = page.current_id()
        person.key(Qt.Key.Key_Down, widget=page.table)
        assert page.current_id() != before or before is None, "the record is not in the list"
    person.key(Qt.Key.Key_Return, widget=page.table)
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == record_id, timeout=10000)
    return page.form


def test_refusals_and_titles_say_things_in_words(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    """Deleting an apprentice one agreement names said "lo mencionan 1 convenio" (the verb did not agree); an
    assessment's form was titled "Evaluación #3698". The verb agrees with the count, and the assessment is
    called by its apprentice, learning position and day."""
    from vetdesk.services import assessments

    db = window.db
    ids = office_for_a_year(db)
    agreement = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                                 programme_id=ids["programme"], instructor_id=ids["instructor"],
                                 rotation_plan_id=ids["plan"],
                                 start_date=date.today().replace(day=1) - timedelta(days=61))
    f.activate(db, agreement)
    competency = records.list_records(db, "competencies", records.ListQuery())[0]
    day = date.today() - timedelta(days=3)
    positions = records.get(db, "rotation_plans", ids["plan"])["steps"]
    assessments.rate_position(db, agreement_id=agreement, position_id=positions[0]["position_id"],
                              ratings={competency["id"]: 2}, on=day, rater="Ing. Luis Herrera")
    assessment = records.list_ids(db, "assessments", records.ListQuery())[0]
    person = Person(qtbot, window, f"retrial21-words-{language}")

    alone = f.make_apprentice(db, first_surname="Zárate")
    f.make_agreement(db, apprentice_id=alone)  # one record refers to this apprentice: one agreement
    form = _open(person, window, _("Apprentices"), alone)
    refused: list[str] = []

    def read(box: QWidget) -> None:
        refused.append(box.text())  # type: ignore[attr-defined]
        person.shot("delete-refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    # Refused at once, without first asking "Delete …?" (trial 21f: asked, then refused).
    person.when_dialog(read, of=QMessageBox, title=_("Delete"), wait_ms=8000)
    person.click(form.delete_button.text(), form)
    qtbot.waitUntil(lambda: bool(refused), timeout=8000)
    apprentice_word = _(records.kind("apprentices").singular)
    listed = i18n.counted(1, N_("learning agreement"), N_("learning agreements"))
    assert refused[0].startswith(ngettext("This {kind} cannot be deleted: {listed} refers to it.",
                                          "This {kind} cannot be deleted: {listed} refer to it.", 1).format(
        kind=apprentice_word, listed=listed)), refused
    if language == "es":
        assert "lo menciona 1 convenio" in refused[0], refused

    form = _open(person, window, _("Assessments"), assessment)
    person.shot("assessment")
    title = form.title.text()
    apprentice = records.get(db, "apprentices", ids["apprentice"])["name"]
    assert title.startswith(f"{apprentice} · Almacén · {i18n.shown_day(day)}"), title
    assert "#" not in title, title


def test_the_wizard_asks_a_minor_s_guardian_address_the_contract_needs(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                      language: str) -> None:
    """Printing a minor's agreement needs the guardian's address (the contract names them as a signing party);
    the wizard's guardian box did not ask for it. Typed there, it is recorded on the apprentice."""
    db = window.db
    ids = plan_scenario._set_up(db)
    minor = f.make_apprentice(db, school_id=ids["school"], first_surname="Yáñez",
                              birth_date=f.minor_birth_date(16), guardian_address=None)
    person = Person(qtbot, window, f"retrial21-guardian-address-{language}")
    wizard = open_wizard(person)
    plan_scenario._pick(person, wizard, _("Apprentices"), "Yáñez")
    qtbot.waitUntil(lambda: wizard.apprentice_page.apprentice() is not None, timeout=5000)
    label = records.kind("apprentices").field("guardian_address").title()  # type: ignore[union-attr]
    person.type(label, "Calle Hidalgo 5, Col. Centro, 76000 Querétaro, Qro.", wizard)
    relation = person.find(records.kind("apprentices").field("guardian_relation").title(),  # type: ignore[union-attr]
                           QComboBox, wizard)
    assert relation.currentText() == _("mother"), relation.currentText()  # in words, not the code stored
    assert i18n.shown_day(wizard.start_date()) in wizard.apprentice_page.age_note.text()
    person.shot("guardian", wizard)
    plan_scenario._next(person, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() != 0, timeout=5000)
    assert records.get(db, "apprentices", minor)["guardian_address"] == (
        "Calle Hidalgo 5, Col. Centro, 76000 Querétaro, Qro.")
    wizard.reject()  # done with it: discarded without the question a person is asked


def open_printed_agreement(qtbot: Any, window: Any, shots: str) -> tuple[Any, Any, int]:
    """A printed agreement of a year's office, found in the Agreements list as a person finds it (its reference
    typed, Enter) and open: (the person, the form, the agreement's id). Shared by the signature scenarios."""
    db = window.db
    agreement = _printed_for_a_year(db)
    person = Person(qtbot, window, shots)
    return person, person.open_agreement(agreement), agreement


def test_a_signature_date_typed_without_ticking_its_box_is_recorded(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """Trial 3: in *Record signatures* the officer typed the day the company signed into its date field without
    ticking "signed" first; the field stayed disabled and the typing was lost. Typed, the date ticks its box and is
    recorded; unticking a box clears its date (not signed: no date)."""
    from PySide6.QtWidgets import QCheckBox

    db = window.db
    agreement = _printed_for_a_year(db)
    day = date.today()  # printed today: no party signed before
    person = Person(qtbot, window, f"trial3-signature-typed-{language}")
    form = person.open_agreement(agreement)
    title = records.kind("agreements").field("company_signed_on").title()  # type: ignore[union-attr]
    seen: dict[str, bool] = {}

    def sign(dialog: QWidget) -> None:
        box = person.find(signed_box_name("company_signed_on", title), QCheckBox, dialog)
        assert not box.isChecked()
        person.type_date(title, day, dialog)  # typed straight in, the box not ticked first
        seen["ticked"] = box.isChecked()
        person.shot("typed", dialog)
        person.ok(dialog)

    signed = person.when_dialog(sign, of=QDialog, title=_("Record signatures"))
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                                title=_("Sign agreement"), wait_ms=3000)
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["company_signed_on"] == day, timeout=5000)
    warned.stop()
    assert signed and seen == {"ticked": True}

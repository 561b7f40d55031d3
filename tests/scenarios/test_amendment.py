"""Training that slips on a signed agreement (issue 22): the officer opens the running agreement, clicks *Record
amendment…*, is told in their words what is missing (nothing is written), then chooses the plan's new version,
types the new end date and the reason, records it and prints the amendment for the parties to sign: the PDF
names the agreement, what changes and from when, and every party's signature block; the agreement as signed
still prints what was signed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget
from sqlalchemy import func, select

from tests.reports.conftest import END, START, make_world, pdf_text
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import _sign
from tests.scenarios.test_print_gate import _open_found
from tests.services.test_amendments import _slipped_plan, signed_by_all
from vetdesk.domain.dates import add_months
from vetdesk.i18n import _
from vetdesk.reports import render
from vetdesk.services import amendments, records
from vetdesk.storage.models import AgreementAmendment, AuditEntry
from vetdesk.ui.amendment_dialog import AmendmentDialog
from vetdesk.ui.formatting import format_date
from vetdesk.ui.printing import PdfPreview


def _written(db: Any) -> tuple[int, int]:
    with db.reader() as session:
        return (int(session.scalar(select(func.count()).select_from(AgreementAmendment))),
                int(session.scalar(select(func.count()).select_from(AuditEntry))))


def test_an_officer_records_and_prints_an_amendment(qtbot, window, language, tmp_path,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    db = window.db
    w = make_world(db, minor=True, positions=3, rated=False, status="active")
    signed = pdf_text(render.agreement_pdf(db, w.agreement_id, lang=language))
    new_plan = _slipped_plan(db, w.agreement_id)
    plan_label = dict(amendments.plan_choices(db, w.agreement_id))[new_plan]
    new_end = END + timedelta(weeks=8)
    person = Person(qtbot, window, f"amendment-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), w.reference, w.agreement_id)
    form = page.form
    before = _written(db)
    refusals: list[str] = []
    recorded: list[str] = []

    def fill(dialog: QWidget) -> None:
        person.shot("dialog", dialog)
        person.click(_("Record amendment"), dialog)  # nothing typed: the plan and end as they are, no reason
        message = person.find(_("Why the amendment is not recorded"), root=dialog)
        qtbot.waitUntil(message.isVisible, timeout=5000)
        refusals.append(message.text())
        person.shot("refused", dialog)
        person.choose(_("Rotation plan from then on"), plan_label, dialog)
        person.type_date(_("New end date"), new_end, dialog)
        person.type(_("Reason for the amendment"), "Paro técnico de la planta: ocho semanas sin formación", dialog)
        assert not message.isVisible()  # the refusal was about what the officer has now given
        person.shot("filled", dialog)
        person.when_dialog(accept_warning, of=QMessageBox, title=_("Record amendment"))
        person.click(_("Record amendment"), dialog)
        recorded.append("yes")

    warned: list[str] = []

    def accept_warning(box: QWidget) -> None:
        """The plan's positions leave competencies untaught (as the signed plan did): a warning, accepted."""
        warned.append(box.text())  # type: ignore[attr-defined]
        person.shot("warning", box)
        person.when_dialog(print_now, of=QMessageBox, title=_("Record amendment"), wait_ms=30000)
        person.press(box, QMessageBox.StandardButton.Yes)

    def print_now(box: QWidget) -> None:
        assert f"{w.reference}-M1" in box.text()  # type: ignore[attr-defined]
        person.press(box, QMessageBox.StandardButton.Yes)

    previews: list[bytes] = []

    def read_preview(preview: QWidget) -> None:
        assert isinstance(preview, PdfPreview)
        previews.append(preview.pdf)
        person.shot("preview", preview)
        person.click(_("&Save as PDF…"), preview)  # it goes out for signature once printed or saved

    told: list[str] = []
    saved = tmp_path / "amendment.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(saved), ""))
    person.when_dialog(fill, of=AmendmentDialog)
    person.when_dialog(read_preview, of=PdfPreview, wait_ms=45000)
    person.when_dialog(lambda box: (told.append(box.text()), box.close()),  # type: ignore[attr-defined]
                       of=QMessageBox, title=_("File saved"), wait_ms=60000)
    person.click(_("Record amendment…"), form)
    qtbot.waitUntil(lambda: bool(previews) and bool(told), timeout=60000)

    # The first try said what was missing, in the officer's words, and wrote nothing.
    assert _("Give the reason for the amendment (why the training changes); it is printed on the amendment the "
             "parties sign.") in refusals[0] and "reason:" not in refusals[0]
    assert _("The amendment changes nothing: choose another rotation plan (a new version of the plan) or another "
             "end date.") in refusals[0]
    assert "C-05" in warned[0] and _("{warnings}\n\nContinue anyway?").format(warnings="").strip() in warned[0]
    # Recorded and printed, not signed (issue 23): the agreement's terms stand as signed.
    record = db.get("agreements", w.agreement_id)
    assert record["rotation_plan_id"] != new_plan and record["end_date"] == END
    assert _written(db)[0] == before[0] + 1
    assert db.history("agreements", w.agreement_id)[-2]["action"] == "amend"
    form._refresh_extras()  # as reopening the agreement shows it
    qtbot.waitUntil(lambda: f"{w.reference}-M1" in form.amendments_label.text(), timeout=5000)
    assert form.amendments_label.isVisible() and form.print_amendment_button.isVisible()
    # The window says when it takes effect as vetdesk amend and the printout say it.
    assert _("It takes effect from its signing by all the parties.") in form.amendments_label.text()
    assert _("printed for signature, awaiting signatures") in form.amendments_label.text()
    person.shot("form")
    # Its signatures, in the dialog the agreement's are recorded in: the company first, the agreement unchanged.
    today = date.today()
    sign_first = person.when_dialog(lambda d: _sign(person, d, ("company_signed_on",), today, []), of=QDialog,
                                    title=_("Record amendment signatures"))
    person.click(_("Record amendment signatures…"), form)
    qtbot.waitUntil(lambda: bool(sign_first), timeout=10000)
    assert db.get("agreements", w.agreement_id)["end_date"] == END
    rest = ("apprentice_signed_on", "guardian_signed_on", "school_signed_on", "chamber_signed_on")
    sign_rest = person.when_dialog(lambda d: _sign(person, d, rest, today, []), of=QDialog,
                                   title=_("Record amendment signatures"))
    person.click(_("Record amendment signatures…"), form)
    qtbot.waitUntil(lambda: bool(sign_rest), timeout=10000)
    # Signed by all: the agreement runs on the new plan and end from that day, with its history.
    qtbot.waitUntil(lambda: db.get("agreements", w.agreement_id)["end_date"] == new_end, timeout=10000)
    assert db.get("agreements", w.agreement_id)["rotation_plan_id"] == new_plan
    assert db.history("agreements", w.agreement_id)[-1]["action"] == "amend_signed"
    qtbot.waitUntil(lambda: _("{reference}: in effect since {date}").format(
        reference=f"{w.reference}-M1", date=format_date(today)) in form.amendments_label.text(), timeout=5000)
    assert not form.sign_amendment_button.isVisible() and form.amend_button.isVisible()
    person.shot("signed")
    # The amendment printed: the agreement it amends, what changes from when, the parties' signature blocks.
    text = pdf_text(previews[0])
    assert w.reference in text and f"{w.reference}-M1" in text and "Paro técnico de la planta" in text
    assert "Jürgen Müller Peña" in text and w.full_name in text
    if language == "es":
        assert "Convenio modificatorio" in text and "Firmas" in text
        assert "Surte efectos a partir de su firma por todas las partes." in " ".join(text.split())
    # The agreement as signed prints what was signed.
    again = pdf_text(render.agreement_pdf(db, w.agreement_id, lang=language))
    assert again.count("Estación") == signed.count("Estación")
    assert date.today() <= new_end


def _not_started_yet(db: Any, agreement_id: int) -> tuple[date, date]:
    """The world's agreement moved to start in a few weeks (signed ahead of its start), its term as long as
    before and no time at a position recorded yet."""
    from sqlalchemy import delete, update

    from vetdesk.storage.models import LearningAgreement, PositionPeriod

    record = db.get("agreements", agreement_id)
    shift = date.today() + timedelta(days=26) - record["start_date"]
    with db.writer() as session:
        session.execute(delete(PositionPeriod).where(PositionPeriod.agreement_id == agreement_id))
        session.execute(update(LearningAgreement).where(LearningAgreement.id == agreement_id).values(
            start_date=record["start_date"] + shift, end_date=record["end_date"] + shift))
        session.commit()
    record = db.get("agreements", agreement_id)
    return record["start_date"], record["end_date"]


def test_an_amendment_before_the_start_is_offered_a_day_it_may_take_and_fields_stay_put(  # type: ignore[no-untyped-def]
        qtbot, window, language) -> None:
    """Issue 22 (a tester's trial): an agreement signed ahead of its start. The dialog offers its start as the
    day of effect and says the days allowed beside it; the refusal appears in its own area and clears without
    moving any field, so what the officer types next lands in the field they look at."""
    from vetdesk.ui.formatting import format_date

    db = window.db
    w = make_world(db, minor=True, positions=3, rated=False, status="active")
    start, end = _not_started_yet(db, w.agreement_id)
    # The plan's new version lasts two weeks longer and still fits the term (eight more would not, and the
    # amendment would rightly be refused: the dialog then stayed open, which this scenario once hung on).
    new_plan = _slipped_plan(db, w.agreement_id, extra_weeks=2)
    plan_label = dict(amendments.plan_choices(db, w.agreement_id))[new_plan]
    person = Person(qtbot, window, f"amendment-early-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), w.reference, w.agreement_id)
    seen: dict[str, Any] = {}

    def places(dialog: QWidget) -> dict[str, Any]:
        return {name: person.find(name, root=dialog).mapTo(dialog, person.find(name, root=dialog).rect().topLeft())
                for name in (_("Rotation plan from then on"), _("New end date"), _("Effective from"),
                             _("Reason for the amendment"))}

    def fill(dialog: QWidget) -> None:
        dialog.resize(1000, 620)
        qtbot.wait(50)
        seen["offered"] = person.find(_("Effective from"), root=dialog).text()
        seen["range"] = person.find(_("Days the amendment may take effect"), root=dialog).text()
        seen["before"] = places(dialog)
        person.shot("offered", dialog)
        # It takes effect from its signing unless a day is stated: the officer states the offered one.
        seen["effect"] = person.find(_("When the amendment takes effect"), root=dialog).text()
        person.click(_("Takes effect on a stated day"), dialog)
        seen["stated"] = person.find(_("When the amendment takes effect"), root=dialog).text()
        person.type(_("Reason for the amendment"), "Cambio de la planta antes del inicio", dialog)
        person.click(_("Record amendment"), dialog)  # the plan and end as they are: refused, nothing changes
        message = person.find(_("Why the amendment is not recorded"), root=dialog)
        qtbot.waitUntil(message.isVisible, timeout=5000)
        seen["refused"] = message.text()
        seen["while_refused"] = places(dialog)
        person.shot("refused", dialog)
        person.choose(_("Rotation plan from then on"), plan_label, dialog)
        assert not message.isVisible()
        seen["after"] = places(dialog)
        person.shot("cleared", dialog)
        person.when_dialog(answer, of=QMessageBox, title=_("Record amendment"))
        person.click(_("Record amendment"), dialog)
        # Recorded (the dialog closed), not refused: a refusal would leave the dialog open and fail here.
        assert not message.isVisible(), message.text()
        seen["closed"] = not dialog.isVisible()

    def answer(box: QWidget) -> None:
        """A warning is accepted; the offer to print the recorded amendment is declined."""
        printing = f"{w.reference}-M1" in box.text()  # type: ignore[attr-defined]
        if not printing:
            person.when_dialog(answer, of=QMessageBox, title=_("Record amendment"), wait_ms=30000)
        person.press(box, QMessageBox.StandardButton.No if printing else QMessageBox.StandardButton.Yes)

    person.when_dialog(fill, of=AmendmentDialog)
    person.click(_("Record amendment…"), page.form)
    qtbot.waitUntil(lambda: _written(db)[0] == 1, timeout=30000)
    assert seen["closed"]

    # Offered the start, with the days allowed said beside the field; the refusal is only what is missing.
    assert seen["offered"] == format_date(start) and start > date.today()
    assert format_date(start) in seen["range"] and format_date(end) in seen["range"]
    assert _("The amendment changes nothing: choose another rotation plan (a new version of the plan) or another "
             "end date.") in seen["refused"]
    assert _("Effective from") not in seen["refused"] and format_date(date.today()) not in seen["refused"]
    # No field moved while the refusal showed or once it cleared.
    assert seen["before"] == seen["while_refused"] == seen["after"]
    with db.reader() as session:
        recorded = session.scalars(select(AgreementAmendment)).one()
    assert recorded.effective_on == start and recorded.rotation_plan_id == new_plan
    assert seen["effect"] == _("It takes effect from its signing by all the parties.")
    assert seen["stated"] == _("It takes effect from {day}, once signed by all the parties.").format(
        day=format_date(start))


def test_an_officer_extends_the_term_by_a_training_year_with_its_stipend_and_insurance(  # type: ignore[no-untyped-def]
        qtbot, window, language) -> None:
    """Issue 22 (re-trial): a term extended by a year was a dead end, the amendment refused for the missing year's
    stipend and the insurance that no longer covers the end, with no field to give them. The officer now types
    them in the amendment dialog, records it and prints it: the database and the printed amendment carry them."""
    from vetdesk.ui.formatting import format_date

    db = window.db
    w = make_world(db, minor=False, positions=3, rated=False, status="active", templates="both")
    new_plan = _slipped_plan(db, w.agreement_id, extra_weeks=52)
    plan_label = dict(amendments.plan_choices(db, w.agreement_id))[new_plan]
    new_end = add_months(START, 36) - timedelta(days=1)  # a whole training year more
    expiry = new_end + timedelta(days=30)
    # The programme allows it (36 months): a term past the programme's months is refused by the agreement's rule.
    records.update(db, "programmes", w.programme_id, {"duration_months": 36}, accept_warnings=True)
    person = Person(qtbot, window, f"amendment-year-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), w.reference, w.agreement_id)
    seen: dict[str, Any] = {}
    previews: list[bytes] = []

    def fill(dialog: QWidget) -> None:
        dialog.resize(1000, 700)
        seen["stipend_offered"] = person.find(_("Stipend in later training years"), root=dialog).text()
        person.choose(_("Rotation plan from then on"), plan_label, dialog)
        person.type_date(_("New end date"), new_end, dialog)
        person.type(_("Reason for the amendment"), "Un año más de formación por el paro de la planta", dialog)
        person.when_dialog(answer, of=QMessageBox, title=_("Record amendment"))
        person.click(_("Record amendment"), dialog)
        message = person.find(_("Why the amendment is not recorded"), root=dialog)
        qtbot.waitUntil(message.isVisible, timeout=5000)
        seen["refused"] = message.text()
        seen["written_after_refusal"] = _written(db)[0]
        person.shot("refused", dialog)
        person.type(_("Stipend in later training years"), "5000.00; 5600.00", dialog)
        person.type_date(_("Insurance expiry"), expiry, dialog)
        person.type(_("Years in the company"), "3", dialog)  # the modality follows the year more
        person.shot("filled", dialog)
        person.when_dialog(answer, of=QMessageBox, title=_("Record amendment"))
        person.click(_("Record amendment"), dialog)
        assert not message.isVisible(), message.text()

    def answer(box: QWidget) -> None:
        """The untaught competencies are a warning, accepted; then the amendment is printed."""
        printing = f"{w.reference}-M1" in box.text()  # type: ignore[attr-defined]
        if not printing:
            person.when_dialog(answer, of=QMessageBox, title=_("Record amendment"), wait_ms=30000)
        person.press(box, QMessageBox.StandardButton.Yes)

    def read_preview(preview: QWidget) -> None:
        assert isinstance(preview, PdfPreview)
        previews.append(preview.pdf)
        person.shot("preview", preview)
        preview.reject()

    person.when_dialog(fill, of=AmendmentDialog)
    person.when_dialog(read_preview, of=PdfPreview, wait_ms=60000)
    person.click(_("Record amendment…"), page.form)
    qtbot.waitUntil(lambda: bool(previews), timeout=60000)

    # The dialog offered the stipends as signed; the first try named what the longer term lacks, wrote nothing.
    assert seen["stipend_offered"] == "5,000.00" and seen["written_after_refusal"] == 0  # as es and en write it
    assert _("Stipend in later training years") in seen["refused"] and _("Insurance expiry") in seen["refused"]
    assert format_date(new_end) in seen["refused"] \
        and ("(la modalidad)" if language == "es" else "(the modality)") in seen["refused"]
    # Recorded with the year's stipend, the insurance that covers the new end and the years in the company: the
    # agreement takes them once every party signed it.
    assert db.get("agreements", w.agreement_id)["end_date"] == END
    signed_by_all(db, w.agreement_id)
    record = db.get("agreements", w.agreement_id)
    assert record["modality_years"] == 3
    assert (record["end_date"], record["stipend_steps"], record["insurance_expiry"]) == \
        (new_end, "5000.00; 5600.00", expiry)
    text = pdf_text(previews[0])
    assert f"{w.reference}-M1" in text and "5,600.00" in text and "POL-778899" not in text  # the policy stays
    if language == "es":
        assert "año de formación 3" in text and "Vigencia de la póliza hasta" in text
    else:
        assert "training year 3" in text and "Policy valid until" in text


def test_the_agreement_still_shows_time_at_a_position_the_amended_plan_drops(  # type: ignore[no-untyped-def]
        qtbot, window, language) -> None:
    """Issue 22 (re-trial): after an amendment to a plan version without Estación 1, the six weeks the apprentice
    spent there vanished from the agreement's rotation. The officer opening the agreement sees them, marked as no
    longer in the plan, below the plan's positions."""
    from PySide6.QtWidgets import QTableWidget

    from tests.services.test_amendments import _dropping_plan
    from vetdesk.ui.formatting import format_date

    db = window.db
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    db.amend_agreement(w.agreement_id, {"rotation_plan_id": str(_dropping_plan(db, w.agreement_id)),
                                        "effective_on": date.today().isoformat(), "reason": "Estación 1 cerrada"},
                       accept_warnings=True)
    signed_by_all(db, w.agreement_id)
    person = Person(qtbot, window, f"amendment-dropped-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), w.reference, w.agreement_id)
    table = person.find(_("Rotation"), QTableWidget, root=page.form)
    qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=5000)
    person.shot("rotation")
    rows = [[table.item(i, j).text() for j in range(table.columnCount())] for i in range(table.rowCount())]
    headers = [table.verticalHeaderItem(i).text() for i in range(table.rowCount())]
    # The plan's two positions, numbered; then the time at the dropped one, marked, with its actual dates.
    assert [r[0] for r in rows[:2]] == ["Estación 2", "Estación 3"] and headers == ["1", "2", "–"]
    assert rows[2][0] == _("{position} (no longer in the plan)").format(position="Estación 1")
    assert rows[2][3] == _("{start} – {end}").format(start=format_date(START),
                                                     end=format_date(START + timedelta(weeks=6, days=-1)))
    assert rows[2][1] == "" and rows[2][2] == "—"
    with db.reader() as session:  # the recorded time itself is untouched
        from vetdesk.storage.models import PositionPeriod

        assert session.scalar(select(func.count()).select_from(PositionPeriod)
                              .where(PositionPeriod.position_id == w.positions[0])) == 1

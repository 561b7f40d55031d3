"""What a new user's re-trial of the office's own set-up still found in the window (issue 22), driven as an
officer does it: another programme's catalogue is not poured into the chosen programme; a missing column is said
the window's way (its import's Columns step), not with a command-line option."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.scenarios.person import Person
from tests.scenarios.test_setup_trial import _open_first
from tests.services.test_training_setup import START, Office
from vetdesk.i18n import _, shown_day
from vetdesk.services import records


def _workbook(path: Any, header: list[str], rows: list[list[Any]]) -> str:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)


def test_another_programme_s_catalogue_is_refused_in_the_programme_s_form_naming_it(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path, monkeypatch) -> None:
    """The officer opens Mecatrónica and imports, by mistake, the Logística catalogue (its Carrera column names
    Logística on every row): refused, naming both programmes and what to do, and nothing is added. A file whose
    code column is headed otherwise is refused naming the window's Columns step, never --map."""
    from PySide6.QtWidgets import QFileDialog

    from tests import factories as f

    db = window.db
    meca = f.make_programme(db, code="MECA", name="Mecatrónica")
    files = {"logistica": _workbook(tmp_path / "logistica.xlsx", ["Carrera", "Clave", "Competencia"],
                                    [["Logística", "LOG-01", "Planear rutas"], ["LOG", "LOG-02", "Cargar"]]),
             "mal": _workbook(tmp_path / "mal.xlsx", ["Núm", "Competencia"], [["MEC-01", "Mantener equipos"]])}
    chosen = ["logistica"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (files[chosen[0]], ""))
    person = Person(qtbot, window, f"setup-retrial/catalogue/{language}")
    form = _open_first(person, _("Programmes"))
    person.click(_("Import competencies…"), form)
    message = form.catalogue_message.text()
    person.shot("other-programme-refused", form)
    assert "MECA Mecatrónica" in message and "Carrera" in message and "Logística" in message, message
    assert records.get(db, "programmes", meca)["competencies"] == []
    assert form.catalogue_table.rowCount() == 0
    chosen[0] = "mal"
    person.click(_("Import competencies…"), form)
    message = form.catalogue_message.text()
    person.shot("missing-column", form)
    assert "--map" not in message, message
    assert _("Columns") in message and _("&Import from a spreadsheet…").replace("&", "") in message, message
    assert records.get(db, "programmes", meca)["competencies"] == []


def test_a_learning_agreement_outlasting_its_collaboration_agreement_names_it(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path) -> None:
    """The officer extends a learning agreement past the end of the collaboration agreement between its school
    and company: the warning names that collaboration agreement, both parties and its end, and says what to do;
    the officer keeps the agreement as it was (No) and nothing is written."""
    from vetdesk.storage.models import CollaborationAgreement

    db = window.db
    office = Office(db, tmp_path)
    ends = START + timedelta(days=400)
    with db.writer() as session:
        session.get(CollaborationAgreement, office.collaboration).end_date = ends
        session.commit()
    agreement = records.create(db, "agreements", office.agreement_values()).id
    before = records.get(db, "agreements", agreement)
    person = Person(qtbot, window, f"setup-retrial/collaboration-ends/{language}")
    form = _open_first(person, _("Agreements"))
    later = date.fromisoformat(str(before["end_date"])) + timedelta(days=60)
    person.type_date(_("End date"), later, form)
    read: list[str] = []

    def read_and_refuse(box: Any) -> None:
        read.append(box.text())
        person.shot("collaboration-ends", box)
        person.press(box, QMessageBox.StandardButton.Cancel)

    answered = person.when_dialog(read_and_refuse, of=QMessageBox, title=_("Save despite warnings?"))
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: bool(answered and read), timeout=10000)
    said = _("The collaboration agreement {reference} between {school} and {company} ends on {end}, before this "
             "learning agreement ends ({agreement_end}). Record a new collaboration agreement between them from "
             "{next_day} before then, or end the learning agreement by {end}.").format(
        reference=records.get(db, "collaborations", office.collaboration)["reference"],
        school="CONALEP Querétaro II", company="Frenos del Bajío", end=shown_day(ends),
        agreement_end=shown_day(later), next_day=shown_day(ends + timedelta(days=1)))
    assert said in read[0], read[0]
    assert records.get(db, "agreements", agreement)["end_date"] == before["end_date"]


def test_a_school_whose_cct_is_of_another_state_is_warned_of_in_its_form(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """The officer types a Querétaro CCT (22…) and the state Jalisco: saving warns, naming both states; the
    officer cancels, corrects the state, and the school is saved without a question."""
    from tests.scenarios.test_office_setup import _new

    db = window.db
    person = Person(qtbot, window, f"setup-retrial/cct-state/{language}")
    person.nav(_("Schools"))
    form = _new(person, "schools")
    person.type(_("School name"), "CONALEP Querétaro II", form)
    person.type(_("School code (CCT)"), "22DPT0004Q", form)
    person.type(_("State"), "Jalisco", form)
    read: list[str] = []

    def read_and_cancel(box: Any) -> None:
        read.append(box.text())
        person.shot("cct-state-warning", box)
        person.press(box, QMessageBox.StandardButton.Cancel)

    answered = person.when_dialog(read_and_cancel, of=QMessageBox, title=_("Save despite warnings?"))
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: bool(answered and read), timeout=10000)
    said = _("The CCT {cct} begins with {digits}, the number of {cct_state}, but the school's state is {state}. "
             "Check both: correct the CCT or the state, whichever is mistyped.").format(
        cct="22DPT0004Q", digits="22", cct_state="Querétaro", state="Jalisco")
    assert said in read[0], read[0]
    assert records.count_records(db, "schools") == 0
    person.type(_("State"), "Querétaro", form)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=10000)
    assert len(read) == 1 and records.get(db, "schools", form.record_id)["state"] == "Querétaro"


def test_every_rule_the_dates_at_a_position_break_is_shown_at_once(qtbot, window, language, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The officer records the apprentice at Calidad from three days before the agreement into the time already
    recorded at Almacén: the form shows both refusals at once, and nothing is written."""
    from PySide6.QtWidgets import QDialog

    from tests.scenarios.test_office_setup import _new, _pick

    db = window.db
    office = Office(db, tmp_path)
    agreement = office.printed_agreement()
    reference = records.get(db, "agreements", agreement)["reference"]
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                     "actual_start": START, "actual_end": START + timedelta(days=9)},
                   accept_warnings=True)
    person = Person(qtbot, window, f"setup-retrial/period-rules/{language}")
    person.nav(_("Rotations"))
    form = _new(person, "rotations")
    person.when_dialog(lambda picker: _pick(person, picker, reference), of=QDialog)
    person.click(_("Choose {field}").format(field=_("Agreement")), form)
    qtbot.waitUntil(lambda: form.editors["agreement_id"].value() == agreement, timeout=10000)
    person.choose(_("Learning position"), "3. Calidad", form)
    person.type_date(_("Started there on"), START - timedelta(days=3), form)
    person.type_date(_("Left on"), START + timedelta(days=4), form)
    person.click(_("&Save"), form)
    agreement_end = date.fromisoformat(str(records.get(db, "agreements", agreement)["end_date"]))
    outside = _("{date} lies outside the agreement, which runs from {start} to {end}. Give a date inside it.").format(
        date=shown_day(START - timedelta(days=3)), start=shown_day(START), end=shown_day(agreement_end))
    overlap = _("These dates overlap the time recorded at {position} ({start} to {end}). No one is at two "
                "learning positions at a time: correct the dates here or there.").format(
        position="Almacén", start=shown_day(START), end=shown_day(START + timedelta(days=9)))

    def shown() -> str:
        import html

        return html.unescape(" ".join(label.text() for label in [form.banner, *form.messages.values()]
                                      if label.isVisible()))

    qtbot.waitUntil(lambda: outside in shown() and overlap in shown(), timeout=5000)
    person.shot("period-every-rule", form)
    assert form.record_id is None and records.count_records(db, "rotations") == 1


def test_a_curp_a_century_off_is_refused_in_the_apprentice_s_form(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """A CURP whose 17th character puts the birth a century off (a digit: 1920, 106 years ago; a letter: 2030,
    still to come) is refused on saving, naming the character and what it means; nothing is written."""
    from tests import factories as f
    from tests.scenarios.test_office_setup import _new

    db = window.db
    old = f.curp_for(date(1920, 5, 17), "H")
    person = Person(qtbot, window, f"setup-retrial/curp-century/{language}")
    person.nav(_("Apprentices"))
    form = _new(person, "apprentices")
    person.type(_("CURP"), old, form)
    person.type(_("Given names"), "José", form)
    person.type(_("First surname"), "Pérez", form)
    person.click(_("&Save"), form)

    def shown() -> str:
        import html

        return html.unescape(" ".join(label.text() for label in [form.banner, *form.messages.values()]
                                      if label.isVisible()))

    today = date.today()
    years = today.year - 1920 - ((today.month, today.day) < (5, 17))
    said = _("The CURP {value} says born on {date}, {years} years ago: its 17th character ({char}), a digit, means "
             "born before 2000. Check that character (a letter for births from 2000 on) and the birth date against "
             "the CURP document.").format(value=old, date=shown_day(date(1920, 5, 17)), years=years, char=old[16])
    qtbot.waitUntil(lambda: said in shown(), timeout=5000)
    person.shot("curp-century", form)
    assert form.record_id is None and records.count_records(db, "apprentices") == 0

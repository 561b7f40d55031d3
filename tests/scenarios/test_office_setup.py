"""An office sets up its own training from an empty database, through the window only, as an officer does it:
typing into fields found by their names, clicking buttons, picking dates in the calendar, answering dialogs.

Programme with 12 competencies imported from a spreadsheet; a company with 4 learning positions and a rotation
plan covering them; a school with an academic tutor, a liaison and its director; a coordinator; a collaboration
agreement printed, signed, brought into force and its scan attached; an apprentice with a learning agreement on
that plan, printed (annex and every signature block), signed and started; the rating grid offering the plan's positions;
the actual dates at two positions; the progress report showing them. Then the same set-up through the command
line, on a second database, gives the same records and audit entries. No demonstration data is used.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QTableWidget,
    QWidget,
    QWizard,
)
from sqlalchemy import select

from tests.factories import company_rfc, curp_for, nss
from tests.scenarios.person import Person
from vetdesk import i18n
from vetdesk.domain.dates import add_months
from vetdesk.i18n import _
from vetdesk.reports.words import short_day
from vetdesk.services import records
from vetdesk.storage.models import AuditEntry
from vetdesk.ui.checks_dialog import ChecksDialog
from vetdesk.ui.history import HistoryDialog
from vetdesk.ui.printing import PdfPreview
from vetdesk.ui.setup_forms import CoverageDialog

TODAY = date.today()
NSS = nss(7)
COLLABORATION_START = TODAY - timedelta(days=120)
START = TODAY - timedelta(days=70)
END = add_months(START, 12) - timedelta(days=1)
FIRST_LEFT = START + timedelta(days=34)
SECOND_STARTED = START + timedelta(days=35)
BIRTH = date(TODAY.year - 17, 1, 10) if TODAY.month > 1 else date(TODAY.year - 17, 1, 1)
CURP = curp_for(BIRTH, "M", n=7, state="QT", prefix="ROLM")
RFC = company_rfc(42)
POSITIONS = (("Almacén", ("MEC-01", "MEC-02", "MEC-03")), ("Taller", ("MEC-04", "MEC-05", "MEC-06")),
             ("Calidad", ("MEC-07", "MEC-08", "MEC-09")), ("Ensamble", ("MEC-10", "MEC-11", "MEC-12")))


#: Qt's own words as its qtbase catalogues have them (the window installs them for the chosen language).
QT_WORDS = {
    "es": {"next": "Siguiente >", "back": "< Atrás", "cancel": "Cancelar", "close": "Cerrar", "save": "Guardar"},
    "en": {"next": "Next >", "back": "< Back", "cancel": "Cancel", "close": "Close", "save": "Save"},
}


#: What the "Save despite warnings?" question's Save button read each time it was clicked (Qt's own word).
SAVE_BUTTONS_READ: list[str] = []


def plain(text: str) -> str:
    return text.replace("&", "")


def catalogue_file(path: Path) -> Path:
    """The programme's catalogue as a curriculum office sends it (Spanish headers)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Clave de la carrera", "Área", "Clave", "Competencia", "Descripción", "CONOCER", "Tipo"])
    for i in range(1, 13):
        ws.append(["MECA", "Mantenimiento" if i <= 6 else "Calidad", f"MEC-{i:02d}",
                   f"Competencia profesional {i}", None, "EC0217.01" if i == 1 else None,
                   "técnica" if i < 12 else "socioemocional"])
    wb.save(path)
    return path


def scan_file(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n% the signed collaboration agreement, scanned\n%%EOF\n")
    return path


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)


def sign_every_party(person: Person, dialog: QWidget, on: date) -> None:
    """Tick each party of the signatures dialog (nothing is ticked for the officer) and type the day it signed."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    from vetdesk.domain.identifiers import signature_label
    from vetdesk.ui.agreement_form import signed_box_name

    # Each tick's name and its date's label; the apprentice's as her or his recorded sex words them.
    titles = {signed_box_name(field, "", sex): records.kind("agreements").field(field).title()  # type: ignore[union-attr]
              if sex is None else signature_label(field, records.kind("agreements").field(field).label, sex)  # type: ignore[union-attr]
              for field in ("company_signed_on", "apprentice_signed_on", "guardian_signed_on", "school_signed_on",
                            "chamber_signed_on") for sex in (None, "H", "M", "X")}
    for box in dialog.findChildren(QCheckBox):
        name = box.accessibleName()
        if name not in titles or not box.isVisible():
            continue
        assert not box.isChecked(), f"{name} was ticked before the officer ticked it"
        QTest.mouseClick(box, Qt.MouseButton.LeftButton)
        label = titles[name]  # the party's date field beside its tick
        person.type(label, i18n.current().format_numeric_date(on), dialog)
        QTest.keyClick(person.find(label, QLineEdit, dialog), Qt.Key.Key_Tab)
    person.ok(dialog)


def close_saved_message(person: Person) -> None:
    """Read where the file was saved and close the message (it stays until the officer closes it)."""
    from PySide6.QtWidgets import QMessageBox

    person.qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=10000)
    box = QApplication.activeModalWidget()
    assert box.windowTitle() == _("File saved"), box.windowTitle()
    assert _("Open the &file").replace("&", "") in [b.text().replace("&", "") for b in box.buttons()]
    QTestClick(box.button(QMessageBox.StandardButton.Close))
    # Back to what was there before it (the window, or a dialog the file was saved from).
    person.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not box, timeout=3000)


def _save_form(person: Person, *, warnings: bool = False) -> Any:
    """Click Save on the open form; when it lists warnings, read them and click Save again. Returns the form."""
    from PySide6.QtWidgets import QMessageBox

    def save_anyway(box: Any) -> None:
        SAVE_BUTTONS_READ.append(box.button(QMessageBox.StandardButton.Save).text())
        person.press(box, QMessageBox.StandardButton.Save)

    answered = person.when_dialog(save_anyway, of=QMessageBox,
                                  title=_("Save despite warnings?"), wait_ms=3000)
    page = person.window.current_list()  # type: ignore[attr-defined]
    person.click(_("&Save"), page.form)
    person.qtbot.waitUntil(lambda: page.form.record_id is not None and not page.form.is_dirty(), timeout=5000)
    answered.stop()
    assert bool(answered) == warnings, answered
    return page.form


def _new(person: Person, kind: str) -> Any:
    page = person.window.current_list()  # type: ignore[attr-defined]
    person.click(_("New {kind}").format(kind=_(records.kind(kind).singular)), page)
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is None, timeout=3000)
    return page.form


def test_an_office_sets_up_its_training_through_the_window(qtbot, window, monkeypatch, tmp_path, capsys,
                                                           language) -> None:  # type: ignore[no-untyped-def]
    person = Person(qtbot, window, language)
    db = window.db
    pdf_files: list[Path] = []
    scan = scan_file(tmp_path / "convenio-firmado.pdf")

    def save_pdf_as(name: str) -> None:
        target = tmp_path / name
        pdf_files.append(target)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    # -- the welcome page: the office's details, then start empty ------------------------------------
    person.shot("welcome")
    person.type(_("Chamber name"), "Cámara Mexicano-Alemana de Comercio e Industria (CAMEXA)")
    person.click(_("Save and continue"))
    qtbot.waitUntil(lambda: window.stack.currentWidget().step == 2, timeout=3000)
    person.click(_("Start empty"))
    person.shot("started-empty")

    # -- the programme and its 12 competencies, imported from a spreadsheet -----------------------------
    person.nav(_("Programmes"))
    form = _new(person, "programmes")
    person.type(_("Programme code"), "MECA", form)
    person.type(_("Programme name"), "Mecatrónica", form)
    person.type(_("Duration (months)"), "24", form)
    person.shot("programme")
    form = _save_form(person)
    # Qt's own words speak the window's language too: the History window's Close button ("Cerrar").
    def read_history(dialog: QWidget) -> None:
        close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
        seen_words["close"] = close.text().replace("&", "")
        person.shot("history", dialog)
        person.click(QT_WORDS[language]["close"], dialog)

    seen_words: dict[str, str] = {}
    read = person.when_dialog(read_history, of=HistoryDialog)
    person.click(_("History…"), form)
    qtbot.waitUntil(lambda: bool(read), timeout=5000)
    assert seen_words["close"] == QT_WORDS[language]["close"]
    spreadsheet = catalogue_file(tmp_path / "catalogo_meca.xlsx")
    person.menu(_("&File"), _("&Import from a spreadsheet…"))
    qtbot.waitUntil(lambda: isinstance(person.modal(), QWizard), timeout=3000)
    wizard = person.modal()
    person.choose(_("Records to import"), i18n.upper_first(_("competencies")), wizard)
    person.type(_("Spreadsheet file"), str(spreadsheet), wizard)
    person.shot("import-file", wizard)
    result_page = wizard.pageIds()[-1]
    onwards = [wizard.button(QWizard.WizardButton.NextButton), wizard.button(QWizard.WizardButton.CommitButton)]

    def onward() -> Any:  # "Next", or on the preview "Import" (the step that writes)
        return next((b for b in onwards if b.isVisible() and b.isEnabled()), None)

    back = wizard.button(QWizard.WizardButton.BackButton)
    assert plain(onwards[0].text()) == QT_WORDS[language]["next"]  # Qt's own wizard buttons: "Siguiente >"
    assert plain(back.text()) == QT_WORDS[language]["back"] and plain(wizard.button(
        QWizard.WizardButton.CancelButton).text()) == QT_WORDS[language]["cancel"]

    while wizard.currentId() != result_page:  # the sheet, the columns, the preview, then the import runs
        qtbot.waitUntil(lambda: wizard.currentId() == result_page or (not wizard.busy() and onward() is not None),
                        timeout=15000)
        if wizard.currentId() == result_page:
            break
        person.shot(f"import-page-{wizard.currentId()}", wizard)
        page_before = wizard.currentId()
        QTestClick(onward())
        qtbot.waitUntil(lambda page_before=page_before: wizard.currentId() != page_before, timeout=15000)
    qtbot.waitUntil(lambda: wizard.button(QWizard.WizardButton.FinishButton).isVisible(), timeout=15000)
    person.shot("import-done", wizard)
    QTestClick(wizard.button(QWizard.WizardButton.FinishButton))
    assert records.count_records(db, "competencies") == 12
    catalogue = window.current_list().form.catalogue_table
    qtbot.waitUntil(lambda: catalogue.rowCount() == 12, timeout=5000)
    person.shot("programme-catalogue")

    # -- a company, its instructor, four learning positions and a plan covering them ---------------------
    person.nav(_("Companies"))
    form = _new(person, "companies")
    person.type(_("Company name"), "Frenos del Bajío", form)
    person.type(_("RFC (tax ID)"), RFC, form)
    person.type(_("Legal representative"), "Ana Ruiz Ortega", form)
    person.type(_("Address"), "Av. 5 de Febrero 1510, Col. San Pablo, 76130 Querétaro, Qro.", form)
    _save_form(person)
    person.shot("company")
    person.nav(_("Instructors"))
    form = _new(person, "instructors")
    person.choose(_("Company"), "Frenos del Bajío", form)
    person.type(_("Name"), "Luis Herrera", form)
    person.type(_("E-mail"), "luis.herrera@frenos.mx", form)
    person.type(_("Qualification"), "AdA-International", form)
    _save_form(person)
    person.nav(_("Learning positions"))
    for number, (name, codes) in enumerate(POSITIONS):
        form = _new(person, "positions")
        person.choose(_("Company"), "Frenos del Bajío", form)
        person.type(_("Learning position"), name, form)
        person.type(_("Department or workstation"), "Planta Querétaro", form)
        if number == 0:
            person.choose(_("Instructor responsible"), "Luis Herrera", form)
        for code in codes:
            person.tick(_("Competencies learned here"), code, form)
        if number == 0:
            person.shot("position")
        _save_form(person)
    assert records.count_records(db, "positions") == 4
    person.nav(_("Rotation plans"))
    form = _new(person, "rotation_plans")
    person.choose(_("Company"), "Frenos del Bajío", form)
    person.choose(_("Programme"), "Mecatrónica", form)
    person.type(_("Plan name"), "Plan MECA", form)
    for name, _codes in POSITIONS:
        person.choose(_("Learning position to add"), name, form)
        person.type(_("Weeks at the position"), "13", form)
        person.click(_("Add to the plan"), form)
    person.shot("rotation-plan")
    plan_form = _save_form(person)  # covers every competency: no warning
    plan = records.get(db, "rotation_plans", plan_form.record_id)
    assert [s["weeks"] for s in plan["steps"]] == [13, 13, 13, 13] and plan["total_weeks"] == 52

    # -- a school with an academic tutor and a liaison; the chamber's coordinator ------------------------
    person.nav(_("Schools"))
    form = _new(person, "schools")
    person.type(_("School name"), "CONALEP Querétaro II", form)
    person.type(_("School code (CCT)"), "22DPT0004Q", form)
    person.type(_("Address"), "Av. Tecnológico 100, Col. Centro, 76000 Querétaro, Qro.", form)
    _save_form(person)
    person.nav(_("School staff"))
    for name, role, title in (("Mtra. Elena Ruiz", _("academic tutor"), "Docente de mecatrónica"),
                              ("Ing. Pablo Soto", _("liaison officer"), "Gestor de vinculación"),
                              ("Mtra. Laura Campos", _("director (legal representative)"), "Directora del plantel")):
        form = _new(person, "tutors")
        person.choose(_("School"), "CONALEP Querétaro II", form)
        person.type(_("Name"), name, form)
        person.choose(_("Role at the school"), role, form)
        person.type(_("Job title"), title, form)
        _save_form(person)
    person.shot("school-staff")
    person.nav(_("Coordinators"))
    form = _new(person, "coordinators")
    person.type(_("Name"), "Lic. Karla Méndez", form)
    person.type(_("Job title"), "Coordinadora de formación dual", form)
    _save_form(person)

    # -- the collaboration agreement: drawn up, printed, signed, in force, its scan attached --------------
    person.nav(_("Collaboration agreements"))
    form = _new(person, "collaborations")
    person.choose(_("School"), "CONALEP Querétaro II", form)
    person.choose(_("Company"), "Frenos del Bajío", form)
    person.type_date(_("Start date"), COLLABORATION_START, form)
    person.choose(_("Signs for the school"), "Mtra. Laura Campos", form)  # its director, not the liaison
    person.choose(_("Signs for the chamber"), "Lic. Karla Méndez", form)
    person.type(_("Place of signing"), "Querétaro", form)
    form = _save_form(person)
    person.shot("collaboration-draft")
    save_pdf_as("convenio-colaboracion.pdf")
    printed = person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview,
                                 wait_ms=90000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(printed), timeout=90000)  # the document is made in the background
    close_saved_message(person)
    qtbot.waitUntil(lambda: records.get(db, "collaborations", form.record_id)["status"] == "printed", timeout=5000)
    qtbot.waitUntil(lambda: form.record.get("status") == "printed", timeout=5000)  # the form follows the print
    signed = person.when_dialog(lambda dialog: sign_every_party(person, dialog, TODAY), of=QDialog)
    person.click(_("Record signatures…"), form)
    assert signed
    started = person.when_dialog(person.ok, of=QDialog)
    person.click(_("Bring into force…"), form)
    assert started
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    person.click(_("Attach scanned copy…"), form)
    qtbot.waitUntil(lambda: form.attachment_list.count() == 1, timeout=3000)
    person.shot("collaboration-active")
    collaboration = records.get(db, "collaborations", form.record_id)
    # in force from the day the last party signed (the dialog proposes it; not before)
    assert collaboration["status"] == "active" and collaboration["activated_on"] == TODAY
    assert "Mtra. Laura Campos" in pdf_text(pdf_files[-1]) and collaboration["reference"] in pdf_text(pdf_files[-1])

    # -- the apprentice and the learning agreement with that plan ---------------------------------------
    person.nav(_("Apprentices"))
    form = _new(person, "apprentices")
    person.type(_("CURP"), CURP, form)
    person.type(_("Given names"), "Mariana", form)
    person.type(_("First surname"), "Rodríguez", form)
    person.type(_("Second surname"), "López", form)
    person.choose(_("School"), "CONALEP Querétaro II", form)
    person.type(_("Semester"), "3", form)
    person.type(_("Guardian's name"), "Laura López Pérez", form)
    person.choose(_("Guardian's relation"), _("mother"), form)  # a list of its choices
    person.type(_("Guardian's phone"), "442 555 0101", form)
    person.type(_("Address"), "Calle Hidalgo 21, Col. Centro, 76000 Querétaro, Qro.", form)
    person.type(_("Social-security number (NSS)"), NSS, form)
    person.type(_("Guardian's address"), "Calle Hidalgo 21, Col. Centro, 76000 Querétaro, Qro.", form)
    person.type(_("Guardian's ID document"), "INE 1234567890", form)
    _save_form(person)
    apprentice = form.record_id
    person.nav(_("Agreements"))
    form = _new(person, "agreements")
    person.when_dialog(lambda picker: _pick(person, picker, "Rodríguez"), of=QDialog)
    person.click(_("Choose {field}").format(field=_("Apprentice")), form)
    qtbot.waitUntil(lambda: form.editors["apprentice_id"].value() == apprentice, timeout=10000)
    person.choose(_("Company"), "Frenos del Bajío", form)
    person.choose(_("School"), "CONALEP Querétaro II", form)
    person.choose(_("Programme"), "Mecatrónica", form)
    person.choose(_("Instructor"), "Luis Herrera", form)
    person.choose(_("Academic tutor"), "Mtra. Elena Ruiz", form)
    person.choose(_("Rotation plan"), "Plan MECA", form)
    person.type_date(_("Start date"), START, form)
    person.type_date(_("End date"), END, form)
    person.type(_("Daily hours"), "6", form)
    person.type(_("Days a week at the company"), "4", form)
    person.type(_("Days a week at school"), "1", form)
    person.type(_("Years in the company"), "1", form)
    person.choose(_("Training record kept"), _("on paper"), form)
    person.type(_("Accident-insurance policy"), "POL-2026-118", form)
    person.type(_("Insurer"), "Seguros Atlas", form)
    person.type_date(_("Insurance expiry"), END + timedelta(days=30), form)
    person.type(_("Stipend"), "4500", form)
    person.choose(_("Stipend period"), _("monthly"), form)
    person.shot("agreement-new")
    SAVE_BUTTONS_READ.clear()
    form = _save_form(person, warnings=True)  # the minor's STPS permit and the insurance are still to come
    assert [plain(t) for t in SAVE_BUTTONS_READ] == [QT_WORDS[language]["save"]]  # a message box in Spanish too
    agreement = form.record_id
    save_pdf_as("convenio-aprendizaje.pdf")
    printed = person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview,
                                 wait_ms=90000)
    # The warnings saving met (the permit, the insurance) are asked again, apart, before it goes out (issue 20).
    asked = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                               title=_("Print for signature"))
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(printed), timeout=90000)
    assert asked
    close_saved_message(person)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["status"] == "printed", timeout=5000)
    text = pdf_text(pdf_files[-1])
    annex = text[text.index(_("Annex: rotation plan")):]
    assert [name in annex for name, _codes in POSITIONS] == [True] * 4 and "MEC-12" in annex
    for signatory in ("Ana Ruiz Ortega", "Mariana Rodríguez López", "Laura López Pérez", "Ing. Pablo Soto",
                      "Mtra. Elena Ruiz", "Lic. Karla Méndez"):
        assert signatory in text, signatory
    assert collaboration["reference"] in text

    def sign(dialog: QWidget) -> None:  # every party, the guardian of the minor too
        sign_every_party(person, dialog, TODAY)

    form = window.current_list().form
    qtbot.waitUntil(lambda: form.record.get("status") == "printed", timeout=5000)  # the form follows the print

    def go_on(box: QWidget) -> None:  # the warnings read (permit and insurance still to come): continue
        person.shot("agreement-warnings", box)
        QTestClick(box.button(QMessageBox.StandardButton.Yes))  # type: ignore[attr-defined]

    signed = person.when_dialog(sign, of=QDialog, title=_("Record signatures"))
    warned = person.when_dialog(go_on, of=QMessageBox, title=_("Sign agreement"))
    person.click(_("Record signatures…"), form)
    assert signed and warned
    # The minor's STPS work permit came: recorded before training starts (the agreement says it may start only
    # once the permit is issued, and starting is refused without it).
    person.type(_("STPS permit number"), "STPS/DF/2026/00042", form)
    person.type_date(_("STPS permit date"), START - timedelta(days=5), form)
    _save_form(person)
    started = person.when_dialog(person.ok, of=QDialog, title=_("Start the agreement"))
    warned = person.when_dialog(go_on, of=QMessageBox, title=_("Start agreement"), wait_ms=3000)
    person.click(_("Start (active)…"), form)
    warned.stop()
    assert started and records.get(db, "agreements", agreement)["status"] == "active"
    person.shot("agreement-active")

    # -- the rating grid offers the plan's positions ------------------------------------------------------
    offered: list[str] = []

    def read_positions(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox)
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        person.shot("rating-positions", dialog)
        dialog.reject()

    person.when_dialog(read_positions, of=QInputDialog)
    person.click(_("Rate a learning position…"), form)
    assert offered == [f"{n}. {name}" for n, (name, _codes) in enumerate(POSITIONS, start=1)]

    # -- the apprentice's actual dates at two positions ---------------------------------------------------
    person.nav(_("Rotations"))
    for position, started_on, left_on in ((f"1. {POSITIONS[0][0]}", START, FIRST_LEFT),
                                          (f"2. {POSITIONS[1][0]}", SECOND_STARTED, None)):
        form = _new(person, "rotations")
        person.when_dialog(lambda picker: _pick(person, picker, "CA-"), of=QDialog)
        person.click(_("Choose {field}").format(field=_("Agreement")), form)
        qtbot.waitUntil(lambda form=form: form.editors["agreement_id"].value() == agreement, timeout=10000)
        person.choose(_("Learning position"), position, form)
        person.type_date(_("Started there on"), started_on, form)
        if left_on is not None:
            person.type_date(_("Left on"), left_on, form)
        # Almacén left after 5 of its 13 weeks: the rotation now ends 8 weeks before the plan, warned on save
        # (issue 22's re-trial, branch fix22h) and said under the rotation.
        _save_form(person, warnings=True)
    schedule = form.findChild(QTableWidget)
    assert schedule.item(1, 5).text() and schedule.item(2, 3).text()  # the actual dates beside the plan
    assert person.find(_("Rotation warning"), root=form).isVisible()
    person.shot("rotations")

    # -- the progress report shows the actual dates --------------------------------------------------------
    person.nav(_("Apprentices"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 1, timeout=5000)
    page.table.setFocus()
    person.key(Qt.Key.Key_Down, widget=page.table)
    person.key(Qt.Key.Key_Return, widget=page.table)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == apprentice, timeout=5000)
    save_pdf_as("reporte-avance.pdf")
    reported = person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview)
    person.menu(_("&File"), _("&Print…"))
    qtbot.waitUntil(lambda: bool(reported) and pdf_files[-1].exists(), timeout=20000)
    report = pdf_text(pdf_files[-1])
    t = i18n.translator(i18n.current().locale)
    for day in (START, FIRST_LEFT, SECOND_STARTED):  # in the tables' dates, four-digit years in every language
        assert short_day(t, day) in report, day
    person.shot("progress-report-printed")

    # -- the programme's coverage, exported; the lists of the set-up; the office's strictness ------------
    person.nav(_("Programmes"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 1, timeout=5000)
    page.table.setFocus()
    person.key(Qt.Key.Key_Down, widget=page.table)
    person.key(Qt.Key.Key_Return, widget=page.table)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is not None, timeout=5000)
    exported = tmp_path / "cobertura.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(exported), ""))
    person.click(_("Coverage…"), page.form)
    def shown() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, CoverageDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=5000)
    coverage = shown()[0]
    person.shot("coverage", coverage)
    assert coverage.summary.text() == _("Every plan teaches every competency of the programme.")
    person.click(_("Export…"), coverage)
    close_saved_message(person)  # where the file went, until the officer closes it (it blocked the print below)
    assert exported.exists()
    coverage.reject()
    for label in (_("Competencies"), _("Coordinators"), _("Collaboration agreements")):
        person.nav(label)
        qtbot.waitUntil(lambda: not window.current_list().loading, timeout=5000)
        person.shot(f"list-{label}")

    # -- the database check: the set-up rules over every record find nothing in this office's set-up -------
    person.menu(_("&Tools"), _("&Check the database…"))

    def checks() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, ChecksDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(checks()), timeout=30000)
    found = checks()[0]
    person.shot("database-check", found)
    listed = [found.table.item(r, 3).text() for r in range(found.table.rowCount())]  # type: ignore[attr-defined]
    setup_codes = {"plan.coverage", "plan.term", "plan.mismatch", "position.instructor", "rotation.overlap",
                   "rotation.outside"}
    assert not [d for d in found.findings if d.finding.problem.code in setup_codes], listed  # type: ignore[attr-defined]
    assert not [t for t in listed if _("The plan's learning positions do not teach") in t]
    found.close()

    def look_at_settings(dialog: QWidget) -> None:
        person.shot("settings", dialog)
        dialog.reject()  # type: ignore[attr-defined]

    seen = person.when_dialog(look_at_settings, of=QDialog)
    person.menu(_("&Tools"), _("&Settings…"))
    assert seen
    person.shot("done")

    # -- the same set-up through the command line gives the same records and audit entries --------------
    twin = _set_up_through_the_command_line(capsys, language, tmp_path, spreadsheet, scan)
    assert _records(twin) == _records(db)
    window_trail, command_trail = _audit(db), _audit(twin)
    differing = [(w, c) for w, c in zip(window_trail, command_trail, strict=False) if w != c]
    assert not differing, differing[0]
    assert len(window_trail) == len(command_trail), (window_trail[len(command_trail):],
                                                     command_trail[len(window_trail):])


def _pick(person: Person, picker: QWidget, search: str) -> None:
    """In the search dialog: type, arrow down into the list, Enter on the first match."""
    person.type(_("Search"), search, picker)
    page = picker.page  # type: ignore[attr-defined]
    person.qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() >= 1, timeout=10000)
    person.key(Qt.Key.Key_Down, widget=page.search)
    person.key(Qt.Key.Key_Return, widget=page.table)


def _set_up_through_the_command_line(capsys: Any, language: str, tmp_path: Path, spreadsheet: Path,
                                     scan: Path) -> Any:
    """The same office's set-up, one command at a time, on a second database, in the window's language (the
    audit trail names each operation in the language of whoever did it)."""
    from vetdesk.commands import main
    from vetdesk.services.office import Office
    from vetdesk.storage.migrate import upgrade

    twin = Office.open(str(tmp_path / "twin.sqlite3"))
    upgrade(twin)

    def run(*args: str) -> str:
        capsys.readouterr()
        code = main(["--db", twin.url, "--lang", language, *args])
        out, err = capsys.readouterr()
        assert code == 0, (args, err)
        return out.strip()

    run("settings", "chamber_name=Cámara Mexicano-Alemana de Comercio e Industria (CAMEXA)")
    run("add", "programmes", "code=MECA", "name=Mecatrónica", "duration_months=24")
    run("import", "competencies", str(spreadsheet))
    run("add", "companies", "name=Frenos del Bajío", f"rfc={RFC}", "legal_representative=Ana Ruiz Ortega",
        "address=Av. 5 de Febrero 1510, Col. San Pablo, 76130 Querétaro, Qro.")
    run("add", "instructors", "company_id=1", "name=Luis Herrera", "email=luis.herrera@frenos.mx",
        "qualification=AdA-International")
    codes = {c["code"]: c["id"] for c in json.loads(run("list", "competencies", "--json"))}
    for number, (name, position_codes) in enumerate(POSITIONS):
        run("add", "positions", "company_id=1", f"name={name}", "department=Planta Querétaro",
            *(["instructor_id=1"] if number == 0 else []),
            "competency_ids=" + ",".join(str(codes[c]) for c in position_codes))
    run("add", "rotation_plans", "company_id=1", "programme_id=1", "name=Plan MECA", "steps=1:13,2:13,3:13,4:13")
    run("add", "schools", "name=CONALEP Querétaro II", "cct=22DPT0004Q",
        "address=Av. Tecnológico 100, Col. Centro, 76000 Querétaro, Qro.")
    run("add", "tutors", "school_id=1", "name=Mtra. Elena Ruiz", "role=tutor", "job_title=Docente de mecatrónica")
    run("add", "tutors", "school_id=1", "name=Ing. Pablo Soto", "role=liaison", "job_title=Gestor de vinculación")
    run("add", "tutors", "school_id=1", "name=Mtra. Laura Campos", "role=director",
        "job_title=Directora del plantel")
    run("add", "coordinators", "name=Lic. Karla Méndez", "job_title=Coordinadora de formación dual")
    run("add", "collaborations", "school_id=1", "company_id=1", f"start_date={COLLABORATION_START}",
        "school_signatory_id=3", "coordinator_id=1", "place_of_signing=Querétaro")
    run("print", "collaboration", "1", "-o", str(tmp_path / "twin-convenio.pdf"))
    run("set", "collaborations", "1", "status=signed", f"school_signed_on={TODAY}", f"company_signed_on={TODAY}",
        f"chamber_signed_on={TODAY}")
    run("set", "collaborations", "1", "status=active", f"activated_on={TODAY}")
    run("attach", "collaborations", "1", str(scan))
    run("add", "apprentices", f"curp={CURP}", "given_names=Mariana", "first_surname=Rodríguez",
        "second_surname=López", f"birth_date={BIRTH}", "sex=M", "school_id=1", "semester=3",
        "guardian_name=Laura López Pérez", "guardian_relation=madre", "guardian_phone=442 555 0101",
        "address=Calle Hidalgo 21, Col. Centro, 76000 Querétaro, Qro.", f"nss={NSS}",
        "guardian_address=Calle Hidalgo 21, Col. Centro, 76000 Querétaro, Qro.", "guardian_id_document=INE 1234567890")
    run("add", "agreements", "apprentice_id=1", "company_id=1", "school_id=1", "programme_id=1", "instructor_id=1",
        "tutor_id=1", "rotation_plan_id=1", f"start_date={START}", f"end_date={END}", "daily_hours=6",
        "company_days=4", "school_days=1", "modality_years=1", "training_record_form=paper",
        "insurance_policy=POL-2026-118", "insurance_insurer=Seguros Atlas",
        f"insurance_expiry={END + timedelta(days=30)}", "stipend_amount=4500", "stipend_period=monthly")
    run("print", "agreement", "1", "-o", str(tmp_path / "twin-convenio-aprendizaje.pdf"))
    run("set", "agreements", "1", "status=signed", *(f"{party}_signed_on={TODAY}" for party in (
        "company", "apprentice", "guardian", "school", "chamber")))
    run("set", "agreements", "1", "stps_permit_number=STPS/DF/2026/00042",
        f"stps_permit_date={START - timedelta(days=5)}")  # as in the window: the minor's permit, before starting
    # in force once every party signed (today), not from its start: what the window's Start offers (trial 4)
    run("set", "agreements", "1", "status=active", f"activated_on={TODAY}")
    run("add", "rotations", "agreement_id=1", "position_id=1", f"actual_start={START}", f"actual_end={FIRST_LEFT}")
    run("add", "rotations", "agreement_id=1", "position_id=2", f"actual_start={SECOND_STARTED}")
    run("print", "progress", "1", "-o", str(tmp_path / "twin-reporte-avance.pdf"))
    return twin


def _records(db: Any) -> dict[str, list[dict[str, Any]]]:
    """Every record of every kind, as ``vetdesk show`` gives it."""
    return {kind: [records.get(db, kind, i) for i in records.list_ids(db, kind)] for kind in records.PUBLIC_KINDS}


def _audit(db: Any) -> list[tuple[Any, ...]]:
    """Every audit entry of the records: what was done, to which record, with what values (the office's
    letterhead, typed on the welcome page or given to ``vetdesk settings``, is the office's, not a record)."""
    with db.reader() as session:
        return [(e.operation, e.username, e.kind, e.record_id, e.action, _without_time(e.changes))
                for e in session.scalars(select(AuditEntry).where(AuditEntry.kind != "settings")
                                         .order_by(AuditEntry.id))]


def _without_time(changes: dict[str, Any]) -> dict[str, Any]:
    return {side: {k: v for k, v in values.items() if k not in ("created_at", "updated_at", "added_at")}
            if isinstance(values, dict) else values for side, values in changes.items()}  # (a status change's role)


def QTestClick(button: Any) -> None:  # noqa: N802 - reads as the QTest call it is
    from PySide6.QtTest import QTest

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)



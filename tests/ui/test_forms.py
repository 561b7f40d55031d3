"""Record forms: creating through the form, messages at fields, CURP filling, warnings, conflicts."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.factories import company_rfc, curp_for, make_company
from vetdesk.services import records
from vetdesk.ui.editors import DateEditor, TextEditor
from vetdesk.ui.forms import RecordForm

pytestmark = pytest.mark.usefixtures("no_dialogs")


def _type(qtbot, form: RecordForm, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = form.editors[field]
    assert isinstance(editor, TextEditor)
    editor.line.clear()
    qtbot.keyClicks(editor.line, text)  # QtTest types ASCII only


def test_create_company_through_its_form(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    form = RecordForm(sqlite_db, "companies")
    qtbot.addWidget(form)
    rfc = company_rfc()
    _type(qtbot, form, "name", "Maquinados del Bajio S.A. de C.V.")
    _type(qtbot, form, "rfc", rfc.lower())
    _type(qtbot, form, "legal_representative", "Ana Ruiz")
    assert form.editors["rfc"].value() == rfc  # upper-cased as typed
    assert form.is_dirty()

    assert form.save()

    rows = records.list_records(sqlite_db, "companies")
    assert [(r["name"], r["rfc"], r["id_country"]) for r in rows] == [("Maquinados del Bajio S.A. de C.V.", rfc, "MX")]
    assert form.record_id == rows[0]["id"]
    assert not form.is_dirty()


def test_bad_rfc_shows_the_message_at_the_field_and_saves_nothing(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    form = RecordForm(sqlite_db, "companies")
    qtbot.addWidget(form)
    _type(qtbot, form, "name", "Empresa Equivocada")
    _type(qtbot, form, "rfc", "ABC123")

    assert not form.save()

    assert records.count_records(sqlite_db, "companies") == 0
    assert "RFC" in form.problem_text("rfc")
    assert form.problem_text("name") == ""
    assert form.record_id is None


def test_messages_appear_while_typing(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    form = RecordForm(sqlite_db, "programmes")
    qtbot.addWidget(form)
    _type(qtbot, form, "code", "MEC")
    _type(qtbot, form, "duration_months", "abc")
    qtbot.waitUntil(lambda: form.problem_text("duration_months") != "", timeout=3000)
    assert "whole number" in form.problem_text("duration_months")
    assert form.problem_text("name") == ""  # untouched required fields stay quiet until saving
    form = RecordForm(sqlite_db, "schools")
    qtbot.addWidget(form)
    _type(qtbot, form, "name", "CETIS 1")
    _type(qtbot, form, "cct", "XX")
    qtbot.waitUntil(lambda: form.problem_text("cct") != "", timeout=3000)
    _type(qtbot, form, "cct", "09DPR1802X")
    qtbot.waitUntil(lambda: form.problem_text("cct") == "", timeout=3000)


def test_valid_curp_fills_birth_date_and_sex(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    form = RecordForm(sqlite_db, "apprentices")
    qtbot.addWidget(form)
    curp = curp_for(date(2009, 7, 14), "M")
    birth = form.editors["birth_date"]
    assert isinstance(birth, DateEditor)
    assert birth.value() is None and form.editors["sex"].value() is None

    _type(qtbot, form, "curp", curp[:10])
    assert birth.value() is None  # not yet a CURP

    qtbot.keyClicks(form.editors["curp"].line, curp[10:].lower())

    assert form.editors["curp"].value() == curp
    assert birth.value() == date(2009, 7, 14)
    assert form.editors["sex"].value() == "M"


def test_warnings_ask_before_saving(qtbot, sqlite_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    company = make_company(sqlite_db)
    form = RecordForm(sqlite_db, "instructors")
    qtbot.addWidget(form)
    form.editors["company_id"].set_value(company)
    _type(qtbot, form, "name", "Ing. Sin Certificado")  # no qualification: a warning, not an error
    asked: list[str] = []

    def answer(choice):  # type: ignore[no-untyped-def]
        def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
            asked.append(text)
            return choice
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert not form.save()
    assert records.count_records(sqlite_db, "instructors") == 0
    assert asked and "qualification" in asked[0].lower()

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save))
    assert form.save()
    assert records.count_records(sqlite_db, "instructors") == 1


def test_version_conflict_reloads_and_keeps_typed_values(qtbot, sqlite_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    company = make_company(sqlite_db)
    form = RecordForm(sqlite_db, "companies", company)
    qtbot.addWidget(form)
    records.update(sqlite_db, "companies", company, {"sector": "aerospace"})  # someone else saves meanwhile
    _type(qtbot, form, "contact_name", "Laura Gomez")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)

    assert not form.save()  # refused: the record changed since it was opened

    assert form.editors["contact_name"].value() == "Laura Gomez"  # typed value kept
    assert form.editors["sector"].value() == "aerospace"  # the other change is now shown
    assert form.save()
    stored = records.get(sqlite_db, "companies", company)
    assert (stored["sector"], stored["contact_name"], stored["version"]) == ("aerospace", "Laura Gomez", 3)


def test_dirty_form_asks_before_closing(qtbot, sqlite_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui.lists import ListPage

    page = ListPage(sqlite_db, "companies")
    qtbot.addWidget(page)
    form = page.new_record()
    assert form is not None
    _type(qtbot, form, "name", "Sin Guardar S.A.")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Cancel)

    assert not page.close_form()
    assert page.form is form and asked

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    assert page.close_form()
    assert page.form is None
    assert records.count_records(sqlite_db, "companies") == 0


def test_clean_form_closes_without_asking(qtbot, sqlite_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui.lists import ListPage

    company = make_company(sqlite_db)
    page = ListPage(sqlite_db, "companies")
    qtbot.addWidget(page)
    page.open_record(company)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: (_ for _ in ()).throw(AssertionError("asked")))
    qtbot.keyClick(page.form.close_button, Qt.Key.Key_Space)
    assert page.form is None


def test_agreement_form_offers_only_the_companys_instructors(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_instructor
    from vetdesk.ui.agreement_form import AgreementForm

    company, other = make_company(sqlite_db), make_company(sqlite_db)
    mine = make_instructor(sqlite_db, company_id=company)
    make_instructor(sqlite_db, company_id=other)
    form = AgreementForm(sqlite_db, "agreements")
    qtbot.addWidget(form)
    combo = form.editors["instructor_id"].combo
    assert combo.count() == 1  # only the empty choice before a company is chosen

    form.editors["company_id"].set_value(company)

    assert [combo.itemData(i) for i in range(combo.count())] == [None, mine]


def test_a_viewer_is_refused_at_save_and_nothing_is_written(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.services.uow import Actor

    viewer_db = sqlite_db.for_principal(Actor(username="lectora", role="viewer"))
    form = RecordForm(viewer_db, "companies")
    qtbot.addWidget(form)
    _type(qtbot, form, "name", "Solo Lectura S.A.")
    _type(qtbot, form, "rfc", company_rfc())
    _type(qtbot, form, "legal_representative", "Ana Ruiz")

    assert not form.save()

    assert records.count_records(sqlite_db, "companies") == 0
    assert not form.banner.isHidden() and form.banner.text() != ""


def test_a_chosen_agreement_reads_as_its_reference_without_the_row_id(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """A new assessment's agreement showed "CA-2025-000045 (#45)": the row id is no word people use."""
    from tests.factories import make_agreement
    from vetdesk.ui.editors import RecordPicker

    agreement = make_agreement(sqlite_db)
    reference = records.get(sqlite_db, "agreements", agreement)["reference"]
    picker = RecordPicker(records.kind("assessments").field("agreement_id"), sqlite_db)  # type: ignore[arg-type]
    qtbot.addWidget(picker)
    picker.set_value(agreement)
    # The reference with its apprentice and company (issue 21's re-trial: a reference alone told nothing).
    apprentice = records.get(sqlite_db, "apprentices", records.get(sqlite_db, "agreements", agreement)["apprentice_id"])
    assert picker.line.text().startswith(reference + " · ") and "#" not in picker.line.text()
    assert apprentice["first_surname"] in picker.line.text()
    assert picker.value() == agreement


def test_the_agreement_picker_s_offers_stay_on_screen(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """Trial 21e, item 9: the agreement picker's list of offers ran off the screen's right edge (as wide as its
    longest offer, opened at the field's left). It is as wide as fits right of the field."""
    from PySide6.QtTest import QTest

    from tests.factories import make_agreement
    from vetdesk.ui.editors import RecordPicker

    for _i in range(3):
        make_agreement(sqlite_db)
    picker = RecordPicker(records.kind("assessments").field("agreement_id"), sqlite_db)  # type: ignore[arg-type]
    qtbot.addWidget(picker)
    screen = picker.screen().availableGeometry()
    picker.resize(220, picker.sizeHint().height())
    picker.move(screen.right() - 260, screen.top() + 40)  # a narrow field near the right edge
    picker.show()
    qtbot.waitExposed(picker)
    QTest.keyClicks(picker.line, "CA")
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    assert popup.geometry().right() <= screen.right() + 1, (popup.geometry(), screen)

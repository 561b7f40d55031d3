"""What a new user's trial of the office's own set-up found in the window (issue 22), driven as an officer does
it: the apprentice's actual dates that move the rotation past the agreement's end are warned of with the
position and its dates; every failing set-up rule of a learning agreement is said at once; renaming a plan that
already misses a competency is not refused by the coverage rule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox, QTableWidget

from tests.scenarios.person import Person
from tests.scenarios.test_office_setup import _new, _pick
from tests.services.test_training_setup import START, Office
from vetdesk.i18n import _, shown_day
from vetdesk.services import records


def test_actual_dates_that_move_the_rotation_past_the_end_are_warned_of(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                         tmp_path) -> None:
    db = window.db
    office = Office(db, tmp_path)
    agreement = office.printed_agreement()
    reference = records.get(db, "agreements", agreement)["reference"]
    end = records.get(db, "agreements", agreement)["end_date"]
    late = START + timedelta(weeks=13, days=10)
    person = Person(qtbot, window, f"setup-trial/rotation-past-end/{language}")
    person.nav(_("Rotations"))
    form = _new(person, "rotations")
    person.when_dialog(lambda picker: _pick(person, picker, reference), of=QDialog)
    person.click(_("Choose {field}").format(field=_("Agreement")), form)
    qtbot.waitUntil(lambda: form.editors["agreement_id"].value() == agreement, timeout=10000)
    person.choose(_("Learning position"), "1. Almacén", form)
    person.type_date(_("Started there on"), START, form)
    person.type_date(_("Left on"), late - timedelta(days=1), form)
    read: list[str] = []

    def read_and_save(box: Any) -> None:
        read.append(box.text())
        person.shot("rotation-past-end", box)
        person.press(box, QMessageBox.StandardButton.Save)

    answered = person.when_dialog(read_and_save, of=QMessageBox, title=_("Save despite warnings?"))
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=10000)
    assert answered and read
    last_start = late + timedelta(weeks=26)
    said = _("With the actual dates recorded, the rotation runs past the agreement's end ({end}): {position} is "
             "now due from {start} to {until}. Shorten the time at the positions still to come (a new version of "
             "the plan), or extend the agreement.").format(
        end=shown_day(end), position="Ensamble", start=shown_day(last_start),
        until=shown_day(last_start + timedelta(weeks=13, days=-1)))
    assert said in read[0], read[0]
    schedule = form.findChild(QTableWidget)
    assert schedule.item(3, 4).text()  # the last position's planned end is shown, past the agreement's
    assert records.get(db, "rotations", form.record_id)["actual_end"] == late - timedelta(days=1)


def _open_first(person: Person, label: str) -> Any:
    """Open the first record of a page's list with the keyboard, as an officer does."""
    from PySide6.QtCore import Qt

    person.nav(label)
    page = person.window.current_list()  # type: ignore[attr-defined]
    person.qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() >= 1, timeout=5000)
    page.table.setFocus()
    person.key(Qt.Key.Key_Down, widget=page.table)
    person.key(Qt.Key.Key_Return, widget=page.table)
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is not None, timeout=5000)
    return page.form


def test_every_failing_set_up_rule_of_an_agreement_is_shown_at_once(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                     tmp_path) -> None:
    from tests import factories as f
    from vetdesk.services.settings import save_office_settings

    db = window.db
    office = Office(db, tmp_path, collaboration=False)
    agreement = records.create(db, "agreements", office.agreement_values(), accept_warnings=True).id
    f.make_programme(db, code="LOG", name="Logística")
    save_office_settings(db, {"collaboration_rule": "error"})
    person = Person(qtbot, window, f"setup-trial/every-rule/{language}")
    form = _open_first(person, _("Agreements"))
    # The officer moves the start a week later and picks another programme: both changes meet a rule (the
    # school and company have no collaboration agreement in force; the plan is the other programme's).
    start = records.get(db, "agreements", agreement)["start_date"]
    person.type_date(_("Start date"), start + timedelta(days=7), form)
    person.choose(_("Programme"), "Log", form)
    qtbot.waitUntil(lambda: form.editors["programme_id"].value() != office.programme, timeout=10000)
    person.click(_("&Save"), form)
    mismatch = _("The rotation plan belongs to another company or programme. Choose the company's plan for this "
                 "programme.")
    from vetdesk.domain.training import collaboration_status_label

    collaboration = _("{collaboration} is {status}, not yet in force. Have it signed and bring it into force (status "
                      "active) first.").format(collaboration=_(
                          "The collaboration agreement {reference} between {school} and {company}").format(
                          reference=records.get(db, "collaborations", office.collaboration)["reference"],
                          school="CONALEP Querétaro II", company="Frenos del Bajío"),
                          status=collaboration_status_label("draft"))

    def shown() -> str:
        import html

        return html.unescape(" ".join(label.text() for label in [form.banner, *form.messages.values()]
                                      if label.isVisible()))

    qtbot.waitUntil(lambda: mismatch in shown() and collaboration in shown(), timeout=5000)
    person.shot("agreement-every-rule", form)
    assert form.is_dirty() and records.get(db, "agreements", agreement)["programme_id"] == office.programme


def test_renaming_a_plan_that_misses_a_competency_is_not_refused(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                 tmp_path) -> None:
    """The office refuses plans that miss competencies; a plan drawn up before that setting, missing three, is
    renamed in its form and saved without a refusal or a question."""
    from vetdesk.services.settings import save_office_settings

    db = window.db
    office = Office(db, tmp_path)
    short = records.create(db, "rotation_plans", {
        "company_id": office.company, "programme_id": office.programme, "name": "Plan corto",
        "steps": [{"position_id": p, "weeks": 13} for p in office.positions[:3]]}, accept_warnings=True).id
    save_office_settings(db, {"plan_coverage_rule": "error"})
    person = Person(qtbot, window, f"setup-trial/rename-plan/{language}")
    form = _open_first(person, _("Rotation plans"))
    assert form.record_id == short, form.record_id  # "Plan corto" sorts before "Plan MECA"
    asked = person.when_dialog(lambda box: box.reject(), of=QMessageBox, wait_ms=2000)
    person.type(_("Plan name"), "Plan corto 2026", form)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: not form.is_dirty(), timeout=5000)
    assert not asked
    assert records.get(db, "rotation_plans", short)["name"] == "Plan corto 2026"
    assert not form.banner.isVisible()


def test_a_catalogue_headed_as_an_office_heads_it_is_imported_in_the_programme_s_form(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path, monkeypatch) -> None:
    """The officer imports the curriculum office's file (Carrera, Clave, Nombre de la competencia, no Área) with
    the programme form's button: first a file whose code and title columns are headed otherwise (both named as
    missing, in one list), then the right one; the other programme's row is left out, and said so."""
    from openpyxl import Workbook
    from PySide6.QtWidgets import QFileDialog

    from tests import factories as f
    from vetdesk.i18n import format_list, ngettext

    db = window.db
    f.make_programme(db, code="MECA", name="Mecatrónica")
    files = {}
    for name, header in (("mal", ["Carrera", "Núm", "Texto"]),
                         ("bien", ["Carrera", "Clave", "Nombre de la competencia"])):
        wb = Workbook()
        ws = wb.active
        ws.append(header)
        ws.append(["Mecatrónica", "MEC-01", "Mantener equipos"])
        ws.append(["MECA", "MEC-02", "Trabajar en equipo"])
        ws.append(["Logística", "LOG-01", "Planear rutas"])
        wb.save(tmp_path / f"{name}.xlsx")
        files[name] = str(tmp_path / f"{name}.xlsx")
    person = Person(qtbot, window, f"setup-trial/catalogue/{language}")
    form = _open_first(person, _("Programmes"))
    chosen = ["mal"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (files[chosen[0]], ""))
    person.click(_("Import competencies…"), form)
    message = form.catalogue_message.text()
    person.shot("catalogue-missing-columns", form)
    columns = format_list([_("Competency code"), _("Competency")])
    assert message.count(columns) == 2, message  # needed, and missing: one list each time
    chosen[0] = "bien"
    person.click(_("Import competencies…"), form)
    qtbot.waitUntil(lambda: form.catalogue_table.rowCount() == 2, timeout=5000)
    assert ngettext("{n} row of another programme left out.", "{n} rows of other programmes left out.",
                    1).format(n=1) in form.catalogue_message.text()
    person.shot("catalogue-imported", form)
    assert [c["area"] for c in records.get(db, "programmes", form.record_id)["competencies"]] == \
        [_("Technical competencies")] * 2


def test_a_liaison_officer_recorded_in_the_window_becomes_the_school_s_liaison(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    from tests import factories as f
    from tests.scenarios.test_office_setup import _save_form

    db = window.db
    school = f.make_school(db, name="CONALEP Celaya")
    person = Person(qtbot, window, f"setup-trial/liaison/{language}")
    person.nav(_("School staff"))
    form = _new(person, "tutors")
    person.choose(_("School"), "CONALEP Celaya", form)
    person.type(_("Name"), "Ing. Pablo Soto", form)
    person.choose(_("Role at the school"), _("liaison officer"), form)
    _save_form(person)
    assert records.get(db, "schools", school)["liaison_name"] == "Ing. Pablo Soto"
    form = _open_first(person, _("Schools"))
    qtbot.waitUntil(lambda: form.editors["liaison_name"].value() == "Ing. Pablo Soto", timeout=5000)
    person.shot("school-liaison", form)

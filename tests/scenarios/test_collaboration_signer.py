"""Issue 22 (re-trial): the collaboration agreement printed the school's liaison as the school's signer. The
officer prints a draft whose school records only its liaison: the window says which field to fill (the director
on the school's staff, or Signs for the school) and nothing is printed; they record the director on the School
staff page and print again: the preview's PDF names the director for the school, not the liaison."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMessageBox, QWidget

from tests import factories as f
from tests.reports.conftest import pdf_text
from tests.scenarios.person import Person
from tests.scenarios.test_office_setup import _new, _save_form
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.printing import PdfPreview


def test_the_school_signs_the_collaboration_by_its_director(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    school = f.make_school(db, name="CONALEP Querétaro II", address="Av. Universidad 250, 76000 Querétaro, Qro.",
                           liaison_name="Ing. Pablo Soto")
    records.create(db, "tutors", {"school_id": school, "name": "Ing. Pablo Soto", "role": "liaison"})
    company = f.make_company(db, name="Frenos del Bajío", legal_representative="Ana Ruiz Ortega",
                             address="Av. 5 de Febrero 1510, 76130 Querétaro, Qro.")
    record_id = f.make_collaboration(db, school_id=school, company_id=company, active=False,
                                     start_date=date(2026, 1, 10))
    reference = records.get(db, "collaborations", record_id)["reference"]
    person = Person(qtbot, window, f"collaboration-signer-{language}")
    page = _open_found(person, qtbot, window, _("Collaboration agreements"), reference, record_id)
    refused: list[str] = []

    def read_refusal(box: QWidget) -> None:
        refused.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    answered = person.when_dialog(read_refusal, of=QMessageBox, title=_("Print"))
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: bool(answered), timeout=30000)
    # Said in the officer's words, with the fields to fill; nothing printed, nothing changed.
    assert _("Signs for the school") in refused[0] and _("Role at the school") in refused[0]
    assert _("director (legal representative)") in refused[0] and "school_signatory_id" not in refused[0]
    assert records.get(db, "collaborations", record_id)["status"] == "draft"

    # The director recorded on the School staff page, as an officer does it.
    person.nav(_("School staff"))
    form = _new(person, "tutors")
    person.choose(_("School"), "CONALEP Querétaro II", form)
    person.type(_("Name"), "Mtra. Laura Campos", form)
    person.choose(_("Role at the school"), _("director (legal representative)"), form)
    person.type(_("Job title"), "Directora del plantel", form)
    _save_form(person)

    # Back on the collaboration agreement still open: the director is offered at once (a trial found the list
    # unchanged until the form was closed and opened again), and chosen.
    person.nav(_("Collaboration agreements"))
    assert page.form is not None and page.form.record_id == record_id
    from PySide6.QtWidgets import QComboBox

    signer = person.find(_("Signs for the school"), QComboBox, page.form)
    qtbot.waitUntil(lambda: signer.findText("Mtra. Laura Campos") >= 0, timeout=5000)
    person.choose(_("Signs for the school"), "Mtra. Laura Campos", page.form)
    _save_form(person)
    previews: list[bytes] = []

    def read_preview(preview: QWidget) -> None:
        assert isinstance(preview, PdfPreview)
        previews.append(preview.pdf)
        person.shot("preview", preview)
        preview.reject()

    person.when_dialog(read_preview, of=PdfPreview, wait_ms=60000)
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: bool(previews), timeout=60000)
    text = pdf_text(previews[0])
    assert "Mtra. Laura Campos" in text and "Directora del plantel" in text and "Ing. Pablo Soto" not in text
    with db.reader() as session:
        from sqlalchemy import select

        from vetdesk.storage.models import AcademicTutor

        assert session.scalar(select(AcademicTutor.role).where(AcademicTutor.name == "Mtra. Laura Campos")) \
            == "director"

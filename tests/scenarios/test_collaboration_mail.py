"""A collaboration agreement's preview has the e-mail button a learning agreement's has (issue 23, a new user's
re-trial): the officer prints a draft collaboration agreement for signature, clicks "E-mail draft…" in the
preview, and gets an e-mail draft (``X-Unsent``) to the school's signatory and the company's contact with the PDF
attached; a draft e-mailed goes out for signature as one saved or printed does."""

from __future__ import annotations

import email
import io
from datetime import date
from email import policy
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _, pgettext, safe_file_name
from vetdesk.services import records
from vetdesk.ui import printing
from vetdesk.ui.printing import PdfPreview


def test_a_collaboration_agreement_is_emailed_from_its_preview(qtbot, window, language, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch) -> None:
    db = window.db
    school = f.make_school(db, name="CONALEP Querétaro II", address="Av. Universidad 250, Querétaro")
    records.create(db, "tutors", {"school_id": school, "name": "Ing. Pablo Soto", "role": "liaison",
                                  "email": "vinculacion@conalep.example.mx"})
    director = records.create(db, "tutors", {"school_id": school, "name": "Mtra. Laura Campos", "role": "director",
                                             "email": "direccion@conalep.example.mx"}).id
    company = f.make_company(db, name="Frenos del Bajío, S.A. de C.V.", legal_representative="Ana Ruiz Ortega",
                             contact_name="Lucía Ortiz", contact_email="rh@frenos.example.mx")
    coordinator = records.create(db, "coordinators", {"name": "Lic. Karla Méndez"}).id
    record_id = f.make_collaboration(db, school_id=school, company_id=company, active=False,
                                     start_date=date(2026, 1, 10), school_signatory_id=director,
                                     coordinator_id=coordinator, place_of_signing="Querétaro")
    reference = records.get(db, "collaborations", record_id)["reference"]
    person = Person(qtbot, window, f"collaboration-mail-{language}")
    page = _open_found(person, qtbot, window, _("Collaboration agreements"), reference, record_id)
    form = page.form

    target = tmp_path / "convenio.eml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened: list[str] = []
    monkeypatch.setattr(printing, "open_path", lambda path: opened.append(path) or True)
    seen: dict[str, Any] = {}

    def mail_it(preview: QWidget) -> None:
        seen["pdf"] = preview.pdf  # type: ignore[attr-defined]
        person.shot("preview", preview)

        def read_message(box: QWidget) -> None:  # where the draft was saved; then close the message
            seen["message"] = (box.windowTitle(), box.text())  # type: ignore[attr-defined]
            person.shot("draft-written", box)
            QTest.mouseClick(box.button(QMessageBox.StandardButton.Close),  # type: ignore[attr-defined]
                             Qt.MouseButton.LeftButton)

        person.when_dialog(read_message, of=QMessageBox)
        person.click(_("&E-mail draft…"), preview)
        # the message comes over the preview still open; the officer reads it, then closes the preview
        qtbot.waitUntil(lambda: "message" in seen, timeout=20000)
        close = preview.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)  # type: ignore[union-attr]
        QTest.mouseClick(close, Qt.MouseButton.LeftButton)

    mailed = person.when_dialog(mail_it, of=PdfPreview, wait_ms=60000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(mailed) and "message" in seen, timeout=60000)
    title, text = seen["message"]
    assert title == _("E-mail draft") and str(target) in text

    # the draft opens in the mail program, addressed to the school's signatory and the company's contact
    assert opened == [str(target)]
    msg = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert [a.addr_spec for a in msg["To"].addresses] == ["direccion@conalep.example.mx", "rh@frenos.example.mx"]
    assert reference in msg["Subject"] and not msg["Subject"].rstrip().endswith("–")
    body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "CONALEP Querétaro II" in body and "Frenos del Bajío, S.A. de C.V." in body and "C.V.." not in body
    assert " de ," not in body and " of ," not in body  # no apprentice's name missing from the sentence
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == safe_file_name(
        pgettext("file name", "collaboration-{reference}.pdf").format(reference=reference))
    if language == "es":  # the document's language: the window's
        assert attachment.get_filename().startswith("convenio-de-colaboracion-")
    pdf = attachment.get_content()
    assert pdf == seen["pdf"]
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert reference in text and "Mtra. Laura Campos" in text  # the school's director signs for it
    # as with a learning agreement, a draft sent out by e-mail is out for signature
    qtbot.waitUntil(lambda: records.get(db, "collaborations", record_id)["status"] == "printed", timeout=5000)

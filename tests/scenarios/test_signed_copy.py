"""Printing a signed agreement again from the window gives a copy of it, never a document to sign (issue 23,
re-trial): an officer opens an agreement in force whose accident insurance lapses before its end and prints it
(File ▸ Print…). The window warns first — the copy states the expiry — naming the field in the officer's words;
the saved PDF says "Copy — signed on …" on every page and states the policy's expiry in the cover clause; the
history records a copy's printing, not one for signature."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy import select

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _, translator
from vetdesk.services import records
from vetdesk.storage.models import AuditEntry
from vetdesk.ui.printing import PdfPreview


def test_a_signed_agreement_prints_as_a_copy_and_warns_of_a_lapsing_policy(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                          tmp_path: Path, monkeypatch) -> None:
    db = window.db
    agreement = f.make_agreement(db)
    f.activate(db, agreement)
    record = db.get("agreements", agreement)
    expiry = record["end_date"] - timedelta(days=60)
    records.update(db, "agreements", agreement, {"insurance_expiry": expiry.isoformat()}, accept_warnings=True)
    person = Person(qtbot, window, f"signed-copy-{language}")
    _open_found(person, qtbot, window, _("Agreements"), record["reference"], agreement)
    saved = tmp_path / "copia.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(saved), ""))
    warned: list[str] = []

    def read_warning(box: QWidget) -> None:
        warned.append(box.text())  # type: ignore[attr-defined]
        person.shot("warned", box)
        person.press(box, QMessageBox.StandardButton.Yes)

    def in_preview(preview: QWidget) -> None:
        person.shot("preview", preview)
        person.click(_("&Save as PDF…"), preview)

    told: list[str] = []
    person.when_dialog(read_warning, of=QMessageBox, title=_("Print a copy"))
    person.when_dialog(in_preview, of=PdfPreview, wait_ms=30000)
    person.when_dialog(lambda box: (told.append(box.text()), box.close()),  # type: ignore[attr-defined]
                       of=QMessageBox, title=_("File saved"), wait_ms=40000)
    person.menu(_("&File"), _("&Print…"))
    qtbot.waitUntil(lambda: saved.exists() and bool(told), timeout=60000)

    # warned in the officer's words: a copy, the field by its label, the expiry
    assert warned and record["reference"] in warned[0], warned
    assert _("Insurance expiry") + ":" in warned[0] and "insurance_expiry" not in warned[0]
    if language == "es":
        assert "se imprime como copia del convenio firmado" in warned[0]
    # the saved PDF is the copy of what was signed, in the window's language, and states the expiry
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    t = translator(language)
    copy = t.gettext("Copy — signed on {date}").format(date=t.format_date(date.today(), "medium"))
    assert all(copy in " ".join((p.extract_text() or "").split()) for p in reader.pages), text[-400:]
    assert t.format_date(expiry, "long") in text
    if language == "es":
        assert "No es un documento para firmar." in text and "durante todo el convenio." not in text
    # the history: a copy's printing
    with db.reader() as session:
        operations = list(session.scalars(select(AuditEntry.operation).where(
            AuditEntry.kind == "agreements", AuditEntry.record_id == agreement, AuditEntry.action == "print")))
    assert operations == ["Print a copy of the signed agreement"]  # stored as its msgid, shown translated
    assert db.get("agreements", agreement)["status"] == "active"

"""The officer hands a German company the English text of a contract that went out for signature in German, to read
before it signs: in the print preview, English and "Translation only, not for signature" ticked. The preview says
what that means, the pages say it is a translation, the history records one, and the agreement is still signed
in German (without the tick, English would become the language to sign and the copies handed out void)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox

from tests import factories as f
from tests.reports.conftest import pdf_text
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _, translator
from vetdesk.services import records
from vetdesk.ui.printing import PdfPreview


def test_a_translation_to_read_leaves_the_language_to_sign(qtbot, window, language, tmp_path,  # type: ignore[no-untyped-def]
                                                            monkeypatch) -> None:
    db = window.db
    agreement = f.make_agreement(db, start_date=date.today())
    records.print_for_signature(db, [agreement], language="de", template="bbig")
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"translation-before-signing-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    saved = tmp_path / "contract-en.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(saved), ""))
    seen: dict[str, Any] = {}

    def in_preview(preview: Any) -> None:
        seen["first"] = preview.choices.language
        box = preview.findChild(QCheckBox)
        seen["offered_in_german"] = box is not None and box.isVisible()
        person.choose(_("Document language"), "English", preview)
        qtbot.waitUntil(lambda: preview.choices.language == "en", timeout=20000)
        seen["warned"] = preview.notice.text()
        person.shot("english-for-signature", preview)
        person.click(_("Translation only, not for signature"), preview)
        qtbot.waitUntil(lambda: preview.choices.translation, timeout=20000)
        seen["notice"] = preview.notice.text()
        seen["pages"] = pdf_text(preview.pdf)
        person.shot("english-translation", preview)
        person.click(_("&Save as PDF…"), preview)

    told: list[str] = []
    person.when_dialog(in_preview, of=PdfPreview, wait_ms=40000)
    def read_saved(box: Any) -> None:
        told.append(box.text())
        box.close()

    person.when_dialog(read_saved, of=QMessageBox, title=_("File saved"), wait_ms=60000)
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: saved.exists() and bool(told), timeout=60000)

    assert seen["first"] == "de" and not seen["offered_in_german"]  # in the language to sign: nothing to offer
    # In English unticked: the core's warning that English would become the language to sign, and the way out.
    assert _("German") in seen["warned"] and _("Translation only, not for signature") in seen["warned"]
    # Ticked: what it means, and the pages say it.
    assert _("A translation to read: every page says so, and the agreement is still signed in {language}.").format(
        language=_("German")) in seen["notice"]
    assert "void" not in seen["notice"]
    pages = " ".join(seen["pages"].split())
    en = translator("en")
    assert en.gettext("Translation — not valid for signature") in pages and reference in pages
    assert " ".join(pdf_text(saved).split()) == pages
    entry = db.history("agreements", agreement)[-1]
    assert entry["action"] == "print" and entry["changes"]["after"]["language"] == "en"
    assert entry["changes"]["after"].get("translation") is True
    assert db.language_of_record(agreement) == "de"
    assert records.get(db, "agreements", agreement)["status"] == "printed"

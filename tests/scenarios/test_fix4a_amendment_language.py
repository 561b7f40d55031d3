"""Trial 4 (fix4a, item 2): an amendment had no language control. The window's preview printed it in the window's
language (English) for an agreement signed in German, and printing it in Spanish said nothing. Now the preview
opens in the language the agreement was signed in; another language chosen is a translation, which the preview
says above the pages and the document under its title and in its footer, as a signed agreement's copy does; and
it is not the amendment's printing for signature."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests import factories as f
from tests.reports.conftest import pdf_text
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _, translator
from vetdesk.services import amendments, records
from vetdesk.ui.printing import PdfPreview

TODAY = date.today()


def signed_in_german(db: Any) -> tuple[int, str]:
    """An agreement printed for signature in German in the AHK layout only, signed, with an amendment recorded."""
    agreement = f.make_agreement(db, start_date=TODAY)
    records.print_for_signature(db, [agreement], language="de", template="bbig")
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    end = records.get(db, "agreements", agreement)["end_date"] + timedelta(weeks=2)
    amendments.record_amendment(db, agreement, {"reason": "Paro técnico de la planta", "end_date": end.isoformat()},
                                accept_warnings=True)
    return agreement, records.get(db, "agreements", agreement)["reference"]


def test_an_amendment_prints_in_the_language_signed_and_another_is_a_translation(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path, monkeypatch) -> None:
    db = window.db
    agreement, reference = signed_in_german(db)
    person = Person(qtbot, window, f"fix4a-amendment-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    saved = tmp_path / "modificatorio.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(saved), ""))
    seen: dict[str, Any] = {}

    def in_preview(preview: Any) -> None:
        seen["language"] = preview.choices.language
        seen["first"] = pdf_text(preview.pdf)
        seen["notice_first"] = preview.notice.isVisible()
        person.shot("preview-de", preview)
        person.choose(_("Document language"), "Español", preview)
        qtbot.waitUntil(lambda: preview.choices.language == "es", timeout=20000)
        seen["notice"] = preview.notice.text() if preview.notice.isVisible() else ""
        seen["second"] = pdf_text(preview.pdf)
        person.shot("preview-es", preview)
        person.click(_("&Save as PDF…"), preview)

    told: list[str] = []
    person.when_dialog(in_preview, of=PdfPreview, wait_ms=40000)
    person.when_dialog(lambda box: (told.append(box.text()), box.close()),  # type: ignore[attr-defined]
                       of=QMessageBox, title=_("File saved"), wait_ms=60000)
    person.click(_("Print amendment…"), page.form)
    qtbot.waitUntil(lambda: saved.exists() and bool(told), timeout=60000)

    # The preview opened in German, the language signed, with nothing to warn about.
    de = translator("de")
    assert seen["language"] == "de" and not seen["notice_first"]
    first = " ".join(seen["first"].split())
    # In the layout signed: the AHK contract alone, which the amendment names as a contract.
    assert de.gettext("Amendment to the apprenticeship contract") in first
    assert de.gettext("Amendment to the learning agreement") not in first
    assert de.gettext("Translation — not valid for signature") not in first
    # In Spanish: the preview says it is a translation, in the words the core says (as vetdesk print amendment).
    assert seen["notice"] == db.amendment_translation_notice(agreement, "es_MX")
    assert seen["notice"] and _("German") in seen["notice"] and f"{reference}-M1" in seen["notice"]
    es = translator("es_MX")
    second = " ".join(seen["second"].split())
    assert es.gettext("Translation — not valid for signature") in second
    assert es.gettext("This is a translation: the agreement was signed in {language}, and that text is the one "
                      "that binds.").format(language=es.gettext("German")) in second
    # Saved in Spanish: recorded as a translation, not as the amendment's printing for signature.
    entry = db.history("agreements", agreement)[-1]
    assert entry["action"] == "print" and entry["changes"]["after"]["language"] == "es_MX"
    assert entry["changes"]["after"].get("translation") is True
    assert amendments.list_amendments(db, agreement)[0].get("printed_on") is None


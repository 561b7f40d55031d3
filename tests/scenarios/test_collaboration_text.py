"""The office owns the collaboration agreement's words too (issue 23: only the learning agreement's declarations and
final clauses were the office's; the collaboration agreement's clauses were in code). The administrator opens
Tools › Office texts…, chooses the collaboration agreement's clauses in the document's language, adds a clause, is
refused a name the document does not give (with its line), saves, prints the collaboration agreement from its form,
and reads the printed PDF: the clause is there, worded with the agreement's own values, and the footer names the
text's version. The other language's text is untouched."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QSpinBox

from tests import factories as f
from tests.reports.conftest import make_world
from tests.scenarios.person import Person, type_text
from tests.scenarios.test_office_text_save_check import _save_refused, _type_at_end
from vetdesk.i18n import _, translator
from vetdesk.reports.page import text_note
from vetdesk.services import clauses, records
from vetdesk.ui.clauses_dialog import ClausesDialog
from vetdesk.ui.printing import PdfPreview

#: What the administrator adds, in the document's language ({{ place }}: the agreement's place of signing).
CLAUSE = {
    "es": ("# 6. Comité de seguimiento", "Las partes forman un comité de seguimiento que se reúne cada semestre en "
                                         "{{ place }}."),
    "en": ("# 6. Follow-up committee", "The parties form a follow-up committee that meets every semester in "
                                       "{{ place }}."),
}
LANGUAGE_NAME = {"es": "Español (México)", "en": "English"}
#: Headings of the shipped text (no longer messages of the program: the office's text holds them).
SHIPPED = {"es": ("3. Compromisos de cada parte", "4. Vigencia y terminación", "5. Personal y datos personales"),
           "en": ("3. What each party undertakes", "4. Term and ending", "5. Staff and personal data")}


def _office_text(person: Person, text: str, language: str) -> tuple[ClausesDialog, QPlainTextEdit]:
    """Tools › Office texts…, the text and the document language chosen: the dialog and its editor."""
    window = person.window
    person.menu(_("&Tools"), _("Office &texts…"))
    person.qtbot.waitUntil(lambda: window.findChild(ClausesDialog) is not None
                           and window.findChild(ClausesDialog).isVisible(), timeout=5000)
    dialog = window.findChild(ClausesDialog)
    person.choose(_("Text"), text, dialog)
    person.choose(_("Language"), LANGUAGE_NAME[language], dialog)
    return dialog, person.find(_("Template text"), QPlainTextEdit, dialog)


def test_the_administrator_edits_the_collaboration_agreement_s_clauses_and_the_print_shows_them(  # type: ignore[no-untyped-def]
        qtbot, window, sqlite_db, language) -> None:
    db = sqlite_db
    world = make_world(db, minor=False, positions=1, rated=False, status="draft")
    records.create(db, "tutors", {"school_id": world.school_id, "name": "Mtra. Laura Campos", "role": "director"})
    collaboration = f.make_collaboration(db, school_id=world.school_id, company_id=world.company_id, active=False,
                                         place_of_signing="Querétaro")
    reference = records.get(db, "collaborations", collaboration)["reference"]
    person = Person(qtbot, window, f"collaboration-text-{language}")
    dialog, editor = _office_text(person, _("Collaboration agreement: clauses"), language)
    # The shipped clauses, in the document's language, and the preview on a collaboration agreement.
    assert all(f"# {heading}" in editor.toPlainText() for heading in SHIPPED[language])
    sample = person.find(_("Collaboration agreement for the preview"), QSpinBox, dialog)
    assert sample.value() == collaboration
    assert any(label.text() == _("Preview with collaboration agreement &id:") and label.isVisible()
               for label in dialog.findChildren(QLabel))

    # A name the collaboration agreement does not give (a learning agreement's) is refused with its line.
    lines = len(editor.toPlainText().split("\n"))
    _type_at_end(person, editor, "\n{{ apprentice.name }}")
    said = _save_refused(person, qtbot, dialog)
    assert said and "apprentice" in said[0] and str(lines + 1) in said[0], said
    assert clauses.current(db, "collaboration", language).version == 0  # nothing saved
    for _i in range(len("{{ apprentice.name }}")):
        QTest.keyClick(editor, Qt.Key.Key_Backspace)

    heading, sentence = CLAUSE[language]
    # Typed as a person types it, accented letters too (QTest's own key table knows ASCII only).
    _type_at_end(person, editor, "")
    for line in ("", heading, sentence):
        QTest.keyClick(editor, Qt.Key.Key_Return)
        type_text(editor, line)
    person.click(_("&Save as new version"), dialog)
    qtbot.waitUntil(lambda: clauses.current(db, "collaboration", language).version == 1, timeout=5000)
    person.shot("saved", dialog)
    saved = clauses.current(db, "collaboration", language)
    other = "en" if language == "es" else "es"
    assert clauses.current(db, "collaboration", other).version == 0  # the other language keeps its text
    dialog.close()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)

    # The collaboration agreement printed from its form, in the window's language.
    form = person.open_found(_("Collaboration agreements"), reference, collaboration)
    shown: list[bytes] = []

    def read(preview: PdfPreview) -> None:
        shown.append(preview.pdf)
        person.shot("preview", preview)
        preview.reject()

    previewed = person.when_dialog(read, of=PdfPreview, wait_ms=90000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(previewed), timeout=90000)
    reader = pypdf.PdfReader(io.BytesIO(shown[0]))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert heading[2:] in text, text
    assert sentence.replace("{{ place }}", "Querétaro") in text, text
    assert text_note(translator(language), saved) in text  # the footer names the version printed
    # The clauses before it are still there, in the document's language.
    assert all(heading in text for heading in SHIPPED[language]), text
    # Closing the preview sent nothing out for signature.
    assert records.get(db, "collaborations", collaboration)["status"] == "draft"


#: The termination clause's first sentence as shipped, and the office's correction of it (issue 23: "the office
#: cannot fix one sentence" of the numbered clauses, which were vetdesk's code).
TERMINATION = {
    "es": ('Durante el periodo de prueba, cualquiera de las partes puede dar por terminado {{ kind("este convenio", '
           '"este contrato") }} en cualquier momento y sin expresar motivos.',
           "Durante el periodo de prueba, cualquiera de las partes puede dar por terminado este convenio con aviso "
           "por escrito de tres días hábiles."),
    "en": ('During the probation period either party may end {{ kind("this agreement", "this contract") }} at any '
           'time without giving reasons.',
           "During the probation period either party may end this agreement with three working days' notice in "
           "writing."),
}


def test_the_administrator_fixes_one_sentence_of_a_numbered_clause_and_the_contract_prints_it(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path, monkeypatch) -> None:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from tests.scenarios.test_print_gate import _open_found

    db = window.db
    agreement = f.make_agreement(db, probation_months=3, stipend_steps="")
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"agreement-clause-{language}")
    dialog, editor = _office_text(person, _("Learning agreement: clauses"), language)
    shipped, corrected = TERMINATION[language]
    assert "#= termination\n{% if probation %}\n" + shipped in editor.toPlainText()
    # Select the sentence (as Ctrl+F would) and type the correction over it.
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    assert editor.find(shipped, QTextDocument.FindFlag(0))
    type_text(editor, corrected)
    person.click(_("&Save as new version"), dialog)
    qtbot.waitUntil(lambda: clauses.current(db, "agreement", language).version == 1, timeout=5000)
    saved = clauses.current(db, "agreement", language)
    dialog.close()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)

    # The agreement printed for signature from its form says the corrected sentence in its clause 9.
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    path = tmp_path / "contract.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))
    person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview, wait_ms=30000)
    told: list[str] = []
    person.when_dialog(lambda box: (told.append(box.text()), box.close()),  # type: ignore[attr-defined]
                       of=QMessageBox, title=_("File saved"), wait_ms=40000)
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: path.exists() and bool(told), timeout=60000)
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    heading = _("{number}. {title}").format(number=8, title=_("Termination"))
    assert heading in text and corrected in text and shipped not in text, text
    after = _("{number}. {title}").format(number=9, title=_("Data protection"))
    assert text.index(heading) < text.index(corrected) < text.index(after)
    assert text_note(translator(language), saved) in text  # the footer names the version printed
    # The rest of the clause and the other clauses are the shipped words.
    assert {"es": "Las partes tratan los datos personales de este convenio únicamente para cumplirlo",
            "en": "The parties process the personal data in this agreement only to carry it out"}[language] in text

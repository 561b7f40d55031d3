"""Issue 23: an office text edited in one language only was not warned of. The administrator opens Tools › Office
texts…, corrects a sentence of the collaboration agreement's clauses in one language and saves: the dialog says that
the three other languages still have the earlier words. Printing a draft collaboration agreement from its form in
one of those languages warns (and prints, with the earlier words); printing it in the edited language does not."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests import factories as f
from tests.scenarios.person import Person, type_text
from tests.scenarios.test_collaboration_text import _office_text
from vetdesk.i18n import _
from vetdesk.services import clauses, records
from vetdesk.ui.clauses_dialog import ClausesDialog
from vetdesk.ui.printing import PdfPreview

#: The sentence corrected, in the language edited (the window's), and the same sentence in German (not edited).
SENTENCE = {"es": ("con treinta días de anticipación", "con noventa días de anticipación"),
            "en": ("in writing thirty days in advance", "in writing ninety days in advance")}
OTHERS = {"es": "inglés, alemán, portugués", "en": "Spanish, German, Portuguese"}
GERMAN = "dreißig Tage im Voraus"


def _print_from_form(person: Person, qtbot, window, reference: str, collaboration: int, language_name: str,  # type: ignore[no-untyped-def]
                     warned: list[str]) -> bytes:
    form = person.open_found(_("Collaboration agreements"), reference, collaboration)
    person.choose(_("Language of the printout"), language_name, form)
    shown: list[bytes] = []

    def read_warning(box: QMessageBox) -> None:
        warned.append(box.text())
        person.shot("print-warning", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    def read(preview: PdfPreview) -> None:
        shown.append(preview.pdf)
        preview.reject()

    answered = person.when_dialog(read_warning, of=QMessageBox, wait_ms=20000)
    previewed = person.when_dialog(read, of=PdfPreview, wait_ms=90000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(previewed), timeout=90000)
    answered.stop()
    reader = pypdf.PdfReader(io.BytesIO(shown[0]))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages).encode()


def test_an_edit_in_one_language_is_warned_on_saving_and_on_printing_in_another(  # type: ignore[no-untyped-def]
        qtbot, window, sqlite_db, language) -> None:
    db = sqlite_db
    school, company = f.make_school(db), f.make_company(db)
    records.create(db, "tutors", {"school_id": school, "name": "Mtra. Laura Campos", "role": "director"})
    collaboration = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    reference = records.get(db, "collaborations", collaboration)["reference"]
    person = Person(qtbot, window, f"office-text-behind-{language}")
    dialog, editor = _office_text(person, _("Collaboration agreement: clauses"), language)
    old, new = SENTENCE[language]
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    assert editor.find(old, QTextDocument.FindFlag(0))
    type_text(editor, new)
    person.click(_("&Save as new version"), dialog)
    qtbot.waitUntil(lambda: clauses.current(db, "collaboration", language).version == 1, timeout=5000)
    status = dialog.status.text()
    person.shot("saved", dialog)
    assert OTHERS[language] in status, status  # the three languages still behind, named in the window's language
    assert dialog.status.isVisible()
    dialog.close()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    assert window.findChild(ClausesDialog) is None or not window.findChild(ClausesDialog).isVisible()

    # Printed in German (behind): a warning, then the preview with the German text as it was.
    warned: list[str] = []
    text = _print_from_form(person, qtbot, window, reference, collaboration, "Deutsch", warned).decode()
    assert len(warned) == 1 and _("Collaboration agreement: clauses") in warned[0] and _("German") in warned[0], warned
    assert GERMAN in text
    # Printed in the language edited: no warning, the corrected sentence.
    warned.clear()
    language_name = {"es": "Español", "en": "English"}[language]
    text = _print_from_form(person, qtbot, window, reference, collaboration, language_name, warned).decode()
    assert warned == [] and new in text and old not in text, (warned, text[-500:])

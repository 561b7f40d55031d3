"""Tools › Office texts…: a text that uses a name no document gives is refused when saved, with its line, even
when the agreement chosen for the preview cannot be gathered (found by a new user's trial of issue 23: the check
rendered the text with the preview agreement only, skipped it when that one could not be rendered, and the saved
text then refused every print). The check renders the text with vetdesk's built-in sample documents, always."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPlainTextEdit, QWidget

from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import clauses
from vetdesk.ui.clauses_dialog import ClausesDialog


def _type_at_end(person: Person, editor: QPlainTextEdit, text: str) -> None:
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            QTest.keyClick(editor, Qt.Key.Key_Return)
        QTest.keyClicks(editor, line)


def _save_refused(person: Person, qtbot, dialog: QWidget) -> list[str]:  # type: ignore[no-untyped-def]
    said: list[str] = []

    def read(box: QWidget) -> None:
        said.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    answered = person.when_dialog(read, of=QMessageBox)
    person.click(_("&Save as new version"), dialog)
    qtbot.waitUntil(lambda: bool(answered), timeout=10000)
    answered.stop()
    return said


def test_a_text_with_a_name_no_document_gives_is_refused_even_without_a_preview_agreement(  # type: ignore[no-untyped-def]
        qtbot, window, sqlite_db, language) -> None:
    person = Person(qtbot, window, f"office-text-check-{language}")
    person.menu(_("&Tools"), _("Office &texts…"))
    qtbot.waitUntil(lambda: window.findChild(ClausesDialog) is not None and window.findChild(ClausesDialog)
                    .isVisible(), timeout=5000)
    dialog = window.findChild(ClausesDialog)
    editor = person.find(_("Template text"), QPlainTextEdit, dialog)
    shipped_lines = len(editor.toPlainText().split("\n"))
    # There is no agreement in this office: the preview's agreement cannot be gathered.
    assert dialog.sample.value() == 1
    assert dialog.key == ("agreement", "es")  # the office's first language, whatever the window's
    # Close in the window's language (Qt's own button text stayed English in the Spanish window)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert close.text() == {"es": "Cerrar", "en": "Close"}[language]

    _type_at_end(person, editor, "\n{{ apprentice_nickname }}")
    said = _save_refused(person, qtbot, dialog)
    assert len(said) == 1
    line = shipped_lines + 1
    assert said[0].startswith(_("Line {line} of the office's text: {message}. Correct it, or reset the text to "
                                "the shipped one.").split("{line}")[0] + str(line)), said[0]
    assert "apprentice_nickname" in said[0] and "apprentice" in said[0].split("apprentice_nickname")[1]
    assert dialog.status.text() == said[0]
    assert clauses.current(sqlite_db, "agreement", "es").version == 0  # nothing saved

    # A name used only for a minor is checked too (the built-in samples include a minor with a guardian).
    for _i in range(len("{{ apprentice_nickname }}")):
        QTest.keyClick(editor, Qt.Key.Key_Backspace)
    _type_at_end(person, editor, "{% if minor %}{{ guardian_phone }}{% endif %}")
    said = _save_refused(person, qtbot, dialog)
    assert said and "guardian_phone" in said[0]
    assert clauses.current(sqlite_db, "agreement", "es").version == 0

    # A text that uses what a document gives is saved.
    for _i in range(len("{% if minor %}{{ guardian_phone }}{% endif %}")):
        QTest.keyClick(editor, Qt.Key.Key_Backspace)
    _type_at_end(person, editor, "{% if minor %}{{ guardians | join(', ') }}{% endif %}")
    person.click(_("&Save as new version"), dialog)
    qtbot.waitUntil(lambda: clauses.current(sqlite_db, "agreement", "es").version == 1, timeout=5000)
    assert "guardians | join" in clauses.current(sqlite_db, "agreement", "es").body
    person.shot("saved", dialog)

    # The e-mail text: the same check, with the names an e-mail gives.
    person.choose(_("Text"), _("E-mail sent with a document"), dialog)
    _type_at_end(person, editor, "\n{{ recipient_nickname }}")
    said = _save_refused(person, qtbot, dialog)
    assert said and "recipient_nickname" in said[0] and "recipient" in said[0].split("recipient_nickname")[1]
    assert clauses.current(sqlite_db, "mail", "es").version == 0
    dialog.close()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)

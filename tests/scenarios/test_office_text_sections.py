"""Tools › Office texts…: a text emptied, or left without a section the shipped text has, is refused when saved,
naming the sections (found by a new user's trial of issue 23: an empty collaboration text was saved as v4 and
the agreement went out for signature with no clauses). The rule is the core's (``clauses.save``): the window
says what ``vetdesk clauses save`` says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QWidget

from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import clauses
from vetdesk.ui.clauses_dialog import ClausesDialog


def _replace_all(editor: QPlainTextEdit, text: str) -> None:
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            QTest.keyClick(editor, Qt.Key.Key_Return)
        QTest.keyClicks(editor, line)


def _save_refused(person: Person, qtbot, dialog: QWidget, shot: str) -> str:  # type: ignore[no-untyped-def]
    said: list[str] = []

    def read(box: QWidget) -> None:
        said.append(box.text())  # type: ignore[attr-defined]
        person.shot(shot, box)
        person.press(box, QMessageBox.StandardButton.Ok)

    answered = person.when_dialog(read, of=QMessageBox)
    person.click(_("&Save as new version"), dialog)
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    answered.stop()
    return said[0]


def test_an_empty_or_gutted_office_text_is_refused_naming_what_is_missing(  # type: ignore[no-untyped-def]
        qtbot, window, sqlite_db, language) -> None:
    person = Person(qtbot, window, f"office-text-sections-{language}")
    person.menu(_("&Tools"), _("Office &texts…"))
    qtbot.waitUntil(lambda: window.findChild(ClausesDialog) is not None and window.findChild(ClausesDialog)
                    .isVisible(), timeout=5000)
    dialog = window.findChild(ClausesDialog)
    person.choose(_("Text"), _("Collaboration agreement: clauses"), dialog)
    assert dialog.key == ("collaboration", "es")
    editor = person.find(_("Template text"), QPlainTextEdit, dialog)

    _replace_all(editor, "# 2. Objeto\nLas partes colaboran.")
    said = _save_refused(person, qtbot, dialog, "gutted")
    for heading in ("«3. Compromisos de cada parte»", "«4. Vigencia y terminación»",
                    "«5. Personal y datos personales»"):
        assert heading in said, said
    assert "«2. Objeto»" not in said and "body" not in said
    assert dialog.status.text() == said
    assert clauses.current(sqlite_db, "collaboration", "es").version == 0  # nothing saved

    _replace_all(editor, "")
    said = _save_refused(person, qtbot, dialog, "empty")
    assert said == _("The text is empty: a document printed with it would have none of its clauses. Write the "
                     "clauses, or reset the text to the shipped one."), said
    assert clauses.current(sqlite_db, "collaboration", "es").version == 0
    dialog.close()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)

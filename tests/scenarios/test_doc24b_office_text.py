"""Trial 24b, Tools › Office texts…:

- an "{% if minor %}" typed at line 17 and never closed was refused as "Line 73 of the office's text: an
  instruction opened up to here is not closed…" (73: the end of the text, where Jinja gave up): the refusal now
  names the line that opened it and the instruction as typed;
- after loading v1 (the version printed now) back into the editor, the dialog said "An earlier version is in the
  editor; save it to print it again.": it now says that this is the version in force.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from tests.scenarios.person import Person
from tests.scenarios.test_office_text_save_check import _save_refused
from vetdesk.i18n import _
from vetdesk.services import clauses
from vetdesk.ui.clauses_dialog import ClausesDialog


def test_an_unclosed_instruction_is_named_at_its_line_and_the_version_in_force_is_said(  # type: ignore[no-untyped-def]
        qtbot, window, sqlite_db, language) -> None:
    person = Person(qtbot, window, f"doc24b-office-text-{language}")
    person.menu(_("&Tools"), _("Office &texts…"))
    qtbot.waitUntil(lambda: window.findChild(ClausesDialog) is not None and window.findChild(ClausesDialog)
                    .isVisible(), timeout=5000)
    dialog = window.findChild(ClausesDialog)
    editor = person.find(_("Template text"), QPlainTextEdit, dialog)
    assert len(editor.toPlainText().split("\n")) > 40
    # the cursor a few lines down from the top (the arrow keys move by lines as shown, wrapped), then a new
    # line typed as a person types it: its line in the text, not the end of the text, is named
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    # down past the header's comment (its length follows what the office's text explains) to a blank line between
    # two clauses, as a person goes to where they mean to add a sentence
    header_ends = next(n for n, line in enumerate(editor.toPlainText().split("\n")) if line.rstrip().endswith("#}"))
    for _i in range(200):
        cursor = editor.textCursor()
        if cursor.blockNumber() >= header_ends + 3 and not cursor.block().text().strip():  # a blank line
            break
        QTest.keyClick(editor, Qt.Key.Key_Down)
    QTest.keyClick(editor, Qt.Key.Key_End)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClicks(editor, "{% if minor %}Con el permiso de sus padres.")
    lines = editor.toPlainText().split("\n")
    typed_on = next(n for n, line in enumerate(lines, start=1)
                    if line.startswith("{% if minor %}Con el permiso de sus padres."))
    assert 5 < typed_on < len(lines) - 20, (typed_on, len(lines))
    said = _save_refused(person, qtbot, dialog)
    assert len(said) == 1
    message = _("\u201c{opened}\u201d is never closed: add \u201c{end}\u201d where its part ends").format(
        opened="{% if minor %}", end="{% endif %}")
    expected = _("Line {line} of the office's text: {message}. Correct it, or reset the text to the shipped one."
                 ).format(line=typed_on, message=message)
    assert said[0] == expected, said[0]
    assert clauses.current(sqlite_db, "agreement", "es").version == 0  # nothing saved

    # closed at the end of its line, the text is saved as v1
    QTest.keyClicks(editor, "{% endif %}")
    person.click(_("&Save as new version"), dialog)
    qtbot.waitUntil(lambda: clauses.current(sqlite_db, "agreement", "es").version == 1, timeout=5000)
    qtbot.waitUntil(lambda: dialog.versions.count() == 2, timeout=5000)
    # v1, the newest, chosen in the list of versions and loaded: it is the one printed now
    dialog.versions.setCurrentRow(0)
    person.click(_("&Load the chosen version"), dialog)
    current = clauses.current(sqlite_db, "agreement", "es")
    assert dialog.status.text() == _("This is the version in force: {label}.").format(label=current.label)
    person.shot("version-in-force", dialog)
    # the shipped text (v0), loaded: an earlier version
    dialog.versions.setCurrentRow(1)
    person.click(_("&Load the chosen version"), dialog)
    assert dialog.status.text() == _("An earlier version is in the editor; save it to print it again.")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    dialog.close()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)

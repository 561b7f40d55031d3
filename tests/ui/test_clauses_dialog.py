"""An administrator edits a clause in the window, saves it, prints: the agreement shows the edit and its text
version; a broken text is refused with its line and nothing is saved; an officer cannot save."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.reports.conftest import make_world, pdf_text
from vetdesk.reports import render
from vetdesk.services import clauses
from vetdesk.services.actors import Actor
from vetdesk.services.office import Office
from vetdesk.storage.engine import Database
from vetdesk.ui.clauses_dialog import ClausesDialog

ADMIN = Actor(username="admin", role="administrator")


def test_an_administrator_edits_a_clause_and_the_print_shows_it(sqlite_db: Database, qtbot, no_dialogs,
                                                                   monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    office = Office.of(sqlite_db, ADMIN)
    dialog = ClausesDialog(office)
    qtbot.addWidget(dialog)
    assert dialog.key == ("agreement", "es") and dialog.versions.count() == 1  # the shipped text only
    text = dialog.editor.toPlainText().replace(
        "## Jurisdicción", "## Jurisdicción\nLas partes intentarán primero una mediación ante la cámara.")
    dialog.editor.setPlainText(text)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.versions.count() == 2 and "agreement/es v1" in dialog.status.text()
    printed = pdf_text(render.agreement_pdf(office, w.agreement_id, lang="es"))
    assert "mediación ante la cámara" in printed and "Texto: versión 1 de la oficina" in printed

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, message, *a: warned.append(message))
    dialog.editor.setPlainText("# Cláusulas\n\n{{ place | sin_filtro }}\n")
    assert not dialog.save()
    assert warned and warned[0].startswith(("Línea 3", "Line 3"))
    assert clauses.current(office, "agreement", "es").version == 1  # nothing saved

    # the German text is its own
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    assert "Gerichtsstand" in dialog.editor.toPlainText() and dialog.versions.count() == 1


def test_an_officer_cannot_change_the_office_text(sqlite_db: Database, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    officer = Office.of(sqlite_db, Actor(username="bruno", role="officer"))
    dialog = ClausesDialog(officer)
    qtbot.addWidget(dialog)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, message, *a: warned.append(message))
    dialog.editor.setPlainText(dialog.editor.toPlainText() + "\nOtra cláusula.")
    assert not dialog.save() and warned
    assert clauses.current(officer, "agreement", "es").version == 0

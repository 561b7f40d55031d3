"""Ctrl+Z takes back the last operation whole or refuses it by name (issue 21, the trial of 4 December: after
loading the demonstration data, Ctrl+Z said "Undone: Fill with demonstration data" and removed one assessment)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def test_ctrl_z_after_the_demonstration_data_refuses_by_name(qtbot, window: MainWindow, sqlite_db,  # type: ignore[no-untyped-def]
                                                             language: str) -> None:
    from vetdesk.ui import welcome

    person = Person(qtbot, window, f"trial21-undo-demo-{language}")
    person.type(_("Chamber name"), "Cámara Mexicano-Alemana de Comercio e Industria (CAMEXA)")
    person.click(_("Save and continue"))
    qtbot.waitUntil(lambda: window.stack.currentWidget().step == 2, timeout=3000)
    window.stack.currentWidget().demo_apprentices = 20  # a small demonstration: the test's time, not the office's
    person.click(_("Load demonstration data"))
    qtbot.waitUntil(lambda: records.count_records(sqlite_db, "assessments") > 0
                    and not isinstance(window.stack.currentWidget(), welcome.WelcomePage), timeout=60000)
    assessments = records.count_records(sqlite_db, "assessments")
    apprentices = records.count_records(sqlite_db, "apprentices")
    said: list[str] = []

    def read(box: QWidget) -> None:
        said.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    answered = person.when_dialog(read, of=QMessageBox, title=_("Undo"))
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(answered) == 1, timeout=15000)
    assert said and _("No backup was made before it: to go back to how the database was before it, delete the "
                      "database and start again (File › New database).") in said[0], said
    assert _("Fill demonstration data") in said[0]  # the operation by its name
    assert _("Undone: {operation}").format(operation="").strip() not in window.statusBar().currentMessage()
    assert records.count_records(sqlite_db, "assessments") == assessments
    assert records.count_records(sqlite_db, "apprentices") == apprentices

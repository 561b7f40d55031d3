"""The record form as new users met it on the re-trial of issue 21 (items found after the first fixes):

- Ctrl+Z with the focus in a text field takes back what the field holds unsaved; with nothing unsaved in it, it is
  the window's *Edit > Undo last change* (the menu's shortcut): the last saved change is undone, in the form and
  in the database. Before the fix the field took the key and did nothing.
- A date field holding text that is not a date does not hide the other problems: saving says them all at once,
  each at its field, and writes nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QTableView

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _


def _open_apprentice(person: Person, window: Any, apprentice: int) -> Any:
    curp = window.db.get("apprentices", apprentice)["curp"]
    person.nav(_("Apprentices"))
    page = window.current_list()
    person.qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.type(_("Search"), curp)
    person.qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)
    table: QTableView = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(page.model.index(0, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == apprentice, timeout=5000)
    return page.form


def test_ctrl_z_in_a_field_undoes_its_typing_then_the_saved_change(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    apprentice = f.make_apprentice(db, phone="222 111 2233")
    person = Person(qtbot, window, f"form-undo-{language}")
    form = _open_apprentice(person, window, apprentice)
    phone = person.find(_("Phone"), QLineEdit, form)

    # -- typed, not saved: Ctrl+Z is the field's own undo, nothing stored changes ----------------------------
    person.type(_("Phone"), "999")
    assert phone.text() == "999" and form.is_dirty()
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, phone)
    assert phone.text() == "222 111 2233", phone.text()
    assert not form.is_dirty()
    person.shot("field-undo")

    # -- typed and saved with Ctrl+S: Ctrl+Z in the field is the window's undo of the saved change -----------
    person.type(_("Phone"), "442 555 0199")
    person.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, phone)
    qtbot.waitUntil(lambda: db.get("apprentices", apprentice)["phone"] == "442 555 0199", timeout=5000)
    qtbot.waitUntil(lambda: not form.is_dirty(), timeout=5000)
    person.shot("saved")
    assert phone.hasFocus()
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, phone)
    qtbot.waitUntil(lambda: db.get("apprentices", apprentice)["phone"] == "222 111 2233", timeout=5000)
    qtbot.waitUntil(lambda: phone.text() == "222 111 2233", timeout=5000)
    assert _("Undone: {operation}").format(operation="").strip() in window.statusBar().currentMessage()
    assert not form.is_dirty()
    person.shot("saved-change-undone")


def test_an_unreadable_date_is_said_with_every_other_problem_and_nothing_is_written(  # type: ignore[no-untyped-def]
        qtbot, window, language) -> None:
    db = window.db
    apprentice = f.make_apprentice(db)
    before = db.get("apprentices", apprentice)
    person = Person(qtbot, window, f"form-unreadable-date-{language}")
    form = _open_apprentice(person, window, apprentice)

    person.type(_("Birth date"), "30/02/2008")
    person.type(_("CURP"), "PELJ0805")
    person.type(_("Given names"), "")  # all selected: Delete empties it
    QTest.keyClick(person.find(_("Given names"), QLineEdit, form), Qt.Key.Key_Delete)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: bool(form.problem_text("birth_date")), timeout=5000)
    person.shot("every-problem")

    birth = form.problem_text("birth_date")
    assert _("Birth date") in birth and "30/02/2008" in birth and "birth_date" not in birth, birth
    curp = form.problem_text("curp")
    assert curp and "18" in curp and "8" in curp, curp  # its length, said at the field
    names = form.problem_text("given_names")
    assert names and "given_names" not in names, names
    assert db.get("apprentices", apprentice) == before  # nothing written
    assert form.is_dirty()


"""What the re-trials of issue 21 (the officer's day in the window) still found, each driven as a person drives it:
keys, typed text and clicks on widgets found by their accessible names, asserted on screen and in the database.
Screenshots go to ``screenshots/scenarios/``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.ui.main_window import MainWindow


def test_end_and_home_in_the_check_window_go_to_the_last_and_first_finding(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """*Check the database*: End did nothing (a table's End goes to the row's last cell, and a table of whole
    rows shows no cell), Home neither. End shows and selects the last finding, Home the first."""
    from vetdesk.ui.checks_dialog import ChecksDialog

    db = window.db
    for n in range(30):  # thirty companies without a legal representative: more findings than the window shows
        f.make_company(db, name=f"Troquelados {n:02d} S.A. de C.V.", legal_representative=None)
    person = Person(qtbot, window, f"ui21c-check-end-{language}")
    person.menu(_("&Tools"), _("&Check the database…"))

    def shown() -> list[Any]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, ChecksDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=20000)
    dialog = shown()[0]
    qtbot.waitExposed(dialog)
    table = person.find(_("Findings"), QTableWidget, dialog)
    last = table.rowCount() - 1
    assert last > 20 and table.currentRow() == 0
    person.key(Qt.Key.Key_End, widget=table)
    person.shot("end", dialog)
    assert table.currentRow() == last
    assert table.viewport().rect().contains(table.visualItemRect(table.item(last, 0)).center())
    assert [i.row() for i in table.selectionModel().selectedRows()] == [last]
    person.key(Qt.Key.Key_Home, widget=table)
    person.shot("home", dialog)
    assert table.currentRow() == 0
    assert table.viewport().rect().contains(table.visualItemRect(table.item(0, 0)).center())
    person.key(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, widget=table)
    assert table.currentRow() == last
    QTest.qWait(10)
    dialog.close()

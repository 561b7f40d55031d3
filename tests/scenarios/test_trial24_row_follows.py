"""The row highlighted in a list and the record open beside it never differ (new-user trial 24: a company was
open, a single click highlighted another, the officer typed a retirement day and saved — into the first company,
which had 21 apprentices in training). Driven as a person: clicks on rows, arrows, typed text, a question
answered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def _click_row(page: Any, record_id: int) -> None:
    row = page.model.row_of(record_id)
    assert row is not None
    index = page.model.index(row, 0)
    page.table.scrollTo(index)
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())


def test_a_click_on_another_row_opens_that_record_and_unsaved_changes_are_asked_about(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    db = window.db
    ids = [f.make_company(db, name=name) for name in ("Alfa Industrial", "Beta Lácteos", "Gama Controles")]
    person = Person(qtbot, window, f"trial24-row-follows-{language}")
    person.nav(_("Companies"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.complete and page.model.row_of(ids[2]) is not None,
                    timeout=10000)

    # Clicked and opened with Enter; with no record open, a click only highlights.
    _click_row(page, ids[0])
    qtbot.wait(100)
    assert page.form is None
    person.key(Qt.Key.Key_Return, widget=page.table)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == ids[0], timeout=5000)
    # Then one click on another row: that record is shown.
    _click_row(page, ids[1])
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == ids[1], timeout=5000)
    assert "Beta Lácteos" in page.form.title.text()
    assert page.table.hasFocus()  # the list keeps the keyboard
    person.shot("click-opens")

    # The arrow keys move through the list, the record following.
    order = page.model.ids()
    below = order[order.index(ids[1]) + 1] if order.index(ids[1]) + 1 < len(order) else None
    if below is not None:
        person.key(Qt.Key.Key_Down, widget=page.table)
        qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == below, timeout=5000)
        _click_row(page, ids[1])
        qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == ids[1], timeout=5000)

    # Something typed and not saved: a click on another row asks; Cancel keeps the record and its row.
    name_field = records.kind("companies").field("name").title()  # type: ignore[union-attr]
    person.type(name_field, "Beta Lácteos de Occidente", page.form)
    asked = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Cancel), of=QMessageBox)
    _click_row(page, ids[2])
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert page.form is not None and page.form.record_id == ids[1]
    assert page.model.id_at(page.table.currentIndex().row()) == ids[1]
    assert [page.model.id_at(i.row()) for i in page.table.selectionModel().selectedRows()] == [ids[1]]
    person.shot("unsaved-kept")

    # Discard: the clicked record opens, nothing was written to the first.
    asked = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Discard), of=QMessageBox)
    _click_row(page, ids[2])
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == ids[2], timeout=5000)
    assert asked
    assert records.get(db, "companies", ids[1])["name"] == "Beta Lácteos"
    person.shot("discarded")


def test_a_refusal_in_the_status_bar_goes_with_its_record(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """Retrial 25: "No se guardó: Retirada el: …" stood in the status bar while the next company was open."""
    db = window.db
    ids = [f.make_company(db, name=name) for name in ("Alfa Industrial", "Beta Lácteos")]
    person = Person(qtbot, window, f"trial24-status-goes-{language}")
    person.nav(_("Companies"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.complete and page.model.row_of(ids[1]) is not None,
                    timeout=10000)
    _click_row(page, ids[0])
    person.key(Qt.Key.Key_Return, widget=page.table)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == ids[0], timeout=5000)
    retired = records.kind("companies").field("retired_on").title()  # type: ignore[union-attr]
    person.type(retired, "3", page.form)
    person.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: retired in bar.currentMessage(), timeout=5000)
    person.shot("refused")
    asked = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Discard), of=QMessageBox)
    _click_row(page, ids[1])
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == ids[1], timeout=5000)
    assert asked
    assert retired not in bar.currentMessage(), bar.currentMessage()
    person.shot("next-record")

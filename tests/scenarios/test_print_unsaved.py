"""Printing an agreement from its form while it holds unsaved changes (found by a new user's trial of issue 21):
the window offers to save them first (Save / Discard / Cancel, in the user's language), so the PDF shows what is
on screen; after printing, the form's title and the list row both say *printed*, and a following Save does not
report a conflict with oneself."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QTableView, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.domain.lifecycle import status_label
from vetdesk.i18n import _
from vetdesk.ui.printing import PdfPreview


def _status_cell(page: Any, agreement_id: int) -> str:
    row = page.model.row_of(agreement_id)
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
    return str(page.model.data(page.model.index(row, column)))


def _close_saved_messages() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()


def test_printing_with_unsaved_changes_saves_them_first(qtbot, window, language, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    db = window.db
    agreement = f.make_agreement(db)
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"print-unsaved-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.type(_("Search"), reference)
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)
    table: QTableView = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(page.model.index(0, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == agreement, timeout=5000)
    form = page.form

    # -- Cancel: nothing is printed, the typed value stays ---------------------------------------------------
    person.type(_("Place of signing"), "Celaya, Guanajuato")
    previews: list[str] = []
    never = person.when_dialog(lambda dialog: previews.append(dialog.windowTitle()), of=PdfPreview, wait_ms=3000)
    asked: list[str] = []

    def cancel(box: QWidget) -> None:
        asked.append(box.text())  # type: ignore[attr-defined]
        person.shot("asked-to-save", box)
        person.press(box, QMessageBox.StandardButton.Cancel)

    person.when_dialog(cancel, of=QMessageBox, title=_("Unsaved changes"))
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    qtbot.wait(500)
    never.stop()
    assert not previews and db.get("agreements", agreement)["status"] == "draft"
    assert form.is_dirty() and db.get("agreements", agreement)["place_of_signing"] != "Celaya, Guanajuato"

    # -- Save: the changes are saved, the PDF shows them, the status is printed everywhere ------------------
    target = tmp_path / "convenio.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def save_as_pdf(preview: QWidget) -> None:
        person.shot("preview", preview)
        person.click(_("&Save as PDF…"), preview)

    saved = person.when_dialog(save_as_pdf, of=PdfPreview, wait_ms=30000)
    person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Save), of=QMessageBox,
                       title=_("Unsaved changes"))
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(saved) and target.is_file(), timeout=30000)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Celaya, Guanajuato" in " ".join(text.split())  # what was on screen
    printed = status_label("printed")
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["status"] == "printed", timeout=10000)
    qtbot.waitUntil(lambda: _status_cell(page, agreement) == printed, timeout=5000)
    qtbot.waitUntil(lambda: form.title.text().endswith(printed), timeout=5000)  # the form's title too
    _close_saved_messages()
    assert not form.is_dirty() and not form._steps["printed"].isVisible()
    assert form.version == db.get("agreements", agreement)["version"]
    person.shot("printed")

    # -- a following Save is no conflict with oneself -------------------------------------------------------
    person.type(_("Notes"), "Nota de prueba")
    conflicts = person.when_dialog(lambda box: box.close(), of=QMessageBox, wait_ms=2000)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["notes"] == "Nota de prueba", timeout=5000)
    qtbot.wait(300)
    conflicts.stop()
    assert not conflicts and not form.is_dirty()

    # -- Discard: the form shows the stored record again, and the preview shows it too ------------------------
    person.type(_("Notes"), "Nota que no se guarda")
    shown: list[str] = []

    def close_preview(preview: QWidget) -> None:
        shown.append(preview.windowTitle())
        preview.reject()  # type: ignore[attr-defined]

    person.when_dialog(close_preview, of=PdfPreview, wait_ms=30000)
    person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Discard), of=QMessageBox,
                       title=_("Unsaved changes"))
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert not form.is_dirty() and form.editors["notes"].value() == "Nota de prueba"
    assert db.get("agreements", agreement)["notes"] == "Nota de prueba"

"""A viewer's visit, through the window only: reads the dashboard and a record, exports the anonymised statistics
(the message offers the file and its folder) but never a list of records, and cannot change anything — New, Save,
Print, Import, Export this list, Back up and Restore are not offered, and when the viewer types into a record and
presses Ctrl+S anyway the core refuses, saying which role does not allow it; the database is unchanged.
Screenshots go to ``screenshots/scenarios/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import SIZE, Person
from vetdesk.i18n import _
from vetdesk.services.actors import Actor
from vetdesk.ui import files
from vetdesk.ui.main_window import MainWindow


@pytest.fixture
def office(sqlite_db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Seven agreements of one company and programme (a group of at least 5 shows its count), one of another."""
    company = f.make_company(sqlite_db, name="Frenos del Bajío", state="QRO")
    programme = f.make_programme(sqlite_db)
    instructor = f.make_instructor(sqlite_db, company_id=company, capacity=10)
    agreements = [f.make_agreement(sqlite_db, company_id=company, programme_id=programme, instructor_id=instructor)
                  for _n in range(7)]
    f.make_agreement(sqlite_db, company_id=f.make_company(sqlite_db, name="Aceros de Celaya"))  # a group of one
    apprentice = sqlite_db.get("agreements", agreements[0])["apprentice_id"]
    return {"apprentice": apprentice, "agreements": agreements}


@pytest.fixture
def window(qtbot, sqlite_db, qsettings, language, office, monkeypatch):  # type: ignore[no-untyped-def]
    from vetdesk.ui import tasks

    viewer = Actor(username="lectura", role="viewer")
    w = MainWindow(sqlite_db.as_user(viewer), settings=qsettings)
    w.resize(*SIZE)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    yield w
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    w.deleteLater()


def _visible_entries(window: MainWindow, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if a.isVisible() and a.text()]


def test_a_viewer_reads_and_exports_statistics_and_changes_nothing(qtbot, window, office, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   monkeypatch, language: str) -> None:
    person = Person(qtbot, window, f"viewer-{language}")
    db = window.db
    assert window.windowTitle().endswith(" — lectura")
    dashboard = window.stack.currentWidget()
    qtbot.waitUntil(lambda: dashboard.data() is not None, timeout=10000)
    person.shot("dashboard")

    # -- what a viewer is not offered -----------------------------------------------------------------
    file_menu = _visible_entries(window, _("&File"))
    for absent in (_("&New record"), _("&Save"), _("&Print…"), _("&Import from a spreadsheet…"),
                   _("&Back up the database…"), _("&Restore a backup…"), _("Print the &listed agreements…")):
        assert absent not in file_menu, absent
    # Statistics go out; a list of records (personal data in bulk) does not.
    assert _("E&xport statistics…") in file_menu and _("&Export this list…") not in file_menu
    assert not any(a.isVisible() for a in (window.new_action, window.save_action, window.wizard_action,
                                           window.users_action, window.texts_action, *window.new_in_actions))
    records_menu = _visible_entries(window, _("&Records"))
    assert _("New learning &agreement…") not in records_menu
    # The shortcuts of what is not offered do nothing either: Ctrl+N opens no new record.
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "dashboard" and QApplication.activeModalWidget() is None

    # -- the statistics, exported ---------------------------------------------------------------------
    target = tmp_path / "estadisticas.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened: list[str] = []
    monkeypatch.setattr(files, "open_path", lambda path: opened.append(str(path)) or True)
    person.menu(_("&File"), _("E&xport statistics…"))
    qtbot.waitUntil(lambda: any(b.isVisible() and b.objectName() == "saved-file-message"
                                for b in window.findChildren(QMessageBox)), timeout=10000)
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert str(target) in box.text()
    person.shot("statistics-exported", box)
    QTest.mouseClick(person.find(_("Open the file"), root=box), Qt.MouseButton.LeftButton)
    assert opened == [str(target)]
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    # Words in the viewer's language, as it is sent to a school or the chamber: no internal code.
    assert rows[0] == (_("Grouped by"), _("Group"), _("Agreement status"), _("Agreements"))
    by_company = [r for r in rows[1:] if r[0] == _("Company")]
    # The small group shows as "<5"; the only other cell of its column is hidden too ("x"), else the total of
    # drafts less 7 would give the small count away (complementary suppression).
    assert by_company == [(_("Company"), "Aceros de Celaya", _("draft"), "<5"),
                          (_("Company"), "Frenos del Bajío", _("draft"), "x")]
    if language == "es":
        assert by_company[0][:3] == ("Empresa", "Aceros de Celaya", "borrador")
        assert all(r[1].endswith(" años") for r in rows if r[0] == "Grupo de edad")
        assert {r[1] for r in rows if r[0] == "Sexo"} <= {"mujer", "hombre", "no binario"}
        cells = {str(c) for r in rows for c in r if c is not None}
        for code in ("company", "age_band", "draft", "programme", "sex", "H", "M"):
            assert code not in cells, code
    assert any(str(c).startswith("<5:") for r in rows for c in r if c)  # the note explains the masks
    assert not any("García" in str(cell) for r in rows for cell in r)  # no apprentice's name

    # -- a record read, a change refused by the core ---------------------------------------------------
    person.nav(_("Apprentices"))
    page = window.current_list()
    qtbot.waitUntil(lambda: page is not None and not page.loading and office["apprentice"] in page.model.ids(),
                    timeout=10000)
    index = page.model.index(page.model.ids().index(office["apprentice"]), 0)
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    listed = tmp_path / "aprendices.xlsx"  # Ctrl+E, Export this list's shortcut, writes nothing either
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(listed), ""))
    QTest.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(200)
    assert not listed.exists() and QApplication.activeModalWidget() is None
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == office["apprentice"], timeout=5000)
    before = db.get("apprentices", office["apprentice"])
    # The form is shown read-only to a viewer: no Save button, and what is typed does not go in.
    assert not [b for b in page.form.findChildren(QAbstractButton) if b.isVisible() and b.text() == _("&Save")]
    phone = person.find(_("Phone"), QWidget, page.form)
    shown = phone.text() if hasattr(phone, "text") else None
    person.type(_("Phone"), "442 111 2233", page.form)
    QTest.keyClick(page.form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert shown is None or phone.text() == shown
    assert not page.form.is_dirty()
    person.shot("change-refused")
    assert db.get("apprentices", office["apprentice"]) == before

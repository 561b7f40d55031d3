"""Ctrl+N for an instructor (found by a new user's trial of issue 21): on the pages where an instructor may add
records (assessments, weekly reports) the File menu offers *New record* and Ctrl+N starts one, as the list's
hint says; where they may add none (agreements, the dashboard) Ctrl+N does nothing and the hint does not offer it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests import factories as f
from tests.scenarios.person import SIZE, Person
from vetdesk.i18n import _
from vetdesk.services.actors import Actor
from vetdesk.ui.main_window import MainWindow


def _file_entry(window: MainWindow, text: str) -> Any:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == _("&File"))
    return next((a for a in menu.actions() if a.text() == text and a.isVisible()), None)


def test_ctrl_n_starts_a_record_where_an_instructor_may_add_one(qtbot, sqlite_db, qsettings, language,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from vetdesk.ui import tasks

    company = f.make_company(sqlite_db)
    instructor = f.make_instructor(sqlite_db, company_id=company)
    agreement = f.make_agreement(sqlite_db, company_id=company, instructor_id=instructor)
    f.activate(sqlite_db, agreement)
    actor = Actor(username="inst15", role="instructor", instructor_id=instructor)
    window = MainWindow(sqlite_db.as_user(actor), settings=qsettings)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    person = Person(qtbot, window, f"instructor-new-{language}")
    try:
        new = _file_entry(window, _("&New record"))
        assert new is not None  # the File menu offers it (an instructor adds assessments and weekly reports)
        # The dashboard's Ctrl+N starts an agreement, which an instructor may not add: nothing happens.
        assert not new.isEnabled()
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.activeModalWidget() is None and window.current_key() == "dashboard"

        for label, kind in ((_("Assessments"), "assessments"), (_("Weekly reports"), "logbook")):
            person.nav(label)
            page = window.current_list()
            qtbot.waitUntil(lambda page=page: not page.loading, timeout=10000)
            assert page.kind == kind and new.isEnabled()
            assert "Ctrl+N" in page.open_hint.text()
            QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton)
            QTest.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda page=page: page.form is not None and page.form.record_id is None, timeout=5000)
            person.shot(f"new-{kind}")
            monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
            page.close_form()
            qtbot.waitUntil(lambda page=page: page.form is None, timeout=5000)

        person.nav(_("Agreements"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)
        assert not new.isEnabled() and "Ctrl+N" not in page.open_hint.text()
        QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=page.table.visualRect(page.model.index(0, 0)).center())
        QTest.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(300)
        assert QApplication.activeModalWidget() is None and page.form is None
        person.shot("agreements")
    finally:
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        window.close()
        window.deleteLater()

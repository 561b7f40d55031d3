"""The officer's exchange file as a new user's trial of issue 25 met it (fix25h), in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QMessageBox

from tests.logbook.conftest import OFFICER, World
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import logbook
from vetdesk.storage.models import LogbookWeek

#: The weekly reports' world of the logbook scenarios.
world = scenes.world


def _export(person: Person, qtbot, monkeypatch, book: Path, shot: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Write Iván's workbook from the File menu; the message boxes shown, (title, text)."""
    said: list[tuple[str, str]] = []

    def answer(box: QMessageBox) -> None:
        said.append((box.windowTitle(), box.text()))
        person.shot(shot, box)
        box.accept()

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(book), ""))
    answered = person.when_dialog(answer, of=QMessageBox)
    person.menu(_("&File"), _("&Weekly reports for an instructor…"))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=3000)
    dialog = person.modal()
    person.choose(_("Instructor"), "Ing. Iván Robles", dialog)
    person.click(_("Choose…"), dialog)
    person.press(dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)
    qtbot.waitUntil(lambda: bool(answered), timeout=10000)
    if dialog.isVisible():
        dialog.reject()
    return said


def test_the_officer_writes_the_file_after_returning_a_week(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Olga returns Iván's week 3 for correction, then writes his workbook from the window: it is written (the
    export crashed on the returned week's day); a fault inside vetdesk shows the app's own message, not a crash."""
    from sqlalchemy import select

    w: World = world
    with w.db.reader() as session:
        week = session.scalar(select(LogbookWeek.id).where(LogbookWeek.agreement_id == w.mine,
                                                           LogbookWeek.week_start == w.week(3)))
    logbook.review(w.db, week, decision="return", note="corrija")
    window = scenes._window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"export-returned-{language}")
    try:
        said = _export(person, qtbot, monkeypatch, tmp_path / "ivan.xlsx", "written")
        assert (tmp_path / "ivan.xlsx").exists()
        assert "Iván Robles" in said[0][1] and str(tmp_path / "ivan.xlsx") in said[0][1], said
        # A fault of vetdesk's own while writing: the app's message (the log for IT) through the excepthook the
        # application installs at its start (ui.app), the window goes on.
        import sys

        from vetdesk.ui import app

        monkeypatch.setattr(sys, "excepthook", app.handle_exception)
        monkeypatch.setattr(type(w.db), "export_weeks", lambda *a, **k: 1 / 0)
        said = _export(person, qtbot, monkeypatch, tmp_path / "again.xlsx", "fault")
        assert "vetdesk.log" in said[0][1] and "ZeroDivision" not in said[0][1], said  # the log file named
        assert not (tmp_path / "again.xlsx").exists() and window.isVisible()
    finally:
        scenes._close(qtbot, window, monkeypatch)


def test_instructor_mode_refuses_a_minor_s_hours_as_the_import_does(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Iván's 16-year-old apprentice may be at the company 32 hours a week (4 days of 8, no overtime): he types
    40 in instructor mode and the rule's words are said under the field and on approving, the approval is not
    written; with 32 the week is approved, saved, and the office takes it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QListWidget

    from tests.logbook.test_trial25h import _minor
    from tests.scenarios.test_logbook_trial import _close_instructor_mode, _instructor_mode, _open_week
    from vetdesk.services import exchange, records

    w: World = world
    minor = _minor(w)
    book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"instructor-minor-hours-{language}")
    try:
        weeks = person.find(_("Open weeks"), QListWidget)
        n = next(i for i in range(weeks.count()) if "Benítez" in weeks.item(i).text()
                 and window.weeks[i].monday < w.week(5))
        _open_week(person, weeks, n)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
        person.type(_("What was done and learnt at the company"), "Torneado de ejes")
        person.type(_("Hours at the company"), "40")
        QTest.keyClick(window.hours, Qt.Key.Key_Tab)
        problem = window.hours_problems["hours"]
        qtbot.waitUntil(lambda: problem.isVisible(), timeout=3000)
        assert "32" in problem.text() and "16" in problem.text(), problem.text()
        person.shot("hours-40")
        said: list[str] = []
        told = person.when_dialog(lambda box: (said.append(box.text()), box.accept()), of=QMessageBox)
        person.click(_("Approve (countersign)"))
        qtbot.waitUntil(lambda: bool(told), timeout=15000)
        assert problem.text() in said[0] and window.weeks[n].decision == ""
        person.type(_("Hours at the company"), "32")
        person.click(_("Approve (countersign)"))
        qtbot.waitUntil(lambda: window.weeks[n].decision != "", timeout=3000)
        saved = person.when_dialog(lambda box: box.accept(), of=QMessageBox)
        person.click(_("Save to the file"))
        qtbot.waitUntil(lambda: bool(saved) or not window.isWindowModified(), timeout=5000)
    finally:
        _close_instructor_mode(window, monkeypatch)
    exchange.import_workbook(w.db.as_user(OFFICER), book)
    week = next(r for r in records.list_records(w.db, "logbook")
                if r["agreement_id"] == minor and r["week_start"] == window.weeks[n].monday)
    assert week["status"] == "approved" and str(week["hours"]).startswith("32")


def test_instructor_mode_opens_a_file_with_a_pasted_page_in_one_cell(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Iván pasted 200,000 characters into one week's text in a spreadsheet program: instructor mode opens the
    file (it refused it whole), names that cell with the field's limit above the list, opens it empty, and shows
    the other week's text as he typed it."""
    from PySide6.QtWidgets import QLabel, QListWidget

    from tests.logbook.conftest import fill
    from tests.scenarios.person import SIZE
    from tests.scenarios.test_logbook_trial import _close_instructor_mode, _open_week
    from vetdesk.services import exchange
    from vetdesk.ui.instructor_mode import open_window

    w: World = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    first, activities = exchange.FIRST_ROW, exchange.ACTIVITIES + 1
    filled = fill(book, tmp_path / "ivan-pasted.xlsx", {(first, activities): "x" * 200_000,
                                                        (first + 1, activities): "Ajuste de rodamientos"})
    window = open_window(filled)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"instructor-pasted-{language}")
    try:
        said = person.find(_("Cells to fill in again"), QLabel)
        assert said.isVisible() and "4" in said.text() and window.weeks[0].apprentice in said.text(), said.text()
        person.shot("opened")
        weeks = person.find(_("Open weeks"), QListWidget)
        _open_week(person, weeks, 1)
        assert window.activities.toPlainText() == "Ajuste de rodamientos"
        _open_week(person, weeks, 0)
        assert window.activities.toPlainText() == ""
    finally:
        _close_instructor_mode(window, monkeypatch)

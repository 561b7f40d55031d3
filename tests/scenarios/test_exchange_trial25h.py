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
        # A fault of vetdesk's own while writing: the app's message (the log for IT), the window goes on.
        monkeypatch.setattr(type(w.db), "export_weeks", lambda *a, **k: 1 / 0)
        said = _export(person, qtbot, monkeypatch, tmp_path / "again.xlsx", "fault")
        assert "vetdesk.log" in said[0][1] and "ZeroDivision" not in said[0][1], said  # the log file named
        assert not (tmp_path / "again.xlsx").exists() and window.isVisible()
    finally:
        scenes._close(qtbot, window, monkeypatch)

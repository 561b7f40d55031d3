"""The exchange file as the re-trial of issue 25 left it (ex25c): an officer takes back a company's file and is asked
who filled it in and approved it — the weeks are countersigned in that person's name, and another instructor's
apprentice's weeks are not taken, said by name; instructor mode warns of hours beyond the attendance chosen while
the instructor types, in the office form's words, and offers no Saturday for a five-day agreement."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QTableWidget,
    QWidget,
)
from sqlalchemy import select

from tests.logbook.conftest import OFFICER, World, fill
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from tests.scenarios.test_logbook import _close, _window
from tests.scenarios.test_logbook_trial import _close_instructor_mode, _instructor_mode, _open_week
from vetdesk.domain import logbook as L
from vetdesk.i18n import _, ngettext
from vetdesk.services import exchange
from vetdesk.services.logbook_kinds import countersignatures
from vetdesk.storage.models import LogbookWeek

#: The weekly reports' world of the logbook scenarios: both apprentices' weeks 0-4 handed in; Iván's weeks 0-2 and
#: Irma's 0-3 countersigned.
world = scenes.world

DECISION, KEY = 17, 1


def _week_status(w: World, agreement: int, n: int) -> tuple[str, list[str]]:
    with w.db.reader() as session:
        week = session.scalars(select(LogbookWeek).where(LogbookWeek.agreement_id == agreement,
                                                         LogbookWeek.week_start == w.week(n))).one()
        signed = countersignatures(session, [week.id]) if week.status == "approved" else {}
        return week.status, [c.sentence for c in signed.values()]


def _answer_message_box(person: Person, parent: QWidget) -> list[str]:
    """Press OK on the message box ``parent`` opens next (found among its own children); its text once answered."""
    said: list[str] = []

    def answer(tries: int = 600) -> None:
        try:
            boxes = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
        except RuntimeError:  # the dialog is gone (the test failed): nothing left to answer
            return
        if boxes:
            said.append(boxes[-1].text())
            person.press(boxes[-1], QMessageBox.StandardButton.Ok)
        elif tries > 0:
            QTimer.singleShot(50, lambda: answer(tries - 1))

    QTimer.singleShot(50, answer)
    return said


def test_an_officer_says_who_approved_a_company_s_file_and_sees_what_was_not_taken(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "company.xlsx", company_id=w.company,
                                    language=language).path
    ws = openpyxl.load_workbook(book).worksheets[0]
    row_of = {str(ws.cell(r, KEY).value): r for r in range(exchange.FIRST_ROW, ws.max_row + 1)}
    mine = row_of[f"{w.mine}:{w.week(3).isoformat()}"]
    theirs = row_of[f"{w.other}:{w.week(4).isoformat()}"]
    # The company's training lead, Iván, approves both weeks in the file (Irma's apprentice's too).
    filled = fill(book, tmp_path / "company-filled.xlsx", {(mine, DECISION): _("approve (countersign)"),
                                                           (theirs, DECISION): _("approve (countersign)")})
    window = _window(qtbot, w.db, qsettings, monkeypatch)
    person = Person(qtbot, window, f"exchange-approver-{language}")
    try:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(filled), ""))
        person.menu(_("&File"), _("&Take back a weekly-report workbook…"))
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=3000)
        dialog = person.modal()
        person.click(_("Choose…"), dialog)
        # Nothing is checked, nor can be imported, before the officer says who approved the file.
        qtbot.waitUntil(lambda: person.find(_("Approved by"), QComboBox, dialog).isVisible(), timeout=5000)
        assert _("Approved by") in dialog.summary.text()
        assert not person.find(_("Import"), QAbstractButton, dialog).isEnabled()
        table = person.find(_("Rows of the file"), QTableWidget, dialog)
        assert table.rowCount() == 0
        person.choose(_("Approved by"), "Ing. Iván Robles", dialog)
        qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=5000)
        assert "Ing. Iván Robles" in dialog.summary.text()
        assert ngettext("{n} row not taken (its agreement is not taken: the row says why)",
                        "{n} rows not taken (their agreement is not taken: each row says why)",
                        1).format(n=1) in dialog.summary.text()
        shown = {table.item(i, 0).text(): (table.item(i, 4).text(), table.item(i, 5).text())
                 for i in range(table.rowCount())}
        assert shown[str(mine)][0] == _("to be written")
        assert shown[str(theirs)][0] == _("not taken: instructed by someone else")
        assert "Ing. Irma Salas" in shown[str(theirs)][1] and "Ing. Iván Robles" in shown[str(theirs)][1]
        person.shot("take-back-company-approver", dialog)
        said = _answer_message_box(person, dialog)
        person.click(_("Import"), dialog)
        # Done once the dialog has said its summary and closed (waited on the import itself: a message box can be
        # answered by another scenario's answer still looking for its own).
        qtbot.waitUntil(lambda: dialog.done_report is not None and not dialog.isVisible(), timeout=30000)
        status, signed = _week_status(w, w.mine, 3)
        assert status == "approved" and len(signed) == 1 and "Ing. Iván Robles" in signed[0]
        # Irma's apprentice's week: not countersigned in anybody's name; the summary says a row was not taken.
        assert _week_status(w, w.other, 4) == ("submitted", [])
        report = dialog.done_report
        assert report is not None and report.count("refused") == 1 and said in ([], [report.summary()])
    finally:
        _close(qtbot, window, monkeypatch)


def test_instructor_mode_warns_of_hours_beyond_the_attendance_while_typing(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    _book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"instructor-hours-attendance-{language}")
    try:
        weeks = person.find(_("Open weeks"), QListWidget)
        _open_week(person, weeks, 0)  # week 3: handed in with 36 hours, no attendance yet
        warning = window.hours_warnings["hours"]
        assert window.hours.text() == "36" and warning.isHidden()  # no attendance chosen: nothing to say
        # A five-day agreement: no Saturday offered.
        assert not window.days[5].isVisible() and window.days[4].isVisible()
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
        person.choose(_("Monday"), _("present"))
        qtbot.waitUntil(lambda: warning.isVisible(), timeout=3000)
        # The office's rule, in its words: 36 h but one day at the company, at the agreement's 6 h a day.
        expected = L.hours_attendance_problems(Decimal(36), None, ["present"], Decimal(6))[0].message
        assert warning.text() == f"⚠ {expected}"
        assert person.find(_("Warning about {field}").format(field=_("Hours at the company")), QLabel) is warning
        person.shot("hours-beyond-attendance")
        person.type(_("Hours at the company"), "6")  # typed, not left: the warning goes at once
        qtbot.waitUntil(lambda: warning.isHidden(), timeout=3000)
        person.type(_("Hours at the company"), "12")
        qtbot.waitUntil(lambda: warning.isVisible(), timeout=3000)
        assert warning.text() == "⚠ " + L.hours_attendance_problems(Decimal(12), None, ["present"],
                                                                    Decimal(6))[0].message
        person.choose(_("Tuesday"), _("present"))  # the attendance corrected: 12 h on two days
        qtbot.waitUntil(lambda: warning.isHidden(), timeout=3000)
        assert window.hours_problems["hours"].isHidden()  # a warning, never a refusal
    finally:
        _close_instructor_mode(window, monkeypatch)

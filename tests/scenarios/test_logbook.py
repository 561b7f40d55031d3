"""The weekly reports through the window, as people work them: typing into fields found by their names, clicking
buttons, answering dialogs.

An instructor signed in opens the weekly reports, returns an overdue week with a note, types the corrected text the
apprentice handed in, approves it; the dashboard's overdue count follows. An officer writes the exchange workbook
for an instructor, the instructor fills it in a spreadsheet program (only its editable cells), the officer takes it
back, settling a conflict; and snoozes a dashboard item until a day from its card's context menu.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QMenu,
    QMessageBox,
    QTableView,
    QTableWidget,
)
from sqlalchemy import func, select

from tests.logbook.conftest import OFFICER, TODAY, World, add_catalogue, fill, make_world
from tests.reports.conftest import pdf_text
from tests.scenarios.person import SIZE, Person
from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.reports import render
from vetdesk.services import assessments, exchange, logbook, records
from vetdesk.services.audit_words import shown as shown_operation
from vetdesk.storage.models import Assessment, AuditEntry, Competency, LogbookWeek
from vetdesk.ui.main_window import MainWindow


def _countersigned(w: World, agreement: int, weeks: range) -> list[int]:
    ids = []
    for n in weeks:
        week = logbook.write_week(w.db, agreement_id=agreement, week=w.week(n),
                                  values={"activities": f"Semana {n}: tornos y fresadoras", "hours": "36",
                                          "status": "submitted"}).id
        ids.append(week)
    return ids


@pytest.fixture
def world(sqlite_db, language):  # type: ignore[no-untyped-def]
    """Weeks 0-4 of both apprentices handed in; the officer countersigned all of the other instructor's overdue
    ones and weeks 0-2 of Iván's: his apprentice's week 3 is overdue, waiting for his review."""
    w = make_world(sqlite_db)
    add_catalogue(w)
    for agreement, approved in ((w.mine, range(3)), (w.other, range(4))):
        weeks = _countersigned(w, agreement, range(5))
        for week in weeks[: len(approved)]:
            logbook.review(w.db, week, decision="approve")
    return w


def _window(qtbot, db, qsettings, monkeypatch) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(db, settings=qsettings)
    w.resize(*SIZE)
    w.show()
    qtbot.waitExposed(w)
    return w


def _close(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui import tasks

    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def _card_count(qtbot, window, key: str) -> str:  # type: ignore[no-untyped-def]
    page = window.page("dashboard")
    qtbot.waitUntil(lambda: page.data() is not None, timeout=10000)
    return page.card(key).count_label.text()


def _wait_count(qtbot, window, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page = window.page("dashboard")
    qtbot.waitUntil(lambda: page.data() is not None and page.card(key).count_label.text() == text, timeout=10000)


def _open_row(person: Person, page: Any, record_id: int) -> Any:
    """Double-click the list's row of ``record_id``: its form opens beside the list."""
    table: QTableView = page.table
    person.qtbot.waitUntil(lambda: page.model.row_of(record_id) is not None, timeout=5000)
    row = page.model.row_of(record_id)
    table.scrollTo(page.model.index(row, 0))
    rect = table.visualRect(page.model.index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == record_id, timeout=5000)
    return page.form


def test_an_instructor_returns_a_week_and_approves_it_corrected(qtbot, world, qsettings, monkeypatch,
                                                                language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    window = _window(qtbot, w.db.as_user(w.me), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-instructor-{language}")
    try:
        week = records.list_records(w.db, "logbook", records.ListQuery(search=None))
        overdue = next(r["id"] for r in week if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
        assert _card_count(qtbot, window, "logbook_overdue") == "1"
        person.shot("dashboard-one-overdue")

        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 5, timeout=5000)  # his apprentice's
        person.shot("weekly-reports")
        form = _open_row(person, page, overdue)
        person.shot("week-opened")
        person.type(_("Instructor's note"), "Describe los pasos del mantenimiento y las piezas cambiadas.", form)
        person.click(_("Return with note"), form)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", overdue)["status"] == "returned", timeout=5000)
        person.shot("week-returned")
        assert _("returned for correction") in form.review_state.text()

        # The apprentice corrects it; the instructor types what was handed in and saves it.
        person.type(_("What was done and learnt at the company"),
                    "Cambié rodamientos del torno 3: desmontaje, limpieza, montaje y prueba.", form)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", overdue)["status"] == "submitted", timeout=5000)
        qtbot.waitUntil(lambda: form.record.get("status") == "submitted", timeout=5000)
        qtbot.waitUntil(lambda: _("To return it or to comment on it, write in \u201c{field}\u201d.").format(
            field=_("Instructor's note")) in form.review_state.text(), timeout=5000)  # the field named once
        person.shot("week-corrected")
        person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox)  # signing
        person.click(_("Approve (countersign)"), form)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", overdue)["status"] == "approved", timeout=5000)
        person.shot("week-countersigned")
        # The note he returned it with stays with the countersigned week (issue 25, trial item 6).
        note = "Describe los pasos del mantenimiento y las piezas cambiadas."
        assert records.get(w.db, "logbook", overdue)["review_note"] == note
        qtbot.waitUntil(lambda: form.editors["review_note"].value() == note, timeout=5000)

        person.nav(_("Dashboard"))
        _wait_count(qtbot, window, "logbook_overdue", "0")
        person.shot("dashboard-none-overdue")

        # His apprentice's agreement, week by week, from the report's form.
        person.nav(_("Weekly reports"))
        shown = person.when_dialog(lambda dialog: _read_record(person, dialog), of=QDialog)
        person.click(_("The agreement's record…"), form)
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
        with w.db.reader() as session:
            # Stored in vetdesk's own words, shown in the reader's (services.audit_words).
            trail = [(e.username, shown_operation(e.operation)) for e in session.scalars(
                select(AuditEntry).where(AuditEntry.kind == "logbook", AuditEntry.record_id == overdue)
                .order_by(AuditEntry.id))]
        assert trail[-3:] == [("ivan", _("Return weekly report for correction")),
                              ("ivan", _("Change {kind}").format(kind=_("weekly report"))),
                              ("ivan", _("Countersign weekly report"))]
        # The other instructor's apprentice is not in his lists.
        assert {r["agreement_id"] for r in records.list_records(w.db.as_user(w.me), "logbook")} == {w.mine}
    finally:
        _close(qtbot, window, monkeypatch)


def _read_record(person: Person, dialog: Any) -> None:
    """The agreement's record: every week up to this one, the countersigned ones and the weeks still open."""
    table = person.find(_("Weeks"), QTableWidget, dialog)
    states = [table.item(row, 1).text() for row in range(table.rowCount())]
    # Weeks 0-2 were approved at the office (the world's set-up keys them in): the office reads who did, the
    # instructor (who does not read the office's audit trail) that they are countersigned; week 3 by the
    # instructor himself, in the window or through his exchange file, says so (issue 25, trial item 7).
    assert len(states) == 7 and all(s in (_("approved at the office, from paper"), _("countersigned"))
                                    for s in states[:3]), states
    assert states[3] == _("countersigned by the instructor"), states
    assert states[4] == _("waiting for review") and states[-1] == _("this week")
    person.shot("agreement-record", dialog)
    dialog.reject()


def _menu_entry(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_an_officer_exchanges_a_workbook_and_keeps_reminders(qtbot, world, qsettings, monkeypatch, tmp_path: Path,
                                                             language) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    w: World = world
    db = w.db.as_user(OFFICER)
    window = _window(qtbot, db, qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-officer-{language}")
    book = tmp_path / "ivan.xlsx"
    try:
        # -- the workbook for Iván --------------------------------------------------------------------------
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(book), ""))
        answered = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Ok), of=QMessageBox)
        person.menu(_("&File"), _("&Weekly reports for an instructor…"))
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=3000)
        dialog = person.modal()
        person.choose(_("Instructor"), "Ing. Iván Robles", dialog)
        person.choose(_("Language of the workbook"), {"es": "Español", "en": "English"}[language], dialog)
        person.click(_("Choose…"), dialog)
        person.shot("export-dialog", dialog)
        person.press(dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)  # Qt's "Guardar"
        qtbot.waitUntil(lambda: bool(answered), timeout=10000)
        assert book.exists()
        rows = {r: exchange.FIRST_ROW + i for i, r in enumerate((3, 4, 5, 6))}  # the weeks not countersigned
        # The office keys in week 4's paper copy meanwhile; Iván's file changes it too.
        week4 = next(r["id"] for r in records.list_records(w.db, "logbook")
                     if r["agreement_id"] == w.mine and r["week_start"] == w.week(4))
        records.update(w.db, "logbook", week4, {"hours": "20"})
        # The office rates MAN-2 meanwhile; Iván's file rates it too: a conflict the officer leaves as it is.
        assessments.record_assessment(db, agreement_id=w.mine, competency_code="MAN-2", level=2, rater="Olga")
        book_ratings = openpyxl.load_workbook(book).worksheets[1]
        grid = {book_ratings.cell(r, 5).value: r for r in range(exchange.FIRST_ROW, book_ratings.max_row + 1)}
        assert set(grid) == {"MAN-1", "MAN-2", "CAL-1"}  # Iván's apprentice's current position only
        present = _("present")
        filled = fill(book, tmp_path / "ivan-filled.xlsx", {
            (rows[3], 13): 38, (rows[3], 17): _("approve (countersign)"),
            (rows[4], 13): 35, (rows[4], 9): _("sick"), (rows[4], 10): _("unexcused absence"),
            (rows[5], 15): "Montaje de rodamientos en el torno 2", (rows[5], 13): 32, (rows[5], 14): 8,
            **{(rows[5], day): present for day in range(7, 10)}, (rows[5], 17): _("approve (countersign)"),
            # Thursday and Friday (a five-day agreement: its Saturday is closed, ex25c)
            **{(rows[5], day): _("unexcused absence") for day in range(10, 12)},
            (rows[6], 7): present,
        })
        filled = fill(filled, filled, {(grid["MAN-1"], 8): f"3 = {_('competent')}",
                                       (grid["MAN-1"], 9): "Mide con calibrador sin ayuda.",
                                       (grid["CAL-1"], 8): f"4 = {_('outstanding')}",
                                       (grid["MAN-2"], 8): f"4 = {_('outstanding')}"}, sheet=1)
        # The same file with a locked cell changed: refused when checked, nothing to import.
        altered = fill(filled, tmp_path / "ivan-altered.xlsx", {(grid["MAN-1"], 3): "Otra Persona"}, sheet=1)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(altered), ""))
        person.menu(_("&File"), _("&Take back a weekly-report workbook…"))
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=3000)
        dialog = person.modal()
        person.click(_("Choose…"), dialog)
        summary = dialog.summary
        qtbot.waitUntil(lambda: "ivan-altered.xlsx" in summary.text(), timeout=5000)
        assert _("{sheet}, row {row}: {column} was changed").format(
            sheet=book_ratings.title, row=grid["MAN-1"], column=_("Apprentice")) in summary.text()
        assert not person.find(_("Import"), QAbstractButton, dialog).isEnabled()
        person.shot("take-back-altered", dialog)
        dialog.reject()

        # -- taken back: checked first, the conflict settled, then imported ---------------------------------
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(filled), ""))
        person.menu(_("&File"), _("&Take back a weekly-report workbook…"))
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=3000)
        dialog = person.modal()
        person.click(_("Choose…"), dialog)
        table = person.find(_("Rows of the file"), QTableWidget, dialog)
        # Weeks 3 to 6 (week 4 a conflict), the two new ratings and the conflicting one.
        qtbot.waitUntil(lambda: table.rowCount() == 7, timeout=5000)
        person.shot("take-back-checked", dialog)
        conflict_row = next(i for i in range(table.rowCount()) if table.item(i, 0).text() == str(rows[4]))
        box = table.item(conflict_row, dialog.TAKE)
        rect = table.visualItemRect(box)
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y()))
        if box.checkState() != Qt.CheckState.Checked:  # the click landed beside the box: the keyboard ticks it
            QTest.keyClick(table, Qt.Key.Key_Space)
        assert box.checkState() == Qt.CheckState.Checked
        done = person.when_dialog(lambda box_: person.press(box_, QMessageBox.StandardButton.Ok), of=QMessageBox)
        person.click(_("Import"), dialog)
        qtbot.waitUntil(lambda: bool(done), timeout=10000)
        assert records.get(w.db, "logbook", week4)["hours"] == 35  # the file's value, taken
        week3 = next(r for r in records.list_records(w.db, "logbook")
                     if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
        assert week3["status"] == "approved" and week3["hours"] == 38
        week5 = next(r for r in records.list_records(w.db, "logbook")
                     if r["agreement_id"] == w.mine and r["week_start"] == w.week(5))
        assert week5["status"] == "approved" and (week5["hours"], week5["school_hours"]) == (32, 8)
        days = {r["day"] for r in records.list_records(w.db, "attendance") if r["presence"] == "present"}
        assert {w.week(5) + timedelta(days=i) for i in range(3)} | {w.week(6)} <= days
        # The ratings: Iván's as he gave them; the office's MAN-2 not overwritten.
        with w.db.reader() as session:
            given = {code: (level, rater) for code, level, rater in session.execute(
                select(Competency.code, Assessment.level, Assessment.rater_name)
                .join(Competency, Competency.id == Assessment.competency_id)
                .where(Assessment.agreement_id == w.mine).order_by(Assessment.id))}
        assert given == {"MAN-1": (3, "Ing. Iván Robles"), "CAL-1": (4, "Ing. Iván Robles"), "MAN-2": (2, "Olga")}
        printed = " ".join(pdf_text(render.progress_pdf(db, agreement_id=w.mine, lang=language)).split())
        man1 = printed[printed.index("MAN-1"):printed.index("MAN-2")]
        assert "Mide con calibrador sin ayuda." in man1  # the rating's comment from the file
        assert "Ing. Iván Robles" in man1 and "Olga" in printed[printed.index("MAN-2"):printed.index("CAL-1")]

        # The same file a second time: the conflict still kept, nothing written.
        before = _counts(w)
        dialog = _check_in_window(person, filled)
        again = person.when_dialog(lambda box_: person.press(box_, QMessageBox.StandardButton.Ok), of=QMessageBox)
        person.click(_("Import"), dialog)
        qtbot.waitUntil(lambda: bool(again), timeout=10000)
        assert _counts(w) == before

        # -- a reminder: the review item snoozed until a day, from its card's context menu ------------------
        person.nav(_("Dashboard"))
        _wait_count(qtbot, window, "logbook_review", "2")  # each apprentice's week 4
        _wait_count(qtbot, window, "attendance_flag", "1")  # three unexcused days in the file's weeks 4 and 5
        page = window.page("dashboard")
        card = page.card("logbook_review")
        until = TODAY + timedelta(days=10)

        def snooze(dialog_: Any) -> None:
            person.type(_("Snooze until"), i18n.current().format_numeric_date(until), dialog_)
            person.shot("snooze-dialog", dialog_)
            person.ok(dialog_)

        snoozed = person.when_dialog(snooze, of=QDialog, title=_("Snooze until…"))
        QApplication.sendEvent(card, _context_menu(card))  # what a right click or the menu key sends
        _menu_entry(qtbot, _("Snooze until…"))
        qtbot.waitUntil(lambda: bool(snoozed), timeout=5000)
        note = _("Snoozed until {date}").format(date=i18n.current().format_numeric_date(until))
        qtbot.waitUntil(lambda: note in card.title_label.text() and note in card.accessibleName(), timeout=10000)
        person.shot("dashboard-snoozed")
        assert records.count_records(w.db, "logbook", records.ListQuery(status="submitted")) == 2  # still there
        # On its day the item is back: the dashboard counted as of that day.
        from vetdesk.services import dashboard as counting
        from vetdesk.ui import dashboard as dashboard_page

        monkeypatch.setattr(dashboard_page, "dashboard", lambda db_: counting.dashboard(db_, today=until))
        person.click(_("Refresh"), page)
        qtbot.waitUntil(lambda: page.data() is not None and page.data().today == until, timeout=10000)
        qtbot.waitUntil(lambda: note not in card.title_label.text(), timeout=10000)
        person.shot("dashboard-snooze-over")

        # The agreement's weeks, from the Records menu while the agreement is open.
        person.nav(_("Agreements"))
        agreements = window.current_list()
        qtbot.waitUntil(lambda: not agreements.loading and agreements.model.rowCount() == 2, timeout=5000)
        _open_row(person, agreements, w.mine)
        shown = person.when_dialog(lambda dialog: _read_record(person, dialog), of=QDialog)
        person.menu(_("&Records"), _("&Weekly reports of this agreement…"))
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        _close(qtbot, window, monkeypatch)


def _counts(w: World) -> tuple[int, int, int]:
    with w.db.reader() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[return-value]
                     for m in (Assessment, LogbookWeek, AuditEntry))


def _check_in_window(person: Person, path: Path) -> Any:
    """Open the take-back dialog from the File menu with ``path`` chosen; it checks the file at once."""
    from PySide6.QtWidgets import QFileDialog

    mp = pytest.MonkeyPatch()
    mp.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    try:
        person.menu(_("&File"), _("&Take back a weekly-report workbook…"))
        person.qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=3000)
        dialog = person.modal()
        person.click(_("Choose…"), dialog)
    finally:
        mp.undo()
    table = person.find(_("Rows of the file"), QTableWidget, dialog)
    person.qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=5000)
    return dialog


def _context_menu(widget: Any) -> Any:
    """The context-menu event a right click (or the menu key) sends."""
    from PySide6.QtGui import QContextMenuEvent

    centre = widget.rect().center()
    return QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, widget.mapToGlobal(centre))


def test_an_instructor_names_the_weeks_position_and_competencies(qtbot, world, qsettings, monkeypatch,
                                                                 language) -> None:  # type: ignore[no-untyped-def]
    """The week's learning position is chosen among the agreement's plan positions (the plan's own for the week is
    offered first), the competencies ticked among that position's; saved with Ctrl+S, kept in the database."""
    w: World = world
    window = _window(qtbot, w.db.as_user(w.me), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-learning-{language}")
    try:
        week = next(r["id"] for r in records.list_records(w.db, "logbook")
                    if r["agreement_id"] == w.mine and r["week_start"] == w.week(4))
        plan = records.get(w.db, "agreements", w.mine)["rotation_plan_id"]
        first, second = (s["position_id"] for s in records.get(w.db, "rotation_plans", plan)["steps"])
        names = {p: records.get(w.db, "positions", p)["name"] for p in (first, second)}
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 5, timeout=5000)
        form = _open_row(person, page, week)
        combo = person.find(_("Learning position"), QComboBox, form)
        assert [combo.itemText(i) for i in range(1, combo.count())] == [f"1. {names[first]}", f"2. {names[second]}"]
        person.choose(_("Learning position"), f"2. {names[second]}", form)
        person.tick(_("Competencies practised"), "MAN-1", form)
        person.tick(_("Competencies practised"), "CAL-1", form)
        person.shot("week-learning")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        with w.db.reader() as session:
            codes = dict(session.execute(select(Competency.code, Competency.id)).all())
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", week)["competency_ids"] == sorted(
            [codes["MAN-1"], codes["CAL-1"]]), timeout=5000)
        assert records.get(w.db, "logbook", week)["position_id"] == second
    finally:
        _close(qtbot, window, monkeypatch)


def test_an_officer_records_an_unexcused_school_day_and_the_dashboard_flags_it(
        qtbot, world, qsettings, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    """Attendance at school keeps the company's codes: an officer changes a day to an unexcused absence from school
    in its form; with two more such days the agreement is over the office's threshold on the dashboard."""
    w: World = world
    logbook.record_attendance(w.db, agreement_id=w.mine, days={
        w.week(4): "school_unexc", w.week(4) + timedelta(days=1): "school_unexc",
        w.week(4) + timedelta(days=2): "school"})
    day = next(r["id"] for r in records.list_records(w.db, "attendance") if r["presence"] == "school")
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-school-attendance-{language}")
    try:
        assert _card_count(qtbot, window, "attendance_flag") == "0"
        person.nav(_("Attendance"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 3, timeout=5000)
        form = _open_row(person, page, day)
        person.choose(_("Attendance"), _("unexcused absence from school"), form)
        person.shot("school-day-unexcused")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: records.get(w.db, "attendance", day)["presence"] == "school_unexc", timeout=5000)
        person.nav(_("Dashboard"))
        _wait_count(qtbot, window, "attendance_flag", "1")
        person.shot("dashboard-flagged")
    finally:
        _close(qtbot, window, monkeypatch)


def test_a_week_of_an_agreement_without_a_plan_names_competencies_but_no_position(
        qtbot, world, qsettings, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    """Without a rotation plan there is no position to choose (the field is off), the programme's competencies are
    offered; ticked and saved, the week keeps them."""
    from sqlalchemy import update

    from tests import factories as f
    from tests.logbook.conftest import START
    from vetdesk.storage.models import LearningAgreement

    w: World = world
    programme = records.get(w.db, "agreements", w.mine)["programme_id"]
    agreement = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=programme,
                                 apprentice_id=f.make_apprentice(w.db, first_surname="Ávila"), start_date=START,
                                 end_date=START + timedelta(days=364))
    f.activate(w.db, agreement)
    # Signed before vetdesk asked for a plan (printing for signature now attaches one): an older database's
    # agreement, as an upgrade brings it.
    with w.db.writer() as session:
        session.execute(update(LearningAgreement).where(LearningAgreement.id == agreement)
                        .values(rotation_plan_id=None))
        session.commit()
    week = logbook.write_week(w.db, agreement_id=agreement, week=w.week(1), values={"activities": "Inducción"}).id
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-no-plan-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 11, timeout=5000)
        form = _open_row(person, page, week)
        assert not person.find(_("Learning position"), QComboBox, form).isEnabled()
        person.tick(_("Competencies practised"), "CAL-1", form)
        person.shot("week-without-plan")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        with w.db.reader() as session:
            cal = session.scalar(select(Competency.id).where(Competency.code == "CAL-1"))
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", week)["competency_ids"] == [cal], timeout=5000)
        assert records.get(w.db, "logbook", week)["position_id"] is None
    finally:
        _close(qtbot, window, monkeypatch)


def test_an_instructor_fills_the_file_in_instructor_mode_and_the_office_takes_it(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk --exchange FILE``: the office's file opened alone; the instructor approves week 3, returns week 4
    with a note, rates MAN-1 with a comment and saves with Ctrl+S; the office takes the file back through its
    window and the progress report names the instructor as the rater."""
    from vetdesk.ui.instructor_mode import open_window

    w: World = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    window = open_window(book)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"logbook-instructor-mode-{language}")
    try:
        weeks = person.find(_("Open weeks"), QListWidget)
        assert weeks.count() == 4  # Iván's apprentice's weeks 3 to 6, not Irma's
        person.shot("instructor-mode-weeks")

        def open_week(n: int) -> None:
            item = weeks.item(n)
            QTest.mouseClick(weeks.viewport(), Qt.MouseButton.LeftButton, pos=weeks.visualItemRect(item).center())
            qtbot.waitUntil(lambda: weeks.currentRow() == n, timeout=3000)

        open_week(0)
        person.type(_("Hours at the company"), "38")
        person.choose(_("Monday"), _("present"))
        person.click(_("Approve (countersign)"))
        assert _("approve (countersign)") in weeks.item(0).text()
        open_week(1)
        told = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Ok), of=QMessageBox)
        person.click(_("Return with note"))  # without a note: refused, the note asked for
        qtbot.waitUntil(lambda: bool(told), timeout=5000)
        assert _("returned") not in weeks.item(1).text()
        window.activateWindow()  # back from the message, as a person's click on the window does
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        person.type(_("Instructor's note"), "Describe las piezas cambiadas.")
        person.click(_("Return with note"))
        bar = window.tabs.tabBar()
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
        qtbot.waitUntil(lambda: window.tabs.currentIndex() == 1, timeout=3000)
        level = person.find(_("Level of {code} ({apprentice})").format(
            code="MAN-1", apprentice=window.opened.ratings[0].apprentice), QComboBox)
        person.choose(level.accessibleName(), f"3 = {_('competent')}")
        person.type(_("Comment on {code} ({apprentice})").format(
            code="MAN-1", apprentice=window.opened.ratings[0].apprentice), "Mide con calibrador sin ayuda.")
        table = person.find(_("Ratings"), QTableWidget)
        person.shot("instructor-mode-ratings")
        QTest.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: "ivan.xlsx" in window.status.text(), timeout=5000)
        person.shot("instructor-mode-saved")
    finally:
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        window.close()
        window.deleteLater()

    office = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    clerk = Person(qtbot, office, f"logbook-instructor-mode-office-{language}")
    try:
        dialog = _check_in_window(clerk, book)
        done = clerk.when_dialog(lambda box: clerk.press(box, QMessageBox.StandardButton.Ok), of=QMessageBox)
        clerk.click(_("Import"), dialog)
        qtbot.waitUntil(lambda: bool(done), timeout=10000)
        kept = {r["week_start"]: r for r in records.list_records(w.db, "logbook") if r["agreement_id"] == w.mine}
        assert kept[w.week(3)]["status"] == "approved" and kept[w.week(3)]["hours"] == 38
        assert kept[w.week(4)]["status"] == "returned"
        assert kept[w.week(4)]["review_note"] == "Describe las piezas cambiadas."
        printed = " ".join(pdf_text(render.progress_pdf(w.db, agreement_id=w.mine, lang=language)).split())
        man1 = printed[printed.index("MAN-1"):printed.index("MAN-2")]
        assert "Ing. Iván Robles" in man1 and "Mide con calibrador sin ayuda." in man1
    finally:
        _close(qtbot, office, monkeypatch)

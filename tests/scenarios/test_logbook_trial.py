"""Issue 25's new-user trial, in the windows where the user met each defect: the office's window (dashboard, the
weekly reports) and instructor mode (``vetdesk --exchange FILE.xlsx``)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QListWidget, QMessageBox

from tests import factories as f
from tests.logbook.conftest import OFFICER, TODAY, World
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import SIZE, Person
from tests.scenarios.test_logbook import _card_count, _close, _window
from vetdesk.domain import logbook as L
from vetdesk.i18n import _
from vetdesk.services import exchange, logbook
from vetdesk.services.uow import Actor

#: The weekly reports' world of the logbook scenarios (weeks 0-4 handed in, Iván's weeks 0-2 countersigned).
world = scenes.world


def test_an_agreement_starting_on_a_sunday_owes_no_week_before(qtbot, sqlite_db, qsettings, monkeypatch,
                                                                language) -> None:  # type: ignore[no-untyped-def]
    """The Sunday ends a week that is overdue today: the agreement owes its first week from the Monday after, so
    the instructor's dashboard counts no agreement overdue, and the agreement's record begins on that Monday."""
    sunday = L.overdue_before(TODAY, 14) + timedelta(days=6)
    db = sqlite_db
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company, name="Ing. Sofía Domínguez")
    agreement = f.make_agreement(db, company_id=company, instructor_id=instructor, programme_id=f.make_programme(db),
                                 apprentice_id=f.make_apprentice(db), start_date=sunday,
                                 end_date=sunday + timedelta(days=364))
    f.activate(db, agreement)
    window = _window(qtbot, db.as_user(Actor("sofia", "instructor", instructor)), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-sunday-start-{language}")
    try:
        assert _card_count(qtbot, window, "logbook_overdue") == "0"
        person.shot("dashboard-nothing-overdue")
    finally:
        _close(qtbot, window, monkeypatch)
    # The office's dashboard counts alike (tests/logbook/test_sunday_start.py, both backends).
    assert logbook.agreement_logbook(db, agreement).lines[0].state.monday == sunday + timedelta(days=1)


def _instructor_mode(qtbot, w: World, tmp_path: Path, language: str):  # type: ignore[no-untyped-def]
    from vetdesk.ui.instructor_mode import open_window

    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    window = open_window(book)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return book, window


def _open_week(person: Person, weeks: QListWidget, n: int) -> None:
    item = weeks.item(n)
    QTest.mouseClick(weeks.viewport(), Qt.MouseButton.LeftButton, pos=weeks.visualItemRect(item).center())
    person.qtbot.waitUntil(lambda: weeks.currentRow() == n, timeout=3000)


def _close_instructor_mode(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def test_instructor_mode_refuses_an_empty_week_and_says_bad_hours_at_their_field(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Trial items 2 and 3: approving a week with nothing written is refused in the window, with the review's own
    words (the office's import would refuse it); hours that are no number are said under the field on leaving
    it, and a save with them names the week by its dates, not a spreadsheet row."""
    from vetdesk.services.exchange_file import hours_problem, week_name

    w: World = world
    book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"logbook-trial-instructor-{language}")
    try:
        weeks = person.find(_("Open weeks"), QListWidget)
        assert weeks.count() == 4  # weeks 3 to 6; 5 and 6 have nothing written
        _open_week(person, weeks, 2)
        said: list[str] = []
        told = person.when_dialog(lambda box: (said.append(box.text()),
                                               person.press(box, QMessageBox.StandardButton.Ok)), of=QMessageBox)
        person.click(_("Approve (countersign)"))
        qtbot.waitUntil(lambda: bool(told), timeout=5000)
        assert said == [_("An empty week is not countersigned: first write what was done and learnt that week.")]
        assert _("approve (countersign)") not in weeks.item(2).text()
        assert window.weeks[2].decision == ""

        # Hours that are no number: said under the field once it is left, gone when corrected.
        problem = window.hours_problems["hours"]
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
        person.type(_("Hours at the company"), "abc")
        assert problem.isHidden()  # not while typing
        QTest.keyClick(window.hours, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: problem.isVisible(), timeout=3000)
        assert "abc" in problem.text()
        person.shot("hours-not-a-number")
        person.type(_("Hours at the company"), "38")
        assert problem.isHidden()
        person.type(_("Hours at the company"), "abc")
        # Saved anyway: refused, naming the week by its dates; the file keeps what it had.
        before = book.read_bytes()
        refused: list[str] = []
        done = person.when_dialog(lambda box: (refused.append(box.text()),
                                               person.press(box, QMessageBox.StandardButton.Ok)), of=QMessageBox)
        person.click(_("Save to the file"))
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
        assert week_name(window.weeks[2]) in refused[0] and "abc" in refused[0]
        assert refused == [_("{week}: {problem}").format(week=week_name(window.weeks[2]),
                                                         problem=hours_problem("abc", "hours").message)]
        assert book.read_bytes() == before
    finally:
        _close_instructor_mode(window, monkeypatch)


def test_an_approval_keyed_in_at_the_office_says_so(qtbot, world, qsettings, monkeypatch,
                                                    language) -> None:  # type: ignore[no-untyped-def]
    """Trial item 7: an officer keys in the paper countersignature of week 3; the week's form and the agreement's
    record say it was approved at the office by her, from paper — not signed by the instructor."""
    from tests.scenarios.test_logbook import _open_row
    from vetdesk.services import records

    w: World = world
    week = next(r["id"] for r in records.list_records(w.db, "logbook")
                if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-trial-office-approval-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
        # The status is read whole in the list (trial item 10): its column as wide as the longest status.
        column = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
        longest = page.table.fontMetrics().horizontalAdvance(L.status_label("submitted"))
        assert page.table.columnWidth(column) >= longest + 12, (page.table.columnWidth(column), longest)
        person.shot("weekly-reports-list")
        form = _open_row(person, page, week)
        person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox)  # signing
        person.click(_("Approve (countersign)"), form)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", week)["status"] == "approved", timeout=5000)
        said = _("Approved at the office by {user}, from the instructor's countersignature on paper.").format(
            user="olga")
        qtbot.waitUntil(lambda: said in form.review_state.text(), timeout=5000)
        person.shot("approved-at-the-office")
        shown: list[str] = []

        def read(dialog) -> None:  # type: ignore[no-untyped-def]
            from PySide6.QtWidgets import QTableWidget

            table = person.find(_("Weeks"), QTableWidget, dialog)
            shown.extend(table.item(r, 1).text() for r in range(table.rowCount()))
            person.shot("agreement-record", dialog)
            dialog.close()

        opened = person.when_dialog(read, of=QDialog)
        person.click(_("The agreement's record…"), form)
        qtbot.waitUntil(lambda: bool(opened), timeout=5000)
        assert shown[3] == _("approved at the office, from paper")
    finally:
        _close(qtbot, window, monkeypatch)

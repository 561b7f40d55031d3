"""Issue 25's second new-user trial, in the windows where the user met each defect: instructor mode
(``vetdesk --exchange FILE.xlsx``) and the office's window (the weekly reports, taking a workbook back)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListWidget, QMessageBox

from tests.logbook.conftest import World
from tests.logbook.test_exchange_codes import map_first_position
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from tests.scenarios.test_logbook_trial import _close_instructor_mode, _instructor_mode, _open_week
from vetdesk.domain.bounds import LONG_TEXT
from vetdesk.i18n import _
from vetdesk.services import exchange_file as XF

#: The weekly reports' world of the logbook scenarios (weeks 0-4 handed in, Iván's weeks 0-2 countersigned).
world = scenes.world


def _codes(w: World) -> dict[str, int]:
    from sqlalchemy import select

    from vetdesk.storage.models import Competency

    with w.db.reader() as session:
        return {code: cid for code, cid in session.execute(select(Competency.code, Competency.id))}


def test_instructor_mode_says_a_code_of_another_position_and_a_text_too_long_and_saves_neither(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Re-trial items 1 and 2: a competency code the week's position does not take is said under the field on
    leaving it, in the words the office's import uses; a text pasted beyond the field's limit is said under it
    with the limit, never cut; saving either is refused naming the week, and the file keeps what it had."""
    w: World = world
    first = map_first_position(w, _codes(w))
    book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"logbook-retrial-instructor-{language}")
    try:
        weeks = person.find(_("Open weeks"), QListWidget)
        _open_week(person, weeks, 2)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
        person.type(_("What was done and learnt at the company"), "Torneado de ejes")
        person.choose(_("Learning position"), first)
        person.type(_("Competencies practised (codes)"), "MAN-1, CAL-1")
        QTest.keyClick(window.practised, Qt.Key.Key_Tab)
        said = window.field_problems["practised"]
        qtbot.waitUntil(said.isVisible, timeout=3000)
        assert "CAL-1" in said.text() and first in said.text() and "MAN-1, MAN-2" in said.text(), said.text()
        person.shot("code-of-another-position")

        # A text pasted longer than the field takes: said under it, with the limit; the field keeps all of it.
        QApplication.clipboard().setText("x" * (LONG_TEXT + 5))
        person.type(_("Topics at school"), "")
        QTest.keyClick(window.school_topics, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        too_long = window.field_problems["school_topics"]
        qtbot.waitUntil(too_long.isVisible, timeout=3000)
        assert len(window.school_topics.toPlainText()) == LONG_TEXT + 5
        person.shot("text-too-long")

        before = book.read_bytes()
        refused: list[str] = []
        done = person.when_dialog(lambda box: (refused.append(box.text()),
                                               person.press(box, QMessageBox.StandardButton.Ok)), of=QMessageBox)
        person.click(_("Save to the file"))
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
        name = XF.week_name(window.weeks[2])
        assert refused[0].count(name) == 2, refused  # both problems, each on its week
        assert said.text() in refused[0] and too_long.text() in refused[0]
        assert book.read_bytes() == before

        # Corrected: saved, and the office's import takes it (tests/logbook/test_exchange_codes.py).
        person.type(_("Competencies practised (codes)"), "MAN-2")
        QTest.keyClick(window.practised, Qt.Key.Key_Tab)
        qtbot.waitUntil(said.isHidden, timeout=3000)
        person.type(_("Topics at school"), "Dibujo técnico")
        qtbot.waitUntil(too_long.isHidden, timeout=3000)
        person.click(_("Save to the file"))
        qtbot.waitUntil(lambda: book.read_bytes() != before, timeout=5000)
        assert XF.open_file(book).weeks[2].practised == "MAN-2"
    finally:
        _close_instructor_mode(window, monkeypatch)


def _wednesday_of_this_week(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Today is the Wednesday of the current week, whatever day the tests run on (the week is not over)."""
    from datetime import date

    from vetdesk.domain import logbook as L
    from vetdesk.services import logbook as services_logbook

    wednesday = L.monday(date.today()) + timedelta(days=2)

    class Wednesday(date):
        @classmethod
        def today(cls):  # type: ignore[no-untyped-def, override]
            return wednesday

    monkeypatch.setattr(services_logbook, "date", Wednesday)


def test_the_week_under_way_is_not_countersigned_and_a_countersigned_note_is_not_rewritten(
        qtbot, world, qsettings, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    """Re-trial items 3 and 6: the instructor approving this week's report on its Wednesday is told it can be
    countersigned from its Friday on, and it stays handed in; an officer rewriting the instructor's note of a
    countersigned week is told who approved it and when, at the field, and nothing is written."""
    from tests.logbook.conftest import OFFICER
    from tests.scenarios.test_logbook import _close, _open_row, _window
    from vetdesk.domain import logbook as L
    from vetdesk.i18n import shown_day
    from vetdesk.services import logbook, records

    w: World = world
    _wednesday_of_this_week(monkeypatch)
    this_week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(6), values={
        "activities": "Lunes y martes: torno", "status": "submitted"}).id
    window = _window(qtbot, w.db.as_user(w.me), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-retrial-this-week-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
        form = _open_row(person, page, this_week)
        person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox)  # signing
        person.click(_("Approve (countersign)"), form)
        friday = shown_day(w.week(6) + timedelta(days=L.LAST_WORKING_DAY))
        qtbot.waitUntil(lambda: friday in form.banner.text(), timeout=5000)
        person.shot("this-week-not-over")
        assert records.get(w.db, "logbook", this_week)["status"] == "submitted"
    finally:
        _close(qtbot, window, monkeypatch)

    signed = next(r["id"] for r in records.list_records(w.db, "logbook")
                  if r["agreement_id"] == w.mine and r["week_start"] == w.week(0))
    before = records.get(w.db, "logbook", signed)
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-retrial-signed-note-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
        form = _open_row(person, page, signed)
        person.type(_("Instructor's note"), "Nota de la oficina", form)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        said = shown_day(before["reviewed_on"])
        qtbot.waitUntil(lambda: said in form.problem_text("review_note"), timeout=5000)
        person.shot("countersigned-note-kept")
        assert records.get(w.db, "logbook", signed)["review_note"] == before["review_note"]
        assert records.get(w.db, "logbook", signed)["version"] == before["version"]
    finally:
        _close(qtbot, window, monkeypatch)


def test_the_take_back_dialog_shows_every_column_and_says_dates_as_the_user_writes_them(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Re-trial item 9: the take-back dialog at 1366×768 shows every column (the tick that takes a conflict's
    values first of all) without scrolling sideways; its summary gives the day the file was written as the user
    writes dates, says the conflicts are still to settle, and the report's weeks are not ISO dates either."""
    from datetime import date

    from PySide6.QtWidgets import QTableWidget

    from tests.logbook.conftest import OFFICER, fill
    from tests.scenarios.test_logbook import _check_in_window, _close, _window
    from vetdesk.services import exchange, records
    from vetdesk.ui.formatting import format_date

    w: World = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    week4 = next(r["id"] for r in records.list_records(w.db, "logbook")
                 if r["agreement_id"] == w.mine and r["week_start"] == w.week(4))
    records.update(w.db, "logbook", week4, {"activities": "Texto de la oficina"})  # changed since: a conflict
    first = exchange.FIRST_ROW
    filled = fill(path, tmp_path / "filled.xlsx", {
        (first + 1, exchange.ACTIVITIES + 1): "Texto del instructor, más largo que la columna " * 3,
        (first + 2, exchange.ACTIVITIES + 1): "Fresado de engranes"})
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-retrial-take-back-{language}")
    try:
        dialog = _check_in_window(person, filled)
        table = person.find(_("Rows of the file"), QTableWidget, dialog)
        qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=5000)
        person.shot("take-back-checked", dialog)
        assert dialog.geometry().width() <= 1366
        right = table.columnViewportPosition(table.columnCount() - 1) + 40
        assert right <= table.viewport().width(), (right, table.viewport().width())
        summary = dialog.summary.text()
        assert format_date(date.today()) in summary and date.today().isoformat() not in summary, summary
        assert _("Tick the conflicts whose values the file should bring in, then import.") in summary
        weeks = [table.item(r, 3).text() for r in range(table.rowCount())]
        assert format_date(w.week(4)) in weeks, weeks
        dialog.reject()
    finally:
        _close(qtbot, window, monkeypatch)


def test_the_office_window_says_a_pasted_text_is_too_long_instead_of_cutting_it(
        qtbot, world, qsettings, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    """Re-trial item 2 in the office's window: a text pasted beyond the field's limit is kept whole in the field,
    the limit is said under it in the field's words, and saving writes nothing (Qt's own limit cut it silently)."""
    from tests.logbook.conftest import OFFICER
    from tests.scenarios.test_logbook import _close, _open_row, _window
    from vetdesk.services import records

    w: World = world
    week = next(r["id"] for r in records.list_records(w.db, "logbook")
                if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
    before = records.get(w.db, "logbook", week)
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-retrial-office-long-text-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
        form = _open_row(person, page, week)
        QApplication.clipboard().setText("y" * (LONG_TEXT + 5))
        person.type(_("What was done and learnt at the company"), "", form)
        field = QApplication.focusWidget()
        QTest.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert len(field.toPlainText()) == LONG_TEXT + 5  # kept whole, not cut (a paragraph, ui21m)
        # Said at once where nothing moves (the status bar), and under the field once it is left (ui21c).
        activities = _("What was done and learnt at the company")
        # (the message names the field itself: its label is not put before it a second time, trial 24a)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(activities), timeout=5000)
        QTest.keyClick(field, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: bool(form.problem_text("activities")), timeout=5000)
        said = form.problem_text("activities")
        assert _("What was done and learnt at the company") in said, said
        person.shot("pasted-text-too-long")
        QTest.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(300)
        assert records.get(w.db, "logbook", week)["activities"] == before["activities"]
        assert records.get(w.db, "logbook", week)["version"] == before["version"]
    finally:
        _close(qtbot, window, monkeypatch)


def test_instructor_mode_approves_no_week_with_a_code_its_position_does_not_take(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Third re-trial, item 2: a code the week's position does not take is said under the field once the
    instructor stops typing, and approving the week with it is refused at once, naming the field in words (it
    was accepted and refused only at save); corrected, the week is approved."""
    w: World = world
    first = map_first_position(w, _codes(w))
    book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"logbook-retrial3-approve-{language}")
    try:
        weeks = person.find(_("Open weeks"), QListWidget)
        _open_week(person, weeks, 2)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
        person.type(_("What was done and learnt at the company"), "Torneado de ejes")
        person.choose(_("Learning position"), first)
        person.type(_("Competencies practised (codes)"), "MAN-1, CAL-1")
        said = window.field_problems["practised"]
        qtbot.waitUntil(said.isVisible, timeout=3000)  # said as typed, the field not left
        assert window.practised.hasFocus() and "CAL-1" in said.text(), said.text()
        refused: list[str] = []
        done = person.when_dialog(lambda box: (refused.append(box.text()),
                                               person.press(box, QMessageBox.StandardButton.Ok)), of=QMessageBox)
        person.click(_("Approve (countersign)"))
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
        assert _("Competencies practised") in refused[0] and "CAL-1" in refused[0], refused
        assert "competency_ids" not in refused[0]
        assert window.weeks[2].decision == ""  # not approved
        qtbot.waitUntil(lambda: window.focusWidget() is window.practised, timeout=3000)  # the field to correct
        person.shot("approve-refused-code")

        person.type(_("Competencies practised (codes)"), "MAN-2")
        qtbot.waitUntil(said.isHidden, timeout=3000)
        person.click(_("Approve (countersign)"))
        qtbot.waitUntil(lambda: window.weeks[2].decision != "", timeout=3000)
        person.click(_("Save to the file"))
        qtbot.waitUntil(lambda: XF.open_file(book).weeks[2].practised == "MAN-2", timeout=5000)
    finally:
        _close_instructor_mode(window, monkeypatch)


def test_the_take_back_dialog_shows_a_rating_s_comment_in_a_conflict(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Third re-trial, item 4: a rating recorded at the office since the export makes the file's rating a conflict;
    the dialog shows the instructor's comment beside the level (it went without a word), and it stays the office's
    rating until the officer ticks the row."""
    import openpyxl
    from PySide6.QtWidgets import QTableWidget

    from tests.logbook.conftest import OFFICER, fill
    from tests.scenarios.test_logbook import _check_in_window, _close, _window
    from vetdesk.services import assessments, exchange

    w: World = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    ratings = openpyxl.load_workbook(path).worksheets[1]
    row = exchange.FIRST_ROW
    code = ratings.cell(row, exchange.R_CODE + 1).value
    choice = XF.list_choices(ratings, ratings.data_validations.dataValidation[0].formula1)[-1]
    assessments.record_assessment(w.db, agreement_id=w.mine, competency_code=code, level=2, rater="Olga",
                                  comment="Visto en la oficina")
    filled = fill(path, tmp_path / "filled.xlsx", {(row, exchange.R_LEVEL + 1): choice,
                                                   (row, exchange.R_COMMENT + 1): "Lo hace sin ayuda"}, sheet=1)
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-retrial3-comment-conflict-{language}")
    try:
        dialog = _check_in_window(person, filled)
        table = person.find(_("Rows of the file"), QTableWidget, dialog)
        qtbot.waitUntil(lambda: table.rowCount() >= 1, timeout=5000)
        person.shot("comment-in-conflict", dialog)
        shown = " ".join(table.item(r, c).text() for r in range(table.rowCount())
                         for c in range(table.columnCount()) if table.item(r, c) is not None)
        assert "Lo hace sin ayuda" in shown and "Visto en la oficina" in shown, shown
        assert _("{code}, comment on the rating").format(code=code) in shown, shown
        dialog.reject()
    finally:
        _close(qtbot, window, monkeypatch)

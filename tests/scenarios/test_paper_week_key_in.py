"""A printed weekly report form keyed back by its reference (issue 25, a new user's trial: the form prints a QR
code and a reference like the assessment form, but nothing took it back). The officer prints a blank form, reads
the reference under its QR code, and keys it in with *Records › Key in a paper form…*: a mistyped reference and
another office's form (the same agreement number, another mark) are refused in the dialog, which stays open; the
printed one opens a new weekly report for that agreement and week, typed in and saved; scanning the code again
opens the report now recorded. An instructor keying in a form of an apprentice he does not instruct is told it is
unknown, as for any reference his records do not hold."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from tests.logbook.conftest import OFFICER, World, make_world
from tests.reports.conftest import pdf_text
from tests.scenarios.person import SIZE, Person
from vetdesk.i18n import _, shown_day
from vetdesk.reports.weekly_form import week_pdf
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.paper_forms import KeyInDialog


def _window(qtbot, db, qsettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, settings=qsettings)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


def _close(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui import tasks

    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def _printed_reference(w: World, agreement: int, week: Any) -> str:
    """The reference printed under the blank form's QR code, as a person reads it off the page."""
    text = pdf_text(week_pdf(w.db, agreement, week, lang="es"))
    found = re.search(r"(CA-\d{4}-\d{6} / \d{4}-\d{2}-\d{2} / [A-Z2-7]{4})", text)
    assert found, text
    return found.group(1)


def _dialog(qtbot) -> KeyInDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: any(isinstance(d, KeyInDialog) and d.isVisible() for d in QApplication.topLevelWidgets()),
                    timeout=3000)
    return next(d for d in QApplication.topLevelWidgets() if isinstance(d, KeyInDialog) and d.isVisible())


def _key_in(person: Person, reference: str) -> KeyInDialog:
    person.menu(_("&Records"), _("&Key in a paper form…"))
    dialog = _dialog(person.qtbot)
    person.type(_("Reference on the form"), reference, dialog)
    person.click(_("&Open"), dialog)
    return dialog


def _refusal(person: Person, dialog: KeyInDialog) -> str:
    person.qtbot.waitUntil(lambda: person.find(_("Problem"), QLabel, dialog).isVisible(), timeout=3000)
    return str(person.find(_("Problem"), QLabel, dialog).text())


def test_an_officer_keys_a_paper_week_back_by_its_reference(  # type: ignore[no-untyped-def]
        qtbot, sqlite_db, qsettings, language, monkeypatch) -> None:
    w = make_world(sqlite_db)
    week = w.week(5)
    printed = _printed_reference(w, w.mine, week)
    reference, monday, mark = printed.split(" / ")
    assert monday == week.isoformat()
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings)
    person = Person(qtbot, window, f"paper-week-{language}")
    try:
        # A reference mistyped: said in the dialog, which stays open for the correction.
        dialog = _key_in(person, "CA-1")
        assert "CA-1" in _refusal(person, dialog)
        assert dialog.isVisible()
        person.shot("key-in-mistyped", dialog)
        # Another office's form: the same agreement number, another apprentice, so another mark.
        other_mark = "ZZZZ" if mark != "ZZZZ" else "YYYY"
        person.type(_("Reference on the form"), f"{reference} / {monday} / {other_mark}", dialog)
        person.click(_("&Open"), dialog)
        said = _refusal(person, dialog)
        assert other_mark in said and reference in said and dialog.isVisible()
        person.shot("key-in-another-office", dialog)
        assert records.list_records(w.db, "logbook") == []

        # The reference as printed: a new weekly report of that agreement and week, ready to type in.
        person.type(_("Reference on the form"), printed, dialog)
        person.click(_("&Open"), dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        page = window.current_list()
        assert page is not None and page.kind == "logbook"
        qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is None, timeout=5000)
        form = page.form
        assert form.editors["agreement_id"].value() == w.mine and form.editors["week_start"].value() == week
        person.shot("key-in-new-week")
        person.type(_("What was done and learnt at the company"), "Torneado de ejes y cambio de rodamientos.", form)
        person.type(_("Hours at the company"), "32", form)
        # No attendance is recorded for the week yet: the hours are warned of, and saved all the same.
        warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Save), of=QMessageBox)
        person.click(_("&Save"), form)
        try:
            qtbot.waitUntil(lambda: len(records.list_records(w.db, "logbook")) == 1, timeout=5000)
        finally:
            person.shot("key-in-saved")
        assert warned
        saved = records.list_records(w.db, "logbook")[0]
        assert saved["agreement_id"] == w.mine and saved["week_start"] == week
        assert records.get(w.db, "logbook", saved["id"])["activities"] == "Torneado de ejes y cambio de rodamientos."

        # Scanned again (the QR code's text): the report now recorded opens.
        person.nav(_("Dashboard"))
        _key_in(person, f"vetdesk:week:{reference}:{monday}:{mark}")
        page = window.current_list()
        qtbot.waitUntil(lambda: page is not None and page.form is not None and page.form.record_id == saved["id"],
                        timeout=5000)
        person.shot("key-in-recorded-week")
    finally:
        _close(qtbot, window, monkeypatch)


def test_an_instructor_is_told_another_instructor_s_form_is_unknown(  # type: ignore[no-untyped-def]
        qtbot, sqlite_db, qsettings, language, monkeypatch) -> None:
    w = make_world(sqlite_db)
    theirs = _printed_reference(w, w.other, w.week(2))
    mine = _printed_reference(w, w.mine, w.week(2))
    window = _window(qtbot, w.db.as_user(w.me), qsettings)
    person = Person(qtbot, window, f"paper-week-instructor-{language}")
    try:
        dialog = _key_in(person, theirs)
        said = _refusal(person, dialog)
        assert theirs.split(" / ")[0] in said and dialog.isVisible()
        # Worded as for any reference his records do not hold: nothing of the other apprentice is told.
        refused_unknown = _refusal(person, dialog)
        person.type(_("Reference on the form"), "CA-2026-999999 / 2026-01-05", dialog)
        person.click(_("&Open"), dialog)
        qtbot.waitUntil(lambda: _refusal(person, dialog) != refused_unknown, timeout=3000)
        assert _refusal(person, dialog).replace("CA-2026-999999", "X") == refused_unknown.replace(
            theirs.split(" / ")[0] + " / " + theirs.split(" / ")[2], "X")
        person.shot("key-in-not-his", dialog)
        person.type(_("Reference on the form"), mine, dialog)
        person.click(_("&Open"), dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        page = window.current_list()
        qtbot.waitUntil(lambda: page is not None and page.form is not None, timeout=5000)
        assert page.form.editors["agreement_id"].value() == w.mine
    finally:
        _close(qtbot, window, monkeypatch)


def test_an_assessment_form_keyed_in_opens_its_rating_grid(  # type: ignore[no-untyped-def]
        qtbot, sqlite_db, qsettings, language, monkeypatch) -> None:
    """The same dialog takes an assessment form's reference (as printed: the agreement and the position) and
    opens the rating grid of that learning position."""
    from tests.progress.conftest import make_placement
    from vetdesk.services.session import local_operator
    from vetdesk.ui.rating_grid import RatingDialog

    placement = make_placement(sqlite_db)
    reference = records.get(sqlite_db, "agreements", placement.agreement_id)["reference"]
    window = _window(qtbot, sqlite_db.as_user(local_operator()), qsettings)
    person = Person(qtbot, window, f"paper-form-{language}")
    try:
        dialog = _key_in(person, f"{reference} {placement.positions[1]}")
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RatingDialog), timeout=5000)
        grid = QApplication.activeModalWidget()
        assert not dialog.isVisible()
        codes = [grid.grid.model.index(r, 0).data() for r in range(grid.grid.model.rowCount())]
        assert codes == ["CAL-1", "CAL-2"]
        person.shot("key-in-assessment-form", grid)
        grid.reject()
    finally:
        _close(qtbot, window, monkeypatch)


def test_a_viewer_keys_in_a_form_to_read_its_week(  # type: ignore[no-untyped-def]
        qtbot, sqlite_db, qsettings, language, monkeypatch) -> None:
    """A viewer reads the week a form's reference names; a week with nothing recorded is said so on the status
    bar (no new report is started: a viewer writes none)."""
    from tests.logbook.conftest import VIEWER
    from vetdesk.services import logbook

    w = make_world(sqlite_db)
    recorded = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1), values={"activities": "Torno"}).id
    window = _window(qtbot, w.db.as_user(VIEWER), qsettings)
    person = Person(qtbot, window, f"paper-week-viewer-{language}")
    try:
        dialog = _key_in(person, _printed_reference(w, w.mine, w.week(2)))
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        said = _("Nothing is recorded yet for the week of {date} of {name}.").format(
            date=shown_day(w.week(2)), name=logbook.find_paper_week(w.db, f"{_printed_reference(w, w.mine, w.week(2))}")
            .apprentice)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=3000)
        page = window.current_list()
        assert page is not None and page.form is None and records.list_records(w.db, "logbook") != []
        _key_in(person, _printed_reference(w, w.mine, w.week(1)))
        qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == recorded, timeout=5000)
        assert not page.form.writable
        person.shot("viewer-reads-week")
    finally:
        _close(qtbot, window, monkeypatch)

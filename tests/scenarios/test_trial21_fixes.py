"""Issue 21's trial of 3 December: what a new user typed that crashed the window or saved a date other than the
one typed, each replayed key by key as the tester typed it."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from tests.logbook.conftest import OFFICER, World
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person, type_text
from tests.scenarios.test_logbook import _close, _window
from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.services import records

#: The weekly reports' world (two agreements with a rotation plan, weeks 0-4 handed in).
world = scenes.world


def _pick(person: Person, picker: QWidget, search: str) -> None:
    """In the search dialog: type, arrow down into the list, Enter on the first match."""
    person.type(_("Search"), search, picker)
    page = picker.page  # type: ignore[attr-defined]
    person.qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() >= 1, timeout=10000)
    person.key(Qt.Key.Key_Down, widget=page.search)
    person.key(Qt.Key.Key_Return, widget=page.table)


def test_typing_a_weeks_monday_after_choosing_its_agreement_takes_every_keystroke(
        qtbot, world, qsettings, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    """Item 1: with the agreement chosen, each keystroke of the week's Monday reached the plan's position lookup
    as half-typed text and raised an internal error; now the field takes the whole date and, once it is a date,
    the week's planned position is offered."""
    w: World = world
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"trial21-week-typed-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading, timeout=5000)
        page.table.setFocus()
        person.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier, widget=page.table)
        qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is None, timeout=3000)
        form = page.form
        reference = records.get(w.db, "agreements", w.mine)["reference"]
        person.when_dialog(lambda picker: _pick(person, picker, reference), of=QDialog)
        person.click(_("Choose {field}").format(field=_("Agreement")), form)
        qtbot.waitUntil(lambda: form.editors["agreement_id"].value() == w.mine, timeout=10000)
        monday = w.week(6)
        written = i18n.current().format_numeric_date(monday)
        field = person.find(_("Week of (Monday)"), QLineEdit, form)
        QTest.mouseClick(field, Qt.MouseButton.LeftButton)
        type_text(field, written)  # an exception in a handler fails the test (pytest-qt)
        assert field.text() == written
        QTest.keyClick(field, Qt.Key.Key_Tab)
        assert form.editors["week_start"].value() == monday
        positions = form.editors["position_id"]
        assert positions.value() is not None  # the plan's position for that week, offered once it was a date
        person.shot("week-typed", form)
    finally:
        _close(qtbot, window, monkeypatch)


def _to_terms(person: Person, wizard: Any, ids: dict[str, int]) -> None:
    from tests.scenarios.test_new_user_retrial import walk_to_terms

    qtbot = person.qtbot
    walk_to_terms(person, wizard, ids)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.terms_page, timeout=5000)


def test_the_wizard_refuses_an_impossible_start_date_under_the_field_and_the_review_shows(
        qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """Item 2: 31/04/2027 passed *Dates and working time* without a word and the review crashed on it, blank;
    now Next stays on the page and says under the field, in words, what is wrong; *Back to the review* too."""
    from tests.scenarios import test_agreement_wizard_plan as plan_scenario
    from tests.scenarios.test_new_user_retrial import ahk_office, open_wizard

    ids = ahk_office(window.db)
    person = Person(qtbot, window, f"trial21-wizard-date-{language}")
    wizard = open_wizard(person)
    _to_terms(person, wizard, ids)
    terms = wizard.terms_page
    person.type(_("Start date"), "31/04/2027", wizard)  # no April has 31 days, in any order of day and month
    person.key(Qt.Key.Key_Tab)
    message = terms.date_messages[terms.start]
    qtbot.waitUntil(message.isVisible, timeout=3000)  # said on leaving the field
    assert "31/04/2027" in message.text() and _("Start date") in message.text(), message.text()
    assert "start_date" not in message.text()
    plan_scenario._next(person, wizard)
    qtbot.wait(200)
    assert wizard.currentPage() is terms  # Next refused
    assert message.isVisible()
    assert QApplication.focusWidget() is terms.start.line
    person.shot("start-date-refused", wizard)

    # Corrected: the message goes, Next goes on; the review shows the dates as the forms write them.
    start = date(2027, 4, 30)
    person.type_date(_("Start date"), start, wizard)
    assert not message.isVisible()
    plan_scenario._next(person, wizard)  # the terms
    plan_scenario._next(person, wizard)  # the stipend and insurance, left for later
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    assert i18n.current().format_numeric_date(start) in review.summary.text()

    # Back at the terms from the review, an end date that is none: *Back to the review* stops there, says why.
    wizard.back()
    wizard.back()
    qtbot.waitUntil(lambda: wizard.currentPage() is terms, timeout=5000)
    person.type(_("End date"), "30/02/2029", wizard)
    person.click(_("Back to the review"), wizard)
    qtbot.wait(200)
    assert wizard.currentPage() is terms
    assert "30/02/2029" in terms.date_messages[terms.end].text()
    assert terms.date_messages[terms.end].isVisible()
    person.shot("end-date-refused", wizard)
    # The review itself never fails on a date that is none (it shows it as typed).
    assert "30/02/2029" in wizard.summary_html()
    wizard.reject()  # done with it: discarded without the question a person is asked


def _open_agreement(person: Person, window: Any, agreement_id: int) -> Any:
    from tests.scenarios.test_logbook import _open_row

    person.nav(_("Agreements"))
    page = window.current_list()
    person.qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    return _open_row(person, page, agreement_id)


def test_the_rating_grid_saves_the_date_typed_right_after_a_level(
        qtbot, world, qsettings, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    """Item 3: a level typed in the last row, then a click into *Date* at once: that click only closed the cell
    editor and sent the keyboard to *Save*, so the date typed went nowhere and the ratings were saved with today.
    Also the out-of-scale message stayed after a good level was typed, and Esc dropped typed levels unasked."""
    from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QTableView

    from vetdesk.domain import scales
    from vetdesk.storage.models import Assessment

    w: World = world
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"trial21-rating-date-{language}")
    on = date(2026, 12, 1)
    try:
        form = _open_agreement(person, window, w.mine)
        asked: list[str] = []
        seen: dict[str, Any] = {}

        def first_sitting(grid_dialog: QWidget) -> None:
            """Type a level, press Esc: asked whether to drop it; No keeps the grid open."""
            seen["dialog"] = grid_dialog
            ratings = person.find(_("Ratings"), QTableView, grid_dialog)
            model = ratings.model()
            scale = model.grid.scale
            allowed = sorted(str(v) for v in scales.allowed_values(scale))
            wrong = next(str(d) for d in range(1, 10) if not any(a.startswith(str(d)) for a in allowed))
            seen.update(rows=model.rowCount(), good=allowed[-1])
            qtbot.waitUntil(lambda: grid_dialog.isActiveWindow() and ratings.hasFocus(), timeout=5000)
            QTest.keyClicks(ratings, wrong)
            message = grid_dialog.grid.message  # type: ignore[attr-defined]
            assert message.isVisible() and wrong in message.text()
            QTest.keyClicks(QApplication.focusWidget(), allowed[-1])  # corrected: the refusal goes
            assert not message.text(), message.text()  # its room stays (issue 21: nothing moves), empty
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: bool(model.pending), timeout=3000)

            def keep(box: QWidget) -> None:
                asked.append(box.text())  # type: ignore[attr-defined]
                person.press(box, QMessageBox.StandardButton.Cancel)

            person.when_dialog(keep, of=QMessageBox)
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
            qtbot.waitUntil(lambda: bool(asked), timeout=5000)
            assert grid_dialog.isVisible()
            assert model.pending  # still typed
            grid_dialog.activateWindow()  # the person's eyes and hand back on the grid
            qtbot.waitUntil(grid_dialog.isActiveWindow, timeout=5000)
            # The last row's level, then straight into the date: that one click puts the cursor there.
            last = model.index(model.rowCount() - 1, 3)
            ratings.setFocus()
            QTest.mouseClick(ratings.viewport(), Qt.MouseButton.LeftButton, pos=ratings.visualRect(last).center())
            QTest.keyClicks(ratings, allowed[-1])
            line = person.find(_("Date"), QLineEdit, grid_dialog)
            QTest.mouseClick(line, Qt.MouseButton.LeftButton)
            qtbot.wait(100)
            assert QApplication.focusWidget() is line  # the one click put the cursor in the date, not on Save
            QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_text(QApplication.focusWidget(), on.strftime("%d-%m-%Y"))  # day first, English too
            person.shot("date-typed-after-a-level", grid_dialog)
            person.click(_("Save ratings"), grid_dialog)

        def choose_position(dialog: QWidget) -> None:
            person.when_dialog(first_sitting, of=QDialog, holding=QTableView)
            person.ok(dialog)

        chosen = person.when_dialog(choose_position, of=QInputDialog)
        person.click(_("Rate a learning position…"), form)
        qtbot.waitUntil(lambda: bool(chosen), timeout=10000)
        qtbot.waitUntil(lambda: not seen["dialog"].isVisible(), timeout=10000)
        with w.db.reader() as session:
            from sqlalchemy import select

            days = list(session.scalars(select(Assessment.assessed_on).where(Assessment.agreement_id == w.mine)))
        assert len(days) == 2 and set(days) == {on}, days
        assert len(asked) == 1 and QLabel is not None
    finally:
        _close(qtbot, window, monkeypatch)


def test_returning_a_week_without_a_note_says_so_at_the_note_in_view(
        qtbot, world, qsettings, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    """Item 4: *Return with note* with no note seemed to do nothing: its message was below the pane's fold. Now
    the note field and the message under it are scrolled into view and the cursor is in the note."""
    from PySide6.QtCore import QPoint

    from tests.scenarios.test_logbook import _open_row

    w: World = world
    window = _window(qtbot, w.db.as_user(w.me), qsettings, monkeypatch)
    person = Person(qtbot, window, f"trial21-return-no-note-{language}")
    try:
        week = next(r["id"] for r in records.list_records(w.db, "logbook", records.ListQuery(search=None))
                    if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 5, timeout=5000)
        form = _open_row(person, page, week)
        form.fields_area.verticalScrollBar().setValue(0)  # the pane as it opens, at its top
        person.click(_("Return with note"), form)
        message = form.messages["review_note"]
        qtbot.waitUntil(message.isVisible, timeout=3000)
        assert _("Say what to correct: a report is returned with a note.") in message.text()
        viewport = form.fields_area.viewport()
        top = message.mapTo(viewport, QPoint(0, 0)).y()
        assert 0 <= top and top + message.height() <= viewport.height(), (top, viewport.height())
        note = form.editors["review_note"]
        assert QApplication.focusWidget() in (note, note.focusProxy(), *note.findChildren(QWidget))
        assert records.get(w.db, "logbook", week)["status"] == "submitted"  # nothing written
        person.shot("return-without-note", form)
    finally:
        _close(qtbot, window, monkeypatch)

"""The last window defects of issue 21's new-user trial at 1366×768 (win21p), each driven as a person drives the
window: typed, clicked, answered, asserted on screen and in the database. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from tests import factories as f
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person, main_window
from tests.scenarios.test_ui21m import _open_first_row
from vetdesk.i18n import _
from vetdesk.ui.main_window import MainWindow

#: The weekly reports' world of the logbook scenarios (weeks 0-4 handed in, Iván's weeks 0-2 countersigned).
world = scenes.world


def _empty_right_of_columns(page: Any) -> int:
    """The pixels of the list's width right of its last column (a strip of nothing)."""
    table, header = page.table, page.table.horizontalHeader()
    shown = [i for i in range(header.count()) if not table.isColumnHidden(i)]
    right = max(header.sectionViewportPosition(i) + header.sectionSize(i) for i in shown)
    return table.viewport().width() - right


def test_a_closed_record_pane_gives_the_list_its_whole_width_again_after_a_restart(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, qsettings, monkeypatch, language: str) -> None:
    """Item 3: the window closed with a record open beside the list; started again, a record opened and closed
    left an empty strip where the pane had been (the columns kept the narrow widths saved beside the pane). Now
    the columns share out the list's room as on the first start, beside the pane and without it."""
    f.make_agreement(window.db)
    person = Person(qtbot, window, f"win21p-pane-closed-{language}")
    _open_first_row(qtbot, person, window, _("Companies"))
    person.shot("company-open")
    window.close()  # the officer's day ends with the company open: the list's state is saved as it is
    with main_window(qtbot, window.db, qsettings, monkeypatch) as again:
        other = Person(qtbot, again, f"win21p-pane-closed-again-{language}")
        page = _open_first_row(qtbot, other, again, _("Companies"))
        other.shot("company-open-after-restart")
        other.click(_("Close"), page.form)
        qtbot.waitUntil(lambda: page.form is None and not page.form_stack.isVisible(), timeout=3000)
        qtbot.wait(200)
        other.shot("company-closed")
        assert _empty_right_of_columns(page) <= 2, _empty_right_of_columns(page)
        assert sum(page.splitter.sizes()) - page.splitter.sizes()[0] <= 0


def test_a_weekly_report_s_account_is_a_paragraph_in_sight_and_its_form_scrolls_to_the_rest(  # type: ignore[no-untyped-def]
        qtbot, world, window: MainWindow, qsettings, monkeypatch, tmp_path, language: str) -> None:
    """Item 2: at 1366×768 a weekly report's "What was done and learnt" was a box of four lines, and the three
    competencies of the week took a box of ten that pushed the fields below it out of the pane. The account keeps
    eight lines in sight, the competencies' list is as tall as its choices, and what is below the pane's fold is
    reached by scrolling the form. In instructor mode the same account keeps its eight lines whatever messages
    show under the fields (the week's form scrolls instead)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QListWidget, QPlainTextEdit

    from tests.scenarios.test_logbook_trial import _close_instructor_mode, _instructor_mode, _open_week
    from vetdesk.ui.editors import WEEK_ACCOUNT_LINES

    person = Person(qtbot, window, f"win21p-week-form-{language}")
    page = _open_first_row(qtbot, person, window, _("Weekly reports"))
    form = page.form
    person.shot("week-open")
    account = person.find(_("What was done and learnt at the company"), QPlainTextEdit, form)
    lines = account.fontMetrics().lineSpacing()
    assert account.viewport().height() >= WEEK_ACCOUNT_LINES * lines, (account.viewport().height(), lines)
    ticked = person.find(_("Competencies practised"), QListWidget, form)
    rows = ticked.count()
    assert 0 < rows < 10 and ticked.height() <= max(rows * (ticked.sizeHintForRow(0) + 2) + 12, 124), \
        (rows, ticked.height())
    # Below the fold: the instructor's note, reached with Tab from the hours, is scrolled into sight.
    note = person.find(_("Instructor's note"), QPlainTextEdit, form)
    person.type(_("Hours at school"), "", form)
    for _step in range(8):
        if QApplication.focusWidget() is note:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is note
    qtbot.wait(100)
    viewport = form.fields_area.viewport()
    top = note.mapTo(viewport, note.rect().topLeft()).y()
    assert 0 <= top and top + 3 * lines <= viewport.height(), (top, viewport.height())  # its lines in sight
    person.shot("note-in-sight")
    page.close_form()

    book, mode = _instructor_mode(qtbot, world, tmp_path, language)
    other = Person(qtbot, mode, f"win21p-week-instructor-{language}")
    try:
        _open_week(other, other.find(_("Open weeks"), QListWidget), 1)
        for name, typed in ((_("Hours at the company"), "abc"), (_("Hours at school"), "xyz"),
                            (_("Competencies practised (codes)"), "ZZZ-9")):
            other.type(name, typed)
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.wait(1200)  # the codes are checked once the instructor stops typing
        other.shot("messages-under-the-fields")
        shown = [label for label in (*mode.hours_problems.values(), *mode.field_problems.values())
                 if label.isVisible()]
        assert shown, "no message under a field"
        paragraph = other.find(_("What was done and learnt at the company"), QPlainTextEdit)
        assert paragraph.viewport().height() >= WEEK_ACCOUNT_LINES * paragraph.fontMetrics().lineSpacing()
        button = other.find(_("Save the note as a comment"))
        mode.form_area.ensureWidgetVisible(button)
        area = mode.form_area.viewport()
        assert button.mapTo(area, button.rect().bottomLeft()).y() <= area.height()
        assert mode.form_area.geometry().bottom() < mode.height()
    finally:
        _close_instructor_mode(mode, monkeypatch)

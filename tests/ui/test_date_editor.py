"""A date field takes a date as the officer types it, in the language of the window, and Tab leaves it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from vetdesk import i18n
from vetdesk.services import fields as F
from vetdesk.ui.editors import DateEditor

SPEC = F.Field("birth_date", "date", F.N_("Birth date"))


_HOLDERS: list[QWidget] = []  # alive until the test ends (qtbot closes them)


def _editor(qtbot):  # type: ignore[no-untyped-def]
    holder = QWidget()
    _HOLDERS.append(holder)
    layout = QVBoxLayout(holder)
    editor = DateEditor(SPEC, holder)
    after = QLineEdit(holder)
    layout.addWidget(editor)
    layout.addWidget(after)
    qtbot.addWidget(holder)
    holder.show()
    holder.raise_()
    holder.activateWindow()
    qtbot.waitUntil(holder.isActiveWindow, timeout=3000)
    editor.setFocus()
    qtbot.waitUntil(editor.line.hasFocus, timeout=3000)
    return editor, after


@pytest.mark.parametrize("typed", ["15/03/2008", "15032008", "15-3-2008", "2008-03-15"])
def test_typed_in_spanish(qtbot, typed: str) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("es")
    editor, after = _editor(qtbot)
    QTest.keyClicks(editor.line, typed)
    assert editor.line.text() == typed  # nothing is lost or reordered while typing
    QTest.keyClick(editor.line, Qt.Key.Key_Tab)
    from PySide6.QtWidgets import QApplication

    assert QApplication.focusWidget() is after, QApplication.focusWidget()  # Tab leaves the field
    assert editor.value() == date(2008, 3, 15)
    assert editor.line.text() == "15/03/2008"  # shown as Mexican dates are written


def test_typed_in_english_day_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    """English is read day first, as a Mexican office writes dates (a new user's trial typed 04/12/2026 for
    4 December and got 12 April): a month-first date that cannot be read day first is still taken, shown back
    day first."""
    editor, after = _editor(qtbot)
    QTest.keyClicks(editor.line, "04/12/2026")
    QTest.keyClick(editor.line, Qt.Key.Key_Tab)
    assert editor.value() == date(2026, 12, 4) and editor.line.text() == "04/12/2026"
    assert editor.line.placeholderText() == "dd/mm/yyyy"
    editor, after = _editor(qtbot)
    QTest.keyClicks(editor.line, "3/15/2008")
    QTest.keyClick(editor.line, Qt.Key.Key_Tab)
    assert editor.value() == date(2008, 3, 15) and editor.line.text() == "15/03/2008"


def test_what_is_no_date_stays_as_typed_for_the_services_to_refuse(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor, _after = _editor(qtbot)
    QTest.keyClicks(editor.line, "15/13/2008")
    QTest.keyClick(editor.line, Qt.Key.Key_Tab)
    assert editor.value() == "15/13/2008"
    problem = F.parse_value(SPEC, editor.value())[1]
    assert problem is not None and "Birth date: 15/13/2008 is not a date" in problem.message


def test_the_calendar_opens_from_the_keyboard_on_the_date_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QCalendarWidget

    editor, _after = _editor(qtbot)
    QTest.keyClicks(editor.line, "15/03/2008")
    QTest.keyClick(editor.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.calendar_menu.isVisible(), timeout=3000)
    calendar = editor.calendar_menu.findChild(QCalendarWidget)
    assert calendar.selectedDate().toPython() == date(2008, 3, 15)  # on the date typed
    view = calendar.focusWidget() or calendar
    QTest.keyClick(view, Qt.Key.Key_Right)  # the next day
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert editor.value() == date(2008, 3, 16)
    assert not editor.calendar_menu.isVisible()

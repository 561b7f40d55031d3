"""Issue 21's trial of 3 December: what a new user typed that crashed the window or saved a date other than the
one typed, each replayed key by key as the tester typed it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

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

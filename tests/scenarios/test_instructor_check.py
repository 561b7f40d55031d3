"""An instructor's *Tools › Check the database* (issue 21, the trial of 4 December: it listed the whole office's
findings, "Company: #1", "Instructor: #15", and a double click opened nothing). The core keeps the check to the
records of the apprentices the instructor instructs, each named in words, and a double click opens its record."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.logbook.conftest import World
from tests.scenarios.person import Person
from tests.scenarios.test_logbook import _close, _window, world  # noqa: F401  (the fixture)
from vetdesk.domain.normalize import full_name
from vetdesk.i18n import _, upper_first
from vetdesk.services import checks, records
from vetdesk.services.kinds import KINDS


def test_an_instructors_check_shows_and_opens_their_own_records(qtbot, world, qsettings, monkeypatch,  # noqa: F811
                                                                 language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    office = checks.check_database(w.db)
    theirs = [f for f in office if f.kind != "agreements" or f.record_id != w.mine]
    assert theirs, "the office's check finds something outside Iván's records"  # else the test proves nothing
    assert any(f.kind == "agreements" and f.record_id == w.mine for f in office)
    window = _window(qtbot, w.db.as_user(w.me), qsettings, monkeypatch)
    person = Person(qtbot, window, f"trial21-instructor-check-{language}")
    try:
        person.menu(_("&Tools"), _("&Check the database…"))
        qtbot.waitUntil(lambda: window.checks_dialog is not None and window.checks_dialog.isVisible(),
                        timeout=20000)
        dialog = window.checks_dialog
        dialog.resize(1366, 600)
        person.shot("findings", dialog)
        table = dialog.table
        shown = [table.item(row, 0).text() for row in range(table.rowCount())]
        reference = records.get(w.db, "agreements", w.mine)["reference"]
        apprentice = records.get(w.db, "apprentices", records.get(w.db, "agreements", w.mine)["apprentice_id"])
        assert shown, "Iván's own agreement has findings"
        assert all("#" not in text for text in shown), shown
        name = full_name(apprentice["given_names"], apprentice["first_surname"], apprentice["second_surname"])
        # His apprentice's records only, each named in words.
        assert all(name in text for text in shown), [t for t in shown if name not in t]
        own = f"{upper_first(_(KINDS['agreements'].singular))}: {reference} · {name}"
        assert own in shown, shown
        assert dialog.summary.text().startswith(str(len(shown))), dialog.summary.text()

        row = shown.index(own)
        table.scrollToItem(table.item(row, 0))
        at = table.visualItemRect(table.item(row, 0)).center()
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)
        QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.waitUntil(lambda: window.current_list() is not None and window.current_list().kind == "agreements"
                        and window.current_list().form is not None
                        and window.current_list().form.record_id == w.mine, timeout=5000)
        person.shot("opened")
    finally:
        _close(qtbot, window, monkeypatch)

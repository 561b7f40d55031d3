"""Ctrl+Z after *Return with note* puts the weekly report back as it was before the review: submitted, with no
review date and the note it had (issue 21, the trial of 4 December: the week was "submitted" again but kept the
review date of its return)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.logbook.conftest import World
from tests.scenarios.person import Person
from tests.scenarios.test_logbook import _close, _open_row, _window, world  # noqa: F401  (the fixture)
from vetdesk.i18n import _
from vetdesk.services import records


def test_ctrl_z_after_return_with_note_restores_every_field(qtbot, world, qsettings, monkeypatch,  # noqa: F811
                                                            language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    window = _window(qtbot, w.db.as_user(w.me), qsettings, monkeypatch)
    person = Person(qtbot, window, f"trial21-undo-return-{language}")
    try:
        weeks = records.list_records(w.db, "logbook", records.ListQuery(search=None))
        overdue = next(r["id"] for r in weeks if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
        before = records.get(w.db, "logbook", overdue)
        assert before["status"] == "submitted" and before["reviewed_on"] is None
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 5, timeout=5000)
        form = _open_row(person, page, overdue)
        person.type(_("Instructor's note"), "Faltan las piezas cambiadas.", form)
        person.click(_("Return with note"), form)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", overdue)["status"] == "returned", timeout=5000)
        returned = records.get(w.db, "logbook", overdue)
        assert returned["reviewed_on"] is not None and returned["review_note"] == "Faltan las piezas cambiadas."

        person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=page.table)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", overdue)["status"] == "submitted", timeout=5000)
        after = records.get(w.db, "logbook", overdue)
        assert after["reviewed_on"] is None, after
        assert (after["review_note"] or "") == (before["review_note"] or ""), after
        assert window.statusBar().currentMessage().startswith(_("Undone: {operation}").split("{")[0])
        person.shot("undone")
    finally:
        _close(qtbot, window, monkeypatch)

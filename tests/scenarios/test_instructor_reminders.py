"""An instructor's dashboard reminders of the weekly reports are about their apprentices only (issue 25, item 5 of
the trial's list, verified): both instructors' apprentices have a week waiting for review and an overdue record;
Iván signed in sees one of each on his cards, and the card's list holds his apprentice's week alone, while the
office sees both."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.logbook.conftest import OFFICER, World, make_world
from tests.scenarios.person import Person
from tests.scenarios.test_paper_week_key_in import _close, _window
from vetdesk.i18n import _
from vetdesk.services import dashboard, logbook, reminders


def test_an_instructor_s_weekly_report_reminders_are_his_apprentices_only(  # type: ignore[no-untyped-def]
        qtbot, sqlite_db, qsettings, language, monkeypatch) -> None:
    w: World = make_world(sqlite_db)
    waiting = {}
    for agreement in (w.mine, w.other):
        waiting[agreement] = logbook.write_week(w.db, agreement_id=agreement, week=w.week(1), values={
            "activities": "Mantenimiento de tornos", "hours": "30", "status": "submitted"}).id
    office = dashboard.dashboard(w.db.as_user(OFFICER))
    assert office.item("logbook_review").count == 2 and office.item("logbook_overdue").count == 2
    mine = dashboard.dashboard(w.db.as_user(w.me))
    assert mine.item("logbook_review").filters["ids"] == [waiting[w.mine]]
    assert mine.item("logbook_overdue").filters["ids"] == [w.mine]
    # vetdesk remind list and the window read the same items.
    assert {s.item.key: s.item.count for s in reminders.shown(mine, reminders.kept(w.db.as_user(w.me)),
                                                              mine.today)}["logbook_review"] == 1

    window = _window(qtbot, w.db.as_user(w.me), qsettings)
    person = Person(qtbot, window, f"instructor-reminders-{language}")
    try:
        page = window.page("dashboard")
        qtbot.waitUntil(lambda: page.data() is not None, timeout=10000)
        assert page.card("logbook_review").count_label.text() == "1"
        assert page.card("logbook_overdue").count_label.text() == "1"
        person.shot("dashboard")
        QTest.mouseClick(page.card("logbook_review"), Qt.MouseButton.LeftButton)
        listed = window.current_list()
        qtbot.waitUntil(lambda: listed is not None and listed.kind == "logbook" and not listed.loading, timeout=5000)
        qtbot.waitUntil(lambda: listed.model.rowCount() == 1, timeout=5000)
        assert listed.result_ids() == [waiting[w.mine]]
        person.shot("waiting-for-review")
        person.nav(_("Dashboard"))
    finally:
        _close(qtbot, window, monkeypatch)

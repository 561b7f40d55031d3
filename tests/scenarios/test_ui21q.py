"""The window's remaining faults of issue 21's new-user re-trial at 1366×768 (ui21q), each driven as a person drives
the window: typed, clicked, answered, asserted on screen and in the database. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.logbook.conftest import World
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow

#: The weekly reports' world of the logbook scenarios (weeks 0-4 handed in, Iván's weeks 0-2 countersigned).
world = scenes.world


def _open_card(qtbot: Any, window: MainWindow, key: str) -> Any:
    """Click a dashboard card: its list opens; returned once its rows are read."""
    page = window.page("dashboard")
    qtbot.waitUntil(lambda: page.data() is not None, timeout=10000)
    QTest.mouseClick(page.card(key), Qt.MouseButton.LeftButton)
    listed = window.current_list()
    qtbot.waitUntil(lambda: listed is not None and not listed.loading and listed.model.complete, timeout=10000)
    return listed


def test_a_report_returned_from_the_waiting_for_review_list_leaves_it(  # type: ignore[no-untyped-def]
        qtbot, world, window: MainWindow, language: str) -> None:
    """Item 2: a weekly report opened from the dashboard's "waiting for review" list and returned stayed listed
    under "… not yet reviewed" until the list was opened again. The list follows the change: the returned report
    leaves it at once, and the card counts one fewer."""
    w: World = world
    person = Person(qtbot, window, f"ui21q-review-list-{language}")
    waiting = records.list_ids(w.db, "logbook", records.ListQuery(status="submitted"))
    assert len(waiting) >= 2
    listed = _open_card(qtbot, window, "logbook_review")
    assert window.current_list() is listed and listed.kind == "logbook"
    assert sorted(listed.model.ids()) == sorted(waiting)
    person.shot("waiting-for-review")
    week = waiting[0]
    form = scenes._open_row(person, listed, week)
    person.type(_("Instructor's note"), "Describa las piezas que cambió y por qué.", form)
    person.click(_("Return with note"), form)
    qtbot.waitUntil(lambda: records.get(w.db, "logbook", week)["status"] == "returned", timeout=5000)
    qtbot.waitUntil(lambda: not listed.loading and week not in listed.model.ids(), timeout=5000)
    person.shot("returned-leaves-the-list")
    assert sorted(listed.model.ids()) == sorted(set(waiting) - {week})
    assert listed.count_label.text().startswith(str(len(waiting) - 1))
    assert listed.banner.isVisible()  # still the card's list, under its title
    person.nav(_("Dashboard"))
    scenes._wait_count(qtbot, window, "logbook_review", str(len(waiting) - 1))

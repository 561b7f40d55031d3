"""The weekly report's form beside its list: an officer marks a keyed-in paper report handed in; a review of a
report someone else changed meanwhile is refused with who did it; the buttons follow the report's status."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tests.logbook.conftest import OFFICER, World, make_world
from tests.ui.conftest import wait_loaded
from vetdesk.services import logbook, records
from vetdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, sqlite_db, qsettings, no_dialogs):  # type: ignore[no-untyped-def]
    w = MainWindow(sqlite_db.as_user(OFFICER), settings=qsettings)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _form(qtbot: Any, window: MainWindow, week: int) -> Any:
    page = window.show_list("logbook")
    assert page is not None
    wait_loaded(qtbot, page)
    form = page.open_record(week)
    assert form is not None
    return form


def _visible(form: Any) -> set[str]:
    return {key for key, button in form._reviews.items() if button.isVisible()}


def test_a_keyed_in_report_is_handed_in_then_reviewed(qtbot, window, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    w: World = make_world(sqlite_db)
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0), values={"activities": "Tornos"}).id
    form = _form(qtbot, window, week)
    assert _visible(form) == {"hand_in", "comment", "print", "record"}
    assert not form.editors["agreement_id"].isEnabled() and not form.editors["week_start"].isEnabled()
    QTest.mouseClick(form._reviews["hand_in"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.record.get("status") == "submitted", timeout=3000)
    assert _visible(form) == {"approve", "return", "comment", "print", "record"}
    # Returning without a note is refused at the note's field; nothing changes.
    QTest.mouseClick(form._reviews["return"], Qt.MouseButton.LeftButton)
    assert "note" in form.problem_text("review_note")
    assert records.get(w.db, "logbook", week)["status"] == "submitted"


def test_a_review_of_a_report_changed_meanwhile_is_refused(qtbot, window, sqlite_db,
                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w: World = make_world(sqlite_db)
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0),
                              values={"activities": "Tornos", "status": "submitted"}).id
    form = _form(qtbot, window, week)
    records.update(w.db.as_user(w.me), "logbook", week, {"hours": "20"})  # someone else, meanwhile
    asked: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)  # yes to "Countersign this weekly report?", no to what follows
        return QMessageBox.StandardButton.Yes if len(asked) == 1 else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    QTest.mouseClick(form._reviews["approve"], Qt.MouseButton.LeftButton)
    from vetdesk.domain.logbook import countersign_question

    assert asked[:1] == [countersign_question()] and len(asked) == 2 and "ivan" in asked[1], asked
    assert records.get(w.db, "logbook", week)["status"] == "submitted"

"""The rating grid works from the keyboard alone: type a level, Enter moves on, Save writes the grid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.progress.conftest import TODAY, make_placement
from vetdesk.services import progress
from vetdesk.ui.rating_grid import NEW, RatingGrid


@pytest.fixture
def grid(qtbot, sqlite_db):  # type: ignore[no-untyped-def]
    placement = make_placement(sqlite_db)
    widget = RatingGrid(sqlite_db, placement.agreement_id, placement.positions[0])
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.start()
    return widget, placement


def _key(qtbot, key, text: str = "") -> None:  # type: ignore[no-untyped-def]
    target = QApplication.focusWidget()
    assert target is not None
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, key)


def _enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.wait(20)  # the delegate commits and closes its editor through a queued call


def test_type_levels_enter_moves_on_and_save_writes_all(qtbot, grid):  # type: ignore[no-untyped-def]
    widget, placement = grid
    assert widget.table.currentIndex().row() == 0 and widget.table.currentIndex().column() == NEW
    _key(qtbot, None, "3")
    _enter(qtbot)
    assert widget.table.currentIndex().row() == 1
    _key(qtbot, None, "9")     # not on the scale: the editor does not take it
    _key(qtbot, None, "4")
    _enter(qtbot)
    assert widget.table.currentIndex().row() == 2
    _enter(qtbot)              # leave MAN-3 unrated
    assert QApplication.focusWidget() is widget.save_button
    assert widget.model.ratings() == {placement.codes["MAN-1"]: 3, placement.codes["MAN-2"]: 4}
    with qtbot.waitSignal(widget.saved) as saved:
        _key(qtbot, Qt.Key.Key_Return)   # Enter on the focused Save button
    assert len(saved.args[0]) == 2
    result = progress.apprentice_progress(placement.db, placement.apprentice_id)
    assert result.progress.overall.reached == 2
    latest = [widget.model.index(r, 2).data() for r in range(3)]
    assert latest[0].startswith("3") and latest[1].startswith("4") and latest[2] == ""
    assert widget.model.ratings() == {}  # a fresh sitting


def test_a_refused_grid_shows_why_and_writes_nothing(qtbot, grid):  # type: ignore[no-untyped-def]
    widget, placement = grid
    _key(qtbot, None, "2")
    _enter(qtbot)
    future = TODAY + timedelta(days=3)
    widget.on.line.clear()
    QTest.keyClicks(widget.on.line, future.strftime("%d/%m/%Y"))  # typed as the reader writes dates
    assert widget.save() == []
    assert widget.message.isVisible() and future.strftime("%d/%m/%Y") in widget.message.text()
    assert progress.apprentice_progress(placement.db, placement.apprentice_id).last_assessed is None
    assert widget.model.ratings() == {placement.codes["MAN-1"]: 2}  # kept for a second try


def test_delete_clears_a_typed_level(qtbot, grid):  # type: ignore[no-untyped-def]
    widget, _placement = grid
    _key(qtbot, None, "1")
    _enter(qtbot)
    widget.table.setCurrentIndex(widget.model.index(0, NEW))
    widget.table.setFocus()
    _key(qtbot, Qt.Key.Key_Delete)
    assert widget.model.ratings() == {}


def test_grid_opens_from_a_scanned_form_reference(qtbot, sqlite_db):  # type: ignore[no-untyped-def]
    from vetdesk.services import records

    placement = make_placement(sqlite_db)
    reference = records.get(sqlite_db, "agreements", placement.agreement_id)["reference"]
    widget = RatingGrid.for_form(sqlite_db, f"vetdesk:form:{reference}:{placement.positions[1]}")
    qtbot.addWidget(widget)
    assert [widget.model.index(r, 0).data() for r in range(widget.model.rowCount())] == ["CAL-1", "CAL-2"]


def test_the_latest_rating_says_who_gave_it(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """Trial 21e, item 7: "Latest rating" showed a level with no word of who gave it; it says the rater's role, as
    the progress report does (a self-assessment is not the instructor's rating)."""
    from vetdesk.services import assessments
    from vetdesk.services.belongings import rated_by
    from vetdesk.ui.rating_grid import LATEST

    placement = make_placement(sqlite_db)
    position = placement.positions[0]
    assessments.rate_position(sqlite_db, agreement_id=placement.agreement_id, position_id=position,
                              ratings={placement.codes["MAN-1"]: 3}, on=TODAY - timedelta(days=2), role="tutor",
                              rater="Mtra. Ana Ruiz")
    widget = RatingGrid(sqlite_db, placement.agreement_id, position)
    qtbot.addWidget(widget)
    row = next(i for i, r in enumerate(widget.model.grid.rows) if r.competency_id == placement.codes["MAN-1"])
    shown = widget.model.index(row, LATEST).data()
    assert shown.endswith(f"({rated_by('tutor')})") and "3" in shown, shown

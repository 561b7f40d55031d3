"""Issue 25's trial of the exchange workbook and instructor mode as people use them (fix25f): what instructor mode
says at its head, in the window's words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from tests.logbook.conftest import World
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from tests.scenarios.test_logbook_trial import _close_instructor_mode, _instructor_mode
from vetdesk.i18n import _

#: The weekly reports' world of the logbook scenarios.
world = scenes.world


def test_instructor_mode_s_heading_speaks_of_the_window_not_of_yellow_cells(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """The heading said "Fill in the yellow cells only" though the window has no yellow cells."""
    w: World = world
    _book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"instructor-head-{language}")
    try:
        shown = " ".join(label.text() for label in window.findChildren(QLabel) if label.isVisible())
        spreadsheet_words = window.opened.head[2]  # the file's own line, for a spreadsheet's user
        assert spreadsheet_words and spreadsheet_words not in shown
        expected = _("Choose a week in the list and fill in its attendance, hours, what the apprentice did and "
                     "learnt, your decision and a note; rate on the “{ratings}” tab. Save, then send the file back "
                     "to the office.").format(ratings=_("Ratings"))
        assert window.head.isVisible() and window.head.text().split("\n")[-1] == expected, window.head.text()
        assert window.head.text().split("\n")[0] == window.opened.head[0]  # the file's title stays
        person.shot("head")
    finally:
        _close_instructor_mode(window, monkeypatch)

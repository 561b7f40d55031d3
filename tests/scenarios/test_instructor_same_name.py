"""Two apprentices of the same name in one instructor's exchange file (issue 25, a new user's trial: instructor
mode's filter *Show the weeks of* offered them as one entry, whose choice showed the weeks of both). Each is an
entry of its own, named with the agreement's reference; choosing one shows its weeks only, and the week list and
the ratings say whose week and rating each one is."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QListWidget, QTableWidget

from tests import factories as f
from tests.logbook.conftest import START, World
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from tests.scenarios.test_logbook_trial import _close_instructor_mode, _instructor_mode
from vetdesk.i18n import _
from vetdesk.services import records

#: The weekly reports' world of the logbook scenarios.
world = scenes.world


def test_two_apprentices_of_one_name_are_two_entries_of_the_filter(  # type: ignore[no-untyped-def]
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:
    w: World = world
    mine = records.get(w.db, "agreements", w.mine)
    namesake = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor,
                                programme_id=mine["programme_id"],
                                apprentice_id=f.make_apprentice(w.db),  # José Ángel García Núñez too
                                start_date=START, end_date=START + timedelta(days=364),
                                training_record_form="electronic")
    f.activate(w.db, namesake)
    theirs = records.get(w.db, "agreements", namesake)
    name = records.get(w.db, "apprentices", mine["apprentice_id"])["given_names"]
    assert records.get(w.db, "apprentices", theirs["apprentice_id"])["given_names"] == name
    _book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"instructor-same-name-{language}")
    try:
        combo: QComboBox = person.find(_("Show the weeks of"), QComboBox)
        entries = [combo.itemText(i) for i in range(1, combo.count())]
        assert len(entries) == 2 and len(set(entries)) == 2, entries
        assert any(mine["reference"] in e for e in entries) and any(theirs["reference"] in e for e in entries)
        weeks: QListWidget = person.find(_("Open weeks"), QListWidget)
        shown = lambda: {weeks.item(i).text().split("\n")[0] for i in range(weeks.count())  # noqa: E731
                         if not weeks.item(i).isHidden()}
        assert shown() == set(entries)
        second = next(e for e in entries if theirs["reference"] in e)
        person.choose(_("Show the weeks of"), second)
        qtbot.waitUntil(lambda: shown() == {second}, timeout=3000)
        assert {window.weeks[i].reference for i in range(weeks.count()) if not weeks.item(i).isHidden()} == {
            theirs["reference"]}
        person.shot("one-of-two-namesakes")
        table = window.ratings_table
        if table.rowCount():
            labels = {table.item(r, 0).text() for r in range(table.rowCount())}
            assert labels <= set(entries), labels
        assert isinstance(table, QTableWidget)
    finally:
        _close_instructor_mode(window, monkeypatch)

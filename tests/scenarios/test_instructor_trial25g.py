"""Instructor mode as an instructor meets it (a new user's trial of issue 25, fix25g): the weeks of one apprentice at
a time, and the competency codes offered as choices while typing, not typed from memory."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget

from tests import factories as f
from tests.logbook.conftest import START, World
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from tests.scenarios.test_logbook_trial import _close_instructor_mode, _instructor_mode, _open_week
from vetdesk.i18n import _
from vetdesk.services import exchange_file as XF
from vetdesk.services import records

#: The weekly reports' world of the logbook scenarios.
world = scenes.world


def test_instructor_mode_filters_by_apprentice_and_offers_the_codes(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    # Iván instructs a second apprentice.
    second = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=records.get(
        w.db, "agreements", w.mine)["programme_id"], apprentice_id=f.make_apprentice(w.db, first_surname="Zamora"),
        start_date=START, end_date=START + timedelta(days=364), training_record_form="electronic")
    f.activate(w.db, second)
    _book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"instructor-filter-{language}")
    try:
        weeks = person.find(_("Open weeks"), QListWidget)
        names = XF.apprentices(window.opened)
        assert len(names) == 2
        shown = lambda: [weeks.item(i).text().split("\n")[0] for i in range(weeks.count())  # noqa: E731
                         if not weeks.item(i).isHidden()]
        assert sorted(set(shown())) == sorted(names)
        person.choose(_("Show the weeks of"), names[1])
        qtbot.waitUntil(lambda: set(shown()) == {names[1]}, timeout=3000)
        assert window.weeks[weeks.currentRow()].apprentice == names[1]  # the form shows one of theirs
        person.shot("one-apprentice")
        person.choose(_("Show the weeks of"), _("All apprentices"))
        qtbot.waitUntil(lambda: sorted(set(shown())) == sorted(names), timeout=3000)
        # The codes: the first letters typed, the week's codes offered, one chosen with the keyboard.
        _open_week(person, weeks, 0)
        week = window.weeks[0]
        offered = XF.offered_codes(window.opened, week)
        assert len(offered) >= 2
        field = person.find(_("Competencies practised (codes)"), QLineEdit)
        field.clear()
        window.activateWindow()  # the instructor's window, in front (offscreen: told so)
        QTest.mouseClick(field, Qt.MouseButton.LeftButton)
        field.setFocus()
        qtbot.waitUntil(field.hasFocus, timeout=3000)
        QTest.keyClicks(field, offered[0][:2])
        popup = window.codes.popup()
        qtbot.waitUntil(lambda: popup.isVisible(), timeout=3000)
        listed = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
        assert offered[0] in listed and all(c.lower().startswith(offered[0][:2].lower()) for c in listed)
        person.shot("codes-offered")
        QTest.keyClick(popup, Qt.Key.Key_Down)
        QTest.keyClick(popup, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: field.text() == listed[0], timeout=3000)
        QTest.keyClicks(field, ", " + offered[1][:2])
        qtbot.waitUntil(lambda: popup.isVisible(), timeout=3000)
        second_listed = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
        QTest.keyClick(popup, Qt.Key.Key_Down)
        QTest.keyClick(popup, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: field.text() == f"{listed[0]}, {second_listed[0]}", timeout=3000)
        assert isinstance(person.find(_("Show the weeks of"), QComboBox), QComboBox)
    finally:
        _close_instructor_mode(window, monkeypatch)


def test_the_officer_writes_the_workbook_in_the_instructor_s_language(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """The export dialog offers the workbook's language, the office's (Spanish) at first: the officer chooses
    German for Iván, and the workbook's headings and drop-downs are German whatever the window speaks."""
    import openpyxl
    from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QMessageBox

    from tests.logbook.conftest import OFFICER
    from vetdesk import i18n
    from vetdesk.services import exchange

    w: World = world
    window = scenes._window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"export-language-{language}")
    book = tmp_path / "ivan-de.xlsx"
    try:
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(book), ""))
        answered = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Ok), of=QMessageBox)
        person.menu(_("&File"), _("&Weekly reports for an instructor…"))
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=3000)
        dialog = person.modal()
        chosen = person.find(_("Language of the workbook"), QComboBox, dialog)
        assert chosen.currentText() == "Español"  # the office's
        person.choose(_("Instructor"), "Ing. Iván Robles", dialog)
        person.choose(_("Language of the workbook"), "Deutsch", dialog)
        person.click(_("Choose…"), dialog)
        person.shot("export-dialog", dialog)
        person.press(dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)
        qtbot.waitUntil(lambda: bool(answered), timeout=10000)
        sheet = openpyxl.load_workbook(book).worksheets[0]
        headers = [c.value for c in sheet[exchange.HEADER_ROW]]
        german = i18n.translator("de")
        assert german.gettext("Mon") in headers and german.gettext("Hours at the company") in headers
        assert "Stunden im Betrieb" in headers and i18n.current().gettext("Hours at the company") not in headers
        presence = {",".join(XF.list_choices(sheet, dv.formula1)) for dv in sheet.data_validations.dataValidation}
        assert any(german.gettext("present") in f for f in presence), presence
    finally:
        scenes._close(qtbot, window, monkeypatch)


def test_a_formula_typed_in_a_spreadsheet_loses_only_its_cell(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Iván began the file in a spreadsheet program and typed =20+20 as a week's hours, beside a week's text. Instructor
    mode opens the file (it was refused whole: his other work lost), names the cell, opens it empty; he types the
    hours and saves; the office takes the file. A file still holding the formula stays refused at the office."""
    import pytest
    from PySide6.QtWidgets import QLabel

    from tests.logbook.conftest import OFFICER, fill
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services import exchange
    from vetdesk.ui.instructor_mode import open_window

    w: World = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    first, hours, activities = exchange.FIRST_ROW, exchange.HOURS + 1, exchange.ACTIVITIES + 1
    filled = fill(book, tmp_path / "ivan-begun.xlsx", {
        (first + 2, hours): "=20+20", (first + 2, activities): "Ajuste de rodamientos",
        (first + 3, activities): "Torneado de ejes"})
    with pytest.raises(RuleViolation):  # the office takes no formula
        exchange.import_workbook(w.db.as_user(OFFICER), filled)
    window = open_window(filled)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"instructor-formula-{language}")
    try:
        said = person.find(_("Cells to fill in again"), QLabel)
        assert _("Hours at the company") in said.text() and "=20+20" in said.text()
        assert window.weeks[3].activities == "Torneado de ejes"
        assert window.weeks[2].activities == "Ajuste de rodamientos"
        assert window.weeks[2].hours == ""
        person.shot("formula-named")
        weeks = person.find(_("Open weeks"), QListWidget)
        _open_week(person, weeks, 2)
        person.type(_("Hours at the company"), "40")
        person.click(_("Save to the file"))
        qtbot.waitUntil(lambda: not said.isVisible(), timeout=3000)
    finally:
        _close_instructor_mode(window, monkeypatch)
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    assert report.written
    taken = {r["week_start"]: r for r in records.list_records(w.db, "logbook") if r["agreement_id"] == w.mine}
    assert str(taken[w.week(5)]["hours"]) in ("40", "40.00")
    assert taken[w.week(5)]["activities"] == "Ajuste de rodamientos"
    assert taken[w.week(6)]["activities"] == "Torneado de ejes"

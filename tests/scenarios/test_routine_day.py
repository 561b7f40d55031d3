"""An officer's routine day, through the window only, started as the officer starts it (``vetdesk --db FILE``):

the dashboard's tile of drafts waiting for printing → the filtered list → a record fixed → the listed agreements
printed in one batch (the saved-files message offers their folder) → the school's spreadsheet of apprentices
imported (tests/scenarios/data, a copy of /work/shared/samples) → the language changed, and vetdesk comes back
on the same database → a backup from the menu, offered where Restore looks, then restored over a later change.

The officer of a small office is its administrator too (only administrators back up and restore), as the local
operator of a database file without users is. Every step saves a screenshot into ``screenshots/scenarios/``
(see tests/scenarios/person.py) and asserts what the screen and the database show.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QFileDialog, QMessageBox, QWizard

from tests import factories as f
from tests.scenarios.person import SIZE, Person
from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.ui import app as app_module
from vetdesk.ui import files

SAMPLE = Path(__file__).parent / "data" / "aprendices_conalep_qro.xlsx"
#: The sample's rows with an error (never imported) and its data rows (spreadsheet rows 4-19).
SAMPLE_ROWS, SAMPLE_ERRORS = 16, 5
OTHER = {"es": "en", "en": "es"}


def _office(path: Path) -> dict[str, Any]:
    """A database file with an office's ordinary work: three drafts waiting for printing, one active agreement,
    and the two schools the spreadsheet's apprentices attend (CCTs of /work/shared/samples/planteles.csv)."""
    from vetdesk.services.demo import DEMO_SIGNATORY
    from vetdesk.services.settings import save_office_settings
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import upgrade

    db = connect(path)
    upgrade(db)
    try:
        save_office_settings(db, DEMO_SIGNATORY)  # who signs for the chamber: printing for signature needs it
        f.make_school(db, name="CONALEP Querétaro II", cct="22DPT0004Q")
        f.make_school(db, name="CECyTE Plantel Apaseo", cct="11ETC0012K")
        company = f.make_company(db, name="Frenos del Bajío")
        programme = f.make_programme(db)
        instructor = f.make_instructor(db, company_id=company, name="Ing. Luis Herrera")
        start = date.today() + timedelta(days=40)
        drafts = [f.make_agreement(db, company_id=company, programme_id=programme, instructor_id=instructor,
                                   start_date=start) for _n in range(3)]
        running = f.make_agreement(db, company_id=company, programme_id=programme, instructor_id=instructor,
                                   start_date=date.today() - timedelta(days=30))
        f.activate(db, running)
        return {"drafts": drafts, "running": running}
    finally:
        db.dispose()


class Day:
    """The steps of the day, each run once on the window that is open when its turn comes (the language change
    starts a new window: the next step runs on it)."""

    def __init__(self, qtbot: Any, steps: list[Callable[[Any], None]]) -> None:
        self.qtbot = qtbot
        self.steps = steps
        self.done: list[str] = []
        self.error: str | None = None
        self.windows: list[Any] = []
        self.busy = False

    def look(self) -> None:
        from vetdesk.ui.main_window import MainWindow

        if self.busy or not self.steps:
            return
        window = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible() and w not in self.windows), None)
        if window is None:
            return
        self.busy = True
        self.windows.append(window)
        step = self.steps.pop(0)
        try:
            step(window)
            self.done.append(step.__name__)
        except BaseException:  # noqa: BLE001 - reported by the test after the app stopped
            self.error = traceback.format_exc()
            self.steps.clear()
            QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
            window.close()
        finally:
            self.busy = False


@pytest.fixture(params=["es", "en"])
def language(request) -> str:  # type: ignore[no-untyped-def]
    return str(request.param)


def test_an_officers_routine_day(qtbot, qapp, tmp_path: Path, monkeypatch, language: str) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui.start import DATABASE_KEY, LANGUAGE_KEY
    from vetdesk.ui.start import settings as pc_settings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    # A failed step must fail the test, not wait for someone to close vetdesk's error message.
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    monkeypatch.setenv("VETDESK_AUTO_ADMIN", "1")  # a database without users: its local operator works
    monkeypatch.setenv("VETDESK_NO_AUTOBACKUP", "1")
    database = tmp_path / "oficina.sqlite3"
    made = _office(database)
    pdf_folder = tmp_path / "impresos"
    pdf_folder.mkdir()
    opened: list[str] = []
    monkeypatch.setattr(files, "open_path", lambda path: opened.append(str(path)) or True)
    folder = f"routine-day-{language}"
    people: list[Person] = []

    def person_at(window: Any) -> Person:
        window.resize(*SIZE)
        window.activateWindow()
        qtbot.waitExposed(window)
        if not people:
            people.append(Person(qtbot, window, folder))
        people[0].window = window
        return people[0]

    def morning(window: Any) -> None:
        person = person_at(window)
        db = window.db
        assert Path(db.display_location) == database
        assert window.windowTitle().startswith(f"{database.name} — ")  # the title bar names the database
        dashboard = window.stack.currentWidget()
        qtbot.waitUntil(lambda: dashboard.data() is not None, timeout=10000)
        tile = _("Agreements waiting for printing") + ": 3"
        person.shot("dashboard")

        # -- the tile opens the list of exactly those drafts -----------------------------------------
        person.click(tile)
        page = window.current_list()
        qtbot.waitUntil(lambda: page is not None and not page.loading, timeout=10000)
        assert page.kind == "agreements" and sorted(page.model.ids()) == sorted(made["drafts"])
        person.shot("drafts-listed")

        # -- fix a record: the place of signing, typed into the open agreement ---------------------------
        first = made["drafts"][0]
        _open_row(person, page, first)
        person.type(_("Place of signing"), "Querétaro, Qro.", page.form)
        person.shot("draft-fixed")
        answered = _save_despite_warnings(person)
        person.click(_("&Save"), page.form)
        qtbot.waitUntil(lambda: not page.form.is_dirty(), timeout=5000)
        answered.stop()
        assert db.get("agreements", first)["place_of_signing"] == "Querétaro, Qro."

        # -- print the listed agreements in one batch; the message offers their folder -------------------
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(pdf_folder))
        person.answer_batch_print()  # the folder chosen; no e-mail drafts unasked
        person.menu(_("&File"), _("Print the &listed agreements…"))
        qtbot.waitUntil(lambda: _saved_message(window) is not None, timeout=60000)
        box = _saved_message(window)
        assert str(pdf_folder) in box.text()
        person.shot("batch-printed", box)
        QTest.mouseClick(person.find(_("Open the folder"), root=box), Qt.MouseButton.LeftButton)
        assert opened[-1] == str(pdf_folder)
        assert len(list(pdf_folder.glob("*.pdf"))) == 3
        assert {db.get("agreements", i)["status"] for i in made["drafts"]} == {"printed"}

        # -- the school's spreadsheet of apprentices ----------------------------------------------------
        before = db.count("apprentices")
        person.menu(_("&File"), _("&Import from a spreadsheet…"))
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QWizard), timeout=5000)
        wizard = person.modal()
        person.choose(_("Records to import"), i18n.upper_first(_("apprentices")), wizard)
        person.type(_("Spreadsheet file"), str(SAMPLE), wizard)
        person.shot("import-file", wizard)
        _walk_the_import(person, wizard)
        added = db.count("apprentices") - before
        assert added in (SAMPLE_ROWS - SAMPLE_ERRORS - 1, SAMPLE_ROWS - SAMPLE_ERRORS), added  # row 11: either
        person.shot("import-done", wizard)
        QTest.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
        curps = {a["curp"] for a in db.list_records("apprentices")}
        assert not any(c.islower() or " " in c for c in curps)  # row 5's CURP was normalised

        # -- another language: vetdesk starts again, on this same database -----------------------------
        other = OTHER[language]

        def choose_language(dialog: Any) -> None:
            person.choose(_("Interface language"), dict(_language_names())[other], dialog)
            person.shot("settings", dialog)
            QTest.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

        restart = person.when_dialog(lambda box: QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes),
                                                                  Qt.MouseButton.LeftButton),
                                     of=QMessageBox, title=_("Restart vetdesk?"), wait_ms=20000)
        settings = person.when_dialog(choose_language, of=QDialog, title=_("Settings"))
        person.menu(_("&Tools"), _("&Settings…"))
        assert settings and restart
        assert window.restart_requested and not window.database_changed
        assert i18n.current().locale == i18n.LANGUAGES[language]  # the day began in its own language

    def after_the_restart(window: Any) -> None:
        person = person_at(window)
        db = window.db
        assert Path(db.display_location) == database  # the same database, not the default one
        assert i18n.current().locale == i18n.LANGUAGES[OTHER[language]]
        assert window.menuBar().actions()[0].text() == _("&File")
        assert window.windowTitle().startswith(f"{database.name} — ")
        qtbot.waitUntil(lambda: window.stack.currentWidget().data() is not None, timeout=10000)
        person.shot("same-database-other-language")
        first = made["drafts"][0]
        assert db.get("agreements", first)["place_of_signing"] == "Querétaro, Qro."

        # -- a backup from the menu, offered in the backups folder ---------------------------------------
        offered: list[str] = []

        def keep_the_offered_name(parent: Any, title: str, start: str, pattern: str, *a: Any) -> tuple[str, str]:
            offered.append(start)
            return start, ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", keep_the_offered_name)
        person.menu(_("&File"), _("&Back up the database…"))
        qtbot.waitUntil(lambda: _saved_message(window) is not None, timeout=20000)
        box = _saved_message(window)
        written = Path(offered[0])
        assert written.parent == database.parent / "backups" and written.is_file()
        assert box.text() == _("The backup was saved as {path}. Restore a backup lists it.").format(path=written)
        person.shot("backup-written", box)
        QTest.mouseClick(person.find(_("Open the folder"), root=box), Qt.MouseButton.LeftButton)
        assert opened[-1] == str(written.parent)

        # -- a change after the backup ---------------------------------------------------------------
        # (a note: the agreement went out for signature in the morning, and what its contract states no longer
        # changes without putting it back to draft)
        page = window.show_list("agreements")
        qtbot.waitUntil(lambda: page is not None and not page.loading, timeout=10000)
        _open_row(person, page, first)
        noted = db.get("agreements", first)["notes"]
        person.type(_("Notes"), "Llamar a la empresa", page.form)
        answered = _save_despite_warnings(person)
        person.click(_("&Save"), page.form)
        qtbot.waitUntil(lambda: not page.form.is_dirty(), timeout=5000)
        answered.stop()
        assert db.get("agreements", first)["notes"] == "Llamar a la empresa"

        # -- restore the backup: the dialog lists it first, the change is undone ------------------------
        def restore(dialog: Any) -> None:
            listed = dialog.backups.item(0)
            assert Path(listed.data(Qt.ItemDataRole.UserRole)) == written
            assert _("backup made from the menu") in listed.text()
            person.shot("restore-dialog", dialog)
            confirm = person.when_dialog(lambda box: QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes),
                                                                      Qt.MouseButton.LeftButton),
                                         of=QMessageBox, title=_("Restore a backup"))
            QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
            assert confirm

        restored = person.when_dialog(restore, of=QDialog, title=_("Restore a backup"))
        person.menu(_("&File"), _("&Restore a backup…"))
        qtbot.waitUntil(lambda: bool(restored) and window.db.get("agreements", first)["notes"] == noted,
                        timeout=30000)
        qtbot.waitUntil(lambda: window.current_list() is not None and not window.current_list().loading,
                        timeout=10000)
        person.shot("restored")
        assert window.windowTitle().startswith(f"{database.name} — ")
        window.close()

    day = Day(qtbot, [morning, after_the_restart])
    timer = QTimer()
    timer.timeout.connect(day.look)
    timer.start(200)
    i18n.set_language(language)
    pc = pc_settings()  # the PC's settings, as vetdesk reads them at its start
    pc.setValue(LANGUAGE_KEY, language)
    pc.sync()
    try:
        code = app_module.run_app(argparse.Namespace(db=str(database), lang=None))
    finally:
        timer.stop()
        i18n.set_language("en")
        app_module.install_qt_translations(qapp, "en")
    assert day.error is None, day.error
    assert day.done == ["morning", "after_the_restart"]
    assert code == 0
    pc = pc_settings()
    assert not pc.value(DATABASE_KEY)  # the settings never named another database
    assert pc.value(LANGUAGE_KEY) == OTHER[language]


def _save_despite_warnings(person: Person) -> Any:
    """Read the warnings (the instructor is over capacity) and click Save in the question."""
    return person.when_dialog(lambda box: QTest.mouseClick(box.button(QMessageBox.StandardButton.Save),
                                                           Qt.MouseButton.LeftButton),
                              of=QMessageBox, title=_("Save despite warnings?"), wait_ms=3000)


def _open_row(person: Person, page: Any, record_id: int) -> None:
    """Click the record's row in the list, then press Enter: the record opens beside the list."""
    row = page.model.ids().index(record_id)
    index = page.model.index(row, 0)
    page.table.scrollTo(index)
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == record_id, timeout=5000)


def _language_names() -> tuple[tuple[str, str], ...]:
    from vetdesk.ui.settings_dialog import LANGUAGE_NAMES

    return LANGUAGE_NAMES


def _save_button(dialog: Any) -> Any:
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Save)


def _saved_message(window: Any) -> QMessageBox | None:
    """The visible message that says where a file went (ui/files.py)."""
    boxes = [w for w in window.findChildren(QMessageBox) if w.objectName() == "saved-file-message" and w.isVisible()]
    return boxes[-1] if boxes else None


def _walk_the_import(person: Person, wizard: Any) -> None:
    """Next through the sheet, the columns and the preview (ticking "only the rows without errors" there), then
    Import; waits for the result page."""
    qtbot = person.qtbot
    result_page = wizard.pageIds()[-1]
    onwards = [wizard.button(QWizard.WizardButton.NextButton), wizard.button(QWizard.WizardButton.CommitButton)]
    only_valid = _("Write only the rows without errors (the others are skipped)")
    ticked = False

    def onward() -> Any:
        return next((b for b in onwards if b.isVisible() and b.isEnabled()), None)

    def only_valid_box() -> Any:
        return next((b for b in wizard.currentPage().findChildren(QCheckBox)
                     if b.isVisible() and b.isEnabled() and b.text() == only_valid), None)

    while wizard.currentId() != result_page:
        qtbot.waitUntil(lambda ticked=ticked: wizard.currentId() == result_page or (
            not wizard.busy() and (onward() is not None or (not ticked and only_valid_box() is not None))),
            timeout=30000)
        if wizard.currentId() == result_page:
            break
        box = only_valid_box()
        if box is not None and not ticked:
            person.shot("import-preview", wizard)
            QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().topLeft() + _offset())
            assert box.isChecked()
            ticked = True
            qtbot.waitUntil(lambda: not wizard.busy() and onward() is not None, timeout=30000)
        person.shot(f"import-page-{wizard.currentId()}", wizard)
        page_before = wizard.currentId()
        QTest.mouseClick(onward(), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda page_before=page_before: wizard.currentId() != page_before, timeout=30000)
    qtbot.waitUntil(lambda: wizard.button(QWizard.WizardButton.FinishButton).isVisible(), timeout=30000)
    assert ticked, "the preview offered no way to import the rows without errors"


def _offset() -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(8, 8)

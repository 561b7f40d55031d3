"""What a new user's trial of the window found (t5c), each driven as a person drives the window: typed, clicked
and answered, asserted on screen and in the database. Screenshots go to ``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_logbook import _open_row
from vetdesk.i18n import _
from vetdesk.services import assessments, records
from vetdesk.storage.models import Competency
from vetdesk.ui.main_window import MainWindow


def _active(qtbot: Any, window: MainWindow) -> None:
    """The window in front, as a person's is: the keyboard's focus is in it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def _into_search(person: Person, page: Any) -> None:
    """Click into the list's search field (nothing typed in it): the focus is in a line edit with nothing of its
    own to undo."""
    QTest.mouseClick(page.search, Qt.MouseButton.LeftButton)
    person.qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search, timeout=3000)
    assert page.search.text() == "" and not page.search.isUndoAvailable()


def _asked(person: Person, seen: list[str], button: QMessageBox.StandardButton, wait_ms: int = 15000) -> None:
    """Answer the next message box with ``button``, noting its title and text."""
    def act(box: QWidget) -> None:
        seen.append(f"{box.windowTitle()}|{box.text()}")  # type: ignore[attr-defined]
        person.shot("asked", box)
        person.press(box, button)
    person.when_dialog(act, of=QMessageBox, wait_ms=wait_ms)


def test_back_to_draft_asks_once_and_ctrl_z_takes_it_back(qtbot, window: MainWindow, sqlite_db,  # type: ignore[no-untyped-def]
                                                          language: str) -> None:
    """Items 2 and 3: an agreement of an instructor with three others (maximum three) returned to draft asked,
    after its own question, about the instructor's load ("already trains 3; the maximum is 3"), which returning to
    draft does not touch; then Ctrl+Z from the keyboard did nothing, the focus in a field with nothing to undo."""
    company = f.make_company(sqlite_db)
    instructor = f.make_instructor(sqlite_db, company_id=company, capacity=3)
    for _n in range(3):
        records.update(sqlite_db, "agreements", f.make_agreement(sqlite_db, company_id=company,
                                                                 instructor_id=instructor),
                       {"status": "printed"}, accept_warnings=True)
    agreement = f.make_agreement(sqlite_db, company_id=company, instructor_id=instructor)
    records.update(sqlite_db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    _active(qtbot, window)
    person = Person(qtbot, window, f"t5c-back-to-draft-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    form = _open_row(person, page, agreement)
    seen: list[str] = []
    _asked(person, seen, QMessageBox.StandardButton.Yes)
    person.click(_("Back to draft"), form)
    qtbot.waitUntil(lambda: records.get(sqlite_db, "agreements", agreement)["status"] == "draft", timeout=5000)
    qtbot.wait(300)
    assert len(seen) == 1 and seen[0].startswith(_("Back to draft") + "|"), seen
    assert QApplication.activeModalWidget() is None
    person.shot("back-to-draft")

    # Ctrl+Z in a field that has nothing of its own to undo (the list's search, not typed in): Undo last change.
    _active(qtbot, window)  # the dialog gone, the window is in front again (its window manager's doing)
    _into_search(person, page)
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: records.get(sqlite_db, "agreements", agreement)["status"] == "printed", timeout=5000)
    assert window.statusBar().currentMessage().startswith(_("Undone: {operation}").split("{")[0])
    person.shot("undone")


def test_ctrl_z_after_deleting_an_assessment_brings_it_back_and_a_field_keeps_its_own_undo(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, sqlite_db, language: str) -> None:
    """Item 2: right after deleting an assessment Ctrl+Z did nothing (the menu's Undo worked); a field holding
    typing of its own still takes Ctrl+Z back in the field."""
    company = f.make_company(sqlite_db)
    programme = f.make_programme(sqlite_db)
    with sqlite_db.writer() as s:
        s.add(Competency(programme_id=programme, area="Área", code="C1", title="Medir", position=1))
        s.commit()
    start = date.today() - timedelta(days=30)
    agreement = f.make_agreement(sqlite_db, company_id=company, programme_id=programme,
                                 instructor_id=f.make_instructor(sqlite_db, company_id=company),
                                 start_date=start, end_date=start + timedelta(days=400))
    f.activate(sqlite_db, agreement)
    assessment = assessments.record_assessment(sqlite_db, agreement_id=agreement, competency_code="C1", level=2).id
    _active(qtbot, window)
    person = Person(qtbot, window, f"t5c-undo-delete-{language}")
    person.nav(_("Assessments"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    form = _open_row(person, page, assessment)
    seen: list[str] = []
    _asked(person, seen, QMessageBox.StandardButton.Yes)
    person.click(_("Delete…"), form)
    qtbot.waitUntil(lambda: not _exists(sqlite_db, "assessments", assessment), timeout=5000)
    qtbot.wait(300)
    person.shot("deleted")
    _active(qtbot, window)  # the dialog gone, the window is in front again (its window manager's doing)
    _into_search(person, page)
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _exists(sqlite_db, "assessments", assessment), timeout=5000)
    person.shot("undone")

    # A field's own undo is kept: typing taken back in the field, no record's change undone.
    qtbot.waitUntil(lambda: not page.loading and page.model.row_of(assessment) is not None, timeout=5000)
    form = page.form if page.form is not None and page.form.record_id == assessment else _open_row(person, page,
                                                                                                   assessment)
    notes = person.find(_("Comment"), QWidget, form)
    text = notes.toPlainText if hasattr(notes, "toPlainText") else notes.text
    before = text()
    person.type(_("Comment"), "escrito de más", form)
    assert text() == "escrito de más"
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert text() != "escrito de más"
    qtbot.wait(200)
    assert _exists(sqlite_db, "assessments", assessment) and QApplication.activeModalWidget() is None
    del before


def _exists(db: Any, kind: str, record_id: int) -> bool:
    from vetdesk.domain.problems import RuleViolation

    try:
        records.get(db, kind, record_id)
    except RuleViolation:
        return False
    return True


def test_a_viewer_is_not_offered_an_apprentices_progress_report(qtbot, sqlite_db, qsettings, monkeypatch,  # type: ignore[no-untyped-def]
                                                               language: str) -> None:
    """Item 1: the core refuses a viewer a progress report (a file of an apprentice's records); the apprentice's
    form offers no *Progress report…* to a viewer, and Ctrl+P opens nothing; an officer is offered it."""
    from tests.scenarios.person import main_window
    from vetdesk.services.actors import Actor
    from vetdesk.services.session import local_operator

    apprentice = records.get(sqlite_db, "agreements", f.make_agreement(sqlite_db))["apprentice_id"]
    for who, offered in ((Actor(username="visor", role="viewer"), False), (local_operator(), True)):
        with main_window(qtbot, sqlite_db.as_user(who), qsettings, monkeypatch) as window:
            _active(qtbot, window)
            person = Person(qtbot, window, f"t5c-viewer-progress-{who.role}-{language}")
            person.nav(_("Apprentices"))
            page = window.current_list()
            form = _open_row(person, page, apprentice)
            qtbot.wait(100)
            shown = [b.text() for b in form.findChildren(QPushButton) if b.isVisible()]
            assert (_("Progress report…") in shown) is offered, (who.role, shown)
            person.shot("apprentice")
            if not offered:
                person.key(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier, widget=page.table)
                qtbot.wait(300)
                assert QApplication.activeModalWidget() is None


def test_a_required_label_keeps_its_asterisk_notes_keep_lines_and_unsaved_changes_are_a_sentence(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, sqlite_db, language: str) -> None:
    """Item 5: "Nombre de la empresa *" wrapped its asterisk onto a line of its own at 1366×768; the Notes were one
    line, so pasted lines were run together; closing with unsaved changes asked about "CA-2027-000006 — impreso",
    a heading, not a sentence's subject."""
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    agreement = f.make_agreement(sqlite_db)
    records.update(sqlite_db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    reference = records.get(sqlite_db, "agreements", agreement)["reference"]
    _active(qtbot, window)
    person = Person(qtbot, window, f"t5c-labels-notes-{language}")

    person.nav(_("Companies"))
    person.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier, widget=window.current_list().table)
    page = window.current_list()
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible(), timeout=5000)
    label = page.form.field_labels["name"]
    assert label.text() == _("Company name") + "\u00a0*"
    one_line = label.fontMetrics().lineSpacing()
    assert label.height() < 2 * one_line, (label.text(), label.height(), one_line)
    assert all(lab.height() < 2 * one_line or not lab.text().endswith("*")
               or lab.fontMetrics().horizontalAdvance(lab.text().split()[-1]) < lab.width()
               for lab in page.form.findChildren(QLabel) if lab.isVisible())
    person.shot("company-form", page.form)
    QTest.keyClick(page.form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.form is None or not page.form.isVisible(), timeout=5000)

    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    form = _open_row(person, page, agreement)
    notes = person.find(_("Notes"), QPlainTextEdit, form)
    QTest.mouseClick(notes.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClicks(notes, "Llamar a RH")
    QTest.keyClick(notes, Qt.Key.Key_Return)
    QTest.keyClicks(notes, "Confirmar horario")
    from PySide6.QtWidgets import QScrollArea

    area = next((a for a in form.findChildren(QScrollArea) if a.isAncestorOf(notes)), None)
    if area is not None:  # the form scrolled to the field, as a person scrolls to it
        area.ensureWidgetVisible(notes)
    person.shot("notes-typed", form)
    seen: list[str] = []
    _asked(person, seen, QMessageBox.StandardButton.Cancel)
    QTest.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    status = records.format_status("agreements", "printed") if hasattr(records, "format_status") else None
    expected = _("The record {name} ({status})").format(
        name=reference, status=status or form.in_sentence().split("(")[-1].rstrip(")"))
    assert seen[0].split("|", 1)[1].startswith(
        _("{title} has unsaved changes. Save them before closing?").format(title=expected)), seen
    assert " — " not in seen[0].split("|", 1)[1]
    # Saved (a printed agreement's note: it asks whether it goes back to draft; yes).
    _active(qtbot, window)
    _asked(person, seen, QMessageBox.StandardButton.Yes, wait_ms=3000)
    person.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, widget=notes)
    qtbot.waitUntil(lambda: records.get(sqlite_db, "agreements", agreement)["notes"] is not None, timeout=5000)
    assert records.get(sqlite_db, "agreements", agreement)["notes"] == "Llamar a RH\nConfirmar horario"

"""What the last trial of issue 21 left in the window (ui21m), each driven as a person drives it: keys, typed text
and clicks on widgets found by their accessible names, asserted on screen and in the database. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QMenu
from sqlalchemy import func, select

from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from tests.scenarios.test_ui21c import _new_assessment
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.storage.models import Assessment, LearningAgreement
from vetdesk.ui.main_window import MainWindow

#: The weekly reports' world of the logbook scenarios (a company's file to take back).
world = scenes.world


def _title(kind: str, field: str) -> str:
    spec = records.kind(kind).field(field)
    assert spec is not None
    return spec.title()


def _first_active_agreement(db: Any) -> int:
    with db.reader() as session:
        found = session.scalars(select(LearningAgreement.id).where(LearningAgreement.status == "active")
                                .order_by(LearningAgreement.id)).first()
    assert found is not None
    return int(found)


def test_a_new_assessment_says_nothing_of_its_level_before_the_level_is_left_empty(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A new assessment showed "Give a level on the programme's scale" under *Level* as soon as the agreement,
    competency and date were filled, before the officer had come to the level. The level's message waits until
    the field is left empty or the officer saves; a level chosen clears it and the assessment is saved."""
    from vetdesk.services import demo

    db = window.db
    demo.fill_demo(db, apprentices=6, seed=3)
    agreement = _first_active_agreement(db)
    reference = records.get(db, "agreements", agreement)["reference"]
    with db.reader() as session:
        before = session.scalar(select(func.count()).select_from(Assessment))
    person = Person(qtbot, window, f"ui21m-assessment-level-{language}")
    form = _new_assessment(qtbot, window, person)
    assert not any(form.problem_text(n) for n in form.messages)  # a fresh form: no error
    person.shot("fresh")
    picker = form.editors["agreement_id"]
    line = person.find(_title("assessments", "agreement_id"), QLineEdit, form)
    person.type(_title("assessments", "agreement_id"), reference, form)
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.value() == agreement, timeout=5000)
    competency = person.find(_title("assessments", "competency_id"), QComboBox, form)
    qtbot.waitUntil(lambda: competency.count() > 1, timeout=5000)
    person.choose(_title("assessments", "competency_id"), competency.itemText(1), form)
    person.type_date(_title("assessments", "assessed_on"), date.today(), form)
    qtbot.wait(800)  # the form's check after typing has run
    person.shot("filled-before-level")
    assert form.problem_text("level") == "", form.problem_text("level")
    # Into the level and out of it with Tab, nothing chosen: now it says what it lacks.
    level = person.find(_title("assessments", "level"), QComboBox, form)
    level.setFocus()  # as Tab from the field before reaches it (the mouse would open its list)
    qtbot.waitUntil(level.hasFocus, timeout=3000)
    QTest.keyClick(level, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: form.problem_text("level") != "", timeout=3000)
    person.shot("level-left-empty")
    assert level.count() > 1
    person.choose(_title("assessments", "level"), level.itemText(level.count() - 1), form)
    qtbot.waitUntil(lambda: form.problem_text("level") == "", timeout=3000)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=5000)
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Assessment)) == before + 1


def _entries(menu: QMenu) -> list[tuple[str, QAction]]:
    """A menu's visible entries (and its submenus'), each as a person reads it: no "&", no "…"."""
    found: list[tuple[str, QAction]] = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if action.menu() is not None:
            found += _entries(action.menu())  # type: ignore[arg-type]
        found.append((action.text().replace("&", "").rstrip("…").strip(), action))
    return found


def test_every_menu_names_each_entry_once(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    """*Registros* offered "Nuevo convenio de aprendizaje…" (the wizard) and "Nuevo convenio de aprendizaje" (a bare
    form) side by side. One entry starts a learning agreement — the wizard, with its one shortcut — and no menu
    names two entries alike."""
    person = Person(qtbot, window, f"ui21m-menus-{language}")
    bar = window.menuBar()
    for top in bar.actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        texts = [text for text, _action in _entries(menu)]
        assert len(texts) == len(set(texts)), (top.text(), sorted(t for t in texts if texts.count(t) > 1))
    records_menu = next(a.menu() for a in bar.actions() if a.text() == _("&Records"))
    new_agreement = [(t, a) for t, a in _entries(records_menu)  # type: ignore[arg-type]
                     if t == _("New learning &agreement…").replace("&", "").rstrip("…")]
    assert len(new_agreement) == 1
    assert new_agreement[0][1].shortcut().toString() == "Ctrl+Shift+N"
    # The one entry opens the wizard.
    from vetdesk.ui.wizard import AgreementWizard

    person.when_dialog(lambda dialog: dialog.reject(), of=AgreementWizard)
    person.menu(_("&Records"), _("New learning &agreement…"))
    qtbot.waitUntil(lambda: not any(isinstance(w, AgreementWizard) and w.isVisible()
                                    for w in window.findChildren(AgreementWizard)), timeout=5000)


def test_the_workbook_take_back_shows_every_column_title_whole(  # type: ignore[no-untyped-def]
        qtbot, world, qsettings, monkeypatch, tmp_path, language) -> None:
    """*Take back a weekly-report workbook*: its table cut its titles ("Take the file's values", "Week or
    competency", "Semana o competencia"). Each title is whole at 1366×768, on one line or wrapped onto two, before
    a file is checked and with the file's rows shown; every column is in sight."""
    import openpyxl
    from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QTableWidget

    from tests.logbook.conftest import OFFICER, fill
    from tests.scenarios.test_exchange_ex25c import DECISION, KEY
    from tests.scenarios.test_logbook import _close, _window
    from vetdesk.services import exchange

    w = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "company.xlsx", company_id=w.company,
                                    language=language).path
    ws = openpyxl.load_workbook(book).worksheets[0]
    row_of = {str(ws.cell(r, KEY).value): r for r in range(exchange.FIRST_ROW, ws.max_row + 1)}
    mine = row_of[f"{w.mine}:{w.week(3).isoformat()}"]
    filled = fill(book, tmp_path / "company-filled.xlsx", {(mine, DECISION): _("approve (countersign)")})
    window = _window(qtbot, w.db, qsettings, monkeypatch)
    person = Person(qtbot, window, f"ui21m-take-back-{language}")
    try:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(filled), ""))
        person.menu(_("&File"), _("&Take back a weekly-report workbook…"))
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=3000)
        dialog = person.modal()
        qtbot.waitExposed(dialog)
        table = person.find(_("Rows of the file"), QTableWidget, dialog)

        def titles_whole() -> None:
            from vetdesk.ui.headers import WrappingHeader, title_floor

            header = table.horizontalHeader()
            assert isinstance(header, WrappingHeader)
            metrics = header.fontMetrics()
            lines = header.height() // metrics.lineSpacing()
            for col in range(table.columnCount()):
                title = table.horizontalHeaderItem(col).text()
                assert header.sectionSize(col) >= title_floor(metrics, title), (title, header.sectionSize(col))
                assert header.lines_needed(col) <= lines, (title, header.lines_needed(col), lines)
            assert header.length() <= table.viewport().width() + 1, (header.length(), table.viewport().width())

        qtbot.wait(100)
        person.shot("empty", dialog)
        titles_whole()
        person.click(_("Choose…"), dialog)
        qtbot.waitUntil(lambda: person.find(_("Approved by"), QComboBox, dialog).isVisible(), timeout=5000)
        person.choose(_("Approved by"), "Ing. Iván Robles", dialog)
        qtbot.waitUntil(lambda: table.rowCount() >= 1, timeout=5000)
        qtbot.wait(100)
        person.shot("rows", dialog)
        titles_whole()
        dialog.reject()
    finally:
        _close(qtbot, window, monkeypatch)

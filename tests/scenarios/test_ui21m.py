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
from tests.scenarios.person import Person, type_text
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
    person.type(_title("assessments", "rater_name"), "Ing. Ruiz", form)
    person.key(Qt.Key.Key_Tab)  # to the rater's role
    person.key(Qt.Key.Key_Tab)  # to the level
    qtbot.waitUntil(level.hasFocus, timeout=3000)
    assert form.problem_text("level") == ""  # in it, not yet left
    person.key(Qt.Key.Key_Tab)
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
    records_action = next(a for a in bar.actions() if a.text() == _("&Records"))
    records_menu = records_action.menu()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(records_action).center())
    qtbot.waitUntil(records_menu.isVisible, timeout=3000)  # type: ignore[union-attr]
    person.shot("records-menu", records_menu)  # type: ignore[arg-type]
    QTest.keyClick(records_menu, Qt.Key.Key_Escape)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not records_menu.isVisible(), timeout=3000)  # type: ignore[union-attr]
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


def test_a_weekly_report_s_account_is_a_paragraph_kept_with_its_line_breaks(  # type: ignore[no-untyped-def]
        qtbot, world, qsettings, monkeypatch, language) -> None:
    """A weekly report's "What was done and learnt at the company" was a one-line box. It is a paragraph with at
    least four lines in sight; Enter starts a new line, Tab moves on to the next field (no tab typed); the saved
    week and its printed form keep the line breaks."""
    import io

    import pdfplumber
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from tests.scenarios.test_logbook import _close, _open_row, _window
    from vetdesk.ui.printing import PdfPreview

    w = world
    weeks = records.list_records(w.db, "logbook", records.ListQuery(search=None))
    week = next(r["id"] for r in weeks if r["agreement_id"] == w.mine and r["week_start"] == w.week(4))
    window = _window(qtbot, w.db, qsettings, monkeypatch)
    person = Person(qtbot, window, f"ui21m-week-paragraph-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
        form = _open_row(person, page, week)
        qtbot.wait(200)
        done = _("What was done and learnt at the company")
        box = person.find(done, QPlainTextEdit, form)
        lines_in_sight = box.viewport().height() // box.fontMetrics().lineSpacing()
        assert lines_in_sight >= 4, lines_in_sight
        for other in (_("Topics at school"), _("Instructor's note")):
            assert isinstance(person.find(other, QPlainTextEdit, form), QPlainTextEdit)
        first, second = "Desmonté el husillo del torno 3.", "Cambié los rodamientos y probé a 1200 rpm."
        person.type(done, first, form)
        person.key(Qt.Key.Key_Return, widget=box)
        type_text(box, second)
        person.key(Qt.Key.Key_Tab, widget=box)  # on to the next field, nothing typed
        qtbot.waitUntil(lambda: not box.hasFocus(), timeout=3000)
        assert box.toPlainText() == f"{first}\n{second}", box.toPlainText()
        assert QApplication.focusWidget() is person.find(_("Topics at school"), QPlainTextEdit, form)
        person.shot("typed")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", week)["activities"] == f"{first}\n{second}",
                        timeout=5000)
        qtbot.waitUntil(lambda: not form.is_dirty(), timeout=5000)
        assert box.toPlainText() == f"{first}\n{second}"  # shown back as saved, on two lines
        printed: list[bytes] = []

        def keep(preview: Any) -> None:
            printed.append(preview.pdf)
            person.shot("printed", preview)
            preview.reject()

        person.when_dialog(keep, of=PdfPreview)
        person.click(_("Print the weekly form…"), form)
        qtbot.waitUntil(lambda: bool(printed), timeout=20000)
        with pdfplumber.open(io.BytesIO(printed[0])) as pdf:
            lines = [line.strip() for p in pdf.pages for line in (p.extract_text() or "").splitlines()]
        at = [i for i, line in enumerate(lines) if first in line]
        assert at, lines
        assert second not in lines[at[0]] and any(second in line for line in lines[at[0] + 1:at[0] + 3]), lines
    finally:
        _close(qtbot, window, monkeypatch)


def _open_first_row(qtbot: Any, person: Person, window: MainWindow, label: str, row: int = 0) -> Any:
    person.nav(label)
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) > row, timeout=10000)
    table = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(page.model.index(row, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is not None, timeout=5000)
    qtbot.wait(300)  # the pane opened and the columns shared out the room left
    return page


def _whole_columns(page: Any) -> list[str]:
    """The list's columns in sight from their left edge to their right one."""
    table, header = page.table, page.table.horizontalHeader()
    width = table.viewport().width()
    return [c.title() for i, c in enumerate(page.model.columns) if not table.isColumnHidden(i)
            and header.sectionViewportPosition(i) >= 0
            and header.sectionViewportPosition(i) + header.sectionSize(i) <= width]


def test_the_agreements_list_beside_an_open_record_shows_five_whole_columns(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, qsettings, monkeypatch, language: str) -> None:
    """At 1366×768 an agreement open beside the list left ≈3½ of its columns in sight. The record pane opens
    narrower (its fields still show a CURP and an e-mail address whole) and the names give up width so that at
    least five columns are whole; a pane the officer drags wider is opened that wide again after a restart."""
    from PySide6.QtWidgets import QSplitterHandle

    from tests.scenarios.person import main_window
    from vetdesk.services import demo
    from vetdesk.ui.editors import TextEditor
    from vetdesk.ui.lists import LINE_EDIT_PADDING

    demo.fill_demo(window.db, apprentices=30, seed=3)
    person = Person(qtbot, window, f"ui21m-agreements-beside-{language}")
    page = _open_first_row(qtbot, person, window, _("Agreements"))
    person.shot("agreement-open")
    whole = _whole_columns(page)
    assert len(whole) >= 5, whole
    from vetdesk.ui.headers import title_floor

    header = page.table.horizontalHeader()
    for i, column in enumerate(page.model.columns):  # each title whole, on one line or two
        if page.table.isColumnHidden(i):
            continue
        assert header.sectionSize(i) >= title_floor(header.fontMetrics(), column.title()), column.title()
    # An apprentice open beside its list: the CURP and the e-mail address are read whole in their fields.
    apprentices = _open_first_row(qtbot, person, window, _("Apprentices"))
    person.shot("apprentice-open")
    assert len(_whole_columns(apprentices)) >= 4, _whole_columns(apprentices)
    checked = []
    for name in ("curp", "email"):
        editor = apprentices.form.editors[name]
        assert isinstance(editor, TextEditor) and editor.line.text(), name
        line = editor.line
        assert line.fontMetrics().horizontalAdvance(line.text()) + LINE_EDIT_PADDING <= line.width(), \
            (name, line.text(), line.width())
        viewport = apprentices.form.fields_area.viewport()  # and the field's right edge in the pane, not past it
        assert line.mapTo(viewport, line.rect().topRight()).x() < viewport.width(), (name, viewport.width())
        checked.append(name)
    assert checked == ["curp", "email"]

    # The officer drags the apprentice's pane 60 px wider; after a restart it opens that wide. (The agreements list
    # keeps its four filters whole, "Todas las empresas": in Spanish it leaves the pane no room to drag at 1366 px.)
    splitter = apprentices.splitter
    before = splitter.sizes()[1]
    handle = splitter.handle(1)
    assert isinstance(handle, QSplitterHandle)
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(handle, start - type(start)(60, 0))  # one move: the handle follows the pointer
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=handle.rect().center())
    qtbot.waitUntil(lambda: splitter.sizes()[1] >= before + 50, timeout=3000)
    dragged = splitter.sizes()[1]
    window.save_state()
    with main_window(qtbot, window.db, qsettings, monkeypatch) as again:
        other = Person(qtbot, again, f"ui21m-agreements-again-{language}")
        reopened = _open_first_row(qtbot, other, again, _("Apprentices"))
        other.shot("apprentice-open-after-restart")
        assert abs(reopened.splitter.sizes()[1] - dragged) <= 2, (reopened.splitter.sizes(), dragged)

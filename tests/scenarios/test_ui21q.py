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


def _problems_whole(view: Any) -> None:
    """Each problem's message is read whole in its *Problem* cell: wrapped within the column's width, every line
    within its row's height, nothing elided."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyle

    model = view.model()
    assert model.rowCount() > 0
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    for row in range(model.rowCount()):
        index = model.index(row, 4)
        text = str(index.data())
        cell = view.visualRect(index)
        needed = view.fontMetrics().boundingRect(QRect(0, 0, cell.width() - 2 * margin, 10000),
                                                 int(Qt.TextFlag.TextWordWrap), text)
        assert needed.width() <= cell.width() - 2 * margin and needed.height() <= cell.height(), \
            (row, text, needed, cell)
    assert view.textElideMode() == Qt.TextElideMode.ElideNone


def test_the_import_s_problems_are_read_whole_in_their_column(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """Item 3: at 1366×768 the import's *Problem* column cut each message after some sixty characters ("… tiene un
    dígito verificador incorrecto (el …"), in the preview and in the result. The messages wrap in their column,
    each row as tall as its message."""
    from PySide6.QtWidgets import QApplication, QCheckBox, QWizard

    from tests import factories as f
    from tests.scenarios.test_routine_day import SAMPLE
    from vetdesk import i18n
    from vetdesk.ui.import_wizard.preview import PreviewPage

    f.make_school(window.db, name="CONALEP Querétaro II", cct="22DPT0004Q")  # the sample's apprentices' school
    person = Person(qtbot, window, f"ui21q-import-problems-{language}")
    person.menu(_("&File"), _("&Import from a spreadsheet…"))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QWizard), timeout=5000)
    wizard = person.modal()
    try:
        person.choose(_("Records to import"), i18n.upper_first(_("apprentices")), wizard)
        person.type(_("Spreadsheet file"), str(SAMPLE), wizard)
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        while not isinstance(wizard.currentPage(), PreviewPage):
            qtbot.waitUntil(lambda: not wizard.busy() and next_button.isEnabled(), timeout=30000)
            before = wizard.currentId()
            QTest.mouseClick(next_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda before=before: wizard.currentId() != before, timeout=30000)
        preview = wizard.currentPage()
        qtbot.waitUntil(lambda: not wizard.busy() and preview.problems_model.rowCount() > 0, timeout=30000)
        qtbot.wait(100)
        person.shot("preview", wizard)
        _problems_whole(preview.problems)
        box = next(b for b in preview.findChildren(QCheckBox)
                   if b.text() == _("Write only the rows without errors (the others are skipped)"))
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().topLeft() + box.rect().center() / 4)
        assert box.isChecked()
        commit = wizard.button(QWizard.WizardButton.CommitButton)
        qtbot.waitUntil(lambda: not wizard.busy() and commit.isEnabled(), timeout=30000)
        QTest.mouseClick(commit, Qt.MouseButton.LeftButton)
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(finish.isVisible, timeout=30000)
        result = wizard.currentPage()
        qtbot.wait(100)
        person.shot("result", wizard)
        _problems_whole(result.problems)
        # Narrower (the dialog made smaller): the messages take more lines, still whole.
        wizard.resize(wizard.minimumSize())
        qtbot.wait(100)
        person.shot("result-narrow", wizard)
        _problems_whole(result.problems)
        QTest.mouseClick(finish, Qt.MouseButton.LeftButton)
    finally:
        if wizard.isVisible():
            wizard.reject()


def test_the_file_dialogs_start_in_documents_then_in_the_folder_last_used(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, qsettings, monkeypatch, tmp_path, language: str) -> None:
    """Item 4: the file dialogs (export, import, statistics, backup) started in the process's working folder. They
    start in the Documents folder, then in the folder the officer last saved into or chose from (kept in the
    window's settings); a backup in the backups folder beside the database (Restore lists it), named in full."""
    import os
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication, QFileDialog, QWizard

    from tests import factories as f
    from vetdesk.services import backup
    from vetdesk.ui.folders import LAST_FOLDER

    working = tmp_path / "trabajo"
    documents = tmp_path / "Documentos"
    reports = tmp_path / "informes"
    for folder in (working, documents, reports):
        folder.mkdir()
    monkeypatch.chdir(working)  # started from a terminal in another folder
    system_folder = QStandardPaths.writableLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(documents) if location
                        == QStandardPaths.StandardLocation.DocumentsLocation else system_folder(location))
    asked: list[tuple[str, str]] = []

    def save_dialog(_parent: Any, title: str, start: str, *_a: Any, **_k: Any) -> tuple[str, str]:
        asked.append((title, start))
        return (str(reports / "empresas.xlsx"), "") if title == _("Export the list") else ("", "")

    def open_dialog(_parent: Any, title: str, start: str, *_a: Any, **_k: Any) -> tuple[str, str]:
        asked.append((title, start))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_dialog)
    f.make_company(window.db)
    person = Person(qtbot, window, f"ui21q-file-dialogs-{language}")
    person.nav(_("Companies"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 1, timeout=5000)

    # The first export: proposed in Documents; the officer saves it into another folder.
    person.menu(_("&File"), _("&Export this list…"))
    qtbot.waitUntil(lambda: (reports / "empresas.xlsx").exists(), timeout=10000)
    title, start = asked[-1]
    assert title == _("Export the list") and Path(start).parent == documents, asked
    assert qsettings.value(LAST_FOLDER) == str(reports)

    # The import's "Choose file…" starts in that folder now, not in the working folder.
    person.menu(_("&File"), _("&Import from a spreadsheet…"))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QWizard), timeout=5000)
    wizard = person.modal()
    try:
        person.click(_("Choose file…"), wizard)
        title, start = asked[-1]
        assert title == _("Choose the spreadsheet") and start == str(reports) + os.sep, asked
        person.shot("import-file-page", wizard)
    finally:
        wizard.reject()

    # The statistics too.
    person.menu(_("&File"), _("E&xport statistics…"))
    qtbot.waitUntil(lambda: asked[-1][0] == _("Export statistics"), timeout=5000)
    assert Path(asked[-1][1]).parent == reports, asked

    # A backup: in the backups folder beside the database (where Restore looks), in full.
    person.menu(_("&File"), _("&Back up the database…"))
    qtbot.waitUntil(lambda: asked[-1][0] == _("Back up the database"), timeout=5000)
    start = Path(asked[-1][1])
    folder = backup.backup_folder(window.db)
    assert folder is not None and start.is_absolute() and start.parent == folder.absolute(), (start, folder)
    assert not any(Path(s).parent == working for _t, s in asked), asked


def test_an_instructor_is_not_offered_to_delete_a_weekly_report(  # type: ignore[no-untyped-def]
        qtbot, world, qsettings, monkeypatch, language: str) -> None:
    """Item 5: an instructor saw "Delete…" on a weekly report, which the core refuses them. The form asks the
    core whether the role may delete (``undo.may_delete``): the instructor is not offered it, the office is."""
    from PySide6.QtWidgets import QPushButton

    from tests.logbook.conftest import OFFICER

    w: World = world
    week = next(r["id"] for r in records.list_records(w.db, "logbook") if r["agreement_id"] == w.mine)
    for who, offered in ((w.me, False), (OFFICER, True)):
        window = scenes._window(qtbot, w.db.as_user(who), qsettings, monkeypatch)
        person = Person(qtbot, window, f"ui21q-no-delete-{who.role}-{language}")
        try:
            person.nav(_("Weekly reports"))
            page = window.current_list()
            form = scenes._open_row(person, page, week)
            qtbot.wait(100)
            person.shot("week-open")
            shown = [b.text() for b in form.findChildren(QPushButton) if b.isVisible()]
            assert _("History…") in shown, shown
            assert (_("Delete…") in shown) is offered, (who.role, shown)
        finally:
            scenes._close(qtbot, window, monkeypatch)


def test_the_wizard_s_permit_date_is_in_sight_at_the_wizard_s_own_size(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """Item 6: at 1366×768 the agreement wizard's *Stipend, insurance and permit* page hid the STPS permit's date
    below its fold (the page needed scrolling and nothing said so). At the size the wizard opens in, with a
    minor's notes and the page's messages shown, every field of the page is in sight, the date field too."""
    from datetime import date

    from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QWizard

    from tests import factories as f
    from tests.scenarios import test_agreement_wizard_plan as plan_scenario
    from tests.scenarios.test_new_user_retrial import walk_to_terms
    from vetdesk.ui.wizard import AgreementWizard

    db = window.db
    ids = plan_scenario._set_up(db)
    today = date.today()
    f.make_apprentice(db, school_id=ids["school"], first_surname="Menorca", given_names="Ana",
                      birth_date=date(today.year - 16, 3, 15), sex="M")
    person = Person(qtbot, window, f"ui21q-wizard-permit-{language}")
    person.menu(_("&Records"), _("New learning &agreement…"))
    qtbot.waitUntil(lambda: any(isinstance(w, AgreementWizard) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=5000)
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AgreementWizard) and w.isVisible())
    try:
        walk_to_terms(person, wizard, ids, apprentice="Menorca")
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.terms_page, timeout=5000)
        QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        cover = wizard.cover_page
        qtbot.waitUntil(lambda: wizard.currentPage() is cover, timeout=5000)
        qtbot.wait(200)
        person.shot("cover-page", wizard)
        assert wizard.height() <= 768 - 60  # room for the title bar and a panel on a 1366×768 screen
        date_field = person.find(_("STPS permit date"), QLineEdit, wizard)
        area = cover.findChild(QScrollArea)
        viewport = area.viewport()
        bottom = date_field.mapTo(viewport, date_field.rect().bottomLeft()).y()
        assert bottom <= viewport.height(), (bottom, viewport.height())  # in sight without scrolling
        assert not area.verticalScrollBar().isVisible()
    finally:
        wizard.reject()


def _drag(widget: Any, start: Any, end: Any) -> None:
    """Press the left button at ``start``, move in steps to ``end``, release: a person's drag."""
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    steps = 6
    for n in range(1, steps + 1):
        point = start + (end - start) * n / steps
        QTest.mouseMove(widget, point.toPoint() if hasattr(point, "toPoint") else point, 20)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_a_column_dragged_leaves_no_empty_strip_and_the_pane_stays_where_it_was_put(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """Item 8: a column dragged narrower left an empty strip at the list's right (the list stopped sharing out
    its room); the handle between the list and the record moved when another record was opened. The dragged
    column keeps its width while the others take up the room; the handle stays where the officer put it."""
    from PySide6.QtCore import QPoint

    from tests import factories as f
    from tests.scenarios.test_ui21m import _open_first_row
    from tests.scenarios.test_win21p import _empty_right_of_columns

    for name in ("Autopartes del Bajío S.A. de C.V.", "Frenos y Suspensiones de Querétaro S.A. de C.V."):
        f.make_company(window.db, name=name)
    # The third one's address is longer than its field beside the handle as the officer puts it (it widened the
    # pane past where they had put it).
    f.make_company(window.db, name="Herramientas Finas de Puebla S.A. de C.V.",
                   contact_email="coordinacion.formacion.dual.aprendices@herramientasfinasdepuebla.com.mx")
    person = Person(qtbot, window, f"ui21q-drag-{language}")
    person.nav(_("Companies"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 3, timeout=10000)
    qtbot.wait(300)  # the columns fitted to the rows
    header = page.table.horizontalHeader()
    viewport = header.viewport()
    first = header.logicalIndexAt(5)
    before = header.sectionSize(first)
    edge = header.sectionViewportPosition(first) + before - 1
    _drag(viewport, QPoint(edge, viewport.height() // 2), QPoint(edge - 70, viewport.height() // 2))
    qtbot.wait(200)
    person.shot("column-dragged-narrower")
    assert abs(header.sectionSize(first) - (before - 70)) <= 3, (before, header.sectionSize(first))
    assert _empty_right_of_columns(page) <= 2, _empty_right_of_columns(page)

    # A record open, the handle dragged, another record opened: the handle stays.
    _open_first_row(qtbot, person, window, _("Companies"))
    handle = page.splitter.handle(1)
    sizes = page.splitter.sizes()
    middle = QPoint(handle.width() // 2, handle.height() // 2)
    _drag(handle, middle, middle - QPoint(50, 0))
    qtbot.wait(200)
    put = page.splitter.sizes()
    assert put[1] >= sizes[1] + 40, (sizes, put)
    person.shot("pane-widened")
    table = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(page.model.index(2, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == page.model.id_at(2), timeout=5000)
    qtbot.wait(300)
    person.shot("another-record")
    assert page.splitter.sizes() == put, (put, page.splitter.sizes())
    assert _empty_right_of_columns(page) <= 2, _empty_right_of_columns(page)

"""What the re-trials of issue 21 (the officer's day in the window) still found, each driven as a person drives it:
keys, typed text and clicks on widgets found by their accessible names, asserted on screen and in the database.
Screenshots go to ``screenshots/scenarios/``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def test_end_and_home_in_the_check_window_go_to_the_last_and_first_finding(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """*Check the database*: End did nothing (a table's End goes to the row's last cell, and a table of whole
    rows shows no cell), Home neither. End shows and selects the last finding, Home the first."""
    from vetdesk.ui.checks_dialog import ChecksDialog

    db = window.db
    for n in range(30):  # thirty companies without a legal representative: more findings than the window shows
        f.make_company(db, name=f"Troquelados {n:02d} S.A. de C.V.", legal_representative=None)
    person = Person(qtbot, window, f"ui21c-check-end-{language}")
    person.menu(_("&Tools"), _("&Check the database…"))

    def shown() -> list[Any]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, ChecksDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=20000)
    dialog = shown()[0]
    qtbot.waitExposed(dialog)
    table = person.find(_("Findings"), QTableWidget, dialog)
    last = table.rowCount() - 1
    assert last > 20 and table.currentRow() == 0
    person.key(Qt.Key.Key_End, widget=table)
    person.shot("end", dialog)
    assert table.currentRow() == last
    assert table.viewport().rect().contains(table.visualItemRect(table.item(last, 0)).center())
    assert [i.row() for i in table.selectionModel().selectedRows()] == [last]
    person.key(Qt.Key.Key_Home, widget=table)
    person.shot("home", dialog)
    assert table.currentRow() == 0
    assert table.viewport().rect().contains(table.visualItemRect(table.item(0, 0)).center())
    person.key(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, widget=table)
    assert table.currentRow() == last
    QTest.qWait(10)
    dialog.close()


def _new_assessment(qtbot: Any, window: MainWindow, person: Person) -> Any:
    person.nav(_("Assessments"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.click(_("New {kind}").format(kind=_(records.kind("assessments").singular)), page)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    return page.form


def test_a_picked_agreement_shows_its_reference_apprentice_and_company(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A new assessment: the agreement typed and taken showed its reference alone ("CA-2027-000047"), so the
    officer could not see whose it was. It shows the reference, the apprentice and the company, as offered."""
    from PySide6.QtWidgets import QLineEdit

    db = window.db
    agreement = f.make_agreement(db)
    row = records.get(db, "agreements", agreement)
    apprentice = records.get(db, "apprentices", row["apprentice_id"])
    company = records.get(db, "companies", row["company_id"])
    person = Person(qtbot, window, f"ui21c-picked-agreement-{language}")
    form = _new_assessment(qtbot, window, person)
    title = records.kind("assessments").field("agreement_id").title()  # type: ignore[union-attr]
    picker = form.editors["agreement_id"]
    line = person.find(title, QLineEdit, form)
    person.type(title, row["reference"], form)
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.value() == agreement, timeout=5000)
    person.shot("picked")
    shown = line.text()
    assert shown.startswith(row["reference"] + " · "), shown
    assert apprentice["first_surname"] in shown and company["name"] in shown, shown
    # Left with Tab as it shows, it stays chosen (the text shown is the choice, not a search).
    QTest.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not line.hasFocus(), timeout=3000)
    assert picker.value() == agreement and line.text() == shown


def test_undo_after_returning_a_weekly_report_takes_back_the_return(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The officer wrote a week's report, then returned it with a note; Edit › Undo said the week's creation could
    not be undone (it stepped past the return to the operation before). Undo takes back the last operation: the
    return. The report is handed in again, without the note; nothing else changes."""
    from PySide6.QtWidgets import QMessageBox

    from tests.logbook.conftest import make_world
    from tests.scenarios.test_logbook import _open_row
    from vetdesk.services import logbook

    db = window.db
    w = make_world(db)
    week = logbook.write_week(db, agreement_id=w.mine, week=w.week(1),
                              values={"activities": "Cambio de herramental en la línea", "hours": "36",
                                      "status": "submitted"}).id
    person = Person(qtbot, window, f"ui21c-undo-return-{language}")
    person.nav(_("Weekly reports"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
    form = _open_row(person, page, week)
    person.type(_("Instructor's note"), "Falta describir la práctica", form)
    person.click(_("Return with note"), form)
    qtbot.waitUntil(lambda: records.get(db, "logbook", week)["status"] == "returned", timeout=5000)
    person.shot("returned")

    refused = person.when_dialog(lambda box: box.close(), of=QMessageBox, wait_ms=2000)
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=page.table)
    qtbot.waitUntil(lambda: records.get(db, "logbook", week)["status"] == "submitted", timeout=5000)
    qtbot.wait(300)
    refused.stop()
    person.shot("undone")
    assert not refused, refused  # no refusal: the return was undone, not the creation asked for
    stored = records.get(db, "logbook", week)
    assert stored["review_note"] in (None, "") and stored["activities"] == "Cambio de herramental en la línea"
    assert _("Undone: {operation}").format(operation="").strip() in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: page.form is not None and page.form.record.get("status") == "submitted", timeout=5000)
    # Again: now the week's creation is the last thing left, which is refused (a handed-in report stays).
    said = person.when_dialog(lambda box: box.close(), of=QMessageBox, wait_ms=5000)
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=page.table)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert records.get(db, "logbook", week)["status"] == "submitted"


def test_the_wizards_dates_and_money_pages_drop_a_message_once_its_value_is_right(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The agreement wizard's *Dates and working time* and *Stipend, insurance and permit* pages kept the
    messages they opened with after the officer had put the value right (until the page was left). The messages
    are checked again as the values are edited: a wrong value is said, the right one takes the message away."""
    from datetime import timedelta

    from PySide6.QtWidgets import QWizard

    from tests.scenarios import test_agreement_wizard_plan as plan_scenario
    from tests.scenarios.test_new_user_retrial import open_wizard, walk_to_terms

    db = window.db
    ids = plan_scenario._set_up(db)
    person = Person(qtbot, window, f"ui21c-wizard-messages-{language}")
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    terms = wizard.terms_page
    qtbot.waitUntil(lambda: wizard.currentPage() is terms, timeout=5000)
    end_title = records.kind("agreements").field("end_date").title()  # type: ignore[union-attr]
    start = terms.start_date()
    right_end = terms.end.value()

    def said(page: Any) -> str:
        return page.problems_label.text() if page.problems_label.isVisible() else ""

    person.type_date(end_title, start - timedelta(days=1), wizard)  # ends before it starts
    qtbot.waitUntil(lambda: end_title in said(terms), timeout=5000)
    person.shot("end-before-start", wizard)
    person.type_date(end_title, right_end, wizard)
    qtbot.waitUntil(lambda: end_title not in said(terms), timeout=5000)
    person.shot("end-right", wizard)

    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    cover = wizard.cover_page
    qtbot.waitUntil(lambda: wizard.currentPage() is cover, timeout=5000)
    stipend = _("Stipend")
    person.type(stipend, "mil pesos", wizard)
    qtbot.waitUntil(lambda: stipend in said(cover), timeout=5000)
    person.shot("stipend-wrong", wizard)
    person.type(stipend, "4500", wizard)
    qtbot.waitUntil(lambda: stipend not in said(cover), timeout=5000)
    person.shot("stipend-right", wizard)
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_save_and_batch_print_propose_an_existing_remembered_folder_and_drafts_only_when_asked(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str, tmp_path, monkeypatch) -> None:
    """*Print the listed agreements* proposed a "Documents" folder that did not exist and wrote e-mail drafts
    unasked; *Save as PDF* opened in Documents every time. The batch proposes an existing folder, writes drafts
    only when the officer ticks them, and every save proposes the folder last saved into."""
    from pathlib import Path

    from PySide6.QtWidgets import QCheckBox, QFileDialog, QLineEdit, QMessageBox

    from vetdesk.ui import files, folders
    from vetdesk.ui.printing import BatchPrintDialog, PdfPreview

    db = window.db
    drafts = [f.make_agreement(db) for _n in range(2)]
    references = {i: db.get("agreements", i)["reference"] for i in drafts}
    missing = tmp_path / "no-such" / "Documents"

    class NoDocuments:  # the system's Documents folder, which this computer does not have
        StandardLocation = folders.QStandardPaths.StandardLocation

        @staticmethod
        def writableLocation(_location: Any) -> str:
            return str(missing)

    monkeypatch.setattr(folders, "QStandardPaths", NoDocuments)
    monkeypatch.setattr(files, "open_path", lambda path: True)
    person = Person(qtbot, window, f"ui21c-folders-{language}")

    # -- the batch: an existing folder proposed, no drafts unless ticked ----------------------------------
    batch = tmp_path / "lote"
    batch.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(batch))
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 2, timeout=10000)
    seen: dict[str, Any] = {}

    def answer(dialog: Any) -> None:
        folder = person.find(_("Folder for the PDF files"), QLineEdit, dialog)
        drafts_box = person.find(_("Also write e-mail drafts"), QCheckBox, dialog)
        seen["proposed"], seen["ticked"] = folder.text(), drafts_box.isChecked()
        person.shot("batch-dialog", dialog)
        person.click(_("Choose the folder"), dialog)
        seen["chosen"] = folder.text()
        person.click(_("&Print"), dialog)

    person.when_dialog(answer, of=BatchPrintDialog)
    person.menu(_("&File"), _("Print the &listed agreements…"))
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox, "saved-file-message")),
                    timeout=60000)
    box = next(b for b in window.findChildren(QMessageBox, "saved-file-message") if b.isVisible())
    person.shot("batch-printed", box)
    assert Path(seen["proposed"]).is_dir() and seen["proposed"] != str(missing), seen
    assert seen["ticked"] is False and seen["chosen"] == str(batch)
    assert len(list(batch.glob("*.pdf"))) == 2
    assert [p.name for p in batch.iterdir() if p.is_dir()] == []  # no drafts: not asked for
    assert _("e-mail") not in box.text().replace(str(batch), "")
    box.close()

    # -- Save as PDF: proposed where the batch went, then where the last PDF was saved -----------------------
    chosen = tmp_path / "firmas"
    chosen.mkdir()
    offered: list[str] = []

    def save_dialog(_parent: Any, _title: str, start: str, *_a: Any, **_k: Any) -> tuple[str, str]:
        offered.append(start)
        return str(chosen / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    for n, agreement in enumerate(drafts):
        person.type(_("Search"), references[agreement])
        qtbot.waitUntil(lambda agreement=agreement: not page.loading and page.model.ids() == [agreement],
                        timeout=10000)
        QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=page.table.visualRect(page.model.index(0, 0)).center())
        QTest.keyClick(page.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda agreement=agreement: page.form is not None and page.form.record_id == agreement,
                        timeout=5000)
        person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview,
                           wait_ms=30000)
        person.click(_("Print for signature…"), page.form)  # printed in the batch: a copy printed again
        qtbot.waitUntil(lambda n=n: len(offered) == n + 1, timeout=40000)
        qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox, "saved-file-message")),
                        timeout=10000)
        for box in window.findChildren(QMessageBox, "saved-file-message"):
            box.close()
    person.shot("saved")
    assert Path(offered[0]).parent == batch, offered  # the folder last saved into: the batch's
    assert Path(offered[1]).parent == chosen, offered  # then the one the first PDF went to
    assert len(list(chosen.glob("*.pdf"))) == 2


def test_a_language_change_fits_the_columns_again_but_keeps_the_ones_dragged(  # type: ignore[no-untyped-def]
        qtbot, sqlite_db, qsettings, language: str, monkeypatch) -> None:
    """The list's column widths fitted to Spanish titles were carried into German after the restart a language
    change makes: German titles were cut. Widths the officer has not dragged are fitted again to the new
    language's titles; a column the officer dragged keeps its width."""
    from PySide6.QtCore import QPoint

    from tests.scenarios.person import main_window
    from vetdesk.services.session import local_operator
    from vetdesk.ui.app import use_language

    db = sqlite_db.as_user(local_operator())
    for _n in range(3):
        f.make_agreement(db)
    with main_window(qtbot, db, qsettings, monkeypatch) as window:
        person = Person(qtbot, window, f"ui21c-widths-{language}")
        person.nav(_("Agreements"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 3, timeout=10000)
        qtbot.wait(200)  # the columns fitted to the rows
        header = page.table.horizontalHeader()
        dragged = next(i for i, c in enumerate(page.model.columns) if c.key == "apprentice_id")
        # The officer drags the apprentice column's right edge 60 px wider.
        edge = header.sectionViewportPosition(dragged) + header.sectionSize(dragged) - 1
        y = header.height() // 2
        wanted = header.sectionSize(dragged) + 60
        QTest.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
        QTest.mouseMove(header.viewport(), QPoint(edge + 30, y))
        QTest.mouseMove(header.viewport(), QPoint(edge + 60, y))
        QTest.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 60, y))
        assert abs(header.sectionSize(dragged) - wanted) <= 2, (header.sectionSize(dragged), wanted)
        wanted = header.sectionSize(dragged)
        person.shot("before")
    # The language changed in the settings: the window starts again in German, on the same settings.
    use_language("de")
    try:
        with main_window(qtbot, db, qsettings, monkeypatch) as window:
            person = Person(qtbot, window, f"ui21c-widths-{language}-de")
            person.nav(_("Agreements"))
            page = window.current_list()
            qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 3, timeout=10000)
            qtbot.wait(200)
            person.shot("after")
            header = page.table.horizontalHeader()
            metrics = header.fontMetrics()
            cut = [c.title() for i, c in enumerate(page.model.columns)
                   if not page.table.isColumnHidden(i) and i != dragged
                   and header.sectionSize(i) < metrics.horizontalAdvance(c.title()) + 20]
            assert not cut, cut
            assert header.sectionSize(dragged) == wanted
    finally:
        use_language(language)


def test_the_rotations_list_shows_its_dates_whole_beside_an_open_record(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """At 1366×768, the Rotations list beside an open rotation cut its "Left on" column: each shown column is
    at least as wide as its title beside the record, the dates whole; what does not fit scrolls."""
    from vetdesk.services import demo

    demo.fill_demo(window.db, apprentices=6, seed=3)
    person = Person(qtbot, window, f"ui21c-rotations-{language}")
    person.nav(_("Rotations"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) > 0, timeout=10000)
    table = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(page.model.index(0, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is not None, timeout=5000)
    qtbot.wait(300)  # the pane opened and the columns shared out the room left
    person.shot("open")
    from vetdesk.ui.headers import title_floor

    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for i, column in enumerate(page.model.columns):
        if table.isColumnHidden(i):
            continue
        # Its title whole: on one line, or wrapped onto the header's second (issue 21, ui21k).
        assert header.sectionSize(i) >= title_floor(metrics, column.title()), column.title()
        assert header.lines_needed(i) <= header.sizeHint().height() // metrics.lineSpacing(), column.title()
    left_on = next(i for i, c in enumerate(page.model.columns) if c.key == "actual_end")
    dates = [str(page.model.index(r, left_on).data() or "") for r in range(min(person.rows(table), 20))]
    widest = max(table.fontMetrics().horizontalAdvance(d) for d in dates)
    assert header.sectionSize(left_on) >= widest + 8, (header.sectionSize(left_on), widest)
    # Every column in sight beside the record: the last one ("Left on") ends inside the list, none past its edge.
    assert header.length() <= table.viewport().width(), (header.length(), table.viewport().width())
    assert header.sectionViewportPosition(left_on) + header.sectionSize(left_on) <= table.viewport().width()


def _y(widget: Any, form: Any) -> int:
    return widget.mapTo(form, widget.rect().topLeft()).y()


def test_messages_under_fields_move_no_field_while_typing(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The CURP's message ("must have 18 characters; it has 17") came and went under the field as the CURP was
    typed, pushing the fields below down and up; the agreement field's note did the same when an offer was taken.
    While the person types in a field nothing below it moves: a new message is said in the status bar (and the
    field's tooltip) and goes under the field once it is left; a message put right while typing leaves its line
    empty until then."""
    from datetime import date

    from PySide6.QtWidgets import QLabel, QLineEdit

    person = Person(qtbot, window, f"ui21c-still-fields-{language}")
    person.nav(_("Apprentices"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.click(_("New {kind}").format(kind=_(records.kind("apprentices").singular)), page)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    form = page.form
    curp_title = records.kind("apprentices").field("curp").title()  # type: ignore[union-attr]
    names = form.editors["given_names"]
    curp = person.find(curp_title, QLineEdit, form)
    before = _y(names, form)
    right = f.curp_for(date(2009, 7, 14), "M")
    person.type(curp_title, right[:17], form)  # one character short, and the person pauses
    qtbot.waitUntil(lambda: curp_title + ":" in window.statusBar().currentMessage(), timeout=5000)
    person.shot("typing-short-curp")
    assert "18" in window.statusBar().currentMessage()
    assert _y(names, form) == before and form.problem_text("curp") == ""  # nothing moved
    assert curp.toolTip() == "" or "18" in form.editors["curp"].toolTip()
    QTest.keyClick(curp, Qt.Key.Key_Tab)  # left: the message goes under the field
    qtbot.waitUntil(lambda: form.problem_text("curp") != "", timeout=3000)
    person.shot("left-short-curp")
    moved = _y(names, form)
    assert moved > before
    # Back in the field, the CURP completed: the message goes, its line stays while the person is in the field.
    QTest.mouseClick(curp, Qt.MouseButton.LeftButton)
    QTest.keyClick(curp, Qt.Key.Key_End)
    QTest.keyClicks(curp, right[17])
    qtbot.waitUntil(lambda: form.problem_text("curp") == "", timeout=5000)
    qtbot.wait(100)
    person.shot("typing-right-curp")
    assert _y(names, form) == moved
    QTest.keyClick(curp, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: _y(names, form) == before, timeout=3000)
    person.shot("left-right-curp")
    form._snapshot = form.values()  # nothing to ask about when the test closes the window

    # The agreement field's note: taken from the offers, it goes and its line stays while in the field.
    agreement = f.make_agreement(window.db)
    reference = records.get(window.db, "agreements", agreement)["reference"]
    form = _new_assessment(qtbot, window, person)
    title = records.kind("assessments").field("agreement_id").title()  # type: ignore[union-attr]
    picker = form.editors["agreement_id"]
    line = person.find(title, QLineEdit, form)
    below = form.editors["competency_id"]
    first = _y(below, form)
    person.type(title, "Zzyzx", form)
    QTest.keyClick(line, Qt.Key.Key_Tab)
    note = person.find(_("{field}: note").format(field=title), QLabel, form)
    qtbot.waitUntil(note.isVisible, timeout=3000)
    with_note = _y(below, form)
    assert with_note > first
    person.type(title, reference, form)
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.value() == agreement, timeout=5000)
    qtbot.wait(100)
    person.shot("offer-taken")
    assert note.text() == "" and _y(below, form) == with_note  # the line kept while in the field
    QTest.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: _y(below, form) == first, timeout=3000)
    person.shot("picker-left")


def test_the_weekly_reports_monday_message_moves_no_field_while_the_date_is_typed(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A new weekly report: a day that is no Monday typed in "Week of (Monday)" brought its message under the field
    and pushed the report's text down while the officer typed. The field below stays put while the date is
    typed; the message is said in the status bar, and under the field once it is left."""
    from datetime import timedelta

    from PySide6.QtWidgets import QLineEdit

    from tests.logbook.conftest import make_world
    from vetdesk import i18n

    db = window.db
    w = make_world(db)
    reference = records.get(db, "agreements", w.mine)["reference"]
    person = Person(qtbot, window, f"ui21c-monday-{language}")
    person.nav(_("Weekly reports"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.click(_("New {kind}").format(kind=_(records.kind("logbook").singular)), page)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    form = page.form
    agreement = records.kind("logbook").field("agreement_id").title()  # type: ignore[union-attr]
    person.type(agreement, reference, form)
    QTest.keyClick(person.find(agreement, QLineEdit, form), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.editors["agreement_id"].value() == w.mine, timeout=5000)
    week = records.kind("logbook").field("week_start").title()  # type: ignore[union-attr]
    below = form.editors["activities"]
    before = _y(below, form)
    wednesday = w.week(1) + timedelta(days=2)
    person.type(week, i18n.current().format_numeric_date(wednesday), form)
    qtbot.wait(700)  # the officer pauses in the field
    person.shot("wednesday-typed")
    assert _y(below, form) == before and form.problem_text("week_start") == ""
    line = person.find(week, QLineEdit, form)
    QTest.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: form.problem_text("week_start") != "", timeout=5000)
    person.shot("left")
    assert i18n.shown_day(w.week(1)) in form.problem_text("week_start")
    assert _y(below, form) > before
    form._snapshot = form.values()  # nothing to ask about when the test closes the window

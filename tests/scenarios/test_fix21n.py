"""What a new user's trial of the window found (issue 21, trial 21e), each driven as a person drives it: typed,
clicked and answered, asserted on screen and in the database. Screenshots go to ``screenshots/scenarios/``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person, type_text
from tests.scenarios.test_logbook import world as world  # a fixture
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def _title(kind: str, name: str) -> str:
    return records.kind(kind).field(name).title()  # type: ignore[union-attr]


def test_a_choice_box_takes_no_free_text_into_the_contract(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                          language: str) -> None:
    """Item 1: "pa" typed in the training record's box, Enter and Ctrl+S saved "pa", printed into clause 11. The
    box offers its choices only: typing picks none of them, and what is saved is still a choice."""
    db = window.db
    agreement = f.make_agreement(db)
    person = Person(qtbot, window, f"fix21n-choice-{language}")
    form = person.open_agreement(agreement)
    name = _title("agreements", "training_record_form")
    box = person.find(name, QComboBox, form)
    assert not box.isEditable()
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    QTest.keyClick(box, Qt.Key.Key_Escape)  # the list a click opens, closed
    box.setFocus()
    type_text(box, "pa")
    person.key(Qt.Key.Key_Return, widget=box)
    person.shot("typed-pa", form)
    QTest.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    assert records.get(db, "agreements", agreement)["training_record_form"] in ("paper", "electronic")
    assert box.currentText() in (_("on paper"), _("electronically"))
    person.choose(name, _("electronically"), form)
    QTest.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["training_record_form"] == "electronic",
                    timeout=5000)


def test_ctrl_z_brings_back_a_deleted_draft_of_a_minor_without_guardian(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                         language: str) -> None:
    """Item 2: Delete a draft, Ctrl+Z: "cannot be undone: The apprentice is under 18… guardian's name is
    required". Undo puts back what was there; a rule about completeness does not stand in its way."""
    from sqlalchemy import text

    db = window.db
    minor = f.make_apprentice(db, birth_date=f.minor_birth_date(16), first_surname="Zamora")
    agreement = f.make_agreement(db, apprentice_id=minor)
    with db.engine.begin() as conn:  # the guardian's details not recorded (as in the trial's draft)
        conn.execute(text("UPDATE apprentices SET guardian_name = NULL, guardian_relation = NULL, "
                          "guardian_phone = NULL WHERE id = :id"), {"id": minor})
    person = Person(qtbot, window, f"fix21n-undo-delete-{language}")
    form = person.open_agreement(agreement)
    refused: list[str] = []

    def read(box: QWidget) -> None:
        refused.append(box.text())  # type: ignore[attr-defined]
        person.press(box, QMessageBox.StandardButton.Ok)

    asked: list[str] = []

    def yes(box: QWidget) -> None:
        asked.append(box.text())  # type: ignore[attr-defined]
        person.press(box, QMessageBox.StandardButton.Yes)

    person.when_dialog(yes, of=QMessageBox)
    person.click(form.delete_button.text(), form)
    qtbot.waitUntil(lambda: not any(r["id"] == agreement for r in records.list_records(db, "agreements")),
                    timeout=8000)
    assert asked and asked[0].startswith(_("Delete {name}? Only a record entered by mistake, that nothing depends "
                                           "on, can be deleted; the deletion stays in the history.")[:5]), asked
    person.when_dialog(read, of=QMessageBox, title=_("Undo"), wait_ms=3000)
    table = window.current_list().table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton)  # back in the list, as the hand goes
    window.activateWindow()  # the message box gone, the window is the one at work again (offscreen: by hand)
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    table.setFocus()
    person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=table)
    qtbot.waitUntil(lambda: refused or any(r["id"] == agreement for r in records.list_records(db, "agreements")),
                    timeout=8000)
    person.shot("undone", window)
    assert not refused, refused
    assert records.get(db, "agreements", agreement)["status"] == "draft"
    assert _("Undone: {operation}").format(operation="").strip() in window.statusBar().currentMessage()


def test_an_instructor_is_asked_before_countersigning_and_takes_it_back_with_ctrl_z(  # type: ignore[no-untyped-def]
        qtbot, world, qsettings, monkeypatch, language) -> None:
    """Item 3: one click on Approve countersigned a weekly report, without a question, for good. The instructor is
    asked (what signing means, how to take it back); Cancel leaves the week handed in; Yes countersigns; Ctrl+Z
    takes the countersignature back, the week handed in again and unreviewed."""
    from tests.scenarios.test_logbook import _close, _open_row, _window
    from vetdesk.domain import logbook as L

    w = world
    window = _window(qtbot, w.db.as_user(w.me), qsettings, monkeypatch)
    person = Person(qtbot, window, f"fix21n-countersign-{language}")
    try:
        weeks = records.list_records(w.db, "logbook")
        handed_in = next(r["id"] for r in weeks if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
        form = _open_row(person, page, handed_in)
        asked: list[str] = []

        def answer(button: QMessageBox.StandardButton) -> Any:
            def act(box: QWidget) -> None:
                asked.append(box.text())  # type: ignore[attr-defined]
                person.shot(f"asked-{len(asked)}", box)
                person.press(box, button)
            return act

        person.when_dialog(answer(QMessageBox.StandardButton.Cancel), of=QMessageBox)
        person.click(_("Approve (countersign)"), form)
        qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
        assert asked[0] == L.countersign_question(), asked
        assert records.get(w.db, "logbook", handed_in)["status"] == "submitted"
        person.when_dialog(answer(QMessageBox.StandardButton.Yes), of=QMessageBox)
        person.click(_("Approve (countersign)"), form)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", handed_in)["status"] == "approved", timeout=5000)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        page.table.setFocus()
        person.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=page.table)
        qtbot.waitUntil(lambda: records.get(w.db, "logbook", handed_in)["status"] == "submitted", timeout=5000)
        assert records.get(w.db, "logbook", handed_in)["reviewed_on"] is None
        assert window.statusBar().currentMessage().startswith(_("Undone: {operation}").split("{")[0])
        person.shot("taken-back", window)
    finally:
        _close(qtbot, window, monkeypatch)


def _shown(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return isValid(widget) and widget.isVisible()


def test_the_wizard_asks_before_cancel_or_esc_discards_what_was_typed(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                     language: str) -> None:
    """Item 4: the wizard's Cancel threw away what was typed without a word. With nothing entered Esc closes it;
    once something is, Cancel, Esc and the title bar's close ask "Discard the agreement being drawn up?", and keep
    it unless told."""
    from PySide6.QtWidgets import QWizard

    from tests.scenarios import test_agreement_wizard_plan as plan_scenario
    from tests.scenarios.test_new_user_retrial import open_wizard

    plan_scenario._set_up(window.db)
    person = Person(qtbot, window, f"fix21n-wizard-cancel-{language}")
    wizard = open_wizard(person)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=3000)
    person.key(Qt.Key.Key_Escape, widget=wizard.focusWidget() or wizard)  # nothing entered: closed at once
    qtbot.waitUntil(lambda: not _shown(wizard), timeout=3000)

    wizard = open_wizard(person)
    plan_scenario._pick(person, wizard, _("Apprentices"), "Quintero")
    qtbot.waitUntil(lambda: wizard.apprentice_page.apprentice() is not None, timeout=5000)
    asked: list[str] = []

    def keep(box: QWidget) -> None:
        asked.append(box.text())  # type: ignore[attr-defined]
        person.shot(f"asked-{len(asked)}", box)
        person.press(box, QMessageBox.StandardButton.Cancel)

    person.when_dialog(keep, of=QMessageBox)
    person.key(Qt.Key.Key_Escape, widget=wizard.focusWidget() or wizard)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    assert asked[0].startswith(_("Discard the agreement being drawn up? What was entered in this wizard is not "
                                 "saved.")[:12]), asked
    assert wizard.isVisible() and wizard.apprentice_page.apprentice() is not None
    person.when_dialog(keep, of=QMessageBox)
    QTest.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    assert wizard.isVisible()
    # The title bar's close button (the window manager's close) asks as Cancel does, and keeps it unless told.
    person.when_dialog(keep, of=QMessageBox)
    wizard.close()
    qtbot.waitUntil(lambda: len(asked) == 3, timeout=5000)
    assert wizard.isVisible() and wizard.apprentice_page.apprentice() is not None
    person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Discard), of=QMessageBox)
    QTest.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not _shown(wizard), timeout=5000)
    assert records.count_records(window.db, "agreements") == 0


def test_the_batch_print_folder_takes_what_is_typed(qtbot, window: MainWindow, language: str, tmp_path,  # type: ignore[no-untyped-def]
                                                    monkeypatch) -> None:
    """Item 6: File › Print the listed agreements…: the folder box ignored typing. A folder typed is used (made if
    missing); one that cannot be made is refused in words, the dialog open to correct it."""
    from vetdesk.ui import files
    from vetdesk.ui.printing import BatchPrintDialog

    db = window.db
    printable = f.make_agreement(db)
    reference = records.get(db, "agreements", printable)["reference"]
    monkeypatch.setattr(files, "open_path", lambda path: True)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    wanted = tmp_path / "nuevos" / "convenios"
    person = Person(qtbot, window, f"fix21n-batch-folder-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)
    said: list[str] = []

    def answer(dialog: QWidget) -> None:
        person.type(_("Folder for the PDF files"), str(blocker / "sub"), dialog)
        person.click(_("&Print"), dialog)
        problem = person.find(_("Problem with the folder"), root=dialog)
        said.append(problem.text())
        person.shot("folder-refused", dialog)
        assert dialog.isVisible()
        # read whole: the dialog grew to the message's wrapped lines (trial 21f: cut at its top and bottom)
        assert problem.height() >= problem.heightForWidth(problem.width()), (problem.height(), problem.width())
        person.type(_("Folder for the PDF files"), str(wanted), dialog)
        assert problem.isHidden()
        person.click(_("&Print"), dialog)

    person.when_dialog(answer, of=BatchPrintDialog)
    person.menu(_("&File"), _("Print the &listed agreements…"))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().windowTitle() == _("Printing finished"), timeout=60000)
    summary = QApplication.activeModalWidget()
    assert said and said[0] == _("The folder {folder} cannot be created here. Choose a folder you may write in, "
                                 "for example in Documents.").format(folder=blocker / "sub"), said
    written = [p.name for p in wanted.glob("*.pdf")]
    assert len(written) == 1 and reference in written[0], written
    summary.close()


def test_ctrl_k_takes_the_monday_as_the_reader_writes_dates(qtbot, sqlite_db, qsettings, language,  # type: ignore[no-untyped-def]
                                                            monkeypatch) -> None:
    """Item 8: Ctrl+K refused "CA-2026-000025 30/11/2026": the Monday typed as dates are written (the language's
    numeric form, pressed with Ctrl+K) is taken; the refusal's example is the hint's."""
    from tests.logbook.conftest import OFFICER, make_world
    from tests.scenarios.test_paper_week_key_in import _close, _key_in, _refusal, _window
    from vetdesk.i18n import shown_day
    from vetdesk.services import logbook

    w = make_world(sqlite_db)
    week = w.week(5)
    reference = records.get(w.db, "agreements", w.mine)["reference"]
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings)
    person = Person(qtbot, window, f"fix21n-ctrl-k-{language}")
    try:
        dialog = _key_in(person, "CA-1 mañana")
        said = _refusal(person, dialog)
        assert logbook.PAPER_WEEK_EXAMPLE in said and logbook.PAPER_WEEK_EXAMPLE in dialog.reference.placeholderText()
        person.type(_("Reference on the form"), f"{reference} {shown_day(week)}", dialog)
        person.shot("typed-date", dialog)
        person.click(_("&Open"), dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        page = window.current_list()
        qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is None, timeout=5000)
        assert page.form.editors["agreement_id"].value() == w.mine
        assert page.form.editors["week_start"].value() == week
    finally:
        _close(qtbot, window, monkeypatch)


def test_a_long_status_message_is_read_whole(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    """Item 8: a long status-bar message was cut at the window's edge; it wraps, every word on screen."""
    from vetdesk.ui.status_bar import WrappingStatusBar

    person = Person(qtbot, window, f"fix21n-status-{language}")
    bar = window.statusBar()
    assert isinstance(bar, WrappingStatusBar)
    long = " ".join([_("Nothing is recorded yet for the week of {date} of {name}.").format(
        date="30/11/2026", name="María Fernanda Quintero Hernández")] * 4)
    bar.showMessage(long, 8000)  # as the window says a long thing (a refusal of several problems)
    qtbot.wait(100)
    person.shot("long-message", window)
    label = bar.message
    assert bar.currentMessage() == long and label.text() == long
    assert label.isVisible() and label.wordWrap()
    assert label.heightForWidth(label.width()) <= label.height() + 2  # all its lines are shown
    assert label.geometry().right() <= window.width() and label.height() > label.fontMetrics().height() * 1.5


def test_a_retired_instructor_is_marked_in_the_list(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    """Item 9: a retired instructor appeared in *Instructors* like any other. The row says "(retired)" (before
    the name since win21p) and is greyed; the others are as they were."""
    from datetime import date, timedelta

    from vetdesk.ui.style import status_colour

    db = window.db
    company = f.make_company(db)
    active = f.make_instructor(db, company_id=company, name="Ing. Laura Campos")
    gone = f.make_instructor(db, company_id=company, name="Ing. Pedro Solís")
    records.update(db, "instructors", gone, {"retired_on": date.today() - timedelta(days=1)}, accept_warnings=True)
    person = Person(qtbot, window, f"fix21n-retired-{language}")
    person.nav(_("Instructors"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 2, timeout=10000)
    person.shot("instructors", window)
    model = page.model
    shown = {model.data(model.index(r, 0), Qt.ItemDataRole.UserRole): model.data(model.index(r, 0))
             for r in range(model.rowCount())}
    assert shown[gone] == _("(retired) {name}").format(name="Ing. Pedro Solís"), shown
    assert shown[active] == "Ing. Laura Campos"
    row = model.row_of(gone)
    assert model.data(model.index(row, 1), Qt.ItemDataRole.ForegroundRole) == status_colour("ended")
    assert model.data(model.index(model.row_of(active), 1), Qt.ItemDataRole.ForegroundRole) is None


def test_a_review_message_about_the_apprentice_opens_the_apprentice_there(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                          language: str) -> None:
    """Item 5: the review's "record the apprentice's NSS" led nowhere. Enter (or a double-click) on it opens the
    apprentice's form in a dialog with the cursor in the NSS; saved, the review is checked again without it."""
    from sqlalchemy import text

    from tests.scenarios import test_agreement_wizard_plan as plan_scenario
    from tests.scenarios.test_new_user_retrial import open_wizard, walk_to_terms

    db = window.db
    ids = plan_scenario._set_up(db)
    with db.engine.begin() as conn:  # the NSS not recorded yet
        conn.execute(text("UPDATE apprentices SET nss = NULL WHERE id = :id"), {"id": ids["apprentice"]})
    person = Person(qtbot, window, f"fix21n-review-record-{language}")
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    plan_scenario._next(person, wizard)
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    messages = review.messages
    rows = [i for i in range(messages.count()) if messages.item(i).data(Qt.ItemDataRole.UserRole + 1)
            == "apprentice.nss"]
    assert rows, [messages.item(i).text() for i in range(messages.count())]
    seen: dict[str, Any] = {}

    def fill(dialog: QWidget) -> None:
        from PySide6.QtWidgets import QLineEdit

        nss = _title("apprentices", "nss")
        line = person.find(nss, QLineEdit, dialog)
        qtbot.waitUntil(lambda: dialog.focusWidget() is line, timeout=3000)
        seen["focus"] = True
        person.shot("apprentice-dialog", dialog)
        person.type(nss, f.nss(77), dialog)
        person.click(_("&Save"), dialog)

    person.when_dialog(fill, of=QDialog)
    item = messages.item(rows[0])
    messages.scrollToItem(item)
    QTest.mouseClick(messages.viewport(), Qt.MouseButton.LeftButton, pos=messages.visualItemRect(item).center())
    QTest.keyClick(messages, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: records.get(db, "apprentices", ids["apprentice"])["nss"] == f.nss(77), timeout=8000)
    qtbot.waitUntil(lambda: not any(messages.item(i).data(Qt.ItemDataRole.UserRole + 1) == "apprentice.nss"
                                    for i in range(messages.count())), timeout=5000)
    assert seen.get("focus"), seen
    assert wizard.currentPage() is review
    person.shot("review-rechecked", wizard)
    wizard.reject()  # done with it: discarded without the question a person is asked

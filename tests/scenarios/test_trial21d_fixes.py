"""Issue 21's trial of 4 December (trial21d): where the keyboard went in the agreement wizard, typed as a person types
without clicking first."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person, answering_start_up, type_text
from tests.scenarios.test_new_user_retrial import open_wizard, walk_to_terms
from vetdesk.i18n import _
from vetdesk.ui.wizard import field_label


def _typed_where_the_cursor_is(text: str) -> None:
    """Type without clicking: the keys go to the widget that has the keyboard."""
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard"
    type_text(focus, text)


def test_the_new_apprentice_page_puts_the_cursor_in_curp_and_enter_in_the_relation_stays(
        qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """Items 1 and 2: after *Register a new apprentice* → Next the keys typed went to the page's scroll area; now
    they are the CURP. Enter that takes the relation offered while typing "madre" stays on the page (it moved the
    wizard on and saved the apprentice)."""
    plan_scenario._set_up(window.db)
    person = Person(qtbot, window, f"trial21d-new-apprentice-{language}")
    wizard = open_wizard(person)
    person.click(_("Register a new apprentice"), wizard)
    plan_scenario._next(person, wizard)
    page = wizard.new_apprentice_page
    qtbot.waitUntil(lambda: wizard.currentPage() is page, timeout=5000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.editors["curp"].line, timeout=3000)
    from tests import factories as f

    curp = f.curp_for(date(f.TODAY.year - 20, 2, 20), "M", n=7)  # an adult's: no guardian needed to save
    _typed_where_the_cursor_is(curp)
    assert page.editors["curp"].line.text() == curp
    person.shot("curp-typed", wizard)
    person.type(_("Given names"), "Marta", wizard)
    person.type(_("First surname"), "López", wizard)

    relation = person.find(_("Guardian's relation"), QComboBox, wizard)
    QTest.mouseClick(relation, Qt.MouseButton.LeftButton)  # the list opens; Esc closes it, the box keeps the focus
    QTest.keyClick(QApplication.focusWidget() or relation, Qt.Key.Key_Escape)
    relation.setFocus()  # as a person tabs to it
    mother = relation.itemText(relation.findData("mother"))
    assert mother, [relation.itemText(i) for i in range(relation.count())]
    QTest.keyClicks(relation, mother[:3].lower())  # a closed list: typing picks the choice it begins
    assert relation.currentData() == "mother", relation.currentText()
    # On the tester's X display the Enter that took the choice went on to the wizard (its Next) and saved the
    # apprentice: it stays on the page, the relation still focused.
    QTest.keyClick(relation, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is relation
    QTest.keyClick(wizard, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert wizard.currentPage() is page, type(wizard.currentPage()).__name__
    assert page.record is None  # nothing saved
    assert relation.currentData() == "mother"
    person.shot("relation-enter-stays", wizard)
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_an_error_double_clicked_on_the_review_puts_the_cursor_in_its_field(
        qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """Item 1: the review's message opened the right page but the keys typed then were lost; now the field the
    message names has the keyboard."""
    from tests import factories as f

    ids = plan_scenario._set_up(window.db)
    f.make_apprentice(window.db, school_id=ids["school"], first_surname="Zamora",
                      birth_date=date(f.TODAY.year - 16, 3, 1), guardian=False)  # a minor, no guardian yet
    person = Person(qtbot, window, f"trial21d-review-focus-{language}")
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids, apprentice="Zamora")
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.terms_page, timeout=5000)
    plan_scenario._next(person, wizard)
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    name = field_label("guardian_name")
    items = [review.messages.item(i) for i in range(review.messages.count())]
    named = [item for item in items if name in item.text()]
    assert named, [item.text() for item in items]
    person.shot("review-errors", wizard)
    review.messages.scrollToItem(named[0])
    rect = review.messages.visualItemRect(named[0])
    QTest.mouseClick(review.messages.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(review.messages.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.apprentice_page, timeout=5000)
    target = wizard.apprentice_page.guardian["guardian_name"].line
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target, timeout=3000)
    _typed_where_the_cursor_is("Rosa Zamora")
    assert target.text() == "Rosa Zamora"
    person.shot("review-error-focused", wizard)
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_the_settings_show_the_database_in_use(qtbot, window, qsettings, language, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Item 4: started on one database (``--db demo.sqlite3``), *Settings* showed the last file opened elsewhere
    (the PC's setting for the next start); now it shows the database in use, and Save without touching it changes
    no database."""
    from PySide6.QtWidgets import QDialogButtonBox

    from vetdesk.ui.settings_dialog import SettingsDialog
    from vetdesk.ui.start import DATABASE_KEY

    elsewhere = str(tmp_path / "opened-elsewhere.sqlite3")
    qsettings.setValue(DATABASE_KEY, elsewhere)
    in_use = window.db.display_location
    assert in_use != elsewhere
    person = Person(qtbot, window, f"trial21d-settings-db-{language}")
    seen: dict[str, object] = {}

    def look(dialog: QWidget) -> None:
        seen["shown"] = person.find(_("Database location"), QLineEdit, dialog).text()
        seen["dialog"] = dialog
        person.shot("settings-database", dialog)
        person.press(dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)

    answered = person.when_dialog(look, of=SettingsDialog)
    person.menu(_("&Tools"), _("&Settings…"))
    qtbot.waitUntil(lambda: bool(answered) and QApplication.activeModalWidget() is None, timeout=10000)
    assert seen["shown"] == in_use
    assert not seen["dialog"].database_changed  # type: ignore[attr-defined]
    assert qsettings.value(DATABASE_KEY) == elsewhere  # nothing named another database


def test_a_date_that_is_none_is_named_once_and_the_fields_keep_their_height(
        qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """Item 6: the page's summary said "Insurance expiry: Insurance expiry: 32/13/2030 is no date…", and as it
    appeared the stipend's fields were squeezed below the height of a line of text (the wizard at its own size)."""
    ids = plan_scenario._set_up(window.db)
    person = Person(qtbot, window, f"trial21d-cover-{language}")
    wizard = open_wizard(person)
    wizard.resize(1100, 640)  # as it opens on the officer's screen
    walk_to_terms(person, wizard, ids)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.terms_page, timeout=5000)
    plan_scenario._next(person, wizard)
    cover = wizard.cover_page
    qtbot.waitUntil(lambda: wizard.currentPage() is cover, timeout=5000)
    label = field_label("insurance_expiry")
    person.type(label, "32/13/2030", wizard)
    plan_scenario._next(person, wizard)
    qtbot.wait(500)
    assert wizard.currentPage() is cover
    summary = cover.problems_label.text()
    assert "32/13/2030" in summary and summary.count(label) == 1, summary
    person.shot("expiry-refused", wizard)
    lines = [w for w in cover.findChildren(QLineEdit) if w.isVisible() and not isinstance(w.parentWidget(), QComboBox)]
    squeezed = [w.accessibleName() for w in lines if w.height() < w.minimumSizeHint().height()]
    assert not squeezed, squeezed
    wizard.reject()  # done with it: discarded without the question a person is asked


def test_the_signatures_refusals_show_whole_and_move_no_row(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """Item 3: *Record signatures* refused three dates at once; each message was cut at its third line ("…
    escríbala como 24/08/2026 (dd/mm/aaaa) o") and the rows below moved ≈7 px. Now each is whole in the room kept
    for it, and no date field moves."""
    from datetime import timedelta

    from PySide6.QtWidgets import QCheckBox, QDialog, QLabel

    from tests import factories as f
    from tests.scenarios.test_new_user_retrial import open_printed_agreement
    from vetdesk.services import records
    from vetdesk.ui.agreement_form import signed_box_name

    person, form, agreement = open_printed_agreement(qtbot, window, f"trial21d-signatures-{language}")
    # A minor's, as on the trial: the guardian's row ("Signed by the parent or legal guardian on") widens the
    # labels' column and narrows the dates'.
    apprentice = records.get(window.db, "agreements", agreement)["apprentice_id"]
    birth = date(f.TODAY.year - 16, 3, 1)
    records.update(window.db, "apprentices", apprentice, {
        "birth_date": birth.isoformat(), "curp": f.curp_for(birth, "H", n=41), "guardian_name": "Rosa Núñez",
        "guardian_relation": "mother", "guardian_phone": "222 555 0101"}, accept_warnings=True)
    fields = records.kind("agreements")
    title = {name: fields.field(name).title() for name in  # type: ignore[union-attr]
             ("company_signed_on", "apprentice_signed_on", "chamber_signed_on")}
    seen: dict[str, object] = {}

    def places(dialog: QWidget) -> dict[str, int]:
        return {name: person.find(label, QLineEdit, dialog).mapTo(dialog, person.find(label, QLineEdit, dialog)
                                                                   .rect().topLeft()).y()
                for name, label in title.items()}

    def sign(dialog: QWidget) -> None:
        for name, label in title.items():
            QTest.mouseClick(person.find(signed_box_name(name, label), QCheckBox, dialog), Qt.MouseButton.LeftButton)
        person.type(title["company_signed_on"], "31/12/2030", dialog)  # in the future
        person.type(title["apprentice_signed_on"], "99/99/2026", dialog)  # no date
        from vetdesk import i18n

        before_print = date.today() - timedelta(days=400)
        person.type(title["chamber_signed_on"], i18n.current().format_numeric_date(before_print), dialog)
        qtbot.wait(100)
        seen["before"] = places(dialog)
        person.ok(dialog)
        qtbot.wait(200)
        seen["after"] = places(dialog)
        said = [label for label in dialog.findChildren(QLabel) if label.isVisible() and "✖" in label.text()]
        seen["said"] = len(said)
        seen["cut"] = [label.toolTip() for label in said if label.height() < label.heightForWidth(label.width())]
        person.shot("refused", dialog)
        dialog.reject()

    answered = person.when_dialog(sign, of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: "cut" in seen, timeout=10000)
    assert answered
    assert seen["said"] >= 2, seen
    assert seen["cut"] == [], seen
    assert seen["after"] == seen["before"], seen


def test_file_new_database_offers_the_way_back_still_signed_in(  # type: ignore[no-untyped-def]
        qtbot, qapp, tmp_path, monkeypatch, language: str) -> None:
    """Item 5: *File › New database* closed the window first, and the new database's *Create the administrator*
    offered only Quit: the officer lost the office she was working in. Now it offers *Back to oficina.sqlite3*,
    which opens that database again with her still signed in (no password asked), and the PC's setting for the
    next start names it again."""
    import argparse
    import sys

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from tests.scenarios.test_ui21k import _office_with_user
    from vetdesk import i18n
    from vetdesk.ui import app as app_module
    from vetdesk.ui.login import FirstAdministratorDialog, LoginDialog
    from vetdesk.ui.start import DATABASE_KEY, LANGUAGE_KEY
    from vetdesk.ui.start import settings as pc_settings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    monkeypatch.setenv("VETDESK_NO_AUTOBACKUP", "1")
    for name in ("VETDESK_USER", "VETDESK_AUTO_ADMIN", "VETDESK_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    secret = "Camexa-2026!"
    database, new = tmp_path / "oficina.sqlite3", tmp_path / "nueva.sqlite3"
    _office_with_user(database, "mgarcia", secret)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(new), ""))
    critical: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: critical.append(text))
    def on_dialog(person: Person, modal: Any, seen: dict[str, Any]) -> None:
        if isinstance(modal, LoginDialog):  # the office's own database, at the start
            seen["login back"] = modal.back_button
            person.type(_("User name"), "mgarcia", modal)
            person.type(_("Password"), secret, modal)
            QTest.mouseClick(modal.ok_button, Qt.MouseButton.LeftButton)
            return
        seen["offered"] = modal.back_button.text() if modal.back_button is not None else None
        seen["expected"] = _("Back to {database}").format(database="oficina.sqlite3")
        person.shot("new-database-offers-back", modal)
        QTest.mouseClick(modal.back_button, Qt.MouseButton.LeftButton)

    def on_window(person: Person, window: Any, seen: dict[str, Any]) -> None:
        if len(seen["windows"]) == 1:
            person.menu(_("&File"), _("New &database…"))
        else:
            qtbot.wait(300)
            seen["title"] = window.windowTitle()
            seen["user"] = window.db.actor.username
            person.shot("back-in-the-office")
            window.close()

    pc = pc_settings()
    pc.setValue(LANGUAGE_KEY, language)
    pc.setValue(DATABASE_KEY, str(database))
    pc.sync()
    with answering_start_up(qtbot, f"trial21d-way-back-{language}", dialogs=(FirstAdministratorDialog, LoginDialog),
                            on_dialog=on_dialog, on_window=on_window) as seen:
        try:
            code = app_module.run_app(argparse.Namespace(db=str(database), lang=None, user=None))
        finally:
            i18n.set_language("en")
            app_module.install_qt_translations(qapp, "en")
    assert seen["error"] is None, seen["error"]
    assert critical == []
    assert code == 0
    assert seen["login back"] is None  # at the start there is nothing to go back to
    assert seen["offered"] == seen["expected"]
    assert len(seen["windows"]) == 2 and len(seen["dialogs"]) == 2, seen  # no password asked again
    assert seen["title"].startswith("oficina.sqlite3")
    assert seen["user"] == "mgarcia"
    assert pc_settings().value(DATABASE_KEY) == str(database)

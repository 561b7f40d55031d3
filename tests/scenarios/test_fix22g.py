"""What a new user's trial of the office's set-up (issue 22, fix22g) still found in the window, each step driven
as a person drives it: typed, clicked and answered, asserted on screen and in the database. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow

HINT = "Recorded with “Record signatures…” as the parties signed. A signed agreement keeps this date: it is not " \
       "changed here."

IN_FORCE = "Recorded when the agreement came into force. A signed agreement keeps this date: it is not changed here."


def _open(person: Person, page_label: str, reference: str, record_id: int) -> Any:
    """Find the record on its page by its reference and open it with Enter."""
    person.nav(page_label)
    page = person.window.current_list()  # type: ignore[attr-defined]
    person.type(page.search.accessibleName(), reference, page)
    person.key(Qt.Key.Key_Return, widget=page.search)
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == record_id, timeout=10000)
    return page.form


def _tick(person: Person, dialog: QWidget, titles: list[str], on: date) -> None:
    for title in titles:
        QTest.mouseClick(person.find(_("{party} signed").format(party=title), QCheckBox, dialog),
                         Qt.MouseButton.LeftButton)
        person.type_date(title, on, dialog)
    person.ok(dialog)


def _held(person: Person, form: QWidget, title: str) -> bool:
    """Whether the date field ``title`` is shown read-only, saying how it is recorded to a screen reader."""
    line = person.find(title, QLineEdit, form)
    return line.isReadOnly() and line.accessibleDescription() == _(HINT)


def _notes(form: QWidget) -> list[str]:
    """The notes under the form's fields, as shown."""
    return [label.text() for label in form.findChildren(QLabel) if label.objectName() == "hint" and label.isVisible()]


def test_signature_dates_are_read_only_where_the_core_keeps_them(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The collaboration agreement's form offered its signature dates for typing once signed, though saving an
    emptied one is refused. While it is printed they are open (the signatures come in: *Record signatures…*
    records the school's alone, the agreement stays printed); once every party has signed they are shown
    read-only with how they are recorded, and typing into one changes nothing. A signed learning agreement's
    form shows its dates the same way."""
    db = window.db
    school, company = f.make_school(db, name="CONALEP Querétaro II"), f.make_company(db, name="Frenos del Bajío")
    collaboration = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    records.update(db, "collaborations", collaboration, {"status": "printed"}, accept_warnings=True)
    reference = records.get(db, "collaborations", collaboration)["reference"]
    today = date.today()
    titles = {name: records.kind("collaborations").field(name).title()  # type: ignore[union-attr]
              for name in ("school_signed_on", "company_signed_on", "chamber_signed_on")}
    person = Person(qtbot, window, f"fix22g-signature-dates-{language}")
    form = _open(person, _("Collaboration agreements"), reference, collaboration)
    assert not any(_held(person, form, t) for t in titles.values())  # printed: the signatures come in
    signed = person.when_dialog(lambda d: _tick(person, d, [titles["school_signed_on"]], today), of=QDialog,
                                title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "collaborations", collaboration)["school_signed_on"] == today,
                    timeout=5000)
    assert signed
    assert records.get(db, "collaborations", collaboration)["status"] == "printed"  # waiting for the others
    signed = person.when_dialog(lambda d: _tick(person, d, [titles["company_signed_on"],
                                                            titles["chamber_signed_on"]], today),
                                of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "collaborations", collaboration)["status"] == "signed", timeout=5000)
    qtbot.waitUntil(lambda: form.record.get("status") == "signed", timeout=5000)
    form.fields_area.ensureWidgetVisible(person.find(titles["chamber_signed_on"], QLineEdit, form))
    person.shot("collaboration-signed")
    assert all(_held(person, form, t) for t in titles.values())
    assert _notes(form) == [_(HINT)]  # said once, under the first of them
    line = person.find(titles["school_signed_on"], QLineEdit, form)
    shown = line.text()
    person.type(titles["school_signed_on"], "", form)
    QTest.keyClick(line, Qt.Key.Key_Delete)
    assert line.text() == shown == i18n.current().format_numeric_date(today)
    assert not form.save_button.isEnabled()  # nothing changed

    agreement = f.make_agreement(db, school_id=school, company_id=company)
    f.activate(db, agreement)
    agreement_ref = records.get(db, "agreements", agreement)["reference"]
    form = _open(person, _("Agreements"), agreement_ref, agreement)
    form.fields_area.ensureWidgetVisible(person.find(records.kind("agreements").field(  # type: ignore[union-attr]
        "chamber_signed_on").title(), QLineEdit, form))  # scrolled down to the signatures, as a person would
    person.shot("agreement-active")
    for name in ("company_signed_on", "apprentice_signed_on", "school_signed_on", "chamber_signed_on"):
        assert _held(person, form, records.kind("agreements").field(name).title()), name  # type: ignore[union-attr]
    assert _notes(form) == [_(HINT), _(IN_FORCE)]

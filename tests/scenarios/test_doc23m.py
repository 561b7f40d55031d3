"""What the last review of issue 23 left, as a person meets it in the window (doc23m): the second guardian's
signature line in *Record signatures*, and the learning agreement's print preview saying the office's text is
behind in the document's language. Screenshots go to ``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def _open(person: Person, reference: str, record_id: int) -> Any:
    """Find the agreement on its page by its reference and open it with Enter."""
    return person.open_found(_("Agreements"), reference, record_id)


def _title(name: str) -> str:
    return records.kind("agreements").field(name).title()  # type: ignore[union-attr]


def _printed_minor(db: Any, *, second: bool) -> tuple[int, str]:
    extra = {"guardian2_name": "Juan García Ruiz", "guardian2_relation": "father",
             "guardian2_address": "Calle 5 de Mayo 12, Puebla", "guardian2_id_document": "INE 1122334455"} \
        if second else {}
    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16), **extra)
    agreement = f.make_agreement(db, apprentice_id=apprentice)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    return agreement, records.get(db, "agreements", agreement)["reference"]


def test_record_signatures_has_a_line_for_the_second_guardian(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A minor with two guardians: *Record signatures* shows the second guardian's line; ticking every party but
    them leaves the agreement printed and the form says who is still to sign; ticking them signs it. A minor with
    one guardian gets no such line."""
    from vetdesk.ui.agreement_form import signed_box_name

    db = window.db
    today = date.today()
    agreement, reference = _printed_minor(db, second=True)
    person = Person(qtbot, window, f"doc23m-second-guardian-{language}")
    form = _open(person, reference, agreement)
    first = ("company_signed_on", "apprentice_signed_on", "guardian_signed_on", "school_signed_on",
             "chamber_signed_on")
    seen: list[list[str]] = []

    def tick(dialog: QWidget, names: tuple[str, ...]) -> None:
        seen.append(list(dialog.dates))  # type: ignore[attr-defined]
        if names == ("guardian2_signed_on",):
            person.shot("record-signatures", dialog)
        for name in names:
            QTest.mouseClick(person.find(signed_box_name(name, _title(name)), QCheckBox, dialog),
                             Qt.MouseButton.LeftButton)
            person.type_date(_title(name), today, dialog)
        person.ok(dialog)

    answered = person.when_dialog(lambda d: tick(d, first), of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["company_signed_on"] == today, timeout=5000)
    assert answered
    assert "guardian2_signed_on" in seen[0] and _title("guardian2_signed_on") == _("Signed by the second guardian on")
    assert records.get(db, "agreements", agreement)["status"] == "printed"
    qtbot.waitUntil(lambda: _("✖ {party}: not signed yet").format(party=_("The second parent or guardian"))
                    in form.signatures_label.text(), timeout=5000)
    answered = person.when_dialog(lambda d: tick(d, ("guardian2_signed_on",)), of=QDialog,
                                  title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["status"] == "signed", timeout=5000)
    assert records.get(db, "agreements", agreement)["guardian2_signed_on"] == today

    single, single_ref = _printed_minor(db, second=False)
    form = _open(person, single_ref, single)

    def look(dialog: QWidget) -> None:
        seen.append(list(dialog.dates))  # type: ignore[attr-defined]
        dialog.reject()  # type: ignore[attr-defined]

    person.when_dialog(look, of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=5000)
    assert "guardian_signed_on" in seen[2] and "guardian2_signed_on" not in seen[2]


def _notices(person: Person, qtbot: Any, form: Any) -> dict[str, str]:
    """Open the agreement's preview from its form ("Print for signature…") and read the note above its pages
    ("Before printing", hidden while it says nothing) as shown first, in German, and back in Spanish; the
    preview is closed unprinted."""
    from vetdesk.ui.printing import PdfPreview

    said: dict[str, str] = {}

    def look(preview: PdfPreview) -> None:
        # (found by its name among the preview's labels, as a screen reader would)
        notice = next(w for w in preview.findChildren(QLabel) if w.accessibleName() == _("Before printing"))
        said["window"] = notice.text() if notice.isVisible() else ""
        person.choose(_("Document language"), "Deutsch", preview)
        qtbot.waitUntil(lambda: notice.isVisible(), timeout=20000)
        said["de"] = notice.text()
        person.shot("preview-german", preview)
        person.choose(_("Document language"), "Español (México)", preview)
        qtbot.waitUntil(lambda: not notice.isVisible(), timeout=20000)
        said["es"] = notice.text()
        preview.reject()

    seen = person.when_dialog(look, of=PdfPreview, wait_ms=60000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: "es" in said and bool(seen), timeout=60000)
    return said


def test_the_agreement_preview_says_the_office_text_is_behind_in_its_language(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The office's agreement text was edited in Spanish only. Printing a draft learning agreement for signature,
    the preview says, above its pages, that the text in the document's language is behind (as ``vetdesk print``
    warns); choosing Spanish there, the note goes; German, it says German. A printed agreement's reprint (its
    text kept) says nothing."""
    from vetdesk.services import clauses

    db = window.db
    clauses.save(db, "agreement", "es", clauses.shipped("agreement", "es") + "\nLas partes firman cada hoja.\n")
    agreement = f.make_agreement(db)
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"doc23m-behind-{language}")
    said = _notices(person, qtbot, _open(person, reference, agreement))
    assert _("Learning agreement: clauses") in said["de"] and _("German") in said["de"], said
    assert said["es"] == ""
    if language == "es":
        assert said["window"] == ""  # the window's language is the one edited
    else:
        assert _("English") in said["window"], said
    assert records.get(db, "agreements", agreement)["status"] == "draft"  # closed unprinted


def test_the_preview_of_a_printed_agreement_in_another_language_warns_the_copies_are_void(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """Trial 23f: a printed agreement's preview switched to German said nothing, where ``vetdesk print --lang de``
    warns that the copies handed out in Spanish become void (German becoming the language the parties sign).
    The preview says it above the pages; back in the language it went out in, the note goes."""
    db = window.db
    agreement = f.make_agreement(db, start_date=date.today())
    db.print_for_signature([agreement], language="es")  # out for signature in Spanish
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"doc23m-language-{language}")
    said = _notices(person, qtbot, _open(person, reference, agreement))
    assert said["window"] == "" and said["es"] == ""  # in the language it went out in: nothing to say
    assert _("Spanish") in said["de"] and _("German") in said["de"], said
    assert records.get(db, "agreements", agreement)["status"] == "printed"

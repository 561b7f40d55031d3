"""Trial 4 (fix4a, item 4): the signatures dialog of a minor's agreement (six parties) at 1366×768 cut its refusal
of a date at the bottom (/work/trial4-out/s11.png), called a woman apprentice "el aprendiz" in its warnings, and
named the second guardian two ways. The officer ticks every party, types a date before the printing for the company
(refused) and later dates for the others (signed after the start: warnings), and presses OK: every message is
shown whole inside the dialog, which fits the screen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QWidget

from tests import factories as f
from tests.scenarios.person import SIZE, Person
from vetdesk.domain.identifiers import signature_label
from vetdesk.i18n import _, shown_day
from vetdesk.services import records
from vetdesk.ui.agreement_form import signed_box_name
from vetdesk.ui.messages import ReservedMessage

TODAY = date.today()


def _minor_with_two_guardians_printed(db: Any) -> int:
    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16), sex="M", given_names="Begoña Ülrike Renée",
                                   guardian2_name="Pedro García López", guardian2_relation="father",
                                   guardian2_phone="222 555 0202", guardian2_id_document="INE 99887766",
                                   guardian2_address="Calle 5 de Mayo 12, 72000 Puebla, Pue.", semester=2)
    # (its school has no collaboration agreement with the company: a warning of the agreement as a whole, beside
    # the buttons, as the trial's; and the apprentice is in the second semester: another)
    agreement = f.make_agreement(db, apprentice_id=apprentice, start_date=TODAY - timedelta(days=120),
                                 school_id=f.make_school(db))
    records.print_for_signature(db, [agreement], language="es", today=TODAY - timedelta(days=3))
    return agreement


def test_the_signatures_dialog_shows_every_message_whole(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    agreement = _minor_with_two_guardians_printed(db)
    parties = [name for name, _signed in records.signatures(db, agreement)]
    assert len(parties) == 6
    person = Person(qtbot, window, f"fix4a-signatures-{language}")
    form = person.open_agreement(agreement)
    seen: dict[str, Any] = {}

    def fill(dialog: QWidget) -> None:
        for name in parties:
            label = signature_label(name, records.kind("agreements").field(name).label, "M")
            box = person.find(signed_box_name(name, label, "M"), QCheckBox, dialog)
            QTest.mouseClick(box, Qt.MouseButton.LeftButton)
            day = TODAY - timedelta(days=5) if name == "company_signed_on" else TODAY - timedelta(days=1)
            person.type_date(label, day, dialog)
        person.ok(dialog)
        qtbot.waitUntil(lambda: any(m.text() for m in dialog.findChildren(ReservedMessage)), timeout=5000)
        qtbot.wait(200)
        person.shot("refused", dialog)
        messages = [m for m in dialog.findChildren(ReservedMessage) if m.text()]
        seen["texts"] = [m.accessibleDescription() for m in messages]
        seen["labels"] = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        # (what shows of each: its own height and its cell's, which clips it)
        seen["cut"] = [(m.accessibleDescription(), m.visibleRegion().boundingRect().height(),
                        QLabel.heightForWidth(m, m.width())) for m in messages
                       if m.visibleRegion().boundingRect().height() < QLabel.heightForWidth(m, m.width())]
        seen["outside"] = [m.accessibleDescription() for m in messages
                           if m.mapTo(dialog, QPoint(0, m.height())).y() > dialog.height()]
        seen["height"] = dialog.frameGeometry().height()
        dialog.reject()

    done = person.when_dialog(fill, of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: bool(done) and "texts" in seen, timeout=20000)

    said = " ".join(seen["texts"])
    # The company's date is refused, the others are signed after the start: every message whole, in the dialog.
    assert shown_day(TODAY - timedelta(days=5)) in said
    assert not seen["cut"], seen["cut"]
    assert not seen["outside"], seen["outside"]
    assert seen["height"] <= SIZE[1], seen["height"]
    # The apprentice is a woman: "la aprendiz" in the dialog's label and in the warning.
    woman = signature_label("apprentice_signed_on", "Signed by the apprentice on", "M")
    assert woman in seen["labels"]
    if language == "es":
        assert "La aprendiz firmó" in said and "El aprendiz" not in said, said
    assert records.get(db, "agreements", agreement)["company_signed_on"] is None  # nothing written


def test_start_offers_the_day_the_last_party_signed_and_refuses_an_earlier_one(  # type: ignore[no-untyped-def]
        qtbot, window, language) -> None:
    """The trial's agreement, signed by all in December, was started "in force since" August (its start, which
    the dialog offered) without a word. The dialog offers the day the last party signed; the start typed in is
    refused in the rule's words, as ``vetdesk set`` says it, and nothing is written."""
    from PySide6.QtWidgets import QMessageBox

    from tests.scenarios.test_fix22g import _open

    db = window.db
    start = TODAY - timedelta(days=120)
    signed_on = TODAY - timedelta(days=2)
    agreement = f.make_agreement(db, start_date=start)
    records.print_for_signature(db, [agreement], language="es", today=TODAY - timedelta(days=5))
    records.record_signatures(db, agreement, f.signature_values(db, agreement, signed_on), accept_warnings=True)
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"fix4a-start-{language}")
    form = _open(person, _("Agreements"), reference, agreement)
    offered: list[Any] = []
    said: list[str] = []

    def answer(dialog: QWidget) -> None:
        from vetdesk.ui.editors import DateEditor

        offered.extend(e.value() for e in dialog.findChildren(DateEditor))  # what it shows, before typing
        person.type_date(_("In force since"), start, dialog)
        person.shot("start-typed", dialog)
        person.ok(dialog)

    def read(box: QWidget) -> None:
        said.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    refusal = person.when_dialog(read, of=QMessageBox, title=_("Start agreement"), wait_ms=8000)
    started = person.when_dialog(answer, of=QDialog, title=_("Start the agreement"))
    person.click(_("Start (active)…"), form)
    qtbot.waitUntil(lambda: bool(started) and bool(said), timeout=10000)
    refusal.stop()
    assert offered == [signed_on]
    assert _("The last party signed the agreement on {signed}; it cannot be in force from {date}, before every "
             "party had signed it. Give {signed} or a later day.").format(
        signed=shown_day(signed_on), date=shown_day(start)) in said[0], said[0]
    assert records.get(db, "agreements", agreement)["status"] == "signed"

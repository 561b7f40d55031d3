"""Issue 23 (trial 23e) in the window: the agreement's “Start (active)…” on a day before the agreement starts is
refused in the core's words (it comes into force on the day training starts), nothing written; and a minor's draft
without a guardian saves a note (the missing guardian is asked as a warning; printing refuses it)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_fix22g import _open
from vetdesk.domain.rules import check_activation_start
from vetdesk.i18n import _, shown_day
from vetdesk.services import records

TODAY = date.today()


def test_start_before_the_agreement_starts_is_refused(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    start = TODAY + timedelta(days=12)
    agreement = f.make_agreement(db, start_date=start)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"sig23n-start-early-{language}")
    form = _open(person, _("Agreements"), reference, agreement)
    said: list[str] = []

    def read(box: QWidget) -> None:
        said.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    # Trial 3: the dialog offered the start date (to come) and refused it; no day it may come into force has
    # come yet, so it is said at once, in the rule's words, and no date is asked for.
    asked: list[str] = []
    told = person.when_dialog(read, of=QMessageBox, title=_("Start the agreement"), wait_ms=8000)
    dialog = person.when_dialog(lambda d: asked.append(d.windowTitle()) or d.reject(), of=QDialog,
                                title=_("Start the agreement"), holding=QLineEdit, wait_ms=1500)
    person.click(_("Start (active)…"), form)
    qtbot.waitUntil(lambda: bool(said), timeout=8000)
    told.stop()
    dialog.stop()
    assert said[0] == check_activation_start(TODAY, start)[0].message, said[0]
    assert shown_day(start) in said[0] and not asked
    stored = records.get(db, "agreements", agreement)
    assert stored["status"] == "signed" and stored["activated_on"] is None


def test_a_minors_draft_without_guardian_saves_a_note(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16), guardian=False)
    agreement = f.make_agreement(db, apprentice_id=apprentice)
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"sig23n-minor-note-{language}")
    form = _open(person, _("Agreements"), reference, agreement)
    asked: list[str] = []

    def save_anyway(box: QWidget) -> None:
        asked.append(box.text())  # type: ignore[attr-defined]
        person.shot("warned", box)
        person.press(box, QMessageBox.StandardButton.Save)

    person.type(_("Notes"), "hola")
    person.when_dialog(save_anyway, of=QMessageBox, title=_("Save despite warnings?"))
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["notes"] == "hola", timeout=10000)
    # the guardian's name in words, never its internal name (the agreement's form has no such field)
    assert asked and "guardian_name" not in asked[0] and {"es": "nombre del padre, madre o tutor legal",
                                                          "en": "the guardian's name"}[language] in asked[0], asked
    assert records.get(db, "agreements", agreement)["status"] == "draft"

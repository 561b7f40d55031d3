"""Issue 23 (trial 23d): the window's “Start (active)…” brought a minor's agreement into force with no STPS work
permit, and with a date to come. Both are refused by the core's rule (``domain.rules``), which the window shows
as ``vetdesk set`` does: nothing is written; with the permit recorded and today's date, it comes into force."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_fix22g import _open
from vetdesk.i18n import _
from vetdesk.services import records

TODAY = date.today()


def test_start_refuses_a_minor_without_permit_and_a_date_to_come(  # type: ignore[no-untyped-def]
        qtbot, window, language) -> None:
    db = window.db
    app = f.make_apprentice(db, birth_date=f.minor_birth_date(16))
    agreement = f.make_agreement(db, apprentice_id=app, start_date=TODAY - timedelta(days=10),
                                 end_date=TODAY + timedelta(days=355), stps_permit_number=None)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"activation-rules-{language}")
    form = _open(person, _("Agreements"), reference, agreement)
    said: list[str] = []

    def read(box: QWidget) -> None:
        said.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    def start(on: date | None) -> None:
        def answer(dialog: QWidget) -> None:
            if on is not None:
                person.type_date(_("In force since"), on, dialog)
            person.ok(dialog)

        started = person.when_dialog(answer, of=QDialog, title=_("Start the agreement"))
        person.click(_("Start (active)…"), form)
        qtbot.waitUntil(lambda: bool(started), timeout=5000)

    refusal = person.when_dialog(read, of=QMessageBox, title=_("Start agreement"), wait_ms=5000)
    start(None)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    refusal.stop()
    assert _("STPS permit number") in said[0], said[0]
    assert "“" + _("the training at the company may start only once it is issued") + "”" in said[0] or \
        "«" + _("the training at the company may start only once it is issued") + "»" in said[0], said[0]
    assert records.get(db, "agreements", agreement)["status"] == "signed"

    # The permit recorded, a date to come is refused too.
    records.update(db, "agreements", agreement, {"stps_permit_number": "STPS/DF/2026/00042",
                                                 "stps_permit_date": TODAY - timedelta(days=20)},
                   accept_warnings=True)
    said.clear()
    refusal = person.when_dialog(read, of=QMessageBox, title=_("Start agreement"), wait_ms=5000)
    start(TODAY + timedelta(days=100))
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    refusal.stop()
    assert {"es": "inicie el convenio el día en que empiece la formación",
         "en": "activate the agreement on the day training starts"}[language] in said[0], said[0]
    assert records.get(db, "agreements", agreement)["activated_on"] is None

    go_on: Any = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes),
                                    of=QMessageBox, title=_("Start agreement"), wait_ms=3000)
    start(TODAY)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["status"] == "active", timeout=5000)
    go_on.stop()
    assert records.get(db, "agreements", agreement)["activated_on"] == TODAY
    person.shot("active")


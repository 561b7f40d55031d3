"""Issue 22 (left by its trial): the days an apprentice spent at a learning position were accepted on an agreement
never printed (a draft: no one has signed it, and no training has happened under it). The officer records them
in the window: refused at the field, saying to print the agreement for signature first; nothing is written. Once
printed, the same dates are saved."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox

from tests.scenarios.person import Person
from tests.scenarios.test_office_setup import _new, _pick
from tests.services.test_training_setup import Office
from vetdesk.domain.dates import add_months
from vetdesk.i18n import _
from vetdesk.services import records


def test_time_at_a_position_is_refused_on_a_draft_and_saved_once_printed(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path) -> None:
    db = window.db
    office = Office(db, tmp_path)
    start = date.today() - timedelta(days=30)
    agreement = records.create(db, "agreements", office.agreement_values(
        start_date=start, end_date=add_months(start, 12) - timedelta(days=1)), accept_warnings=True).id
    reference = records.get(db, "agreements", agreement)["reference"]
    started = date.today() - timedelta(days=20)
    person = Person(qtbot, window, f"draft-actual-dates/{language}")
    person.nav(_("Rotations"))
    form = _new(person, "rotations")
    person.when_dialog(lambda picker: _pick(person, picker, reference), of=QDialog)
    person.click(_("Choose {field}").format(field=_("Agreement")), form)
    qtbot.waitUntil(lambda: form.editors["agreement_id"].value() == agreement, timeout=10000)
    person.choose(_("Learning position"), "1. ", form)
    person.type_date(_("Started there on"), started, form)
    person.click(_("&Save"), form)
    message = form.messages["actual_start"]
    qtbot.waitUntil(message.isVisible, timeout=5000)
    person.shot("refused")
    said = form.problem_text("actual_start")
    assert reference in said and {"es": "borrador", "en": "draft"}[language] in said, said
    assert {"es": "Imprímalo", "en": "Print it"}[language] in said, said
    assert records.count_records(db, "rotations") == 0  # nothing written

    # Printed for signature: the same dates are saved.
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)

    def save_anyway(box: Any) -> None:
        person.press(box, QMessageBox.StandardButton.Save)

    answered = person.when_dialog(save_anyway, of=QMessageBox, title=_("Save despite warnings?"), wait_ms=3000)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: records.count_records(db, "rotations") == 1, timeout=5000)
    answered.stop()
    [row] = records.list_records(db, "rotations")
    assert row["actual_start"] == started

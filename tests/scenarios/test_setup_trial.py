"""What a new user's trial of the office's own set-up found in the window (issue 22), driven as an officer does
it: the apprentice's actual dates that move the rotation past the agreement's end are warned of with the
position and its dates; every failing set-up rule of a learning agreement is said at once; renaming a plan that
already misses a competency is not refused by the coverage rule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox, QTableWidget

from tests.scenarios.person import Person
from tests.scenarios.test_office_setup import _new, _pick
from tests.services.test_training_setup import START, Office
from vetdesk.i18n import _, shown_day
from vetdesk.services import records


def test_actual_dates_that_move_the_rotation_past_the_end_are_warned_of(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                         tmp_path) -> None:
    db = window.db
    office = Office(db, tmp_path)
    agreement = records.create(db, "agreements", office.agreement_values()).id
    reference = records.get(db, "agreements", agreement)["reference"]
    end = records.get(db, "agreements", agreement)["end_date"]
    late = START + timedelta(weeks=13, days=10)
    person = Person(qtbot, window, f"setup-trial/{language}")
    person.nav(_("Rotations"))
    form = _new(person, "rotations")
    person.when_dialog(lambda picker: _pick(person, picker, reference), of=QDialog)
    person.click(_("Choose {field}").format(field=_("Agreement")), form)
    qtbot.waitUntil(lambda: form.editors["agreement_id"].value() == agreement, timeout=10000)
    person.choose(_("Learning position"), "1. Almacén", form)
    person.type_date(_("Started there on"), START, form)
    person.type_date(_("Left on"), late - timedelta(days=1), form)
    read: list[str] = []

    def read_and_save(box: Any) -> None:
        read.append(box.text())
        person.shot("rotation-past-end", box)
        person.press(box, QMessageBox.StandardButton.Save)

    answered = person.when_dialog(read_and_save, of=QMessageBox, title=_("Save despite warnings?"))
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=10000)
    assert answered and read
    last_start = late + timedelta(weeks=26)
    said = _("With the actual dates recorded, the rotation runs past the agreement's end ({end}): {position} is "
             "now due from {start} to {until}. Shorten the time at the positions still to come (a new version of "
             "the plan), or extend the agreement.").format(
        end=shown_day(end), position="Ensamble", start=shown_day(last_start),
        until=shown_day(last_start + timedelta(weeks=13, days=-1)))
    assert said in read[0], read[0]
    schedule = form.findChild(QTableWidget)
    assert schedule.item(3, 4).text()  # the last position's planned end is shown, past the agreement's
    assert records.get(db, "rotations", form.record_id)["actual_end"] == late - timedelta(days=1)

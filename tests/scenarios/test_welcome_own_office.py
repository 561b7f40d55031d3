"""Issue 22 (left by its trial): the welcome page of a new office came filled with CAMEXA's name, address and
place, so an office that pressed on printed another chamber's letterhead. The fields are empty, each showing an
example; going on without a name is refused at the field; what the office types is what it prints. Trial 24c:
printing for signature then refused an agreement for want of someone to sign for the chamber, which the welcome
never asked: it asks (optional there, saying what it is needed for)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services.settings import DEFAULTS, office_settings

MINE = {"chamber_name": "Cámara de Comercio Ejemplo de Monterrey", "chamber_address": "Av. Constitución 300, "
        "64000 Monterrey, N.L.", "chamber_place": "Monterrey"}
LABELS = {"chamber_name": "Chamber name", "chamber_address": "Address", "chamber_place": "Place of signing"}


def test_a_new_office_types_its_own_letterhead_with_examples_shown(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    person = Person(qtbot, window, f"welcome-own-office/{language}")
    fields = {key: person.find(_(label), QLineEdit) for key, label in LABELS.items()}
    person.shot("empty")
    for key, field in fields.items():
        assert field.text() == "", (key, field.text())  # no other office's details to keep by mistake
        assert DEFAULTS[key] in field.placeholderText() and field.placeholderText() != DEFAULTS[key]
    person.click(_("Save and continue"))
    message = window.stack.currentWidget().messages
    qtbot.waitUntil(lambda: message.text("chamber_name") != "", timeout=3000)
    assert window.stack.currentWidget().step == 1  # refused at the field: nothing saved
    assert _("Give the chamber's name; it heads every printed page.") in message.text("chamber_name")
    for key, label in LABELS.items():
        person.type(_(label), MINE[key])
    # Who signs for the chamber: asked here, optional, and said what it is needed for.
    note = person.find(_("About who signs for the chamber"), QLabel).text()
    assert note == _("Optional now, but agreements cannot be printed for signature until someone is named to sign "
                     "for the chamber (here, or as the coordinator on a school and company's collaboration "
                     "agreement)."), note
    person.type(_("Who signs for the chamber"), "Lic. Ana Pérez Gómez")
    person.type(_("Their title"), "Gerente de Formación Dual")
    person.shot("filled")
    person.click(_("Save and continue"))
    qtbot.waitUntil(lambda: window.stack.currentWidget().step == 2, timeout=3000)
    saved = office_settings(window.db)
    assert {key: saved[key] for key in MINE} == MINE
    assert (saved["chamber_signatory"], saved["chamber_signatory_title"]) == (
        "Lic. Ana Pérez Gómez", "Gerente de Formación Dual")

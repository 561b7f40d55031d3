"""A new user's trial: a CURP whose first four letters are a word RENAPO replaces (FALO…) was refused as holding "an
impossible birth date, sex or state", and the birth date and sex were asked for too. The new apprentice's form,
driven as a person drives it, says the true reason at the CURP and asks for nothing the CURP would give."""

from __future__ import annotations

from datetime import date

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_office_setup import _new
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def test_a_curp_with_a_word_renapo_replaces_is_refused_for_that(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    person = Person(qtbot, window, f"trial5b-curp-word-{language}")
    person.nav(_("Apprentices"))
    form = _new(person, "apprentices")
    window.resize(1366, 768)
    person.type(_("CURP"), f.curp_for(date(2004, 5, 17), "H", prefix="FALO"), form)
    person.type(_("Given names"), "Ana", form)
    person.type(_("First surname"), "Falo", form)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: bool(form.problem_text("curp")), timeout=5000)
    person.shot("curp-word")
    said = form.problem_text("curp")
    assert "RENAPO" in said and "FXLO" in said, said
    assert form.problem_text("birth_date") == "" and form.problem_text("sex") == ""
    assert records.count_records(window.db, "apprentices") == 0

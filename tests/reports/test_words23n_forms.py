"""Issue 23 (words23n): the printed forms worded people against their records: the assessment form said "La
persona aprendiz" of Luis (sex H), the German weekly form "Die auszubildende Person" of a man or a woman, and a
female instructor was "Instructor de la empresa" on one form and "Vermerk des Ausbilders" on another. The
apprentice is worded by the recorded sex; the instructor, whose sex is not recorded, by one neutral wording on
every form. Read back from the PDFs in Spanish and German."""

from __future__ import annotations

import pytest

from tests.reports.conftest import make_world, pdf_text
from vetdesk.reports import render
from vetdesk.reports.weekly_form import week_pdf
from vetdesk.services import records
from vetdesk.storage.engine import Database

#: What each form says of the apprentice, by language and recorded sex.
APPRENTICE = {("es", "H"): "El aprendiz", ("es", "M"): "La aprendiz",
              ("de", "H"): "Der Auszubildende", ("de", "M"): "Die Auszubildende"}
#: How a form names the instructor, whose sex is not recorded: one neutral wording on every form.
INSTRUCTOR = {"es": "Persona instructora de la empresa", "de": "Betriebliche Ausbildungsperson"}
#: What no form says of the instructor (a masculine form for Ing. Beatriz Köhler).
MASCULINE_INSTRUCTOR = {"es": ("Instructor de la empresa", "Nota del instructor"),
                        "de": ("Vermerk des Ausbilders", "Ausbilder ")}


def _flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


@pytest.mark.parametrize("lang", ["es", "de"])
@pytest.mark.parametrize("long_names", [False, True])  # José Ángel … (sex H); María Guadalupe … (sex M)
def test_the_forms_word_the_apprentice_by_sex_and_the_instructor_neutrally(sqlite_db: Database, lang: str,
                                                                           long_names: bool) -> None:
    w = make_world(sqlite_db, long_names=long_names, positions=2)
    sex = records.get(sqlite_db, "apprentices", w.apprentice_id)["sex"]
    agreement = records.get(sqlite_db, "agreements", w.agreement_id)
    form = _flat(render.form_pdf(sqlite_db, w.apprentice_id, lang=lang))
    week = _flat(week_pdf(sqlite_db, w.agreement_id, agreement["start_date"], lang=lang))
    for name, text in (("assessment form", form), ("weekly form", week)):
        assert APPRENTICE[(lang, sex)] + " " in text, (name, text)
        assert ("persona aprendiz" if lang == "es" else "auszubildende Person") not in text, (name, text)
        assert INSTRUCTOR[lang] in text, (name, text)
        for masculine in MASCULINE_INSTRUCTOR[lang]:
            assert masculine not in text, (name, masculine)
    own = {("es", "H"): "el relato del propio aprendiz", ("es", "M"): "el relato de la propia aprendiz",
           ("de", "H"): "Darstellung des Auszubildenden", ("de", "M"): "Darstellung der Auszubildenden"}
    assert own[(lang, sex)] in form, form
    if lang == "de":
        note = ("Vermerk der Ausbildungsperson")
        assert note in week, week

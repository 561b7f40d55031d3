"""What a new user's re-trial of the office's own set-up still found in the core (issue 22), each at its cause:
the progress report says what its figure counts and speaks one language."""

from __future__ import annotations

import io

import pypdf

from tests import factories as f
from tests.services.test_training_setup import Office
from tests.services.test_training_setup import office as office  # noqa: F401 - the fixture
from vetdesk import i18n
from vetdesk.services import catalogue, records


def _pdf_text(pdf: bytes) -> str:
    """The PDF's words, lines joined by spaces (a sentence may wrap)."""
    return " ".join(" ".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_progress_report_says_what_it_counts_and_names_the_kinds_areas_in_its_own_language(
        office: Office) -> None:
    """A catalogue set up by a Spanish-speaking officer (its default areas recorded as "Competencias
    técnicas", "Habilidades socioemocionales") printed in English: the figure says it counts the technical
    competencies, the socio-emotional skills are counted apart, and no Spanish area name is left."""
    from vetdesk.reports import render

    db = office.db
    i18n.set_language("es")
    try:
        programme = f.make_programme(db, code="ELEC", name="Electricidad")
        records.create(db, "competencies", {"programme_id": programme, "code": "E1", "title": "Cablear"})
        catalogue.enable_socioemotional(db, programme)
    finally:
        i18n.set_language("en")
    assert {c["area"] for c in records.get(db, "programmes", programme)["competencies"]} == \
        {"Competencias técnicas", "Habilidades socioemocionales"}
    agreement = records.create(db, "agreements", office.agreement_values()).id
    records.update(db, "agreements", agreement, {"programme_id": programme, "rotation_plan_id": None},
                   accept_warnings=True)
    f.activate(db, agreement)
    english = _pdf_text(render.progress_pdf(db, agreement_id=agreement, lang="en"))
    assert "0 of 1 technical competency reached" in english
    assert "Socio-emotional skills, counted apart: 0 of 6 reached." in english
    assert "Competencias técnicas" not in english and "Habilidades socioemocionales" not in english
    assert "Technical competencies" in english and "Self-awareness" in english and "Autoconocimiento" not in english
    assert "Socio-emotional skills · socio-emotional" not in english
    spanish = _pdf_text(render.progress_pdf(db, agreement_id=agreement, lang="es"))
    assert "0 de 1 competencia técnica alcanzada" in spanish
    assert "Habilidades socioemocionales, contadas aparte: 0 de 6 alcanzadas." in spanish

"""Every document read for sense (issue 23), as the parties would: each sentence below was wrong in a printed
document (a hard case: a 15-year-old woman, two guardians, a three-year term, long names with Ñ/ü/é) and is
asserted as it reads now, in Spanish and another language."""

from __future__ import annotations

import pytest

from tests.reports.conftest import make_world, pdf_text
from tests.reports.test_minor_clauses import hard_case
from vetdesk.reports import render
from vetdesk.storage.engine import Database


def test_the_guardians_heading_and_relation_do_not_make_a_woman_a_man(sqlite_db: Database) -> None:
    w = hard_case(sqlite_db)
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="mmfd"))
    assert "Padres o tutores legales (aprendiz menor de edad)" in es
    assert "Parentesco madre" in es and "Parentesco padre" in es
    for male in ("del aprendiz menor de edad", "Parentesco con el aprendiz", "comentar con él"):
        assert male not in es, male
    pt = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="pt", template="bbig"))
    assert "Responsáveis legais (aprendiz menor de idade)" in pt
    assert "A aprendiz recebe formação na ocupação Mecatrónica Industrial" in pt
    for male in ("do aprendiz menor de idade", "Parentesco com o aprendiz", "é formado"):
        assert male not in pt, male


@pytest.mark.parametrize("lang", ["es", "de"])
def test_the_certificate_lists_the_positions_gone_through_with_the_weeks_spent(sqlite_db: Database,
                                                                               lang: str) -> None:
    """The certificate's "Learning positions completed" printed every position of the plan with its planned
    weeks (34 each, for a training completed after 22 weeks; the third position never started), and said the
    academic tutor rated when only the instructor did."""
    w = make_world(sqlite_db, minor=False, positions=3, rated=True, status="completed", long_names=True)
    progress = pdf_text(render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang=lang))
    text = pdf_text(render.certificate_pdf(sqlite_db, w.agreement_id, lang=lang))
    assert "Estación 1" in text and "Estación 2" in text and "Estación 3" not in text
    assert " 34 " not in text  # the planned weeks
    assert "5.9" in progress or "5,9" in progress  # the progress report's actual weeks of the first position …
    assert ("5.9" in text) if lang == "es" else ("5,9" in text)  # … are what the certificate states
    if lang == "es":
        assert ("Cada una de las 7 competencias de la carrera quedó acreditada por una evaluación del instructor "
                "de la empresa o del tutor académico.") in text
    else:
        assert ("Alle 7 Kompetenzen des Ausbildungsberufs wurden jeweils durch eine Beurteilung der ausbildenden "
                "Person oder der betreuenden Lehrkraft nachgewiesen.") in text

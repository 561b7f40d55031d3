"""The office's text gives the body of the learning agreement's own clauses (obligations, termination, data
protection) in ``#= name`` sections, in both layouts; the clause's number and heading stay the layout's. A text
without them (an office's version saved before) prints vetdesk's words there; a section with another name is
refused when saved, with its line, and nothing is written."""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.reports.conftest import make_world
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import translator
from vetdesk.reports.page import text_note
from vetdesk.reports.render import agreement_pdf
from vetdesk.services import clauses
from vetdesk.storage.engine import Database

SHIPPED_TERMINATION = ('During the probation period either party may end {{ kind("this agreement", "this contract") }} '
                       'at any time without giving reasons.')


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("templates, heading", [("mmfd", "8. Termination"), ("bbig", "§ 9 Termination")])
def test_the_office_s_termination_clause_prints_under_the_layout_s_heading(sqlite_db: Database, templates: str,
                                                                           heading: str) -> None:
    w = make_world(sqlite_db, minor=True, positions=1, rated=False, status="draft", templates=templates)
    body = clauses.shipped("agreement", "en").replace(
        SHIPPED_TERMINATION, "Either party may end this agreement during the probation period with three days' "
                             "written notice.")
    saved = clauses.save(sqlite_db, "agreement", "en", body)
    text = _text(agreement_pdf(sqlite_db, w.agreement_id, lang="en"))
    assert heading in text and "at any time without giving reasons" not in text
    assert text.index(heading) < text.index("with three days' written notice")
    assert text_note(translator("en"), saved.text) in text  # "Text: the office's version 1, of …"
    # the other clauses the office's text gives are printed once, where the layout has them
    assert text.count("The parties process the personal data in this {} only".format(
        "contract" if templates == "bbig" else "agreement")) == 1


def test_a_text_without_the_sections_prints_vetdesk_s_words(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=True, positions=1, rated=False, status="draft")
    shipped = clauses.shipped("agreement", "en")
    clauses.save(sqlite_db, "agreement", "en", shipped[:shipped.index("{# The texts below")])
    text = _text(agreement_pdf(sqlite_db, w.agreement_id, lang="en"))
    for words in ("During the probation period either party may end this agreement at any time without giving "
                  "reasons.", "The company undertakes to:", "The parent or legal guardian undertakes to:",
                  "The school undertakes to:", "The parties process the personal data in this agreement only"):
        assert text.count(words) == 1, words


@pytest.mark.parametrize("language", clauses.LANGUAGES)
def test_a_section_no_clause_has_is_refused_with_its_line(sqlite_db: Database, language: str) -> None:
    body = clauses.shipped("agreement", language) + "\n#= jurisdiction_extra\nText.\n"
    line = body.split("\n").index("#= jurisdiction_extra") + 1
    with pytest.raises(RuleViolation) as refused:
        clauses.save(sqlite_db, "agreement", language, body)
    message = refused.value.problems[0].message
    assert str(line) in message and "jurisdiction_extra" in message and "termination" in message, message
    assert clauses.versions(sqlite_db, "agreement", language)[0].version == 0  # nothing written
    # the collaboration agreement's text has no such clauses
    with pytest.raises(RuleViolation):
        clauses.save(sqlite_db, "collaboration", language,
                     clauses.shipped("collaboration", language) + "\n#= termination\nText.\n")


def test_two_guardians_and_a_woman_read_right_in_the_office_s_obligations(sqlite_db: Database) -> None:
    """The obligations section words the guardians in the plural for two and the apprentice by sex."""
    from vetdesk.i18n import translator
    from vetdesk.reports.agreement import clause_context
    from vetdesk.services import documents

    w = make_world(sqlite_db, minor=True, positions=1, rated=False, status="draft")
    doc = documents.agreement_document(sqlite_db, w.agreement_id, language="es_MX", for_signature=False)
    context = clause_context(doc, translator("es_MX"))
    body = clauses.shipped("agreement", "es")
    two = clauses.render(body, {**context, "guardians": ["Rosa Pérez", "Luis Pérez"], "g": clauses.by_sex("M")})
    texts = [b.text for b in two]
    assert "Los padres o tutores legales se obligan a:" in texts and "La aprendiz se obliga a:" in texts, texts
    one = [b.text for b in clauses.render(body, {**context, "guardians": ["Rosa Pérez"], "g": clauses.by_sex("X")})]
    assert "El padre, madre o tutor legal se obliga a:" in one and "La persona aprendiz se obliga a:" in one
    none = [b.text for b in clauses.render(body, {**context, "guardians": [], "school": None})]
    assert not any("tutor legal se obliga" in t or "El plantel se obliga" in t for t in none)


@pytest.mark.parametrize("lang, school_words", [("en", ("school", "student")), ("es", ("plantel", "estudiante")),
                                                ("de", ("Schule", "Schülerstatus"))])
def test_a_contract_without_a_school_names_none_in_its_termination_clauses(sqlite_db: Database, lang: str,
                                                                           school_words: tuple[str, ...]) -> None:
    """A trial found the AHK contract with no school saying "No school is party to this contract" and then that a
    termination "is reported to the school" and that the agreement ends when the apprentice stops being a student
    of the school; and "without giving reasons" beside "any termination states its reasons"."""
    from tests import factories as f
    from vetdesk.i18n import translator
    from vetdesk.reports import agreement as agreement_report
    from vetdesk.services import documents

    agreement = f.make_agreement(sqlite_db, school_id=None, probation_months=3, stipend_steps="")
    t = translator(lang)
    doc = documents.agreement_document(sqlite_db, agreement, language=t.locale, for_signature=False)
    text = _text(agreement_report.build(doc, t, "bbig"))
    termination = text[text.index("§ 9"):text.index("§ 10")]
    final = text[text.rindex({"en": "Termination by mutual agreement", "es": "Terminación por mutuo acuerdo",
                              "de": "Aufhebung im gegenseitigen Einvernehmen"}[lang]):]
    final = final[:200]
    for word in school_words:
        assert word not in termination and word not in final, (word, termination, final)
    reasons = {"en": "after the probation period, states its reasons", "es": "pasado el periodo de prueba, expresa",
               "de": "nach der Probezeit unter Angabe der Gründe"}[lang]
    assert reasons in termination, termination

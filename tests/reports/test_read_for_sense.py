"""Every document read for sense (issue 23), as the parties would: each sentence below was wrong in a printed
document (a hard case: a 15-year-old woman, two guardians, a three-year term, long names with Ñ/ü/é) and is
asserted as it reads now, in Spanish and another language."""

from __future__ import annotations

import pytest

from tests.reports.conftest import make_world, no_chamber_signatory, pdf_text
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
    from vetdesk.i18n import translator, weeks_and_days

    spent = weeks_and_days(42, translator(lang))  # the first position's 42 days, first and last counted ("6 semanas")
    assert spent in progress.replace("\n", " ")  # the progress report's time at the first position …
    assert spent in text.replace("\n", " ")  # … is what the certificate states, in the same words
    if lang == "es":
        assert ("Cada una de las 7 competencias de la carrera quedó acreditada por una evaluación del instructor "
                "de la empresa o del tutor académico.") in text
    else:
        assert ("Alle 7 Kompetenzen des Ausbildungsberufs wurden jeweils durch eine Beurteilung der ausbildenden "
                "Person oder der betreuenden Lehrkraft nachgewiesen.") in text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_collaboration_without_a_named_chamber_signatory_says_no_not_recorded(sqlite_db: Database,
                                                                                 lang: str) -> None:
    """The chamber office's party read "Represented by: not recorded" when the agreement names no coordinator:
    the row is left out and the name is written by hand in the signature block, as in the learning agreement."""
    from datetime import date

    from tests import factories as f
    from vetdesk.i18n import translator
    from vetdesk.reports.collaboration import collaboration_pdf
    from vetdesk.services import records

    school = f.make_school(sqlite_db, name="CONALEP Querétaro II", address="Av. Universidad 250, Querétaro",
                           liaison_name="Mtra. Sofía Ibáñez")
    # The school's director signs for it (issue 22): recorded on its staff under the name the checks read.
    records.create(sqlite_db, "tutors", {"school_id": school, "name": "Mtra. Sofía Ibáñez", "role": "director"})
    company = f.make_company(sqlite_db, name="Frenos del Bajío", legal_representative="Ana Ruiz Ortega")
    record_id = records.create(sqlite_db, "collaborations", {
        "school_id": school, "company_id": company, "start_date": date(2026, 1, 10), "end_date": date(2028, 1, 9),
        "place_of_signing": "Querétaro"}, accept_warnings=True).id
    no_chamber_signatory(sqlite_db)  # nor the office's settings
    t = translator(lang)
    text = pdf_text(collaboration_pdf(sqlite_db, record_id, lang=lang))
    assert t.gettext("not recorded") not in text
    assert f"{t.gettext('Represented by')} Mtra. Sofía Ibáñez" in text  # the school's liaison is named
    assert f"{t.gettext('Represented by')} Ana Ruiz Ortega" in text
    assert text.count(t.gettext("Represented by")) == 2  # the chamber's row left out
    assert t.gettext("For the chamber office") in text  # its signature block stays


def test_no_masculine_apprentice_in_a_womans_contract(sqlite_db: Database) -> None:
    """Her obligations, the company's, the guardians' and the termination clause spoke of "el aprendiz" /
    "o aprendiz" right beside "La aprendiz se obliga a:" (the clauses name her role by her recorded sex)."""
    import re

    w = hard_case(sqlite_db)
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="both"))
    assert "La aprendiz se obliga a:" in es
    assert not re.findall(r"\b(?:el|al|del) aprendiz\b", es, flags=re.IGNORECASE), re.findall(
        r".{40}\b(?:el|al|del) aprendiz\b.{20}", es, flags=re.IGNORECASE)
    assert "o por la persona aprendiz con cuatro semanas de aviso" in es
    pt = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="pt", template="both"))
    assert not re.findall(r"\b(?:o|do|ao|pelo) aprendiz\b", pt, flags=re.IGNORECASE), re.findall(
        r".{40}\b(?:o|do|ao|pelo) aprendiz\b.{20}", pt, flags=re.IGNORECASE)


def test_the_assessment_form_names_the_evidence_by_the_apprentices_sex(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=True, long_names=True)  # a woman
    es = pdf_text(render.form_pdf(sqlite_db, w.apprentice_id, lang="es"))
    assert "el relato de la propia aprendiz" in es and "propio aprendiz" not in es
    pt = pdf_text(render.form_pdf(sqlite_db, w.apprentice_id, lang="pt"))
    assert "o relato da própria aprendiz" in pt and "próprio aprendiz" not in pt


def test_an_adults_holidays_rise_as_the_law_cited_provides(sqlite_db: Database) -> None:
    """A two-year contract said "12 working days of paid holiday a year" for both years, while art. 76 LFT grants
    14 in the second year of service: the clause now states the rise, and only where the figure falls short."""
    from vetdesk.services import records

    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")  # 24 months
    records.update(sqlite_db, "agreements", w.agreement_id, {"holiday_days": 12}, accept_warnings=True)
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="mmfd"))
    assert ("El aprendiz tiene 12 días hábiles de vacaciones pagadas al año, tomados de preferencia durante las "
            "vacaciones escolares. Conforme al art. 76 de la Ley Federal del Trabajo, las vacaciones aumentan con "
            "cada año de servicios subsecuente (año de formación 2: 14 días hábiles).") in es
    # The AHK contract cites the BUrlG for an adult, not art. 76 LFT: 12 days are below its 20 (trial 23p)
    from vetdesk.domain.problems import RuleViolation

    with pytest.raises(RuleViolation, match="BUrlG"):
        render.agreement_pdf(sqlite_db, w.agreement_id, lang="de", template="bbig")
    records.update(sqlite_db, "agreements", w.agreement_id, {"holiday_days": 14}, accept_warnings=True)
    assert "art. 76" not in pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="mmfd"))
    minor = hard_case(sqlite_db)  # 18 days for a minor: art. 179, no rise to add
    minor_es = pdf_text(render.agreement_pdf(sqlite_db, minor.agreement_id, lang="es", template="mmfd"))
    assert "las vacaciones aumentan" not in minor_es
    # (of age in the third year, the apprentice has then at least art. 76's holidays: the minor clause says so)
    assert minor_es.count("art. 76") == 1 and "al menos las del art. 76 de la Ley Federal del Trabajo" in minor_es


def test_a_stipend_for_a_year_the_term_does_not_have_is_refused(sqlite_db: Database) -> None:
    """A two-year contract printed "training year 3: $5,500.00" when three amounts were recorded."""
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services import records

    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")  # 24 months
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="mmfd"))
    assert "año de formación 2: $5,000.00" in es and "año de formación 3" not in es
    records.update(sqlite_db, "agreements", w.agreement_id, {"stipend_steps": "5000.00; 5500.00"},
                   accept_warnings=True)
    with pytest.raises(RuleViolation) as refused:
        render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="mmfd")
    assert [p.field for p in refused.value.errors] == ["stipend_steps"]
    assert "spans 2 training years, but 3 amounts are recorded" in refused.value.errors[0].message


@pytest.mark.parametrize("lang", ["pt", "es"])
def test_a_rating_date_is_never_broken_across_lines(sqlite_db: Database, lang: str) -> None:
    """The Portuguese progress report printed a rating's date as "27/09/202" and "6" on the next line (its
    four-digit year did not fit the column)."""
    import re

    from vetdesk.i18n import translator
    from vetdesk.services import documents

    w = make_world(sqlite_db, minor=False, positions=2, rated=True)
    text = pdf_text(render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang=lang))
    doc = documents.progress_document(sqlite_db, agreement_id=w.agreement_id)
    t = translator(lang)
    rated = [c.assessed_on for c in doc.competencies if c.assessed_on is not None]
    assert rated
    for day in rated:  # numeric, with its four-digit year in every language
        assert t.format_numeric_date(day) in text, (t.format_numeric_date(day), text)
    assert not re.search(r"\d\d/\d\d/\d{3} \d\b", text)


def test_a_signed_collaboration_reprinted_without_the_companys_representative(sqlite_db: Database) -> None:
    """A collaboration in force, reprinted after the company's representative was cleared, read "Vertreten
    durch: nicht erfasst": the row is left out (the signed copy names who signed)."""
    from tests import factories as f
    from vetdesk.i18n import translator
    from vetdesk.reports.collaboration import collaboration_pdf
    from vetdesk.services import records

    school = f.make_school(sqlite_db, name="CONALEP Querétaro II", address="Av. Universidad 250, Querétaro",
                           liaison_name="Mtra. Sofía Ibáñez")
    # The school's director signs for it (issue 22): recorded on its staff under the name the checks read.
    records.create(sqlite_db, "tutors", {"school_id": school, "name": "Mtra. Sofía Ibáñez", "role": "director"})
    company = f.make_company(sqlite_db, name="Frenos del Bajío", legal_representative="Ana Ruiz Ortega")
    record_id = f.make_collaboration(sqlite_db, school_id=school, company_id=company)
    records.update(sqlite_db, "companies", company, {"legal_representative": None}, accept_warnings=True)
    no_chamber_signatory(sqlite_db)  # the chamber's row left out too
    for lang in ("de", "es"):
        t = translator(lang)
        text = pdf_text(collaboration_pdf(sqlite_db, record_id, lang=lang))
        assert t.gettext("not recorded") not in text, lang
        assert f"{t.gettext('Represented by')} Mtra. Sofía Ibáñez" in text
        assert text.count(t.gettext("Represented by")) == 1


def test_no_school_or_no_tutor_is_said_in_words_not_as_not_recorded(sqlite_db: Database) -> None:
    """A contract without a school read "The theory part is taught at not recorded" (§ 3, AHK layout), and one
    whose school has not named the tutor yet "Academic tutor: not recorded" (MMFD layout)."""
    from vetdesk.i18n import translator
    from vetdesk.services import records

    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "agreements", w.agreement_id, {"tutor_id": None}, accept_warnings=True)
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="mmfd"))
    assert "Tutor académico lo designa el plantel" in es
    records.update(sqlite_db, "agreements", w.agreement_id, {"school_id": None, "company_days": 5, "school_days": 0},
                   accept_warnings=True)
    for lang, said in (("en", "No school is party to this contract; the theory part is taught as the rotation "
                               "plan in the annex sets out."),
                       ("de", "Keine Schule ist Vertragspartei; der theoretische Teil wird vermittelt, wie es der "
                              "Versetzungsplan in der Anlage festlegt.")):
        text = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang, template="bbig"))
        assert said in text and translator(lang).gettext("not recorded") not in text, lang
        assert translator(lang).gettext("Academic tutor") not in text  # no school: no tutor row or block

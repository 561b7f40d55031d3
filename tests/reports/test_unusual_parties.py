"""A learning agreement read back from the PDF for parties a new user's trial found it misstated (trial 5): a
company that is a natural person (a person's RFC of 13 characters), an unpaid apprentice (stipend 0), and a minor
who turns 18 during the agreement. Each is read in Spanish and another language, in the MMFD agreement and the
AHK contract, from vetdesk's own clauses and the office's default text alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from tests.reports.conftest import START, World, make_world, pdf_text
from vetdesk.domain import contract, identifiers, limits
from vetdesk.domain.dates import add_months
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.storage.engine import Database

PERSON_RFC = "MAPR800101AB5"
PERSON = "Pedro Martínez Ramírez"


def _pdf(w: World, lang: str, template: str = "mmfd") -> str:
    return pdf_text(render.agreement_pdf(w.db, w.agreement_id, lang=lang, template=template))


def _natural_person(db: Database, representative: str) -> World:
    w = make_world(db, minor=False, positions=2, rated=False, status="draft", templates="both")
    records.update(db, "companies", w.company_id, {"rfc": PERSON_RFC, "name": PERSON,
                                                  "legal_representative": representative}, accept_warnings=True)
    return w


# -- a natural person (persona física con actividad empresarial) ----------------------------------------------

@pytest.mark.parametrize("representative", [PERSON, ""])
def test_a_natural_person_declares_and_signs_in_their_own_name(sqlite_db: Database, representative: str) -> None:
    w = _natural_person(sqlite_db, representative)
    es = _pdf(w, "es")
    assert (f"I. Declara {PERSON}, por su propio derecho, que es una persona física con actividad empresarial, "
            f"con RFC {PERSON_RFC} y domicilio en") in es
    assert "legalmente constituida" not in es and "por conducto de su representante legal" not in es
    assert "Representante legal" not in es  # neither among the parties nor under the signature
    assert "Tipo de persona Persona física con actividad empresarial" in es
    # the company's signature (and the annex's): the person in their own name
    assert es.count(f"{PERSON} Por la empresa Por su propio derecho, persona física con actividad empresarial") == 2
    en = _pdf(w, "en")
    assert (f"I. {PERSON}, acting in their own name, declares that they are a natural person with business activity "
            f"(persona física con actividad empresarial) with RFC {PERSON_RFC}") in en
    assert "lawfully incorporated" not in en and "Legal representative" not in en
    assert f"{PERSON} For the company In their own name, natural person with business activity" in en
    # the AHK contract, in German
    de = _pdf(w, "de", "bbig")
    assert f"I. {PERSON} erklärt im eigenen Namen, als natürliche Person mit gewerblicher Tätigkeit" in de
    assert "rechtmäßig gegründetes" not in de and "Vertretungsberechtigt für" not in de
    assert f"{PERSON} Für den Ausbildungsbetrieb Im eigenen Namen, natürliche Person mit gewerblicher Tätigkeit" in de


def test_a_natural_person_with_a_representative_of_their_own(sqlite_db: Database) -> None:
    w = _natural_person(sqlite_db, "Ana López Ruiz")
    es = _pdf(w, "es")
    assert (f"I. Declara {PERSON}, por conducto de su representante legal, Ana López Ruiz, que es una persona "
            "física con actividad empresarial, con RFC") in es
    assert "legalmente constituida" not in es
    assert f"Ana López Ruiz Por la empresa Representante legal de {PERSON}" in es
    pt = _pdf(w, "pt", "bbig")
    assert (f"I. {PERSON}, por meio de seu representante legal, Ana López Ruiz, declara ser pessoa física com "
            "atividade empresarial") in pt


def test_a_legal_entity_still_declares_through_its_legal_representative(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    es = _pdf(w, "es")
    assert "por conducto de su representante legal, Jürgen Müller Peña, que es una empresa legalmente constituida" \
        in es
    assert "Representante legal de Schäfer Präzisionsteile de México S.A. de C.V." in es
    records.update(sqlite_db, "companies", w.company_id, {"legal_representative": ""}, accept_warnings=True)
    with pytest.raises(RuleViolation) as refused:  # a company needs someone to sign for it
        render.agreement_pdf(sqlite_db, w.agreement_id, lang="es")
    assert refused.value.errors[0].field == "company.legal_representative"


def test_one_reading_of_a_persons_rfc() -> None:
    assert identifiers.natural_person_rfc("MX", PERSON_RFC)
    assert identifiers.natural_person_rfc(None, " mapr-800101 ab5 ")
    assert not identifiers.natural_person_rfc("MX", "SPM010101AB1")  # a legal entity's 12
    assert not identifiers.natural_person_rfc("MX", "XAXX010101000")  # generic: says nothing of its holder
    assert not identifiers.natural_person_rfc("DE", PERSON_RFC)
    assert [p.code for p in identifiers.check_company_tax_id("MX", PERSON_RFC)] == ["rfc.person_company"]
    assert contract.signs_in_own_name(natural_person=True, name=PERSON, representative="PEDRO MARTINEZ RAMIREZ")
    assert not contract.signs_in_own_name(natural_person=False, name="X S.A.", representative="")


# -- no stipend --------------------------------------------------------------------------------------------

def test_no_stipend_no_duty_to_pay_one(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "agreements", w.agreement_id, {"stipend_amount": "0", "stipend_steps": ""},
                   accept_warnings=True)
    es = _pdf(w, "es")
    assert "3. Apoyo económico" in es
    assert "pagar puntualmente" not in es and "apoyo económico y" not in es
    assert "• mantener vigente el seguro contra accidentes durante todo el convenio;" in es
    # nor holidays called paid
    assert "vacaciones pagadas" not in es
    assert ("El aprendiz tiene 20 días hábiles de vacaciones al año, tomados de preferencia durante las vacaciones "
            "escolares.") in es
    en = _pdf(w, "en")
    assert "pay the stipend" not in en
    assert "• keep the accident insurance in force for the whole agreement;" in en
    assert "paid holiday" not in en and "The apprentice has 20 working days of holiday a year" in en
    de = _pdf(w, "de")
    assert "Ausbildungsvergütung pünktlich" not in de
    with pytest.raises(RuleViolation):  # the AHK contract stays refused without pay (§ 17 BBiG)
        render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="bbig")


def test_a_paid_stipend_is_still_an_obligation(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    es = _pdf(w, "es")
    assert "pagar puntualmente el apoyo económico y mantener vigente el seguro" in es
    assert "20 días hábiles de vacaciones pagadas al año" in es


def test_an_unpaid_minors_holidays_are_not_called_paid(sqlite_db: Database) -> None:
    w = _turns_18(sqlite_db)
    records.update(sqlite_db, "agreements", w.agreement_id, {"stipend_amount": "0", "stipend_steps": ""},
                   accept_warnings=True)
    es = _pdf(w, "es")
    assert "vacaciones pagadas" not in es and "al menos 18 días hábiles de vacaciones al año (art. 179)" in es
    pt = _pdf(w, "pt")
    assert "férias remuneradas" not in pt and "pelo menos 18 dias úteis de férias por ano (art. 179)" in pt


# -- a minor who comes of age during the agreement ---------------------------------------------------------

#: 17 on the start date, 18 six months later.
BIRTH = add_months(START, -(17 * 12 + 6))
ADULT_ON = limits.of_age_on(BIRTH)
LAST_MINOR_DAY = ADULT_ON - timedelta(days=1)


def _turns_18(db: Database) -> World:
    w = make_world(db, minor=True, positions=2, rated=False, status="draft", templates="both")
    records.update(db, "apprentices", w.apprentice_id, {"birth_date": BIRTH.isoformat(),
                                                        "curp": f.curp_for(BIRTH, "H")}, accept_warnings=True)
    return w


def test_the_minors_clauses_apply_until_the_day_before_the_18th_birthday(sqlite_db: Database) -> None:
    w = _turns_18(sqlite_db)
    t = translator("es")
    until, birthday = t.format_date(LAST_MINOR_DAY, "long"), t.format_date(ADULT_ON, "long")
    es = _pdf(w, "es")
    assert f"el permiso ampara la formación mientras José Ángel Núñez Ibáñez sea menor de edad, hasta el {until}." \
        in es
    assert (f"Mientras el aprendiz sea menor de 18 años, hasta el {until}, la empresa no le asigna tiempo "
            "extraordinario") in es
    assert (f"A partir del {birthday}, en que el aprendiz cumple 18 años, dejan de aplicar estas protecciones "
            "para menores: rigen las reglas de este convenio para adultos") in es
    assert "Por ser el aprendiz menor de 18 años" not in es
    # the guardian's duties end then; the guardian signs, as the apprentice signs as a minor
    assert (f"Estas obligaciones del padre, madre o tutor legal rigen mientras el aprendiz sea menor de edad, "
            f"hasta el {until}.") in es
    assert "El padre, madre o tutor legal otorga su consentimiento a este convenio al firmarlo." in es
    assert "Rosa Núñez Pérez Padre, madre o tutor legal" in es
    en = _pdf(w, "en")
    day_en = translator("en").format_date(LAST_MINOR_DAY, "long")
    assert f"While the apprentice is under 18, until {day_en}, the company assigns no overtime" in en
    assert (f"These obligations of the parent or legal guardian apply while the apprentice is a minor, until "
            f"{day_en}.") in en


def test_the_ahk_contract_says_the_same_in_german(sqlite_db: Database) -> None:
    w = _turns_18(sqlite_db)
    t = translator("de")
    until, birthday = t.format_date(LAST_MINOR_DAY, "long"), t.format_date(ADULT_ON, "long")
    de = _pdf(w, "de", "bbig")
    assert f"Solange der Auszubildende unter 18 Jahre alt ist, bis zum {until}, ordnet der Betrieb" in de
    assert f"Ab dem {birthday}, an dem der Auszubildende 18 Jahre alt wird" in de
    assert f"solange der Auszubildende minderjährig ist, bis zum {until}, höchstens 8 Stunden täglich" in de
    es = _pdf(w, "es", "bbig")
    assert f"mientras el aprendiz sea menor de edad, hasta el {translator('es').format_date(LAST_MINOR_DAY, 'long')}" \
        f", su tiempo de formación no excederá de 8 horas diarias" in es


def test_a_minor_for_the_whole_agreement_keeps_the_plain_clause(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=True, positions=2, rated=False, status="draft")
    birth = add_months(START, -(15 * 12 + 9))  # 15 on the start date, 17 at the end
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"birth_date": birth.isoformat(),
                                                               "curp": f.curp_for(birth, "H")}, accept_warnings=True)
    es = _pdf(w, "es")
    assert "Por ser el aprendiz menor de 18 años" in es and "Estas obligaciones" not in es
    assert "A partir del" not in es


def test_one_day_of_coming_of_age() -> None:
    assert limits.of_age_on(date(2009, 1, 20)) == date(2027, 1, 20)
    assert limits.of_age_on(date(2008, 2, 29)) == date(2026, 3, 1)  # as age_on counts: 17 on 28 February
    assert not limits.minor_on_start(date(2008, 2, 29), date(2026, 3, 1))
    assert limits.minor_on_start(date(2008, 2, 29), date(2026, 2, 28))
    # the trial's case: born 20/01/2009, agreement 04/01/2027–31/12/2028
    assert limits.comes_of_age(date(2009, 1, 20), date(2027, 1, 4), date(2028, 12, 31)) == date(2027, 1, 20)
    assert limits.comes_of_age(date(2009, 1, 20), date(2027, 1, 4), date(2027, 1, 19)) is None
    assert limits.comes_of_age(date(2009, 1, 20), date(2027, 1, 20), date(2028, 12, 31)) is None


# -- no probation period (the MMFD agreement may agree none) ---------------------------------------------------

def test_no_probation_period_no_clause_that_presumes_one(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "agreements", w.agreement_id, {"probation_months": 0}, accept_warnings=True)
    es = _pdf(w, "es")
    assert "Periodo de prueba Sin periodo de prueba" in es and "no registrado" not in es
    assert "Durante el periodo de prueba" not in es and "pasado el periodo de prueba" not in es
    assert ("Este convenio no tiene periodo de prueba: solo puede rescindirse por causa grave sin previo aviso"
            in es)
    en = _pdf(w, "en")
    assert "During the probation period" not in en and "This agreement has no probation period:" in en
    records.update(sqlite_db, "agreements", w.agreement_id, {"probation_months": 3}, accept_warnings=True)
    assert "Durante el periodo de prueba, cualquiera de las partes" in _pdf(w, "es")


def test_a_natural_person_without_a_representative_is_not_warned_of_nor_refused_an_amendment(
        sqlite_db: Database) -> None:
    from vetdesk.domain import rules

    assert [p.code for p in rules.check_company({"rfc": PERSON_RFC})] == ["rfc.person_company"]
    assert "company.representative" in [p.code for p in rules.check_company({"rfc": "SPM010101AB1"})]
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="active")
    records.update(sqlite_db, "companies", w.company_id, {"rfc": PERSON_RFC, "name": PERSON,
                                                         "legal_representative": ""}, accept_warnings=True)
    sqlite_db.amend_agreement(w.agreement_id, {"insurance_expiry": (date.today() + timedelta(days=1200)).isoformat(),
                                               "effective_on": date.today().isoformat(), "reason": "Póliza renovada"},
                              accept_warnings=True)
    es = pdf_text(render.amendment_pdf(sqlite_db, w.agreement_id, lang="es"))
    assert f"{PERSON} Por la empresa Por su propio derecho, persona física con actividad empresarial" in es

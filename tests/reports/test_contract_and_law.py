"""The learning agreement agrees with the law each layout cites (issue 23), read back from the PDF:

- a minor's holidays: the AHK contract follows § 19 JArbSchG (30, 27 or 25 working days by the age at the start of
  the calendar year), the Mexican agreement art. 179 LFT (18); one rule (``domain.contract.holiday_minimum``) for
  the refusal, ``vetdesk check``, the wizard's review and the printed clause;
- no school is party: no day a week is printed "at school", and a contract for signature with days at school and
  no school is refused naming the field;
- the insurance clause states the apprentice's IMSS registration under the NSS printed, and a contract for
  signature without the NSS is refused naming "Social-security number (NSS)" and what to do.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories as f
from tests.reports.conftest import START, World, make_world, pdf_text
from vetdesk.domain import contract
from vetdesk.domain.problems import RuleViolation
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.storage.engine import Database

#: 15 on 1 January of the start year, 16 on the start date (so no short day of art. 177 LFT): § 19 JArbSchG grants
#: 30 working days in the start year, 27 in the next (16 on 1 January), 25 in the one after (17).
BIRTH = date(START.year - 16, 1, 2)


def minor_world(db: Database, *, templates: str, holidays: int) -> World:
    w = make_world(db, minor=True, positions=2, rated=False, status="draft", templates=templates)
    records.update(db, "apprentices", w.apprentice_id, {"birth_date": BIRTH.isoformat(),
                                                        "curp": f.curp_for(BIRTH, "H")}, accept_warnings=True)
    records.update(db, "agreements", w.agreement_id, {"holiday_days": holidays}, accept_warnings=True)
    return w


def test_the_rule_gives_the_minimum_of_the_law_each_layout_cites() -> None:
    start = date(2026, 8, 1)
    ahk = contract.holiday_minimum(minor=True, birth_date=date(2010, 9, 1), start=start, cites_jarbschg=True)
    assert (ahk.days, ahk.law, ahk.year, ahk.under) == (30, "jarbschg19", 2026, 16)  # 15 on 1 January 2026
    assert contract.holiday_minimum(minor=True, birth_date=date(2009, 9, 1), start=start,
                                    cites_jarbschg=True).days == 27  # 16 on 1 January
    assert contract.holiday_minimum(minor=True, birth_date=date(2008, 9, 1), start=start,
                                    cites_jarbschg=True).days == 25  # 17 on 1 January
    mexican = contract.holiday_minimum(minor=True, birth_date=date(2010, 9, 1), start=start, cites_jarbschg=False)
    assert (mexican.days, mexican.law) == (contract.MINOR_HOLIDAY_DAYS, "lft179") == (18, "lft179")
    # an adult: the AHK contract's clause cites § 3 BUrlG (24 Werktage, 20 days on a five-day week), the Mexican
    # layout's art. 76 LFT
    adult = contract.holiday_minimum(minor=False, birth_date=date(2000, 1, 1), start=start, cites_jarbschg=True,
                                     days_a_week=5)
    assert (adult.days, adult.law) == (20, "burlg3")
    assert contract.holiday_minimum(minor=False, birth_date=date(2000, 1, 1), start=start,
                                    cites_jarbschg=True).days == 24
    adult = contract.holiday_minimum(minor=False, birth_date=date(2000, 1, 1), start=start, cites_jarbschg=False,
                                     days_a_week=5)
    assert (adult.days, adult.law) == (contract.ADULT_HOLIDAY_DAYS, "lft76")
    assert contract.jarbschg_holiday_years(date(2010, 9, 1), start, date(2029, 7, 31)) == [
        (2026, 30, 16), (2027, 27, 17), (2028, 25, 18)]  # 2029: 18 on 1 January, of age


@pytest.mark.parametrize("lang", ["es", "de"])
def test_the_ahk_contract_refuses_18_days_for_a_minor_citing_jarbschg(sqlite_db: Database, lang: str) -> None:
    w = minor_world(sqlite_db, templates="bbig", holidays=18)
    with pytest.raises(RuleViolation) as refused:
        render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang)
    message = " ".join(p.message for p in refused.value.errors)
    assert "§ 19 JArbSchG" in message and "30" in message and "18" in message, message
    assert records.get(sqlite_db, "agreements", w.agreement_id)["status"] == "draft"
    # the same words in the pre-check (window and command line), the wizard's review and ``vetdesk check``
    from vetdesk.services import checks
    from vetdesk.services.documents import contract_problems

    rule = [p for p in contract_problems(sqlite_db, records.get(sqlite_db, "agreements", w.agreement_id))
            if p.field == "holiday_days"]
    assert len(rule) == 1 and rule[0].message in message
    check = sqlite_db.print_checks([w.agreement_id])[w.agreement_id]
    assert rule[0].message in check.refusal()
    listed = [x.problem.message for x in checks.check_database(sqlite_db)
              if x.kind == "agreements" and x.record_id == w.agreement_id and x.problem.field == "holiday_days"]
    assert listed == [rule[0].message]


def test_the_ahk_contract_states_the_jarbschg_holidays_and_not_18_days(sqlite_db: Database) -> None:
    w = minor_world(sqlite_db, templates="bbig", holidays=30)
    en = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="en", template="bbig"))
    y = START.year
    assert (f"While a minor, the apprentice has at least the paid holiday § 19 JArbSchG grants by the age at the "
            f"start of each calendar year: {y}: at least 30 working days (under 16 on 1 January); {y + 1}: at least "
            f"27 working days (under 17 on 1 January)") in en, en
    assert "The apprentice has 30 working days of paid holiday a year" in en
    assert "at least 18 working days" not in en and "art. 179" not in en
    de = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="de", template="bbig"))
    assert "§ 19 JArbSchG" in de and f"{y}: mindestens 30 Werktage" in de, de
    assert "Art. 179" not in de
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="bbig"))
    assert "§ 19 JArbSchG" in es and f"{y}: al menos 30 días" in es, es
    assert "al menos 18 días" not in es


def test_the_mexican_agreement_keeps_art_179_and_18_days(sqlite_db: Database) -> None:
    w = minor_world(sqlite_db, templates="mmfd", holidays=18)
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="mmfd"))
    assert "al menos 18 días hábiles de vacaciones pagadas al año (art. 179)" in es
    assert "JArbSchG" not in es
    # the same agreement in the AHK layout is refused: 18 days are fewer than § 19 JArbSchG grants
    with pytest.raises(RuleViolation):
        render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="bbig")


def no_school_world(db: Database) -> World:
    w = make_world(db, minor=False, positions=2, rated=False, status="draft", templates="bbig")
    records.update(db, "agreements", w.agreement_id, {"school_id": None, "tutor_id": None}, accept_warnings=True)
    return w


@pytest.mark.parametrize("lang", ["es", "de"])
def test_days_at_school_without_a_school_are_refused_naming_the_field(sqlite_db: Database, lang: str) -> None:
    w = no_school_world(sqlite_db)
    check = sqlite_db.print_checks([w.agreement_id])[w.agreement_id]
    with pytest.raises(RuleViolation) as refused:
        render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang)
    assert [p.field for p in refused.value.errors] == ["school_days"]
    assert check.refused and any(line.startswith("• ") for line in check.reasons())
    assert "Days a week at school: No school is party to the contract" in check.refusal()
    assert "school_days" not in check.refusal()


@pytest.mark.parametrize("lang, at_school, at_company, no_school, school_holidays", [
    ("es", "Días por semana en el plantel", "Días por semana en la empresa: 5.",
     "Ningún plantel es parte de este contrato", "vacaciones escolares"),
    ("de", "Tage pro Woche in der Schule", "Tage pro Woche im Betrieb: 5.", "Keine Schule ist Vertragspartei",
     "Schulferien"),
])
def test_no_school_prints_no_days_at_school(sqlite_db: Database, lang: str, at_school: str, at_company: str,
                                            no_school: str, school_holidays: str) -> None:
    w = no_school_world(sqlite_db)
    records.update(sqlite_db, "agreements", w.agreement_id, {"company_days": 5, "school_days": 0},
                   accept_warnings=True)
    text = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang))
    assert at_company in text, text
    assert at_school not in text
    assert no_school in text
    assert school_holidays not in text  # the holidays are not "taken during the school holidays" of no school


def test_a_signed_copy_without_a_school_says_no_day_at_school(sqlite_db: Database) -> None:
    """A signed agreement (before this rule) with a day at school and no school: its copy says theory days."""
    w = no_school_world(sqlite_db)
    records.update(sqlite_db, "agreements", w.agreement_id, {"company_days": 5, "school_days": 0},
                   accept_warnings=True)
    f.activate(sqlite_db, w.agreement_id)
    with sqlite_db.writer() as session:
        from vetdesk.storage.models import LearningAgreement

        session.get(LearningAgreement, w.agreement_id).company_days, session.get(
            LearningAgreement, w.agreement_id).school_days = 4, 1
        session.commit()
    en = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="en"))
    assert "Days a week at the company: 4. Days a week of theory: 1." in en
    assert "Days a week at school" not in en


@pytest.mark.parametrize("lang, label", [("es", "Número de seguridad social (NSS)"),
                                          ("de", "Sozialversicherungsnummer (NSS)")])
def test_a_missing_nss_is_refused_naming_the_field_and_the_fix(sqlite_db: Database, lang: str, label: str) -> None:
    from vetdesk.i18n import set_language

    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"nss": None}, accept_warnings=True)
    set_language(lang)
    try:
        refusal = sqlite_db.print_checks([w.agreement_id])[w.agreement_id].refusal()
    finally:
        set_language("en")
    assert f"({label})" in refusal and "CURP" in refusal and "IMSS" in refusal, refusal
    with pytest.raises(RuleViolation):
        render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang)


@pytest.mark.parametrize("template", ["mmfd", "bbig"])
def test_the_insurance_clause_states_the_imss_registration_under_the_nss(sqlite_db: Database,
                                                                        template: str) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft", templates=template)
    nss = records.get(sqlite_db, "apprentices", w.apprentice_id)["nss"]
    en = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="en", template=template))
    assert (f"{w.full_name} is covered by the student insurance (seguro facultativo) of the Mexican Social Security "
            f"Institute (IMSS) under the social-security number (NSS) {nss}.") in en, en
    assert "registers" not in en and "generally" not in en and "outside compulsory IMSS cover" not in en
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template=template))
    assert (f"El seguro facultativo de estudiantes del Instituto Mexicano del Seguro Social (IMSS) ampara a "
            f"{w.full_name} con el número de seguridad social (NSS) {nss}.") in es, es
    assert "inscribe" not in es and "generalmente" not in es


def test_the_nss_refusal_and_the_missing_policy_warning_say_the_same_about_the_imss() -> None:
    """Trial 24b: the refusal without an NSS said the contract declares an IMSS registration, the wizard that
    apprentices are generally outside IMSS cover. Both now say the one sentence of the domain (the NSS is the
    student insurance's; the accident policy covers the training)."""
    from datetime import date

    from vetdesk.domain import contract, identifiers, rules
    from vetdesk.i18n import set_language

    for lang in ("es", "en"):
        set_language(lang)
        try:
            cover = identifiers._(identifiers.IMSS_COVER)
            facts = contract.ContractFacts(template="mmfd", start=date(2027, 1, 1), end=date(2028, 1, 1), minor=False)
            refusal = " ".join(p.message for p in contract.parties(facts) if p.code == "contract.nss")
            warned = " ".join(p.message for p in rules.check_agreement(rules.AgreementFacts(
                values={"start_date": date(2027, 1, 1), "end_date": date(2028, 1, 1)}, apprentice=None,
                programme_months=None, programme_min_semester=None, programme_requires_permit=False,
                instructor=None)) if p.code == "insurance.missing")
        finally:
            set_language("en")
        assert cover in refusal and cover in warned, (refusal, warned)
        assert "seguro facultativo" in cover and "IMSS" in cover


def test_an_agreement_printed_as_the_ahk_contract_is_signed_and_reprinted_as_that(db: Database) -> None:
    """No school is party, the programme prints both layouts: it went out as the AHK contract (the Mexican
    agreement needs a school), and is judged, signed and reprinted as that, on SQLite and PostgreSQL alike."""
    from vetdesk.services.documents import print_layout

    programme = f.make_programme(db, templates="both")
    agreement = f.make_agreement(db, programme_id=programme, school_id=None, company_days=5, school_days=0,
                                 probation_months=3, stipend_steps="", holiday_days=25)
    assert print_layout(db, agreement) == "both"
    records.print_for_signature(db, [agreement], template="bbig")
    assert print_layout(db, agreement) == "bbig"
    text = pdf_text(render.agreement_pdf(db, agreement, lang="en"))
    assert "Apprenticeship contract" in text and "Mexican Dual Training Model" not in text
    records.record_signatures(db, agreement, f.signature_values(db, agreement), accept_warnings=True)
    assert records.get(db, "agreements", agreement)["status"] == "signed"

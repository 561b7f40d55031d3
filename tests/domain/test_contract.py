"""The contract's consistency rules (domain.contract): each contradiction the issue saw is an error naming the
field and the fix; a consistent contract has none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from vetdesk.domain import choices
from vetdesk.domain.contract import ContractFacts, GuardianFacts, check_contract, parse_steps

START = date(2026, 8, 24)
END = date(2027, 8, 23)


def facts(**changes: object) -> ContractFacts:
    base = ContractFacts(
        template="mmfd", start=START, end=END, minor=False, apprentice_address="Calle 1", apprentice_nss="123",
        company_address="Av. 2", company_representative="Ana Ruiz", has_school=True, school_address="Calle 3",
        school_signatory="Lic. Rosa Vinculación",
        has_instructor=True, probation_months=2,
        modality_years=1, daily_hours=Decimal(6), weekly_pattern="days", company_days=4, school_days=1,
        stipend_amount=Decimal(4500), stipend_period="monthly", insurance_policy="P-1", insurance_insurer="Atlas",
        insurance_expiry=date(2027, 12, 31), holiday_days=12, overtime="time_off", training_record_form="paper",
        plan_weeks=(25, 25))
    return replace(base, **changes)  # type: ignore[arg-type]


def codes(f: ContractFacts) -> list[str]:
    return [p.code for p in check_contract(f)]


def test_an_mmfd_agreement_without_a_school_is_refused_naming_the_field() -> None:
    """The MMFD learning agreement states the days at school and the school's duties: without a school it would
    print school clauses no school signs (trial 23). The AHK contract (§ 11 BBiG) needs no school."""
    for template in ("mmfd", "both"):
        found = [p for p in check_contract(facts(template=template, has_school=False)) if p.code == "contract.school"]
        assert [p.field for p in found] == ["school_id"], template
        assert "Choose the school on the agreement (School)" in found[0].message
    assert "contract.school" not in codes(facts(template="bbig", has_school=False, overtime="time_off"))
    assert "contract.school" not in codes(facts())


def test_a_consistent_contract_has_no_problem() -> None:
    assert check_contract(facts()) == []
    minor = facts(minor=True, holiday_days=18, overtime="none",
                  guardians=(GuardianFacts(1, "Rosa", "mother", "Calle 1", "INE 1"),))
    assert check_contract(minor) == []


def test_insurance_expiring_before_the_end_contradicts_the_cover_clause() -> None:
    found = check_contract(facts(insurance_expiry=date(2026, 12, 5), end=date(2027, 2, 23), plan_weeks=(13, 13)))
    problem = next(p for p in found if p.code == "contract.insurance_term")
    assert problem.field == "insurance_expiry" and problem.is_error
    assert "05/12/2026" in problem.message and "23/02/2027" in problem.message


def test_holidays_below_what_the_contract_states_for_a_minor() -> None:
    minor = facts(minor=True, overtime="none", guardians=(GuardianFacts(1, "Rosa", "mother", "C", "INE"),))
    assert "contract.holidays" in codes(replace(minor, holiday_days=2))
    assert "contract.holidays" not in codes(replace(minor, holiday_days=18))
    assert "contract.holidays" in codes(facts(holiday_days=6))  # an adult: LFT art. 76, 12 days


def test_probation_outside_one_to_four_months_under_bbig() -> None:
    bbig = facts(template="bbig")
    assert "contract.probation" in codes(replace(bbig, probation_months=7))
    assert "contract.probation_missing" in codes(replace(bbig, probation_months=None))
    assert not {"contract.probation", "contract.probation_missing"} & set(codes(replace(bbig, probation_months=4)))


def test_the_mexican_layout_cites_no_bbig_for_its_probation() -> None:
    """Issue 23 (trial 23d): the MMFD layout refused a 7-month probation citing § 20 BBiG, a law its contract does
    not cite. The 1-4 months rule is the AHK layout's (and the pack with both layouts'); the Mexican agreement
    cites no limit, so a long probation is a warning, in words that cite no German law."""
    mmfd = facts(template="mmfd")
    [long] = [p for p in check_contract(replace(mmfd, probation_months=7)) if p.field == "probation_months"]
    assert not long.is_error and long.code == "contract.probation_long"
    assert "BBiG" not in long.message and "7 months" in long.message and "no legal limit" in long.message
    assert "contract.probation_missing" not in codes(replace(mmfd, probation_months=None))
    assert "contract.probation" in codes(replace(facts(template="both"), probation_months=7))


def test_a_flat_stipend_over_three_years_breaks_section_17() -> None:
    three = facts(template="both", end=date(2029, 8, 23), plan_weeks=(75, 76))
    assert "contract.stipend_rise" in codes(three)  # one amount for three years
    flat = replace(three, stipend_steps=(Decimal(4500), Decimal(4500)))
    assert "contract.stipend_flat" in codes(flat)
    rising = replace(three, stipend_steps=parse_steps("5000.00; 5500.00"))
    assert not {"contract.stipend_rise", "contract.stipend_flat"} & set(codes(rising))
    assert "contract.stipend_rise" not in codes(replace(three, template="mmfd"))  # the MMFD cites no BBiG


def test_rotation_plan_weeks_against_the_term() -> None:
    three = facts(end=date(2029, 8, 23), plan_weeks=(56, 56))  # 112 weeks planned of 156
    problem = next(p for p in check_contract(three) if p.field == "rotation_plan_id")
    assert problem.code == "contract.plan_short" and "112 weeks of the 157 weeks" in problem.message
    assert "contract.plan_long" in codes(facts(plan_weeks=(40, 40)))
    assert "contract.plan_missing" in codes(facts(plan_weeks=None))


def test_parties_incomplete() -> None:
    found = codes(facts(apprentice_address="", company_representative=" ", minor=True, overtime="none",
                        holiday_days=18))
    assert {"contract.apprentice_address", "contract.representative", "contract.guardian"} <= set(found)
    second = facts(minor=True, overtime="none", holiday_days=18,
                   guardians=(GuardianFacts(1, "Rosa", "mother", "C", "INE"), GuardianFacts(2, "Luis", "", "", "")))
    fields = {p.field for p in check_contract(second)}
    assert {"guardian2_relation", "guardian2_address", "guardian2_id_document"} <= fields


def test_a_minor_with_overtime_contradicts_the_minor_clause() -> None:
    minor = facts(minor=True, holiday_days=18, guardians=(GuardianFacts(1, "Rosa", "mother", "C", "INE"),))
    assert "contract.overtime_minor" in codes(replace(minor, overtime="paid"))


def test_choice_words_in_any_language_become_codes_and_free_text_stays() -> None:
    relation = choices.GUARDIAN_RELATION
    assert [relation.parse(w) for w in ("madre", "Mutter", "mãe", "Mother")] == ["mother"] * 4
    assert relation.parse("tutor legal") == "legal_guardian"
    assert relation.parse("madrina") == "madrina"  # no code: kept as typed
    assert choices.OVERTIME.parse("No se permiten horas extra.") == "none"
    assert choices.WEEKLY_PATTERN.parse("4 días en la empresa, 1 día en el plantel") == "days"


@pytest.mark.parametrize(("language", "expiry", "end"), [
    ("es", "05/12/2026", "23/02/2027"), ("de", "05.12.2026", "23.02.2027"), ("en", "05/12/2026", "23/02/2027")])
def test_a_message_writes_its_days_as_the_reader_does(language: str, expiry: str, end: str) -> None:
    """The days a refusal names are written in the reader's form — the form their date fields show and accept —
    never ISO (2026-12-05) in a Spanish or German sentence."""
    from vetdesk import i18n

    i18n.set_language(language)
    try:
        found = check_contract(facts(insurance_expiry=date(2026, 12, 5), end=date(2027, 2, 23), plan_weeks=(13, 13)))
    finally:
        i18n.set_language("en")
    message = next(p for p in found if p.code == "contract.insurance_term").message
    assert expiry in message and end in message and "2026-12-05" not in message


def test_actual_dates_still_to_come_are_a_warning_not_a_fact() -> None:
    """An apprentice's actual move entered ahead of time (found by a new user's trial of issue 22): warned, so
    the progress report and the rating grid do not read a future day as where the apprentice has been."""
    from vetdesk.domain.training import check_period

    kwargs = {"agreement_start": date(2026, 8, 1), "agreement_end": date(2028, 7, 31), "in_plan": True,
              "others": [], "today": date(2026, 12, 3)}
    assert check_period({"actual_start": date(2026, 8, 10), "actual_end": date(2026, 12, 1)}, **kwargs) == []
    [ahead] = check_period({"actual_start": date(2027, 2, 15)}, **kwargs)
    assert ahead.code == "rotation.future" and not ahead.is_error and ahead.field == "actual_start"
    assert "15/02/2027 is still to come" in ahead.message
    [left_ahead] = check_period({"actual_start": date(2026, 8, 10), "actual_end": date(2027, 2, 14)}, **kwargs)
    assert left_ahead.field == "actual_end" and not left_ahead.is_error


def test_more_stipend_amounts_than_training_years_contradict_the_term() -> None:
    """Three amounts for a one-year term printed a "training year 3" the contract does not have."""
    found = [p for p in check_contract(facts(stipend_steps=(Decimal(5000), Decimal(5500)))) if p.is_error]
    assert [(p.field, p.code) for p in found] == [("stipend_steps", "contract.stipend_years")]
    assert "spans 1 training year, but 3 amounts" in found[0].message
    assert "Remove the amounts beyond year 1 under Stipend in later training years" in found[0].message
    two_years = facts(end=date(2028, 8, 23), plan_weeks=(50, 50), stipend_steps=(Decimal(5000),),
                      insurance_expiry=date(2028, 12, 31), modality_years=2)
    assert check_contract(two_years) == []


def test_a_minor_under_the_ahk_contract_trains_five_days_a_week_at_most() -> None:
    """§ 15 JArbSchG (school days count): 4 + 1 prints, 5 + 1 and 6 + 0 do not; an adult or the MMFD layout alone
    keeps the six days the week has."""
    guardians = (GuardianFacts(1, "Rosa", "mother", "C", "INE"),)
    minor = facts(template="bbig", minor=True, overtime="none", holiday_days=18, guardians=guardians, daily_hours=6)
    assert "contract.days_jarbschg" not in codes(minor)
    five_and_one = [p for p in check_contract(replace(minor, company_days=5, school_days=1))
                    if p.code == "contract.days_jarbschg"]
    assert five_and_one and five_and_one[0].field == "company_days" and "§ 15 JArbSchG" in five_and_one[0].message
    assert "contract.days_jarbschg" not in codes(replace(minor, template="mmfd", company_days=5, school_days=1))
    assert "contract.days_jarbschg" not in codes(facts(template="bbig", company_days=5, school_days=1))


def test_no_school_day_contradicts_the_school_teaching_the_theory() -> None:
    assert "contract.no_school_day" in codes(facts(has_school=True, company_days=5, school_days=0))
    assert "contract.no_school_day" not in codes(facts(has_school=True, company_days=4, school_days=1))


def test_the_modality_must_agree_with_the_term() -> None:
    """A contract of three years stating "2 years in the company" contradicts itself (seen on a demo contract)."""
    three_years = facts(end=date(2029, 8, 23), plan_weeks=(78, 78), stipend_steps=(Decimal(4900), Decimal(5300)))
    problem = next(p for p in check_contract(replace(three_years, modality_years=2))
                   if p.code == "contract.modality_term")
    assert problem.field == "modality_years" and problem.is_error
    assert "2 years in the company" in problem.message and "36 months" in problem.message
    assert "contract.modality_term" not in codes(replace(three_years, modality_years=3))
    assert "contract.modality_term" in codes(facts(modality_years=2))  # a one-year term
    eighteen = facts(end=date(2028, 2, 23), plan_weeks=(39, 39), stipend_steps=(Decimal(4900),))
    assert "contract.modality_term" not in codes(replace(eighteen, modality_years=1))
    assert "contract.modality_term" not in codes(replace(eighteen, modality_years=2))
    assert "contract.modality_term" not in codes(facts(template="bbig", modality_years=3))  # not printed there


def test_a_training_day_longer_than_the_law_allows_is_refused() -> None:
    """Found by a new user's trial of issue 23: an adult's contract printed "11 horas" a day with a warning only."""
    problem = next(p for p in check_contract(facts(daily_hours=Decimal(11))) if p.code == "contract.day_hours")
    assert problem.field == "daily_hours" and problem.is_error
    assert "11 hours" in problem.message and "art. 61" in problem.message and "at most 8" in problem.message
    assert "contract.day_hours" not in codes(facts(daily_hours=Decimal(8)))


def test_a_weekly_pattern_of_free_words_is_refused_and_the_days_are_still_checked() -> None:
    """Issue 20, item 7: the wizard stored a sentence ("6 días en la empresa, 1 en el plantel") where the field
    is a choice, and the day rules, which ran only for the code ``days``, let 6 + 1 days go out for signature.
    Free words are an error naming the field and its choices; the days are checked all the same."""
    sentence = "6 días en la empresa, 1 en el plantel"
    found = check_contract(facts(weekly_pattern=sentence, company_days=6, school_days=1))
    pattern = [p for p in found if p.code == "contract.weekly_pattern"]
    assert [p.field for p in pattern] == ["weekly_pattern"] and pattern[0].is_error
    assert sentence in pattern[0].message and "under Weekly pattern" in pattern[0].message
    assert "\u201cfixed days each week\u201d" in pattern[0].message  # the choice's own words
    assert "contract.days_total" in [p.code for p in found]  # 7 days: refused as a week of days is
    for code in ("days", "blocks", "", None):
        assert "contract.weekly_pattern" not in codes(facts(weekly_pattern=code)), code
    # blocks of weeks: the days a week are not what the contract states
    assert "contract.days_total" not in codes(facts(weekly_pattern="blocks", company_days=6, school_days=1))

"""A minor's working time (domain.working_time), at the apprentice's age on the agreement's start date: LFT art.
177 under 16 (until the 16th birthday), JArbSchG § 8 for a minor under the AHK contract; the same rule on saving
(rules.check_agreement) and before printing for signature (contract.check_contract)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tests.domain.test_contract import facts as contract_facts
from vetdesk.domain import rules, working_time
from vetdesk.domain.contract import GuardianFacts, check_contract
from vetdesk.domain.working_time import check_hours, minor_hours

START = date(2026, 8, 24)
END = date(2029, 8, 23)  # a three-year term


def _minor(birth: date, hours: Decimal, **changes: object):  # type: ignore[no-untyped-def]
    return replace(contract_facts(minor=True, birth_date=birth, daily_hours=hours, holiday_days=18, overtime="none",
                                  guardians=(GuardianFacts(1, "Rosa", "mother", "Calle 1", "INE 1"),)), **changes)


def test_fifteen_on_the_start_date_may_train_at_most_six_hours_until_turning_sixteen() -> None:
    birth = date(2011, 3, 10)  # 15 on 24 Aug 2026, 16 on 10 Mar 2027: within the term
    assert minor_hours(birth, START, END).age == 15
    assert minor_hours(birth, START, END).short_day_until == date(2027, 3, 10)
    found = check_hours(birth, START, END, Decimal(8), 5, cites_jarbschg=False)
    assert [(p.field, p.code, p.is_error) for p in found] == [("daily_hours", "hours.under16", True)]
    message = found[0].message
    # the field in the officer's words, the limit, the law, the birthday until which it applies
    for said in ("Daily hours is 8", "at most 6 hours a day", "periods of at most 3 hours", "art. 177",
                 "Federal Labour Law", "turns 16 on 10/03/2027", "Enter 6 or fewer under Daily hours",
                 "applies until 10/03/2027"):
        assert said in message, said
    assert check_hours(birth, START, END, Decimal(6), 5, cites_jarbschg=False) == []


def test_under_sixteen_for_the_whole_term_is_said_so() -> None:
    birth = date(2011, 6, 1)
    short_end = date(2027, 5, 31)  # ends before the 16th birthday (1 Jun 2027)
    found = check_hours(birth, START, short_end, Decimal("6.5"), 5, cites_jarbschg=False)
    assert "under 16 for the whole agreement" in found[0].message and "Daily hours is 6.5" in found[0].message
    assert not minor_hours(birth, START, short_end).turns_16_during_term


def test_sixteen_on_the_start_date_may_train_eight_hours() -> None:
    birth = date(2010, 8, 24)  # turns 16 on the start date itself
    assert minor_hours(birth, START, END).age == 16 and not minor_hours(birth, START, END).short_day
    assert check_hours(birth, START, END, Decimal(8), 5, cites_jarbschg=False) == []
    # a day earlier the apprentice would still be 15
    assert check_hours(date(2010, 8, 25), START, END, Decimal(8), 5, cites_jarbschg=False)


def test_the_ahk_contract_applies_jarbschg_to_a_minor() -> None:
    seventeen = date(2009, 1, 15)
    day = check_hours(seventeen, START, END, Decimal(9), 5, cites_jarbschg=True)
    assert [p.code for p in day] == ["hours.jarbschg_day"]
    assert "§ 8 JArbSchG" in day[0].message and "at most 8 hours a day" in day[0].message
    assert "until 15/01/2027" in day[0].message
    week = check_hours(seventeen, START, END, Decimal(8), 6, cites_jarbschg=True)  # 48 hours a week
    assert [p.code for p in week] == ["hours.jarbschg_week"]
    assert "at most 40 hours a week" in week[0].message and "make 48" in week[0].message
    assert check_hours(seventeen, START, END, Decimal(8), 5, cites_jarbschg=True) == []
    assert check_hours(seventeen, START, END, Decimal(9), 5, cites_jarbschg=False) == []  # the MMFD layout
    assert check_hours(date(2005, 1, 1), START, END, Decimal(9), 6, cites_jarbschg=True) == []  # an adult


def test_printing_for_signature_applies_the_same_rule() -> None:
    birth = date(2011, 3, 10)
    found = [p for p in check_contract(_minor(birth, Decimal(8), end=END, plan_weeks=(150,),
                                              stipend_steps=(Decimal(5000), Decimal(5500))))
             if p.field == "daily_hours"]
    assert [p.code for p in found] == ["hours.under16"]
    assert not [p for p in check_contract(_minor(birth, Decimal(6))) if p.field == "daily_hours"]
    bbig = _minor(date(2009, 1, 15), Decimal(9), template="bbig")
    assert "hours.jarbschg_day" in [p.code for p in check_contract(bbig)]


def test_saving_and_printing_say_the_same_words() -> None:
    from tests.domain import test_rules

    birth = date(2011, 3, 10)
    saved = [p for p in rules.check_agreement(test_rules.facts(birth=birth, hours=Decimal(8)))
             if p.code == "hours.under16"]
    assert len(saved) == 1
    printed = [p for p in check_contract(_minor(birth, Decimal(8), start=test_rules.START, end=test_rules.END))
               if p.code == "hours.under16"]
    assert printed and printed[0].message == saved[0].message


def test_the_limits_are_the_constants_the_rule_applies(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(working_time, "MAX_HOURS_UNDER_16", Decimal(5))
    found = check_hours(date(2011, 3, 10), START, END, Decimal("5.5"), 5, cites_jarbschg=False)
    assert "at most 5 hours a day" in found[0].message and "Enter 5 or fewer" in found[0].message


def test_the_ages_and_days_in_the_messages_are_the_constants(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: "turns 16", "under 16", "under 18" and "six days a week" were literals beside the constants the
    rules apply (SHORT_DAY_AGE, ADULT_AGE, WORK_DAYS_A_WEEK): change one, the message follows."""
    from vetdesk.domain.working_time import week_hours

    monkeypatch.setattr(working_time, "SHORT_DAY_AGE", 17)
    sixteen = date(START.year - 16, START.month, 1)  # 16 on the start date, 17 during the term
    found = check_hours(sixteen, START, END, Decimal(8), 5, cites_jarbschg=False)
    assert "turns 17 on" in found[0].message
    whole = check_hours(sixteen, START, date(START.year, START.month + 1, 1), Decimal(8), 5, cites_jarbschg=False)
    assert "under 17 for the whole agreement" in whole[0].message
    monkeypatch.setattr(working_time, "WORK_DAYS_A_WEEK", 5)
    under = week_hours(sixteen, START, Decimal(40), None, None, cites_jarbschg=False)
    assert "6 hours a day under 17, 5 days a week" in under[0].message and "at most 30 hours" in under[0].message
    monkeypatch.setattr(working_time, "ADULT_AGE", 20)
    nineteen = date(START.year - 19, START.month, 1)
    over = week_hours(nineteen, START, Decimal(41), None, None, cites_jarbschg=False)
    assert "no overtime under 20, 5 days a week" in over[0].message and "at most 40 hours" in over[0].message

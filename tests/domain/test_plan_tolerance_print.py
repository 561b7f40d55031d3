"""Printing for signature never refuses the gap between a rotation plan and the term that the office's own setting
accepts (a trial set "weeks a rotation plan may differ from the term" to 12: saving said the office accepts 12,
``vetdesk print`` refused at 5 — two limits for one rule)."""

from __future__ import annotations

from datetime import date, timedelta

from vetdesk.domain import contract

START = date(2026, 8, 3)
END = START + timedelta(weeks=52) - timedelta(days=1)


def _facts(tolerance: int) -> contract.ContractFacts:
    return contract.ContractFacts(template="mmfd", start=START, end=END, minor=False, plan_weeks=(20, 20),
                                  plan_tolerance_weeks=tolerance)


def test_the_office_s_tolerance_is_the_print_check_s_too() -> None:
    refused = contract.rotation_plan(_facts(0))
    assert refused and "12 weeks without a learning position" in refused[0].message, refused
    assert contract.rotation_plan(_facts(12)) == []
    assert contract.rotation_plan(_facts(11))  # one week short of what the office accepts


def test_the_setting_reaches_the_check(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from tests import factories as f
    from vetdesk.services import kinds, settings
    from vetdesk.services.uow import reading

    settings.save_office_settings(sqlite_db, {"plan_term_tolerance_weeks": 12})
    agreement = f.make_agreement(sqlite_db)
    from vetdesk.services import records

    values = records.get(sqlite_db, "agreements", agreement)
    with reading(sqlite_db) as session:
        facts = kinds.contract_facts(session, values)
    assert facts is not None and facts.plan_tolerance_weeks == 12

"""Issue 22 (left by its trial): dates that only a printed agreement can have were accepted on a draft never
printed: a party's signature, the day it came into force, ended or was terminated, and the apprentice's days at a
learning position. Each is refused, naming the field and saying to print the agreement for signature first;
nothing is written. Printed, the same dates are taken."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records
from vetdesk.storage.engine import Database

DAY = (date.today() - timedelta(days=3)).isoformat()


@pytest.mark.parametrize("name", ["printed_on", "apprentice_signed_on", "company_signed_on", "guardian_signed_on",
                                  "activated_on", "completed_on", "terminated_on"])
def test_a_draft_takes_no_signature_nor_life_cycle_date(db: Database, name: str) -> None:
    agreement = f.make_agreement(db, start_date=date.today() - timedelta(days=30))
    before = records.get(db, "agreements", agreement)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", agreement, {name: DAY}, accept_warnings=True)
    [problem] = refused.value.errors
    assert problem.field == name and problem.code == "signature.draft"
    assert "draft" in problem.message and "Print it for signature" in problem.message
    assert records.get(db, "agreements", agreement) == before  # nothing written


def test_printed_it_takes_a_signature_date_and_its_apprentice_s_days_at_a_position(db: Database) -> None:
    agreement = f.make_agreement(db, start_date=date.today() - timedelta(days=30))
    plan = records.get(db, "agreements", agreement)["rotation_plan_id"]
    position = records.get(db, "rotation_plans", plan)["steps"][0]["position_id"]
    period = {"agreement_id": agreement, "position_id": position, "actual_start": date.today() - timedelta(days=20)}
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "rotations", period, accept_warnings=True)
    assert [p.code for p in refused.value.errors] == ["rotation.draft"]
    assert records.count_records(db, "rotations") == 0
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    printed = records.get(db, "agreements", agreement)["printed_on"]
    records.update(db, "agreements", agreement, {"apprentice_signed_on": printed.isoformat()},
                   accept_warnings=True)
    assert records.get(db, "agreements", agreement)["apprentice_signed_on"] == printed
    assert records.create(db, "rotations", period, accept_warnings=True).id


def test_the_command_line_names_the_field_and_what_to_do(cli, db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db, start_date=date.today() - timedelta(days=30))
    code, out, err = cli(db, "set", "agreements", str(agreement), f"apprentice_signed_on={DAY}")
    assert code == 1 and "Signed by the apprentice on: The agreement is a draft" in err, err
    assert "apprentice_signed_on" not in err, err
    assert "Nothing was written." in err and "Traceback" not in err


def test_a_print_date_on_a_never_printed_draft_is_refused(cli, db) -> None:  # type: ignore[no-untyped-def]
    """Issue 23 (trial 23d): ``set agreement 64 printed_on=2026-12-01`` made a draft read "borrador / Impreso el
    01/12/2026". Refused as the other dates on a draft are; printing it records the date."""
    agreement = f.make_agreement(db, start_date=date.today() - timedelta(days=30))
    code, out, err = cli(db, "set", "agreements", str(agreement), f"printed_on={DAY}")
    assert code == 1 and "Printed on: The agreement is a draft: it has not been printed for signature." in err, err
    assert "printed_on" not in err, err
    assert "Nothing was written." in err and records.get(db, "agreements", agreement)["printed_on"] is None
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    assert records.get(db, "agreements", agreement)["printed_on"] == date.today()

"""Retiring a company, school or instructor that agreements not ended name (trial 24a, item 1): refused by one
core rule, naming how many and the first few, in the window's and the command line's words alike; ``vetdesk
check`` reports one retired before the rule refused it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.services.checks import check_database
from vetdesk.storage.models import Company

RETIRED = date(2026, 4, 12)


def _agreements(db):  # type: ignore[no-untyped-def]
    """A company, school and instructor named on an active agreement, a printed one and a draft."""
    company, school = f.make_company(db), f.make_school(db)
    instructor = f.make_instructor(db, company_id=company)
    made = [f.make_agreement(db, company_id=company, school_id=school, instructor_id=instructor,
                             start_date=f.TODAY + timedelta(days=400 * i)) for i in range(3)]
    f.activate(db, made[0])
    records.update(db, "agreements", made[1], {"status": "printed"}, accept_warnings=True)
    return company, school, instructor, made


@pytest.mark.parametrize("kind", ["companies", "schools", "instructors"])
def test_retiring_a_record_named_on_agreements_not_ended_is_refused(db, kind: str) -> None:
    company, school, instructor, made = _agreements(db)
    record_id = {"companies": company, "schools": school, "instructors": instructor}[kind]
    with pytest.raises(RuleViolation) as refused:
        records.update(db, kind, record_id, {"retired_on": RETIRED.isoformat()}, accept_warnings=True)
    (problem,) = refused.value.problems
    assert (problem.field, problem.code) == ("retired_on", "retired.in_use")
    reference = records.get(db, "agreements", made[0])["reference"]
    assert problem.message.startswith("It cannot be retired while 3 agreements still name it: ")
    assert f"{reference} · José Ángel García Núñez" in problem.message, problem.message
    assert records.get(db, kind, record_id)["retired_on"] is None  # nothing written


def test_once_its_agreements_are_ended_the_record_may_be_retired(db) -> None:
    company, _school, _instructor, made = _agreements(db)
    records.update(db, "agreements", made[0], {"status": "terminated", "terminated_on": f.TODAY.isoformat(),
                                               "termination_reason": "Cierre de la planta"}, accept_warnings=True)
    records.update(db, "agreements", made[1], {"status": "draft"}, accept_warnings=True)
    from vetdesk.services.undo import delete_record

    delete_record(db, "agreements", made[1])
    with pytest.raises(RuleViolation) as refused:  # the draft left still names it
        records.update(db, "companies", company, {"retired_on": RETIRED.isoformat()}, accept_warnings=True)
    draft = records.get(db, "agreements", made[2])["reference"]
    assert refused.value.problems[0].message.startswith(
        f"It cannot be retired while an agreement still names it: {draft} · "), refused.value.problems[0].message
    delete_record(db, "agreements", made[2])
    records.update(db, "companies", company, {"retired_on": RETIRED.isoformat()}, accept_warnings=True)
    assert records.get(db, "companies", company)["retired_on"] == RETIRED
    # Another change of the retired record is not held up by its history.
    records.update(db, "companies", company, {"contact_phone": "222 555 0199"}, accept_warnings=True)


def test_only_the_first_agreements_are_named_the_others_counted(db) -> None:
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company)
    for i in range(5):
        f.make_agreement(db, company_id=company, instructor_id=instructor, start_date=f.TODAY + timedelta(days=400 * i))
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "companies", company, {"retired_on": RETIRED.isoformat()}, accept_warnings=True)
    message = refused.value.problems[0].message
    assert message.count("CA-") == 3 and _("{names} and {n} more").format(names="", n=2).strip() in message, message


def test_the_command_line_says_the_same_and_fails(db, cli) -> None:  # type: ignore[no-untyped-def]
    company, _school, _instructor, _made = _agreements(db)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "companies", company, {"retired_on": RETIRED.isoformat()}, accept_warnings=True)
    rfc = records.get(db, "companies", company)["rfc"]
    code, out, err = cli(db, "set", "companies", rfc, "retired_on=2026-04-12")
    assert code != 0, (out, err)
    assert refused.value.problems[0].message in err, err
    assert records.get(db, "companies", company)["retired_on"] is None


def test_check_reports_a_record_retired_while_agreements_name_it(db, cli) -> None:  # type: ignore[no-untyped-def]
    company, _school, _instructor, _made = _agreements(db)
    with db.engine.begin() as conn:  # retired before the rule refused it
        conn.execute(update(Company).where(Company.id == company).values(retired_on=RETIRED))
    found = [x.problem for x in check_database(db) if (x.kind, x.record_id) == ("companies", company)]
    assert [(p.field, p.code, p.severity.value) for p in found] == [("retired_on", "retired.in_use", "error")]
    code, out, err = cli(db, "check")
    assert found[0].message in out + err

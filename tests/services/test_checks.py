"""`check_database`: the saving rules over the whole database, plus the date-dependent alerts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records
from vetdesk.services.checks import check_database
from vetdesk.services.settings import save_office_settings
from vetdesk.storage.models import Apprentice


def findings_for(db, kind: str, record_id: int, **kw):  # type: ignore[no-untyped-def]
    return {(x.problem.field, x.problem.code, x.problem.severity.value)
            for x in check_database(db, **kw) if x.kind == kind and x.record_id == record_id}


def test_a_clean_database_has_no_findings(db) -> None:
    f.activate(db, f.make_agreement(db))
    assert check_database(db) == []


def test_instructor_without_qualification_is_a_warning(db) -> None:
    ins = f.make_instructor(db, qualification=None, qualification_date=None)
    assert findings_for(db, "instructors", ins) == {("qualification", "instructor.qualification", "warning")}


def test_insurance_expiring_soon_and_expired(db) -> None:
    ag = f.make_agreement(db)
    f.activate(db, ag)
    expiry = records.get(db, "agreements", ag)["insurance_expiry"]
    soon = findings_for(db, "agreements", ag, today=expiry - timedelta(days=10))
    assert ("insurance_expiry", "insurance.expiring", "warning") in soon
    later = findings_for(db, "agreements", ag, today=expiry + timedelta(days=1))
    assert ("insurance_expiry", "insurance.expired", "warning") in later
    assert ("status", "status.overdue", "warning") in later  # ended a month ago, still active
    earlier = findings_for(db, "agreements", ag, today=expiry - timedelta(days=60))
    # No assessments were recorded, so the progress flag is expected; nothing else is.
    assert {x for x in earlier if not x[1].startswith("progress.")} == set()
    assert ("assessed_on", "progress.no_assessment", "warning") in earlier


def test_insurance_ending_before_the_agreement_is_found(db) -> None:
    ag = f.make_agreement(db, start_date=f.TODAY)  # activated below: it starts today
    end = records.get(db, "agreements", ag)["end_date"]
    records.update(db, "agreements", ag, {"insurance_expiry": (end - timedelta(days=1)).isoformat()},
                   accept_warnings=True)
    # A draft: the contract for signature would say the policy covers the whole term, so printing it is refused
    # (an error in place of the warning), and so is marking it printed.
    assert ("insurance_expiry", "contract.insurance_term", "error") in findings_for(db, "agreements", ag)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", ag, {"status": "printed"}, accept_warnings=True)
    assert [p.code for p in refused.value.problems] == ["contract.insurance_term"]
    assert records.get(db, "agreements", ag)["status"] == "draft"
    # Signed with the whole term covered, the policy the insurer later shortens is a warning to act on.
    records.update(db, "agreements", ag, {"insurance_expiry": (end + timedelta(days=30)).isoformat()})
    f.activate(db, ag)
    records.update(db, "agreements", ag, {"insurance_expiry": (end - timedelta(days=1)).isoformat()},
                   accept_warnings=True)
    assert ("insurance_expiry", "insurance.expiry", "warning") in findings_for(db, "agreements", ag)


def test_minor_without_guardian_is_found_on_apprentice_and_agreement(db) -> None:
    app = f.make_apprentice(db, birth_date=f.minor_birth_date(16))
    ag = f.make_agreement(db, apprentice_id=app)
    with db.writer() as s:  # as an old import or a hand edit could have left it
        s.execute(update(Apprentice).where(Apprentice.id == app).values(guardian_name=None))
        s.commit()
    assert findings_for(db, "apprentices", app) == {("guardian_name", "guardian.missing", "warning")}
    assert ("guardian_name", "guardian.required", "error") in findings_for(db, "agreements", ag)


def test_a_minor_without_guardian_is_refused_once_per_field_in_check_print_and_the_window(db, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: the agreement's own rule ("the guardian's name is required") and the contract's ("the contract
    names the guardian") both refused the guardian's name: the completeness message listed it twice. A field is
    refused once; ``vetdesk check``, ``vetdesk print`` and the window's refusal (``PrintCheck.refusal``) agree."""
    app = f.make_apprentice(db, birth_date=f.minor_birth_date(16))
    ag = f.make_agreement(db, apprentice_id=app)
    with db.writer() as s:  # as an old import or a hand edit could have left it
        s.execute(update(Apprentice).where(Apprentice.id == app).values(guardian_name=None))
        s.commit()
    found = [x.problem for x in check_database(db) if x.kind == "agreements" and x.record_id == ag]
    assert [p.code for p in found if p.field == "guardian_name"] == ["guardian.required"]
    refusal = db.print_checks([ag])[ag].refusal()
    assert refusal.count("Guardian's name:") == 1 and "Guardian's name" in refusal.splitlines()[1], refusal
    code, _out, err = cli(db, "print", "agreement", str(ag), "-o", str(tmp_path / "convenio.pdf"))
    assert code != 0 and refusal in err, err
    code, out, _err = cli(db, "check")
    from tests.cli.test_cli_check_words import named

    # (the agreement names the apprentice's field with its record, as the window's check list does)
    assert sum(1 for line in out.splitlines() if line.startswith(f"{named(db, 'agreements', ag)}:")
               and "Apprentice: Guardian's name:" in line) == 1, out


def test_capacity_follows_the_setting(db) -> None:
    company = f.make_company(db)
    ins = f.make_instructor(db, company_id=company)
    ags = [f.make_agreement(db, company_id=company, instructor_id=ins) for _ in range(2)]
    for ag in ags:
        f.activate(db, ag)
    assert not any(x.problem.code == "instructor.capacity" for x in check_database(db))
    save_office_settings(db, {"instructor_capacity": 1})
    flagged = {x.record_id for x in check_database(db) if x.problem.code == "instructor.capacity"}
    assert flagged == set(ags)


def test_completed_and_terminated_agreements_are_history(db) -> None:
    ag = f.make_agreement(db)
    f.activate(db, ag)
    records.update(db, "agreements", ag, {"status": "terminated", "termination_reason": "x"})
    end = records.get(db, "agreements", ag)["end_date"]
    assert findings_for(db, "agreements", ag, today=end + timedelta(days=90)) == set()


def test_check_includes_progress_flags(sqlite_db):
    """An active agreement without any assessment for longer than the setting is flagged by `check`."""
    from datetime import date, timedelta

    from tests.factories import activate, make_agreement
    from vetdesk.services.checks import check_database

    start = date.today() - timedelta(weeks=10)
    agreement = make_agreement(sqlite_db, start_date=start, end_date=start + timedelta(days=400))
    activate(sqlite_db, agreement)
    codes = {(f.kind, f.record_id, f.problem.code) for f in check_database(sqlite_db)}
    assert ("agreements", agreement, "progress.no_assessment") in codes


def test_a_signed_minor_s_agreement_without_the_second_guardian_s_date_is_found(db) -> None:  # type: ignore[no-untyped-def]
    """doc23m: an agreement signed before the second guardian's date could be recorded (migration 0030) lacks
    it; the check names that date (on both backends), and records it once it is recorded."""
    from vetdesk.storage.models import LearningAgreement

    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16), guardian2_name="Juan García Ruiz",
                                   guardian2_relation="father", guardian2_address="Calle 5 de Mayo 12, Puebla",
                                   guardian2_id_document="INE 1122334455")
    ag = f.make_agreement(db, apprentice_id=apprentice)
    records.update(db, "agreements", ag, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", ag, {"status": "signed", **f.signature_values(db, ag)}, accept_warnings=True)
    assert ("guardian2_signed_on", "signature.lacking", "error") not in findings_for(db, "agreements", ag)
    with db.engine.begin() as conn:  # as an agreement signed before migration 0030 stands
        conn.execute(update(LearningAgreement).where(LearningAgreement.id == ag).values(guardian2_signed_on=None))
    assert ("guardian2_signed_on", "signature.lacking", "error") in findings_for(db, "agreements", ag)

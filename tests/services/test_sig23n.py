"""Issue 23 (trial 23e): what a new user's trial broke in an agreement's signature path.

1. Saving an edit of a field the printed contract states, on an agreement out for signature, silently put it back
   to draft and wiped the signatures recorded: the core refuses it now, naming the field, the signatures, and the two
   ways (an amendment once signed; back to draft, asked explicitly in the same change). Notes stay editable.
2. An activation before the agreement's start date was accepted (and the progress report then future-dated).
4. A minor's draft without a guardian refused every save; and printing refused the guardian in rounds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import shown_day
from vetdesk.services import records


def _printed_and_signed_by_the_company(db) -> tuple[int, date]:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    records.print_for_signature(db, [agreement], language="es")
    on = records.get(db, "agreements", agreement)["printed_on"]
    records.update(db, "agreements", agreement, {"company_signed_on": on}, accept_warnings=True)
    return agreement, on


def test_a_term_of_a_printed_agreement_is_refused_naming_the_signatures(db) -> None:  # type: ignore[no-untyped-def]
    agreement, on = _printed_and_signed_by_the_company(db)
    before = records.get(db, "agreements", agreement)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", agreement, {"holiday_days": "28"}, accept_warnings=True)
    (problem,) = refused.value.errors
    assert problem.field == "holiday_days" and problem.code == "terms.printed"
    assert "amendment" in problem.message and "status=draft" in problem.message
    assert f"Signed by the company on {shown_day(on)}" in problem.message, problem.message
    after = records.get(db, "agreements", agreement)
    assert after == before  # nothing written: still printed, the company's signature kept
    # Fields the contract does not print stay editable, and keep it printed with its signature.
    out = records.update(db, "agreements", agreement, {"notes": "hola"}, accept_warnings=True)
    assert out.record["status"] == "printed" and out.record["company_signed_on"] == on
    # Back to draft asked in the same change: the term changes, the signatures recorded are void.
    out = records.update(db, "agreements", agreement, {"holiday_days": "28", "status": "draft"},
                         accept_warnings=True)
    assert out.record["status"] == "draft" and out.record["holiday_days"] == 28
    assert out.record["company_signed_on"] is None and out.record["printed_on"] is None


def test_a_printed_agreement_without_signatures_is_refused_too(db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", agreement, {"daily_hours": "5"}, accept_warnings=True)
    assert [p.code for p in refused.value.errors] == ["terms.printed"]
    assert records.get(db, "agreements", agreement)["status"] == "printed"


def test_active_and_ended_agreements_change_terms_only_by_amendment(db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db, start_date=date.today())
    f.activate(db, agreement)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", agreement, {"daily_hours": "5", "status": "draft"},
                       accept_warnings=True)
    assert refused.value.errors and records.get(db, "agreements", agreement)["status"] == "active"
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", agreement, {"daily_hours": "5"}, accept_warnings=True)
    assert [p.code for p in refused.value.errors] == ["terms.locked"]
    assert "amendment" in refused.value.errors[0].message


def test_an_activation_before_the_start_date_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    start = date.today() + timedelta(days=12)
    agreement = f.make_agreement(db, start_date=start)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    for values in ({"status": "active", "activated_on": date.today().isoformat()}, {"status": "active"}):
        with pytest.raises(RuleViolation) as refused:
            records.update(db, "agreements", agreement, values, accept_warnings=True)
        assert [p.code for p in refused.value.errors] == ["activate.before_start"], refused.value.errors
        assert refused.value.errors[0].field == "activated_on"
        assert shown_day(start) in refused.value.errors[0].message
    assert records.get(db, "agreements", agreement)["status"] == "signed"


def test_an_activation_date_moved_before_the_start_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    start = date.today() - timedelta(days=5)
    agreement = f.make_agreement(db, start_date=start)
    # printed and signed by all before its start (in force from its start, not before every party signed: trial 4)
    records.print_for_signature(db, [agreement], language="es", today=start - timedelta(days=10))
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(
        db, agreement, start - timedelta(days=3)), accept_warnings=True)
    records.update(db, "agreements", agreement, {"status": "active"}, accept_warnings=True)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", agreement, {"activated_on": (start - timedelta(days=1)).isoformat()},
                       accept_warnings=True)
    assert [p.code for p in refused.value.errors] == ["activate.before_start"]
    assert records.update(db, "agreements", agreement, {"activated_on": start.isoformat()},
                          accept_warnings=True).record["activated_on"] == start


def test_a_minors_draft_without_guardian_saves_and_printing_lists_all_missing(db) -> None:  # type: ignore[no-untyped-def]
    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16), guardian=False)
    agreement = f.make_agreement(db, apprentice_id=apprentice)
    out = records.update(db, "agreements", agreement, {"notes": "hola"}, accept_warnings=True)
    assert out.record["notes"] == "hola"
    assert "guardian_name" in {p.field for p in out.warnings}
    # Printing for signature refuses everything the guardian lacks, at once.
    found = records.signature_problems(db, [agreement])[agreement]
    refused = {p.field for p in found if p.is_error}
    assert {"guardian_name", "guardian_relation", "guardian_phone", "guardian_address",
            "guardian_id_document"} <= refused, found
    with pytest.raises(RuleViolation):
        records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    assert records.get(db, "agreements", agreement)["status"] == "draft"


def test_a_progress_report_of_an_agreement_not_started_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    """The trial's agreement 5 was activated on 04/12 for a start on 16/12 (before the rule): its progress report
    said "Period from 16 December … to 16 December … 0 of 16". Refused like a draft's until training starts."""
    from sqlalchemy import update

    from vetdesk.services import documents
    from vetdesk.storage.models import LearningAgreement

    start = date.today() + timedelta(days=12)
    agreement = f.make_agreement(db, start_date=start)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    with db.writer() as session, session.begin():  # as recorded before the rule: active before its start
        session.execute(update(LearningAgreement).where(LearningAgreement.id == agreement)
                        .values(status="active", activated_on=date.today()))
    with pytest.raises(RuleViolation) as refused:
        documents.progress_document(db, agreement_id=agreement)
    assert [p.code for p in refused.value.errors] == ["print.not_started"]
    assert shown_day(start) in refused.value.errors[0].message


def test_not_in_force_before_says_the_rule_while_the_training_has_not_begun(db) -> None:  # type: ignore[no-untyped-def]
    """What the window asks before offering to start an agreement: the rule's own words while its training has
    not begun, nothing from its first day on (starting it applies the same rule)."""
    start = date.today() + timedelta(days=40)
    agreement = f.make_agreement(db, start_date=start)
    before, _first_day = records.starting(db, agreement)
    assert shown_day(start) in before and before.endswith(".")
    assert records.starting(db, agreement, today=start)[0] == ""
    assert records.starting(db, agreement, today=start + timedelta(days=30))[0] == ""

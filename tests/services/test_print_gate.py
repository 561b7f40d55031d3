"""A draft agreement goes no further than printing it for signature would take it, whichever way its status is
set (the rule lives in the core: ``kinds._check_agreement``): marking it printed refuses and writes nothing, and
printing it in a layout other than the programme's is judged by the layout printed. (Undo takes back changes of
a record's fields, never a step of its life cycle: it does not move a draft on.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records
from vetdesk.services.uow import reading
from vetdesk.storage.models import AuditEntry


def _audit(db) -> int:  # type: ignore[no-untyped-def]
    with reading(db) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)))


def test_marking_printed_refuses_what_printing_refuses_and_writes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    company = f.make_company(db, legal_representative=None, address=None)
    ag = f.make_agreement(db, company_id=company)
    before = _audit(db)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", ag, {"status": "printed"}, accept_warnings=True)
    assert [p.code for p in refused.value.errors] == ["contract.representative", "contract.company_address"]
    assert records.get(db, "agreements", ag)["status"] == "draft" and _audit(db) == before


def test_printed_in_a_layout_that_needs_less_the_draft_is_marked_printed(db) -> None:  # type: ignore[no-untyped-def]
    """The programme prints both layouts (its BBiG contract needs a probation period); printed in the MMFD layout
    alone, which does not, the draft becomes printed. Marked printed without a layout, the programme's counts."""
    programme = f.make_programme(db, templates="both")
    ag = f.make_agreement(db, programme_id=programme, probation_months=None)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", ag, {"status": "printed"}, accept_warnings=True)
    assert [p.code for p in refused.value.errors] == ["contract.probation_missing"]
    with pytest.raises(RuleViolation):
        records.print_for_signature(db, [ag], template="both")
    assert records.get(db, "agreements", ag)["status"] == "draft"
    records.print_for_signature(db, [ag], template="mmfd")
    assert records.get(db, "agreements", ag)["status"] == "printed"


def test_a_new_agreement_past_draft_is_refused_as_before(db) -> None:  # type: ignore[no-untyped-def]
    """Created (or imported: agreements have no key to update by, so an import only creates) straight as
    printed, signed or active: refused as before, whatever its contract says; it starts as a draft and goes
    through the gate."""
    company = f.make_company(db, legal_representative=None)
    for status in ("printed", "signed", "active"):
        with pytest.raises(RuleViolation) as refused:
            records.create(db, "agreements", f.agreement_values(db, company_id=company, status=status),
                           accept_warnings=True)
        assert [p.code for p in refused.value.errors] == ["status.new"]


def test_a_printed_agreement_changed_into_a_contradiction_is_not_signed(db) -> None:  # type: ignore[no-untyped-def]
    """A printed agreement's insurance may still change before the parties sign (a new policy); a change that
    would make the signed contract contradict itself (cover ending before the agreement) is warned of, and the
    signatures are then refused with the printing's words until the policy covers the term again."""
    from datetime import timedelta

    ag = f.make_agreement(db)
    records.update(db, "agreements", ag, {"status": "printed"}, accept_warnings=True)
    record = records.get(db, "agreements", ag)
    short = (record["end_date"] - timedelta(days=30)).isoformat()
    records.update(db, "agreements", ag, {"insurance_expiry": short}, accept_warnings=True)
    before = _audit(db)
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", ag, {"status": "signed"} | f.signature_values(db, ag),
                       accept_warnings=True)
    assert {p.field for p in refused.value.errors} == {"insurance_expiry"}
    assert records.get(db, "agreements", ag)["status"] == "printed" and _audit(db) == before
    records.update(db, "agreements", ag, {"insurance_expiry": record["insurance_expiry"].isoformat()},
                   accept_warnings=True)
    records.update(db, "agreements", ag, {"status": "signed"} | f.signature_values(db, ag), accept_warnings=True)
    assert records.get(db, "agreements", ag)["status"] == "signed"

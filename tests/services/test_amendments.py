"""Amendments to a signed agreement (issue 22, training that slips): another plan version or end from a day on,
with its reason, audited; refused with the rule's message and nothing written; the first signed annex stays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories as f
from tests.reports.conftest import END, START, make_world
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import amendments, documents, records
from vetdesk.services.office import Office
from vetdesk.services.training import new_plan_version
from vetdesk.storage.models import AgreementAmendment, AuditEntry

TODAY = date.today()


def _slipped_plan(db: Office, agreement_id: int, extra_weeks: int = 8) -> int:
    """A new version of the agreement's plan whose last position lasts ``extra_weeks`` longer."""
    plan_id = records.get(db, "agreements", agreement_id)["rotation_plan_id"]
    new_id = new_plan_version(db, plan_id, valid_from=TODAY).id
    steps = records.get(db, "rotation_plans", new_id)["steps"]
    steps[-1]["weeks"] += extra_weeks
    records.update(db, "rotation_plans", new_id, {"steps": steps}, accept_warnings=True)
    return new_id


def _count(db: Office) -> tuple[int, int]:
    with db.reader() as session:
        return (session.scalar(select(func.count()).select_from(AgreementAmendment)) or 0,
                session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_an_amendment_moves_the_running_agreement_and_keeps_what_was_signed(db: Office) -> None:
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    signed = documents.agreement_document(db, w.agreement_id)
    new_plan = _slipped_plan(db, w.agreement_id)
    new_end = END + timedelta(weeks=8)
    outcome = db.amend_agreement(w.agreement_id, {
        "rotation_plan_id": str(new_plan), "end_date": new_end.isoformat(), "effective_on": TODAY.isoformat(),
        "reason": "Paro técnico de la planta: ocho semanas sin formación"}, accept_warnings=True)
    assert (outcome.number, outcome.reference) == (1, f"{w.reference}-M1")
    record = records.get(db, "agreements", w.agreement_id)
    assert record["rotation_plan_id"] == new_plan and record["end_date"] == new_end
    assert record["status"] == "active"
    [listed] = amendments.list_amendments(db, w.agreement_id)
    assert listed["previous_end_date"] == END and listed["reason"].startswith("Paro técnico")
    history = db.history("agreements", w.agreement_id)
    assert history[-1]["action"] == "amend" and history[-1]["operation"] == "Record amendment"
    # The agreement as signed: its first annex, whatever runs now.
    again = documents.agreement_document(db, w.agreement_id)
    assert again.positions == signed.positions and again.plan == signed.plan and again.end_date == END
    doc = amendments.amendment_document(db, w.agreement_id)
    assert doc.previous_end == END and doc.end == new_end and doc.weeks_after == doc.weeks_before + 8
    assert doc.plan_before is not None and doc.plan_after is not None
    assert (doc.plan_before.version, doc.plan_after.version) == (1, 2)
    # A second amendment is numbered on.
    second = db.amend_agreement(w.agreement_id, {"end_date": (new_end - timedelta(days=7)).isoformat(),
                                                 "effective_on": TODAY.isoformat(), "reason": "Una semana menos"},
                                accept_warnings=True)
    assert second.number == 2
    assert amendments.amendment_document(db, w.agreement_id, 1).end == new_end


@pytest.mark.parametrize(("change", "code"), [
    ({"reason": ""}, "amendment.reason"),
    ({"rotation_plan_id": None, "end_date": None}, "amendment.nothing"),
    ({"effective_on": (START - timedelta(days=1)).isoformat()}, "amendment.effective"),
    ({"end_date": "next year"}, "date.format"),
])
def test_a_refused_amendment_says_why_and_writes_nothing(db: Office, change: dict[str, object],
                                                         code: str) -> None:
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    values: dict[str, object] = {"end_date": (END + timedelta(weeks=1)).isoformat(),
                                 "effective_on": TODAY.isoformat(), "reason": "Incapacidad médica"} | change
    before = _count(db), records.get(db, "agreements", w.agreement_id)
    with pytest.raises(RuleViolation) as refused:
        db.amend_agreement(w.agreement_id, values, accept_warnings=True)
    assert code in {p.code for p in refused.value.problems}
    assert (_count(db), records.get(db, "agreements", w.agreement_id)) == before


def test_a_draft_is_not_amended_but_changed(db: Office) -> None:
    w = make_world(db, minor=False, positions=3, rated=False, status="draft")
    with pytest.raises(RuleViolation) as refused:
        db.amend_agreement(w.agreement_id, {"end_date": (END + timedelta(weeks=1)).isoformat(),
                                            "effective_on": TODAY.isoformat(), "reason": "x"})
    [problem] = refused.value.problems
    assert problem.code == "amendment.status" and "print it again" in problem.message


def test_the_new_plan_is_the_companys_and_keeps_the_apprentice_where_they_are(db: Office) -> None:
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    other = f.make_plan(db, company_id=f.make_company(db), programme_id=w.programme_id, weeks=100)
    with pytest.raises(RuleViolation) as refused:
        db.amend_agreement(w.agreement_id, {"rotation_plan_id": other, "effective_on": TODAY.isoformat(),
                                            "reason": "Cambio de plan"}, accept_warnings=True)
    assert "plan.mismatch" in {p.code for p in refused.value.problems}
    # A new version that drops the position the apprentice is at (the second: started, not left).
    plan_id = records.get(db, "agreements", w.agreement_id)["rotation_plan_id"]
    new_id = new_plan_version(db, plan_id, valid_from=TODAY).id
    steps = records.get(db, "rotation_plans", new_id)["steps"]
    records.update(db, "rotation_plans", new_id, {"steps": [steps[0], {**steps[2], "weeks": steps[2]["weeks"]
                                                                       + steps[1]["weeks"]}]}, accept_warnings=True)
    with pytest.raises(RuleViolation) as refused:
        db.amend_agreement(w.agreement_id, {"rotation_plan_id": new_id, "effective_on": TODAY.isoformat(),
                                            "reason": "Se cierra la estación 2"}, accept_warnings=True)
    [dropped] = [p for p in refused.value.problems if p.code == "amendment.dropped"]
    assert "Estación 2" in dropped.message


def test_an_end_extended_past_the_plans_weeks_needs_a_plan_that_covers_it(db: Office) -> None:
    """The amended term is still a contract printing would accept: 20 more weeks with the same plan leave them
    without a learning position (and past the insurance): refused with the contract's words, nothing written."""
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    with pytest.raises(RuleViolation) as refused:
        db.amend_agreement(w.agreement_id, {"end_date": (END + timedelta(weeks=20)).isoformat(),
                                            "effective_on": TODAY.isoformat(), "reason": "Prórroga"})
    codes = {p.code for p in refused.value.problems}
    assert {"contract.plan_short", "contract.insurance_term"} <= codes
    assert _count(db)[0] == 0


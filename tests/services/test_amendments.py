"""Amendments to a signed agreement (issue 22, training that slips): another plan version or end from a day on,
with its reason, audited; refused with the rule's message and nothing written; the first signed annex stays."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests import factories as f
from tests.reports.conftest import END, START, make_world
from vetdesk.domain.dates import add_months
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import translator
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


def signed_by_all(db: Office, agreement_id: int, on: date = TODAY) -> amendments.AmendmentOutcome:
    """The agreement's amendment awaiting signatures printed for signature and signed by each of its parties."""
    amendments.printed(db, agreement_id, today=on)
    parties = amendments.signatures(db, agreement_id)
    return db.sign_amendment(agreement_id, {name: on.isoformat() for name, _signed in parties},
                             accept_warnings=True, today=on)


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
    # Recorded, not signed: the agreement's terms are unchanged until every party has signed it.
    record = records.get(db, "agreements", w.agreement_id)
    assert record["rotation_plan_id"] != new_plan and record["end_date"] == END
    assert signed_by_all(db, w.agreement_id).signed
    record = records.get(db, "agreements", w.agreement_id)
    assert record["rotation_plan_id"] == new_plan and record["end_date"] == new_end
    assert record["status"] == "active"
    [listed] = amendments.list_amendments(db, w.agreement_id)
    assert listed["previous_end_date"] == END and listed["reason"].startswith("Paro técnico")
    history = db.history("agreements", w.agreement_id)
    assert [h["action"] for h in history[-3:]] == ["amend", "print", "amend_signed"]
    assert history[-3]["operation"] == "Record amendment"
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
    signed_by_all(db, w.agreement_id)
    assert amendments.amendment_document(db, w.agreement_id, 1).end == new_end


@pytest.mark.parametrize(("change", "code"), [
    ({"reason": ""}, "amendment.reason"),
    ({"rotation_plan_id": None, "end_date": None}, "amendment.nothing"),
    ({"effective_on": (START - timedelta(days=1)).isoformat()}, "amendment.effective_past"),
    ({"effective_on": (END + timedelta(weeks=2)).isoformat()}, "amendment.effective"),
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



def test_a_term_extended_by_a_training_year_carries_its_stipend_and_insurance(db: Office) -> None:
    """Issue 22 (re-trial): an amendment that adds a training year needs that year's stipend (§ 17 BBiG, the AHK
    layout) and an accident insurance that covers the new end; the amendment gives them, checked by the
    agreement's own rules, and the amendment printed for signature states them as the agreement's clauses do."""
    from tests.reports.conftest import pdf_text
    from vetdesk.reports import render

    w = make_world(db, minor=False, positions=3, rated=False, status="active", templates="both")
    new_plan = _slipped_plan(db, w.agreement_id, extra_weeks=52)
    new_end = add_months(START, 36) - timedelta(days=1)  # a whole training year more
    base = {"rotation_plan_id": str(new_plan), "end_date": new_end.isoformat(), "effective_on": TODAY.isoformat(),
            "reason": "Un año más de formación por el paro de la planta"}
    before = _count(db), records.get(db, "agreements", w.agreement_id)
    # Past the programme's 30 months: refused as editing the agreement refuses it, in the same words (issue 23:
    # amend accepted what vetdesk check then called an error).
    with pytest.raises(RuleViolation) as beyond:
        db.amend_agreement(w.agreement_id, base, accept_warnings=True)
    [months] = [p for p in beyond.value.errors if p.code == "dates.programme"]
    assert "30 months" in months.message and months.field == "end_date"
    assert (_count(db), records.get(db, "agreements", w.agreement_id)) == before
    records.update(db, "programmes", w.programme_id, {"duration_months": 36}, accept_warnings=True)
    before = _count(db), records.get(db, "agreements", w.agreement_id)
    # A whole training year more changes the modality (years in the company) the agreement states with it.
    with pytest.raises(RuleViolation) as modality:
        db.amend_agreement(w.agreement_id, base | {
            "stipend_steps": "5000; 5600", "insurance_expiry": (new_end + timedelta(days=30)).isoformat()},
            accept_warnings=True)
    [years] = modality.value.errors
    assert years.field == "modality_years" and "Correct the years in the company" in years.message
    base |= {"modality_years": "3"}
    # Without them: refused, naming the fields the amendment takes them in, and nothing is written.
    with pytest.raises(RuleViolation) as refused:
        db.amend_agreement(w.agreement_id, base, accept_warnings=True)
    found = {p.code: p for p in refused.value.errors}
    assert {"contract.stipend_rise", "contract.insurance_term"} <= set(found)
    assert "Stipend in later training years" in found["contract.stipend_rise"].message
    assert "Insurance expiry" in found["contract.insurance_term"].message
    # A stipend that does not rise is refused by the same rule as on the agreement.
    with pytest.raises(RuleViolation) as flat:
        db.amend_agreement(w.agreement_id, base | {"stipend_steps": "5000.00; 4800.00",
                                                   "insurance_expiry": (new_end + timedelta(days=30)).isoformat()},
                           accept_warnings=True)
    assert [p.code for p in flat.value.errors] == ["contract.stipend_flat"]
    assert (_count(db), records.get(db, "agreements", w.agreement_id)) == before
    # With them: recorded, and the agreement states them once signed.
    expiry = new_end + timedelta(days=30)
    outcome = db.amend_agreement(w.agreement_id, base | {
        "stipend_steps": "5000; 5600", "insurance_policy": "POL-778899-R", "insurance_expiry": expiry.isoformat()},
        accept_warnings=True)
    signed_by_all(db, w.agreement_id)
    record = records.get(db, "agreements", w.agreement_id)
    assert (record["end_date"], record["stipend_steps"]) == (new_end, "5000.00; 5600.00")
    assert (record["insurance_policy"], record["insurance_expiry"]) == ("POL-778899-R", expiry)
    entry = db.history("agreements", w.agreement_id)[-1]
    assert entry["action"] == "amend_signed"
    doc = amendments.amendment_document(db, w.agreement_id, outcome.number)
    assert doc.stipend_changed and doc.stipend_steps_before == (Decimal("5000.00"),)
    assert doc.stipend_steps_after == (Decimal("5000.00"), Decimal("5600.00"))
    assert (doc.policy_before, doc.policy_after) == ("POL-778899", "POL-778899-R")
    assert doc.insurance_expiry_before == END + timedelta(days=60) and doc.insurance_expiry_after == expiry
    es = pdf_text(render.amendment_pdf(db, w.agreement_id, lang="es"))
    assert "año de formación 3: $5,600.00" in es and "año de formación 1: $4,500.50" in es
    assert "POL-778899 pasa a ser POL-778899-R" in es or "POL-778899-R" in es
    assert expiry.strftime("%Y") in es and "Apoyo económico" in es
    # signed on days of its own: each party's box a line to date, never the agreement's signing dates (issue 23's
    # signed copies date theirs)
    assert "Fecha: ____" in es and "Fecha: " + translator("es").format_date(record["company_signed_on"], "long") \
        not in es
    de = pdf_text(render.amendment_pdf(db, w.agreement_id, lang="de"))
    assert "Ausbildungsjahr 3" in de and "POL-778899-R" in de and "Datum: ____" in de
    # The agreement's save rules agree: its contract now has no stipend or insurance problem.
    assert documents.agreement_document(db, w.agreement_id) is not None


def test_an_amendment_that_only_renews_the_insurance_is_recorded(db: Office) -> None:
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    expiry = END + timedelta(days=400)
    outcome = db.amend_agreement(w.agreement_id, {"insurance_expiry": expiry.isoformat(),
                                                  "effective_on": TODAY.isoformat(), "reason": "Póliza renovada"})
    signed_by_all(db, w.agreement_id)
    assert outcome.number == 1 and records.get(db, "agreements", w.agreement_id)["insurance_expiry"] == expiry


def _dropping_plan(db: Office, agreement_id: int) -> int:
    """A new version of the agreement's plan without its first position (the apprentice has left it), the
    second lasting as long as both did."""
    plan_id = records.get(db, "agreements", agreement_id)["rotation_plan_id"]
    new_id = new_plan_version(db, plan_id, valid_from=TODAY).id
    steps = records.get(db, "rotation_plans", new_id)["steps"]
    steps[1]["weeks"] += steps[0]["weeks"]
    records.update(db, "rotation_plans", new_id, {"steps": steps[1:]}, accept_warnings=True)
    return new_id


def test_time_recorded_at_a_position_the_new_plan_drops_stays_shown(db: Office) -> None:
    """Issue 22 (re-trial): after an amendment to a plan version without a position, the weeks the apprentice
    already spent there vanished from the agreement's rotation and the progress report. They stay, marked as no
    longer in the plan; the rating grid's rotation (the plan's) does not offer that position."""
    from vetdesk.services.training import agreement_rotation

    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    dropped = w.positions[0]
    db.amend_agreement(w.agreement_id, {"rotation_plan_id": str(_dropping_plan(db, w.agreement_id)),
                                        "effective_on": TODAY.isoformat(), "reason": "Estación 1 cerrada"},
                       accept_warnings=True)
    signed_by_all(db, w.agreement_id)
    plan_only = agreement_rotation(db, w.agreement_id)
    assert dropped not in [line.row.position_id for line in plan_only]
    shown = agreement_rotation(db, w.agreement_id, with_dropped=True)
    [gone] = [line for line in shown if line.row.position_id == dropped]
    assert not gone.row.in_plan and gone.period_id is not None
    assert (gone.row.actual_start, gone.row.actual_end) == (START, START + timedelta(weeks=6, days=-1))
    assert gone.row.name == "Estación 1" and gone.as_dict()["in_plan"] is False
    progress = documents.progress_document(db, agreement_id=w.agreement_id)
    [at_dropped] = [p for p in progress.positions if not p.in_plan]
    assert at_dropped.name == "Estación 1" and at_dropped.actual_days == 42
    assert [p.name for p in progress.positions if p.in_plan][0] == "Estación 2"


def test_an_amendment_has_its_own_life_and_changes_the_agreement_once_signed(db: Office) -> None:
    """Issue 23 (trial): amend said "takes effect once the parties sign it" and changed the agreement at once.
    Recorded → printed for signature → signed by the agreement's parties (its signature rules) → in effect from
    the day it states, never before the last signature; every refusal writes nothing."""
    w = make_world(db, minor=True, positions=3, rated=False, status="active")
    new_end = END + timedelta(weeks=8)
    values = {"rotation_plan_id": str(_slipped_plan(db, w.agreement_id)), "end_date": new_end.isoformat(),
              "reason": "Paro técnico"}
    # A day of effect before today: it cannot take effect before it is signed.
    with pytest.raises(RuleViolation) as past:
        db.amend_agreement(w.agreement_id, values | {"effective_on": (TODAY - timedelta(days=1)).isoformat()},
                           accept_warnings=True)
    assert [p.code for p in past.value.errors] == ["amendment.effective_past"]
    stated = TODAY + timedelta(days=3)
    outcome = db.amend_agreement(w.agreement_id, values | {"effective_on": stated.isoformat()}, accept_warnings=True)
    assert outcome.effective_on == stated and not outcome.signed
    [listed] = amendments.list_amendments(db, w.agreement_id)
    assert listed["state"] == "recorded" and listed["effective_on"] == stated
    # One at a time: another waits for this one's signatures.
    with pytest.raises(RuleViolation) as pending:
        db.amend_agreement(w.agreement_id, {"end_date": END.isoformat(), "reason": "Otra"}, accept_warnings=True)
    assert pending.value.errors[0].code == "amendment.pending"
    # Signatures are recorded on a printed amendment, by the agreement's parties (a minor: the guardian too).
    counted = _count(db)
    with pytest.raises(RuleViolation) as unprinted:
        db.sign_amendment(w.agreement_id, {"company_signed_on": TODAY.isoformat()})
    assert unprinted.value.errors[0].code == "amendment.not_printed" and _count(db) == counted
    db.amendment_printed(w.agreement_id)
    assert [name for name, _day in amendments.signatures(db, w.agreement_id)] == [
        name for name, _day in records.signatures(db, w.agreement_id)]
    assert "guardian_signed_on" in dict(amendments.signatures(db, w.agreement_id))
    counted = _count(db)
    with pytest.raises(RuleViolation) as future:  # the agreement's own signature rule, its words
        db.sign_amendment(w.agreement_id, {"company_signed_on": (TODAY + timedelta(days=1)).isoformat()})
    assert [(p.field, p.code) for p in future.value.errors] == [("company_signed_on", "signature.future")]
    assert _count(db) == counted and dict(amendments.signatures(db, w.agreement_id))["company_signed_on"] is None
    partly = db.sign_amendment(w.agreement_id, {"company_signed_on": TODAY.isoformat()})
    assert not partly.signed and records.get(db, "agreements", w.agreement_id)["end_date"] == END
    assert amendments.list_amendments(db, w.agreement_id)[0]["state"] == "printed"
    # The last signature: the agreement takes the terms, in effect from the day stated (after the signing).
    rest = {name: TODAY.isoformat() for name, day in amendments.signatures(db, w.agreement_id) if day is None}
    done = db.sign_amendment(w.agreement_id, rest)
    assert done.signed and done.effective_on == stated
    assert records.get(db, "agreements", w.agreement_id)["end_date"] == new_end
    [listed] = amendments.list_amendments(db, w.agreement_id)
    assert (listed["state"], listed["signed_on"], listed["in_effect_from"]) == ("signed", TODAY, stated)
    assert amendments.list_amendments(db, w.agreement_id, today=stated)[0]["state"] == "in_effect"
    with pytest.raises(RuleViolation) as again:
        db.sign_amendment(w.agreement_id, {"company_signed_on": TODAY.isoformat()}, number=1)
    assert again.value.errors[0].code == "amendment.signed"


def test_a_day_of_effect_the_signatures_came_after_gives_way_to_the_signing(db: Office) -> None:
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    recorded_on = TODAY - timedelta(days=10)
    db.amend_agreement(w.agreement_id, {"end_date": (END + timedelta(weeks=1)).isoformat(), "reason": "Una semana",
                                        "effective_on": (recorded_on + timedelta(days=2)).isoformat()},
                       accept_warnings=True, today=recorded_on)
    db.amendment_printed(w.agreement_id)
    parties = {name: TODAY.isoformat() for name, _day in amendments.signatures(db, w.agreement_id)}
    from vetdesk.domain.problems import WarningsNotAccepted

    with pytest.raises(WarningsNotAccepted) as late:
        db.sign_amendment(w.agreement_id, parties)
    assert "amendment.late_signing" in {p.code for p in late.value.warnings}
    assert records.get(db, "agreements", w.agreement_id)["end_date"] == END
    done = db.sign_amendment(w.agreement_id, parties, accept_warnings=True)
    assert done.signed and done.effective_on == TODAY

"""Amendments to a signed learning agreement: from a day on, the training follows another rotation plan (a new
version of the plan) or ends on another day, for a reason (issue 22: training that slips).

One named operation (:func:`record_amendment`, ``Office.amend_agreement``): checked by the rules of
:mod:`vetdesk.domain.amendments` and the agreement's own set-up rules (the plan is the company's for the programme,
its weeks cover the term, its positions teach the catalogue, the apprentice's other agreements and recorded
dates), written in one unit of work with its audit entry. The agreement then runs on the new plan and end; what
the parties signed first stays in its kept annex (``printed_annex``), and each amendment keeps the training before
and after it, printed for signature by :func:`amendment_document` (``reports.amendment``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vetdesk.domain import amendments as A
from vetdesk.domain import contract, lifecycle, rules
from vetdesk.domain.problems import Problem, RuleViolation, error, errors
from vetdesk.i18n import N_, _, ngettext
from vetdesk.services import agreement_sheet as sheet
from vetdesk.services import fields as F
from vetdesk.services import training_rules as TR
from vetdesk.services.changes import NOTHING, ChangeSet
from vetdesk.services.uow import acting, authorize, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    AgreementAmendment,
    LearningAgreement,
    LearningPosition,
    PositionPeriod,
    RotationPlan,
)
from vetdesk.storage.plain import SessionReads

#: The set-up rules an amendment is judged by besides its own (a new plan version valid from the day of effect
#: is not "valid after the agreement starts": that is what an amendment is).
_SETUP_CODES = frozenset({"plan.term", "plan.coverage", "agreement.collaboration_ends", "plan.mismatch"})


@dataclass
class AmendmentOutcome:
    """A recorded amendment: its id, number and reference, the warnings accepted, what changed."""

    id: int
    agreement_id: int
    number: int
    reference: str
    warnings: list[Problem] = field(default_factory=list)
    changes: ChangeSet = NOTHING


#: The values of an amendment, named in the user's words wherever they are typed (the window's dialog, ``vetdesk
#: amend``) and read by the same parsing as any record's fields.
AMENDMENT_FIELDS = (
    F.Field("rotation_plan_id", "ref:rotation_plans", N_("Rotation plan from then on")),
    F.Field("end_date", "date", N_("New end date")),
    F.Field("effective_on", "date", N_("Effective from")),
    F.Field("reason", "text", N_("Reason for the amendment"), max_length=2000, multiline=True),
    # The terms a longer (or shorter) term needs changed with it, named as on the agreement (its rules' messages
    # say "under Stipend in later training years", "under Insurance expiry"): a training year more needs its
    # stipend (§ 17 BBiG), a later end an accident insurance that still covers it.
    F.Field("stipend_steps", "amounts", N_("Stipend in later training years"), max_length=200),
    F.Field("insurance_policy", "text", N_("Accident-insurance policy"), max_length=60),
    F.Field("insurance_expiry", "date", N_("Insurance expiry")),
)

#: The agreement's terms an amendment may change besides its plan and end; absent from the values: unchanged.
TERMS = ("stipend_steps", "insurance_policy", "insurance_expiry")


def parse(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The amendment's values as typed (the window's or the command line's text) read: the plan's id, the end
    and the day of effect as dates (as the reader writes them, or ISO), the reason as text."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for spec in AMENDMENT_FIELDS:
        if spec.name in values:
            value, problem = F.parse_value(spec, values[spec.name])
            out[spec.name] = value
            if problem is not None:
                problems.append(problem)
    out["reason"] = out.get("reason") or ""
    if isinstance(out.get("insurance_policy"), str):
        out["insurance_policy"] = out["insurance_policy"].strip() or None
    return out, problems


def _terms(ag: LearningAgreement, change: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The agreement's terms (:data:`TERMS`) as they stand and as the amendment leaves them."""
    before = {name: getattr(ag, name) for name in TERMS}
    after = before | {name: change[name] for name in TERMS if name in change}
    if contract.parse_steps(after["stipend_steps"]) == contract.parse_steps(before["stipend_steps"]):
        after["stipend_steps"] = before["stipend_steps"]  # the same amounts, however written
    elif not after["stipend_steps"]:
        after["stipend_steps"] = None
    return before, after


def _stored(terms: Mapping[str, Any]) -> dict[str, Any]:
    """The terms as the amendment keeps them (JSON: a day as its ISO text)."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in terms.items()}


def _read_terms(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    out = dict(stored or {})
    if isinstance(out.get("insurance_expiry"), str):
        out["insurance_expiry"] = date.fromisoformat(out["insurance_expiry"])
    return out


def _missing(agreement_id: int) -> RuleViolation:
    return RuleViolation([error("id", _("There is no learning agreement with id {id}. Check the number (vetdesk "
                                        "list agreements).").format(id=agreement_id), "record.missing")])


def _effective_annex(session: Session, ag: LearningAgreement) -> dict[str, Any]:
    """The training as the agreement states it now: its last amendment's, else what it was signed with, else
    (an agreement printed before the annex was kept) today's catalogue."""
    last = session.scalars(select(AgreementAmendment).where(AgreementAmendment.agreement_id == ag.id)
                           .order_by(AgreementAmendment.number.desc()).limit(1)).first()
    if last is not None:
        return dict(last.annex["after"])
    return dict(ag.printed_annex) if ag.printed_annex else sheet.annex_of(ag, ag.programme.competencies)


def _problems(session: Session, ag: LearningAgreement, change: dict[str, Any], today: date) -> list[Problem]:
    new_plan_id = change.get("rotation_plan_id") or ag.rotation_plan_id
    new_end = change.get("end_date") or ag.end_date
    terms_before, terms_after = _terms(ag, change)
    problems = A.check_amendment(A.AmendmentFacts(
        reference=ag.reference, status=ag.status, start=ag.start_date, end=ag.end_date, plan_id=ag.rotation_plan_id,
        new_plan_id=new_plan_id, new_end=new_end, effective_on=change.get("effective_on"),
        reason=change.get("reason") or "", terms_changed=terms_after != terms_before))
    if any(p.code == "amendment.status" for p in problems):
        return problems
    plan = session.get(RotationPlan, new_plan_id) if new_plan_id else None
    if new_plan_id and plan is None:
        problems.append(error("rotation_plan_id", _(
            "There is no rotation plan with id {id}. Check the number (vetdesk list rotation_plans).").format(
                id=new_plan_id), "amendment.plan"))
        return problems
    if errors(problems):
        return problems
    values = {c.key: getattr(ag, c.key) for c in LearningAgreement.__table__.columns if hasattr(ag, c.key)}
    values |= {"rotation_plan_id": new_plan_id, "end_date": new_end} | terms_after
    fits = plan is None or (plan.company_id == ag.company_id and plan.programme_id == ag.programme_id)
    if not fits:
        problems.append(TR.plan_mismatch())
    problems += [p for p in TR.agreement_setup_problems(session, values, ag, today, plan_fits=fits)
                 if p.code in _SETUP_CODES]
    if new_end != ag.end_date:  # the apprentice's other agreements in force
        for other in session.execute(select(
                LearningAgreement.id, LearningAgreement.status, LearningAgreement.start_date,
                LearningAgreement.end_date, LearningAgreement.reference).where(
                LearningAgreement.apprentice_id == ag.apprentice_id, LearningAgreement.id != ag.id,
                LearningAgreement.status.in_([s.value for s in lifecycle.CURRENT]),
                LearningAgreement.start_date <= new_end, LearningAgreement.end_date >= ag.start_date)):
            problems.append(replace(rules.overlap_problem(rules.OtherAgreement(*other)), field="end_date"))
    kept = {s.position_id for s in plan.plan_steps} if plan is not None else set()
    effective_on = change["effective_on"]
    for name, position_id, start, end in session.execute(
            select(LearningPosition.name, PositionPeriod.position_id, PositionPeriod.actual_start,
                   PositionPeriod.actual_end).join(LearningPosition, LearningPosition.id == PositionPeriod.position_id)
            .where(PositionPeriod.agreement_id == ag.id).order_by(PositionPeriod.actual_start)):
        if (end is not None and end > new_end) or (start is not None and start > new_end):
            problems.append(A.past_new_end(name, end, new_end))
        elif end is None and start is not None and new_end < today:
            problems.append(A.past_new_end(name, None, new_end))
        if new_plan_id != ag.rotation_plan_id and position_id not in kept and start is not None \
                and (end is None or end >= effective_on):
            problems.append(A.dropped_position(name, effective_on))
    # The contract the parties sign stays one printing would accept: what the amended term breaks, newly.
    from vetdesk.services.kinds import contract_problems_of

    said = {p.code for p in errors(contract_problems_of(session, _as_signed(values, ag), None))}
    problems += [p for p in errors(contract_problems_of(session, values, None)) if p.code not in said]
    return problems


def _as_signed(values: dict[str, Any], ag: LearningAgreement) -> dict[str, Any]:
    return values | {"rotation_plan_id": ag.rotation_plan_id, "end_date": ag.end_date} \
        | {name: getattr(ag, name) for name in TERMS}


def check(db: Database, agreement_id: int, values: Mapping[str, Any], *, today: date | None = None
          ) -> list[Problem]:
    """Every problem recording this amendment would meet, without writing anything (the window's dialog)."""
    change, problems = parse(values)
    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise _missing(agreement_id)
        return problems + _problems(session, ag, change, today or date.today())


def record_amendment(db: Database, agreement_id: int, values: Mapping[str, Any], *, accept_warnings: bool = False,
                     today: date | None = None) -> AmendmentOutcome:
    """Record an amendment to a signed or active agreement: from ``effective_on`` the training follows
    ``rotation_plan_id`` and ends on ``end_date`` (either may stay as it is), for ``reason``; the later training
    years' stipends and the accident insurance (:data:`TERMS`) change with it where given. Refused, with
    every reason at once and nothing written, when a rule says no; warnings are asked first
    (``WarningsNotAccepted``) unless ``accept_warnings``."""
    from vetdesk.services.records import _decide

    today = today or date.today()
    change, problems = parse(values)
    if errors(problems):
        raise RuleViolation(problems)
    with unit_of_work(db, _(A.LABEL), permission="write") as uow:
        session = uow.session
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise _missing(agreement_id)
        accepted = _decide(_problems(session, ag, change, today), accept_warnings)
        new_plan_id = change.get("rotation_plan_id") or ag.rotation_plan_id
        new_end = change.get("end_date") or ag.end_date
        terms_before, terms_after = _terms(ag, change)
        number = (session.scalar(select(func.max(AgreementAmendment.number))
                                 .where(AgreementAmendment.agreement_id == ag.id)) or 0) + 1
        before_annex = _effective_annex(session, ag)
        plan = session.get(RotationPlan, new_plan_id) if new_plan_id else None
        after_annex = sheet.annex_of(SimpleNamespace(programme=ag.programme, rotation_plan=plan,
                                                     programme_id=ag.programme_id, start_date=ag.start_date,
                                                     end_date=new_end), ag.programme.competencies)
        amendment = AgreementAmendment(
            agreement_id=ag.id, number=number, effective_on=change["effective_on"], reason=change["reason"],
            previous_plan_id=ag.rotation_plan_id, rotation_plan_id=new_plan_id, previous_end_date=ag.end_date,
            end_date=new_end, annex={"before": before_annex, "after": after_annex,
                                     "terms": {"before": _stored(terms_before), "after": _stored(terms_after)}},
            recorded_on=today,
            recorded_by=uow.actor.username, created_at=utcnow())
        session.add(amendment)
        changed = [name for name in TERMS if terms_after[name] != terms_before[name]]
        before = {"rotation_plan_id": ag.rotation_plan_id, "end_date": ag.end_date} \
            | {name: terms_before[name] for name in changed}
        ag.rotation_plan_id, ag.end_date = new_plan_id, new_end
        for name in changed:
            setattr(ag, name, terms_after[name])
        ag.version = (ag.version or 0) + 1
        ag.updated_at = utcnow()
        session.flush()
        session.expire(ag, ["rotation_plan"])
        uow.audit(kind="agreements", record_id=ag.id, action=A.ACTION, before=before,
                  after={"rotation_plan_id": new_plan_id, "end_date": new_end, "amendment": number,
                         "effective_on": change["effective_on"], "reason": change["reason"]}
                  | {name: terms_after[name] for name in changed})
        outcome = AmendmentOutcome(amendment.id, ag.id, number, A.reference(ag.reference, number), accepted)
    outcome.changes = uow.changes
    return outcome


def list_amendments(db: Database, agreement_id: int) -> list[dict[str, Any]]:
    """The agreement's amendments, first first: number, reference, day of effect, reason, plan and end before
    and after (refused outside the user's scope, as the agreement itself)."""
    from vetdesk.services import records

    agreement = records.get(db, "agreements", agreement_id)
    with reading(db) as session:
        rows = session.scalars(select(AgreementAmendment).where(AgreementAmendment.agreement_id == agreement_id)
                               .order_by(AgreementAmendment.number))
        return [{"id": a.id, "number": a.number, "reference": A.reference(agreement["reference"], a.number),
                 "effective_on": a.effective_on, "reason": a.reason, "previous_plan_id": a.previous_plan_id,
                 "rotation_plan_id": a.rotation_plan_id, "previous_end_date": a.previous_end_date,
                 "end_date": a.end_date, "recorded_on": a.recorded_on, "recorded_by": a.recorded_by}
                for a in rows]


# -- the document ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AmendmentDocument:
    """An amendment as printed for the parties' signature: the agreement it amends (its parties, as signed),
    what changes from when and why, and the rotation plan from then on."""

    agreement: sheet.AgreementDocument
    number: int
    reference: str
    effective_on: date
    reason: str
    recorded_on: date
    #: The day the parties signed the agreement (the latest of their signatures).
    signed_on: date | None
    previous_end: date
    end: date
    plan_before: sheet.PlanInfo | None
    plan_after: sheet.PlanInfo | None
    positions: tuple[sheet.PositionLine, ...]
    #: The positions of the plan before that the new one drops, and those it adds (names).
    dropped: tuple[str, ...]
    added: tuple[str, ...]
    #: The weeks of the plan before and after.
    weeks_before: int
    weeks_after: int
    #: The later training years' stipends and the accident insurance before and after (:data:`TERMS`; an
    #: amendment recorded before they could change holds them unchanged).
    stipend_steps_before: tuple[Decimal, ...] = ()
    stipend_steps_after: tuple[Decimal, ...] = ()
    policy_before: str | None = None
    policy_after: str | None = None
    insurance_expiry_before: date | None = None
    insurance_expiry_after: date | None = None

    @property
    def stipend_changed(self) -> bool:
        return self.stipend_steps_before != self.stipend_steps_after

    @property
    def insurance_changed(self) -> bool:
        return (self.policy_before, self.insurance_expiry_before) != (self.policy_after, self.insurance_expiry_after)

    @property
    def qr_reference(self) -> str:
        return f"vetdesk:amendment:{self.reference}"

    @property
    def plan_changed(self) -> bool:
        return self.plan_before != self.plan_after or self.weeks_before != self.weeks_after \
            or self.dropped != () or self.added != ()


def amendment_document(db: Database, agreement_id: int, number: int | None = None, *,
                       language: str | None = None) -> AmendmentDocument:
    """Amendment ``number`` (by default the latest) of the agreement, as printed for signature."""
    authorize(acting(db), "print")
    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise _missing(agreement_id)
        stmt = select(AgreementAmendment).where(AgreementAmendment.agreement_id == agreement_id)
        stmt = stmt.where(AgreementAmendment.number == number) if number is not None else \
            stmt.order_by(AgreementAmendment.number.desc()).limit(1)
        found = session.scalars(stmt).first()
        if found is None:
            # Named by the option that chose it (the message alone when none was chosen), not by a column.
            raise RuleViolation([error("--number" if number is not None else "", (_(
                "Agreement {ref} has no amendment {n}.").format(ref=ag.reference, n=number) if number is not None
                else _("Agreement {ref} has no amendment yet. Record one first (Record amendment…, or vetdesk "
                       "amend).").format(ref=ag.reference)), "amendment.missing")])
        agreement = sheet.gather(SessionReads(session), agreement_id, language=language, for_signature=False)
        before, after = sheet.from_annex(found.annex["before"]), sheet.from_annex(found.annex["after"])
        names_before = [p.name for p in before.positions]
        names_after = [p.name for p in after.positions]
        terms = found.annex.get("terms") or {}
        t_before, t_after = _read_terms(terms.get("before")), _read_terms(terms.get("after"))
        signed = [d for d in (ag.company_signed_on, ag.apprentice_signed_on, ag.guardian_signed_on,
                              ag.guardian2_signed_on, ag.school_signed_on, ag.chamber_signed_on) if d is not None]
        return AmendmentDocument(
            agreement=agreement, number=found.number, reference=A.reference(ag.reference, found.number),
            effective_on=found.effective_on, reason=found.reason, recorded_on=found.recorded_on,
            signed_on=max(signed) if signed else None, previous_end=found.previous_end_date, end=found.end_date,
            plan_before=before.plan, plan_after=after.plan, positions=after.positions,
            dropped=tuple(n for n in dict.fromkeys(names_before) if n not in names_after),
            added=tuple(n for n in dict.fromkeys(names_after) if n not in names_before),
            weeks_before=before.weeks, weeks_after=after.weeks,
            stipend_steps_before=contract.parse_steps(t_before.get("stipend_steps")),
            stipend_steps_after=contract.parse_steps(t_after.get("stipend_steps")),
            policy_before=t_before.get("insurance_policy"), policy_after=t_after.get("insurance_policy"),
            insurance_expiry_before=t_before.get("insurance_expiry"),
            insurance_expiry_after=t_after.get("insurance_expiry"))


def plan_choices(db: Database, agreement_id: int) -> list[tuple[int, str]]:
    """The rotation plans an amendment of this agreement may name: its company's for its programme, newest
    version first, each as "name, version N (W weeks)" (the window's choice)."""
    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise _missing(agreement_id)
        plans = session.scalars(select(RotationPlan).where(
            RotationPlan.company_id == ag.company_id, RotationPlan.programme_id == ag.programme_id)
            .order_by(RotationPlan.name, RotationPlan.plan_version.desc(), RotationPlan.id))
        out = []
        for p in plans:
            weeks = sum(s["weeks"] for s in p.steps)
            out.append((p.id, ngettext("{name}, version {version} ({weeks} week)",
                                       "{name}, version {version} ({weeks} weeks)", weeks).format(
                name=p.name, version=p.plan_version, weeks=weeks)))
        return out

"""Amendments to a signed learning agreement: from a day on, the training follows another rotation plan (a new
version of the plan) or ends on another day, for a reason (issue 22: training that slips).

An amendment has its own life (issue 23): recorded (:func:`record_amendment`, ``Office.amend_agreement``),
printed for signature (:func:`printed`, ``reports.amendment``), signed by the parties the agreement has
(:func:`sign_amendment`, ``Office.sign_amendment``: the agreement's own signature rules), and in effect from the
day it states, else from the day the last party signed. It is checked by the rules of
:mod:`vetdesk.domain.amendments` and by the agreement's own rules (those editing it runs: the programme's term,
the plan's weeks and coverage, the contract's stipend and insurance…) when recorded and again when signed. The
agreement's terms change only when the last party signs; what the parties signed first stays in its kept annex
(``printed_annex``), and each amendment keeps the training before and after it.
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
from vetdesk.i18n import N_, _, ngettext, shown_day
from vetdesk.services import agreement_sheet as sheet
from vetdesk.services import fields as F
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

#: The agreement's rules an amendment is not judged by (a new plan version valid from the day of effect is not
#: "valid after the agreement starts": that is what an amendment is).
_NOT_FOR_AMENDMENTS = frozenset({"plan.superseded", "plan.not_yet_valid"})


@dataclass
class AmendmentOutcome:
    """A recorded amendment: its id, number and reference, the warnings accepted, what changed."""

    id: int
    agreement_id: int
    number: int
    reference: str
    warnings: list[Problem] = field(default_factory=list)
    changes: ChangeSet = NOTHING
    #: The day it states it takes effect (None: from its signing by all the parties); once signed by all, the
    #: day it took effect.
    effective_on: date | None = None
    #: Whether every party has now signed it (the agreement took its terms).
    signed: bool = False




#: The values of an amendment, named in the user's words wherever they are typed (the window's dialog, ``vetdesk
#: amend``) and read by the same parsing as any record's fields.
AMENDMENT_FIELDS = (
    F.Field("rotation_plan_id", "ref:rotation_plans", N_("Rotation plan from then on")),
    F.Field("end_date", "date", N_("New end date")),
    F.Field("effective_on", "date", N_("Effective from")),
    # A whole training year more (or less) changes the modality the agreement states with its term.
    F.Field("modality_years", "int", N_("Years in the company"), minimum=1, maximum=4),
    F.Field("reason", "text", N_("Reason for the amendment"), max_length=2000, multiline=True),
    # The terms a longer (or shorter) term needs changed with it, named as on the agreement (its rules' messages
    # say "under Stipend in later training years", "under Insurance expiry"): a training year more needs its
    # stipend (§ 17 BBiG), a later end an accident insurance that still covers it.
    F.Field("stipend_steps", "amounts", N_("Stipend in later training years"), max_length=200),
    F.Field("insurance_policy", "text", N_("Accident-insurance policy"), max_length=60),
    F.Field("insurance_expiry", "date", N_("Insurance expiry")),
)

#: The agreement's terms an amendment may change besides its plan and end; absent from the values: unchanged.
TERMS = A.TERMS
_read_terms = A.read_terms
changes_of = A.changes_of
state = A.state


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
    if change.get("modality_years") is None:
        change = {k: v for k, v in change.items() if k != "modality_years"}
    after = before | {name: change[name] for name in TERMS if name in change}
    if contract.parse_steps(after["stipend_steps"]) == contract.parse_steps(before["stipend_steps"]):
        after["stipend_steps"] = before["stipend_steps"]  # the same amounts, however written
    elif not after["stipend_steps"]:
        after["stipend_steps"] = None
    return before, after


def _stored(terms: Mapping[str, Any]) -> dict[str, Any]:
    """The terms as the amendment keeps them (JSON: a day as its ISO text)."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in terms.items()}


def _missing(agreement_id: int) -> RuleViolation:
    return RuleViolation([error("id", _("There is no learning agreement with id {id}. Check the number (vetdesk "
                                        "list agreements).").format(id=agreement_id), "record.missing")])


def _effective_annex(session: Session, ag: LearningAgreement) -> dict[str, Any]:
    """The training as the agreement states it now: its last amendment's, else what it was signed with, else
    (an agreement printed before the annex was kept) today's catalogue."""
    last = session.scalars(select(AgreementAmendment).where(AgreementAmendment.agreement_id == ag.id,
                                                            AgreementAmendment.signed_on.is_not(None))
                           .order_by(AgreementAmendment.number.desc()).limit(1)).first()
    if last is not None:
        return dict(last.annex["after"])
    return dict(ag.printed_annex) if ag.printed_annex else sheet.annex_of(ag, ag.programme.competencies)


def _problems(session: Session, ag: LearningAgreement, change: dict[str, Any], today: date, *,
              signing: bool = False) -> list[Problem]:
    """What stops the amendment (``signing``: judged again as the last party signs, on the agreement as it is
    then; a day of effect stated is no longer compared with today)."""
    new_plan_id = change.get("rotation_plan_id") or ag.rotation_plan_id
    new_end = change.get("end_date") or ag.end_date
    terms_before, terms_after = _terms(ag, change)
    problems = A.check_amendment(A.AmendmentFacts(
        reference=ag.reference, status=ag.status, start=ag.start_date, end=ag.end_date, plan_id=ag.rotation_plan_id,
        new_plan_id=new_plan_id, new_end=new_end, effective_on=change.get("effective_on"),
        reason=change.get("reason") or "", terms_changed=terms_after != terms_before,
        today=None if signing else today))
    if signing:  # signed as recorded: that it changes something was said then
        problems = [p for p in problems if p.code != "amendment.nothing"]
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
    if new_end != ag.end_date:  # the apprentice's other agreements in force
        for other in session.execute(select(
                LearningAgreement.id, LearningAgreement.status, LearningAgreement.start_date,
                LearningAgreement.end_date, LearningAgreement.reference).where(
                LearningAgreement.apprentice_id == ag.apprentice_id, LearningAgreement.id != ag.id,
                LearningAgreement.status.in_([s.value for s in lifecycle.CURRENT]),
                LearningAgreement.start_date <= new_end, LearningAgreement.end_date >= ag.start_date)):
            problems.append(replace(rules.overlap_problem(rules.OtherAgreement(*other)), field="end_date"))
    kept = {s.position_id for s in plan.plan_steps} if plan is not None else set()
    effective_on = change.get("effective_on") or max(today, ag.start_date)
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
    # The agreement's own rules, the ones editing it runs (the programme's months, the plan's weeks and
    # coverage, the collaboration, the contract the parties sign: its stipend rising each year, its insurance
    # covering the term, its modality): what the amended terms break, newly, in the rule's own words.
    from vetdesk.services.kinds import _check_agreement, contract_problems_of

    # A problem the agreement already has is not the amendment's, unless it is about what the amendment changes
    # (an end already past the programme's months is not moved further by an amendment).
    signed = _as_signed(values, ag)
    changed = {name for name in ("rotation_plan_id", "end_date", *TERMS) if values.get(name) != signed.get(name)}
    said = {(p.code, p.message) for p in [*_check_agreement(session, signed, ag, today),
                                          *errors(contract_problems_of(session, signed, None))]
            if p.field not in changed}
    said |= {(p.code, p.message) for p in problems}
    for p in [*_check_agreement(session, values, ag, today), *errors(contract_problems_of(session, values, None))]:
        if p.code not in _NOT_FOR_AMENDMENTS and (p.code, p.message) not in said:
            said.add((p.code, p.message))
            problems.append(p)
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


def _pending(session: Session, agreement_id: int) -> AgreementAmendment | None:
    """The agreement's amendment not yet signed by all its parties, if any (one at a time)."""
    return session.scalars(select(AgreementAmendment).where(AgreementAmendment.agreement_id == agreement_id,
                                                            AgreementAmendment.signed_on.is_(None))
                           .order_by(AgreementAmendment.number.desc()).limit(1)).first()


def _still_pending(reference: str, agreement_id: int) -> Problem:
    return error("", _("Amendment {reference} has not been signed by all the parties yet. Record its signatures "
                       "(“Record amendment signatures…” on the agreement, or vetdesk sign amendment {id} "
                       "PARTY=DATE) before recording another.").format(reference=reference, id=agreement_id),
                 "amendment.pending")


def record_amendment(db: Database, agreement_id: int, values: Mapping[str, Any], *, accept_warnings: bool = False,
                     today: date | None = None) -> AmendmentOutcome:
    """Record an amendment to a signed or active agreement: from ``effective_on`` (else from the day the last
    party signs it) the training follows ``rotation_plan_id`` and ends on ``end_date`` (either may stay as it
    is), for ``reason``; the later training years' stipends, the accident insurance and the years in the company
    (:data:`TERMS`) change with it where given. The agreement does not change yet: it takes the amendment's
    terms once every party signed it (:func:`sign_amendment`). Refused, with every reason at once and nothing
    written, when a rule says no; warnings are asked first (``WarningsNotAccepted``) unless ``accept_warnings``."""
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
        waiting = _pending(session, ag.id)
        if waiting is not None and lifecycle.Status(ag.status) in A.AMENDABLE:
            raise RuleViolation([_still_pending(A.reference(ag.reference, waiting.number), ag.id)])
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
            agreement_id=ag.id, number=number, effective_on=change.get("effective_on"), reason=change["reason"],
            previous_plan_id=ag.rotation_plan_id, rotation_plan_id=new_plan_id, previous_end_date=ag.end_date,
            end_date=new_end, annex={"before": before_annex, "after": after_annex,
                                     "terms": {"before": _stored(terms_before), "after": _stored(terms_after)}},
            recorded_on=today, recorded_by=uow.actor.username, created_at=utcnow(), signatures={})
        session.add(amendment)
        session.flush()
        uow.audit(kind="agreements", record_id=ag.id, action=A.ACTION,
                  after={"amendment": number, "effective_on": change.get("effective_on"), "reason": change["reason"]})
        outcome = AmendmentOutcome(amendment.id, ag.id, number, A.reference(ag.reference, number), accepted,
                                   effective_on=change.get("effective_on"))
    outcome.changes = uow.changes
    return outcome


def _change_of(found: AgreementAmendment) -> dict[str, Any]:
    """What a recorded amendment changes, as :func:`parse` reads it from the values typed."""
    terms = _read_terms((found.annex.get("terms") or {}).get("after"))
    return {"rotation_plan_id": found.rotation_plan_id, "end_date": found.end_date,
            "effective_on": found.effective_on, "reason": found.reason} \
        | {name: terms[name] for name in TERMS if name in terms}


def _amendment_of(session: Session, ag: LearningAgreement, number: int | None) -> AgreementAmendment:
    """Amendment ``number`` of the agreement, else the one awaiting signatures; refused when there is none."""
    if number is not None:
        found = session.scalars(select(AgreementAmendment).where(
            AgreementAmendment.agreement_id == ag.id, AgreementAmendment.number == number)).first()
        if found is None:
            raise RuleViolation([error("--number", _("Agreement {ref} has no amendment {n}.").format(
                ref=ag.reference, n=number), "amendment.missing")])
        return found
    found = _pending(session, ag.id)
    if found is None:
        raise RuleViolation([error("", _(
            "Agreement {ref} has no amendment awaiting signatures. Record one first (Record amendment…, or vetdesk "
            "amend).").format(ref=ag.reference), "amendment.none_pending")])
    return found


def language_of_record(db: Database, agreement_id: int) -> str | None:
    """The language the agreement was signed in ("es", "en", "de", "pt": its own printings for signature,
    ``agreement_sheet.printed_language``), the one its amendments are printed in for the parties to sign (the
    window's preview and ``vetdesk print amendment`` without --lang); None when its history does not say."""
    from vetdesk.services.print_check import language_of_record as of_agreement

    return of_agreement(db, agreement_id)


def _translation(reads: SessionReads, ag: LearningAgreement, language: str | None) -> str | None:
    """The language the agreement was signed in, when the amendment is printed in another one (a translation);
    None when printed in that language, or the history does not say."""
    from vetdesk.services.clauses import language_of

    signed_in = sheet.printed_language(reads, ag.id) if ag.status != lifecycle.Status.DRAFT.value else None
    return signed_in if signed_in is not None and signed_in != language_of(language or "es") else None


def translation_notice(db: Database, agreement_id: int, language: str | None, number: int | None = None) -> str:
    """What to know before amendment ``number`` (the latest) goes out in ``language`` when the agreement was
    signed in another one, as a signed agreement's copy in another language says it: it is a translation, not
    valid for signature, and the text in the language signed binds. "" when printed in the language signed. The
    window's preview shows it above the pages; ``vetdesk print amendment`` says it."""
    from vetdesk.services.clauses import LANGUAGE_NAMES, language_of

    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise _missing(agreement_id)
        signed_in = _translation(SessionReads(session), ag, language)
        if signed_in is None:
            return ""
        found = _amendment(session, agreement_id, number)
        name = A.reference(ag.reference, found.number) if found is not None else ag.reference
        return _("Agreement {agreement} was signed in {language}. Amendment {amendment} printed in {other} is a "
                 "translation, not valid for signature: the {language} text is the one that binds. Print it in "
                 "{language} for the parties to sign.").format(
            agreement=ag.reference, amendment=name, language=_(LANGUAGE_NAMES[signed_in]),
            other=_(LANGUAGE_NAMES.get(language_of(language or "es"), language or "")))


def printed(db: Database, agreement_id: int, number: int | None = None, *, language: str | None = None,
            today: date | None = None) -> ChangeSet:
    """Amendment ``number`` (by default the latest) was printed (or saved) for the parties to sign: the first
    printing of one awaiting signatures is its day "printed for signature" (signatures are recorded on it from
    then on); every printing is in the agreement's history, as any document's. Printed in another language than
    the agreement was signed in, it is a translation (:func:`translation_notice`): recorded as one, and not its
    printing for signature."""
    from vetdesk.services.documents import may_print

    may_print(db, "amendment")
    with unit_of_work(db, _("Print a document"), permission=None) as uow:
        session = uow.session
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise _missing(agreement_id)
        found = _amendment(session, agreement_id, number)
        translation = _translation(SessionReads(session), ag, language) is not None
        if found is not None and found.signed_on is None and found.printed_on is None and not translation:
            found.printed_on = today or date.today()
        uow.audit(kind="agreements", record_id=ag.id, action="print",
                  after={"document": "amendment", "language": language or "es"}
                  | ({"amendment": found.number} if found is not None else {})
                  | ({"translation": True} if translation else {}))
    return uow.changes


def signatures(db: Database, agreement_id: int, number: int | None = None) -> list[tuple[str, date | None]]:
    """Who signs the amendment (the agreement's parties: :func:`vetdesk.services.kinds.signatures_needed`, their
    signature fields in the document's order) and the day each signed it, None while they have not."""
    from vetdesk.services import records
    from vetdesk.services.kinds import signatures_needed

    records.get(db, "agreements", agreement_id)  # refused outside the user's scope, as the agreement itself
    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        assert ag is not None  # read just above
        found = _amendment_of(session, ag, number)
        kept = found.signatures or {}
        return [(name, date.fromisoformat(kept[name]) if kept.get(name) else None)
                for name in signatures_needed(session, ag)]


def sign_amendment(db: Database, agreement_id: int, dates: Mapping[str, Any], *, number: int | None = None,
                   accept_warnings: bool = False, today: date | None = None) -> AmendmentOutcome:
    """Record the parties' signatures of the agreement's amendment awaiting them (or ``number``) as they come in:
    ``dates`` gives a party's signature field (the agreement's: ``company_signed_on``…) the day it signed (None:
    not signed; a party not named keeps what is recorded). The dates follow the agreement's signature rules (not
    in the future, not before the amendment was printed). When every party the agreement has then signed, the
    amendment is judged again by the rules it was recorded under, on the agreement as it is now, and the
    agreement takes its terms in the same unit of work, in effect from the day it states, else from the day the
    last party signed (never before that)."""
    from vetdesk.services import records
    from vetdesk.services.kinds import KINDS, signatures_needed
    from vetdesk.services.records import _decide

    today = today or date.today()
    authorize(acting(db), "write")
    records.get(db, "agreements", agreement_id)  # refused outside the user's scope, as a missing record
    spec = {f.name: f for f in KINDS["agreements"].fields}
    with unit_of_work(db, _("Record amendment signatures"), permission="write") as uow:
        session = uow.session
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise _missing(agreement_id)
        found = _amendment_of(session, ag, number)
        reference = A.reference(ag.reference, found.number)
        if found.signed_on is not None:
            raise RuleViolation([error("", _(
                "Amendment {reference} was signed by all the parties on {date}; its signatures are kept as "
                "recorded.").format(reference=reference, date=shown_day(found.signed_on)), "amendment.signed")])
        if found.printed_on is None:
            raise RuleViolation([error("", _(
                "Signatures are recorded on a printed amendment: print amendment {reference} for signature first "
                "(“Print amendment…” on the agreement, or vetdesk print amendment {id} -o FILE.pdf).").format(
                    reference=reference, id=ag.id), "amendment.not_printed")])
        needed = signatures_needed(session, ag)
        typed: dict[str, date | None] = {}
        problems: list[Problem] = []
        for name in needed:
            if name in dates:
                value, problem = F.parse_value(spec[name], dates[name])
                typed[name] = value if problem is None else None
                if problem is not None:
                    problems.append(problem)
        problems += rules.check_signature_changes(dict[str, object](typed), today=today, printed=found.printed_on)
        kept = {k: date.fromisoformat(v) for k, v in (found.signatures or {}).items() if v}
        now = {name: day for name, day in (kept | typed).items() if name in needed and day is not None}
        complete = all(name in now for name in needed)
        if complete and not errors(problems):
            signed_on = max(now.values())
            # Judged again on the agreement as it is now: what refuses it still does; its warnings were asked
            # (and accepted) when it was recorded.
            problems += errors(_problems(session, ag, _change_of(found), today, signing=True))
            if found.effective_on is not None and found.effective_on < signed_on:
                problems.append(A.late_signing(found.effective_on, signed_on))
        accepted = _decide(problems, accept_warnings)
        found.signatures = {name: day.isoformat() for name, day in now.items()}
        entry: dict[str, Any] = {"amendment": found.number} | typed
        before: dict[str, Any] = {}
        if complete:
            found.signed_on = max(now.values())
            found.in_effect_from = A.in_effect_from(found.effective_on, found.signed_on)
            before, after = _apply(session, ag, found)
            entry |= after | {"effective_on": found.in_effect_from}
        session.flush()
        uow.audit(kind="agreements", record_id=ag.id, action=A.SIGNED_ACTION if complete else A.SIGNING_ACTION,
                  before=before or None, after=entry)
        outcome = AmendmentOutcome(found.id, ag.id, found.number, reference, accepted,
                                   effective_on=found.in_effect_from or found.effective_on, signed=complete)
    outcome.changes = uow.changes
    return outcome


def _apply(session: Session, ag: LearningAgreement, found: AgreementAmendment) -> tuple[dict[str, Any],
                                                                                    dict[str, Any]]:
    """The agreement takes the signed amendment's terms (those it changes; the agreement's other fields as they
    stand): what they were and what they are."""
    terms = found.annex.get("terms") or {}
    t_before, t_after = _read_terms(terms.get("before")), _read_terms(terms.get("after"))
    changed = [name for name in TERMS if name in t_after and t_after.get(name) != t_before.get(name)]
    before = {"rotation_plan_id": ag.rotation_plan_id, "end_date": ag.end_date} \
        | {name: getattr(ag, name) for name in changed}
    ag.rotation_plan_id, ag.end_date = found.rotation_plan_id, found.end_date
    for name in changed:
        setattr(ag, name, t_after[name])
    ag.version = (ag.version or 0) + 1
    ag.updated_at = utcnow()
    session.flush()
    session.expire(ag, ["rotation_plan"])
    after = {"rotation_plan_id": found.rotation_plan_id, "end_date": found.end_date} \
        | {name: t_after[name] for name in changed}
    return before, after


def list_amendments(db: Database, agreement_id: int, *, today: date | None = None) -> list[dict[str, Any]]:
    """The agreement's amendments, first first: number, reference, where it is in its life (:func:`state`), the
    day it states and the day it took effect, reason, plan and end before and after, the signatures so far
    (refused outside the user's scope, as the agreement itself)."""
    from vetdesk.services import records

    agreement = records.get(db, "agreements", agreement_id)
    today = today or date.today()
    with reading(db) as session:
        rows = session.scalars(select(AgreementAmendment).where(AgreementAmendment.agreement_id == agreement_id)
                               .order_by(AgreementAmendment.number))
        return [{"id": a.id, "number": a.number, "reference": A.reference(agreement["reference"], a.number),
                 "state": state(a, today), "effective_on": a.effective_on, "in_effect_from": a.in_effect_from,
                 "printed_on": a.printed_on, "signed_on": a.signed_on, "reason": a.reason,
                 "previous_plan_id": a.previous_plan_id,
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
    #: The day it states it takes effect; None: from its signing by all the parties.
    effective_on: date | None
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
        found = _amendment(session, agreement_id, number)
        if found is None:
            # Named by the option that chose it (the message alone when none was chosen), not by a column.
            raise RuleViolation([error("--number" if number is not None else "", (_(
                "Agreement {ref} has no amendment {n}.").format(ref=ag.reference, n=number) if number is not None
                else _("Agreement {ref} has no amendment yet. Record one first (Record amendment…, or vetdesk "
                       "amend).").format(ref=ag.reference)), "amendment.missing")])
        # an amendment is signed now: by the parties as recorded today
        agreement = sheet.gather(SessionReads(session), agreement_id, language=language, for_signature=False,
                                 parties_as_signed=False)
        if found.signed_on is None and not agreement.company.legal_representative.strip() \
                and not agreement.company.in_own_name:  # a natural person signs in their own name
            # For signature, as the agreement itself: the company's block would print a blank name.
            raise RuleViolation([error("company.legal_representative", _(
                "Amendment {ref} cannot be printed for signature: the company's legal representative, who signs "
                "for the company, is not recorded. Record it on the company (Legal representative), then print "
                "again.").format(ref=A.reference(ag.reference, found.number)), "amendment.representative")])
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


def _amendment(session: Session, agreement_id: int, number: int | None) -> AgreementAmendment | None:
    """Amendment ``number`` of the agreement, or its latest when ``number`` is None."""
    stmt = select(AgreementAmendment).where(AgreementAmendment.agreement_id == agreement_id)
    stmt = stmt.where(AgreementAmendment.number == number) if number is not None else \
        stmt.order_by(AgreementAmendment.number.desc()).limit(1)
    return session.scalars(stmt).first()

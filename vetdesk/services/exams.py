"""What exam documents and statistics need, gathered from the database: an apprentice's results per part
(a resit replacing the failed attempt), the final grade, the exam-day list, a result letter, the final
certificate, and pass rates by programme, company and sex.

Writing exams goes through :mod:`vetdesk.services.records` (the kinds ``exams``, ``exam_registrations``,
``conocer_verdicts``, ``school_certificates``); this module only reads, each function in one snapshot, the
role's permission checked by the core.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk import i18n
from vetdesk.domain import normalize
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _
from vetdesk.services.documents import Letterhead, letterhead
from vetdesk.services.exam_results import (  # noqa: F401 - the results' types, as the papers name them
    ApprenticeResults,
    Attempt,
    FinalResult,
    PartResult,
)
from vetdesk.services.exam_results import results_in as _results
from vetdesk.services.exam_rules import outcome_of, weights_of
from vetdesk.services.uow import SYSTEM, Actor, acting, authorize, reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    Apprentice,
    Company,
    ExamRegistration,
    ExamSession,
    LearningAgreement,
)


def results(db: Database, agreement_id: int, *, actor: Actor = SYSTEM) -> ApprenticeResults:
    """An apprentice's exam results on one agreement."""
    authorize(acting(db, actor), "read", "exam_registrations")
    with reading(db) as session:
        agreement = session.get(LearningAgreement, agreement_id)
        if agreement is None:
            raise RuleViolation([error("agreement", _("There is no learning agreement with id {id}. Check the "
                                                      "number (vetdesk list agreements).").format(id=agreement_id),
                                       "ref.missing")])
        return _results(session, agreement)


def letter_results(db: Database, agreement_id: int, *, actor: Actor = SYSTEM) -> ApprenticeResults:
    """The results a result letter tells; refused while no part has a result (a letter saying "these are your
    results" above an empty table tells the apprentice nothing)."""
    who = acting(db, actor)
    authorize(who, "print")
    found = results(db, agreement_id, actor=who)
    if not any(p.attempt.score is not None for p in found.parts):
        raise RuleViolation([error("agreement", _(
            "{name} ({reference}) has no exam result yet; a result letter is printed once a result is recorded. "
            "Type the points of each part of the exam in the apprentice's exam registration (Exams) and save, "
            "then print the letter.").format(name=found.full_name, reference=found.reference),
            "exam.letter_without_results")])
    return found


@dataclass(frozen=True)
class FinalCertificate:
    letterhead: Letterhead
    results: ApprenticeResults
    issued_on: date
    place: str
    #: The people who sign, as the office names them: (name, role).
    signatories: tuple[tuple[str, str], ...]
    signed: str = ""


def final_certificate(db: Database, agreement_id: int, *, signatories: tuple[tuple[str, str], ...] = (),
                      today: date | None = None, actor: Actor = SYSTEM) -> FinalCertificate:
    """The final certificate's content; refused unless the final part was passed."""
    who = acting(db, actor)
    authorize(who, "print")
    found = results(db, agreement_id, actor=who)
    if found.final is None or not found.final.passed:
        raise RuleViolation([error("agreement", _(
            "{name} has not passed the final exam (Part 2) of {programme}; a final certificate is printed only "
            "after a pass. Record the results, or a resit, first.").format(name=found.full_name,
                                                                           programme=found.programme),
            "certificate.not_passed")])
    with reading(db) as session:
        head = letterhead(session)
    return FinalCertificate(head, found, today or date.today(), head.chamber_place, signatories)


@dataclass(frozen=True)
class ExamDayLine:
    registration_id: int
    full_name: str
    curp: str
    company: str
    resit: bool


@dataclass(frozen=True)
class ExamDay:
    letterhead: Letterhead
    exam_id: int
    part: str
    programme: str
    held_on: date
    place: str
    examiners: str
    weights: dict[str, int]
    lines: tuple[ExamDayLine, ...]


def exam_day(db: Database, exam_id: int, *, actor: Actor = SYSTEM) -> ExamDay:
    """The list an officer prints for the exam day: the candidates in name order; refused while no one is
    registered."""
    authorize(acting(db, actor), "print")
    with reading(db) as session:
        exam = session.get(ExamSession, exam_id)
        if exam is None:
            raise RuleViolation([error("exam", _("There is no exam with id {id}. Check the number (vetdesk list "
                                                 "exams).").format(id=exam_id), "ref.missing")])
        rows = session.execute(
            select(ExamRegistration.id, Apprentice.given_names, Apprentice.first_surname, Apprentice.second_surname,
                   Apprentice.curp, Company.name, ExamRegistration.replaces_id)
            .join(LearningAgreement, LearningAgreement.id == ExamRegistration.agreement_id)
            .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
            .join(Company, Company.id == LearningAgreement.company_id)
            .where(ExamRegistration.exam_id == exam_id)
            .order_by(Apprentice.first_surname, Apprentice.second_surname, Apprentice.given_names)).all()
        lines = tuple(ExamDayLine(r[0], normalize.full_name(r[1], r[2], r[3]), r[4], r[5], r[6] is not None)
                      for r in rows)
        if not lines:
            raise RuleViolation([error("exam", _(
                "No apprentice is registered for the exam {name} ({date}); the exam-day list is printed once "
                "candidates are registered. Register them first (Register apprentices… in the exam, or vetdesk "
                "exam register).").format(name=exam.name, date=i18n.current().format_date(exam.held_on)),
                "exam.day_without_candidates")])
        return ExamDay(letterhead(session), exam.id, exam.part, exam.programme.name, exam.held_on,
                       exam.place or "", exam.examiners or "", weights_of(exam), lines)


@dataclass(frozen=True)
class PassRate:
    group: str
    sat: int
    passed: int


def statistics(db: Database, *, by: str, actor: Actor = SYSTEM) -> list[PassRate]:
    """Pass rates of the attempts that count (a failed attempt replaced by a resit is left out), grouped by
    programme, company or sex."""
    authorize(acting(db, actor), "statistics")
    with reading(db) as session:
        regs = list(session.scalars(select(ExamRegistration)))
        replaced = {r.replaces_id for r in regs if r.replaces_id is not None}
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in regs:
            if r.id in replaced:
                continue
            result = outcome_of(r)
            if result is None:
                continue
            ag = r.agreement
            key = (ag.programme.name if by == "programme" else ag.company.name if by == "company"
                   else ag.apprentice.sex)
            groups[key][0] += 1
            groups[key][1] += int(result.passed)
        return [PassRate(k, v[0], v[1]) for k, v in sorted(groups.items())]


def passed_agreements(db: Database, programme_id: int, *, actor: Actor = SYSTEM) -> list[int]:
    """The agreements of a programme whose apprentice passed the final exam (a batch of badges, certificates)."""
    authorize(acting(db, actor), "read", "exam_registrations")
    with reading(db) as session:
        ids = list(session.scalars(select(LearningAgreement.id).where(LearningAgreement.programme_id == programme_id)
                                   .order_by(LearningAgreement.id)))
        out = []
        for agreement in session.scalars(select(LearningAgreement).where(LearningAgreement.id.in_(ids))
                                         .order_by(LearningAgreement.id)):
            final = _results(session, agreement).final
            if final is not None and final.passed:
                out.append(agreement.id)
        return out



# -- registering and resits (the window's and the command line's one way) ------------------------------------

@dataclass(frozen=True)
class CandidateLine:
    """An agreement that may be registered for an exam, as a person picks it."""

    agreement_id: int
    reference: str
    full_name: str
    company: str
    status: str


def candidates(db: Database, exam_id: int, *, actor: Actor = SYSTEM) -> list[CandidateLine]:
    """The agreements of the exam's programme, active or completed, not yet registered for it, in name order
    (the user's scope applies). Whether each is admitted is decided when it is registered."""
    from vetdesk.services import records

    who = acting(db, actor)
    authorize(who, "read", "exam_registrations")
    with reading(db) as session:
        exam = session.get(ExamSession, exam_id)
        if exam is None:
            raise RuleViolation([error("exam", _("There is no exam with id {id}. Check the number (vetdesk list "
                                                 "exams).").format(id=exam_id), "ref.missing")])
        taken = select(ExamRegistration.agreement_id).where(ExamRegistration.exam_id == exam_id)
        rows = session.execute(
            select(LearningAgreement.id, LearningAgreement.reference, Apprentice.given_names,
                   Apprentice.first_surname, Apprentice.second_surname, Company.name, LearningAgreement.status)
            .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
            .join(Company, Company.id == LearningAgreement.company_id)
            .where(LearningAgreement.programme_id == exam.programme_id,
                   LearningAgreement.status.in_(("active", "completed")), LearningAgreement.id.not_in(taken))
            .order_by(Apprentice.first_surname, Apprentice.second_surname, Apprentice.given_names)).all()
    visible = records.get_many(db, "agreements", [r[0] for r in rows], actor=who) if rows else {}
    return [CandidateLine(r[0], r[1], normalize.full_name(r[2], r[3], r[4]), r[5], r[6]) for r in rows
            if r[0] in visible]


@dataclass(frozen=True)
class Refusal:
    """An apprentice an exam did not admit, and why (each admission message)."""

    agreement_id: int
    reference: str
    full_name: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Registered:
    """What registering did: the registrations made (agreement id -> registration id) and who was refused."""

    registrations: dict[int, int]
    refused: tuple[Refusal, ...]


def register(db: Database, exam_id: int, agreement_ids: list[int], *, fee_paid: bool = False,
             actor: Actor = SYSTEM) -> Registered:
    """Register apprentices (by their agreements) for an exam, each in its own unit of work through the
    records' write path, where the admission checks run: an apprentice refused is written nothing and named
    with the messages of the checks it failed; the others are registered."""
    from vetdesk.services import records

    who = acting(db, actor)
    # A role that may not register anyone is refused once, as itself (not as every apprentice's admission).
    authorize(who, records.kind("exam_registrations").permission, "exam_registrations")
    made: dict[int, int] = {}
    refused: list[Refusal] = []
    for agreement_id in agreement_ids:
        try:
            outcome = records.create(db, "exam_registrations", {"exam_id": exam_id, "agreement_id": agreement_id,
                                                                "fee_paid": fee_paid}, actor=who)
        except RuleViolation as exc:
            refused.append(_refusal(db, agreement_id, exc, who))
            continue
        made[agreement_id] = outcome.id
    return Registered(made, tuple(refused))


def _refusal(db: Database, agreement_id: int, exc: RuleViolation, who: Actor) -> Refusal:
    from vetdesk.services import records

    visible = records.get_many(db, "agreements", [agreement_id], actor=who)  # the user's scope: no other name
    with reading(db) as session:
        agreement = session.get(LearningAgreement, agreement_id) if agreement_id in visible else None
        if agreement is None:
            return Refusal(agreement_id, f"#{agreement_id}", "", tuple(p.message for p in exc.problems))
        a = agreement.apprentice
        name = normalize.full_name(a.given_names, a.first_surname, a.second_surname)
        return Refusal(agreement_id, agreement.reference, name,
                       tuple(p.message for p in exc.problems if p.is_error) or tuple(p.message for p in exc.problems))


@dataclass(frozen=True)
class ExamChoice:
    exam_id: int
    name: str
    held_on: date


def resit_exams(db: Database, registration_id: int, *, actor: Actor = SYSTEM) -> list[ExamChoice]:
    """The exams a failed attempt can be resat at: the same programme and part, held after the attempt."""
    authorize(acting(db, actor), "read", "exam_registrations")
    with reading(db) as session:
        reg = _registration(session, registration_id)
        exams = session.scalars(select(ExamSession).where(
            ExamSession.programme_id == reg.exam.programme_id, ExamSession.part == reg.exam.part,
            ExamSession.held_on > reg.exam.held_on).order_by(ExamSession.held_on, ExamSession.id))
        return [ExamChoice(e.id, e.name, e.held_on) for e in exams]


def _registration(session: Session, registration_id: int) -> ExamRegistration:
    reg = session.get(ExamRegistration, registration_id)
    if reg is None:
        raise RuleViolation([error("registration", _("There is no exam registration with id {id}. Check the number "
                                                     "(vetdesk list exam_registrations).").format(id=registration_id),
                                   "ref.missing")])
    return reg


def record_resit(db: Database, registration_id: int, exam_id: int, *, fee_paid: bool = False,
                 actor: Actor = SYSTEM) -> int:
    """Register the apprentice of a failed attempt for a later exam as its resit (the resit replaces the failed
    attempt in the results); the admission checks and the resit rule run on the records' write path. Returns
    the new registration's id."""
    from vetdesk.services import records

    who = acting(db, actor)
    with reading(db) as session:
        agreement_id = _registration(session, registration_id).agreement_id
    return records.create(db, "exam_registrations", {"exam_id": exam_id, "agreement_id": agreement_id,
                                                     "replaces_id": registration_id, "fee_paid": fee_paid},
                          actor=who).id

"""An apprentice's exam results gathered from the database: each part's attempt that counts (a resit replacing
the failed attempt), the final grade, CONOCER verdicts and the school's certificate. Read in the caller's session:
the exam papers (:mod:`vetdesk.services.exams`) and the progress report (:mod:`vetdesk.services.documents`) both
show them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk.domain import exams as E
from vetdesk.domain import normalize
from vetdesk.services.exam_rules import outcome_of, rule_of, weights_of
from vetdesk.storage.models import (
    ConocerVerdict,
    ExamRegistration,
    ExamSession,
    LearningAgreement,
    SchoolCertificate,
)


@dataclass(frozen=True)
class Attempt:
    """One attempt at an exam as documents show it."""

    registration_id: int
    exam_id: int
    part: str
    held_on: date
    points: dict[str, Decimal | None]
    weights: dict[str, int]
    score: Decimal | None
    grade: int | None
    band_word: str | None  # untranslated: the document translates it
    passed: bool | None
    final_weight: int
    resit: bool
    #: The points the exam's weighted score must reach (its pass rule's ``overall``).
    pass_mark: Decimal = Decimal(50)


@dataclass(frozen=True)
class PartResult:
    """The attempt that counts for a part (a resit replaces the failed attempt) and how many were made."""

    part: str
    attempt: Attempt
    attempts: int


@dataclass(frozen=True)
class FinalResult:
    score: Decimal
    grade: int
    band_word: str
    passed: bool


@dataclass(frozen=True)
class ApprenticeResults:
    agreement_id: int
    reference: str
    apprentice_id: int
    full_name: str
    curp: str
    sex: str
    programme_id: int
    programme: str
    programme_code: str
    company: str
    start_date: date
    end_date: date
    parts: tuple[PartResult, ...]
    final: FinalResult | None
    conocer: tuple[tuple[str, str, date, str], ...]  # (standard, verdict, date, certificate number)
    school_certificate: tuple[date, str, Decimal | None] | None


def _attempt(reg: ExamRegistration) -> Attempt:
    result = outcome_of(reg)
    return Attempt(
        registration_id=reg.id, exam_id=reg.exam_id, part=reg.exam.part, held_on=reg.exam.held_on,
        points={name: getattr(reg, name) for name, _l in E.COMPONENTS}, weights=weights_of(reg.exam),
        score=result.score if result else None, grade=result.band.grade if result else None,
        band_word=result.band.word if result else None, passed=result.passed if result else None,
        final_weight=int(reg.exam.final_weight), resit=reg.replaces_id is not None,
        pass_mark=rule_of(reg.exam).overall)


@dataclass(frozen=True)
class ResultRows:
    """What :func:`results_in` reads of an agreement, read beforehand (for many at once: :func:`result_rows`)."""

    registrations: list[ExamRegistration]
    verdicts: list[ConocerVerdict]
    school: SchoolCertificate | None


def result_rows(session: Session, agreements: Sequence[LearningAgreement]) -> dict[int, ResultRows]:
    """:func:`results_in`'s rows of each of ``agreements`` (by id), in three queries for all of them."""
    regs: dict[int, list[ExamRegistration]] = {ag.id: [] for ag in agreements}
    verdicts: dict[int, list[ConocerVerdict]] = {ag.apprentice_id: [] for ag in agreements}
    schools: dict[int, SchoolCertificate] = {}
    ids, people = list(regs), list(verdicts)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for reg in session.scalars(select(ExamRegistration).join(ExamSession)
                                   .where(ExamRegistration.agreement_id.in_(chunk))
                                   .order_by(ExamSession.held_on, ExamRegistration.id)):
            regs[reg.agreement_id].append(reg)
    for chunk in (people[i:i + 500] for i in range(0, len(people), 500)):
        for v in session.scalars(select(ConocerVerdict).where(ConocerVerdict.apprentice_id.in_(chunk))
                                 .order_by(ConocerVerdict.assessed_on, ConocerVerdict.id)):
            verdicts[v.apprentice_id].append(v)
        for c in session.scalars(select(SchoolCertificate).where(SchoolCertificate.apprentice_id.in_(chunk))
                                 .order_by(SchoolCertificate.issued_on.desc())):
            schools.setdefault(c.apprentice_id, c)  # the latest
    return {ag.id: ResultRows(regs[ag.id], verdicts[ag.apprentice_id], schools.get(ag.apprentice_id))
            for ag in agreements}


def results_in(session: Session, agreement: LearningAgreement, rows: ResultRows | None = None
               ) -> ApprenticeResults:
    """An apprentice's exam results on one agreement, read in ``session`` (or from ``rows`` read before)."""
    rows = rows or result_rows(session, [agreement])[agreement.id]
    regs = rows.registrations
    replaced = {r.replaces_id for r in regs if r.replaces_id is not None}
    by_part: dict[str, list[ExamRegistration]] = defaultdict(list)
    for r in regs:
        by_part[r.exam.part].append(r)
    parts: list[PartResult] = []
    for part, _label in E.PARTS:
        attempts = by_part.get(part, [])
        counting = [r for r in attempts if r.id not in replaced]
        if counting:
            parts.append(PartResult(part, _attempt(counting[-1]), len(attempts)))
    final = _final(parts)
    a = agreement.apprentice
    verdicts = tuple((v.standard, v.verdict, v.assessed_on, v.certificate_number or "") for v in rows.verdicts)
    school = rows.school
    return ApprenticeResults(
        agreement_id=agreement.id, reference=agreement.reference, apprentice_id=a.id,
        full_name=normalize.full_name(a.given_names, a.first_surname, a.second_surname), curp=a.curp, sex=a.sex,
        programme_id=agreement.programme_id, programme=agreement.programme.name,
        programme_code=agreement.programme.code, company=agreement.company.name,
        start_date=agreement.start_date, end_date=_training_ended(agreement, final, parts), parts=tuple(parts),
        final=final, conocer=verdicts,
        school_certificate=(school.issued_on, school.number or "", school.average) if school else None)


def _training_ended(agreement: LearningAgreement, final: FinalResult | None, parts: list[PartResult]) -> date:
    """The last day of the training a certificate states: the day it was completed; else, once the final exam is
    passed before the agreement's end, that exam's day (§ 21(2) BBiG: the training ends with the final result,
    not later on the calendar); else the agreement's end."""
    if agreement.completed_on is not None:
        return agreement.completed_on
    if final is not None and final.passed:
        held = max((p.attempt.held_on for p in parts if p.part in E.FINAL_PARTS), default=None)
        if held is not None and held < agreement.end_date:
            return held
    return agreement.end_date


def _final(parts: list[PartResult]) -> FinalResult | None:
    """The final grade: each part's counting score weighted by its share of the final result; passed when the
    final part was passed and the weighted result reaches that part's pass mark (its exam's own pass rule)."""
    final_part = next((p for p in parts if p.part in E.FINAL_PARTS), None)
    if final_part is None or any(p.attempt.score is None for p in parts):
        return None
    scored = [(p.attempt.score, p.attempt.final_weight) for p in parts if p.attempt.score is not None]
    score = E.final_score(scored)
    band = E.band(score)
    passed = bool(final_part.attempt.passed) and score >= final_part.attempt.pass_mark
    return FinalResult(score, band.grade, band.word, passed)

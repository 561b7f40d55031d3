"""The record kinds of chamber exams (sessions, registrations with results, CONOCER verdicts, school
certificates): their fields and what their rules look at, gathered from the database.

:mod:`vetdesk.services.kinds` registers the kinds with these fields and checks, so exams are written through
the records' one write path (one unit of work, audited, a role's scope applied by the core); the rules
themselves are the pure functions of :mod:`vetdesk.domain.exams`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk.domain import exams as E
from vetdesk.domain.identifiers import apprentice_role
from vetdesk.domain.problems import Problem, error, errors
from vetdesk.i18n import N_, _, shown_day
from vetdesk.services.fields import Field
from vetdesk.storage.models import (
    ExamRegistration,
    ExamSession,
    LearningAgreement,
)

_PERCENT: dict[str, Any] = {"minimum": 0, "maximum": 100}
_POINTS: dict[str, Any] = {"minimum": Decimal(0), "maximum": Decimal(100), "places": 1}
VERDICTS = E.VERDICTS

EXAM_FIELDS = (
    Field("name", "text", N_("Exam name"), required=True, max_length=200),
    Field("programme_id", "ref:programmes", N_("Programme"), required=True),
    Field("part", "choice", N_("Exam part"), required=True, choices=E.PARTS),
    Field("held_on", "date", N_("Exam date"), required=True),
    Field("place", "text", N_("Place"), max_length=250),
    Field("examiners", "text", N_("Examiners"), max_length=500),
    Field("weight_written", "int", N_("Weight of the written part (%)"), **_PERCENT),
    Field("weight_practical", "int", N_("Weight of the practical part (%)"), **_PERCENT),
    Field("weight_oral", "int", N_("Weight of the oral part (%)"), **_PERCENT),
    Field("final_weight", "int", N_("Weight in the final grade (%)"), **_PERCENT),
    Field("pass_overall", "int", N_("Points to pass"), **_PERCENT),
    Field("pass_component", "int", N_("Least points in each part"), **_PERCENT),
    Field("min_term_share", "int", N_("Share of the term served (%)"), **_PERCENT),
    Field("fee_required", "bool", N_("Exam fee charged")),
    Field("logbook_until", "date", N_("Weekly reports approved up to")),
    Field("notes", "text", N_("Notes"), max_length=4000, multiline=True),
)

EXAM_DEFAULTS = {"weight_written": 50, "weight_practical": 50, "weight_oral": 0, "final_weight": 50,
                 "pass_overall": 50, "pass_component": 30, "min_term_share": 0, "fee_required": False}

REGISTRATION_FIELDS = (
    Field("exam_id", "ref:exams", N_("Exam"), required=True),
    Field("agreement_id", "ref:agreements", N_("Agreement"), required=True),
    Field("fee_paid", "bool", N_("Fee paid")),
    Field("written", "decimal", N_("Written points"), **_POINTS),
    Field("practical", "decimal", N_("Practical points"), **_POINTS),
    Field("oral", "decimal", N_("Oral points"), **_POINTS),
    Field("replaces_id", "ref:exam_registrations", N_("Resit of attempt")),
    Field("notes", "text", N_("Notes"), max_length=4000, multiline=True),
)

VERDICT_FIELDS = (
    Field("apprentice_id", "ref:apprentices", N_("Apprentice"), required=True),
    Field("standard", "code", N_("EC standard"), required=True, max_length=20),
    Field("verdict", "choice", N_("Verdict"), required=True, choices=VERDICTS),
    Field("assessed_on", "date", N_("Date of the verdict"), required=True),
    Field("evaluator", "text", N_("Evaluator"), max_length=200),
    Field("certificate_number", "text", N_("Certificate number"), max_length=60),
)

SCHOOL_CERTIFICATE_FIELDS = (
    Field("apprentice_id", "ref:apprentices", N_("Apprentice"), required=True),
    Field("school_id", "ref:schools", N_("School")),
    Field("issued_on", "date", N_("Issued on"), required=True),
    Field("number", "text", N_("Certificate number"), max_length=60),
    Field("average", "decimal", N_("Final average (0–10)"), minimum=Decimal(0), maximum=Decimal(10), places=2),
)


# -- what an exam and an attempt say ------------------------------------------------------------------

def weights_of(exam: ExamSession | dict[str, Any]) -> dict[str, int]:
    get = exam.get if isinstance(exam, dict) else lambda n: getattr(exam, n)
    return {name: int(get(f"weight_{name}") or 0) for name, _label in E.COMPONENTS}


def rule_of(exam: ExamSession) -> E.PassRule:
    return E.PassRule(overall=Decimal(exam.pass_overall), component=Decimal(exam.pass_component))


def points_of(reg: ExamRegistration | dict[str, Any]) -> dict[str, Decimal | None]:
    get = reg.get if isinstance(reg, dict) else lambda n: getattr(reg, n)
    return {name: get(name) for name, _label in E.COMPONENTS}


def outcome_of(reg: ExamRegistration) -> E.Outcome | None:
    return E.outcome(points_of(reg), weights_of(reg.exam), rule_of(reg.exam))


#: The user's words for :func:`registration_extra`'s keys.
REGISTRATION_EXTRA_LABELS = {"score": N_("Points"), "grade": N_("Grade"), "band": N_("Result"),
                             "passed": N_("Passed"), "failed_because": N_("Why not passed")}


def registration_extra(reg: ExamRegistration) -> dict[str, Any]:
    """A registration's computed result (read-only keys of its JSON form)."""
    # A record just inserted is read back without its exam (the insert's values only): its result shows
    # when it is next read.
    result = outcome_of(reg) if hasattr(reg, "exam") else None
    if result is None:
        return {"score": None, "grade": None, "band": None, "passed": None, "failed_because": []}
    return {"score": result.score, "grade": result.band.grade, "band": result.band.label(),
            "passed": result.passed, "failed_because": list(result.reasons)}


# -- checks -----------------------------------------------------------------------------------------

def check_exam(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    return E.check_weights(weights_of(values))


def _attempts(session: Session, agreement_id: int, parts: frozenset[str],
              other_than: int | None) -> list[ExamRegistration]:
    stmt = (select(ExamRegistration).join(ExamSession, ExamSession.id == ExamRegistration.exam_id)
            .where(ExamRegistration.agreement_id == agreement_id, ExamSession.part.in_(parts))
            .order_by(ExamSession.held_on, ExamRegistration.id))
    if other_than is not None:
        stmt = stmt.where(ExamRegistration.id != other_than)
    return list(session.scalars(stmt))


def check_registration(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    exam = session.get(ExamSession, values.get("exam_id") or 0)
    agreement = session.get(LearningAgreement, values.get("agreement_id") or 0)
    if exam is None or agreement is None:
        return []
    problems: list[Problem] = []
    if agreement.programme_id != exam.programme_id:
        return [error("agreement_id", _("The agreement is for another programme than the exam. Register the "
                                        "apprentice for an exam of their own programme."), "exam.programme")]
    weights = weights_of(exam)
    labels = dict(E.COMPONENTS)
    for name, weight in weights.items():
        if not weight and values.get(name) is not None:
            problems.append(error(name, _("This exam has no {component} part; leave its points empty.")
                                  .format(component=_(labels[name])), "exam.component"))
    record_id = existing.id if existing is not None else None
    same_part = frozenset({exam.part})
    earlier = _attempts(session, agreement.id, same_part, record_id)
    replaced_ids = {r.replaces_id for r in earlier if r.replaces_id is not None}
    failed_open = [r for r in earlier if r.id not in replaced_ids and r.exam.held_on <= exam.held_on
                   and (o := outcome_of(r)) is not None and not o.passed]
    replaces = values.get("replaces_id")
    if replaces is not None:
        old = session.get(ExamRegistration, replaces)
        result = outcome_of(old) if old is not None else None
        if old is None or old.agreement_id != agreement.id or old.exam.part != exam.part:
            problems.append(error("replaces_id", _("A resit replaces an attempt of the same apprentice at the same "
                                                   "part of the exam. Choose that attempt."), "resit.other"))
        elif result is None or result.passed:
            problems.append(error("replaces_id", _("Only a failed attempt can be resat; attempt {id} is not "
                                                   "failed.").format(id=old.id), "resit.not_failed"))
    elif existing is None and failed_open:
        first = failed_open[-1]
        problems.append(error("replaces_id", _(
            "{apprentice} failed this part on {date} (attempt {id}). Register the new attempt as a resit of "
            "attempt {id}.").format(apprentice=apprentice_role(agreement.apprentice.sex or ""),
                                    date=shown_day(first.exam.held_on), id=first.id), "resit.missing"))
    if existing is None and not errors(problems):
        already = session.scalar(select(ExamRegistration.id).where(
            ExamRegistration.exam_id == exam.id, ExamRegistration.agreement_id == agreement.id)) is not None
        passed = any((o := outcome_of(r)) is not None and o.passed for r in earlier)
        first_taken = any(outcome_of(r) is not None for r in _attempts(session, agreement.id, E.FIRST_PARTS, None))
        rules = E.AdmissionRules(part=exam.part, held_on=exam.held_on, min_term_share=exam.min_term_share,
                                 fee_required=bool(exam.fee_required), logbook_until=exam.logbook_until)
        candidate = E.Candidate(agreement_status=agreement.status, start=agreement.start_date,
                                end=agreement.end_date, completed_on=agreement.completed_on,
                                fee_paid=bool(values.get("fee_paid")), first_part_taken=first_taken,
                                already_registered=already, already_passed=passed,
                                logbook_missing=logbook_missing(session, agreement, exam.logbook_until)
                                if exam.logbook_until is not None else 0, sex=agreement.apprentice.sex or "")
        problems += E.admission_problems(rules, candidate)
    return problems


def logbook_missing(session: Session, agreement: LearningAgreement, until: date) -> int:
    """How many weeks of the agreement's training that ended by ``until`` have no weekly report handed in and
    approved (the week ``until`` falls in counts once it is over)."""
    from vetdesk.domain.logbook import Gap
    from vetdesk.services.logbook_record import week_lines

    state, _lines, _attendance = week_lines(session, agreement, until + timedelta(days=1), 0, last=until)
    return sum(1 for week in state.weeks if week.state not in (Gap.APPROVED, Gap.OPEN))


def check_verdict(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    on = values.get("assessed_on")
    if isinstance(on, date) and on > today:
        return [error("assessed_on", _("The verdict's date lies in the future. Give the day CONOCER issued "
                                       "it."), "conocer.future")]
    return []


def check_school_certificate(session: Session, values: dict[str, Any], existing: Any,
                             today: date) -> list[Problem]:
    on = values.get("issued_on")
    if isinstance(on, date) and on > today:
        return [error("issued_on", _("The certificate's date lies in the future. Give the day the school "
                                     "issued it."), "school_certificate.future")]
    return []


# -- an instructor's rows ---------------------------------------------------------------------------

def own_registrations(instructor_id: int) -> Any:
    return ExamRegistration.agreement_id.in_(
        select(LearningAgreement.id).where(LearningAgreement.instructor_id == instructor_id))


def own_apprentice_rows(model: Any) -> Any:
    def rows(instructor_id: int) -> Any:
        return model.apprentice_id.in_(select(LearningAgreement.apprentice_id).where(
            LearningAgreement.instructor_id == instructor_id))
    return rows


"""What belongs to a record, for its form to show with the actions on it: an apprentice's learning agreements
and their assessments and feedback, newest first. Read with the signed-in user's rights (an instructor opens
only their apprentices, and sees only their agreements)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from vetdesk.i18n import _
from vetdesk.services import assessments, records
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import LearningAgreement

#: What the lists shown beside a kind's record read, by the record's kind: a change to a record of one of these
#: kinds may change what an open record lists (an apprentice's agreement printed or signed elsewhere). An
#: apprentice's lists name its agreements (their status and company), the assessments and feedback on them (each
#: with its competency, on its programme's scale), the agreements' files (kept as the agreements' changes), and
#: its exams, registrations, CONOCER verdicts and school certificates.
SHOWN_BESIDE: dict[str, frozenset[str]] = {
    "apprentices": frozenset({"agreements", "companies", "assessments", "feedback", "competencies", "programmes",
                              "exams", "exam_registrations", "conocer_verdicts", "school_certificates"}),
    # A rotation plan's record names the agreements drawn up with it (its version's usage).
    "rotation_plans": frozenset({"agreements"}),
}


def shown_beside(kind: str) -> frozenset[str]:
    """The kinds the lists beside a record of ``kind`` read (:data:`SHOWN_BESIDE`); none for most kinds."""
    return SHOWN_BESIDE.get(kind, frozenset())


@dataclass(frozen=True)
class Belonging:
    """One line under a record: which record it is (kind, id), when, and what it says."""

    kind: str
    record_id: int
    on: date | None
    text: str


@dataclass(frozen=True)
class ApprenticeBelongings:
    agreements: list[Belonging]
    #: Assessments and feedback on the agreements, newest first.
    events: list[Belonging]
    #: Files kept with the agreements (scanned signed copies), newest first; opened by attachment id.
    documents: list[Belonging]
    #: The agreement the apprentice's reports are about (``documents.current_agreement``), if the user may read
    #: it: the one the record's actions rate.
    current_agreement: int | None


def rated_by(role: str | None) -> str:
    """Who gave a rating, by role, as the progress report says it ("by: instructor", "by: self-assessment")."""
    from vetdesk.services.fields import choice_label

    return _("by: {role}").format(role=choice_label(role or "instructor"))


def of_apprentice(db: Database, apprentice_id: int) -> ApprenticeBelongings:
    """The apprentice's agreements, the assessments and feedback on them, and their files (newest first)."""
    records.get(db, "apprentices", apprentice_id)  # the same right as reading the apprentice
    with reading(db) as session:
        ids = list(session.scalars(select(LearningAgreement.id).where(
            LearningAgreement.apprentice_id == apprentice_id).order_by(LearningAgreement.start_date.desc())))
    found = records.get_many(db, "agreements", ids) if ids else {}  # the user's scope applies
    companies = references_names(db, "companies", sorted({a["company_id"] for a in found.values()}))
    from vetdesk.domain.lifecycle import status_label

    agreements = [Belonging("agreements", i, found[i]["start_date"],
                            " · ".join(p for p in (found[i].get("reference") or f"#{i}",
                                                   status_label(found[i]["status"]),
                                                   companies.get(found[i]["company_id"], "")) if p))
                  for i in ids if i in found]
    events = [Belonging("assessments" if e.kind != "feedback" else "agreements",
                        e.record_id if e.kind != "feedback" else e.agreement_id, e.on,
                        e.summary if e.kind == "feedback" else f"{e.summary} ({rated_by(e.role)})")
              for e in assessments.timeline(db, apprentice_id) if e.agreement_id in found]
    events.sort(key=lambda b: (b.on or date.min), reverse=True)
    from vetdesk.services import attachments

    references = {i: found[i].get("reference") or f"#{i}" for i in found}
    documents = [Belonging("attachments", a["id"], a["added_at"].date() if a["added_at"] else None,
                           f"{a['filename']} · {references[a['agreement_id']]}")
                 for a in reversed(attachments.of_agreements(db, list(found)))]
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services.documents import current_agreement_id

    try:
        current: int | None = current_agreement_id(db, apprentice_id)  # the one its reports are about
    except RuleViolation:
        current = None
    return ApprenticeBelongings(agreements, events, documents, current if current in found else None)


def references_names(db: Database, kind: str, ids: list[int]) -> dict[int, str]:
    from vetdesk.services import references

    return references.display_names(db, kind, ids) if ids else {}


def outcomes_of_apprentice(db: Database, apprentice_id: int) -> list[Belonging]:
    """The apprentice's exam attempts (with points, grade, band and verdict), CONOCER verdicts and school
    certificates, newest first; read with the signed-in user's rights."""
    from vetdesk.domain import exams as E
    from vetdesk.i18n import _, current
    from vetdesk.services.exam_rules import VERDICTS
    from vetdesk.storage.models import ConocerVerdict, ExamRegistration, SchoolCertificate

    records.get(db, "apprentices", apprentice_id)  # the same right as reading the apprentice
    with reading(db) as session:
        reg_ids = list(session.scalars(select(ExamRegistration.id).join(
            LearningAgreement, LearningAgreement.id == ExamRegistration.agreement_id).where(
            LearningAgreement.apprentice_id == apprentice_id)))
        verdict_ids = list(session.scalars(select(ConocerVerdict.id).where(
            ConocerVerdict.apprentice_id == apprentice_id)))
        certificate_ids = list(session.scalars(select(SchoolCertificate.id).where(
            SchoolCertificate.apprentice_id == apprentice_id)))
    out: list[Belonging] = []
    regs = records.get_many(db, "exam_registrations", reg_ids) if reg_ids else {}
    exams = records.get_many(db, "exams", sorted({r["exam_id"] for r in regs.values()})) if regs else {}
    parts = dict(E.PARTS)
    for reg_id, reg in regs.items():
        exam = exams.get(reg["exam_id"], {})
        words = [exam.get("name") or f"#{reg['exam_id']}", _(parts.get(exam.get("part", ""), ""))]
        if reg.get("replaces_id"):
            words.append(_("resit"))
        if reg.get("score") is not None:
            words.append(_("{score} points, grade {grade} ({band})").format(
                score=current().format_decimal(reg["score"], "0.0"), grade=reg["grade"], band=reg["band"]))
            words.append(_("passed") if reg["passed"] else _("not passed"))
        else:
            words.append(_("registered, no result yet"))
        out.append(Belonging("exam_registrations", reg_id, exam.get("held_on"), " · ".join(w for w in words if w)))
    verdict_words = dict(VERDICTS)
    for verdict_id, v in (records.get_many(db, "conocer_verdicts", verdict_ids) if verdict_ids else {}).items():
        words = ["CONOCER " + v["standard"], _(verdict_words.get(v["verdict"], v["verdict"]))]
        if v.get("certificate_number"):
            words.append(_("certificate {number}").format(number=v["certificate_number"]))
        out.append(Belonging("conocer_verdicts", verdict_id, v["assessed_on"], " · ".join(words)))
    for cert_id, c in (records.get_many(db, "school_certificates", certificate_ids) if certificate_ids
                       else {}).items():
        words = [_("School certificate")]
        if c.get("number"):
            words.append(_("certificate {number}").format(number=c["number"]))
        if c.get("average") is not None:
            words.append(_("average {value}").format(value=current().format_decimal(c["average"], "0.00")))
        out.append(Belonging("school_certificates", cert_id, c["issued_on"], " · ".join(words)))
    out.sort(key=lambda b: (b.on or date.min, b.record_id), reverse=True)
    return out

"""What belongs to a record, for its form to show with the actions on it: an apprentice's learning agreements
and their assessments and feedback, newest first. Read with the signed-in user's rights (an instructor opens
only their apprentices, and sees only their agreements)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from vetdesk.services import assessments, records
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import LearningAgreement


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
                        e.record_id if e.kind != "feedback" else e.agreement_id, e.on, e.summary)
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

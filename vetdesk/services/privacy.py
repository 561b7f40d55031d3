"""Anonymising the records of apprentices whose training ended long ago (Mexican data-protection law).

One step, audited: names, identifiers, contact data, guardian data and address are replaced; the birth
date keeps only its year (for age statistics); attachments (scanned agreements, weekly reports' files) are
deleted; personal values inside earlier audit entries of those records (and the names files were attached
under) are redacted — the one case where the app rewrites its audit trail, because keeping the data there
would defeat the erasure.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, or_, select

from vetdesk.domain.bounds import ANONYMISE_YEARS, number_problem
from vetdesk.domain.dates import add_months
from vetdesk.domain.lifecycle import Status
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.i18n import _
from vetdesk.services.uow import SYSTEM, Actor, acting, authorize, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    Apprentice,
    Attachment,
    AuditEntry,
    FeedbackNote,
    LearningAgreement,
    LogbookWeek,
    WeekAttachment,
)

PERSONAL_FIELDS = ("curp", "given_names", "first_surname", "second_surname", "email", "phone", "address", "nss",
                   "guardian_name", "guardian_relation", "guardian_phone", "guardian_email",
                   "guardian_id_document", "birth_date", "name")
REDACTED = "***"


def years_problems(years: int) -> list[Problem]:
    """Why ``years`` cannot be the age after which ended records are anonymised (a whole number of years)."""
    problem = number_problem("years", _("Years since the training ended"), years, minimum=ANONYMISE_YEARS[0],
                             maximum=ANONYMISE_YEARS[1])
    return [problem] if problem is not None else []


def candidates(db: Database, *, years: int, today: date | None = None) -> list[int]:
    """Apprentices all of whose agreements ended (completed or terminated) more than ``years`` ago."""
    problems = years_problems(years)
    if problems:
        raise RuleViolation(problems)
    today = today or date.today()
    cutoff = add_months(today, -12 * years)
    ended = func.coalesce(LearningAgreement.completed_on, LearningAgreement.terminated_on, LearningAgreement.end_date)
    with db.reader() as session:
        still_relevant = select(LearningAgreement.apprentice_id).where(or_(
            LearningAgreement.status.not_in([Status.COMPLETED.value, Status.TERMINATED.value]), ended >= cutoff))
        ids = session.scalars(select(Apprentice.id).where(
            Apprentice.id.in_(select(LearningAgreement.apprentice_id)),
            Apprentice.id.not_in(still_relevant),
            Apprentice.anonymised.is_(False))).all()
    return list(ids)


def office_minimum_problems(db: Database, years: int) -> list[Problem]:
    """Why ``years`` is below the office's own setting (the minimum it keeps ended records): erasing is
    irreversible, so a command line cannot shorten what the office decided; an administrator changes the
    setting first (itself audited)."""
    from vetdesk.services.settings import office_settings

    minimum = int(office_settings(db)["anonymise_after_years"])
    if years >= minimum:
        return []
    return [error("years", _("Years since the training ended: the office keeps ended records for {minimum} years; "
                             "{years} is fewer. Change the office setting first if that is really meant.")
                  .format(minimum=minimum, years=years), "privacy.minimum")]


def anonymise_ended(db: Database, *, years: int, today: date | None = None, actor: Actor = SYSTEM) -> int:
    authorize(acting(db, actor), "settings")
    if years_problems(years):
        raise RuleViolation(years_problems(years))
    if office_minimum_problems(db, years):
        raise RuleViolation(office_minimum_problems(db, years))
    ids = candidates(db, years=years, today=today)
    if not ids:
        return 0
    with unit_of_work(db, _("Anonymise ended records"), actor, permission="settings") as uow:
        s = uow.session
        for apprentice in s.scalars(select(Apprentice).where(Apprentice.id.in_(ids))):
            token = hashlib.sha256(f"{apprentice.id_country}:{apprentice.curp}".encode()).hexdigest()[:16].upper()
            apprentice.curp = f"ANON{token}"[:30]
            apprentice.given_names = _("Anonymised")
            apprentice.first_surname = f"#{apprentice.id}"
            apprentice.second_surname = None
            apprentice.birth_date = date(apprentice.birth_date.year, 1, 1)
            for name in ("email", "phone", "address", "nss", "guardian_name", "guardian_relation", "guardian_phone",
                         "guardian_email", "guardian_id_document", "medical_certificate_date"):
                setattr(apprentice, name, None)
            apprentice.search_text = ""
            apprentice.anonymised = True
            apprentice.version += 1
            apprentice.updated_at = utcnow()
        agreement_ids = list(s.scalars(select(LearningAgreement.id).where(LearningAgreement.apprentice_id.in_(ids))))
        # A DELETE's result is a CursorResult (Session.execute is typed as returning the plain Result).
        deleted = s.execute(delete(Attachment).where(Attachment.agreement_id.in_(agreement_ids)))
        removed = cast("CursorResult[Any]", deleted).rowcount
        # The files of their weekly reports (photos may show the apprentice), and the names they were attached under.
        weeks = select(LogbookWeek.id).where(LogbookWeek.agreement_id.in_(agreement_ids))
        deleted = s.execute(delete(WeekAttachment).where(WeekAttachment.week_id.in_(weeks)))
        removed += cast("CursorResult[Any]", deleted).rowcount
        for entry in s.scalars(select(AuditEntry).where(AuditEntry.kind == "logbook", AuditEntry.record_id.in_(weeks),
                                                        AuditEntry.action.in_(["attach", "detach"]))):
            entry.changes = {side: {k: (REDACTED if k == "filename" else v) for k, v in values.items()}
                             if isinstance(values, dict) else values for side, values in entry.changes.items()}
        s.execute(delete(FeedbackNote).where(FeedbackNote.agreement_id.in_(agreement_ids)))
        for entry in s.scalars(select(AuditEntry).where(AuditEntry.kind == "apprentices",
                                                        AuditEntry.record_id.in_(ids))):
            entry.changes = {side: {k: (REDACTED if k in PERSONAL_FIELDS else v) for k, v in values.items()}
                             if isinstance(values, dict) else values  # a status change's role
                             for side, values in entry.changes.items()}
        uow.audit(kind="apprentices", record_id=None, action="anonymise",
                  after={"apprentices": len(ids), "attachments_removed": removed, "years": years})
    return len(ids)
